"""Which language a document is written in, cheaply: its script, then its function words.

A page's declared language (<html lang>) is taken when the text agrees with it, and overruled
when the text plainly says otherwise: sites serve English articles under lang="de" (an
international edition's template) as readily as they leave the attribute out. The text is read
by script (Hangul, kana, Han, Cyrillic, Arabic ... name a language or a family outright) and,
for Latin script, by the share of its words in each language's commonest function words
(data/foreign_cues.toml, [detect]). English is the default whenever the evidence is thin, so an
English page keeps the parser-based path it always had.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from linkaudit.extract.foreign_cues import foreign_cues, stop_words
from linkaudit.model import Document, Language

# Enough text to judge by; a long page says nothing more after its first pages.
_SAMPLE_CHARS = 20_000
_MIN_WORDS = 30  # fewer words than this: the text cannot overrule the declared language
_MIN_SHARE = 0.12  # a language's function words must be at least this share of the words
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Unicode script (by character-name prefix) -> the language it names. A script shared by
# several languages (Cyrillic, Arabic, Han) names the commonest one unless the page declares
# another that uses it.
_SCRIPTS = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "GREEK": "el",
    "HEBREW": "he",
    "THAI": "th",
    "DEVANAGARI": "hi",
}
_SCRIPT_FAMILY = {
    "ru": {"ru", "uk", "bg", "sr", "be", "mk", "kk", "ky", "mn"},
    "ar": {"ar", "fa", "ur", "ps"},
    "zh": {"zh", "ja"},
    "hi": {"hi", "mr", "ne"},
}


def _primary(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-case: "en-US" -> "en", "pt_BR" -> "pt"."""
    if not tag:
        return None
    head = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
    return head if re.fullmatch(r"[a-z]{2,3}", head) else None


def _sample(doc: Document) -> str:
    parts: list[str] = []
    size = 0
    for b in doc.blocks:
        if b.role != "body" or b.kind == "heading":
            continue
        parts.append(doc.text[b.start : b.end])
        size += b.end - b.start
        if size >= _SAMPLE_CHARS:
            break
    return " ".join(parts)[:_SAMPLE_CHARS] if parts else doc.text[:_SAMPLE_CHARS]


def _script(sample: str) -> tuple[str | None, float]:
    """The language a non-Latin script names, and its share of the letters."""
    counts: Counter[str] = Counter()
    letters = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        if ch < "\u0250":  # Basic Latin and Latin-1/Extended-A/B: not a script of its own
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in _SCRIPTS.items():
            if name.startswith(prefix):
                counts[code] += 1
                break
    if not letters or not counts:
        return None, 0.0
    if counts["ja"]:  # kana among Han characters: Japanese
        counts["ja"] += counts.pop("zh", 0)
    code, n = counts.most_common(1)[0]
    return code, n / letters


def _latin(sample: str) -> tuple[dict[str, float], int]:
    words = [w.lower() for w in _WORD.findall(sample)[:3000]]
    if not words:
        return {}, 0
    shares = {
        code: sum(w in stops for w in words) / len(words) for code, stops in stop_words().items()
    }
    return shares, len(words)


def detect_language(doc: Document) -> Language:
    """The language the document is read in, with the reason; English unless shown otherwise."""
    declared = doc.lang
    tag = _primary(declared)
    said = f"html lang={declared}" if declared else "no declared language"
    sample = _sample(doc)
    script, share = _script(sample)
    if script is not None and share >= 0.3:
        family = _SCRIPT_FAMILY.get(script, {script})
        code = tag if tag in family else script
        return _language(code, declared, f"{said}; {script_name(script)} script in the text")
    shares, n = _latin(sample)
    if n < _MIN_WORDS or not shares:
        code = tag or "en"
        return _language(code, declared, f"{said}; too little text to check it")
    best = max(shares, key=lambda c: (shares[c], c == "en"))
    if (
        tag is not None
        and tag in shares
        and shares[tag] >= _MIN_SHARE
        and shares[tag] >= 0.6 * shares[best]
    ):
        return _language(tag, declared, f"{said}; the text's function words agree")
    if shares[best] < _MIN_SHARE:
        code = tag if tag is not None and tag not in shares else "en"
        return _language(code, declared, f"{said}; no language's function words stand out")
    if shares.get("en", 0.0) >= 0.8 * shares[best]:
        best = "en"  # a close call stays on the English path
    why = f"{said}; the text's function words are {best}'s"
    if tag is not None and tag != best:
        why = f"{said} overruled: the text's function words are {best}'s"
    return _language(best, declared, why)


def script_name(code: str) -> str:
    return {
        "ko": "Hangul",
        "ja": "kana",
        "zh": "Han",
        "ru": "Cyrillic",
        "ar": "Arabic",
        "el": "Greek",
        "he": "Hebrew",
        "th": "Thai",
        "hi": "Devanagari",
    }.get(code, code)


def _language(code: str, declared: str | None, basis: str) -> Language:
    if code == "en":
        return Language("en", declared, basis, "parser")
    cues = foreign_cues(code)
    if cues is not None:
        note = (
            f"attribution for {cues.name} is pattern-based (a cue lexicon and surface patterns, "
            "no parser): expect lower recall than on English pages"
        )
    else:
        note = (
            f"no cue lexicon for language '{code}': only quotes with a named speaker, "
            "transcript turns and links to registered sites are attributed"
        )
    return Language(code, declared, basis, "patterns", note)
