"""What the article says a named source is, wherever it says it.

A cue sentence often names a speaker bare ("Dahleen says", "he wrote") because the article
described them earlier: "Leif Dahleen, the blogger behind Physician on FIRE, retired at 43",
"the performance analysts at Digital Foundry", "the environmental news group InfoAmazonia".
The classify stage reads those descriptions here, so that a named person with no role in the
cue sentence is classed by what the article says they are, and the source's basis quotes it.

Only descriptions that sit right against the name count (a title just before it, an
apposition or "who is/studies ..." just after it, "is a ..."), plus the vehicle of the source's
own claims ("he wrote in his book", "on her blog Frugal Days", "their podcast"). A description
is evidence, not a guess: it names a title, a kind of body or a vehicle, and is quoted as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from linkaudit.extract.cues import NEUTRAL_TITLES, OFFICIAL_TITLES, SECONDARY_TITLES, wordset
from linkaudit.extract.protocols import E, RegistryLike, is_media

# Words of SECONDARY_TITLES that describe no expertise on their own ("a former Marine", "a
# longtime resident", "political rival", "the host city"), or that name a trade as often as
# a commentator: a "writer and jewelry designer" recalling her partner, a "consultant chest
# physician" treating the patient, the "author" of a bill. "co-author of the study" and
# "author of a book" are matched as phrases instead (_AUTHOR).
_WEAK = wordset("former longtime political host co-host writer author consultant")
# An expert, analyst or commentator: their view of others' acts is secondary.
EXPERT_WORDS = (SECONDARY_TITLES - _WEAK) | wordset(
    """
    planner podcaster critic reviewer pollster forecaster demographer statistician economists
    analysts researchers experts scholars academics commentators strategists consultants
    theorist ethicist futurist investor
    epidemiologist virologist immunologist physicist astronomer biologist chemist geologist
    pharmacologist toxicologist
    """
)
# Not here: physicians and doctors. The one who works at the hospital under fire is a witness
# to it (primary), whatever their speciality ("a neonatologist at Al-Shifa Hospital"). A
# specialist given no workplace, or with a consultant's title, comments from expertise, though
# (aeb-tune's gold: the "consultant chest physician" explaining a diagnosis, the radiologist who
# read an X-ray, secondary), as epidemiologists and the other -ologists do.
_CONSULTANT = re.compile(
    r"\b(?:consultant|specialist)\s+(?:[\w-]+\s+){0,2}(?:physician|surgeon|psychiatrist|doctor)s?\b",
    re.IGNORECASE,
)
_OLOGIST = re.compile(r"\b\w{3,}ologists?\b", re.IGNORECASE)
_AT_WORK = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}(?:hospital|clinic|ward|infirmary|medical\s+cent(?:er|re))\b",
    re.IGNORECASE,
)


def specialist(phrase: str | None) -> bool:
    """Does the phrase name a specialist commenting from expertise ("radiologist", "consultant
    chest physician"), not a doctor at work in the hospital the story is about?"""
    if phrase is None:
        return False
    if _CONSULTANT.search(phrase):
        return True
    return _OLOGIST.search(phrase) is not None and _AT_WORK.search(phrase) is None


# A research post at a firm or body: "Head of Fundamental Research at Kotak Securities",
# "research director" (the word "research" alone also names public agencies).
_RESEARCH_POST = re.compile(
    r"head\s+of\s+(?:[\w-]+\s+){0,2}research|research\s+(?:head|director|chief|analyst)",
    re.IGNORECASE,
)
# "who studies / teaches / researches / writes about ...": an expert's description.
STUDY_VERBS = wordset("studies researches teaches studied researched taught")
# Bodies whose work is analysis or reporting of others' acts ("a think tank", "a news group").
# "institute" alone is not one: "National Institute for Space Research" is a government agency
# (think-tank-shaped names are matched by _THINK_TANK_NAME instead).
ANALYSIS_BODIES = (
    "think tank",
    "think-tank",
    "research firm",
    "research group",
    "research institute",
    "research center",
    "research centre",
    "consultancy",
    "consulting firm",
    "advisory firm",
    "analytics firm",
    "university",
    "watchdog",
    "rating agency",
    "ratings agency",
    "credit rating",
    # market news: a brokerage's notes to clients are its analysis of the market
    "brokerage",
    "brokerages",
)
NEWS_BODIES = (
    "news group",
    "news organization",
    "news organisation",
    "news outlet",
    "news agency",
    "news site",
    "news website",
    "news service",
    "wire service",
    "newspaper",
    "magazine",
    "broadcaster",
    "tabloid",
    "media outlet",
    "fact checker",
    "fact-checker",
)
_AUTHOR = re.compile(
    r"\bwho\s+(?:has\s+|had\s+)?(?:written|writes|wrote)\s+(?:extensively\s+|widely\s+)?"
    r"(?:about|on)\b"
    # "co-author of the study", "author of several books on", "the author of" + a quoted title
    r"|\b(?:co-?)?author\s+of\s+(?:(?:a|an|the|his|her|their|several|many|numerous|two|three)\s+)?"
    r"(?:(?:new|recent|latest|best-?selling|forthcoming)\s+)?"
    r"(?:books?|stud(?:y|ies)|papers?|reports?|analysis|$)"
    r"|\bstudy\s+co-?author\b"
)
# A description that places the person inside a government is an official's, whatever
# their title ("the White House National Security Council Ukraine expert").
_GOVERNMENT = (
    "white house",
    "ministry",
    "department",
    "administration",
    "government",
    "pentagon",
    "kremlin",
    "embassy",
    "national security council",
)
# The last word of a title run before a name: a title, or a body ("the news group X").
_TITLE_HEADS = (
    EXPERT_WORDS
    | OFFICIAL_TITLES
    | {b.split()[-1] for b in (*ANALYSIS_BODIES, *NEWS_BODIES)}
    | {"author", "co-author", "coauthor"}
)
# The words after a title that leave it a title of this person ("planner Eric Roberge").
_NAME_GAP = NEUTRAL_TITLES | {w + "." for w in NEUTRAL_TITLES}
# Where a description stops: clause punctuation and quotes.
_CLAUSE_END = re.compile(r"[,;:()\"“”\n—–]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bSt)\.\s")
# The verbs that end a parenthetical report, not a description ("Trump, the economist said").
_REPORT_VERBS = wordset("said says say told tells wrote writes added adds noted notes argued")
# A claim's own vehicle: "wrote in his book", "said on her blog Think Save Retire", "podcast".
_VEHICLE = re.compile(
    r"\b(?:in|on)\s+(?:an\s+episode\s+of\s+|an\s+installment\s+of\s+)?(?:his|her|their|its)\s+"
    r"(?:new\s+|latest\s+|recent\s+|own\s+)?"
    r"(?P<noun>book|blog|podcast|column|newsletter|youtube\s+channel)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Description:
    """One phrase the article uses for a source, and what it says the source is."""

    phrase: str
    verdict: str  # "expert" (secondary), "news" (an outlet: secondary), "official" (primary)
    body: str | None = None  # the registry name of the body the phrase places it in


# A think tank by the shape of its name: "Center for Strategic and International Studies",
# "Peterson Institute for International Economics", "Council on Foreign Relations". Names of
# public bodies take other words ("National Institute for Space Research", "Centers for
# Disease Control"), and a "national", "federal" or "state" one is left alone.
_THINK_TANK_NAME = re.compile(
    r"\b(?:institute|institution|center|centre|council|endowment|foundation)\s+(?:for|on|of)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:studies|policy|economics|research|strategic|affairs|progress|peace"
    r"|politics|foreign\s+relations)\b",
    re.IGNORECASE,
)
_PUBLIC_BODY = wordset("national federal state government royal")
# A firm that sells analysis, by the shape of its name: "Capital Economics", "Moody's
# Analytics", "Wood Research", "Eurasia Group"-like names are left alone (no such word).
_ANALYSIS_FIRM_NAME = re.compile(
    r"\b[A-Z][\w’'&.-]*\s+(?:Analytics|Economics|Macroeconomics|Research|Consulting|Advisors"
    r"|Advisers|Advisory|Intelligence|Insights|Strategies|Securities|Equities|Brokerage)\b"
)


def analysis_firm(name: str | None) -> bool:
    """Is this the name of a firm that sells analysis ("Kotak Institutional Equities")?"""
    return name is not None and _ANALYSIS_FIRM_NAME.search(name) is not None


# People at a university or firm who are not its analysts: they speak of their own lives.
_MEMBERS = wordset(
    "student students undergraduate alumnus alumna alumni freshman sophomore patient patients "
    "employee employees worker workers staffer janitor athlete player"
)


def _words(phrase: str) -> list[str]:
    return [w.strip(",.’'\"“”").lower() for w in phrase.replace("-", " - ").split()]


# What lets a registered body in a phrase be the subject's own: the phrase starts with it
# ("Reuters correspondent") or puts the subject in it ("a fellow at", "of the", "for").
_PLACES_IN = re.compile(r"(?:^|\b(?:of|at|from|with|for)\s+)(?:the\s+)?$", re.IGNORECASE)


def _registered_body(phrase: str, registry: RegistryLike[E] | None) -> tuple[str, str] | None:
    """(verdict, registry name) of the first registered body a phrase names ("of Reuters",
    "a fellow at the Stimson Center"): a publication's staff report, a think tank's analyse,
    a government's speak for it."""
    if registry is None:
        return None
    for found in registry.find_names(phrase):
        if not _PLACES_IN.search(phrase[: found.start]):
            continue  # "directing a BBC adaptation": the body is not where the person is
        entry = found.entry
        kind = entry.kind.lower()
        if is_media(entry):
            return "news", entry.name
        if kind.startswith(("think-tank", "academic")):
            return "expert", entry.name
        if kind.startswith(("government", "intergovernmental")):
            return "official", entry.name
    return None


def judge(phrase: str, registry: RegistryLike[E] | None = None) -> str | None:
    """What a description says: expert, news, official, or nothing it can stand on."""
    d = describe_phrase(phrase, registry)
    return d.verdict if d else None


def describe_phrase(phrase: str, registry: RegistryLike[E] | None = None) -> Description | None:
    """A phrase as a Description, when it says what its subject is."""
    verdict = _judge_words(phrase)
    body = _registered_body(phrase, registry)
    in_government = any(f" {g} " in f" {phrase.lower()} " for g in _GOVERNMENT)
    if body is not None and (
        verdict is None
        or (verdict == "official" and not in_government)
        or (verdict == "expert" and body[0] == "news")  # "a columnist for RT": RT's class
    ):
        # "director of the Brookings Institution": the body says more than the title
        return Description(phrase, body[0], body[1])
    return Description(phrase, verdict) if verdict else None


def _judge_words(phrase: str) -> str | None:
    low = " " + " ".join(_words(phrase)).replace(" - ", "-") + " "
    words = set(low.split())
    if any(f" {b} " in low for b in NEWS_BODIES):
        return "news"
    if any(f" {g} " in low for g in _GOVERNMENT):
        return None if "former" in words else "official"
    if (
        words & (EXPERT_WORDS | STUDY_VERBS)
        or _AUTHOR.search(low)
        or _RESEARCH_POST.search(low)
        or specialist(low)
    ):
        return "expert"
    if words & _MEMBERS:
        return None  # "a student at the University of X": a party, not its analyst
    if any(f" {b} " in low for b in ANALYSIS_BODIES) or (
        (_THINK_TANK_NAME.search(low) or _ANALYSIS_FIRM_NAME.search(phrase))
        and not words & _PUBLIC_BODY
    ):
        return "expert"
    if words & OFFICIAL_TITLES:
        # "the former special envoy": a former official describing their own tenure is still
        # a party to it, so a description elsewhere in the article decides nothing.
        return None if "former" in words else "official"
    return None


def _before(text: str, start: int) -> str | None:
    """The title run just before a name: "certified financial planner", "the news group"."""
    head = text[max(0, start - 90) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
    words = head[cut:].split()
    while words and words[-1].lower() in _NAME_GAP:  # "correspondent Dr. Sanjay Gupta"
        words.pop()
    if not words or not words[-1][:1].islower():
        return None  # a title is written in lower case right before the name
    last = words[-1].strip(",.’'").lower()
    if last in ("at", "of", "from", "with") and len(words) > 1:
        # "the performance analysts at Digital Foundry": a body of analysts
        return " ".join(words[-5:]) if words[-2].lower() in EXPERT_WORDS else None
    if last not in _TITLE_HEADS and not specialist(" ".join(words[-4:])):
        return None  # "then University of", "visited": not a title of this name
    return " ".join(words[-5:])


def _outlet_before(text: str, start: int, registry: RegistryLike[E] | None) -> str | None:
    """A capitalised title run that opens with a registered outlet just before a name ("CBS
    Sports NFL Insider Jason La Canfora"): its staff report for it. Only with the outlet at the
    run's start, so that "Reuters" in a run of other names places nobody."""
    if registry is None:
        return None
    head = text[max(0, start - 60) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
    words = head[cut:].split()
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or len(run) == 5:
            break
        run.insert(0, w)
    if not run:
        return None
    phrase = " ".join(run)
    found = next(iter(registry.find_names(phrase)), None)
    if found is None or found.start != 0 or not is_media(found.entry):
        return None
    return phrase


_APPOSITION = re.compile(
    r"\s*(?:,|—|–|\s-)\s*(?:who\s+(?:is|was)\s+)?(?P<d>[^,;:()\"“”\n—–]{3,120})"
)
_PREDICATE = re.compile(r"\s+(?:is|was|has\s+been)\s+(?P<d>(?:a|an|the)\s[^,;:()\"“”\n—–.]{3,120})")
# "Jane Doe of the Brookings Institution", "Sam Ode at Reuters": the body a name belongs to.
_OF_BODY = re.compile(
    r"\s+(?:of|from|at|with)\s+(?P<d>(?:the\s+)?[A-Z][\w’'&.-]*"
    r"(?:\s+(?:(?:of|for|on|and|the|&)\s+)*[A-Z][\w’'&.-]*)*)"
)
TITLES = OFFICIAL_TITLES | SECONDARY_TITLES
# "X, who studies ...", "X, who heads the ... think tank": a relative clause that describes.
_WHO_VERBS = STUDY_VERBS | wordset("heads leads runs directs chairs written")


def _after(text: str, end: int) -> str | None:
    """An apposition or predicate right after a name: ", the blogger behind X,", " is a ..."."""
    tail = text[end : end + 160]
    m = _APPOSITION.match(tail) or _PREDICATE.match(tail)
    if m is None:
        return None
    d = m.group("d").strip()
    words = d.split()
    if not words:  # ",    ;" (a table cell, spaces padding a column): nothing described
        return None
    first = words[0].lower()
    if words[0][:1].isupper() and first not in ("a", "an", "the"):
        if first.rstrip(",") not in TITLES or (len(words) > 1 and words[1][:1].isupper()):
            return None  # a list of names ("Smith, Jones and ..."), not a description
        # "said Sanjiv Bhasin, Director, IIFL Securities": a capitalised title, then its body
        rest = _APPOSITION.match(tail[m.end() :])
        if rest is not None and rest.group("d")[:1].isupper():
            d = f"{d}, {rest.group('d').strip().rstrip('.')}"
    if _words(d)[-1] in _REPORT_VERBS:
        return None  # "Trump, the economist said, is wrong": a parenthetical report
    verb = [w.lower() for w in words[1:3] if w.lower() not in ("has", "had", "have")][:1]
    if first == "who" and not (verb and verb[0] in _WHO_VERBS):
        return None  # "who retired at 43": an act, not a description
    return d.split(". ")[0]


# The analysis a body is cited for: "according to guidance from the Mayo Clinic", "a study by X".
_WORK_OF = (
    r"\b(?:guidance|advice|recommendations?|analysis|analyses|estimates?|forecasts?|projections?"
    r"|study|studies|research|review)\s+(?:from|by)\s+(?:the\s+)?"
)


def _of_body(text: str, end: int) -> str | None:
    """The body a name is 'of' or 'at': "Jane Doe of the Brookings Institution"."""
    m = _OF_BODY.match(text, end)
    return m.group(0).strip() if m else None


_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


class TextIndex:
    """Where each capitalised word starts in one text, and where a "study by"-like phrase
    (``_WORK_OF``) can start, found once per document.

    ``describe`` runs once per source name; a scan of the whole text per name made a document
    with many names quadratic (a 4 MB article: 233 names, 9 s; 20 MB: minutes). Built lazily:
    a document without names pays nothing.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: dict[str, list[int]] | None = None
        self._work_of: list[int] | None = None

    def starts(self, word: str) -> list[int]:
        """Ascending offsets of the maximal word-character runs equal to ``word`` (capitalised)."""
        if self._starts is None:
            self._starts = {}
            for m in _WORD_RUN.finditer(self.text):
                run = m.group(0)
                if run[0].isupper():
                    self._starts.setdefault(run, []).append(m.start())
        return self._starts.get(word, [])

    def work_of_starts(self) -> list[int]:
        """Every offset where ``_WORK_OF`` matches (overlaps included), ascending."""
        if self._work_of is None:
            ahead = re.compile(f"(?=(?:{_WORK_OF}))", re.IGNORECASE)
            self._work_of = [m.start() for m in ahead.finditer(self.text)]
        return self._work_of


def _form_occurrences(index: TextIndex, form: str) -> Iterable[tuple[int, int]]:
    r"""What ``re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text)`` yields, found
    from the index: such a match starts a word run equal to the form's first run."""
    text = index.text
    first = _WORD_RUN.match(form)
    if first is None or first.start() != 0 or not form[0].isupper():
        pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
        yield from ((m.start(), m.end()) for m in pattern.finditer(text))
        return
    last_end = -1
    for start in index.starts(first.group(0)):
        end = start + len(form)
        if start < last_end or not text.startswith(form, start):
            continue  # finditer's matches do not overlap
        if end < len(text) and _WORD_CHAR.match(text, end):
            continue
        last_end = end
        yield start, end


def _occurrences(index: TextIndex, name: str) -> Iterable[tuple[int, int]]:
    forms = [name]
    if " and " in name:  # "Paganini and his colleagues": what is said of Paganini
        name = name.split(" and ")[0]
        forms.append(name)
    parts = name.split()
    if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) > 2:
        forms.append(parts[-1])  # "Sabatier" for "Grant Sabatier"
    seen: set[int] = set()
    for form in forms:
        for start, end in _form_occurrences(index, form):
            if start not in seen:
                seen.add(start)
                yield start, end


def _work_of(index: TextIndex, name: str) -> Iterable[str]:
    """The "analysis by <name>" phrases, as ``re.finditer`` over the whole text finds them."""
    pattern = re.compile(_WORK_OF + re.escape(name) + r"(?![\w])", re.IGNORECASE)
    last_end = -1
    for start in index.work_of_starts():
        if start < last_end:
            continue
        m = pattern.match(index.text, start)
        if m is not None:
            last_end = m.end()
            yield m.group(0)


def describe(
    text: str,
    name: str,
    claim_texts: Iterable[str] = (),
    registry: RegistryLike[E] | None = None,
    index: TextIndex | None = None,
) -> tuple[Description, ...]:
    """Every description of ``name`` the article gives, in text order, that says something.

    ``index`` (of ``text``) is shared by the calls for one document, so that each name costs
    its own occurrences, not a pass over the text."""
    if len(name) < 3 or not name[:1].isupper():
        return ()
    if index is None or index.text is not text:
        index = TextIndex(text)
    out: list[Description] = []
    for start, end in sorted(_occurrences(index, name)):
        for phrase in (
            _before(text, start),
            _outlet_before(text, start, registry),
            _of_body(text, end),
            _after(text, end),
        ):
            d = describe_phrase(phrase, registry) if phrase else None
            if d is not None:
                out.append(d)
    for phrase in _work_of(index, name):
        out.append(Description(phrase, "expert"))
    for claim in claim_texts:
        v = _VEHICLE.search(claim)
        if v is not None:
            out.append(Description(v.group(0), "expert"))
    return tuple(dict.fromkeys(out))


# "a blog post for InfoAmazonia", "an op-ed in The Times": where an unowned piece appeared.
_PUBLISHED_IN = re.compile(
    r"\s+(?:for|in|on)\s+(?:the\s+)?(?P<name>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4})"
)


def published_in(text: str, end: int) -> str | None:
    """The capitalised name right after a document mention ending at ``end``: the publication
    a piece with no named owner appeared in ("a blog post for InfoAmazonia")."""
    m = _PUBLISHED_IN.match(text, end) if end >= 0 else None
    return m.group("name").rstrip(".") if m else None


__all__ = ["Description", "analysis_firm", "describe", "describe_phrase", "judge", "published_in"]
