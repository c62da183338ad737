"""PolNeAR (Political News Attribution Relations) train and dev splits for bench/attribution.py.

    .venv/bin/python bench/polnear.py extract --from GITDIR [--to data/polnear]
    .venv/bin/python bench/polnear.py fetch-path DIR --from GITDIR   # the same, DIR first
    .venv/bin/python bench/polnear.py summary [--root data/polnear]

GITDIR is a bare clone of networkdynamics/PolNeAR (the search tool's ``fetch`` gives one). Only
the ``train`` and ``dev`` splits are ever read: the test split is not extracted, listed or
opened (``SPLITS`` is the whole list of what this module touches). PolNeAR's texts carry no
licence, so they live only under the git-ignored ``data/polnear/`` and never enter a commit.

Layout written by ``extract``::

    data/polnear/<split>/text/<doc>.txt            the article text (UTF-8)
    data/polnear/<split>/attributions/<doc>_<annotator>.ann   brat standoff
    data/polnear/<split>/coref/<doc>.json          CoreNLP dcoref chains, reduced (see below)

The annotation format (brat standoff, one line per item, tab-separated):

* ``T<n>  <Type> <start> <end>[;<start> <end>...]  <text>`` — a text-bound span; Type is
  ``Source``, ``Cue``, ``Content`` (or ``Content2`` for a second content part), ``Attribution``
  / ``Attribution-no-source`` (the attribution's anchor, on the cue), ``Discuss`` or
  ``Discard``. Offsets are character offsets into the .txt file; a span may have several
  fragments. The text field may run over several lines, so continuation lines are skipped and
  span texts are always re-read from the document at the offsets.
* ``E<n>  Attribution:T<a> Content:T<c> Cue:T<k> Source:T<s>`` — one attribution relation, its
  roles in any order; ``Attribution-no-source`` events have no Source role.
* ``#<n>  AnnotatorNotes ...`` — annotator comments, ignored.

Some documents were annotated by several annotators (one .ann file each); the bench uses the
first file in sorted order, so every run scores the same annotation.

PolNeAR does not link a pronoun source ("he") to its antecedent. Its release ships CoreNLP
``dcoref`` output beside the texts; ``extract`` reduces each XML file to its coreference chains
(mention character spans, text, the head's POS and NER, the representative flag), which the
bench uses to name a pronoun or nominal source (see bench/polnear_score.py).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO / "data" / "polnear"
SPLITS = ("train", "dev")  # never "test": PolNeAR's test split is not used at all

_T_LINE = re.compile(r"^T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"^E(\d+)\t(.*)$")
ATTRIBUTION_TYPES = ("Attribution", "Attribution-no-source")


@dataclass(frozen=True, slots=True)
class Span:
    """One annotated span: its fragments as (start, end) character offsets, and its text."""

    fragments: tuple[tuple[int, int], ...]
    text: str  # the fragments' text from the document, joined by one space

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.fragments)


@dataclass(frozen=True, slots=True)
class Mention:
    """A CoreNLP coreference mention: character span, text, head POS/NER, representative."""

    start: int
    end: int
    text: str
    head_pos: str
    head_ner: str
    representative: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str  # the brat event id, "E3"
    source: Span | None  # None for Attribution-no-source
    cue: Span | None
    content: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    name: str  # the text file's stem
    split: str
    path: Path  # the .txt file
    text: str
    attributions: tuple[Attribution, ...]
    chains: tuple[tuple[Mention, ...], ...] = ()


# ---------------------------------------------------------------- brat standoff


def _span(text: str, offsets: str) -> Span:
    frags = tuple((int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";")))
    for a, b in frags:
        if not 0 <= a <= b <= len(text):
            raise ValueError(f"span {a}-{b} lies outside the text ({len(text)} characters)")
    return Span(frags, " ".join(text[a:b] for a, b in frags))


def parse_ann(ann: str, text: str) -> tuple[Attribution, ...]:
    """Attribution relations of one brat .ann file over its document text.

    Raises ValueError for an event naming a span that is not defined or lies outside the text.
    """
    spans: dict[str, tuple[str, Span]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        t = _T_LINE.match(line)
        if t is not None:
            spans["T" + t.group(1)] = (t.group(2), _span(text, t.group(3)))
            continue
        e = _E_LINE.match(line)
        if e is not None:
            roles = [tuple(r.split(":", 1)) for r in e.group(2).split() if ":" in r]
            events.append(("E" + e.group(1), [(r[0], r[1]) for r in roles]))
        # anything else: annotator notes and continuation lines of a multi-line span text
    out: list[Attribution] = []
    for eid, roles in events:
        if not roles or roles[0][0] not in ATTRIBUTION_TYPES:
            continue
        role: dict[str, list[Span]] = {}
        for name, tid in roles:
            if tid not in spans:
                raise ValueError(f"{eid} names {tid}, which is not defined")
            role.setdefault(re.sub(r"\d+$", "", name), []).append(spans[tid][1])
        sources, cues = role.get("Source", []), role.get("Cue", [])
        out.append(
            Attribution(
                id=eid,
                source=sources[0] if sources else None,
                cue=cues[0] if cues else None,
                content=tuple(role.get("Content", [])),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- CoreNLP coreference


def reduce_corenlp(xml_bytes: bytes) -> list[list[dict[str, object]]]:
    """CoreNLP XML -> coreference chains of mentions with character offsets (JSON-ready)."""
    root = ET.fromstring(xml_bytes)
    tokens: dict[tuple[int, int], tuple[int, int, str, str]] = {}
    for sent in root.iter("sentence"):
        sid = sent.get("id")
        if sid is None:
            continue
        for tok in sent.iter("token"):
            tokens[(int(sid), int(tok.get("id") or 0))] = (
                int(tok.findtext("CharacterOffsetBegin") or 0),
                int(tok.findtext("CharacterOffsetEnd") or 0),
                tok.findtext("POS") or "",
                tok.findtext("NER") or "",
            )
    chains: list[list[dict[str, object]]] = []
    doc = root.find("document")
    outer = doc.find("coreference") if doc is not None else None
    for chain in outer.findall("coreference") if outer is not None else []:
        mentions: list[dict[str, object]] = []
        for m in chain.findall("mention"):
            n = int(m.findtext("sentence") or 0)
            first = tokens.get((n, int(m.findtext("start") or 0)))
            last = tokens.get((n, int(m.findtext("end") or 0) - 1))  # end is exclusive
            head = tokens.get((n, int(m.findtext("head") or 0)))
            if first is None or last is None or head is None:
                continue
            mentions.append(
                {
                    "start": first[0],
                    "end": last[1],
                    "text": m.findtext("text") or "",
                    "head_pos": head[2],
                    "head_ner": head[3],
                    "representative": m.get("representative") == "true",
                }
            )
        if len(mentions) > 1:
            chains.append(mentions)
    return chains


def _chains(path: Path) -> tuple[tuple[Mention, ...], ...]:
    if not path.exists():
        return ()
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        tuple(
            Mention(
                int(m["start"]),
                int(m["end"]),
                str(m["text"]),
                str(m["head_pos"]),
                str(m["head_ner"]),
                bool(m["representative"]),
            )
            for m in chain
        )
        for chain in raw
    )


# ---------------------------------------------------------------- loading


def ann_for(split_dir: Path, stem: str) -> Path | None:
    """The .ann file scored for a document: the first annotator's file in sorted order."""
    found = sorted((split_dir / "attributions").glob(f"{stem}_*.ann"))
    exact = split_dir / "attributions" / f"{stem}.ann"
    return found[0] if found else (exact if exact.exists() else None)


def load_split(root: Path, split: str, limit: int | None = None) -> list[PolnearDoc]:
    """Documents of one split (train or dev), sorted by name; ``limit`` keeps the first N."""
    if split not in SPLITS:
        raise ValueError(f"split {split!r} is not used (only {', '.join(SPLITS)})")
    split_dir = root / split
    docs: list[PolnearDoc] = []
    for txt in sorted((split_dir / "text").glob("*.txt")):
        if limit is not None and len(docs) >= limit:
            break
        ann = ann_for(split_dir, txt.stem)
        if ann is None:
            continue
        text = txt.read_text(encoding="utf-8")
        try:
            atts = parse_ann(ann.read_text(encoding="utf-8"), text)
        except ValueError as exc:
            raise ValueError(f"{ann}: {exc}") from exc
        chains = _chains(split_dir / "coref" / f"{txt.stem}.json")
        docs.append(PolnearDoc(txt.stem, split, txt, text, atts, chains))
    return docs


def available(root: Path = DEFAULT_ROOT) -> list[str]:
    """The splits extracted under root."""
    return [s for s in SPLITS if (root / s / "text").is_dir()]


# ---------------------------------------------------------------- extraction


def _git_files(gitdir: Path, prefix: str) -> list[tuple[str, str]]:
    """(blob id, path) of the files under prefix at HEAD of a bare repository."""
    out = subprocess.run(
        ["git", "--git-dir", str(gitdir), "ls-tree", "-r", "HEAD", "--", prefix],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        meta, path = line.split("\t", 1)
        rows.append((meta.split()[2], path))
    return rows


def _blobs(gitdir: Path, ids: Sequence[str]) -> Iterator[bytes | None]:
    """Contents of blobs in order (None for one absent from the clone), one ``git cat-file``."""
    proc = subprocess.Popen(
        ["git", "--git-dir", str(gitdir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        for oid in ids:
            proc.stdin.write(f"{oid}\n".encode())
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) == 2 and header[1] == b"missing":
                yield None  # a snapshot may leave its largest files out
                continue
            if len(header) < 3:
                raise ValueError(f"git cat-file: unexpected answer for {oid}: {header!r}")
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)  # the newline after the object
            yield data
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def extract(gitdir: Path, dest: Path) -> dict[str, int]:
    """Write train/dev texts, annotations and reduced coreference under dest; counts per kind."""
    counts: dict[str, int] = {}
    for split in SPLITS:
        for kind in ("text", "attributions", "corenlp"):
            rows = _git_files(gitdir, f"data/{split}/{kind}/")
            out_dir = dest / split / ("coref" if kind == "corenlp" else kind)
            out_dir.mkdir(parents=True, exist_ok=True)
            for (_, path), data in zip(rows, _blobs(gitdir, [r[0] for r in rows]), strict=True):
                name = Path(path).name
                if data is None:
                    counts[f"{split}/{kind} absent"] = counts.get(f"{split}/{kind} absent", 0) + 1
                    continue
                if kind == "corenlp":
                    stem = name.removesuffix(".txt.xml")
                    chains = reduce_corenlp(data)
                    (out_dir / f"{stem}.json").write_text(json.dumps(chains), encoding="utf-8")
                else:
                    (out_dir / name).write_bytes(data)
            counts[f"{split}/{kind}"] = len(rows)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("extract", help="extract train/dev from a bare PolNeAR clone")
    ex.add_argument("--from", dest="gitdir", type=Path, required=True)
    ex.add_argument("--to", dest="dest", type=Path, default=DEFAULT_ROOT)
    fp = sub.add_parser("fetch-path", help="the same as extract, the destination first")
    fp.add_argument("dest", type=Path)
    fp.add_argument("--from", dest="gitdir", type=Path, required=True)
    sm = sub.add_parser("summary", help="count documents and attributions per split")
    sm.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = ap.parse_args(argv)
    if args.cmd in ("extract", "fetch-path"):
        if not (args.gitdir / "HEAD").exists():
            print(f"not a git directory: {args.gitdir}", file=sys.stderr)
            return 2
        try:
            counts = extract(args.gitdir, args.dest)
        except (OSError, ValueError, subprocess.CalledProcessError, ET.ParseError) as exc:
            print(f"extraction failed: {exc}", file=sys.stderr)
            return 2
        for key, n in counts.items():
            print(f"{key}: {n} files")
        return 0
    for split in available(args.root):
        docs = load_split(args.root, split)
        atts = [a for d in docs for a in d.attributions]
        sourced = sum(a.source is not None for a in atts)
        print(f"{split}: {len(docs)} documents, {len(atts)} attributions ({sourced} with a source)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
