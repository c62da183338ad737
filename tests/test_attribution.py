"""Attribution extraction: cues, speakers, quotes, relays, pronouns and carried quotes."""

from __future__ import annotations

import dataclasses

import pytest

from linkaudit.extract import extract
from linkaudit.extract.people import one_edit
from linkaudit.extract.testing import build_document, news_registry
from linkaudit.model import Attribution


def run(*paragraphs: str) -> tuple[Attribution, ...]:
    return extract(build_document(*paragraphs), news_registry())


def one(*paragraphs: str) -> Attribution:
    atts = run(*paragraphs)
    assert len(atts) == 1, [a.sentence.text for a in atts]
    return atts[0]


def who(att: Attribution) -> str | None:
    return att.source.name if att.source else None


VERBS = (
    *("said", "says", "told", "reported", "wrote", "asserted", "announced", "asked", "added"),
    *("noted", "stated", "claimed", "warned", "argued", "explained", "insisted", "confirmed"),
    *("characterised", "characterized", "denied", "tweeted", "posted", "testified"),
)


@pytest.mark.parametrize("verb", VERBS)
def test_reporting_verbs_attribute_to_the_subject(verb: str) -> None:
    """Each reporting verb attributes the sentence to the named subject, appositive or title."""
    atts = run(
        f"Jane Roe, a senior official, {verb} that the plan failed.",
        f"Ministry spokesman Ivan Petrov {verb} the plan failed.",
    )
    assert [(who(a), a.cue, a.cue_kind) for a in atts] == [
        ("Jane Roe", verb, "speech-verb"),
        ("Ivan Petrov", verb, "speech-verb"),
    ]
    assert atts[0].source is not None
    assert atts[0].source.role == "a senior official"
    assert atts[1].source is not None
    assert atts[1].source.role == "Ministry spokesman"


def test_speaker_title_gives_name_role_and_owner() -> None:
    """Given "The White House’s senior director ... Pranay Vaddi" is Vaddi, with role and owner."""
    att = one("The White House’s senior director for arms control Pranay Vaddi said it changed.")
    assert att.source is not None
    assert (att.source.name, att.source.role, att.source.owner, att.source.kind) == (
        "Pranay Vaddi",
        "senior director for arms control",
        "White House",
        "official",
    )


def test_quote_and_speaker_in_either_order() -> None:
    """“…,” said X / “…,” X said / X said: “…” all attribute the quote, kept without marks."""
    doc = build_document(
        "“We will not yield,” said Kremlin spokesman Dmitry Peskov.",
        "“We are ready,” Peskov said.",
        "Peskov said: “Nothing changed.”",
    )
    atts = extract(doc, news_registry())
    assert [who(a) for a in atts] == ["Dmitry Peskov"] * 3
    assert [a.quote for a in atts] == ["We will not yield", "We are ready", "Nothing changed."]
    for a in atts:
        assert doc.text[a.quote_start : a.quote_end] == a.quote
    assert atts[1].source is not None
    assert atts[1].source.role == "Kremlin spokesman"


def test_apposition_after_an_inverted_speaker_gives_the_role() -> None:
    """Given "said Dmitry Peskov, the Kremlin spokesman" takes the role from the apposition."""
    att = one("“Fine,” said Dmitry Peskov, the Kremlin spokesman.")
    assert att.source is not None
    assert att.source.role == "the Kremlin spokesman"
    assert att.source.kind == "official"


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("According to John Smith, the plan failed.", "John Smith", "person"),
        ("The plan failed, according to Reuters.", "Reuters", "wire"),
        (
            "Growth slowed, according to data from the Bureau of Statistics.",
            "Bureau of Statistics data",
            "document",
        ),
        (
            "Prices rose, according to a report by the central bank.",
            "central bank report",
            "document",
        ),
        (
            "Troops moved, according to people familiar with the matter.",
            "people familiar with the matter",
            "anonymous",
        ),
    ],
)
def test_according_to_people_outlets_documents_and_anonymous(
    sentence: str, name: str, kind: str
) -> None:
    """Given "according to X", X may be a person, an outlet, a document or an unnamed source."""
    att = one(sentence)
    assert (who(att), att.cue, att.source.kind if att.source else None) == (
        name,
        "according to",
        kind,
    )
    assert att.cue_kind == ("anonymous" if kind == "anonymous" else "according-to")


def test_as_outlet_reported_and_took_note() -> None:
    """Given "as Reuters reported" and "as a Reuters report took note, “…”" attribute to Reuters."""
    atts = run(
        "Prices rose, as Reuters reported on Monday.", "As a Reuters report took note, “It rose.”"
    )
    assert [(who(a), a.cue) for a in atts] == [("Reuters", "reported"), ("Reuters", "took note")]


def test_readout_and_press_release_are_documents_with_owners() -> None:
    """Readouts ("the Kremlin’s", "the Russian") and "a press release by X said" are documents."""
    atts = run(
        "The Kremlin’s readout said the talks were useful.",
        "The Russian readout taunted them as “a meaningful exchange of views.”",
        "A press release by the foreign ministry in Pyongyang following the talks said “We agree.”",
        "A statement from the Foreign Ministry said the talks failed.",
    )
    got = [(a.source.name, a.source.kind, a.source.owner, a.cue_kind) for a in atts if a.source]
    assert got == [
        ("Kremlin readout", "document", "Kremlin", "document"),
        ("Russian readout", "document", "Russian", "document"),
        ("DPRK Foreign Ministry press release", "document", "DPRK Foreign Ministry", "document"),
        ("Foreign Ministry statement", "document", "Foreign Ministry", "document"),
    ]


def test_said_in_a_statement_is_a_document_cue() -> None:
    """Given "X said in a statement" keeps X as the source with the cue "said in a statement"."""
    atts = run(
        "The ministry said in a statement that talks would resume.",
        "Acme Corp said in a statement that it would cut jobs.",
    )
    assert [(who(a), a.cue, a.cue_kind) for a in atts] == [
        ("ministry", "said in a statement", "document"),
        ("Acme Corp", "said in a statement", "document"),
    ]
    assert [a.source.kind for a in atts if a.source] == ["government", "organization"]


def test_pronouns_resolve_to_the_last_named_person_across_paragraphs() -> None:
    """He/she after a paragraph break resolves to the last named person, even if not a speaker."""
    atts = run(
        "Foreign Minister Sergey Lavrov met them.",
        "He said the talks were useful.",
        "She added that nothing was agreed.",
    )
    assert [(who(a), a.cue_kind) for a in atts] == [
        ("Sergey Lavrov", "pronoun"),
        ("Sergey Lavrov", "pronoun"),
    ]
    assert atts[0].source is not None
    assert atts[0].source.start == -1


def test_unresolvable_pronoun_is_not_a_source() -> None:
    """A pronoun with no earlier person gives no source (and no claim without a quote or link)."""
    assert run("He said the talks were useful.") == ()


def test_quote_runs_over_sentences_and_into_a_reopened_paragraph() -> None:
    """A quote's later sentences, and a next paragraph opening with a quote mark, are carried."""
    atts = run(
        "Senator Jane Roe said: “We will fight. We will win.",
        "“We will never stop.”",
        "Afterwards the room emptied. It was late.",
    )
    assert [(a.sentence.text, who(a), a.cue_kind) for a in atts] == [
        ("Senator Jane Roe said: “We will fight.", "Jane Roe", "speech-verb"),
        ("We will win.", "Jane Roe", "quote"),
        ("“We will never stop.”", "Jane Roe", "quote"),
    ]


def test_open_quote_does_not_continue_into_a_paragraph_without_a_quote_mark() -> None:
    """An unclosed quote ends with its paragraph unless the next paragraph reopens it."""
    atts = run("Jane Roe wrote, “Our fight goes on. It will last.", "At any rate, the war goes on.")
    assert [a.sentence.text for a in atts] == [
        "Jane Roe wrote, “Our fight goes on.",
        "It will last.",
    ]


def test_surname_resolves_to_the_first_person_introduced_with_it() -> None:
    """Given "Kim", the source is Kim Jong Un, introduced first, not the later Kim Il Sung."""
    atts = run(
        "North Korea's supreme leader Kim Jong Un senses a shift.",
        "It recalls Kim Il Sung's plan of 1950.",
        "Kim said the North “did not want war.”",
    )
    assert [(who(a), a.source.role if a.source else None) for a in atts] == [
        ("Kim Jong Un", "supreme leader")
    ]


def test_told_names_the_audience_unless_it_is_an_outlet() -> None:
    """Given "told the Brookings conference" is an audience; "told AFP" makes AFP the via."""
    atts = run(
        "Economist Ann Lee told the Brookings conference that rates would rise.",
        "Lee told AFP that she was wrong.",
    )
    assert [(who(a), a.audience, a.via.name if a.via else None) for a in atts] == [
        ("Ann Lee", "the Brookings conference", None),
        ("Ann Lee", None, "Agence France-Presse"),
    ]


def test_think_tank_audience_is_not_the_source() -> None:
    """A quote told to a registry think tank stays the speaker's; the think tank is audience."""
    atts = run(
        "Pranay Vaddi spoke.",
        "“It is new,” Vaddi told Washington’s Center for Strategic and International Studies.",
    )
    assert len(atts) == 1
    assert who(atts[0]) == "Pranay Vaddi"
    assert atts[0].audience == "Washington’s Center for Strategic and International Studies"


def test_reported_citing_relays_and_state_media_keeps_the_claim() -> None:
    """X reported, citing Y: source Y via X; a state-media relayer stays the source."""
    atts = run(
        "Interfax reported, citing a defence ministry official, that troops moved.",
        "Tass reported, citing the defence ministry, that troops moved.",
        "The Korean Central News Agency reported on a statement from the country’s Foreign "
        "Ministry that it was ready.",
    )
    got = [(who(a), a.via.name if a.via else None) for a in atts]
    assert got == [
        ("defence ministry official", "Interfax"),
        ("TASS", "defence ministry"),
        ("Korean Central News Agency", "DPRK Foreign Ministry statement"),
    ]
    assert atts[0].source is not None
    assert atts[0].source.anonymous


@pytest.mark.parametrize(
    ("sentence", "name", "noun"),
    [
        ("Officials said the plan was dead.", "Officials", "officials"),
        ("Two people familiar with the matter said talks stalled.", None, "people"),
        (
            "A source close to the Kremlin said Putin would go.",
            "source close to the Kremlin",
            "source",
        ),
        ("Diplomats say the deal is near.", "Diplomats", "diplomats"),
        ("U.S. officials told reporters that talks failed.", "U.S. officials", "officials"),
    ],
)
def test_anonymous_sources(sentence: str, name: str | None, noun: str) -> None:
    """Unnamed sources are Mention(kind="anonymous", anonymous=True) with an "anonymous" cue."""
    att = one(sentence)
    assert att.source is not None
    assert att.source.anonymous
    assert att.source.kind == "anonymous"
    assert att.cue_kind == "anonymous"
    assert att.source.role == noun
    assert name is None or att.source.name == name


def test_cue_words_inside_a_quote_are_ignored() -> None:
    """Given "Moscow says" inside the quoted words does not make Moscow the speaker."""
    att = one("“Moscow says it will win,” Reuters reported.")
    assert (who(att), att.quote) == ("Reuters", "Moscow says it will win")


def test_outlet_as_actor_is_a_mention_cue() -> None:
    """Given "Tass played up the press release", TASS is named by a mention cue, via the release."""
    atts = run(
        "A press release by the foreign ministry in Pyongyang said “We agree.”",
        "Tass played up the press release, carving three reports out of it.",
    )
    tass = atts[1]
    assert (who(tass), tass.cue_kind, tass.cue) == ("TASS", "mention", "played up")
    assert tass.via is not None
    assert tass.via.name == "DPRK Foreign Ministry press release"


def test_writer_of_a_letter_is_cited_through_the_letter() -> None:
    """Given "Stalin wrote a letter ..." then "Stalin wrote that “…”" cites Stalin's letter."""
    atts = run(
        "Joseph Stalin sought a war.",
        "Stalin wrote a highly confidential letter to Klement Gottwald in 1950.",
        "Stalin wrote that “it is clear that America is distracted.”",
    )
    assert len(atts) == 1
    assert atts[0].source is not None
    assert (atts[0].source.name, atts[0].source.kind, atts[0].source.owner) == (
        "Joseph Stalin's letter",
        "document",
        "Joseph Stalin",
    )


def test_links_make_claims_and_a_registry_domain_is_the_source() -> None:
    """A body link makes a claim; a link to a registry domain names that outlet by a link cue."""
    atts = run(
        "Troops [moved](https://www.reuters.com/world/x) overnight.",
        "Troops [moved](https://example.com/x) overnight.",
        "Nothing to see here.",
    )
    assert [(who(a), a.cue_kind, a.links) for a in atts] == [
        ("Reuters", "link", (0,)),
        (None, "none", (1,)),
    ]


def test_scare_quotes_and_plain_sentences_are_not_claims() -> None:
    """A one-word quote alone is a scare quote; no cue, quote or link means no claim."""
    assert run("The “agreements” were vague.", "The weather was fine.") == ()
    atts = run("It was “a meaningful exchange of views” at best.")
    assert [(a.cue_kind, a.quote) for a in atts] == [("none", "a meaningful exchange of views")]


def test_torn_link_pair_belongs_to_one_claim() -> None:
    """Both halves of a link torn across blocks are in the one repaired sentence's claim."""
    atts = run(
        "Kim Jong Un spoke. Kim [announced that unification with](#)",
        "[South Korea is no longer possible](#).",
    )
    assert [(who(a), a.links) for a in atts] == [("Kim Jong Un", (0, 1))]


def test_quote_before_a_late_speaker_is_carried_back() -> None:
    """A quote's earlier sentences get the speaker named after it: “A. B,” X said."""
    atts = run("“It is late. We must go,” said Bill Powers, a San Diego engineer.")
    assert [(a.sentence.text, who(a), a.cue_kind) for a in atts] == [
        ("“It is late.", "Bill Powers", "quote"),
        ("We must go,” said Bill Powers, a San Diego engineer.", "Bill Powers", "speech-verb"),
    ]
    assert atts[1].source is not None
    assert atts[1].source.role == "a San Diego engineer"


def test_standalone_quote_after_a_quoted_speaker_is_theirs() -> None:
    """A sentence that is only a quote, right after a quoted person, carries that person."""
    atts = run("“It failed,” said Dr. Sherine Abed, a neonatologist.", "“We have no fuel left.”")
    assert [(who(a), a.cue_kind) for a in atts] == [
        ("Sherine Abed", "speech-verb"),
        ("Sherine Abed", "quote"),
    ]


def test_standalone_quote_after_narration_is_unsourced() -> None:
    """A lone quote after a sentence without a speaker stays unsourced."""
    atts = run("The lights went out at six.", "“We have no fuel left at all.”")
    assert [(who(a), a.cue_kind) for a in atts] == [(None, "none")]


def test_recent_speaker_wins_over_a_passing_mention_for_he() -> None:
    """Given "He said" after a speaker and a passing possessive mention resolves to the speaker."""
    atts = run(
        "Marwan Al-Hams, a hospital director, said supplies ran out.",
        "U.S. President Joe Biden’s administration has boasted about aid.",
        "“It is not enough for one day,” he said.",
    )
    # "has boasted about aid" is the administration's own claim (a speech verb in the parse)
    assert next(who(a) for a in atts) == "Marwan Al-Hams"
    assert [who(a) for a in atts][-1] == "Marwan Al-Hams"


def test_they_does_not_resolve_to_one_named_person() -> None:
    """Given "they say", a named speaker is not meant; anonymous officials before it are."""
    atts = run(
        "“It worked,” said Hank Sheinkopf, an adviser.",
        "Turnout is low, they say, and money matters.",
        "Officials said the vote was fair.",
        "Turnout was low, they said.",
    )
    assert [who(a) for a in atts] == ["Hank Sheinkopf", "Officials", "Officials"]


def test_pronoun_after_a_connective_and_continued() -> None:
    """Given "Then “…,” she continued" resolves the pronoun after an opening word."""
    atts = run("Nesma Hajjaj, a mother, said she was afraid.", "Then “It is hard,” she continued.")
    assert [(who(a), a.cue) for a in atts] == [
        ("Nesma Hajjaj", "said"),
        ("Nesma Hajjaj", "continued"),
    ]


def test_a_bare_title_is_not_a_person_and_an_outlets_investigation_is_the_outlet() -> None:
    """Given "Governor says" names an official body, "an investigation by Reuters" names Reuters."""
    atts = run(
        "Governor says the naming is historic.",
        "Hospitals collapsed, according to an investigation by +972 Magazine and Reuters.",
    )
    assert [(who(a), a.source.kind if a.source else None) for a in atts] == [
        ("Governor", "official"),
        ("Reuters", "wire"),
    ]


def test_infinitives_and_passives_are_not_cues() -> None:
    """Given "to explain" and "are estimated" do not attribute a sentence to its subject."""
    atts = run(
        "Stalin wrote a letter to Gottwald to explain his decision.",
        "More than 60,000 Herero are estimated to have perished.",
    )
    assert atts == ()


def test_subject_before_a_chain_of_appositions() -> None:
    """Given "Chi Onwurah, the Labour MP for Newcastle Central, who ..., said" is Chi Onwurah."""
    att = one(
        "Chi Onwurah, the Labour MP for Newcastle Central, who is supporting the report, "
        "said it showed a problem."
    )
    assert att.source is not None
    assert (att.source.name, att.source.role) == (
        "Chi Onwurah",
        "the Labour MP for Newcastle Central",
    )


def test_definite_description_resolves_to_the_person_discussed() -> None:
    """Given "the former mayor argued" is the person introduced as mayor; adverbs are skipped."""
    atts = run(
        "Former Mayor Michael Bloomberg spoke in Aspen.",
        "In the speech, the former mayor quickly argued that crime fell.",
    )
    assert [(who(a), a.cue) for a in atts] == [("Michael Bloomberg", "argued")]


@pytest.mark.parametrize(
    ("sentence", "name", "noun"),
    [
        ("Two loggers have since claimed that they heard a shot.", "Two loggers", "loggers"),
        ("Relatives said that he knew the men.", "Relatives", "relatives"),
        ("Researchers are warning of a new ransomware strain.", "Researchers", "researchers"),
        ("Residents are warning of a new flood.", None, None),
    ],
)
def test_unnamed_groups_are_anonymous(sentence: str, name: str | None, noun: str | None) -> None:
    """Unnamed groups speaking are anonymous; "are warning" is a cue for researchers only."""
    atts = run(sentence)
    if name is None:
        assert atts == ()
        return
    (att,) = atts
    assert att.source is not None
    assert (att.source.name, att.source.role, att.source.anonymous) == (name, noun, True)


def test_organisation_named_in_capitals_speaks_for_itself() -> None:
    """A capitalised non-person name before a cue is an organization ("California ISO said")."""
    atts = run("The California Independent System Operator said it acted after plants shut.")
    assert [(who(a), a.source.kind if a.source else None) for a in atts] == [
        ("California Independent System Operator", "organization")
    ]


def test_relative_link_resolves_against_the_page_url() -> None:
    """A relative href on a page whose canonical URL is a registry site names that outlet."""
    doc = dataclasses.replace(
        build_document("Troops [moved](/world/x) overnight."),
        canonical_url="https://www.reuters.com/world/y",
    )
    (att,) = extract(doc, news_registry())
    assert (who(att), att.cue_kind) == ("Reuters", "link")


def test_in_an_interview_is_not_a_document() -> None:
    """Given "said in an interview", the cue stays a speech cue; "in a statement" is a document."""
    atts = run(
        "Nesma Hajjaj, a mother, said in an interview that she was afraid.",
        "Acme Corp said in a statement that it would cut jobs.",
    )
    assert [(a.cue, a.cue_kind) for a in atts] == [
        ("said in an interview", "speech-verb"),
        ("said in a statement", "document"),
    ]


def test_lone_unknown_name_is_a_body_but_a_titled_one_is_a_person() -> None:
    """Given "Hamas said" names an organization; "Senator Roe said" a person with a title."""
    atts = run("Hamas said the talks would go on.", "Senator Roe said the talks failed.")
    assert [(who(a), a.source.kind if a.source else None) for a in atts] == [
        ("Hamas", "organization"),
        ("Roe", "official"),
    ]


def test_a_time_after_an_inverted_verb_is_not_the_speaker() -> None:
    """ "Another, Pelco, announced last April that ..." makes Pelco the source, never "April"."""
    got = [who(a) for a in run("Another, Pelco, announced last April that it will sell.")]
    assert got == ["Pelco"]  # the parse reads the apposed subject the patterns could not


def test_misspelling_merge_needs_a_long_surname_with_the_same_initial() -> None:
    """One substituted letter merges surnames of five letters or more, never short or other ones."""
    assert one_edit("Hauser", "Houser")
    assert not one_edit("Hauser", "Mauser")
    assert not one_edit("Houser", "Houser")
    assert not one_edit("Hauser", "Hausers")


def test_a_dash_line_without_a_handle_and_date_signs_nothing() -> None:
    """Only "— Name (@handle) Month D, YYYY" signs the paragraph before it as an embedded post."""
    atts = run("The plan failed badly in the spring.", "— Jane Roe, on the plan")
    assert [who(a) for a in atts] == []


def test_low_opening_and_inward_guillemet_quotes_are_closed() -> None:
    """„…“ (German and Central European marks) and »…« close at their own closing mark, so the
    speaker after them is outside the quote and found; a quote never swallows its paragraph."""
    doc = build_document(
        "„We will not yield to the pressure,“ said Kremlin spokesman Dmitry Peskov.",
        "»The talks are over for this year,« Peskov told reporters.",
    )
    atts = extract(doc, news_registry())
    assert [(who(a), a.quote) for a in atts] == [
        ("Dmitry Peskov", "We will not yield to the pressure"),
        ("Dmitry Peskov", "The talks are over for this year"),
    ]
