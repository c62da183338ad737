"""Attribution on pages not in English: language detection, cue lexicons, surface patterns."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from linkaudit.audit import AuditOptions, audit
from linkaudit.extract import extract
from linkaudit.extract.foreign_cues import foreign_cues
from linkaudit.extract.language import detect_language
from linkaudit.extract.testing import build_document, news_registry
from linkaudit.load import load_path
from linkaudit.model import Attribution, Document
from linkaudit.render.jsonfmt import JsonRenderer

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "north-korea-geopolitics.txt"


def doc_in(lang: str, *paragraphs: str) -> Document:
    return dataclasses.replace(build_document(*paragraphs), lang=lang)


def run(lang: str, *paragraphs: str) -> tuple[Attribution, ...]:
    return extract(doc_in(lang, *paragraphs), news_registry())


def pairs(atts: tuple[Attribution, ...]) -> list[tuple[str | None, str]]:
    return [(a.source.name if a.source else None, a.cue_kind) for a in atts]


# ---------------------------------------------------------------- detection

ENGLISH = (
    "The council said on Tuesday that the new bridge would open in the spring, and that the "
    "work on the old one had been delayed by the weather. It was the third delay this year, "
    "and residents who live near the river have asked for a date they can rely on."
)
KOREAN = "김민수 장관은 협상이 계속될 것이라고 밝혔다."
GERMAN = (
    "Der Stadtrat hat am Dienstag mitgeteilt, dass die neue Brücke im Frühjahr eröffnet wird "
    "und die Arbeiten an der alten wegen des Wetters verschoben wurden. Es ist die dritte "
    "Verzögerung in diesem Jahr, und die Anwohner am Fluss wollen endlich ein Datum haben."
)


def test_declared_language_is_checked_against_the_text() -> None:
    """An English text under lang="de" stays English; German text under lang="en" is German."""
    english = detect_language(doc_in("de", ENGLISH))
    assert (english.code, english.method) == ("en", "parser")
    assert "overruled" in english.basis
    german = detect_language(doc_in("en", GERMAN))
    assert (german.code, german.method) == ("de", "patterns")
    assert german.note is not None
    assert "pattern-based" in german.note


def test_script_names_the_language_and_a_declared_tag_refines_it() -> None:
    """Hangul text is Korean whatever the tag; Cyrillic text declared "uk" stays Ukrainian."""
    korean = detect_language(doc_in("en", "시장은 새 다리가 봄에 개통될 것이라고 밝혔다."))
    assert korean.code == "ko"
    ukrainian = detect_language(doc_in("uk", "Міністр сказав, що переговори триватимуть."))
    assert ukrainian.code == "uk"
    assert ukrainian.note is not None
    assert "no cue lexicon" in ukrainian.note


def test_short_text_without_a_tag_stays_english() -> None:
    """Too few words to judge and no declared language: the English path."""
    assert detect_language(build_document("Kurz gesagt: nein.")).code == "en"


def test_every_lexicon_loads_with_speech_cues() -> None:
    """Each shipped language has speech cues and pronouns in its lexicon."""
    for code in ("de", "id", "pt", "es", "fr", "it", "ru", "ko"):
        cues = foreign_cues(code)
        assert cues is not None, code
        assert cues.speech, code
        assert cues.pronouns, code


# ---------------------------------------------------------------- cues by language


def test_german_speaker_before_and_after_the_verb() -> None:
    """ "Bürgermeister Klaus Weber sagte" and '"…", sagte Weber' both rest on Klaus Weber."""
    atts = run(
        "de",
        "Bürgermeister Klaus Weber sagte am Montag, die Brücke werde im Mai geöffnet.",
        '"Wir haben lange genug gewartet", sagte Weber.',
        "Laut Polizei wurde bei dem Unfall niemand verletzt.",
    )
    assert pairs(atts) == [
        ("Klaus Weber", "speech-verb"),
        ("Klaus Weber", "speech-verb"),
        ("Polizei", "according-to"),
    ]
    assert atts[0].source is not None
    assert atts[0].source.kind == "official"


def test_indonesian_inverted_cue_pronominal_verb_and_menurut() -> None:
    """ "…, kata Joko Widodo", "ujarnya" (the last speaker) and "Menurut polisi"."""
    atts = run(
        "id",
        "“Kami akan membangun jembatan baru tahun depan,” kata Presiden Joko Widodo.",
        "Proyek itu sudah lama direncanakan, ujarnya.",
        "Menurut polisi, dua orang terluka dalam kecelakaan itu.",
    )
    assert pairs(atts) == [
        ("Joko Widodo", "speech-verb"),
        ("Joko Widodo", "pronoun"),
        ("polisi", "according-to"),
    ]


def test_indonesian_speaker_before_a_colon_owns_the_quote_after_it() -> None:
    """ "Pak Harun berkata:" followed by a quoted paragraph: the quote is Harun's."""
    atts = run(
        "id",
        "Dalam pertemuan warga, Pak Harun Salim berkata:",
        "“Sungai ini harus dibersihkan sebelum musim hujan tiba. "
        "Kalau tidak, desa kita akan banjir lagi.”",
    )
    assert pairs(atts) == [
        ("Harun Salim", "speech-verb"),
        ("Harun Salim", "quote"),
        ("Harun Salim", "quote"),
    ]


def test_portuguese_title_name_verb_and_segundo() -> None:
    """ "O ministro João Silva disse" is an official; "Segundo a polícia" a body."""
    atts = run(
        "pt",
        "O ministro João Silva disse que a vacina chegará aos postos em março.",
        "“Não vamos desistir da reforma”, afirmou Maria Souza.",
        "Segundo a polícia, o suspeito fugiu de carro.",
    )
    assert pairs(atts) == [
        ("João Silva", "speech-verb"),
        ("Maria Souza", "speech-verb"),
        ("polícia", "according-to"),
    ]
    assert atts[0].source is not None
    assert atts[0].source.role == "ministro"


def test_transcript_turns_rest_on_their_speaker() -> None:
    """ "Ana Costa: …" opens a turn; its later sentences are quotes of the same speaker."""
    atts = run(
        "pt",
        "Nesta entrevista, conversamos com a pesquisadora Ana Costa sobre o projeto.",
        "Ana: O projeto começou há dez anos na universidade. Hoje temos mais de cem alunos.",
    )
    assert pairs(atts) == [("Ana Costa", "colon"), ("Ana Costa", "quote")]


def test_spanish_french_and_russian_speech_verbs() -> None:
    """ "El presidente … dijo", "Le ministre … a déclaré", "Министр … заявил"."""
    es = run("es", "El presidente Pedro Gómez dijo que habrá elecciones en marzo.")
    fr = run("fr", "Le ministre Jean Dupont a déclaré que la réforme serait retirée.")
    ru = run("ru", "Министр Иван Петров заявил, что переговоры продолжатся в пятницу.")
    assert pairs(es) + pairs(fr) + pairs(ru) == [
        ("Pedro Gómez", "speech-verb"),
        ("Jean Dupont", "speech-verb"),
        ("Иван Петров", "speech-verb"),
    ]


def test_registry_names_keep_their_entry_in_any_language() -> None:
    """ "Según Reuters" names the registry's Reuters, as on an English page."""
    atts = run("es", "Según Reuters, la empresa cerrará dos fábricas el próximo año.")
    assert pairs(atts) == [("Reuters", "according-to")]
    assert atts[0].source is not None
    assert atts[0].source.kind == "wire"


def test_korean_topic_name_title_pronoun_and_dropped_subject() -> None:
    """Korean: "김민수 장관은 … 밝혔다", "그는 … 말했다", a dropped subject, "에 따르면"."""
    atts = run(
        "ko",
        "김민수 장관은 회의에서 협상이 다음 주에도 계속될 것이라고 밝혔다. "
        "그는 “합의가 가까워졌다”고 말했다. "
        "또 양측의 입장 차이가 크지 않다고 강조했다. "
        "연합뉴스에 따르면 회의는 세 시간 동안 이어졌다.",
    )
    assert pairs(atts) == [
        ("김민수", "speech-verb"),
        ("김민수", "pronoun"),
        ("김민수", "pronoun"),
        ("연합뉴스", "according-to"),
    ]
    assert atts[0].source is not None
    assert (atts[0].source.kind, atts[0].source.role) == ("official", "장관")


def test_bracketed_citation_after_a_quote_is_its_source() -> None:
    """A quoted passage followed by "[Kitab Hukum 12]" rests on that document."""
    atts = run(
        "id",
        "Aturan itu sudah lama tertulis dengan jelas:",
        "“Setiap warga berhak atas air bersih dan udara yang sehat.”",
        "[Kitab Hukum 12]",
    )
    assert pairs(atts)[0] == ("Kitab Hukum", "document")


def test_a_page_without_a_lexicon_still_attributes_links_and_turns() -> None:
    """Japanese has no cue lexicon: no crash, and a body link to a registry site is a claim."""
    atts = run("ja", "政府は新しい計画を発表した。[詳細](https://www.reuters.com/world/x)")
    assert [a.cue_kind for a in atts] == ["link"]


# ---------------------------------------------------------------- English and the report


def test_english_output_is_unchanged_whatever_the_declared_tag() -> None:
    """The seed fixture's attributions are the same with no tag, lang="en-US" or lang="de"."""
    doc = load_path(str(FIXTURE))
    registry = news_registry()
    plain = extract(doc, registry)
    assert plain
    for tag in ("en-US", "de"):
        assert extract(dataclasses.replace(doc, lang=tag), registry) == plain


@pytest.mark.parametrize(
    ("html", "code", "method"),
    [
        (
            f'<html lang="ko"><body><p>{KOREAN}</p></body></html>',
            "ko",
            "patterns",
        ),
        (f'<html lang="de"><body><p>{ENGLISH}</p></body></html>', "en", "parser"),
    ],
)
def test_json_report_shows_the_language_and_the_pattern_note(
    tmp_path: Path, html: str, code: str, method: str
) -> None:
    """The JSON document names the language, its basis and, for patterns, the note."""
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    report = audit(str(page), AuditOptions(offline=True, cache_path=None))
    lang = json.loads(JsonRenderer().render([report]))["document"]["language"]
    assert (lang["code"], lang["attribution"]) == (code, method)
    assert (lang["note"] is not None) == (method == "patterns")
    assert lang["declared"] == ("ko" if code == "ko" else "de")
