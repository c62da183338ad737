"""Scoring linkaudit's claims against PolNeAR attributions (bench/attribution.py uses this).

**Which gold items are pairs.** Every PolNeAR attribution is a gold claim (claim recall: some
predicted claim overlaps its content span, or its cue when it has no content). An attribution is
a gold *pair* when its source can be named:

* a source span that is not a pronoun names itself: the span's text and the span cut before an
  apposition, relative clause, prepositional tail or participle ("Joel Pollak of Breitbart
  California" -> "Joel Pollak"; "Haley Morris, a spokeswoman" -> "Haley Morris"; "Exit polls
  taken in South Carolina" -> "Exit polls"); a predicted name is compared whole and cut the
  same way ("Surveys of caucus-goers" matches the gold "Surveys of caucus-goers taken …");
* PolNeAR does not link pronoun sources to antecedents, so the bench uses the CoreNLP ``dcoref``
  chains released with PolNeAR (automatic, and independent of linkaudit's spaCy parse): a
  chain with a mention inside the source span adds its proper-noun mentions as names (for a
  pronoun source only mentions that agree with it: PERSON for he/she/I, not PERSON for it).
  A pronoun ("he", "they", "I") is never itself a name, so a system that leaves "he"
  unresolved cannot match;
* an attribution with no source (``Attribution-no-source``) or whose pronoun no chain names is
  *unjudgeable*: it counts for claim recall only, and a predicted pair that overlaps only such
  attributions is counted apart ("unscored"), neither right nor wrong.

**Swapped roles.** About 20 of PolNeAR train+dev's 20,400 sourced attributions have source and
cue swapped ("said Mulgrew" with source "said", cue "Mulgrew"); ``unswap`` puts a one-word
lower-case speech-verb source with a capitalised or pronoun cue back the right way round.

**Headlines.** An attribution inside the document's first line (its headline, "Pat Caddell:
Democrat voters ...") is not scored: linkaudit never makes a claim of a headline (issue 9), and
a predicted pair there is a false positive. Their number is printed.

**Matching.** A predicted (claim, source) pair matches a gold pair when the claim's character
span overlaps the gold content span or cue, and ``names_match`` accepts one of the gold names
against the predicted source's name or aliases. Precision: predicted pairs matching some gold
pair over the scored predicted pairs (pairs overlapping only unjudgeable attributions and,
unless ``score_links``, link-only pairs are not scored). A predicted source with the wrong name,
or a claim where PolNeAR has no attribution, is a false positive: the rule can fail.

**Gold cue family.** PolNeAR has no cue families; ``gold_family`` derives one from the gold cue
and source text with this module's own word tables (written for the bench, independent of
linkaudit's lexicon), the first rule that fires winning:

1. "according to" in the cue -> according-to;
2. reportedly / allegedly / "is said to" / "quoted as" -> reportedly;
3. the cue's first belief-or-speech verb is a belief or intention (think, believe, want, plan,
   hope, ...) -> belief;
4. a cue that is only punctuation (a colon) -> colon;
5. a cue without a speech verb holding a nominal cue noun ("in a statement") -> nominal;
6. a cue without a speech verb (of ``SPEECH``, a broad table of English verbs of communication
   and reporting, or a phrase of ``_SPEECH_PHRASE`` such as "made it clear") -> other;
7. a pronoun source -> pronoun;
8. a document source ("the report", "a poll", "data") -> document;
9. an unnamed source ("officials", "a senior aide", "sources") -> anonymous;
10. anything else -> speech-verb.

Rule 6 is the project's convention (issue 9, decided by the lead): PolNeAR also annotates acts
and evaluations ("booed", "stumped for", "won", "voted", "supported", "seemed"), which the
project's gold guidelines (tests/gold/README.md) exclude from claims. Such a cue is in the
family "other": outside the "speech and reporting" aggregate, still in "all cue families".
Before the rule, SPEECH was broadened so that real reporting predicates are not pushed out
(the most frequent "other" cue heads of polnear-train were read and the reporting ones moved
into the table; dev was not looked at). A nominal cue noun is never a speech verb, even when
a verb shares its form ("in a tweet", "in remarks" are nominal).

PolNeAR has no source classes: class accuracy is not measured on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from attribution_common import PredClaim, PredPair, Tally, fold_name, names_match, overlaps
from polnear import Attribution, Mention, PolnearDoc, Span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = _words(
    "i me my we us our you your he him his she her it its they them their one who whom which"
    " that this these those himself herself itself themselves ourselves myself yourself"
)
_BOUNDARY = re.compile(
    r",|\(|\s(?:-|--|–|—)\s|\s(?:who|which|that|of|from|at|with|for|in|on)\s"
    # a participle after the head: "Exit polls taken in South Carolina", "A poll conducted by"
    r"|(?<=\w)\s(?:taken|conducted|released|published|filed|obtained|seen|commissioned)\s"
)

# The bench's own tables (lemmas), not linkaudit's lexicon.
BELIEF = _words(
    "believe think want plan hope expect fear feel know worry wish intend doubt suspect like"
    " love hate prefer consider figure assume hold trust dream desire aim seek"
)
# Verbs of communication and reporting: speaking, writing and posting; telling, asking and
# answering; announcing and disclosing; stating, stressing and claiming; agreeing and
# disputing; praising and criticising; urging, demanding and ordering; promising and
# threatening; predicting and estimating; and what documents and rulings do (find, show, rule).
SPEECH = _words(
    "say tell add note write ask argue claim insist deny report announce state explain declare"
    " warn urge accuse confirm acknowledge admit suggest tweet post call reply respond comment"
    " testify contend predict promise vow charge allege maintain recall continue describe"
    # speaking, writing, publishing
    " speak talk discuss remark observe mention refer cite quote read recount relate relay"
    " convey communicate inform notify brief advise counsel lecture preach proclaim pronounce"
    " broadcast unveil retweet blog email e-mail shout yell voice express address remind"
    " scream cry exclaim chant whisper mutter murmur interject muse"
    # disclosing, stating, stressing
    " reveal disclose divulge leak expose assert aver affirm reaffirm reiterate repeat echo"
    " restate stress emphasize emphasise underscore highlight point assure reassure swear"
    " attest certify verify corroborate clarify elaborate summarize summarise"
    # asking, answering, disputing, agreeing
    " question inquire query wonder answer retort rebut refute counter dispute contest"
    " challenge contradict correct reject dismiss disagree agree concur dissent concede"
    " confess apologize apologise debate"
    # praising, criticising, complaining
    " praise laud hail tout applaud commend congratulate thank credit endorse welcome boast"
    " brag crow criticize criticise slam blast attack assail bash lambast lambaste excoriate"
    " castigate rebuke scold chide reprimand condemn denounce decry deplore ridicule mock"
    " taunt deride disparage belittle insult blame fault complain grumble gripe lament bemoan"
    " moan whine protest object scoff rail rant fume vent joke quip jest tease defend justify"
    # characterising
    " characterize characterise portray depict label dub brand term"
    # urging, demanding, ordering, proposing
    " demand request plead beg implore appeal propose recommend order encourage"
    " command instruct"
    # promising, threatening, signalling
    " pledge guarantee threaten signal hint imply indicate caution reference knock"
    # predicting and estimating; what findings, documents and rulings do
    " forecast project estimate speculate theorize theorise conclude find show determine rule"
)
NOMINAL = _words(
    "statement interview letter readout remarks remark speech release memo email e-mail message"
    " testimony comments comment announcement op-ed essay column tweet post briefing conference"
    " appearance video ad filing complaint lawsuit book address criticism allegation allegations"
    " endorsement"
)
# Speech predicates whose words are not speech verbs on their own ("made it clear", "weighed in").
_SPEECH_PHRASE = re.compile(
    r"\b(?:mak(?:e|es|ing)|made) (?:it )?clear\b|\bput it\b|\bpush(?:ed|es|ing)? back\b"
    r"|\b(?:weigh|chime|lash)(?:s|ed|ing)? (?:in|out)\b|\bpoint(?:s|ed|ing)? out\b"
    r"|\b(?:take|takes|took|taken|taking) (?:\w+ )?(?:issue|aim|shots?|swipes?|jabs?)\b"
)
DOCUMENT_HEADS = _words(
    "report reports poll polls study studies survey surveys data analysis documents document"
    " filing filings records record memo research review audit investigation figures numbers"
    " statistics estimates website article book ad"
)
ANONYMOUS_HEADS = _words(
    "official officials source sources people person aide aides adviser advisers advisors"
    " expert experts analyst analysts critic critics observer observers insider insiders"
    " staffer staffers member members resident residents supporter supporters voter voters"
    " witness witnesses others some many someone spokesman spokeswoman spokesperson"
    " strategist strategists operative operatives"
)
_IRREGULAR = {
    "thought": "think", "knew": "know", "known": "know", "felt": "feel", "said": "say",
    "told": "tell", "wrote": "write", "written": "write", "held": "hold", "sought": "seek",
    "meant": "mean", "spoke": "speak", "spoken": "speak", "found": "find", "shown": "show",
    "swore": "swear", "sworn": "swear",
}  # fmt: skip
_SKIP = _words(
    "has have had is was were are be been being will would could should may might can did does"
    " do not also later then previously repeatedly once again still even just never always"
    " publicly privately really has n't"
)
_REPORTEDLY = re.compile(
    r"\b(?:reportedly|allegedly|(?:is|are|was|were) (?:said|reported|believed) to|quoted as)\b"
)


def _lemma(word: str, table: frozenset[str]) -> str | None:
    w = word.lower()
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    candidates = [w, w[:-1], w[:-2], w[:-2] + "e", w[:-3], w[:-3] + "e", w[:-3] + "y"]
    if len(w) > 4 and w[-3] == w[-4]:  # "planned"
        candidates += [w[:-3], w[:-4]]
    if len(w) > 5 and w.endswith("ing") and w[-4] == w[-5]:  # "planning", "slamming"
        candidates.append(w[:-4])
    return next((c for c in candidates if c in table), None)


def _speech_word(word: str) -> bool:
    """Whether a cue word is a speech verb. A nominal cue noun never is, even when a verb shares
    its form ("tweet", "remarks", "complaint", "briefing"): "in a tweet" is a nominal cue."""
    return word not in NOMINAL and _lemma(word, SPEECH) is not None


def _cue_verb(cue: str) -> str | None:
    """The cue's first belief or speech verb as a lemma ("has long wanted" -> "want")."""
    for raw in re.findall(r"[\w'’]+", cue):
        w = raw.lower().replace("’", "'")
        if w in _SKIP or w.endswith("n't"):
            continue
        lemma = _lemma(w, BELIEF) or _lemma(w, SPEECH)
        if lemma is not None:
            return lemma
    return None


def _head_word(text: str) -> str:
    words = fold_name(text).split()
    return words[-1] if words else ""


def is_pronoun(text: str) -> bool:
    words = fold_name(text).split()
    return bool(words) and all(w in PRONOUNS for w in words)


def gold_family(att: Attribution) -> str:
    """The cue family of a PolNeAR attribution (rules in the module docstring)."""
    cue = att.cue.text if att.cue else ""
    low = fold_name(cue)
    source = att.source.text if att.source else ""
    verb = _cue_verb(cue)
    if "according to" in low:
        return "according-to"
    if _REPORTEDLY.search(low):
        return "reportedly"
    if verb in BELIEF:
        return "belief"
    if cue and not re.search(r"\w", cue):
        return "colon"
    cue_words = set(low.split())
    has_speech = bool(_SPEECH_PHRASE.search(low)) or any(_speech_word(w) for w in cue_words)
    if not has_speech and cue_words & NOMINAL:
        return "nominal"
    if cue_words and not has_speech:
        # an act or an evaluation ("booed", "won", "voted"), not a report of words
        return "other"
    if source and is_pronoun(source):
        return "pronoun"
    src_head = _head_word(source)
    if src_head in DOCUMENT_HEADS:
        return "document"
    if src_head in ANONYMOUS_HEADS and not _named(source):
        return "anonymous"
    return "speech-verb"


# Words that open an unnamed source at the start of a sentence ("Senior officials said").
_OPENERS = _words(
    "the a an some several two three four many most few other senior top local federal state"
    " former current unnamed anonymous administration campaign government police military"
    " intelligence party congressional"
)


def _named(text: str) -> bool:
    """Whether a source span holds a proper name: a capitalised word that is not an opener."""
    words = re.findall(r"[\w'’.-]+", text)
    return any(w[:1].isupper() for w in words[1:]) or (
        bool(words)
        and words[0][:1].isupper()
        and fold_name(words[0]) not in ANONYMOUS_HEADS | _OPENERS
    )


def _cut(text: str) -> str:
    m = _BOUNDARY.search(text)
    return text[: m.start()].strip() if m and m.start() > 0 else text.strip()


_PERSONAL = _words("i me my he him his she her himself herself myself")
_NEUTER = _words("it its itself")


def _agrees(pronoun: str, m: Mention) -> bool:
    """Whether a chain mention can be what a pronoun source stands for (person or not)."""
    words = set(fold_name(pronoun).split())
    if words & _PERSONAL:
        return m.head_ner == "PERSON"
    if words & _NEUTER:
        return m.head_ner != "PERSON"
    return True


def _mention_text(text: str) -> str:
    """CoreNLP's tokenised mention text as prose: no ``/'' marks, "Trump 's" -> "Trump's"."""
    text = re.sub(r"``|''", " ", text)
    text = re.sub(r" (['’]s|n't|[,.;:!?])", r"\1", text)
    return " ".join(text.split())


def gold_names(att: Attribution, doc: PolnearDoc) -> tuple[str, ...]:
    """The names a gold attribution's source goes by; empty when it is unjudgeable."""
    if att.source is None:
        return ()
    src = att.source
    names: list[str] = []
    pronoun = is_pronoun(src.text)
    if not pronoun:
        names += [src.text, _cut(src.text)]
    for chain in doc.chains:
        if not any(src.start <= m.start and m.end <= src.end for m in chain):
            continue
        for m in chain:
            # Only proper-noun mentions name a source; for a pronoun they must agree with it.
            if not m.head_pos.startswith("NNP") or is_pronoun(m.text):
                continue
            if pronoun and not _agrees(src.text, m):
                continue
            text = _mention_text(m.text)
            names += [text, _cut(text)]
    return tuple(dict.fromkeys(n for n in names if fold_name(n)))


def in_headline(att: Attribution, text: str) -> bool:
    """Whether an attribution lies in the document's first line, its headline.

    linkaudit never makes a claim of a headline (issue 9), so headline attributions
    ("Pat Caddell: Democrat voters worried ...") are left out of the scoring and counted.
    """
    first = text.lstrip()
    offset = len(text) - len(first)
    end = offset + (first.find("\n") if "\n" in first else len(first))
    spans = [f for s in (*att.content, att.cue, att.source) if s for f in s.fragments]
    return bool(spans) and all(e <= end for _, e in spans)


def unswap(att: Attribution) -> Attribution:
    """Undo a source/cue swap in the annotation ("said Mulgrew" tagged source "said", cue
    "Mulgrew"): a one-word lower-case speech-verb source with a capitalised or he/she/we cue."""
    src, cue = att.source, att.cue
    if src is None or cue is None:
        return att
    words = src.text.split()
    if len(words) != 1 or not words[0].islower() or _lemma(words[0], SPEECH) is None:
        return att
    if not (cue.text[:1].isupper() or fold_name(cue.text) in {"he", "she", "we", "they", "i"}):
        return att
    return Attribution(att.id, cue, src, att.content)


def _spans(att: Attribution, content_first: bool) -> list[tuple[int, int]]:
    parts: list[Span] = list(att.content)
    if not content_first or not parts:
        parts += [att.cue] if att.cue else []
    return [f for s in parts for f in s.fragments]


@dataclass(slots=True)
class DocScore:
    name: str
    tally: Tally = field(default_factory=Tally)
    unscored: int = 0  # predicted pairs overlapping only unjudgeable attributions
    unscored_link: int = 0
    unjudgeable: int = 0  # gold attributions without a nameable source
    headline: int = 0  # gold attributions in the headline: not scored
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)


def score_doc(
    doc: PolnearDoc,
    claims: Sequence[PredClaim],
    pred: Sequence[PredPair],
    score_links: bool = False,
) -> DocScore:
    """Compare one PolNeAR document's attributions with a report's claims and pairs (pure)."""
    s = DocScore(doc.name)
    t = s.tally
    judged: list[tuple[Attribution, tuple[str, ...], str, list[tuple[int, int]]]] = []
    unjudged: list[list[tuple[int, int]]] = []
    for att in map(unswap, doc.attributions):
        if in_headline(att, doc.text):
            s.headline += 1
            continue
        fam = gold_family(att)
        where = _spans(att, content_first=False)
        t.claim_gold[fam] += 1
        if any(overlaps(c.start, c.end, _spans(att, True)) for c in claims):
            t.claim_hit[fam] += 1
        names = gold_names(att, doc)
        if names:
            judged.append((att, names, fam, where))
        else:
            s.unjudgeable += 1
            unjudged.append(where)
    used: set[int] = set()
    for att, names, fam, where in judged:
        t.gold[fam] += 1
        hits = [
            i
            for i, p in enumerate(pred)
            if overlaps(p.start, p.end, where)
            and names_match(names, (p.source, *p.aliases, *map(_cut, (p.source, *p.aliases))))
        ]
        if hits:
            t.gold_hit[fam] += 1
            used.update(hits)
            continue
        s.misses.append(
            {
                "content": " ".join(c.text for c in att.content)[:160],
                "source": att.source.text if att.source else None,
                "names": list(names),
                "cue": att.cue.text if att.cue else None,
                "cue_kind": fam,
                "system_sources": [p.source for p in pred if overlaps(p.start, p.end, where)],
            }
        )
    for i, p in enumerate(pred):
        if i in used:
            fam_p = p.cue_kind or "?"
            t.pred[fam_p] += 1
            t.pred_hit[fam_p] += 1
            continue
        if p.relay:
            continue
        if p.cue_kind == "link" and not score_links:
            s.unscored_link += 1
            continue
        if any(overlaps(p.start, p.end, w) for w in unjudged):
            s.unscored += 1
            continue
        t.pred[p.cue_kind or "?"] += 1
        s.false_positives.append(
            {"claim": p.claim_id, "text": p.text[:160], "source": p.source, "cue_kind": p.cue_kind}
        )
    return s


def align(claims: Sequence[PredClaim], report_text: str, doc_text: str) -> dict[str, int]:
    """Offsets shift from the report's document text to the .txt file's: claim id -> delta.

    The text loader keeps the file's characters, so the shift is normally zero; where it is
    not, a claim is placed by finding its text near its reported offset.
    """
    if report_text == doc_text:
        return {c.claim_id: 0 for c in claims}
    out: dict[str, int] = {}
    for c in claims:
        # the report's own characters at the claim, not the claim text: that text has its
        # spaces normalised (a no-break space, a double space), so it may occur nowhere
        raw = report_text[c.start : c.start + 80] if 0 <= c.start < len(report_text) else ""
        probe = raw or c.text[:80]
        at = doc_text.find(probe, max(0, c.start - 2000))
        if at < 0:
            at = doc_text.find(probe)
        if at >= 0:
            out[c.claim_id] = at - c.start
    return out
