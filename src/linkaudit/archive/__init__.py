"""Stage "archive": find, choose and create archived copies; recover lost link targets.

Public API: ``ArchiveEndpoints``, ``ArchiveOptions``, ``find_copies``, ``save_live``,
``SaveOutcome``, ``recover_targets``, ``quote_found``, ``html_to_text``; and
``lookup_copies`` / ``CopyLookup`` when "no capture" must be told apart from an outage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkaudit.lazy import exports

if TYPE_CHECKING:
    from linkaudit.archive.lookup import CopyLookup, find_copies, lookup_copies
    from linkaudit.archive.options import ArchiveEndpoints, ArchiveOptions
    from linkaudit.archive.quotes import html_to_text, quote_found
    from linkaudit.archive.recover import recover_targets
    from linkaudit.archive.save import SaveOutcome, save_live


__all__ = [
    "ArchiveEndpoints",
    "ArchiveOptions",
    "CopyLookup",
    "SaveOutcome",
    "find_copies",
    "html_to_text",
    "lookup_copies",
    "quote_found",
    "recover_targets",
    "save_live",
]

__getattr__, __dir__ = exports(
    __name__,
    globals(),
    {
        "ArchiveEndpoints": "linkaudit.archive.options",
        "ArchiveOptions": "linkaudit.archive.options",
        "CopyLookup": "linkaudit.archive.lookup",
        "SaveOutcome": "linkaudit.archive.save",
        "find_copies": "linkaudit.archive.lookup",
        "html_to_text": "linkaudit.archive.quotes",
        "lookup_copies": "linkaudit.archive.lookup",
        "quote_found": "linkaudit.archive.quotes",
        "recover_targets": "linkaudit.archive.recover",
        "save_live": "linkaudit.archive.save",
    },
)
