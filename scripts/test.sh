#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests need on a fresh
# machine — a virtualenv with the package and its dev tools, and Debian's Chromium for the HTML
# report test — then runs the linters, the type checker and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'

# The browser test needs a real headless Chromium; install Debian's when we can (root, apt).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for the HTML report test..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
    >/tmp/linkaudit-apt.log 2>&1 || echo "chromium install failed (see /tmp/linkaudit-apt.log); browser test will skip"
fi

.venv/bin/ruff check src tests bench
.venv/bin/mypy
export LINKAUDIT_INSTALL_BROWSER=1
.venv/bin/python -m pytest -q "$@"
