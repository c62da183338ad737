"""Attribution on pages not in English: cue lexicons and surface patterns, no parser.

The English extractor reads a spaCy parse; there is no parser here for the other languages, so
their cues are read off the surface (data/foreign_cues.toml): a speech verb with a capitalised
name, a title and name, a pronoun or an unnamed group on either side of it ("Name verb ...",
"..., verb Name"), "according to Name", a transcript's "Name: ..." turns, a quote's speaker
named before a colon ("X berkata: “...”"), and a bracketed citation after a quoted passage
("[Al Maa-idah 2]"). Korean, which writes no capitals, is read by its particles: the name
before 은/는/이/가 ahead of a speech verb, "X에 따르면", and the last speaker when the subject
is dropped. Quotes, carried speakers, link sources and the registry work as on English pages
(``ForeignExtractor`` is the English ``Extractor`` with its surface cues replaced).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from linkaudit.extract.attribution import Extractor, attribute_sentences
from linkaudit.extract.foreign_cues import ForeignCues, foreign_cues, stop_words
from linkaudit.extract.mentions import Hit
from linkaudit.extract.patterns import Found, kind_of
from linkaudit.extract.protocols import E, RegistryLike
from linkaudit.extract.quotes import CLOSE, OPEN
from linkaudit.extract.sentences import fold, split_sentences
from linkaudit.model import Attribution, CueKind, Document, Language, Mention, Sentence, SourceKind

UNNAMED_REPORTS = Mention("unnamed reports", "anonymous", -1, -1, "reports", None, True)
_TOKEN = re.compile(r"\S+")
_EDGE = "\"“”‘’'«»()[]{}.,;:!?…—–-"
# A sentence break the English splitter cannot see: after final punctuation, a letter of a
# script without case (Hangul, kana, Han ...) opens the next sentence.
_BREAK = re.compile(r"[.!?…]+[\"”’'»)\]]*\s+")
_COLON_TURN = re.compile(r"^\s*(?P<who>[^\s:]+(?:\s+[^\s:]+){0,3}?)\s*:\s+(?=\S)")
_CITATION = re.compile(r"^\s*\[(?P<name>[^\[\]\d]{2,60}?)\s*\d[\d:;.,\s-]*\]\s*$")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_PERSON_KINDS = ("person", "official", "academic")
# a word ending so before 은/는 is a verb's modifier form ("토로하는 과정"), never a name
_VERB_STEMS = ("하", "되", "있", "없", "했", "된", "졌", "았", "었", "였", "이", "한", "던")


def _caseless(ch: str) -> bool:
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def _bare(word: str) -> str:
    return word.strip(_EDGE).lower()


def _capitalised(word: str) -> bool:
    w = word.strip(_EDGE)
    return bool(w) and w[0].isupper()


def resplit(doc: Document, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences, cut again where the English rules keep on: a break before a caseless
    script ("…일이다. 타인의 …") and a line break after final punctuation."""
    out: list[Sentence] = []
    for s in sentences:
        cuts = [s.start]
        text = doc.text[s.start : s.end]
        for m in _BREAK.finditer(text):
            nxt = text[m.end() : m.end() + 3].lstrip("\"“‘'«([")
            newline = "\n" in m.group(0)
            if nxt and (_caseless(nxt[0]) or newline):
                cuts.append(s.start + m.end())
        for m in re.finditer(r"\n+", text):
            nxt = text[m.end() : m.end() + 2].lstrip("\"“‘'«([")
            if nxt and _caseless(nxt[0]):
                cuts.append(s.start + m.end())
        cuts = sorted(set(cuts))
        for a, b in zip(cuts, [*cuts[1:], s.end], strict=True):
            while b > a and doc.text[b - 1].isspace():
                b -= 1
            if b <= a:
                continue
            block = doc.block_index(a)
            out.append(
                replace(
                    s,
                    start=a,
                    end=b,
                    text=fold(doc.text[a:b]),
                    block=block if block is not None else s.block,
                )
            )
    return out


class ForeignExtractor(Extractor):
    """The English extractor's quote, carry-over and link machinery with the surface cues of
    one language's lexicon in place of the English patterns and the parse."""

    def __init__(self, doc: Document, registry: RegistryLike[E], cues: ForeignCues | None) -> None:
        super().__init__(doc, registry, {})
        self.cues = cues
        self.stops = stop_words().get(cues.code if cues else "", frozenset())
        # cue words opening a sentence ("Laut Gesetz …") are no part of a name
        self._cue_words = (
            frozenset(w for c in (cues.speech, cues.according) for w in c if " " not in w)
            if cues
            else frozenset()
        )
        self.full_names = self._full_names()
        self.turns: dict[int, Found] = {}  # block index -> the speaker of its transcript turn
        self.pending: tuple[Found, int] | None = None  # "X said:" -> (speaker, sentence no)
        self.speaker: Mention | None = None  # the last named speaker
        self.korean_names = self._korean_names() if cues and cues.code == "ko" else set()
        if cues is not None:
            self.speech_re = _alternation(cues.speech)
            self.according_re = _alternation(cues.according)
            self.after_re = _alternation(cues.according_after)
            self.reportedly_re = _alternation(cues.reportedly)
            self.belief_re = _alternation(tuple(sorted(cues.belief, key=len, reverse=True)))

    # ------------------------------------------------------------ names

    def _full_names(self) -> list[tuple[str, ...]]:
        """Multi-word capitalised names of the text, so that a lone "Umar" or "Eugênio" later
        on is the "Umar bin Al-Khaththab" or "Eugênio Tadeu" introduced before."""
        connectors = self.cues.connectors if self.cues else frozenset()
        found: list[tuple[str, ...]] = []
        run: list[str] = []
        text = self.doc.text[:200_000]
        last_end = 0
        for m in _TOKEN.finditer(text):
            w = m.group(0)
            core = w.strip(_EDGE)
            if "\n" in text[last_end : m.start()]:
                self._keep_run(run, found)  # a name never runs over a line break
                run = []
            last_end = m.end()
            if core and (_capitalised(core) or (run and core.lower() in connectors)):
                run.append(core)
                if w[-1] in ',.;:!?)”"»' and len(w) > 1:
                    self._keep_run(run, found)
                    run = []
                continue
            self._keep_run(run, found)
            run = []
        self._keep_run(run, found)
        return found

    def _keep_run(self, run: list[str], found: list[tuple[str, ...]]) -> None:
        while run and (run[-1].lower() in (self.cues.connectors if self.cues else ())):
            run.pop()
        while run and run[0].lower() in self.stops:
            run.pop(0)
        while run and run[0].lower().rstrip(".") in self._titles():
            run.pop(0)  # "Bürgermeister Klaus Weber": the name is "Klaus Weber"
        if 2 <= len(run) <= 5 and tuple(run) not in found:
            found.append(tuple(run))

    def _resolve(self, name: str) -> str:
        words = name.split()
        if len(words) != 1:
            return name
        for full in self.full_names:
            if words[0] in (full[0], full[-1]) and full[0].lower() not in self._cue_words:
                return " ".join(full)
        return name

    def _titles(self) -> frozenset[str]:
        return self.cues.titles if self.cues else frozenset()

    def _mention(self, words: list[tuple[str, int, int]], title: str | None) -> Mention | None:
        """The Mention of a run of (word, start, end) tokens, with the title before it."""
        if not words:
            return None
        a, b = words[0][1], words[-1][2]
        for h in self.ctx.hit_in(a, b):
            return self.ctx.registered(h)
        name = " ".join(w for w, _, _ in words)
        head = words[0][0].lower()
        cues = self.cues
        kind: SourceKind = "person"
        if cues is not None and head in cues.groups:
            return Mention(name, "anonymous", a, b, head, None, True)
        if cues is not None and (head in cues.bodies or name.lower() in cues.bodies):
            kind = "government"
        elif title:
            kind = "official"
        elif len(words) > 5:
            return None
        if kind == "person":
            name = self._resolve(name)
            if cues is not None and cues.nouns_capitalised and " " not in name:
                return None  # "Gesetz", "Vergangenheit": German nouns, not names
        return Mention(name, kind, a, b, title, None)

    def _name_before(self, masked: str, end: int, base: int) -> Mention | str | None:
        """The speaker written right before ``masked[end]``: a Mention, "pronoun", or None."""
        cues = self.cues
        if cues is None:
            return None
        toks = [
            (m.group(0), base + m.start(), base + m.end()) for m in _TOKEN.finditer(masked[:end])
        ]
        while toks and _bare(toks[-1][0]) in cues.skip and not toks[-1][0].endswith(","):
            toks.pop()
        if not toks:
            return None
        last = toks[-1][0]
        if last.endswith((",", ";", ":")):
            return None
        if _bare(last) in cues.pronouns and last == last.strip(_EDGE):
            return "pronoun"
        run: list[tuple[str, int, int]] = []
        i = len(toks) - 1
        while i >= 0:
            w, a, b = toks[i]
            core = w.strip(_EDGE)
            if run and w[-1:] in ",;:":
                break
            if core and (_capitalised(core) or (run and core.lower() in cues.connectors)):
                lead = len(w) - len(w.lstrip(_EDGE))
                run.insert(0, (core, a + lead, a + lead + len(core)))
                i -= 1
                if w[:1] in _EDGE and w[:1] not in "-":
                    break
                continue
            break
        while run and run[0][0].lower() in cues.connectors:
            run.pop(0)
        title = None
        while run and (
            run[0][0].lower() in cues.titles or run[0][0].lower().rstrip(".") in cues.titles
        ):
            title = f"{title} {run[0][0]}" if title else run[0][0]
            run.pop(0)
        if title is None and i >= 0 and _bare(toks[i][0]) in cues.titles:
            title = toks[i][0].strip(_EDGE)
        while run and run[0][0].lower() in self.stops and run[0][0].lower() not in cues.groups:
            run.pop(0)
        if run and len(run) == 1 and title is None and (i < 0 or cues.nouns_capitalised):
            # a lone capitalised word opening the sentence ("Sebaliknya menyatakan"): a name
            # only when the page introduced it in full, or the registry knows it
            found = self._mention(run, None)
            if found is None or (found.kind == "person" and " " not in found.name):
                return None
            return found
        if not run:
            # an unnamed group: "os especialistas disseram", "warga mengatakan"
            for j in range(len(toks) - 1, max(len(toks) - 4, -1), -1):
                if _bare(toks[j][0]) in cues.groups:
                    w, a, _ = toks[j]
                    b = toks[-1][2]
                    phrase = self.doc.text[a:b].strip(_EDGE)
                    return Mention(phrase, "anonymous", a, b, _bare(w), None, True)
            return None
        return self._mention(run, title)

    def _name_after(self, masked: str, start: int, base: int) -> Mention | str | None:
        cues = self.cues
        if cues is None:
            return None
        toks = [
            (m.group(0), base + start + m.start(), base + start + m.end())
            for m in _TOKEN.finditer(masked[start:])
        ]
        if not toks:
            return None
        first = _bare(toks[0][0])
        if first in cues.pronouns:
            return "pronoun"
        title = None
        k = 0
        while (
            k < len(toks)
            and k < 3
            and (
                _bare(toks[k][0]) in cues.titles
                or (
                    len(_bare(toks[k][0])) <= 3
                    and not _capitalised(toks[k][0])
                    and _bare(toks[k][0]) in self.stops
                )
            )
        ):
            if _bare(toks[k][0]) in cues.titles:
                title = toks[k][0].strip(_EDGE)
            k += 1
        run: list[tuple[str, int, int]] = []
        while k < len(toks):
            w, a, _ = toks[k]
            core = w.strip(_EDGE)
            if core and (_capitalised(core) or (run and core.lower() in cues.connectors)):
                lead = len(w) - len(w.lstrip(_EDGE))
                run.append((core, a + lead, a + lead + len(core)))
                if w[-1:] in ",;:.!?":
                    break
                k += 1
                continue
            break
        while run and run[-1][0].lower() in cues.connectors:
            run.pop()
        if not run and k < len(toks):
            # "menurut polisi", "segundo a polícia": a body or an unnamed group, lower-case
            w, a, _ = toks[k]
            word = _bare(w)
            at = a + len(w) - len(w.lstrip(_EDGE))
            if word in cues.bodies:
                return Mention(w.strip(_EDGE), "government", at, at + len(word), None, None)
            if word in cues.groups:
                return Mention(w.strip(_EDGE), "anonymous", at, at + len(word), word, None, True)
        return self._mention(run, title) if run else None

    def _pronoun(self) -> Mention | None:
        return self.speaker

    # ------------------------------------------------------------ the surface cues

    def document_subject(self, sent: Sentence, masked: str) -> Found | None:
        """Transcript turns ("Name: ...") and a quote announced by "X said:"."""
        bi = sent.block
        block = self.doc.blocks[bi] if 0 <= bi < len(self.doc.blocks) else None
        if block is not None and sent.start <= block.start + 1:
            turn = self._turn(sent, masked)
            if turn is not None:
                self.turns[bi] = turn
                return turn
        elif bi in self.turns and block is not None and sent.start < block.end:
            return replace(self.turns[bi], cue=None, cue_kind="quote")
        if self.pending is not None:
            found, at = self.pending
            raw = self.doc.text[sent.start : sent.end].lstrip()
            if self.ctx.sentence_no - at > 3:
                self.pending = None
            elif raw[:1] in OPEN or raw[:1] == '"':
                self.pending = None
                return replace(found, cue=None, cue_kind="quote")
        return None

    def _turn(self, sent: Sentence, masked: str) -> Found | None:
        m = _COLON_TURN.match(masked)
        if m is None or (self.cues is None and not m.group("who")[:1].isupper()):
            return None
        words = m.group("who").split()
        if not all(_capitalised(w) for w in words) and not _caseless(m.group("who")[0]):
            return None
        toks: list[tuple[str, int, int]] = []
        for t in re.finditer(r"\S+", m.group("who")):
            a = sent.start + m.start("who") + t.start()
            toks.append((t.group(0), a, a + len(t.group(0))))
        title = None
        titles = self._titles()
        while toks and toks[0][0].lower().rstrip(".") in titles:
            title = f"{title} {toks[0][0]}" if title else toks[0][0]
            toks.pop(0)
        if not toks or toks[0][0].lower() in self.stops:
            return None
        if any(len(w) > 1 and w.isupper() for w, _, _ in toks):
            return None  # "ATENÇÃO:", "NOTE:": a label, not a speaker
        src = self._mention(toks, title)
        if src is None:
            return None
        if title is None and len(toks) == 1 and src.kind == "person" and " " not in src.name:
            return None  # "Preparation:": a lone word is a speaker only once named in full
        return Found(src, f"{m.group('who')}:", "colon")

    def other_cues(self, sent: Sentence, masked: str) -> Found | None:
        """ "according to X" and "X zufolge"."""
        if self.cues is None or self.cues.code == "ko":
            return None
        for m in self.according_re.finditer(masked):
            src = self._name_after(masked, m.end(), sent.start)
            if isinstance(src, Mention):
                return Found(src, m.group(0), kind_of(src, "according-to"))
        for m in self.after_re.finditer(masked):
            src = self._name_before(masked, m.start(), sent.start)
            if isinstance(src, Mention):
                return Found(src, m.group(0), kind_of(src, "according-to"))
        return None

    def speech(self, sent: Sentence, masked: str) -> Found | None:
        cues = self.cues
        if cues is None:
            return None
        if cues.code == "ko":
            return self.korean(sent, masked)
        found = self._verbs(sent, masked, self.speech_re, "speech-verb")
        found = found or self._verbs(sent, masked, self.belief_re, "belief")
        if found is None:
            m = self.reportedly_re.search(masked)
            if m is not None:
                found = Found(UNNAMED_REPORTS, m.group(0), "reportedly")
        if found is not None and masked.rstrip().endswith(":"):
            self.pending = (found, self.ctx.sentence_no)
        return found

    def _verbs(
        self, sent: Sentence, masked: str, pattern: re.Pattern[str], kind: CueKind
    ) -> Found | None:
        cues = self.cues
        assert cues is not None
        for m in pattern.finditer(masked):
            verb = m.group(0).lower()
            if verb in cues.pronominal:
                if self.speaker is not None:
                    return Found(replace(self.speaker, start=-1, end=-1), m.group(0), "pronoun")
                continue
            lead = masked[: m.start()].rstrip()
            opening = (
                not lead
                or lead.endswith((",", ";", ":", "—", "–"))
                or not any(c.isalnum() for c in lead[-3:])
            )
            src: Mention | str | None = None
            if verb not in cues.inverted:
                src = self._name_before(masked, m.start(), sent.start)
            if src is None and opening:
                src = self._name_after(masked, m.end(), sent.start)
            if src == "pronoun":
                if self.speaker is None:
                    continue
                return Found(replace(self.speaker, start=-1, end=-1), m.group(0), "pronoun")
            if isinstance(src, Mention):
                return Found(src, m.group(0), kind_of(src, kind))
        return None

    def findings(self, sent: Sentence, masked: str) -> Found | None:
        return None

    def mention(self, sent: Sentence, masked: str) -> Found | None:
        return None

    def attribute(self, sent: Sentence, links: tuple[int, ...]) -> Attribution | None:
        att = super().attribute(sent, links)
        if att is not None and att.source is not None and att.cue_kind != "link":
            src = att.source
            if src.kind in _PERSON_KINDS and src.start >= 0:
                self.speaker = src
            if self.cues is not None and self.cues.code == "ko" and src.start >= 0:
                self.korean_names.add(src.name)
        elif self.cues is not None and self.cues.code == "ko":
            self._korean_topic(sent)
        return att

    # ------------------------------------------------------------ Korean

    def _korean_names(self) -> set[str]:
        """Names the title gives ("엘제이-류화영 진흙탕 싸움"): its Hangul words of 2-5
        syllables that the text also uses with a particle."""
        title = self.doc.title or ""
        out: set[str] = set()
        cues = self.cues
        assert cues is not None
        for w in _HANGUL_WORD.findall(title):
            if 2 <= len(w) <= 5 and w not in cues.not_names and self.doc.text.count(w) >= 3:
                out.add(w)
        return out

    def _eojeol(self, masked: str, base: int) -> list[tuple[str, int, int]]:
        return [
            (m.group(0).strip(_EDGE), base + m.start(), base + m.end())
            for m in _TOKEN.finditer(masked)
        ]

    def _stem(self, word: str) -> tuple[str, str] | None:
        """(name, particle) of a subject-marked eojeol: "류화영은" -> ("류화영", "은")."""
        cues = self.cues
        assert cues is not None
        for p in cues.particles:
            if word.endswith(p) and len(word) > len(p):
                return word[: -len(p)], p
        return None

    def _korean_subject(self, toks: list[tuple[str, int, int]], upto: int) -> Mention | str | None:
        """The speaker of a cue at ``toks[upto]``: a pronoun, else a name the page knows as
        the topic or subject, else any other topic word (은/는) that is no verb form."""
        cues = self.cues
        assert cues is not None
        marked: list[tuple[str, str, int]] = []
        for k in range(upto):
            w, a, _ = toks[k]
            if w in cues.pronouns:
                return "pronoun"
            nxt = toks[k + 1][0] if k + 1 < upto else ""
            stem = self._stem(w)
            name, particle = stem if stem else (w, "")
            if nxt in cues.also and (not particle or w in self.korean_names):
                name, particle = w, nxt  # "엘제이 역시": the name is the whole word
            if particle and name not in cues.not_names and _HANGUL_WORD.fullmatch(name):
                marked.append((name, particle, a))
        for name, _, a in marked:
            if name in cues.groups:
                return Mention(name, "anonymous", a, a + len(name), name, None, True)
            if name in self.korean_names:
                return self._korean_mention(name, a)
        for name, particle, a in marked:
            if name in cues.titles:
                # "김민수 장관은": the name before the title, an official
                k = next(i for i in range(upto) if toks[i][1] == a)
                prev = toks[k - 1][0] if k > 0 else ""
                if 2 <= len(prev) <= 4 and _HANGUL_WORD.fullmatch(prev):
                    at = toks[k - 1][1]
                    return Mention(prev, "official", at, at + len(prev), name)
                continue
            if particle in ("은", "는") and 2 <= len(name) <= 4 and not name.endswith(_VERB_STEMS):
                return self._korean_mention(name, a)
        return None

    def _korean_mention(self, name: str, a: int) -> Mention:
        cues = self.cues
        assert cues is not None
        kind: SourceKind = "government" if name in cues.bodies else "person"
        for h in self.ctx.hit_in(a, a + len(name)):
            return self.ctx.registered(h)
        return Mention(name, kind, a, a + len(name))

    def korean(self, sent: Sentence, masked: str) -> Found | None:
        """Every cue of a Korean sentence: the first is the claim's, others add co-sources."""
        cues = self.cues
        assert cues is not None
        toks = self._eojeol(masked, sent.start)
        found: list[Found] = []
        raw = fold(self.doc.text[sent.start : sent.end]).rstrip(" .")
        for k, (w, _, _) in enumerate(toks):
            kind: CueKind | None = None
            if (
                w.startswith(cues.speech)
                or w.endswith(cues.quoting_alone)
                or (
                    w.endswith(cues.quoting)
                    and k + 1 < len(toks)
                    and toks[k + 1][0].startswith(cues.say_after_quoting)
                )
            ):
                kind = "speech-verb"
            elif w.startswith(tuple(cues.belief)):
                kind = "belief"
            elif w.startswith(cues.reportedly):
                found.append(Found(UNNAMED_REPORTS, w, "reportedly"))
                continue
            elif w in cues.according_after and k > 0:
                prev, a, b = toks[k - 1]
                name = re.sub(r"(?:에|에게|의)$", "", prev)
                if name:
                    m = Mention(name, "organization", a, a + len(name))
                    for h in self.ctx.hit_in(a, b):
                        m = self.ctx.registered(h)
                    found.append(Found(m, f"{prev} {w}", kind_of(m, "according-to")))
                continue
            else:
                stem = self._stem(w)
                base = stem[0] if stem else w.removesuffix("의")
                if base in cues.groups and any(
                    t.startswith(cues.group_stances) or t == base for t, _, _ in toks[k + 1 :]
                ):
                    a = toks[k][1]
                    found.append(
                        Found(
                            Mention(base, "anonymous", a, a + len(base), base, None, True),
                            w,
                            "anonymous",
                        )
                    )
                continue
            src = self._korean_subject(toks, k)
            if src == "pronoun" or src is None:
                if self.speaker is None:
                    continue
                found.append(Found(replace(self.speaker, start=-1, end=-1), w, "pronoun"))
            elif isinstance(src, Mention):
                found.append(Found(src, w, kind_of(src, kind)))
        if not found and raw.endswith(cues.content_endings) and self.previous is not None:
            said = self.previous
            if said.source is not None and said.cue_kind not in ("link", "none", "reportedly"):
                return Found(said.source, None, "quote", via=said.via)
        if not found:
            return None
        first = found[0]
        others = {f.source.name: f.source for f in found[1:] if f.source.name != first.source.name}
        return replace(first, also=tuple(others.values()))

    def _korean_topic(self, sent: Sentence) -> None:
        """A known name as the topic of a sentence without a cue is who a dropped subject
        means next ("하지만 엘제이는 … 보였다. 그는 “…”고 말하기도 했다")."""
        cues = self.cues
        assert cues is not None
        for w, a, _ in self._eojeol(self.doc.text[sent.start : sent.end], sent.start):
            stem = self._stem(w)
            if stem and stem[0] in self.korean_names and stem[1] in ("은", "는"):
                self.speaker = Mention(stem[0], "person", a, a + len(stem[0]))
                return


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def _cited(doc: Document, atts: list[Attribution | None], sentences: Sequence[Sentence]) -> None:
    """A bracketed citation after a quoted passage ("…” [Al Maa-idah 8]") is the passage's
    source: the unattributed sentences of its block and of the quote block just before."""
    for i, sent in enumerate(sentences):
        m = _CITATION.match(doc.text[sent.start : sent.end])
        if m is None:
            continue
        name = fold(m.group("name")).strip(" ,.")
        start = sent.start + m.start("name")
        src = Mention(name, "document", start, start + len(m.group("name").rstrip()))
        cue = fold(doc.text[sent.start : sent.end])
        run: list[int] = []
        j = i - 1
        while j >= 0:
            before = atts[j]
            if before is not None and before.source is not None:
                break
            prev = sentences[j]
            if _CITATION.match(doc.text[prev.start : prev.end]):
                break
            same = prev.block == sent.block
            block = doc.blocks[prev.block]
            body = doc.text[block.start : block.end].strip()
            quoted = block.kind == "quote" or (
                body[:1] in f'{OPEN}"' or body[-1:] in f'{CLOSE}"' or body.endswith("…")
            )
            if not (same or quoted) or len(run) >= 6:
                break
            run.insert(0, j)
            j -= 1
        for n, k in enumerate(run):
            s = sentences[k]
            old = atts[k]
            links = old.links if old is not None else ()
            quote = old.quote if old is not None else None
            qa, qb = (old.quote_start, old.quote_end) if old is not None else (-1, -1)
            cue_kind: CueKind = "document" if n == 0 else "quote"
            atts[k] = Attribution(
                s, src, cue if n == 0 else None, cue_kind, quote, qa, qb, links=links
            )


def extract_foreign(
    doc: Document, registry: RegistryLike[E], language: Language
) -> tuple[Attribution, ...]:
    """One Attribution per claim of a non-English document's body, in document order."""
    cues = foreign_cues(language.code)
    sentences = resplit(doc, split_sentences(doc))
    ex = ForeignExtractor(doc, registry, cues)
    return attribute_sentences(doc, sentences, ex, _cited)


__all__ = ["ForeignExtractor", "Hit", "extract_foreign", "resplit"]
