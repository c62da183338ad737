"""linkaudit: who each claim in an article rests on, and whether its links still lead there.

    import linkaudit
    report = linkaudit.audit("article.md", linkaudit.AuditOptions(offline=True))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkaudit.lazy import exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from linkaudit.audit import AuditOptions, AuditRun, audit, audit_paths

__all__ = ["AuditOptions", "AuditRun", "__version__", "audit", "audit_paths"]

# the orchestration on first use: importing any linkaudit module (the CLI, the model, a
# renderer) would otherwise import every stage, the link checker's HTTP stack included
__getattr__, __dir__ = exports(
    __name__,
    globals(),
    dict.fromkeys(["AuditOptions", "AuditRun", "audit", "audit_paths"], "linkaudit.audit"),
)
