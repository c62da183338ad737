"""linkaudit: who each claim in an article rests on, and whether its links still lead there.

    import linkaudit
    report = linkaudit.audit("article.md", linkaudit.AuditOptions(offline=True))
"""

from __future__ import annotations

__version__ = "0.1.0"

from linkaudit.audit import AuditOptions, AuditRun, audit, audit_paths

__all__ = ["AuditOptions", "AuditRun", "__version__", "audit", "audit_paths"]
