"""``python -m linkaudit``."""

from linkaudit.cli import main

# guarded: worker processes (spawned for --jobs) import this module as __mp_main__
if __name__ == "__main__":
    main()
