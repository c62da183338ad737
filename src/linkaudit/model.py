"""The data that flows between linkaudit's stages: frozen dataclasses, no I/O.

load -> Document -> extract -> Attribution -> classify -> Source/Claim
     -> resolve -> LinkCheck -> archive -> ArchiveCopy -> Report -> render

Offsets (``start``/``end``) are character offsets into ``Document.text``, the plain text the
loader made of the input; ``line`` is the 1-based line in the *input file* (for SARIF and
editors), found through ``Document.line_at``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal, get_args

_NEWLINE = re.compile("\n")

DocFormat = Literal["text", "markdown", "html"]
Role = Literal["body", "chrome"]
SourceClass = Literal["primary", "state-media", "secondary"]
Basis = Literal["primary", "state-media", "secondary", "unsourced"]
BASES: tuple[Basis, ...] = ("primary", "state-media", "secondary", "unsourced")

# What a source is. Registry kinds plus the kinds inferred from a role in the text.
SourceKind = Literal[
    "state-media",  # state-controlled outlet (MJRC SC, CaPu, CaPr)
    "public-media",  # state-funded, editorially independent (BBC, DW, VOA): secondary
    "government",  # a government body, ministry, agency, its website
    "intergovernmental",  # UN, NATO, IAEA ...
    "official",  # a person speaking for a government or body
    "wire",
    "newspaper",
    "broadcaster",
    "magazine",
    "digital",  # online-only outlet
    "think-tank",
    "academic",
    "organization",  # company, NGO, party ...
    "person",  # a named person without an official role (pundit, analyst, witness)
    "document",  # a readout, press release, letter, report, filing, dataset
    "anonymous",  # "officials said", "people familiar with the matter"
    "outlet",  # a publication of unknown kind
]

LinkStatus = Literal[
    "ok",
    "redirected",
    "failing",
    "dead",
    "soft-404",
    "blocked",
    "rate-limited",
    "timeout",
    "error",
    "missing-target",
    "excluded",
    "unchecked",
]
LINK_STATUSES: tuple[LinkStatus, ...] = get_args(LinkStatus)
Severity = Literal["error", "warning", "note"]
# What the archive lookup of a link came to: a copy; the archives answered "no copy"; they
# could not be asked (timeout, refused, 5xx); or they were not asked (private URL, lookups off).
ArchiveState = Literal["found", "none", "unavailable", "skipped"]

# How an attribution was recognised; the gold evaluation counts by these.
CueKind = Literal[
    "speech-verb",  # "X said", "said X", "X told Y", "X wrote"
    "according-to",  # "according to X"
    "document",  # a document as the subject: "the report found", "X's readout said"
    "nominal",  # how it was said, as a noun: "in a statement, X ...", "a report by X"
    "belief",  # beliefs and intentions: "X believes", "X wants", "X plans"
    "colon",  # "Name: '…'" (transcripts, Q&A)
    "reportedly",  # an unnamed report: "reportedly", "is said to", "allegedly"
    "pronoun",  # "he said" resolved to the last named speaker
    "anonymous",  # "officials said", "people familiar with"
    "quote",  # a quote carried over from the previous sentence's speaker
    "link",  # no cue in the text; the source is the linked site
    "mention",  # an outlet named as the actor of the sentence ("Tass played up ...")
    "none",  # no attribution found (unsourced claim)
]


def link_id(index: int) -> str:
    """Report id of ``Document.links[index]``: ids follow document order, l1, l2, ..."""
    return f"l{index + 1}"


def claim_id(index: int) -> str:
    """Report id of the index-th claim in document order: c1, c2, ..."""
    return f"c{index + 1}"


# ---------------------------------------------------------------- load


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level run of ``Document.text`` (paragraph, heading, list item, caption)."""

    start: int
    end: int
    role: Role
    kind: str = "p"  # p | heading | li | quote | caption | pre


@dataclass(frozen=True, slots=True)
class RawLink:
    """A link as written in the input: its anchor text's span in ``Document.text``."""

    anchor: str
    href: str  # exactly as written ("#", "", "javascript:void(0)", a relative path ...)
    start: int
    end: int
    role: Role
    kind: Literal["markdown", "html", "bare"] = "markdown"


@dataclass(frozen=True, slots=True)
class Document:
    """One loaded article: plain text with its blocks and links."""

    path: str  # as given on the command line; "-" for stdin
    format: DocFormat
    text: str
    sha256: str  # of the input bytes
    blocks: tuple[Block, ...]
    links: tuple[RawLink, ...]
    # (offset in text, 1-based source line) at each plain-text line start, sorted by offset
    line_map: tuple[tuple[int, int], ...] = ((0, 1),)
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 date of publication when the document says it
    canonical_url: str | None = None  # the page's own URL (<link rel=canonical>, og:url)
    encoding: str = "utf-8"
    authors: tuple[str, ...] = ()  # each author's name; ``author`` is them joined by ", "
    # what the loader could not read as written ("HTML nested deeper than 250 levels ...")
    notes: tuple[str, ...] = ()
    lang: str | None = None  # the language the page declares (<html lang>), as written
    # Sorted keys for bisect, computed once: line_at and block_index run per link and per
    # sentence, and rebuilding them each call made a 10,000-link document quadratic.
    _line_keys: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _block_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # Offsets of every "\n" in text, built on first use: counting newlines per call (line_at)
    # or searching back to the line start (column_at) made one long line or one long mapped
    # run quadratic in the number of links.
    _newlines: list[int] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_line_keys", tuple(o for o, _ in self.line_map))
        object.__setattr__(self, "_block_starts", tuple(b.start for b in self.blocks))

    def _newline_offsets(self) -> list[int]:
        if self._newlines is None:
            found = [m.start() for m in _NEWLINE.finditer(self.text)]
            object.__setattr__(self, "_newlines", found)
            return found
        return self._newlines

    def line_at(self, offset: int) -> int:
        """1-based line of the input file holding ``text[offset]``."""
        i = bisect.bisect_right(self._line_keys, offset) - 1
        if i < 0:
            return 1
        base_offset, line = self.line_map[i]
        # within one mapped run, later newlines in text still advance the line
        if offset <= base_offset:
            return line
        newlines = self._newline_offsets()
        return (
            line + bisect.bisect_left(newlines, offset) - bisect.bisect_left(newlines, base_offset)
        )

    def column_at(self, offset: int) -> int:
        """1-based column of ``text[offset]`` within its plain-text line."""
        newlines = self._newline_offsets()
        i = bisect.bisect_left(newlines, offset)  # newlines before offset: newlines[:i]
        line_start = newlines[i - 1] + 1 if i > 0 else 0
        return offset - line_start + 1

    def block_index(self, offset: int) -> int | None:
        """Index in ``blocks`` of the block containing ``offset``, if any."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < max(
            self.blocks[i].end, self.blocks[i].start + 1
        ):
            return i
        return None

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset``, if any."""
        i = self.block_index(offset)
        return None if i is None else self.blocks[i]


# ---------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str  # text[start:end] with inner whitespace runs (a repaired paragraph split) folded
    block: int  # index of its (first) block in Document.blocks
    role: Role = "body"


@dataclass(frozen=True, slots=True)
class Mention:
    """Who or what a sentence is attributed to, as the text names it."""

    name: str  # canonical form as the text gives it: "Dmitry Peskov", "Korean Central News Agency"
    kind: SourceKind
    start: int = -1  # span of the name in Document.text; -1 when implied (pronoun, carried quote)
    end: int = -1
    role: str | None = None  # "Kremlin spokesman", "a prominent Russian pundit"
    owner: str | None = None  # for documents/officials: whose ("Russian", "DPRK Foreign Ministry")
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """One sentence's attribution: the extractor's output, before classification."""

    sentence: Sentence
    source: Mention | None
    cue: str | None  # the cue words as written: "said", "according to", "took note"
    cue_kind: CueKind
    quote: str | None = None
    quote_start: int = -1
    quote_end: int = -1
    via: Mention | None = None  # an outlet or document relaying the source
    audience: str | None = None  # whom it was said to, when not an outlet: "CSIS think tank"
    links: tuple[int, ...] = ()  # indexes into Document.links
    also: tuple[Mention, ...] = ()  # further sources of the same cue: "X and Y said"


# ---------------------------------------------------------------- classify


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    kind: SourceKind
    cls: SourceClass
    basis: str  # why this class: "registry: MJRC State Media Monitor SC", "role: spokesman"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    registry_id: str | None = None
    role: str | None = None
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    start: int
    end: int
    line: int
    sources: tuple[str, ...]  # Source ids
    cue: str | None
    cue_kind: CueKind
    quote: str | None
    basis: Basis
    via: str | None = None  # name of what relays the source
    audience: str | None = None
    links: tuple[str, ...] = ()  # Link ids
    fingerprint: str = ""  # content key (text + sources), set when the report is built


# ---------------------------------------------------------------- resolve


@dataclass(frozen=True, slots=True)
class Redirect:
    url: str
    status: int


@dataclass(frozen=True, slots=True)
class FailureHistory:
    """Transient failures of a URL seen in the cache (K checks over D hours rule)."""

    count: int
    first: str  # ISO 8601 UTC
    last: str


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The outcome of checking one URL: a value, never an exception."""

    url: str
    status: LinkStatus
    checked_at: str  # ISO 8601 UTC
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Redirect, ...] = ()
    detail: str | None = None  # human-readable reason: "HTTP 404", "DNS name not found"
    failures: FailureHistory | None = None
    from_cache: bool = False
    elapsed_ms: int | None = None


# ---------------------------------------------------------------- archive


@dataclass(frozen=True, slots=True)
class ArchiveCopy:
    url: str
    timestamp: str  # ISO 8601 UTC of the capture
    source: str  # wayback | memento:<archive> | spn2
    saved_now: bool = False


# ---------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    anchor: str
    href: str
    url: str | None  # absolute http(s) URL (secrets redacted), None when the target is lost
    start: int
    end: int
    line: int
    role: Role
    status: LinkStatus
    claim: str | None = None  # Claim id
    continues: str | None = None  # id of the link this one continues (split by conversion)
    check: LinkCheck | None = None
    archive: ArchiveCopy | None = None
    recovered_from: str | None = None  # how a lost target was recovered ("original page ...")
    # the lookup's outcome when it found no copy (a set ``archive`` is the "found" state)
    archive_state: ArchiveState | None = None
    archive_detail: str | None = None  # why unavailable or skipped
    fingerprint: str = ""  # content key (URL + anchor), set when the report is built


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # LA001 ...
    severity: Severity
    message: str
    claim: str | None = None
    link: str | None = None
    line: int | None = None
    column: int | None = None
    fingerprint: str = ""  # rule + document + subject: what baselines key on


@dataclass(frozen=True, slots=True)
class PublisherRef:
    """Who published the document (or the original of a repost), as the registry knows it."""

    name: str
    cls: SourceClass | None  # None: not in the registry, no class to state
    kind: SourceKind | None = None
    registry_id: str | None = None
    basis: str | None = None  # the registry's reason for the class, or how it was found
    url: str | None = None  # for an original: where it was published, when the text says


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    path: str
    format: DocFormat
    sha256: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    canonical_url: str | None = None
    text: str | None = None  # Document.text, so a saved report can be rendered as HTML again
    blocks: tuple[Block, ...] = ()  # body vs. chrome runs of text, for tools and the HTML view
    publisher_source: PublisherRef | None = None  # the publisher's registry entry and class
    original: PublisherRef | None = None  # a repost's original publisher ("The original source…")
    authors: tuple[str, ...] = ()  # each author's name; ``author`` is them joined by ", "
    language: Language | None = None  # the language attribution read the document in


# How a document's attributions were read: the spaCy parse (English) or, for other languages,
# cue lexicons and surface patterns only (extract/foreign.py).
AttributionMethod = Literal["parser", "patterns"]


@dataclass(frozen=True, slots=True)
class Language:
    """The language a document was read in, and why that one."""

    code: str  # ISO 639-1 ("en", "ko", "pt"), from the declared tag checked against the text
    declared: str | None  # the page's <html lang> as written, when it has one
    basis: str  # how the code was chosen: "html lang=ko; Hangul text", "text: English words"
    method: AttributionMethod
    note: str | None = None  # what a reader should know about attribution in this language


@dataclass(frozen=True, slots=True)
class Report:
    document: DocumentInfo
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    links: tuple[Link, ...]
    findings: tuple[Finding, ...]
    tool_version: str
    generated_at: str
    options: dict[str, object] = field(default_factory=dict)
    # True when the run was interrupted (SIGINT/SIGTERM) before every stage finished: links
    # not yet checked are "unchecked" with a detail saying so
    partial: bool = False

    def by_basis(self) -> dict[Basis, int]:
        counts: dict[Basis, int] = {b: 0 for b in BASES}
        for c in self.claims:
            counts[c.basis] += 1
        return counts

    def by_status(self) -> dict[LinkStatus, int]:
        counts: dict[LinkStatus, int] = {}
        for link in self.links:
            counts[link.status] = counts.get(link.status, 0) + 1
        return counts
