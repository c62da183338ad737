"""The source registry: names and URLs to outlets, agencies, governments and their class."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup

from linkaudit.classify.registry import Registry, RegistryEntry

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CLASSES = SHARED / "source-classes"
CORPUS = SHARED / "corpus" / "news"
needs_shared = pytest.mark.skipif(not CLASSES.is_dir(), reason="../shared not present")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.default()


def names(reg: Registry, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.id) for m in reg.find_names(text)]


# ---------------------------------------------------------------- by_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("KCNA", "kcna"),
        ("korean central news agency", "kcna"),
        ("조선중앙통신", "kcna"),
        ("Rodong Sinmun", "rodong"),
        ("로동신문", "rodong"),
        ("KCTV", "kctv"),
        ("Voice of Korea", "vok"),
        ("ТАСС", "tass"),
        ("Tass", "tass"),
        ("ITAR-TASS", "tass"),
        ("РИА Новости", "ria"),
        ("Russia Today", "rt"),
        ("Спутник", "sputnik"),
        ("Rossiyskaya Gazeta", "rg"),
        ("Channel One", "channel-one-russia"),
        ("新华社", "xinhua"),
        ("CGTN", "cgtn"),
        ("China Daily", "china-daily"),
        ("环球时报", "global-times"),
        ("人民日报", "peoples-daily"),
        ("CCTV", "cctv"),
        ("Press TV", "presstv"),
        ("IRNA", "irna"),
        ("Tasnim", "tasnim"),
        ("Fars News Agency", "fars"),
        ("SANA", "sana"),
        ("Prensa Latina", "prensa-latina"),
        ("teleSUR", "telesur"),
        ("Anadolu Agency", "anadolu"),
        ("the New York Times", "nytimes"),
        ("New York Times", "nytimes"),
        ("Reuters'", "reuters"),
        ("KCNA's", "kcna"),
        ("KCNA\u2019s", "kcna"),
        ("Guardian", "guardian"),
        ("CBC", "cbc"),  # the curated Canadian entry, not Azerbaijan's CBC from the matrix
        ("Bloomberg TV", "bloomberg"),  # a search form that is not an alias
        ("Российской газеты", "rg"),
    ],
)
def test_by_name_resolves_names_aliases_scripts_and_possessives(
    reg: Registry, name: str, expected: str
) -> None:
    """by_name finds an entry by its name, an alias, original script or a possessive form."""
    entry = reg.by_name(name)
    assert entry is not None
    assert entry.id == expected


def test_by_name_unknown_and_ambiguous_names_give_none(reg: Registry) -> None:
    """Unknown names, and a generic asset name several countries share, resolve to nothing."""
    assert reg.by_name("Acme Gazette") is None
    assert reg.by_name("Daily News") is None
    assert reg.by_name("") is None


# ---------------------------------------------------------------- find_names


def test_find_names_on_prose_with_possessives_and_variants(reg: Registry) -> None:
    """Names are found with their spans, possessives excluded, the longest variant winning."""
    text = (
        "Reuters' report cited KCNA's statement, which ITAR-TASS and Tass relayed; "
        "the Korean Central News Agency later told AFP, and the Global Times agreed."
    )
    found = reg.find_names(text)
    assert [(m.surface, m.entry.id) for m in found] == [
        ("Reuters", "reuters"),
        ("KCNA", "kcna"),
        ("ITAR-TASS", "tass"),
        ("Tass", "tass"),
        ("Korean Central News Agency", "kcna"),
        ("AFP", "afp"),
        ("Global Times", "global-times"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_find_names_in_korean_chinese_and_russian_text(reg: Registry) -> None:
    """Original-script names match inside unspaced CJK text and with Korean particles."""
    assert names(reg, "조선중앙통신은 24일 보도했다") == [("조선중앙통신", "kcna")]
    assert names(reg, "据新华社报道，环球时报评论") == [
        ("新华社", "xinhua"),
        ("环球时报", "global-times"),
    ]
    assert names(reg, "Об этом сообщает ТАСС.") == [("ТАСС", "tass")]


@pytest.mark.parametrize(
    "text",
    [
        "The ART of the deal; a start-up in the Sun Belt.",
        "Mint, Time, Hill, Post, Nation, Express, Star and Press are ordinary words.",
        "an independent review by a guardian ad litem at the press conference",
        "Iran's Guardian Council vetoed the bill; the Guardian Angels patrolled.",
        "He took an RT-PCR test. RT @someone: hello",
        "The Sputnik V vaccine recalled the Sputnik moment of 1957.",
        "CCTV footage showed the suspect, caught on CCTV near the station.",
        "Michael Bloomberg said he would run; Bloomberg has spent millions.",
        "Fars province, Rand Paul and Carnegie Mellon University.",
        "Vice President Harris spoke. Students sat AP exams.",
        "Under 40 CFR 60 the rule applies; Chatham House rules were observed.",
        "The Times reported it first, said the Times.",
        "Fox and hounds; Pravda was the Soviet party daily.",
        "The sun rose over the hill; the Hill is Capitol Hill in slang.",
        "UNESCO, UNICEF and the kcna.kp site (a domain, not prose).",
        "The DPA was signed after a CBC test; the RIA found costs rose.",
        "Tasnim Ahmed visited Valdai; الجزيرة means the island.",
    ],
)
def test_find_names_ignores_ordinary_words_and_lookalikes(reg: Registry, text: str) -> None:
    """Common words, names inside other words and known lookalikes are not taken as sources."""
    assert names(reg, text) == []


def test_find_names_ambiguous_short_names_need_their_the(reg: Registry) -> None:
    """'The Hill', 'The Sun', 'The Independent' match only with 'The' and not before a name."""
    text = "The Hill reported it, The Sun said so, and the Independent agreed."
    assert names(reg, text) == [
        ("The Hill", "the-hill"),
        ("The Sun", "the-sun"),
        ("the Independent", "independent"),
    ]
    assert names(reg, "the Independent Electoral Commission") == []


def test_find_names_bloomberg_only_where_context_names_the_outlet(reg: Registry) -> None:
    """Bare 'Bloomberg' counts as the outlet after 'according to' or before 'reported'."""
    assert names(reg, "according to Bloomberg, rates rose") == [("Bloomberg", "bloomberg")]
    assert names(reg, "Bloomberg reported on Monday") == [("Bloomberg", "bloomberg")]
    assert names(reg, "Bloomberg News said") == [("Bloomberg News", "bloomberg")]
    assert names(reg, "billionaire Michael R. Bloomberg said") == []


def corpus_paragraphs(name: str) -> str:
    soup = BeautifulSoup((CORPUS / name).read_bytes(), "lxml")
    return "\n\n".join(p.get_text(" ", strip=True) for p in soup.find_all("p"))


# Every name find_names reports on the <p> text of the 20 corpus pages, each checked by hand in
# its context (photo credits, datelines, "told DW", "Kaieteur News" in its own pages ...).
CORPUS_EXPECTED = {
    "AFP": "afp", "AP": "ap", "Associated Press": "ap", "Al Jazeera English": "aljazeera",
    "Axios": "axios", "BBC News": "bbc", "CBS": "cbs", "CBS News": "cbs", "DW": "dw",
    "Deutsche Welle": "dw", "EU": "europa", "Japan Times": "japan-times",
    "Kaieteur News": "kaieteur-news", "NBC News": "nbc", "POLITICO": "politico",
    "Reuters": "reuters", "Salon.com": "salon", "The Economist": "economist",
    "The Independent": "independent", "The Intercept": "the-intercept",
    "Thomson Reuters": "reuters", "Threatpost": "threatpost", "Times of Israel": "times-of-israel",
    "UK Government": "gov-uk", "UN": "un", "WSJ": "wsj", "White House": "whitehouse",
}  # fmt: skip


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_find_names_precision_on_real_news_pages(reg: Registry) -> None:
    """On 20 real news pages every match is a hand-checked outlet mention (no Michael Bloomberg)."""
    seen: dict[str, str] = {}
    for page in sorted(CORPUS.glob("*.html")):
        for surface, entry_id in names(reg, corpus_paragraphs(page.name)):
            seen[surface] = entry_id
    assert seen == CORPUS_EXPECTED
    assert names(reg, corpus_paragraphs("latimes.com.bloomberg.html")) == []


def test_find_names_on_the_fixture_article(reg: Registry) -> None:
    """The project's fixture article yields its outlets, agencies and governments in order."""
    text = (ROOT / "fixtures" / "north-korea-geopolitics.txt").read_text(encoding="utf-8")
    ids = [m.entry.id for m in reg.find_names(text)]
    assert ids[:12] == [
        "globalresearch", "indian-punchline", "nato", "kcna", "un", "un",
        "whitehouse", "csis", "kremlin", "kremlin", "reuters", "un",
    ]  # fmt: skip
    assert "tass" in ids


def test_find_names_is_fast_and_default_is_cached(reg: Registry) -> None:
    """find_names scans 20 KB in a few ms (one compiled pattern); default() returns one object."""
    text = (corpus_paragraphs("standard.co.uk.caribbean.html") * 3)[:20_000]
    best = min(_timed(lambda: reg.find_names(text)) for _ in range(3))
    assert best < 0.02, f"find_names took {best * 1000:.1f} ms on 20 KB"
    assert Registry.default() is reg


def _timed(fn: object) -> float:
    assert callable(fn)
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def test_default_loads_under_150_ms_in_a_fresh_process() -> None:
    """Loading the shipped data (TOML + TSV + pattern) takes under 150 ms of CPU, measured cold.

    CPU time, not wall time: on the shared 2-core machine wall time measures the scheduler."""
    code = (
        "import time; from linkaudit.classify.registry import Registry; "
        "t = time.process_time(); Registry.default(); print(time.process_time() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 0.15


# ---------------------------------------------------------------- by_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://en.kremlin.ru/events/president/news/1", "kremlin"),
        ("https://russian.rt.com/world", "rt"),
        ("http://spanish.xinhuanet.com/x.htm", "xinhua"),
        ("https://WWW.KCNA.KP/en/article/q/1.kcmsf", "kcna"),
        ("kcna.kp/en", "kcna"),
        ("https://tass.com:443/politics/1", "tass"),
        ("https://www.sb.by/respublika/articles/1", "by-respublika"),
        ("https://www.sb.by/articles/1", "by-sovetskaya-belorussiya-belarus-segodnya"),
        ("https://bakhtarnews.af/ps/news/1", "af-bakhtar-news-agency"),
        ("https://lt.sputniknews.ru/20230101/x.html", "sputnik"),
        ("https://rtde.world/international/1", "rt"),
        ("https://news.un.org/en/story/2023/01/1", "un"),
        ("https://www.gov.uk/government/news/x", "gov-uk"),
        ("https://function.mil.ru/news_page/country.htm", "mil-ru"),
        ("https://www.mofa.go.kr/eng/index.do", "mofa-kr"),
    ],
)
def test_by_url_hosts_subdomains_and_path_prefixes(reg: Registry, url: str, expected: str) -> None:
    """by_url matches host and path prefix first, then parent hosts down to the domain."""
    entry = reg.by_url(url)
    assert entry is not None
    assert entry.id == expected


@pytest.mark.parametrize(
    ("url", "suffix_id", "country"),
    [
        ("https://www.energy.gov/x", "suffix-gov", "US"),
        ("https://assets.publishing.service.gov.uk/a.pdf", "suffix-gov-uk", "GB"),
        ("https://www.kantei.go.jp/jp/", "suffix-go-jp", "JP"),
        ("https://www.gob.mx/presidencia", "suffix-gob-any", None),
        ("https://www.elysee.gouv.fr/", "suffix-gouv-fr", "FR"),
        ("https://www.canada.gc.ca/", "suffix-gc-ca", "CA"),
        ("https://www.bmi.gv.at/", "suffix-gv-at", "AT"),
        ("https://www.army.mil/article/1", "suffix-mil", "US"),
        ("http://duma.gov.ru/news/1", "suffix-gov-ru", "RU"),
        ("https://www.who.int/news", "suffix-int", None),
        ("https://www.moi.gov.mm/", "suffix-gov-any", None),  # not the state newspaper's
    ],
)
def test_by_url_government_suffix_rules(
    reg: Registry, url: str, suffix_id: str, country: str | None
) -> None:
    """Hosts under government suffixes are primary government (or IGO) sites."""
    entry = reg.by_url(url)
    assert entry is not None
    assert (entry.id, entry.cls, entry.country) == (suffix_id, "primary", country)
    assert entry.kind in ("government", "intergovernmental")
    assert "domain suffix" in entry.basis


def test_by_url_unknown_sites_and_non_urls_give_none(reg: Registry) -> None:
    """Unknown hosts, IP addresses, empty or malformed input resolve to no entry."""
    for url in (
        "https://example.com/",
        "http://127.0.0.1:8080/x",
        "",
        "mailto:a@b.c",
        "http://[::1",
        "#",
        "javascript:void(0)",
    ):
        assert reg.by_url(url) is None


def test_mirror_resolves_to_its_original(reg: Registry) -> None:
    """kcnawatch.org is KCNA Watch, a republisher whose original is KCNA (not KCTV)."""
    watch = reg.by_url("https://kcnawatch.org/newstream/1/")
    assert watch is not None
    assert (watch.id, watch.mirrors) == ("kcnawatch", "kcna")
    assert reg.original(watch) == reg.get("kcna")
    assert reg.original(reg.get("tass")) == reg.get("tass")
    assert reg.get("kctv").domains == ()


def test_original_stops_on_a_mirror_cycle() -> None:
    """A cycle of mirrors in the data ends the walk instead of looping forever."""
    toml = """
[[source]]
id = "a"
name = "A"
kind = "digital"
cls = "secondary"
basis = "test"
mirrors = "b"
[[source]]
id = "b"
name = "B"
kind = "digital"
cls = "secondary"
basis = "test"
mirrors = "a"
"""
    small = Registry.from_data(toml)
    assert small.original(small.get("a")).id in ("a", "b")


def test_duplicate_ids_are_rejected() -> None:
    """Two entries with one id make the data invalid."""
    one = '[[source]]\nid = "x"\nname = "X"\nkind = "wire"\ncls = "secondary"\nbasis = "t"\n'
    with pytest.raises(ValueError, match="duplicate"):
        Registry.from_data(one + one)


# ---------------------------------------------------------------- classes


def test_public_media_is_secondary_never_state_media(reg: Registry) -> None:
    """BBC, DW, VOA, RFE/RL, RFA, France 24, CBC and ABC Australia are public-media, secondary."""
    for id_ in ("bbc", "dw", "voa", "rferl", "rfa", "france24", "cbc", "abc-au", "npr", "pbs"):
        entry = reg.get(id_)
        assert (entry.kind, entry.cls) == ("public-media", "secondary"), id_
    voa = reg.by_url("https://learningenglish.voanews.com/a/1.html")
    assert voa is not None
    assert voa.cls == "secondary"


def test_mjrc_calls_that_surprise_are_kept_as_the_data_says(reg: Registry) -> None:
    """Al Jazeera (SC), NHK (CaPu) and Anadolu (SC) are state media; Yonhap (IP) and EFE (ISFM)
    are secondary wires, as the 2023 MJRC/ASD data classifies them."""
    for id_, code in (("aljazeera", "SC"), ("nhk", "CaPu"), ("anadolu", "SC")):
        entry = reg.get(id_)
        assert (entry.cls, entry.state_affiliation) == ("state-media", code)
    for id_, code in (("yonhap", "IP"), ("efe", "ISFM")):
        entry = reg.get(id_)
        assert (entry.kind, entry.cls, entry.state_affiliation) == ("wire", "secondary", code)


@pytest.mark.parametrize(
    "url",
    [
        "https://kremlin.ru/", "https://mid.ru/en/", "http://government.ru/", "https://mil.ru/",
        "https://www.state.gov/", "https://www.whitehouse.gov/", "https://www.defense.gov/",
        "https://www.gov.uk/", "https://www.un.org/", "https://news.un.org/", "https://nato.int/",
        "https://europa.eu/", "https://www.iaea.org/", "https://www.mofa.go.jp/",
        "https://www.mofa.go.kr/", "https://www.fmprc.gov.cn/", "http://mfa.gov.kp/",
        "https://www.president.gov.ua/",
    ],
)  # fmt: skip
def test_government_sites_are_primary(reg: Registry, url: str) -> None:
    """Government and intergovernmental sites are primary, never state media."""
    entry = reg.by_url(url)
    assert entry is not None
    assert entry.cls == "primary"
    assert entry.kind in ("government", "intergovernmental")


def test_dprk_state_media_sites_are_state_media(reg: Registry) -> None:
    """kcna.kp, rodong.rep.kp, naenara.com.kp and vok.rep.kp are state media, not government."""
    for url in (
        "http://kcna.kp/",
        "http://rodong.rep.kp/en/",
        "http://naenara.com.kp/",
        "vok.rep.kp",
    ):
        entry = reg.by_url(url)
        assert entry is not None
        assert (entry.kind, entry.cls, entry.country) == ("state-media", "state-media", "KP")


# ---------------------------------------------------------------- coverage of the shared data

# Hosts the source-classes README (and the build) document as not the listed medium's site.
DEFECT_HOSTS = {"kcnawatch.org", "pdvsa.com", "wearemaffick.com", "socar.az", "usac.edu.gt"}


def _defect(host: str) -> bool:
    build = _load_build_tool()
    bare = host.removeprefix("www.")
    return host.startswith("test.") or bare in DEFECT_HOSTS or bare in build.GOVERNMENT_SITES


@needs_shared
def test_every_state_controlled_asd_host_resolves_to_state_media(reg: Registry) -> None:
    """Each SC/CaPu/CaPr host (and path) of the ASD hosts table, minus defects, is state media."""
    checked = 0
    with (CLASSES / "asd_state_media_hosts.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if _defect(row["host"]):
                continue
            entry = reg.by_url(f"http://{row['host']}{row['path_prefix']}/")
            assert entry is not None, row["host"]
            independent = row["typology"] not in ("SC", "CaPu", "CaPr")
            assert entry.cls == ("secondary" if independent else "state-media"), row["host"]
            checked += 1
    assert checked > 950


@needs_shared
def test_every_state_controlled_matrix_asset_has_a_state_media_entry(reg: Registry) -> None:
    """Each SC/CaPu/CaPr asset of the ASD matrix, with or without a URL, is a state-media entry."""
    build = _load_build_tool()
    by_basis = {e.basis.partition("ASD State Media Matrix 2023 (")[2]: e for e in reg.entries}
    with (CLASSES / "asd_state_media_matrix_2023.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["Typology"] in ("SC", "CaPu", "CaPr")]
    assert len(rows) > 1000
    for row in rows:
        key = f"{row['Media company'].strip()}: {build.clean_asset(row['Main assets'])})"
        entry = next((e for b, e in by_basis.items() if b.startswith(key)), None)
        if entry is None and row["URL"]:
            entry = reg.by_url(row["URL"])
        if entry is None:
            entry = reg.by_name(build.clean_asset(row["Main assets"]))
        assert entry is not None, key
        assert entry.cls == "state-media", key


@needs_shared
def test_every_starter_row_is_in_the_registry_with_its_domains(reg: Registry) -> None:
    """All 91 starter rows resolve by name and by each domain to one entry; unsure rows stay so."""
    with (CLASSES / "starter_registry.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) == 91
    for row in rows:
        entry = reg.by_name(row["name"])
        assert entry is not None, row["name"]
        for domain in row["domains"].split():
            assert reg.by_url(f"https://{domain}/") == entry, domain
        assert entry.unsure == (row["unsure"] == "yes"), row["name"]


def _load_build_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_registry", ROOT / "tools" / "build_registry.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return module


@needs_shared
def test_generated_data_is_reproducible_from_shared() -> None:
    """tools/build_registry.py rebuilds state_media.tsv byte for byte from ../shared."""
    build = _load_build_tool()
    committed = (ROOT / "src/linkaudit/classify/data/state_media.tsv").read_text(encoding="utf-8")
    assert build.build(SHARED) == committed


# ---------------------------------------------------------------- data integrity

_EXPECTED_CLASS = {
    "state-media": "state-media",
    "government": "primary",
    "intergovernmental": "primary",
}


def test_entries_are_consistent(reg: Registry) -> None:
    """Ids are unique slugs; each entry has a basis; class follows kind; codes, domains clean."""
    ids = [e.id for e in reg.entries]
    assert len(ids) == len(set(ids))
    for e in reg.entries:
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", e.id), e.id
        assert e.name.strip(), e.id
        assert e.basis.strip(), e.id
        assert e.country is None or re.fullmatch(r"[A-Z]{2}", e.country), e.id
        for d in e.domains:
            assert d == d.lower().strip(), d
            assert "://" not in d, d
            assert not d.startswith("www."), d
        if e.mirrors is not None:
            assert e.cls == reg.original(e).cls, e.id
        else:
            assert e.cls == _EXPECTED_CLASS.get(e.kind, "secondary"), e.id


def test_every_search_form_looks_up_to_its_own_entry(reg: Registry) -> None:
    """Whatever find_names reports, by_name maps back to the same entry (one vocabulary)."""
    for e in reg.entries:
        for n in (e.name, *e.aliases):
            for m in reg.find_names(f"Yesterday {n} said so."):
                assert reg.by_name(m.surface) == m.entry, (n, m.surface)


def test_state_media_entries_cover_the_brief(reg: Registry) -> None:
    """The named state outlets exist, are state media, and point at their own domains."""
    for id_, domain in (
        ("kcna", "kcna.kp"), ("rodong", "rodong.rep.kp"), ("tass", "tass.ru"), ("ria", "ria.ru"),
        ("rt", "rt.com"), ("sputnik", "sputnikglobe.com"), ("rg", "rg.ru"), ("xinhua", "news.cn"),
        ("cgtn", "cgtn.com"), ("global-times", "globaltimes.cn"), ("presstv", "presstv.ir"),
        ("irna", "irna.ir"), ("telesur", "telesurtv.net"), ("prensa-latina", "prensa-latina.cu"),
    ):  # fmt: skip
        entry = reg.by_url(f"https://{domain}/")
        assert isinstance(entry, RegistryEntry)
        assert (entry.id, entry.cls) == (id_, "state-media")
