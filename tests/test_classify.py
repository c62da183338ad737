"""Classification of sources and claims, and the fixture article end to end."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from linkaudit.classify import classify
from linkaudit.classify.roles import classify_mention
from linkaudit.extract import extract
from linkaudit.extract.testing import build_document, news_registry
from linkaudit.model import Claim, Document, Mention, Source

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "north-korea-geopolitics.txt"
CORPUS = Path("/work/shared/corpus/news")


def run(*paragraphs: str) -> tuple[Document, tuple[Source, ...], tuple[Claim, ...]]:
    doc = build_document(*paragraphs)
    reg = news_registry()
    sources, claims = classify(doc, extract(doc, reg), reg)
    return doc, sources, claims


@pytest.mark.parametrize(
    ("mention", "cls"),
    [
        (Mention("Dmitry Peskov", "official", role="Kremlin spokesman"), "primary"),
        (Mention("Jane Roe", "person", role="Foreign Minister"), "primary"),
        (Mention("Andrey Sushentsov", "person", role="a prominent Russian pundit"), "secondary"),
        (Mention("Ann Lee", "person", role="economist"), "secondary"),
        (Mention("Bo Chan", "academic", role="professor of history"), "secondary"),
        (Mention("Foreign Ministry", "government"), "primary"),
        (Mention("Acme Corp", "organization"), "primary"),
        (Mention("police", "government"), "primary"),
        (Mention("Joseph Stalin", "person"), "primary"),
        (Mention("Russian readout", "document", owner="Russian"), "primary"),
        (Mention("Joseph Stalin's letter", "document", owner="Joseph Stalin"), "primary"),
        (Mention("TASS report", "document", owner="TASS"), "state-media"),
        (Mention("analyst note", "document", owner="analyst"), "secondary"),
        (Mention("Officials", "anonymous", role="officials", anonymous=True), "primary"),
        (Mention("people familiar", "anonymous", role="people", anonymous=True), "primary"),
        (Mention("analysts", "anonymous", role="analysts", anonymous=True), "secondary"),
        (Mention("Reuters", "wire"), "secondary"),
        (Mention("Korean Central News Agency", "state-media"), "state-media"),
        (Mention("Center for Strategic and International Studies", "think-tank"), "secondary"),
    ],
)
def test_source_class_by_registry_and_role(mention: Mention, cls: str) -> None:
    """Registry entries keep their class; others are classed by role, kind or document owner."""
    verdict = classify_mention(mention, news_registry())
    assert verdict.cls == cls
    assert verdict.basis


def test_registry_sources_carry_their_entry() -> None:
    """A registry source has its registry id, aliases, country and a registry basis."""
    _, sources, _ = run("Prices rose, according to KCNA.")
    assert [(s.name, s.registry_id, s.country, s.cls) for s in sources] == [
        ("Korean Central News Agency", "kcna", "KP", "state-media")
    ]
    assert sources[0].aliases == ("KCNA",)
    assert sources[0].basis.startswith("registry:")


def test_mirror_is_classified_by_its_original() -> None:
    """A republisher of TASS in the registry is state media, and its basis says whose."""
    verdict = classify_mention(Mention("TASS Mirror", "outlet"), news_registry())
    assert (verdict.cls, verdict.registry_id) == ("state-media", "tass-mirror")
    assert "republishes TASS" in verdict.basis


def test_sources_are_deduplicated_and_numbered_in_order_of_first_use() -> None:
    """The same speaker twice is one source; ids s1.. follow first use; claims c1.. in order."""
    _, sources, claims = run(
        "Kremlin spokesman Dmitry Peskov said it was fine.",
        "Reuters reported the talks failed.",
        "Peskov said “nothing changed at all.”",
    )
    assert [s.name for s in sources] == ["Dmitry Peskov", "Reuters"]
    assert [s.id for s in sources] == ["s1", "s2"]
    assert [(c.id, c.sources, c.basis) for c in claims] == [
        ("c1", ("s1",), "primary"),
        ("c2", ("s2",), "secondary"),
        ("c3", ("s1",), "primary"),
    ]


def test_relay_lists_both_sources_and_keeps_the_basis_of_the_source() -> None:
    """State media relaying a statement stays state-media; the statement is listed and named via."""
    _, sources, claims = run(
        "The Korean Central News Agency reported on a statement from the country’s Foreign "
        "Ministry that it was ready."
    )
    (claim,) = claims
    assert claim.basis == "state-media"
    assert claim.via == "DPRK Foreign Ministry statement"
    assert [sources_by_id(sources)[s].name for s in claim.sources] == [
        "Korean Central News Agency",
        "DPRK Foreign Ministry statement",
    ]


def test_unsourced_claims_and_link_ids_and_lines() -> None:
    """A linked sentence without a source is unsourced; links are l-ids; lines come from the doc."""
    doc, sources, claims = run("Title line.", "It was [very bad](#) and “worse than expected.”")
    (claim,) = claims
    assert sources == ()
    assert (claim.basis, claim.cue_kind, claim.links) == ("unsourced", "none", ("l1",))
    assert claim.quote == "worse than expected."
    assert claim.line == doc.line_at(claim.start) == 3
    assert claim.text == doc.text[claim.start : claim.end]


def test_anonymous_source_is_flagged() -> None:
    """An unnamed source becomes a Source with anonymous=True."""
    _, sources, claims = run("Officials said the plan was dead.")
    assert [(s.kind, s.anonymous, s.cls) for s in sources] == [("anonymous", True, "primary")]
    assert claims[0].cue_kind == "anonymous"


def sources_by_id(sources: tuple[Source, ...]) -> dict[str, Source]:
    return {s.id: s for s in sources}


def _registry() -> object:
    try:
        from linkaudit.classify.registry import Registry
    except ImportError:
        return news_registry()
    return Registry.default()


def _fixture() -> tuple[Document, dict[str, Source], tuple[Claim, ...]]:
    load = pytest.importorskip("linkaudit.load", reason="the loader (linkaudit.load) is missing")
    doc = load.load_path(str(FIXTURE))
    reg = _registry()
    sources, claims = classify(doc, extract(doc, reg), reg)  # type: ignore[arg-type]
    return doc, sources_by_id(sources), claims


def _claim(claims: tuple[Claim, ...], start: str) -> Claim:
    found = [c for c in claims if c.text.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def test_fixture_sources_and_bases() -> None:
    """The fixture's claims rest on the right sources with the right classes."""
    _, by_id, claims = _fixture()

    def src(claim: Claim) -> Source:
        return by_id[claim.sources[0]]

    kcna = _claim(claims, "The Korean Central News Agency reported")
    assert src(kcna).registry_id == "kcna"
    assert (kcna.basis, kcna.via) == ("state-media", "DPRK Foreign Ministry statement")
    tass = _claim(claims, "Tass played up")
    assert (src(tass).registry_id, tass.basis, tass.cue_kind) == ("tass", "state-media", "mention")
    reuters = _claim(claims, "In essence, as a Reuters report took note")
    assert (src(reuters).registry_id, reuters.basis, reuters.cue) == (
        "reuters",
        "secondary",
        "took note",
    )
    vaddi = [c for c in claims if c.sources and src(c).name == "Pranay Vaddi"]
    assert len(vaddi) == 6
    assert {c.basis for c in vaddi} == {"primary"}
    told = _claim(claims, "“What we’re seeing")
    assert told.audience is not None
    assert "Center for Strategic and International Studies" in told.audience
    assert [c.cue_kind for c in vaddi if c.text.startswith("He ")] == ["pronoun", "pronoun"]
    peskov = _claim(claims, "Commenting on minister Choe")
    assert (src(peskov).name, src(peskov).role, peskov.basis) == (
        "Dmitry Peskov",
        "Kremlin spokesman",
        "primary",
    )
    readout = _claim(claims, "The Russian readout")
    assert (src(readout).name, src(readout).kind, readout.basis) == (
        "Russian readout",
        "document",
        "primary",
    )
    release = _claim(claims, "A press release by the foreign ministry in Pyongyang")
    assert (src(release).name, release.basis) == ("DPRK Foreign Ministry press release", "primary")
    pundit = _claim(claims, "Andrey Sushentsov")
    assert (src(pundit).name, pundit.basis) == ("Andrey Sushentsov", "secondary")
    stalin = _claim(claims, "Stalin wrote that")
    assert (src(stalin).name, src(stalin).kind, stalin.basis) == (
        "Joseph Stalin's letter",
        "document",
        "primary",
    )
    for start in ("Kim said the North", "In the past week alone"):
        kim = _claim(claims, start)
        assert (src(kim).name, kim.basis) == ("Kim Jong Un", "primary")


def test_fixture_body_links_are_each_tied_to_a_claim() -> None:
    """All 11 body links belong to a claim, the torn pair to the same one."""
    doc, _, claims = _fixture()
    body = {f"l{i + 1}" for i, link in enumerate(doc.links) if link.role == "body"}
    assert len(body) == 11
    owner = {link: c.id for c in claims for link in c.links}
    assert set(owner) == body
    kim = _claim(claims, "In the past week alone")
    assert len(kim.links) == 2
    assert kim.text.endswith("unification with South Korea is no longer possible.")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared news corpus is not mounted")
def test_news_corpus_runs_fast_and_sensibly() -> None:
    """On 20 real news pages extract+classify never crashes, stays fast and finds attributions."""
    load = pytest.importorskip("linkaudit.load", reason="the loader (linkaudit.load) is missing")
    reg = _registry()
    pages = sorted(CORPUS.glob("*.html"))
    total = 0.0
    attributed = 0
    for page in pages:
        doc = load.load_path(str(page))
        t = time.perf_counter()
        sources, claims = classify(doc, extract(doc, reg), reg)  # type: ignore[arg-type]
        total += time.perf_counter() - t
        ids = {s.id for s in sources}
        for c in claims:
            assert set(c.sources) <= ids
            assert doc.text[c.start : c.end].split() == c.text.split()
        attributed += sum(1 for c in claims if c.sources)
    assert len(pages) == 20
    # speed is measured in bench/offline_speed.py (the parser made this a timed test)
    assert total > 0
    assert attributed >= 60


def test_data_is_primary_even_when_an_outlet_publishes_it() -> None:
    """An outlet's own poll is primary data; an outlet's investigation is the outlet (secondary)."""
    _, sources, claims = run(
        "Support fell, according to a new Reuters poll of voters.",
        "Hospitals closed, according to an investigation by Reuters and others.",
    )
    assert [(sources_by_id(sources)[c.sources[0]].kind, c.basis) for c in claims] == [
        ("document", "primary"),
        ("wire", "secondary"),
    ]


def test_unknown_reporter_is_an_outlet_and_a_study_is_secondary() -> None:
    """Given "reported Euro News" is a secondary outlet; "a 2014 study" is secondary analysis."""
    _, sources, claims = run(
        "Bolivia declared an emergency over the fires, reported Euro News.",
        "Fires could become common, according to a 2014 study of the region.",
    )
    got = [(sources_by_id(sources)[c.sources[0]].kind, c.basis) for c in claims]
    assert got == [("outlet", "secondary"), ("document", "secondary")]


# ---------------------------------------------------------------- what the article says a source is


def run_default(*paragraphs: str) -> dict[str, Source]:
    """Sources by name, extracted and classified against the shipped registry."""
    from linkaudit.classify.registry import Registry

    doc = build_document(*paragraphs)
    reg = Registry.default()
    sources, _ = classify(doc, extract(doc, reg), reg)
    return {s.name: s for s in sources}


def test_a_described_blogger_is_secondary_where_the_claim_names_no_role() -> None:
    """A person described earlier as a blogger, quoted later by surname alone, is secondary."""
    got = run_default(
        "Mara Quist, a blogger who writes about thrift, quit her job at 41.",
        "Quist says the first step toward retiring early is to count what you own.",
    )
    quist = got["Mara Quist"]
    assert quist.cls == "secondary"
    assert "a blogger who writes about thrift" in quist.basis


def test_a_person_described_only_by_acts_stays_primary() -> None:
    """A role-less person the article describes by what they did, not a title, is primary."""
    got = run_default(
        "Tom Vale, who retired at 51, sold his house last spring.",
        "Vale said the move had cut his costs by half.",
    )
    assert got["Tom Vale"].cls == "primary"


def test_the_vehicle_of_a_claim_describes_its_speaker() -> None:
    """'wrote in his book' and 'on their podcast' make a role-less speaker a commentator."""
    got = run_default(
        "Omar Bell grew up in Leeds.",
        "The cheapest path is to rent for a decade, Bell wrote in his book.",
    )
    assert got["Omar Bell"].cls == "secondary"
    assert "in his book" in got["Omar Bell"].basis


def test_a_body_of_analysts_is_secondary() -> None:
    """A body the article calls 'the performance analysts at X' analyses others' products."""
    got = run_default(
        "Early tests by the performance analysts at Frame Lab found stutters.",
        "Frame Lab said the port drops frames on older machines.",
    )
    assert got["Frame Lab"].cls == "secondary"


def test_a_cited_work_of_guidance_is_an_experts() -> None:
    """'according to guidance from the Harlow Clinic': expert advice, secondary."""
    got = run_default("Salt is risky for the heart, according to guidance from the Harlow Clinic.")
    assert got["Harlow Clinic"].cls == "secondary"


def test_a_news_outlet_reporting_is_never_primary() -> None:
    """An unresolved 'the news organization ... reported' is an outlet (secondary), and the
    staff of a registered agency take its class: Xinhua's is state media, Reuters' secondary."""
    got = run_default(
        "Markets fell after Channel Nine reported a slump in exports.",
        "The news organization, citing an unnamed minister, reported that the talks had stalled.",
        "Li Wen of Xinhua said the talks had stalled.",
        "Sam Ode of Reuters said the talks had resumed.",
    )
    assert got["news organization"].cls == "secondary"
    assert (got["Li Wen"].cls, got["Li Wen"].kind) == ("state-media", "person")
    assert got["Sam Ode"].cls == "secondary"


def test_the_head_of_a_think_tank_analyses_and_its_spokesperson_speaks_for_it() -> None:
    """A director of a think-tank-shaped body or one 'of the Brookings Institution' is an
    analyst; a spokeswoman for the same body speaks for it (primary)."""
    got = run_default(
        "Lena Park, director of the Peterson Institute for International Economics, said growth"
        " would slow.",
        "Jane Doe of the Brookings Institution said the tariffs would hurt farmers.",
        "Nina Hale, a spokeswoman for the Brookings Institution, said the building would close.",
    )
    assert got["Lena Park"].cls == "secondary"
    assert got["Jane Doe"].cls == "secondary"
    assert got["Nina Hale"].cls == "primary"


def test_members_of_a_university_who_are_not_its_analysts_stay_primary() -> None:
    """'a student at the University of Leeds' speaks of her own life; a name 'of the
    University of Leeds' with no other word is its academic."""
    got = run_default(
        "Mia Roe, a student at the University of Leeds, said the protest was peaceful.",
        "Ted Kaye, of the University of Leeds, said the protest was peaceful.",
    )
    assert got["Mia Roe"].cls == "primary"
    assert got["Ted Kaye"].cls == "secondary"


@pytest.mark.parametrize(
    ("phrase", "verdict"),
    [
        ("the blogger behind Frugal Harbor", "expert"),
        ("certified financial planner", "expert"),
        ("JPL scientist and study co-author", "expert"),
        ("who has studied the region for decades", "expert"),
        ("the environmental news group", "news"),
        ("the White House National Security Council Ukraine expert", "official"),
        ("the former special envoy to the region", None),  # still a party to their tenure
        ("a writer and jewelry designer", None),  # a trade, not a commentator
        # a consultant's title is a specialist's, who explains from expertise (aeb-tune gold)
        ("a consultant chest physician at Albyn Hospital", "expert"),
        ("a neonatologist at Al-Shifa Hospital", None),  # a doctor at work: a witness
        ("a pulmonologist who was not involved in the case", "expert"),
        ("the Mumbai-based brokerage", "expert"),
        ("a physician at the clinic", None),
        ("a student at the University of Leeds", None),
        ("director of the Center for Strategic and International Studies", "expert"),
        ("director of the National Institute for Space Research", "official"),
        ("Kremlin spokesman", "official"),
        ("the author of", "expert"),  # cut before a quoted title: "the author of “The Thaw”"
        ("author of several books on China", "expert"),
        ("the author of the bill", None),  # a lawmaker's act
        ("a watchdog group", "expert"),
        ("of Capital Economics", "expert"),  # an analysis firm by its name
        ("of the National Research Council", None),  # a public body
        ("Head of Fundamental Research at Kotak Securities", "expert"),  # a research post
        ("Director, IIFL Securities", "expert"),  # a brokerage, by its name
        ("Hungarian-American investor", "expert"),
        ("an epidemiologist at the state university", "expert"),
        ("the doctor working at Al Aqsa Martyrs Hospital", None),  # a witness, not a pundit
    ],
)
def test_judging_a_description(phrase: str, verdict: str | None) -> None:
    """Each description says expert, news outlet, official, or nothing to stand on."""
    from linkaudit.classify.profiles import judge

    assert judge(phrase) == verdict


def test_descriptions_must_sit_against_the_name() -> None:
    """A preposition before a name ('then University of Washington') or a body merely named
    in a description ('directing a BBC adaptation') describes nothing about the source."""
    from linkaudit.classify.profiles import describe
    from linkaudit.classify.registry import Registry

    reg = Registry.default()
    text = "She studied at the then University of Washington. Washington said it was fine."
    assert describe(text, "Washington", (), reg) == ()
    text = "Tom Vale, a filmmaker hot off directing a lush BBC adaptation, joined. Vale said so."
    assert describe(text, "Tom Vale", (), reg) == ()
    text = "Ann Bo, the economist said, is wrong. Ann Bo said so."
    assert describe(text, "Ann Bo", (), reg) == ()


def test_a_piece_published_in_a_described_outlet_is_secondary() -> None:
    """'a blog post for Rio Watch', Rio Watch being a news group: the outlet's, secondary;
    the same piece 'for' a government site is left to the document rules."""
    from linkaudit.model import Attribution, Sentence

    para = (
        "Ana Ruiz is an editor at the river news group Rio Watch. According to a blog post for"
        " Rio Watch, rainfall will be half of normal."
    )
    doc = build_document(para)
    start = doc.text.index("a blog post")
    mention = Mention("a blog post", "document", start, start + len("a blog post"))
    s_start = doc.text.index("According")
    sentence = Sentence(s_start, len(doc.text), doc.text[s_start:], 0)
    att = Attribution(sentence, mention, "according to", "according-to")
    sources, claims = classify(doc, (att,), news_registry())
    assert (claims[0].basis, sources[0].kind) == ("secondary", "document")
    assert "Rio Watch" in sources[0].basis


def test_unnamed_commentator_groups_are_secondary_whatever_kind_they_were_given() -> None:
    """'Studies have shown', 'Advocates say', 'Local media reported': unnamed studies,
    advocates and outlets comment on others' acts (secondary); a named company stays primary."""
    got = run_default(
        "Studies have shown that the drug cuts deaths by half.",
        "Advocates say the law will hurt renters.",
        "Local media reported that the mayor had resigned.",
        "Microsoft said its profits rose.",
    )
    assert [got[n].cls for n in ("Studies", "Advocates", "Local media")] == ["secondary"] * 3
    assert got["Microsoft"].cls == "primary"


def test_a_capitalised_title_apposition_describes_the_name() -> None:
    """ "said Sanjiv Bhasin, Director, IIFL Securities": the title and its body, together."""
    from linkaudit.classify.profiles import describe

    text = '"We expect markets to outperform," said Sanjiv Bhasin, Director, IIFL Securities.'
    (d,) = describe(text, "Sanjiv Bhasin")
    assert (d.phrase, d.verdict) == ("Director, IIFL Securities", "expert")
    assert describe("They met Ann Bo, Tom Vale and Jo Ek. Ann Bo said so.", "Ann Bo") == ()


def test_an_analysis_firms_report_is_secondary() -> None:
    """ "said a report from Kotak Institutional Equities": analysts' work, not a record."""
    _, _, claims = run(
        "“The market is factoring in a recovery,” said a report from Kotak Institutional Equities."
    )
    assert claims[0].basis == "secondary"


def test_a_specialist_explaining_is_secondary_and_a_doctor_at_work_is_primary() -> None:
    """A consultant or an -ologist with no workplace in the story comments from expertise; a
    doctor at the hospital the story is about is a witness to it."""
    got = run_default(
        "Dr. Nora Vance, a consultant respiratory physician at a private hospital, reviewed "
        "the case.",
        "“The scan looked normal at first,” Vance said.",
        "A radiologist said the first scan showed nothing unusual.",
        "Omar Haddad, a neonatologist at Al-Nour Hospital, said the generators had failed.",
    )
    assert got["Nora Vance"].cls == "secondary"
    assert got["radiologist"].cls == "secondary"
    assert got["Omar Haddad"].cls == "primary"


def test_newspapers_by_their_name_and_a_short_name_for_the_same_paper() -> None:
    """An unregistered "... Chronicle" is a newspaper (secondary); "the Chronicle" after "the
    Harbour City Chronicle" is that paper, not another registry entry of that short name."""
    got = run_default(
        "The Harbour City Chronicle says the ferry operator cut three routes this week.",
        "The Chronicle says the operator blamed fuel costs.",
    )
    assert (got["Harbour City Chronicle"].kind, got["Harbour City Chronicle"].cls) == (
        "newspaper",
        "secondary",
    )
    assert set(got) == {"Harbour City Chronicle"}


def test_a_team_takes_its_leaders_class_and_outlet_staff_their_outlets() -> None:
    """ "X and his team reported" is the described scientist's team: secondary; a reporter
    titled after a registered outlet ("CBS Sports NFL Insider ...") reports for it; a
    brokerage's view of the market is analysis."""
    got = run_default(
        "Ines Moreau, a planetary scientist at a university observatory, led the survey.",
        "Moreau and her team reported that the moon vents water vapor.",
        "CBS Sports NFL Insider Dale Kemp has reported that the league will fine the player.",
        "Harbor Institutional Equities expects a slow recovery, and the brokerage said demand "
        "would stay weak.",
    )
    assert got["her team"].cls == "secondary"
    kemp = next(s for name, s in got.items() if "Dale Kemp" in name)
    assert kemp.cls == "secondary"
    assert got["brokerage"].cls == "secondary"


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("Those in favor of punishment", "secondary"),
        ("those who believe the party is stuck", "secondary"),
        ("people who argue for a ban", "secondary"),
        ("Those who were at the fundraiser", "primary"),  # witnesses, not a side of a debate
        ("residents", "primary"),
    ],
)
def test_unnamed_holders_of_a_view_are_commentators(name: str, cls: str) -> None:
    """Unnamed people named by the view they hold are a side of a debate: secondary."""
    m = Mention(name, "anonymous", role=name.split()[0].lower(), anonymous=True)
    assert classify_mention(m, news_registry()).cls == cls


def test_a_blank_apposition_describes_no_one() -> None:
    """A name followed by a comma and only padding (a column of a plain-text table) has no
    description; it used to end the whole run in an IndexError."""
    from linkaudit.classify.profiles import _after

    text = "Ann Lee,\u00a0  \t ; Bo Marsh said the count was wrong."
    assert _after(text, len("Ann Lee")) is None
    assert _after("Ann Lee, a historian at Yale, said so.", len("Ann Lee")) == (
        "a historian at Yale"
    )
