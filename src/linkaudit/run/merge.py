"""``linkaudit merge``: the shards of one run (``--shard i/n``) joined into one run report.

Every shard audits every document but checks only the links of its own domains; the others
it reports "unchecked", noting the shard they were left to. Merging takes, for each link, the
version of the shard that checked it — status, check, failure history, archived copy — and
that link's findings from the same shard; findings about claims alone come from the first
report. The reports of a document must agree on its content (its sha256).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from linkaudit.errors import ReportError
from linkaudit.findings import ordered
from linkaudit.model import Finding, Link, Report
from linkaudit.run.stream import SHARD_NOTE


def _left_to_other(link: Link) -> bool:
    return link.check is not None and (link.check.detail or "").startswith(SHARD_NOTE)


def merge_reports(runs: Iterable[Sequence[Report]]) -> list[Report]:
    """One report per document, in first-seen order, from the shards' reports."""
    versions: dict[str, list[Report]] = {}
    for run in runs:
        for report in run:
            versions.setdefault(report.document.path, []).append(report)
    return [_merge(path, found) for path, found in versions.items()]


def _merge(path: str, found: list[Report]) -> Report:
    base = found[0]
    for other in found[1:]:
        if other.document.sha256 != base.document.sha256 or len(other.links) != len(base.links):
            raise ReportError(f"{path}: the shards' reports are of different contents")
    links: list[Link] = []
    owners: dict[str, Report] = {}
    for i, link in enumerate(base.links):
        owner = next((r for r in found if not _left_to_other(r.links[i])), base)
        links.append(owner.links[i])
        owners[link.id] = owner
    findings: list[Finding] = [f for f in base.findings if f.link is None]
    seen = set(findings)
    for link in links:
        for finding in owners[link.id].findings:
            if finding.link == link.id and finding not in seen:
                seen.add(finding)
                findings.append(finding)
    return replace(base, links=tuple(links), findings=tuple(ordered(findings)))
