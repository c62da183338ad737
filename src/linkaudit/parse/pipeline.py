"""Load the verified model once per process and parse spans of a document in batches."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from typing import Any

from linkaudit.errors import ModelError
from linkaudit.parse.model_files import MODEL_DIR_ENV, ModelFiles, locate_model
from linkaudit.parse.tokens import ParsedSentence, Tok

# Sentences per spaCy batch: a batch's working arrays are freed after it, but they set the
# run's peak: 32 candidate sentences of one article cost up to ~20 MB at once, 8 about 8 MB
# (the issue-14 offline run peaks 10 MB lower) for ~4% more parse time; the parse is the same.
BATCH_SIZE = 8
MAX_SPAN_CHARS = 2_000  # longer "sentences" (lists, tables) hold no single attribution


class Parser:
    """spaCy over spans of text, converted to ``Tok`` records."""

    def __init__(self, files: ModelFiles, entities: bool = False) -> None:
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ModelError(f"spaCy is not importable ({exc})") from None
        self.files = files
        # the model's own senter is disabled in its config; sentences come from linkaudit.
        # NER is not run by default: it is more than half of the parse's cost, and on the three
        # tuning sets (tests/gold, aeb-dev, PolNeAR train) pair F1 was the same without it —
        # dates and weekdays are told by tag and word, names by the tagger's PROPN.
        # What is never run is not loaded either: NER's weights and the senter are ~13 MB of
        # every process's memory.
        unused = ["senter"] if entities else ["senter", "ner"]
        # "strings" (a serialization field of the vocab, not a component): the model's
        # strings.json holds every string seen in training (84,780) only as a hash -> text
        # table, ~16 MB resident once interned. The parse does not read it: features are hashed
        # from the text itself, and each string a parse yields (words, lemmas, tags, labels,
        # morphology) is interned as it is made, so the parse is the same without it.
        self._nlp: Any = spacy.load(files.path, exclude=[*unused, "strings"])
        self.disabled: list[str] = []

    def parse_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[ParsedSentence]:
        """One ParsedSentence per span, in order; offsets stay those of ``text``."""
        kept = [(a, min(b, a + MAX_SPAN_CHARS)) for a, b in spans]
        # a newline inside a span is a folded paragraph split; one space keeps offsets exact
        texts = (text[a:b].replace("\n", " ") for a, b in kept)
        out: list[ParsedSentence] = []
        docs = self._nlp.pipe(texts, batch_size=BATCH_SIZE, disable=self.disabled)
        for (a, b), sdoc in zip(kept, docs, strict=True):
            out.append(ParsedSentence(a, b, tuple(_tok(t, a) for t in sdoc)))
        return out


class DeferredParser:
    """The process's parser (``get_parser``), loaded at the first parse of any span.

    A document whose sentences hold no cue worth parsing asks for none, so a link-only corpus
    (a link list, the link zoo) never pays for spaCy's import and the model load (~1.6 s).
    A model that cannot load raises its ModelError at that first parse instead of up front.
    """

    def __init__(self) -> None:
        self._parser: Parser | None = None

    @property
    def loaded(self) -> bool:
        """True once the real parser has been asked for (tests read it)."""
        return self._parser is not None

    def parse_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[ParsedSentence]:
        """As ``Parser.parse_spans``; no spans parse to no sentences without loading spaCy."""
        if not spans:
            return []
        if self._parser is None:
            self._parser = get_parser()
        return self._parser.parse_spans(text, spans)


# Verb forms en_core_web_sm 3.8.0's rule lemmatiser gets wrong (found by lemmatising every
# inflected form of the cue lexicon in "He <form> that it works."): "hopes" -> "hop".
_VERB_LEMMA_FIXES = {
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
    "confess": "confess",
    "blogged": "blog",
    "blogging": "blog",
    "texted": "text",
    "texting": "text",
}


def _tok(t: Any, base: int) -> Tok:
    morph = t.morph
    lemma = t.lemma_
    if t.pos_ in ("VERB", "AUX"):
        lemma = _VERB_LEMMA_FIXES.get(t.text.lower(), lemma)
    gender = morph.get("Gender")
    number = morph.get("Number")
    return Tok(
        i=t.i,
        text=t.text,
        start=base + t.idx,
        end=base + t.idx + len(t.text),
        lemma=lemma,
        pos=t.pos_,
        tag=t.tag_,
        dep=t.dep_,
        head=t.head.i,
        ent=t.ent_type_,
        ent_iob=t.ent_iob_,
        gender=gender[0] if gender else "",
        number=number[0] if number else "",
    )


_lock = threading.Lock()


@functools.cache
def _parser(override: str | None) -> Parser:
    return Parser(locate_model(override))


def get_parser() -> Parser:
    """The process's one parser (loaded and verified on first use)."""
    with _lock:
        return _parser(os.environ.get(MODEL_DIR_ENV) or None)
