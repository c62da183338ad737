"""The source registry: which outlet, agency, government or think tank a name or a URL belongs to.

Data (package data, read once): ``data/sources.toml`` (hand-curated entries with aliases, search
forms and guards) and ``data/state_media.tsv`` (generated from the ASD/MJRC State Media Matrix
2023 by ``tools/build_registry.py``; rows with a curated id add domains to that entry).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast, get_args
from urllib.parse import urlsplit

from linkaudit.model import SourceClass, SourceKind

_KINDS: frozenset[str] = frozenset(get_args(SourceKind))
_CLASSES: frozenset[str] = frozenset(get_args(SourceClass))
_STATE_CONTROLLED = frozenset({"SC", "CaPu", "CaPr"})


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    id: str  # slug: "kcna", "tass", "reuters", "kremlin"
    name: str  # "Korean Central News Agency"
    aliases: tuple[str, ...]
    domains: tuple[str, ...]  # "kcna.kp", "tass.com"; "host/path" limits to a path prefix
    kind: SourceKind
    cls: SourceClass
    country: str | None  # ISO 3166-1 alpha-2; None for international
    basis: str  # why this class, citing the data it rests on
    state_affiliation: str | None = None  # MJRC typology code (SC, CaPu, ISFM ...) or text
    mirrors: str | None = None  # id of the original when this site republishes another's content
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class NameMatch:
    entry: RegistryEntry
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class _FindSpec:
    """How find_names searches one entry: its forms and the contexts that veto a match."""

    forms: tuple[str, ...]
    strict: bool = False  # veto "<form> <Capitalised word>" ("the Guardian Council")
    not_after: str | None = None  # regex vetoing what follows
    not_before: tuple[str, ...] = ()  # literal text vetoing what precedes ("Michael ")
    # forms that name the outlet only in context ("according to Bloomberg", not "Bloomberg has")
    ambiguous: tuple[str, ...] = ()
    need_before: tuple[str, ...] = ()  # literal text, one of which must precede an ambiguous form
    need_after: str | None = None  # ... or a regex that must follow it


# Government/IGO domain suffixes (labels from the right; "*" = any one label). After Cite
# Unseen's "government" suffix tokens, minus the state media it merges in. Order: specific first.
_SUFFIX_RULES: tuple[tuple[tuple[str, ...], SourceKind, str | None], ...] = (
    (("gov", "uk"), "government", "GB"),
    (("gov", "cn"), "government", "CN"),
    (("gov", "ru"), "government", "RU"),
    (("go", "jp"), "government", "JP"),
    (("go", "kr"), "government", "KR"),
    (("go", "id"), "government", "ID"),
    (("go", "th"), "government", "TH"),
    (("go", "ke"), "government", "KE"),
    (("gc", "ca"), "government", "CA"),
    (("gouv", "fr"), "government", "FR"),
    (("gv", "at"), "government", "AT"),
    (("admin", "ch"), "government", "CH"),
    (("gov",), "government", "US"),
    (("mil",), "government", "US"),
    (("gov", "*"), "government", None),
    (("gob", "*"), "government", None),
    (("gouv", "*"), "government", None),
    (("govt", "*"), "government", None),
    (("gub", "*"), "government", None),
    (("mil", "*"), "government", None),
    (("int",), "intergovernmental", None),
)

_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_SPACES = re.compile(r"\s+")


def _norm(name: str) -> str:
    """Key for by_name: case-folded, one space, straight apostrophes."""
    return _SPACES.sub(" ", name.replace("\u2019", "'")).strip().casefold()


def _surface_key(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u2019", "'"))


def _rule_entry(labels: tuple[str, ...], kind: SourceKind, country: str | None) -> RegistryEntry:
    suffix = ".".join("<ccTLD>" if x == "*" else x for x in labels)
    what = "intergovernmental organisation" if kind == "intergovernmental" else "government"
    return RegistryEntry(
        id="suffix-" + "-".join("any" if x == "*" else x for x in labels),
        name=f"{what.capitalize()} website (.{suffix})",
        aliases=(),
        domains=(),
        kind=kind,
        cls="primary",
        country=country,
        basis=f"{what} domain suffix .{suffix}",
    )


def _str_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of strings, got {value!r}")
    return tuple(dict.fromkeys(cast(list[str], value)))


def _entry_from_toml(src: Mapping[str, Any], extra_domains: Sequence[str]) -> RegistryEntry:
    kind, cls = src["kind"], src["cls"]
    if kind not in _KINDS or cls not in _CLASSES:
        raise ValueError(f"{src['id']}: unknown kind {kind!r} or class {cls!r}")
    domains = _str_tuple(src.get("domains", [])) + tuple(extra_domains)
    return RegistryEntry(
        id=src["id"],
        name=src["name"],
        aliases=tuple(a for a in _str_tuple(src.get("aliases")) if a != src["name"]),
        domains=tuple(dict.fromkeys(domains)),
        kind=cast(SourceKind, kind),
        cls=cast(SourceClass, cls),
        country=src.get("country"),
        basis=src["basis"],
        state_affiliation=src.get("state_affiliation"),
        mirrors=src.get("mirrors"),
        unsure=bool(src.get("unsure", False)),
    )


def _entry_from_row(row: Mapping[str, str]) -> RegistryEntry:
    state = row["typology"] in _STATE_CONTROLLED
    return RegistryEntry(
        id=row["id"],
        name=row["name"],
        aliases=(),
        domains=tuple(row["domains"].split()),
        kind="state-media" if state else "public-media",
        cls="state-media" if state else "secondary",
        country=row["country"] or None,
        basis=row["basis"] + (f" [{row['note']}]" if row["note"] else ""),
        state_affiliation=row["typology"],
        unsure=row["unsure"] == "yes",
    )


class _Trie:
    """Builds one regex from many literal forms, so matching costs one pass over the text."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.end: str | None = None  # the guard regex of a form ending here

    def add(self, tokens: Iterable[str], guard: str) -> bool:
        node = self
        for tok in tokens:
            node = node.children.setdefault(tok, _Trie())
        if node.end is not None:
            return False
        node.end = guard
        return True

    def pattern(self) -> str:
        alts = [tok + child.pattern() for tok, child in sorted(self.children.items())]
        if self.end is not None:
            alts.append(self.end)  # last: a longer form is tried first
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"


def _tokens(form: str) -> list[str]:
    out: list[str] = []
    for ch in form:
        if ch.isspace():
            if out and out[-1] == r"\s+":
                continue
            out.append(r"\s+")
        elif ch in "'\u2019":
            out.append("['\u2019]")
        else:
            out.append(re.escape(ch))
    return out


def _default_forms(e: RegistryEntry) -> tuple[str, ...]:
    """Name and aliases, minus "the X" when "X" is a form too, so spans never start with 'the'."""
    forms = (e.name, *e.aliases)
    return tuple(f for f in forms if not (f[:4] in ("the ", "The ") and f[4:] in forms))


def _guard(form: str, spec: _FindSpec) -> str:
    parts = [] if _CJK.search(form) else [r"(?!\w)"]
    if spec.strict:
        parts.append(r"(?![ \t\u00a0]+[A-Z])")
    if spec.not_after:
        parts.append(f"(?!{spec.not_after})")
    # lookbehind at the end of the form: fixed width, so it can live inside the trie
    parts.extend(f"(?<!{re.escape(before + form)})" for before in spec.not_before)
    if form in spec.ambiguous:
        context = [f"(?<={re.escape(before + form)})" for before in spec.need_before]
        if spec.need_after:
            context.append(f"(?={spec.need_after})")
        parts.append("(?:" + "|".join(context or ["(?!)"]) + ")")
    return "".join(parts)


class Registry:
    """Entries plus three indexes: by name, by host, and the compiled name pattern."""

    entries: tuple[RegistryEntry, ...]

    def __init__(
        self, entries: Sequence[RegistryEntry], find: Mapping[str, _FindSpec] | None = None
    ) -> None:
        rules = [(labels, _rule_entry(labels, kind, cc)) for labels, kind, cc in _SUFFIX_RULES]
        self.entries = tuple(entries) + tuple(e for _, e in rules)
        self._rules = rules
        self._by_id: dict[str, RegistryEntry] = {}
        for e in self.entries:
            if e.id in self._by_id:
                raise ValueError(f"duplicate registry id {e.id!r}")
            self._by_id[e.id] = e
        self._by_name: dict[str, RegistryEntry] = {}
        ambiguous: set[str] = set()
        find = find if find is not None else {}
        for e in entries:
            for n in (e.name, *e.aliases):
                key = _norm(n)
                other = self._by_name.setdefault(key, e)
                # curated entries (with search forms) win; a clash between others is dropped
                if other is not e and e.id not in find and other.id not in find:
                    ambiguous.add(key)
        for key in ambiguous:
            del self._by_name[key]
        self._by_host: dict[str, list[tuple[str, RegistryEntry]]] = {}
        for e in entries:
            for d in e.domains:
                host, _, path = d.lower().partition("/")
                host = host.removeprefix("www.")
                self._by_host.setdefault(host, []).append(("/" + path if path else "", e))
        for claims in self._by_host.values():
            claims.sort(key=lambda c: -len(c[0]))  # longest path prefix first
        self._forms: dict[str, RegistryEntry] = {}
        words, scripts = _Trie(), _Trie()
        for e in entries:
            spec = find.get(e.id)
            if spec is None:
                continue
            for form in spec.forms:
                trie = scripts if _CJK.search(form) else words
                if trie.add(_tokens(form), _guard(form, spec)):
                    self._forms[_surface_key(form)] = e
                    self._by_name.setdefault(_norm(form), e)  # what is found can be looked up
        alts = []
        if words.children:
            alts.append(r"(?<!\w)" + words.pattern())
        if scripts.children:
            alts.append(scripts.pattern())
        self._pattern = re.compile("|".join(alts) if alts else r"(?!)")

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_data(cls, sources_toml: str, state_media_tsv: str = "") -> Registry:
        """A registry from the text of a sources.toml and (optionally) a state_media.tsv."""
        sources: list[dict[str, Any]] = tomllib.loads(sources_toml).get("source", [])
        curated_ids = {s["id"] for s in sources}
        extra: dict[str, list[str]] = {}
        generated: list[RegistryEntry] = []
        for row in csv.DictReader(io.StringIO(state_media_tsv), delimiter="\t"):
            if row["id"] in curated_ids:
                extra.setdefault(row["id"], []).extend(row["domains"].split())
            else:
                generated.append(_entry_from_row(row))
        curated = [_entry_from_toml(s, extra.get(s["id"], ())) for s in sources]
        find = {
            s["id"]: _FindSpec(
                forms=_str_tuple(s["find"]) if "find" in s else _default_forms(e),
                strict=bool(s.get("strict", False)),
                not_after=s.get("not_after"),
                not_before=_str_tuple(s.get("not_before")),
                ambiguous=_str_tuple(s.get("ambiguous")),
                need_before=_str_tuple(s.get("need_before")),
                need_after=s.get("need_after"),
            )
            for s, e in zip(sources, curated, strict=True)
        }
        return cls([*curated, *generated], find)

    @classmethod
    def default(cls) -> Registry:
        """The shipped data, loaded once per process."""
        return _default()

    # ------------------------------------------------------------------ lookups

    def get(self, id: str) -> RegistryEntry:
        return self._by_id[id]

    def original(self, entry: RegistryEntry) -> RegistryEntry:
        """The outlet whose content a mirror republishes (the entry itself if not a mirror)."""
        seen = {entry.id}
        while entry.mirrors is not None and entry.mirrors in self._by_id:
            entry = self._by_id[entry.mirrors]
            if entry.id in seen:  # a cycle in the data: stop rather than loop
                break
            seen.add(entry.id)
        return entry

    def by_name(self, name: str) -> RegistryEntry | None:
        """Case-insensitive exact name or alias; tolerates a leading 'the' and a possessive."""
        key = _norm(name)
        for cand in (key, key.removesuffix("'s"), key.removesuffix("'")):
            for k in (cand, cand.removeprefix("the "), "the " + cand):
                if k in self._by_name:
                    return self._by_name[k]
        return None

    def find_names(self, text: str) -> list[NameMatch]:
        """All mentions of registry names, left to right, non-overlapping, longest first."""
        out: list[NameMatch] = []
        for m in self._pattern.finditer(text):
            entry = self._forms.get(_surface_key(m.group()))
            if entry is not None:
                out.append(NameMatch(entry, m.start(), m.end(), m.group()))
        return out

    def by_url(self, url: str) -> RegistryEntry | None:
        """Host + path prefix, then parent hosts down to the registrable domain, then suffixes."""
        if "://" not in url:
            url = "http://" + url.lstrip("/")
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").rstrip(".")
        except ValueError:
            return None
        if not host or ":" in host or host.replace(".", "").isdigit():
            return None  # no host, or an IP address: no outlet to name
        host = host.removeprefix("www.")
        path = parts.path.lower()
        for cand in _candidate_hosts(host):
            for prefix, entry in self._by_host.get(cand, ()):
                if not prefix or path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                    return entry
        labels = host.split(".")
        for rule, entry in self._rules:
            tail = labels[-len(rule) :]
            if len(labels) >= len(rule) and all(
                r in ("*", t) for r, t in zip(rule, tail, strict=True)
            ):
                return entry
        return None


@functools.cache
def _extractor() -> Any:
    # bundled Public Suffix List only: no network, no cache directory
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _candidate_hosts(host: str) -> list[str]:
    """The host, then each parent down to its registrable domain (ICANN section of the PSL)."""
    registrable = _extractor()(host).top_domain_under_public_suffix
    if not registrable:
        return [host]
    out, labels = [], host.split(".")
    for i in range(len(labels)):
        cand = ".".join(labels[i:])
        out.append(cand)
        if cand == registrable:
            break
    return out


@functools.cache
def _default() -> Registry:
    data = resources.files("linkaudit").joinpath("classify", "data")
    return Registry.from_data(
        data.joinpath("sources.toml").read_text(encoding="utf-8"),
        data.joinpath("state_media.tsv").read_text(encoding="utf-8"),
    )


__all__ = ["NameMatch", "Registry", "RegistryEntry"]
