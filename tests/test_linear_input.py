"""A long document costs each stage work and memory in proportion to its length (issue 13).

Not timed: each test counts the work a stage does (parse calls, executed lines, a TextIndex
built) or bounds the memory it allocates, on inputs where the replaced code was quadratic.
"""

from __future__ import annotations

import random
import re
import sys
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from types import FrameType
from typing import Any

from linkaudit.classify import profiles
from linkaudit.classify.claims import classify
from linkaudit.classify.profiles import TextIndex, describe
from linkaudit.extract import attribution, extract
from linkaudit.extract.continuations import find_continuations, joined_blocks
from linkaudit.extract.parsed_attribution import STREAM_CHUNK, parse_sentences
from linkaudit.extract.people import People, Person
from linkaudit.extract.spans import SpanIndex
from linkaudit.extract.testing import build_document, news_registry
from linkaudit.model import Block, Document, RawLink, Sentence
from linkaudit.parse import get_parser
from linkaudit.parse.tokens import ParsedSentence, ParseLike

_VOCABULARY = "officials ministry said figures were week plan talks according resumed"
_WORDS = tuple(_VOCABULARY.split())


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for i in range(sentences):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(5, 12)))
        url = f" https://site{i % 7}.example.org/news/{i}" if i % 3 == 0 else ""
        out.append(words.capitalize() + url + ".")
    return " ".join(out)


class _CountingParser:
    """The real parser, recording how many spans each call was given."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def parse_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[ParsedSentence]:
        self.calls.append(len(spans))
        return get_parser().parse_spans(text, spans)


def test_sentences_are_parsed_a_chunk_at_a_time_with_the_same_attributions(
    monkeypatch: Any,
) -> None:
    """extract parses a long paragraph's candidate sentences in chunks as it reaches them
    (never the whole document at once, which held every token of a 20 MB input in memory),
    and attributes exactly as when every sentence was parsed up front."""
    doc = build_document(_prose(random.Random(1), 2 * STREAM_CHUNK + 40))
    counting = _CountingParser()
    streamed = extract(doc, news_registry(), counting)
    assert len(counting.calls) >= 3
    assert max(counting.calls) <= STREAM_CHUNK
    assert sum(counting.calls) > 2 * STREAM_CHUNK  # most sentences say "said": they are parsed

    def up_front(
        doc: Document, sentences: Sequence[Sentence], parser: ParseLike
    ) -> dict[int, ParsedSentence]:
        return parse_sentences(doc, sentences, parser)

    monkeypatch.setattr(attribution, "ParseStream", up_front)
    assert extract(doc, news_registry(), get_parser()) == streamed


def _lines_run(module_file: str, fn: Callable[[], object]) -> int:
    """Python lines executed inside ``module_file`` while ``fn`` runs (a count of work)."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def _resolve_work(n: int) -> int:
    people = People()
    rng = random.Random(n)
    surnames = [f"Sur{i:05d}name" for i in range(n)]
    for i, surname in enumerate(surnames):
        people.add(Person(f"{rng.choice(['Ann', 'Bo', 'Cy'])} {surname}", i * 10, i * 10 + 5))

    def resolve_all() -> None:
        for i, surname in enumerate(surnames):
            assert people.resolve(surname, i * 10 + 100) is not None
            people.resolve(f"Zzz{i:05d}name", i * 10)  # a miss: the misspelling look-up

    import linkaudit.extract.people as module

    return _lines_run(module.__file__ or "", resolve_all)


def test_surname_resolution_work_is_linear_in_the_people_named() -> None:
    """Resolving a surname looks at the persons sharing that word, not at every person
    introduced so far: twice the people and mentions is about twice the work (it was four
    times: each look-up scanned the whole list)."""
    small, large = _resolve_work(300), _resolve_work(600)
    assert large / small < 2.4, (small, large)


def test_surname_resolution_still_prefers_the_first_earlier_person() -> None:
    """The index keeps the rules: the first person introduced before the mention wins, a
    later namesake only when none came before, and a one-letter misspelling resolves."""
    people = People()
    people.add(Person("Kim Jong Un", 100, 111))
    people.add(Person("Kim Il Sung", 50, 61))
    people.add(Person("Trevor Houser", 200, 213))
    people.add(Person("Kim Jong Un", 100, 111, role="leader"))  # a role learnt later
    assert people.resolve("Kim", 120) == Person("Kim Jong Un", 100, 111, "leader")
    assert people.resolve("Kim", 80) == Person("Kim Il Sung", 50, 61)
    assert people.resolve("Kim", 10) == Person("Kim Jong Un", 100, 111, "leader")
    assert people.resolve("Hauser", 300) == Person("Trevor Houser", 200, 213)
    assert people.resolve("Nobody", 300) is None


def _peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _one_block(text: str, links: Iterable[tuple[int, int]]) -> Document:
    raw = tuple(RawLink("x", "https://a.example/", a, b, "body") for a, b in links)
    return Document("-", "text", text, "0" * 64, (Block(0, len(text), "body"),), raw)


def test_a_long_block_is_never_copied_per_link_or_tokenised_whole() -> None:
    """Torn-link detection and the name scan read a 550 KB paragraph with 2,000 links without
    copying the rest of the block at each link or holding all its tokens at once: their peak
    allocation stays below half the text's own size."""
    text = _prose(random.Random(2), 8000)
    starts = [m.start() for m in re.finditer(r"https://", text)][:2000]
    doc = _one_block(text, [(a, a + 20) for a in starts])
    second = Document(
        doc.path,
        doc.format,
        doc.text,
        doc.sha256,
        (Block(0, len(text) - 10, "body"), Block(len(text) - 8, len(text), "body")),
        doc.links,
    )
    assert len(text) > 500_000
    # what stays is the offset -> link table (~140 KB for 2,000 links); a copy of the rest of
    # the block at the first link is already the whole text
    assert _peak_bytes(lambda: find_continuations(second)) < len(text) // 2
    assert _peak_bytes(lambda: joined_blocks(second)) < len(text) // 2
    people = People()
    no_spans: SpanIndex[tuple[int, int]] = SpanIndex([], lambda s: s)
    assert _peak_bytes(lambda: people.scan(text, 0, len(text), no_spans)) < len(text) // 4


def _old_occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """The replaced implementation: one regex pass over the whole text per form."""
    forms = [name]
    parts = name.split()
    if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) > 2:
        forms.append(parts[-1])
    seen: set[int] = set()
    out = []
    for form in forms:
        for m in re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text):
            if m.start() not in seen:
                seen.add(m.start())
                out.append((m.start(), m.end()))
    return out


def test_name_occurrences_from_the_index_equal_a_regex_pass() -> None:
    """The word index finds exactly the occurrences (and "study by <name>" phrases) the
    per-name regex pass found, for names with possessives, hyphens, repeats and overlaps."""
    rng = random.Random(4)
    pieces = [
        "Jane Doe", "Doe", "Doe's", "Does", "O'Neil", "Moody's Analytics", "Jane Doe Jane Doe",
        "a study by Jane Doe", "research from the Moody's Analytics", "JaneDoe", "Doe-Smith",
        "Élise Müller", "Müller", "the", "said", ",", ".", "(Doe)", "_Doe", "Doe_",
    ]  # fmt: skip
    text = " ".join(rng.choice(pieces) for _ in range(3000))
    index = TextIndex(text)
    for name in ("Jane Doe", "Doe", "O'Neil", "Moody's Analytics", "Élise Müller", "Doe-Smith"):
        assert list(profiles._occurrences(index, name)) == _old_occurrences(text, name), name
        old_work = [
            m.group(0)
            for m in re.finditer(
                profiles._WORK_OF + re.escape(name) + r"(?![\w])", text, re.IGNORECASE
            )
        ]
        assert list(profiles._work_of(index, name)) == old_work, name
        assert describe(text, name, (), news_registry(), index) == describe(text, name)


def test_classify_describes_every_name_from_one_index(monkeypatch: Any) -> None:
    """classify builds one TextIndex per document and every described name reads it: the text
    is passed over once, not once per source (233 names of a 4 MB input took 9 s)."""
    built: list[int] = []
    real_init = TextIndex.__init__

    def counting_init(self: TextIndex, text: str) -> None:
        built.append(len(text))
        real_init(self, text)

    monkeypatch.setattr(TextIndex, "__init__", counting_init)
    names = [f"Person{i:03d} Name{i:03d}" for i in range(40)]
    doc = build_document(*(f"{n}, an analyst, said the plan would fail." for n in names))
    _, claims = classify(doc, extract(doc, news_registry()), news_registry())
    assert len(claims) == len(names)
    assert built == [len(doc.text)]


def _html_span_work(n: int) -> int:
    """Lines run in render/html.py to choose the marked spans of ``n`` claims, each holding
    one link, plus ``n`` links outside every claim."""
    from dataclasses import replace

    from linkaudit.render import html
    from report_samples import rich_report

    base = rich_report()
    claims = tuple(
        replace(base.claims[0], id=f"c{i + 1}", start=i * 100, end=i * 100 + 50, links=())
        for i in range(n)
    )
    inside = [replace(base.links[0], id=f"l{i + 1}", start=i * 100 + 10, end=i * 100 + 20)
              for i in range(n)]  # fmt: skip
    outside = [replace(base.links[0], id=f"m{i + 1}", start=i * 100 + 60, end=i * 100 + 70)
               for i in range(n)]  # fmt: skip
    report = replace(base, claims=claims, links=(*inside, *outside))
    text = "x" * (n * 100)
    kept: list[object] = []
    work = _lines_run(html.__file__, lambda: kept.extend(html._kept_spans(report, "r1", text)))
    assert len(kept) == 3 * n  # every claim and every link is marked
    return work


def test_html_span_choice_is_linear_in_claims_and_links() -> None:
    """The HTML renderer finds the claims a link crosses by bisection: twice the claims and
    links is about twice the work (comparing every link with every claim was 4x; 20k links
    took 18.7 s in HTML against 5.4 s in JSON)."""
    small, large = _html_span_work(300), _html_span_work(600)
    assert large / small < 2.4, (small, large)


def test_the_streamed_scan_reads_the_same_titles() -> None:
    """The streamed people scan keeps only some tokens before a name: a title is read back to
    the start of its clause, never across what the stream left out ("In 2015, Trump released a
    letter from his longtime physician Dr. Harold Bornstein" gives Bornstein no title)."""

    def roles(text: str) -> list[tuple[str, str | None]]:
        people = People()
        people.scan(text, 0, len(text), SpanIndex([], lambda s: s))
        return [(p.name, p.role) for p in people.persons]

    text = "In 2015, Trump released a letter from his longtime physician Dr. Harold Bornstein."
    assert roles(text) == [("Harold Bornstein", None)]
    assert roles("He said so. Kremlin spokesman Dmitry Peskov denied it.") == [
        ("Dmitry Peskov", "Kremlin spokesman")
    ]
