"""The JSON report contract (DESIGN.md): Report <-> dict, and the renderer that prints it.

Key order follows DESIGN.md; extension fields come after the contract fields of each object so
a reader of the contract sees the fields it knows first. Every optional field is always present
(null when unknown): consumers get one stable shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any, Generic, TypeVar, cast

from linkaudit.errors import ReportError
from linkaudit.model import (
    BASES,
    LINK_STATUSES,
    ArchiveCopy,
    Basis,
    Block,
    Claim,
    DocumentInfo,
    FailureHistory,
    Finding,
    Language,
    Link,
    LinkCheck,
    LinkStatus,
    PublisherRef,
    Redirect,
    Report,
    Source,
)

REPORT_SCHEMA_ID = "linkaudit/report/1"
RUN_SCHEMA_ID = "linkaudit/run/1"
TOOL_NAME = "linkaudit"


def _tool(version: str) -> dict[str, str]:
    return {"name": TOOL_NAME, "version": version}


def _document(d: DocumentInfo) -> dict[str, Any]:
    return {
        "path": d.path,
        "format": d.format,
        "sha256": d.sha256,
        "title": d.title,
        "publisher": d.publisher,
        "author": d.author,
        "authors": list(d.authors),
        "date": d.date,
        "canonical_url": d.canonical_url,
        "text": d.text,
        "blocks": [
            {"start": b.start, "end": b.end, "role": b.role, "kind": b.kind} for b in d.blocks
        ],
        "publisher_source": _publisher(d.publisher_source),
        "original": _publisher(d.original),
        "language": _language(d.language),
    }


def _language(lang: Language | None) -> dict[str, Any] | None:
    if lang is None:
        return None
    return {
        "code": lang.code,
        "declared": lang.declared,
        "basis": lang.basis,
        "attribution": lang.method,
        "note": lang.note,
    }


def _language_from(d: Mapping[str, Any] | None) -> Language | None:
    if not d:
        return None
    code, declared, basis = d["code"], d.get("declared"), d.get("basis", "")
    return Language(code, declared, basis, d["attribution"], d.get("note"))


def _publisher(p: PublisherRef | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name,
        "class": p.cls,
        "kind": p.kind,
        "registry_id": p.registry_id,
        "basis": p.basis,
        "url": p.url,
    }


def _publisher_from(d: Mapping[str, Any] | None) -> PublisherRef | None:
    if not d:
        return None
    return PublisherRef(
        name=d["name"],
        cls=d.get("class"),
        kind=d.get("kind"),
        registry_id=d.get("registry_id"),
        basis=d.get("basis"),
        url=d.get("url"),
    )


def _counts(report: Report) -> tuple[dict[Basis, int], dict[LinkStatus, int]]:
    # every basis and every status always present, in model order: a stable shape for readers
    by_status = report.by_status()
    return report.by_basis(), {s: by_status.get(s, 0) for s in LINK_STATUSES}


def _summary(report: Report) -> dict[str, Any]:
    by_basis, by_status = _counts(report)
    return {
        "claims": len(report.claims),
        "by_basis": by_basis,
        "links": len(report.links),
        "by_status": by_status,
    }


def _source(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "aliases": list(s.aliases),
        "kind": s.kind,
        "class": s.cls,
        "country": s.country,
        "registry_id": s.registry_id,
        "basis": s.basis,
        "role": s.role,
        "anonymous": s.anonymous,
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "line": c.line,
        "sources": list(c.sources),
        "cue": c.cue,
        "quote": c.quote,
        "basis": c.basis,
        "via": c.via,
        "links": list(c.links),
        "cue_kind": c.cue_kind,
        "audience": c.audience,
        "fingerprint": c.fingerprint or None,
    }


def _link(k: Link) -> dict[str, Any]:
    check = k.check
    failures = check.failures if check is not None else None
    return {
        "id": k.id,
        "anchor": k.anchor,
        "href": k.href,
        "url": k.url,
        "start": k.start,
        "line": k.line,
        "role": k.role,
        "claim": k.claim,
        "status": k.status,
        "http_status": check.http_status if check else None,
        "final_url": check.final_url if check else None,
        "redirects": [{"url": r.url, "status": r.status} for r in check.redirects] if check else [],
        "checked_at": check.checked_at if check else None,
        "failures": (
            {"count": failures.count, "first": failures.first, "last": failures.last}
            if failures is not None
            else None
        ),
        "archive": _archive(k),
        "end": k.end,
        "continues": k.continues,
        "recovered_from": k.recovered_from,
        "detail": check.detail if check else None,
        "fingerprint": k.fingerprint or None,
    }


def _archive(k: Link) -> dict[str, Any] | None:
    """The lookup's outcome; null only when no lookup was needed (live or unchecked link)."""
    if k.archive is not None:
        a = k.archive
        return {
            "url": a.url,
            "timestamp": a.timestamp,
            "source": a.source,
            "saved_now": a.saved_now,
            "state": "found",
            "detail": None,
        }
    if k.archive_state is None:
        return None
    return {
        "url": None,
        "timestamp": None,
        "source": None,
        "saved_now": False,
        "state": k.archive_state,
        "detail": k.archive_detail,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "claim": f.claim,
        "link": f.link,
        "line": f.line,
        "column": f.column,
        "fingerprint": f.fingerprint or None,
    }


def _jsonable(value: object) -> object:
    """Options may hold tuples, paths or enums; the contract only promises JSON values."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_jsonable(v) for v in items]
    return str(value)


T = TypeVar("T")


class Items(Generic[T]):
    """A list the streaming writer fills in item by item: ``convert`` runs per item as it is
    written, so a 100,000-link report never holds 100,000 link dicts at once. ``length``
    is for items given as a one-pass iterable (it says whether the list is empty)."""

    __slots__ = ("convert", "items", "length")

    def __init__(
        self, items: Iterable[T], convert: Callable[[T], object], length: int | None = None
    ) -> None:
        self.items = items
        self.convert = convert
        self.length = length if length is not None else len(cast(Sequence[T], items))

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[object]:
        return (self.convert(x) for x in self.items)


def _listed(items: Sequence[T], convert: Callable[[T], object], lazy: bool) -> object:
    return Items(items, convert) if lazy else [convert(x) for x in items]


def _report_obj(report: Report, lazy: bool) -> dict[str, Any]:
    out = {
        "schema": REPORT_SCHEMA_ID,
        "tool": _tool(report.tool_version),
        "document": _document(report.document),
        "summary": _summary(report),
        "sources": _listed(report.sources, _source, lazy),
        "claims": _listed(report.claims, _claim, lazy),
        "links": _listed(report.links, _link, lazy),
        "findings": _listed(report.findings, _finding, lazy),
        "generated_at": report.generated_at,
        "options": _jsonable(report.options),
    }
    if report.partial:  # only an interrupted run says so; a whole report stays as it was
        out["partial"] = True
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The contract object for one report (DESIGN.md key order, extensions after)."""
    return _report_obj(report, lazy=False)


def run_summary(reports: Sequence[Report]) -> dict[str, Any]:
    """Totals over several reports: documents, claims by basis, links by status, findings."""
    by_basis: dict[str, int] = {b: 0 for b in BASES}
    by_status: dict[str, int] = {s: 0 for s in LINK_STATUSES}
    by_severity: dict[str, int] = {"error": 0, "warning": 0, "note": 0}
    for r in reports:
        basis_counts, status_counts = _counts(r)
        for b, n in basis_counts.items():
            by_basis[b] += n
        for s, n in status_counts.items():
            by_status[s] += n
        for f in r.findings:
            by_severity[f.severity] += 1
    return {
        "documents": len(reports),
        "claims": sum(len(r.claims) for r in reports),
        "by_basis": by_basis,
        "links": sum(len(r.links) for r in reports),
        "by_status": by_status,
        "findings": sum(len(r.findings) for r in reports),
        "by_severity": by_severity,
    }


def run_to_dict(reports: Sequence[Report]) -> dict[str, Any]:
    """Several reports in one object: ``linkaudit/run/1`` wrapping contract objects."""
    return _run_obj(reports, lazy=False)


def _run_obj(reports: Sequence[Report], lazy: bool) -> dict[str, Any]:
    version = reports[0].tool_version if reports else _package_version()
    return {
        "schema": RUN_SCHEMA_ID,
        "tool": _tool(version),
        "reports": _listed(reports, lambda r: _report_obj(r, lazy), lazy),
        "summary": run_summary(reports),
    }


def report_pieces(reports: Sequence[Report]) -> Iterator[str]:
    """``--format json`` of ``reports`` as pieces of text, written one after the other.

    Each source, claim, link and finding is turned into its dict and its text only when the
    writer reaches it, so the memory of the rendering does not grow with the report."""
    if len(reports) == 1:
        return iter_dumps(_report_obj(reports[0], lazy=True))
    return iter_dumps(_run_obj(reports, lazy=True))


def _package_version() -> str:
    from linkaudit import __version__

    return __version__


# ---------------------------------------------------------------- reading back


def _opt_tuple(items: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _link_from(d: Mapping[str, Any]) -> Link:
    check: LinkCheck | None = None
    if d["checked_at"] is not None:
        f = d["failures"]
        check = LinkCheck(
            # the contract does not repeat the checked URL: it is the link's own
            url=d["url"] or "",
            status=d["status"],
            checked_at=d["checked_at"],
            http_status=d["http_status"],
            final_url=d["final_url"],
            redirects=tuple(Redirect(r["url"], r["status"]) for r in d["redirects"]),
            detail=d.get("detail"),
            failures=FailureHistory(f["count"], f["first"], f["last"]) if f else None,
        )
    a = d["archive"]
    copy = (
        ArchiveCopy(a["url"], a["timestamp"], a["source"], a.get("saved_now", False))
        if a and a.get("url")
        else None
    )
    return Link(
        id=d["id"],
        anchor=d["anchor"],
        href=d["href"],
        url=d["url"],
        start=d["start"],
        end=d.get("end", d["start"] + len(d["anchor"])),
        line=d["line"],
        role=d["role"],
        status=d["status"],
        claim=d["claim"],
        continues=d.get("continues"),
        check=check,
        archive=copy,
        recovered_from=d.get("recovered_from"),
        # a listed copy is the "found" state itself; archive_state holds the other states
        archive_state=a.get("state") if a and copy is None else None,
        archive_detail=a.get("detail") if a else None,
        fingerprint=d.get("fingerprint") or "",
    )


def _report_from(d: Mapping[str, Any]) -> Report:
    doc = d["document"]
    return Report(
        document=DocumentInfo(
            path=doc["path"],
            format=doc["format"],
            sha256=doc["sha256"],
            title=doc.get("title"),
            publisher=doc.get("publisher"),
            author=doc.get("author"),
            date=doc.get("date"),
            canonical_url=doc.get("canonical_url"),
            text=doc.get("text"),
            blocks=tuple(
                Block(b["start"], b["end"], b["role"], b["kind"]) for b in doc.get("blocks") or ()
            ),
            publisher_source=_publisher_from(doc.get("publisher_source")),
            original=_publisher_from(doc.get("original")),
            authors=tuple(doc.get("authors") or ()),
            language=_language_from(doc.get("language")),
        ),
        sources=tuple(
            Source(
                id=s["id"],
                name=s["name"],
                kind=s["kind"],
                cls=s["class"],
                basis=s["basis"],
                aliases=_opt_tuple(s["aliases"]),
                country=s["country"],
                registry_id=s["registry_id"],
                role=s.get("role"),
                anonymous=s.get("anonymous", False),
            )
            for s in d["sources"]
        ),
        claims=tuple(
            Claim(
                id=c["id"],
                text=c["text"],
                start=c["start"],
                end=c["end"],
                line=c["line"],
                sources=_opt_tuple(c["sources"]),
                cue=c["cue"],
                # reports written before cue_kind existed: "none" is the honest default
                cue_kind=c.get("cue_kind") or "none",
                quote=c["quote"],
                basis=c["basis"],
                via=c["via"],
                audience=c.get("audience"),
                links=_opt_tuple(c["links"]),
                fingerprint=c.get("fingerprint") or "",
            )
            for c in d["claims"]
        ),
        links=tuple(_link_from(k) for k in d["links"]),
        findings=tuple(
            Finding(
                rule=f["rule"],
                severity=f["severity"],
                message=f["message"],
                claim=f["claim"],
                link=f["link"],
                line=f.get("line"),
                column=f.get("column"),
                fingerprint=f.get("fingerprint") or "",
            )
            for f in d["findings"]
        ),
        tool_version=d["tool"]["version"],
        generated_at=d.get("generated_at") or "",
        options=dict(d.get("options") or {}),
        partial=bool(d.get("partial", False)),
    )


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a Report from its contract object; ReportError when it is not one."""
    from linkaudit.schema import validate_report

    validate_report(data)
    if data.get("schema") != REPORT_SCHEMA_ID:
        raise ReportError(f"expected a {REPORT_SCHEMA_ID} object, got {data.get('schema')!r}")
    return _report_from(data)


def reports_from_dict(data: object) -> tuple[Report, ...]:
    """Reports from a saved report or run object (what ``linkaudit render`` reads)."""
    from linkaudit.schema import validate_report

    validate_report(data)
    obj = cast(Mapping[str, Any], data)
    if obj["schema"] == RUN_SCHEMA_ID:
        return tuple(_report_from(r) for r in obj["reports"])
    return (_report_from(obj),)


def dumps(obj: object) -> str:
    """The one JSON spelling of linkaudit output: UTF-8 text, 2-space indent, newline-ended.

    Byte-identical to ``json.dumps(obj, ensure_ascii=False, indent=2)``, without its cost:
    with an indent, json's pure-Python encoder holds a chunk per token of the whole document
    (for a 100,000-link report, +420 MB and 14 s). Here each value is spelled by ``_text``,
    which uses the C string encoder for every leaf.
    """
    return "".join(iter_dumps(obj))


def iter_dumps(obj: object) -> Iterator[str]:
    """``dumps(obj)`` in pieces: one per item of the outer objects and lists (a run, its
    reports, each report's lists), so a writer can stream them to a file."""
    yield from _pieces(obj, _STREAM_DEPTH, "")
    yield "\n"


_STREAM_DEPTH = 4  # run -> reports -> report -> its lists -> items: split down to the items
_COMPACT = json.JSONEncoder(ensure_ascii=False)  # floats and anything unusual, exactly as json


def _pieces(obj: object, split: int, pad: str) -> Iterator[str]:
    if split > 0 and isinstance(obj, dict) and obj:
        inner = pad + "  "
        first = True
        for k, v in obj.items():
            yield ("{\n" if first else ",\n") + inner + _key(k) + ": "
            yield from _pieces(v, split - 1, inner)
            first = False
        yield "\n" + pad + "}"
    elif split > 0 and isinstance(obj, list | tuple | Items) and len(obj):
        inner = pad + "  "
        first = True
        for v in obj:
            yield ("[\n" if first else ",\n") + inner
            yield from _pieces(v, split - 1, inner)
            first = False
        yield "\n" + pad + "]"
    else:
        yield _text(obj, pad)


def iter_line(obj: object) -> Iterator[str]:
    """``json.dumps(obj, ensure_ascii=False) + "\\n"`` (one NDJSON line) in pieces, one per
    item of the outer objects and lists, as ``iter_dumps`` does for the indented form."""
    yield from _line_pieces(obj, _STREAM_DEPTH)
    yield "\n"


def _line_pieces(obj: object, split: int) -> Iterator[str]:
    if split > 0 and isinstance(obj, dict) and obj:
        sep = "{"
        for k, v in obj.items():
            yield sep + _key(k) + ": "
            yield from _line_pieces(v, split - 1)
            sep = ", "
        yield "}"
    elif split > 0 and isinstance(obj, list | tuple | Items) and len(obj):
        sep = "["
        for v in obj:
            yield sep
            yield from _line_pieces(v, split - 1)
            sep = ", "
        yield "]"
    else:
        yield _COMPACT.encode(list(obj) if isinstance(obj, Items) else obj)


def _key(k: object) -> str:
    if isinstance(k, str):
        return encode_basestring(k)
    # json's own spelling of a non-string key (True -> "true", 1 -> "1")
    return _COMPACT.encode({k: None})[1:-7]


def _text(obj: object, pad: str) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2)``, every line after the first
    indented by ``pad``: exactly, since JSON strings never hold a raw newline."""
    if isinstance(obj, str):
        return encode_basestring(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if type(obj) is int:
        return int.__repr__(obj)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        inner = pad + "  "
        body = ",\n".join(inner + _key(k) + ": " + _text(v, inner) for k, v in obj.items())
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(obj, list | tuple | Items):
        if not len(obj):
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join(inner + _text(v, inner) for v in obj) + "\n" + pad + "]"
    return _COMPACT.encode(obj)  # floats (and NaN as json spells it); TypeError as json


def _dump(obj: object, depth: int, pad: str) -> str:
    """``dumps`` of a value nested ``depth`` levels deep at indent ``pad``, without the
    final newline (the streaming run writer joins reports with it)."""
    return _text(obj, pad)


class JsonRenderer:
    """``--format json``: one report as the contract object, several as a run object."""

    name = "json"
    suffix = ".json"

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        return report_pieces(reports)

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return "".join(self.stream(reports, color=color))
