"""Hand-built Report objects for renderer tests, with fixed times so golden files are stable.

``rich_report()`` holds every basis, every link status, archive copies (one saved now), every
kind of finding field, a multi-sentence quote, non-ASCII text and HTML-special characters
(``<script>``) in a claim, to prove each format escapes. ``bare_report()`` has no document text
(an HTML report must then list the claims) and no findings. Offsets are computed from the text,
so spans are always right.
"""

from __future__ import annotations

from linkaudit.model import (
    ArchiveCopy,
    Basis,
    Claim,
    CueKind,
    DocumentInfo,
    FailureHistory,
    Finding,
    Link,
    LinkCheck,
    LinkStatus,
    Redirect,
    Report,
    Role,
    Severity,
    Source,
)

GENERATED_AT = "2026-11-24T12:00:00Z"
CHECKED_AT = "2026-11-24T11:59:30Z"
VERSION = "0.1.0"

RICH_TEXT = (
    "Korea Talks Stall — Again\n"
    "By Jane Doe\n"
    "\n"
    "Pyongyang rejected the proposal on Monday, the Korean Central News Agency reported, "
    'calling it "a hostile act. It will not be tolerated."\n'
    "\n"
    '"We remain open to dialogue," State Department spokesman Ned Price said in a statement.\n'
    "\n"
    "According to Reuters, satellite images show new construction at the Yongbyon site.\n"
    "\n"
    'Some analysts warn that <script>alert("x")</script> & other "tests" | could follow.\n'
    "\n"
    "The deal is dead, one commentator wrote, citing Россия's stance — 日本 was not consulted.\n"
    "\n"
    'TASS quoted Kremlin spokesman Dmitry Peskov as saying Moscow "supports its neighbour."\n'
    "\n"
    "Share · Privacy\n"
)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def _sources() -> tuple[Source, ...]:
    return (
        Source(
            "s1",
            "Korean Central News Agency",
            "state-media",
            "state-media",
            "registry: MJRC State Media Monitor SC",
            aliases=("KCNA",),
            country="KP",
            registry_id="kcna",
        ),
        Source(
            "s2",
            "Ned Price",
            "official",
            "primary",
            "role: spokesman",
            country="US",
            role="State Department spokesman",
        ),
        Source(
            "s3",
            "Reuters",
            "wire",
            "secondary",
            "registry: wire",
            country="GB",
            registry_id="reuters",
        ),
        Source(
            "s4",
            "one commentator",
            "anonymous",
            "secondary",
            "anonymous attribution",
            anonymous=True,
        ),
        Source(
            "s5",
            "Dmitry Peskov",
            "official",
            "primary",
            "role: Kremlin spokesman",
            country="RU",
            role="Kremlin spokesman",
        ),
        Source(
            "s6",
            "TASS",
            "state-media",
            "state-media",
            "registry: MJRC State Media Monitor SC",
            aliases=("ITAR-TASS",),
            country="RU",
            registry_id="tass",
        ),
    )


# (sentence start needle, basis, sources, cue, cue_kind, quote, via, audience, link ids)
_CLAIMS: tuple[
    tuple[str, Basis, tuple[str, ...], str | None, CueKind, str | None, str | None, str | None],
    ...,
] = (
    (
        "Pyongyang rejected",
        "state-media",
        ("s1",),
        "reported",
        "speech-verb",
        "a hostile act. It will not be tolerated.",
        None,
        None,
    ),
    (
        '"We remain',
        "primary",
        ("s2",),
        "in a statement",
        "document",
        "We remain open to dialogue,",
        None,
        None,
    ),
    (
        "According to Reuters",
        "secondary",
        ("s3",),
        "According to",
        "according-to",
        None,
        None,
        None,
    ),
    ("Some analysts", "unsourced", (), None, "none", "tests", None, None),
    ("The deal is dead", "secondary", ("s4",), "wrote", "anonymous", None, None, "readers"),
    (
        "TASS quoted",
        "state-media",
        ("s5", "s6"),
        "quoted",
        "speech-verb",
        "supports its neighbour.",
        "TASS",
        None,
    ),
)


def _claims(text: str, links: tuple[Link, ...]) -> tuple[Claim, ...]:
    out = []
    for i, (needle, basis, sources, cue, cue_kind, quote, via, audience) in enumerate(_CLAIMS):
        start = text.index(needle)
        end = text.index("\n", start)
        cid = f"c{i + 1}"
        out.append(
            Claim(
                id=cid,
                text=text[start:end],
                start=start,
                end=end,
                line=_line(text, start),
                sources=sources,
                cue=cue,
                cue_kind=cue_kind,
                quote=quote,
                basis=basis,
                via=via,
                audience=audience,
                links=tuple(k.id for k in links if k.claim == cid),
            )
        )
    return tuple(out)


def _check(
    url: str,
    status: LinkStatus,
    http: int | None,
    *,
    final: str | None = None,
    redirects: tuple[Redirect, ...] = (),
    detail: str | None = None,
    failures: FailureHistory | None = None,
) -> LinkCheck:
    return LinkCheck(
        url=url,
        status=status,
        checked_at=CHECKED_AT,
        http_status=http,
        final_url=final,
        redirects=redirects,
        detail=detail,
        failures=failures,
    )


def _links(text: str) -> tuple[Link, ...]:
    wayback = ArchiveCopy(
        "https://web.archive.org/web/20240102030405/http://kcna.kp/en/article/123",
        "2024-01-02T03:04:05Z",
        "wayback",
    )
    memento = ArchiveCopy(
        "https://archive.today/20231201000000/https://www.reuters.com/world/asia/sat",
        "2023-12-01T00:00:00Z",
        "memento:archive.today",
    )
    saved = ArchiveCopy(
        "https://web.archive.org/web/20261124115900/https://example.org/analysts",
        "2026-11-24T11:59:00Z",
        "spn2",
        saved_now=True,
    )
    kcna = "http://kcna.kp/en/article/123"
    state = "https://www.state.gov/briefings/2024-01-01"
    sat = "https://www.reuters.com/world/asia/sat"
    # (anchor, after-needle, href, url, role, status, claim, check, archive, recovered_from)
    specs: list[
        tuple[
            str,
            str,
            str,
            str | None,
            Role,
            LinkStatus,
            str | None,
            LinkCheck | None,
            ArchiveCopy | None,
            str | None,
        ]
    ] = [
        ("Korean Central News Agency", "", kcna, kcna, "body", "dead", "c1",
         _check(kcna, "dead", 404, final=kcna, detail="HTTP 404",
                failures=FailureHistory(3, "2026-11-20T08:00:00Z", CHECKED_AT)),
         wayback, None),
        ("reported", "", "#", None, "body", "missing-target", "c1", None, None, None),
        ("in a statement", "", state, state, "body", "redirected", "c2",
         _check(state, "redirected", 200, final=state + "/readout",
                redirects=(Redirect(state, 301), Redirect(state + "/", 308))),
         None, None),
        ("Reuters", "", "#", "https://www.reuters.com/world/asia/yongbyon", "body", "ok", "c3",
         _check("https://www.reuters.com/world/asia/yongbyon", "ok", 200,
                final="https://www.reuters.com/world/asia/yongbyon"),
         None, "original page https://www.globalresearch.ca/korea-talks/5800000"),
        ("satellite images", "", sat, sat, "body", "soft-404", "c3",
         _check(sat, "soft-404", 200, final="https://www.reuters.com/",
                detail="deep link lands on the home page"),
         memento, None),
        ("analysts", "", "https://example.org/analysts", "https://example.org/analysts", "body",
         "failing", "c4",
         _check("https://example.org/analysts", "failing", 503, detail="HTTP 503",
                failures=FailureHistory(2, "2026-11-23T10:00:00Z", CHECKED_AT)),
         saved, None),
        ("commentator", "", "https://blog.example.com/p?id=1&x=<b>",
         "https://blog.example.com/p?id=1&x=<b>", "body", "blocked", "c5",
         _check("https://blog.example.com/p?id=1&x=<b>", "blocked", 403, detail="HTTP 403"),
         None, None),
        ("wrote", "commentator", "https://blog.example.com/more", "https://blog.example.com/more",
         "body", "rate-limited", "c5",
         _check("https://blog.example.com/more", "rate-limited", 429, detail="HTTP 429"),
         None, None),
        ("TASS", "", "https://tass.com/politics/1", "https://tass.com/politics/1", "body",
         "timeout", "c6",
         _check("https://tass.com/politics/1", "timeout", None, detail="read timeout after 10 s"),
         None, None),
        ("Dmitry Peskov", "", "https://tass.com/politics/2", "https://tass.com/politics/2", "body",
         "error", "c6",
         _check("https://tass.com/politics/2", "error", None, detail="TLS handshake failed"),
         None, None),
        ("Share", "", "https://twitter.com/share", "https://twitter.com/share", "chrome",
         "excluded", None, None, None, None),
        ("Privacy", "", "/privacy", "https://news.example.com/privacy", "chrome", "unchecked",
         None, None, None, None),
    ]  # fmt: skip
    out = []
    for i, (anchor, after, href, url, role, status, claim, check, archive, rec) in enumerate(specs):
        start, end = _span(text, anchor, text.index(after) if after else 0)
        out.append(
            Link(
                id=f"l{i + 1}",
                anchor=anchor,
                href=href,
                url=url,
                start=start,
                end=end,
                line=_line(text, start),
                role=role,
                status=status,
                claim=claim,
                continues="l7" if i == 7 else None,
                check=check,
                archive=archive,
                recovered_from=rec,
            )
        )
    return tuple(out)


# (rule, severity, message, claim, link)
_FINDINGS: tuple[tuple[str, Severity, str, str | None, str | None], ...] = (
    ("LA002", "error", "Link 'Korean Central News Agency' is dead (HTTP 404)", "c1", "l1"),
    ("LA001", "error", "Link 'reported' has lost its target (href '#')", "c1", "l2"),
    ("LA008", "note", "Link 'in a statement' moved permanently", "c2", "l3"),
    ("LA013", "note", "Link 'Reuters': target recovered | from the original", "c3", "l4"),
    ("LA003", "error", "Link 'satellite images' is a soft 404", "c3", "l5"),
    ("LA004", "warning", "Link 'analysts' is failing (HTTP 503)", "c4", "l6"),
    ("LA011", "warning", 'Quote "tests" has no <identifiable> source', "c4", None),
    ("LA006", "note", "Link 'commentator' is blocked (HTTP 403)", "c5", "l7"),
    ("LA007", "note", "Link 'wrote' was rate-limited", "c5", "l8"),
    ("LA005", "warning", "Link 'TASS' could not be checked: timeout", "c6", "l9"),
    ("LA005", "warning", "Link 'Dmitry Peskov' could not be checked: TLS", "c6", "l10"),
    ("LA010", "warning", "Claim rests only on state media", "c1", None),
)


def _findings(text: str, claims: tuple[Claim, ...], links: tuple[Link, ...]) -> tuple[Finding, ...]:
    starts = {c.id: c.start for c in claims} | {k.id: k.start for k in links}
    out = []
    for rule, severity, message, claim, link in _FINDINGS:
        at = starts[link or claim or ""]
        out.append(
            Finding(
                rule=rule,
                severity=severity,
                message=message,
                claim=claim,
                link=link,
                line=_line(text, at),
                column=_column(text, at),
            )
        )
    return tuple(out)


def rich_report() -> Report:
    """Every basis, every link status, archives, findings, unicode and HTML-special text."""
    text = RICH_TEXT
    links = _links(text)
    claims = _claims(text, links)
    return Report(
        document=DocumentInfo(
            path="articles/korea talks.txt",
            format="text",
            sha256="a" * 64,
            title="Korea Talks Stall — Again",
            publisher="Example & <News>",
            author="Jane Doe",
            date="2024-01-02",
            authors=("Jane Doe",),
            canonical_url="https://news.example.com/korea-talks",
            text=text,
        ),
        sources=_sources(),
        claims=claims,
        links=links,
        findings=_findings(text, claims, links),
        tool_version=VERSION,
        generated_at=GENERATED_AT,
        options={"archive": True, "timeout": 10.0, "fail_on": ["error"]},
    )


def bare_report() -> Report:
    """An HTML article whose report carries no text: two claims, one link, no findings."""
    link = Link(
        id="l1",
        anchor="the ministry",
        href="https://gov.example/readout",
        url="https://gov.example/readout",
        start=40,
        end=52,
        line=12,
        role="body",
        status="ok",
        claim="c1",
        check=_check("https://gov.example/readout", "ok", 200, final="https://gov.example/readout"),
    )
    source = Source("s1", "Ministry of Foreign Affairs", "government", "primary", "registry: gov")
    claims = (
        Claim("c1", "The ministry said talks would resume.", 10, 47, 12, ("s1",), "said",
              "speech-verb", None, "primary", links=("l1",)),
        Claim("c2", 'Critics called it "theatre".', 60, 88, 14, (), None, "none", "theatre",
              "unsourced"),
    )  # fmt: skip
    return Report(
        document=DocumentInfo(path="site/page.html", format="html", sha256="b" * 64),
        sources=(source,),
        claims=claims,
        links=(link,),
        findings=(),
        tool_version=VERSION,
        generated_at=GENERATED_AT,
    )
