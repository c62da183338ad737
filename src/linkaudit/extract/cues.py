"""The words that signal an attribution, and the vocabularies the extractor leans on.

Kept apart from the matching code so that adding a verb, a title or a capital is a data change.
"""

from __future__ import annotations

import re


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (vocabularies are written as prose)."""
    return frozenset(text.split())


# Reporting verbs (the cue of "X said", "said X"). Lowercase only: "States", "Posts" are names.
SPEECH_VERBS = list(
    wordset(
        "said says say told tells tell reported reports wrote writes asserted asserts announced "
        "announces asked asks added adds noted notes stated states claimed claims warned warns "
        "argued argues explained explains insisted insists characterised characterized "
        "characterises characterizes confirmed confirms denied denies tweeted tweets posted posts "
        "testified testifies acknowledged acknowledges admitted admits replied replies responded "
        "declared declares observed observes concluded concludes suggested suggests recalled "
        "recalls predicted predicts maintained maintains contended contends alleged alleges "
        "remarked remarks emphasised emphasized stressed stresses cautioned cautions estimated "
        "estimates continued argue warn claim insist explain confirm deny admit suggest predict "
        "estimate contend allege maintain stress caution recall observe conclude declare "
        "acknowledge quipped countered recounted indicated cited disclosed revealed speculated "
        "wondered urged believes believe accused accuses saying reiterated reiterates vowed vows "
        "pledged pledges"
    )
)
# Forms that are also common nouns: they need a subject right before them to count.
NOUN_LIKE = wordset("reports notes states claims posts tweets remarks")
PHRASAL = ("took note", "takes note", "take note", "went on", "goes on")
SPEECH_RE = re.compile(
    r"\b(?P<verb>" + "|".join(sorted((*SPEECH_VERBS, *PHRASAL), key=len, reverse=True)) + r")\b"
)
DETERMINERS = wordset(
    "the a an his her its their our my your these those this that some many several no any "
    "every each such"
)
# Adverbs and auxiliaries that may sit between a subject and its verb.
BETWEEN = wordset(
    "also later recently previously earlier then once again further has had have had "
    "reportedly publicly privately separately subsequently since already repeatedly "
    "last"
)

DOC_NOUNS = (
    "press release",
    "readout",
    "statement",
    "letter",
    "report",
    "filing",
    "transcript",
    "communiqué",
    "communique",
    "memo",
    "memorandum",
    "data",
    "figures",
    "statistics",
    "survey",
    "study",
    "indictment",
    "ruling",
    "decree",
    "declaration",
    "investigation",
    "assessment",
    "forecast",
    "projection",
    "regulations",
    "legislation",
    "release",
    "analysis",
    "poll",
    "audit",
    "inquiry",
    "probe",
    "review",
    "court documents",
    "documents",
    "records",
    "post",
    "white paper",
    "invitation",
    "email",
    "note",
)
# Records that are primary whoever publishes them (a newspaper's own poll is its own data).
DATA_NOUNS = wordset("data figures statistics survey poll records")
# Analysis of others' acts: secondary unless a government body wrote it.
STUDY_NOUNS = wordset("study analysis investigation review paper")
DOC_NOUN_RE = "|".join(re.escape(n) for n in sorted(DOC_NOUNS, key=len, reverse=True))

ANON_NOUNS = list(
    wordset(
        "officials official diplomats diplomat sources source people person insiders insider aides "
        "aide observers analysts experts residents witnesses authorities researchers researcher "
        "scientists staff staffers workers employees voters volunteers organizers organisers "
        "activists managers relatives relative family loggers logger men women others operative "
        "operatives academics academic lawmakers legislators critics supporters neighbours "
        "neighbors colleagues ones doctors nurses investigators detectives police members MPs "
        "Republicans Democrats patients parents students"
    )
)
ANON_RE = re.compile(
    r"^(?:(?:[\w.’'-]+)\s+){0,4}?(?P<noun>" + "|".join(ANON_NOUNS) + r")"
    r"(?:\s+(?:familiar with|close to|briefed on|with knowledge of|with direct knowledge of|"
    r"who|in|at|from|inside|within|on|of|for|with|across|around|near)\b.*)?$",
    re.IGNORECASE,
)

# Title words: a person carrying one speaks for a body (primary) or comments on it (secondary).
OFFICIAL_TITLES = wordset(
    """
    president vice-president minister prime premier chancellor spokesman spokeswoman
    spokesperson ambassador envoy secretary director official officials leader king queen
    prince emir sheikh governor mayor senator congressman congresswoman representative general
    admiral commander colonel chief chairman chairwoman chair head deputy aide adviser advisor
    diplomat judge justice prosecutor attorney-general ceo cfo executive founder sen rep gov
    gen lt col capt minister-counsellor consul coordinator commissioner
    supreme foreign defence defense interior finance justice member superintendent supt
    inspector sergeant sgt constable commissioner sheriff speaker lawmaker legislator
    candidate nominee hopeful contender councillor councilman councilwoman assemblyman
    assemblywoman delegate"""
)
SECONDARY_TITLES = wordset(
    """
    pundit analyst expert professor researcher historian commentator columnist economist
    scholar fellow editor correspondent journalist reporter author writer blogger observer
    strategist specialist lecturer academic prof consultant former
    longtime political host co-host anchor interviewer moderator scientist planner"""
)
# Titles that neither make an official nor an analyst; they only mark where a name starts.
NEUTRAL_TITLES = wordset(
    "dr mr mrs ms miss sir dame lord lady rabbi imam pastor bishop cardinal reverend rev father "
    "sister brother saint st"
)
TITLE_WORDS = OFFICIAL_TITLES | SECONDARY_TITLES | NEUTRAL_TITLES

# Capitals stand for their governments ("Moscow says", "the foreign ministry in Pyongyang").
CAPITALS = {
    "Pyongyang": "DPRK",
    "Moscow": "Russian",
    "Beijing": "Chinese",
    "Washington": "US",
    "Seoul": "South Korean",
    "Tokyo": "Japanese",
    "Kyiv": "Ukrainian",
    "Kiev": "Ukrainian",
    "Tehran": "Iranian",
    "London": "British",
    "Paris": "French",
    "Berlin": "German",
    "Ankara": "Turkish",
    "Delhi": "Indian",
    "New Delhi": "Indian",
    "Minsk": "Belarusian",
    "Damascus": "Syrian",
    "Brussels": "EU",
    "Jerusalem": "Israeli",
    "Ottawa": "Canadian",
    "Canberra": "Australian",
}
# Countries stand for their governments too ("Poland also reported 25.9 new cases").
COUNTRIES = wordset(
    """
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bahrain
    Bangladesh Belarus Belgium Bolivia Brazil Bulgaria Cambodia Cameroon Canada Chile China
    Colombia Croatia Cuba Cyprus Denmark Ecuador Egypt Estonia Ethiopia Finland France Georgia
    Germany Ghana Greece Guatemala Guyana Hungary Iceland India Indonesia Iran Iraq Ireland
    Israel Italy Japan Jordan Kazakhstan Kenya Kuwait Latvia Lebanon Libya Lithuania Malaysia
    Mexico Moldova Mongolia Morocco Myanmar Nepal Netherlands Nigeria Norway Oman Pakistan
    Panama Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Serbia Singapore
    Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tanzania Thailand
    Tunisia Turkey Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Yemen Zambia Zimbabwe
    Britain"""
)
# Country names and codes (registry ``country`` fields) to the adjective used in names.
COUNTRY_ADJ = {
    "KP": "DPRK",
    "North Korea": "DPRK",
    "DPRK": "DPRK",
    "RU": "Russian",
    "Russia": "Russian",
    "CN": "Chinese",
    "China": "Chinese",
    "US": "US",
    "United States": "US",
    "KR": "South Korean",
    "South Korea": "South Korean",
    "JP": "Japanese",
    "Japan": "Japanese",
    "IR": "Iranian",
    "Iran": "Iranian",
    "UA": "Ukrainian",
    "Ukraine": "Ukrainian",
    "GB": "British",
    "UK": "British",
    "FR": "French",
    "DE": "German",
    "BY": "Belarusian",
    "SY": "Syrian",
    "TR": "Turkish",
}
NATIONALITIES = wordset(
    """
    Russian Chinese American US Korean DPRK Japanese Iranian Ukrainian British French German
    Turkish Indian Israeli Syrian Belarusian Soviet European Czechoslovak Western Eastern Kremlin
    Pentagon"""
)

# Capitalised words that never start or make up a person's name.
STOP = wordset(
    """
    The A An In On At As But And For If When While After Before This That These Those His Her
    Its Their Our Indeed Anyway Apparently Meanwhile However Still Yet So Also Then Without With
    By From To Of Under Over Since Although Though Because Commenting Put What Why How Who Where
    There Here It He She They We I You Today Yesterday Last Next Some Many Most Every Each One Two
    Three Four Five Six Eventually Finally Recently Previously Later Earlier
    Initially Ultimately Subsequently Currently Additionally Separately Similarly Likewise Notably
    Overall Once Often Sometimes Now Elsewhere Meanwhile
    Not No Even Only Just Such Both Either Indeed Instead Rather Thus Hence Moreover
    Furthermore Besides Nevertheless Nonetheless Unlike Like Among Between During Despite
    Against Through Into Upon Within About According Asked Speaking Writing Mr Mrs Ms Dr Sir
    Dear Read More See Copyright Photo Image Credit Reporting Editing Sign Subscribe"""
)
NON_PERSON = wordset(
    """
    Korea Korean Koreas Americas Magazine Republicans Democrats Conservatives Tories
    Labour Liberals Wary
    Russia Russian Russians America American Americans States United Union
    Soviet Ministry Agency News Council Center Centre Institute University House Department
    Government Party Security Federation Nations Space Launch Sea Ocean Far East West North
    South Peninsula War Europe European Asia Asian Eurasia Japan China Chinese Ukraine Gaza
    Washington Moscow Pyongyang Beijing Kremlin Pentagon Congress Senate Parliament Court Police
    Corp Inc Company Research Global Report Times Post Journal Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April  June July August September October
    November December Oblast Republic Kingdom Street Avenue Airport Bank Fund Group Association
    Committee Commission Office Army Navy Force Forces Command Strategic International Studies
    National Foundation Organization Organisation Society Club Press Daily Weekly Network
    Channel TV Radio Media Times Herald Tribune Guardian Telegraph Independent Economist Review
    Affairs Relations Foreign Defence Defense Iran Israel Syria Britain London Paris Berlin
    Europe Africa Middle Eastern Western Northern Southern Tokyo Seoul Kyiv Tehran Twitter
    Facebook Google Microsoft Amazon Apple Punchline Research Istoriya Novaya Noveishaya
    Islamic State Hamas Houthis Houthi NATO Administration
    Year Week Month Summit Conference Forum Treaty Act Law Plan Project Program
    Programme Initiative Strategy Doctrine Museum Church Cathedral School College Hospital
    Station Bay River Lake Mount Island Islands Province County City Town Village District
    Region Zone Territory Coast Strait Gulf Cup League Championship Olympics Prize Award
    Festival Series Season Episode Chapter Volume Section Article Page Figure Table Covid COVID
    Christmas Easter Ramadan God Lord Jesus Allah
    Heights Hills Gardens Springs Falls Creek Harbor Harbour Estates Beach Valley Square
    Boulevard Parkway Highway Township Borough Parish
    Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii
    Idaho Illinois Iowa Kansas Kentucky Louisiana Maryland Massachusetts Michigan Minnesota
    Mississippi Missouri Montana Nebraska Nevada Hampshire Jersey Mexico York Dakota Ohio
    Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Wisconsin Wyoming"""
)
