"""Findings: what in a report a person may have to act on, and which of them fail a run.

Each rule has a stable id (LA001...), a default severity and a short name that ``--fail-on``
and the baseline use. Chrome links (bylines, tag lists, footers) never raise above a note: a
lost byline link is not a broken citation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from linkaudit.model import Claim, Document, Finding, Link, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str  # what --fail-on and config files call it
    severity: Severity
    title: str  # one line, for SARIF rules and help
    help: str


RULES: tuple[Rule, ...] = (
    Rule(
        "LA001",
        "missing-target",
        "error",
        "Link has lost its target",
        "The link's href is empty, '#' or javascript:, so the citation leads nowhere. "
        "Restore the original URL (linkaudit can recover it with --original).",
    ),
    Rule(
        "LA002",
        "dead",
        "error",
        "Link is dead",
        "The target answered 404/410, its host does not exist, or it kept failing over the "
        "configured span. Replace it, or point to an archived copy.",
    ),
    Rule(
        "LA003",
        "soft-404",
        "error",
        "Link is a soft 404",
        "The server answers 200 but the page says it was not found (or a deep link lands on "
        "the home page).",
    ),
    Rule(
        "LA004",
        "failing",
        "warning",
        "Link is failing",
        "The target failed with a transient error; it becomes dead only after failing in "
        "several checks spread over the configured span.",
    ),
    Rule(
        "LA005",
        "unreachable",
        "warning",
        "Link could not be checked",
        "Timeout or connection/protocol error in this run, with no history to judge it by.",
    ),
    Rule(
        "LA006",
        "blocked",
        "note",
        "Link is blocked for automated checks",
        "401/403/999 or a bot wall; a person should check it in a browser.",
    ),
    Rule(
        "LA007",
        "rate-limited",
        "note",
        "Link was rate-limited",
        "The host kept answering 429 within the retry budget.",
    ),
    Rule(
        "LA008",
        "redirected",
        "note",
        "Link moved permanently",
        "The target redirects permanently; update the link to the final URL.",
    ),
    Rule(
        "LA009",
        "no-archive",
        "warning",
        "No archived copy of a dead link",
        "The archives answered and hold no copy of this dead link; the citation may be lost "
        "for good.",
    ),
    Rule(
        "LA010",
        "state-media-only",
        "warning",
        "Claim rests only on state media",
        "The claim's only source is a state-controlled outlet.",
    ),
    Rule(
        "LA011",
        "unsourced-quote",
        "warning",
        "Quote without an identifiable source",
        "The sentence quotes someone but names no source.",
    ),
    Rule(
        "LA012",
        "quote-not-found",
        "warning",
        "Quoted words not found on the linked page",
        "The quote could not be found on the linked page or its archived copy.",
    ),
    Rule(
        "LA013",
        "recovered-target",
        "note",
        "Lost link target recovered",
        "The link's target was recovered from the original article by its anchor text.",
    ),
    Rule(
        "LA014",
        "malformed-url",
        "error",
        "Link is not a valid URL",
        "The href cannot be parsed as a URL (bad IPv6 literal, port out of range, white space "
        "in the host, no host); the citation leads nowhere until it is corrected.",
    ),
    Rule(
        "LA015",
        "archive-unavailable",
        "warning",
        "Archives could not be asked about a dead link",
        "The archive services timed out, refused or failed (5xx), so whether a copy of this "
        "dead link exists is unknown; run again later.",
    ),
)
RULES_BY_NAME = {r.name: r for r in RULES}
MALFORMED = "malformed URL"  # how a link's detail starts when its href is not a URL
RULES_BY_ID = {r.id: r for r in RULES}
SEVERITY_RANK: dict[Severity, int] = {"note": 0, "warning": 1, "error": 2}

STATUS_RULES = {
    "missing-target": "missing-target",
    "dead": "dead",
    "soft-404": "soft-404",
    "failing": "failing",
    "timeout": "unreachable",
    "error": "unreachable",
    "blocked": "blocked",
    "rate-limited": "rate-limited",
    "redirected": "redirected",
}


def _finding(
    rule_name: str,
    message: str,
    doc: Document,
    start: int,
    *,
    claim: str | None = None,
    link: str | None = None,
    chrome: bool = False,
) -> Finding:
    rule = RULES_BY_NAME[rule_name]
    severity: Severity = "note" if chrome else rule.severity
    return Finding(
        rule=rule.id,
        severity=severity,
        message=message,
        claim=claim,
        link=link,
        line=doc.line_at(start),
        column=doc.column_at(start),
    )


def link_findings(
    doc: Document, links: Sequence[Link], *, archive_looked_up: bool
) -> list[Finding]:
    """Findings about links: one per link whose status needs a person, plus archive gaps."""
    out: list[Finding] = []
    for link in links:
        chrome = link.role == "chrome"
        where = f"'{_short(link.anchor)}'"
        rule_name = STATUS_RULES.get(link.status)
        if link.check is not None and (link.check.detail or "").startswith(MALFORMED):
            rule_name = "malformed-url"
        if rule_name is not None:
            detail = link.check.detail if link.check and link.check.detail else None
            msg = _status_message(link, where, detail)
            out.append(
                _finding(
                    rule_name, msg, doc, link.start, claim=link.claim, link=link.id, chrome=chrome
                )
            )
        if link.recovered_from:
            out.append(
                _finding(
                    "recovered-target",
                    f"Link {where}: target recovered as {link.url} ({link.recovered_from})",
                    doc,
                    link.start,
                    claim=link.claim,
                    link=link.id,
                )
            )
        if archive_looked_up and link.status == "dead" and not chrome:
            # LA009 only when the archives said "no copy": an outage is not an answer
            if link.archive_state == "none":
                out.append(
                    _finding(
                        "no-archive",
                        f"Dead link {where} ({link.url}) has no archived copy",
                        doc,
                        link.start,
                        claim=link.claim,
                        link=link.id,
                    )
                )
            elif link.archive_state == "unavailable":
                why = f": {link.archive_detail}" if link.archive_detail else ""
                out.append(
                    _finding(
                        "archive-unavailable",
                        f"Dead link {where} ({link.url}): the archives could not be asked{why}",
                        doc,
                        link.start,
                        claim=link.claim,
                        link=link.id,
                    )
                )
    return out


def _status_message(link: Link, where: str, detail: str | None) -> str:
    suffix = f": {detail}" if detail else ""
    if link.status == "missing-target":
        return f"Link {where} has lost its target (href '{link.href}')"
    if link.status == "redirected" and link.check and link.check.final_url:
        return f"Link {where} moved permanently to {link.check.final_url}"
    if link.status == "failing" and link.check and link.check.failures:
        f = link.check.failures
        return (
            f"Link {where} ({link.url}) is failing{suffix} — {f.count} failed check(s) "
            f"since {f.first}"
        )
    archived = f"; archived copy: {link.archive.url}" if link.archive else ""
    return f"Link {where} ({link.url}) is {link.status}{suffix}{archived}"


def claim_findings(
    doc: Document, claims: Sequence[Claim], quote_misses: Iterable[str] = ()
) -> list[Finding]:
    """Findings about claims: state-media-only, unsourced quotes, quotes not on the page."""
    out: list[Finding] = []
    misses = set(quote_misses)
    for claim in claims:
        text = _short(claim.text, 80)
        if claim.basis == "state-media":
            out.append(
                _finding(
                    "state-media-only",
                    f"Claim rests only on state media: “{text}”",
                    doc,
                    claim.start,
                    claim=claim.id,
                )
            )
        if claim.basis == "unsourced" and claim.quote:
            out.append(
                _finding(
                    "unsourced-quote",
                    f"Quote with no identifiable source: “{_short(claim.quote, 80)}”",
                    doc,
                    claim.start,
                    claim=claim.id,
                )
            )
        if claim.id in misses:
            out.append(
                _finding(
                    "quote-not-found",
                    f"Quoted words not found on the linked page: “{_short(claim.quote or '', 80)}”",
                    doc,
                    claim.start,
                    claim=claim.id,
                )
            )
    return out


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- fail-on and baseline


def parse_fail_on(values: Iterable[str]) -> frozenset[str]:
    """Rule ids selected by ``--fail-on`` names: rule names, rule ids, severities, or 'none'.

    A severity selects every rule at or above it ('warning' = warnings and errors).
    Raises ValueError naming the bad value.
    """
    selected: set[str] = set()
    for raw in values:
        for value in (v.strip() for v in raw.split(",")):
            if not value:
                continue
            if value == "none":
                continue
            if value in SEVERITY_RANK:
                floor = SEVERITY_RANK[value]
                selected |= {r.id for r in RULES if SEVERITY_RANK[r.severity] >= floor}
            elif value in RULES_BY_NAME:
                selected.add(RULES_BY_NAME[value].id)
            elif value.upper() in RULES_BY_ID:
                selected.add(value.upper())
            else:
                names = ", ".join(r.name for r in RULES)
                raise ValueError(
                    f"unknown --fail-on value {value!r} (use error, warning, note, "
                    f"none, or one of: {names})"
                )
    return frozenset(selected)


def failing_findings(findings: Iterable[Finding], fail_on: frozenset[str]) -> list[Finding]:
    """The findings that fail the run: selected by rule and at error/warning severity.

    A rule selected by name still fails only where it was not downgraded to a note (chrome).
    """
    return [f for f in findings if f.rule in fail_on and f.severity != "note"]


def legacy_fingerprint(
    doc_path: str, finding: Finding, links: Mapping[str, Link], claims: Mapping[str, Claim]
) -> str:
    """The key baselines written before ``Finding.fingerprint`` existed used; still honoured.

    Keyed on the rule, the document path as typed and the link's URL and anchor or the
    claim's text. ``links`` and ``claims`` are by id: a lookup per finding, not a search.
    """
    subject = ""
    if finding.link is not None:
        link = links.get(finding.link)
        if link is not None:
            subject = f"{link.url or ''}|{' '.join(link.anchor.split())}"
    elif finding.claim is not None:
        claim = claims.get(finding.claim)
        if claim is not None:
            subject = " ".join(claim.text.split())
    digest = hashlib.sha256(f"{finding.rule}|{doc_path}|{subject}".encode()).hexdigest()
    return digest[:24]


def drop_baselined(
    doc_path: str,
    findings: Sequence[Finding],
    links: Sequence[Link],
    claims: Sequence[Claim],
    baseline: frozenset[str],
) -> tuple[list[Finding], list[Finding]]:
    """Findings not accepted by the baseline, and those it accepted.

    A finding is accepted by its fingerprint, or by the key older baselines used. With no
    baseline nothing is accepted, and nothing is hashed or indexed to find that out.
    """
    if not baseline:
        return list(findings), []
    links_by_id = {k.id: k for k in links}
    claims_by_id = {c.id: c for c in claims}
    kept: list[Finding] = []
    dropped: list[Finding] = []
    for f in findings:
        accepted = f.fingerprint in baseline or (
            legacy_fingerprint(doc_path, f, links_by_id, claims_by_id) in baseline
        )
        (dropped if accepted else kept).append(f)
    return kept, dropped


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: by line, column, then rule."""
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0, f.rule))
