"""The orchestration: the one entry point the CLI and library users call.

    from linkaudit.audit import audit, AuditOptions
    report = audit("article.txt", AuditOptions(offline=True))

Stages run in one direction (DESIGN.md): load -> extract -> classify -> resolve -> archive ->
Report. Several documents share one resolution pass so each unique URL is checked once.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from linkaudit import __version__
from linkaudit.archive.choose import iso, to_wayback, utc
from linkaudit.archive.options import ArchiveOptions
from linkaudit.archive.recover import is_lost
from linkaudit.classify import classify
from linkaudit.classify.publisher import original_of, publisher_of
from linkaudit.classify.registry import Registry
from linkaudit.errors import InputError
from linkaudit.extract import extract, find_continuations
from linkaudit.extract.language import detect_language
from linkaudit.findings import MALFORMED, claim_findings, drop_baselined, link_findings, ordered
from linkaudit.fingerprints import document_key, with_fingerprints
from linkaudit.interrupt import Stop, on_signals, signal_name
from linkaudit.load import load_bytes, load_path
from linkaudit.model import (
    ArchiveCopy,
    ArchiveState,
    Claim,
    Document,
    DocumentInfo,
    Finding,
    Link,
    LinkCheck,
    LinkStatus,
    PublisherRef,
    Report,
    Role,
    Source,
    link_id,
)
from linkaudit.resolve.loop import run as run_loop
from linkaudit.resolve.options import DEADLINE_DETAIL, ResolveOptions
from linkaudit.resolve.redact import mask_text, redact_check, redact_text, redact_url, secret_spans

# The link checker and the archive clients (httpx, httpcore, tenacity, bs4, sqlite3) are
# imported where they are used, not here: an --offline run never loads them (about 12 MB of
# its peak memory; tests/test_offline_imports.py holds it to that).

log = logging.getLogger("linkaudit.audit")

# Statuses whose target may be gone: worth an archived copy.
AT_RISK: frozenset[LinkStatus] = frozenset({"dead", "failing", "soft-404", "timeout", "error"})
LIVE: frozenset[LinkStatus] = frozenset({"ok", "redirected"})
_WWW = re.compile(r"^www\.", re.IGNORECASE)
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class AuditOptions:
    """Everything a run can be told; the CLI maps its options onto this."""

    offline: bool = False
    resolve: ResolveOptions = field(default_factory=ResolveOptions)
    use_cache: bool = True
    cache_path: Path | str | None = None  # a SQLite file or postgresql:// URL; None: default
    archive_dead: bool = True  # look up archived copies of dead / at-risk links
    archive_live: bool = False  # submit live links without a recent capture to Save Page Now
    archive: ArchiveOptions | None = None
    date: datetime | None = None  # the article's date for snapshot choice (else its metadata)
    original_url: str | None = None  # URL (or local HTML file) of the original of a repost
    check_quotes: bool = False
    check_chrome: bool = True  # check page-chrome links too (their findings are notes)
    baseline: frozenset[str] = frozenset()
    on_progress: Callable[[int, int], None] | None = None  # links checked of total
    # archive look-ups ended of total (found, none, unavailable or skipped), as each ends
    on_archive_progress: Callable[[int, int], None] | None = None
    # where document paths in fingerprints are relative to (the config file's folder); None:
    # the nearest folder upwards holding linkaudit.toml, pyproject.toml or .git
    project_root: Path | None = None
    # SIGINT/SIGTERM stop the run with a partial report instead of killing it (the CLI's
    # choice; only possible on the main thread)
    handle_signals: bool = False
    # relative links: resolved against base_url when given (else the page's canonical URL),
    # else checked as local files beside the document; root-relative ones ("/x") under root_dir
    base_url: str | None = None
    root_dir: Path | None = None


@dataclass(frozen=True)
class AuditRun:
    """The outcome of a run over several inputs: reports for what loaded, errors for the rest."""

    reports: tuple[Report, ...]
    errors: tuple[InputError, ...] = ()
    baselined: int = 0
    # the findings the baseline accepted (left out of the reports), by document path: a
    # rewritten baseline keeps exactly these and the reports' findings
    accepted: tuple[tuple[str, Finding], ...] = ()
    interrupted: int | None = None  # the signal that stopped the run: its reports are partial
    deadline_reached: bool = False  # --deadline ended the checking: its reports are partial


@dataclass(frozen=True)
class _Planned:
    """A link before resolution: its checkable URL or the status it already has."""

    index: int
    url: str | None
    status: LinkStatus | None
    detail: str | None = None
    recovered_from: str | None = None


@dataclass(frozen=True)
class _ArchiveOutcome:
    """What the archive stage came to for one URL."""

    state: ArchiveState
    copy: ArchiveCopy | None = None
    detail: str | None = None


@dataclass
class _Analysed:
    doc: Document
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    planned: list[_Planned]
    continuations: dict[int, int]
    publisher: PublisherRef | None = None
    original: PublisherRef | None = None
    quote_misses: list[str] = field(default_factory=list)


def audit(path: str, options: AuditOptions | None = None) -> Report:
    """Audit one article; raises InputError when it cannot be read."""
    run = audit_paths([path], options)
    if run.errors:
        raise run.errors[0]
    return run.reports[0]


def audit_paths(paths: Sequence[str], options: AuditOptions | None = None) -> AuditRun:
    """Audit several articles in one run (each unique URL checked once)."""
    options = options or AuditOptions()
    return run_loop(audit_paths_async(paths, options), network=not options.offline)


async def audit_paths_async(paths: Sequence[str], options: AuditOptions) -> AuditRun:
    with on_signals(options.handle_signals) as stop, _frozen_heap():
        return await _audit(paths, options, stop)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector off what the run has already built.

    A run allocates millions of long-lived objects (documents, planned links, checks,
    reports) and almost no reference cycles; every full collection walked all of them, which
    at 100,000 links made the collections quadratic (19.6 s). After the analysis and after
    the link checks, ``freeze_heap`` moves what exists so far out of the collector's sight;
    refcounting still frees it. The heap is handed back to the collector at the end."""
    try:
        yield
    finally:
        gc.unfreeze()


def freeze_heap() -> None:
    """Move every object alive now to the collector's permanent generation (see above)."""
    gc.collect(0)  # young garbage first, so it is not frozen with the rest
    gc.freeze()


async def _audit(paths: Sequence[str], options: AuditOptions, stop: Stop) -> AuditRun:
    # --deadline bounds the run from its start: the network stages stop at it, and the reports
    # are built from what finished, marked partial
    deadline_s = options.resolve.deadline_s
    loop = asyncio.get_running_loop()
    deadline = loop.time() + deadline_s if deadline_s is not None else None
    timed_out = False

    registry = Registry.default()
    docs: list[Document] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            docs.append(await _load_url(path, options) if _URL.match(path) else load_path(path))
        except InputError as exc:
            errors.append(exc)

    recovered: dict[int, str] = {}  # link index -> how its lost target was recovered
    if len(docs) == 1:
        try:
            async with asyncio.timeout_at(deadline):
                docs[0], recovered = await _recover(docs[0], options)
        except TimeoutError:
            timed_out = True
        except asyncio.CancelledError as exc:
            if not stop.was_stopped(exc):
                raise
    # secrets in URLs written in the text go before extraction, so no claim, anchor or
    # report field can carry them; the masking keeps every offset (resolve/redact.py)
    docs = [_masked(doc) for doc in docs]
    analysed = [_analyse(doc, registry, options, recovered) for doc in docs]
    freeze_heap()
    log.info(
        "read %d document(s) (%d could not be read): %d claim(s), %d link(s)",
        len(docs),
        len(errors),
        sum(len(a.claims) for a in analysed),
        sum(len(a.planned) for a in analysed),
    )

    # filled in place as results arrive, so an interrupted run keeps everything finished
    checks: dict[str, LinkCheck] = {}
    archives: dict[str, _ArchiveOutcome] = {}
    if not options.offline and stop.signal is None and not timed_out:
        try:
            async with asyncio.timeout_at(deadline):
                await _online(analysed, _until(options, deadline, loop.time()), checks, archives)
        except TimeoutError:
            timed_out = True
        except asyncio.CancelledError as exc:
            if not stop.was_stopped(exc):
                raise
    reached = timed_out or any(c.detail == DEADLINE_DETAIL for c in checks.values())
    if reached:
        for url in (p.url for a in analysed for p in a.planned if p.status is None and p.url):
            if url not in checks:
                checks[url] = LinkCheck(
                    url=url, status="unchecked", checked_at=_now(), detail=DEADLINE_DETAIL
                )

    reports: list[Report] = []
    accepted: list[tuple[str, Finding]] = []
    for item in analysed:
        report, dropped = _build_report(
            item, checks, archives, options, stop.signal, deadline_s if reached else None
        )
        reports.append(report)
        accepted += [(report.document.path, f) for f in dropped]
    return AuditRun(
        tuple(reports), tuple(errors), len(accepted), tuple(accepted), stop.signal, reached
    )


def _until(options: AuditOptions, deadline: float | None, now: float) -> AuditOptions:
    """``options`` with the link checks' own deadline set to what is left of the run's."""
    if deadline is None:
        return options
    left = max(0.0, deadline - now)
    return replace(options, resolve=replace(options.resolve, deadline_s=left))


async def _online(
    analysed: list[_Analysed],
    options: AuditOptions,
    checks: dict[str, LinkCheck],
    archives: dict[str, _ArchiveOutcome],
) -> None:
    """The network stages: link checks, archive look-ups, quote checks; results in place."""
    await _resolve(analysed, options, checks)
    log.info("checked %d unique URL(s)", len(checks))
    freeze_heap()
    await _archive(analysed, checks, options, archives)
    if archives:
        states = [o.state for o in archives.values()]
        log.info(
            "archive lookups for %d URL(s): %s",
            len(archives),
            ", ".join(f"{s} {states.count(s)}" for s in dict.fromkeys(states)),
        )
    if options.check_quotes:
        await _check_quotes(analysed, checks, archives, options)


# ---------------------------------------------------------------- stages


def _masked(doc: Document) -> Document:
    """The document with URL secrets in its text and anchors overwritten, same length.

    Link hrefs stay as written: they are what gets checked (and are redacted in the report)."""
    text = mask_text(doc.text)
    links = tuple(
        replace(link, anchor=masked) if (masked := mask_text(link.anchor)) != link.anchor else link
        for link in doc.links
    )
    if text == doc.text and all(a is b for a, b in zip(links, doc.links, strict=True)):
        return doc
    return replace(doc, text=text, links=links)


async def _load_url(url: str, options: AuditOptions) -> Document:
    """The live article at ``url``, fetched through the guarded client and loaded like a file.

    Its links resolve against the page's canonical URL, else the URL it was served from.
    """
    from linkaudit.load.decode import MAX_BYTES
    from linkaudit.resolve.fetch import FetchedPage, fetch_page

    page = await fetch_page(url, replace(options.resolve, max_bytes=MAX_BYTES))
    if not isinstance(page, FetchedPage):
        why = page.detail or page.status
        raise InputError(f"cannot fetch {redact_url(url)}: {why}")
    doc = load_bytes(page.text.encode("utf-8"), path=redact_url(url))
    return replace(doc, canonical_url=doc.canonical_url or redact_url(page.final_url or url))


def _analyse(
    doc: Document, registry: Registry, options: AuditOptions, recovered: Mapping[int, str]
) -> _Analysed:
    attributions = extract(doc, registry)
    sources, claims = classify(doc, attributions, registry)
    base = options.base_url or doc.canonical_url
    local = doc.path != "-" and not _URL.match(doc.path)
    folder = Path(doc.path).parent if local else None
    planned = [
        replace(
            _plan(i, raw.href, raw.role, base, options, folder), recovered_from=recovered.get(i)
        )
        for i, raw in enumerate(doc.links)
    ]
    return _Analysed(
        doc,
        sources,
        claims,
        planned,
        find_continuations(doc),
        publisher_of(doc, registry),
        original_of(doc, registry),
    )


def _plan(
    index: int,
    href: str,
    role: Role,
    base: str | None,
    options: AuditOptions,
    folder: Path | None = None,
) -> _Planned:
    """Decide what to check for one href, or the status it has without checking."""
    if is_lost(href):
        return _Planned(index, None, "missing-target")
    h = href.strip()
    if h.startswith("#"):
        return _Planned(index, None, "excluded", "in-page anchor")
    if _WWW.match(h):
        h = "https://" + h
    elif h.startswith("//"):
        h = "https:" + h
    problem = _malformed(h)
    if problem:
        return _Planned(index, h, "error", f"{MALFORMED}: {problem}")
    scheme = urlsplit(h).scheme.lower()
    if not scheme:
        if base is None:
            return _local_file(index, h, folder, options.root_dir)
        h = urljoin(base, h)
        scheme = urlsplit(h).scheme.lower()
    if scheme == "file":
        return _local_file(index, h, folder, options.root_dir)
    if scheme not in ("http", "https"):
        return _Planned(index, h, "excluded", f"{scheme}: links are not checked")
    problem = _malformed(h, need_host=True)
    if problem:
        return _Planned(index, h, "error", f"{MALFORMED}: {problem}")
    if role == "chrome" and not options.check_chrome:
        return _Planned(index, h, "excluded", "page chrome")
    return _Planned(index, h, None)


def _local_file(index: int, href: str, folder: Path | None, root: Path | None) -> _Planned:
    """A link to a file beside the document (or under --root-dir): ok if it exists, else dead."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if parts.scheme.lower() == "file":
        target = Path(path)
    elif path.startswith("/"):
        if root is None:
            return _Planned(index, None, "unchecked", "root-relative link and no --root-dir")
        target = root / path.lstrip("/")
    elif folder is None:
        return _Planned(index, None, "unchecked", "relative link and no base URL")
    else:
        target = folder / path
    uri = target.resolve().as_uri()
    if target.exists():
        return _Planned(index, uri, "ok", "local file")
    return _Planned(index, uri, "dead", "local file not found")


def _malformed(url: str, *, need_host: bool = False) -> str | None:
    """Why an href cannot be a URL at all (a broken citation, not a broken run), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return str(exc)
    if need_host and not parts.hostname:
        return "no host"
    if any(c.isspace() for c in parts.netloc):
        return "white space in the host"
    return None


def _is_local(value: str) -> bool:
    try:
        scheme = urlsplit(value).scheme
    except ValueError:  # "http://[::1": not a URL, and no file is called that either
        return Path(value).is_file()
    return scheme not in ("http", "https") and Path(value).is_file()


async def _recover(doc: Document, options: AuditOptions) -> tuple[Document, dict[int, str]]:
    """The document with lost link targets filled in from its original, by anchor text.

    Runs before extraction, so a recovered link's domain can name the claim's source. The
    original is --original (a URL, or a local HTML file, usable offline) or else the document's
    own canonical URL, fetched live or, when gone, from its archived copy.
    """
    original = options.original_url or doc.canonical_url
    if original is None or not any(is_lost(link.href) for link in doc.links):
        return doc, {}
    if options.offline and not _is_local(original):
        return doc, {}
    html, base = await _original_html(original, doc, options)
    if html is None:
        return doc, {}
    from linkaudit.archive.recover import recover_targets  # bs4: only when there is an original

    found = {
        i: href
        for i, href in recover_targets(doc, html, base).items()
        if i < len(doc.links) and is_lost(doc.links[i].href)
    }
    if not found:
        return doc, {}
    note = f"anchor text matched on {redact_url(base)}"
    links = tuple(
        replace(link, href=found[i]) if i in found else link for i, link in enumerate(doc.links)
    )
    return replace(doc, links=links), dict.fromkeys(found, note)


async def _original_html(
    original: str, doc: Document, options: AuditOptions
) -> tuple[str | None, str]:
    from linkaudit.archive.lookup import find_copies
    from linkaudit.resolve.fetch import FetchedPage, fetch_page

    if _is_local(original):
        try:
            return Path(original).read_text(encoding="utf-8", errors="replace"), original
        except OSError:
            return None, original
    if _malformed(original, need_host=True):
        return None, original  # nothing to fetch (the CLI refuses such a value up front)
    page = await fetch_page(original, options.resolve)
    if isinstance(page, FetchedPage):
        return page.text, page.final_url or original
    # the original is gone: try its archived copy -- not when it was refused (a private
    # address without --allow-private, an excluded URL), and never a tokenised one
    arch_opts = _archive_options(options, doc)
    if page.status not in AT_RISK or not arch_opts.endpoints.may_ask(original):
        return None, original
    copy = (await find_copies([original], arch_opts)).get(original)
    if copy is None:
        return None, original
    page = await fetch_page(_raw_copy_url(copy, original, arch_opts), options.resolve)
    if isinstance(page, FetchedPage):
        return page.text, original
    return None, original


def _not_asked(url: str) -> str:
    if secret_spans(url):
        return "carries a secret (token, session, password): not sent to an archive"
    return "private address: not sent to an archive"


def _raw_copy_url(copy: ArchiveCopy, original: str, options: ArchiveOptions) -> str:
    """Where to fetch a capture's page as the origin served it.

    A Wayback copy is fetched through the configured replay endpoint with the ``id_`` flag,
    which returns the captured bytes without the replay banner and rewritten links.
    """
    from linkaudit.archive.wayback import replay_url

    if copy.source != "wayback":
        return copy.url
    stamp = to_wayback(datetime.fromisoformat(copy.timestamp.replace("Z", "+00:00")))
    return replay_url(options, f"{stamp}id_", original)


async def _resolve(
    analysed: Sequence[_Analysed], options: AuditOptions, results: dict[str, LinkCheck]
) -> None:
    """Check every unique URL once; ``results`` fills as each check finishes."""
    from linkaudit.resolve.cache import default_cache_path
    from linkaudit.resolve.check import check_urls
    from linkaudit.resolve.history import open_link_history

    urls = list(
        dict.fromkeys(
            p.url for a in analysed for p in a.planned if p.status is None and p.url is not None
        )
    )
    if not urls:
        return
    if not options.use_cache:
        await check_urls(urls, options.resolve, on_progress=options.on_progress, results=results)
        return
    # redaction and the fall-back to memory sit above whichever backend --cache names
    with open_link_history(options.cache_path or default_cache_path()) as cache:
        await check_urls(
            urls, options.resolve, cache=cache, on_progress=options.on_progress, results=results
        )


def _archive_options(options: AuditOptions, doc: Document | None) -> ArchiveOptions:
    base = options.archive or ArchiveOptions()
    when = options.date or (_parse_date(doc.date) if doc and doc.date else None)
    return replace(base, when=when or base.when)


def _parse_date(value: str) -> datetime | None:
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


async def _archive(
    analysed: Sequence[_Analysed],
    checks: dict[str, LinkCheck],
    options: AuditOptions,
    found: dict[str, _ArchiveOutcome],
) -> None:
    """The archive lookup of each at-risk link (and fresh captures of live ones when asked),
    into ``found`` as each document's look-ups finish; ``options.on_archive_progress`` hears
    of each look-up as it ends, against the run's total of at-risk URLs."""
    from linkaudit.archive.lookup import lookup_copies
    from linkaudit.archive.save import save_live

    tick = _archive_ticker(analysed, checks, found, options.on_archive_progress)
    for item in analysed:  # per document: the snapshot choice depends on its date
        urls = [p.url for p in item.planned if p.url and p.url in checks]
        at_risk = [u for u in dict.fromkeys(urls) if checks[u].status in AT_RISK and u not in found]
        arch_opts = _archive_options(options, item.doc)
        # a public archive holds no copy of an intranet URL, and asking would leak the URL;
        # a URL with a secret in it is never sent (a capture would publish the token)
        for url in [u for u in at_risk if not arch_opts.endpoints.may_ask(u)]:
            found[url] = _ArchiveOutcome("skipped", detail=_not_asked(url))
            tick(url)
        at_risk = [u for u in at_risk if arch_opts.endpoints.may_ask(u)]
        # live links are looked at only when they will be captured: may_ask over every live
        # link was 6% of a 10k-link run's time with live captures off (the default)
        live: list[str] = []
        if options.archive_live:
            live = [
                u
                for u in dict.fromkeys(urls)
                if checks[u].status in LIVE and u not in found and arch_opts.endpoints.may_ask(u)
            ]
        if not options.archive_dead:
            for url in at_risk:
                found[url] = _ArchiveOutcome("skipped", detail="archive lookups off")
                tick(url)
        elif at_risk:
            for url, lookup in (await lookup_copies(at_risk, arch_opts, tick)).items():
                found[url] = _outcome(lookup.copy, lookup.errors)
                tick(url)  # also those cut off by the time budget, which never told
        if options.archive_live and live:
            saved = await save_live(live, arch_opts)
            found.update(
                {
                    u: _ArchiveOutcome("found", o.copy)
                    for u, o in saved.items()
                    if o.copy is not None
                }
            )


def _archive_ticker(
    analysed: Sequence[_Analysed],
    checks: Mapping[str, LinkCheck],
    found: Mapping[str, _ArchiveOutcome],
    report: Callable[[int, int], None] | None,
) -> Callable[[str], None]:
    """A callback counting the archive stage's URLs as they end, told to ``report``.

    The total is known before the first look-up: every at-risk URL of the run not yet in
    ``found`` (a URL in several documents is looked up once, for the first)."""
    total = len(
        {
            p.url
            for a in analysed
            for p in a.planned
            if p.url is not None
            and p.url in checks
            and checks[p.url].status in AT_RISK
            and p.url not in found
        }
    )
    ended: set[str] = set()
    if report is not None and total:
        report(0, total)

    def tick(url: str) -> None:
        if url in ended:
            return
        ended.add(url)
        if report is not None:
            report(len(ended), total)

    return tick


def _outcome(copy: ArchiveCopy | None, errors: Sequence[str]) -> _ArchiveOutcome:
    if copy is not None:
        return _ArchiveOutcome("found", copy)
    if errors:
        return _ArchiveOutcome("unavailable", detail="; ".join(dict.fromkeys(errors)))
    return _ArchiveOutcome("none")


async def _check_quotes(
    analysed: Sequence[_Analysed],
    checks: dict[str, LinkCheck],
    archives: dict[str, _ArchiveOutcome],
    options: AuditOptions,
) -> None:
    """For each claim with a quote and a link: are the quoted words on the linked page?"""
    from linkaudit.archive.quotes import html_to_text, quote_found
    from linkaudit.resolve.fetch import FetchedPage, fetch_page

    pages: dict[str, str | None] = {}
    for item in analysed:
        by_id = {link_id(p.index): p for p in item.planned}
        for claim in item.claims:
            if not claim.quote:
                continue
            texts: list[str] = []
            for lid in claim.links:
                planned = by_id.get(lid)
                if planned is None or planned.url is None:
                    continue
                target = planned.url
                check = checks.get(target)
                if check is None or check.status not in LIVE:
                    outcome = archives.get(target)
                    copy = outcome.copy if outcome is not None else None
                    if copy is None:
                        continue
                    target = copy.url
                if target not in pages:
                    page = await fetch_page(target, options.resolve)
                    pages[target] = (
                        html_to_text(page.text) if isinstance(page, FetchedPage) else None
                    )
                text = pages[target]
                if text is not None:
                    texts.append(text)
            if texts and not any(quote_found(claim.quote, t) for t in texts):
                item.quote_misses.append(claim.id)


# ---------------------------------------------------------------- report


def _build_report(
    item: _Analysed,
    checks: dict[str, LinkCheck],
    archives: dict[str, _ArchiveOutcome],
    options: AuditOptions,
    interrupted: int | None = None,
    deadline_s: float | None = None,  # set when --deadline cut the run
) -> tuple[Report, list[Finding]]:
    doc = item.doc
    claim_of: dict[str, str] = {lid: c.id for c in item.claims for lid in c.links}
    links: list[Link] = []
    for planned in item.planned:
        raw = doc.links[planned.index]
        check = checks.get(planned.url) if planned.url and planned.status is None else None
        status: LinkStatus = planned.status or (check.status if check else "unchecked")
        if check is None and planned.detail is not None:
            check = LinkCheck(
                url=redact_url(planned.url) if planned.url else "",
                status=status,
                checked_at=_now(),
                detail=redact_text(planned.detail),
            )
        elif check is not None:
            check = _redacted(check)
        first = item.continuations.get(planned.index)
        lid = link_id(planned.index)
        outcome = archives.get(planned.url) if planned.url else None
        links.append(
            Link(
                id=lid,
                anchor=raw.anchor,
                href=redact_url(raw.href) if "://" in raw.href else raw.href,
                url=redact_url(planned.url) if planned.url else None,
                start=raw.start,
                end=raw.end,
                line=doc.line_at(raw.start),
                role=raw.role,
                status=status,
                claim=claim_of.get(lid),
                continues=link_id(first) if first is not None else None,
                check=check,
                archive=outcome.copy if outcome else None,
                recovered_from=planned.recovered_from,
                archive_state=outcome.state if outcome and outcome.copy is None else None,
                archive_detail=outcome.detail if outcome else None,
            )
        )
    partial = interrupted is not None or deadline_s is not None
    looked_up = options.archive_dead and not options.offline and not partial
    findings: list[Finding] = link_findings(doc, links, archive_looked_up=looked_up)
    findings += claim_findings(doc, item.claims, item.quote_misses)
    key = document_key(doc.path, options.project_root)
    links, claims, findings = with_fingerprints(key, links, item.claims, item.sources, findings)
    kept, dropped = drop_baselined(doc.path, findings, links, claims, options.baseline)
    info = DocumentInfo(
        path=doc.path,
        format=doc.format,
        sha256=doc.sha256,
        title=doc.title,
        publisher=doc.publisher,
        author=doc.author,
        date=doc.date,
        canonical_url=redact_url(doc.canonical_url) if doc.canonical_url else None,
        text=doc.text,
        blocks=doc.blocks,
        publisher_source=item.publisher,
        original=item.original,
        authors=doc.authors,
        language=detect_language(doc),
    )
    run_options: dict[str, object] = {
        "offline": options.offline,
        "archive_dead": options.archive_dead,
        "archive_live": options.archive_live,
    }
    if dropped:
        run_options["baselined"] = len(dropped)
    if interrupted is not None:
        run_options["interrupted_by"] = signal_name(interrupted)
    if deadline_s is not None:
        run_options["deadline_reached_s"] = deadline_s
    report = Report(
        document=info,
        sources=item.sources,
        claims=tuple(claims),
        links=tuple(links),
        findings=tuple(ordered(kept)),
        tool_version=__version__,
        generated_at=_now(),
        options=run_options,
        partial=partial,
    )
    return report, dropped


def _redacted(check: LinkCheck) -> LinkCheck:
    return redact_check(check)


def _now() -> str:
    return iso(utc(None))
