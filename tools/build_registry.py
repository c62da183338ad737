#!/usr/bin/env python3
"""Regenerate src/linkaudit/classify/data/state_media.tsv from ../shared/source-classes/.

The ASD/MJRC State Media Matrix 2023 lists ~1,150 state-affiliated media assets. This script
turns it into one row per asset (country, company, asset) with its hosts, folds rows that belong
to a hand-curated entry of sources.toml into that entry (by asset, company or domain), and drops
or flags the rows listed under "Known defects" in source-classes/README.md.

    python tools/build_registry.py [--shared ../shared] [--check]

--check compares the result with the committed file and exits 1 when they differ (for CI).
Needs only the standard library, so it runs before the package is installed.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "linkaudit" / "classify" / "data"
OUT = DATA / "state_media.tsv"
COLUMNS = ("id", "name", "country", "typology", "company", "domains", "basis", "unsure", "note")

TYPOLOGY = {
    "SC": "SC (state-controlled)",
    "CaPu": "CaPu (captured public media)",
    "CaPr": "CaPr (captured private media)",
    "ISFM": "ISFM (independent state-funded and state-managed)",
    "ISFM?": "ISFM? (independent state-funded and state-managed; marked uncertain in the matrix)",
    "ISF": "ISF (independent state-funded)",
    "ISM": "ISM (independent state-managed)",
    "IP": "IP (independent public media)",
}
STATE_CONTROLLED = frozenset({"SC", "CaPu", "CaPr"})

# ASD country names -> ISO 3166-1 alpha-2 ("EU" is ISO's exceptionally reserved code).
COUNTRY = {
    "Afghanistan": "AF", "Albania": "AL", "Algeria": "DZ", "Angola": "AO", "Argentina": "AR",
    "Armenia": "AM", "Australia": "AU", "Austria": "AT", "Azerbaijan": "AZ", "Bahrain": "BH",
    "Bangladesh": "BD", "Belarus": "BY", "Belgium": "BE", "Benin": "BJ", "Bhutan": "BT",
    "Bolivia": "BO", "Bosnia and Herzegovina": "BA", "Botswana": "BW", "Brazil": "BR",
    "Brunei": "BN", "Bulgaria": "BG", "Burkina Faso": "BF", "Burundi": "BI", "Cambodia": "KH",
    "Cameroon": "CM", "Canada": "CA", "Central African Republic": "CF", "Chad": "TD",
    "Chile": "CL", "China": "CN", "Colombia": "CO", "Congo": "CG", "Costa Rica": "CR",
    "Croatia": "HR", "Cuba": "CU", "Cyprus": "CY", "Czechia": "CZ", "Côte d'Ivoire": "CI",
    "DR Congo": "CD", "Denmark": "DK", "Djibouti": "DJ", "Dominican Republic": "DO",
    "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV", "Eritrea": "ER", "Estonia": "EE",
    "Ethiopia": "ET", "Europen Union": "EU", "Finland": "FI", "France": "FR", "Gabon": "GA",
    "Georgia": "GE", "Germany": "DE", "Ghana": "GH", "Greece": "GR", "Guatemala": "GT",
    "Haiti": "HT", "Honduras": "HN", "Hong Kong": "HK", "Hungary": "HU", "Iceland": "IS",
    "India": "IN", "Indonesia": "ID", "Iran": "IR", "Iraq": "IQ", "Ireland": "IE",
    "Israel": "IL", "Italy": "IT", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO",
    "Kazakhstan": "KZ", "Kenya": "KE", "Kuwait": "KW", "Laos": "LA", "Latvia": "LV",
    "Lebanon": "LB", "Lesotho": "LS", "Liberia": "LR", "Libya": "LY", "Liechtenstein": "LI",
    "Lithuania": "LT", "Macao": "MO", "Madagascar": "MG", "Malawi": "MW", "Malaysia": "MY",
    "Malta": "MT", "Mauritania": "MR", "Mexico": "MX", "Moldova": "MD", "Mongolia": "MN",
    "Montenegro": "ME", "Morocco": "MA", "Mozambique": "MZ", "Myanmar": "MM", "Namibia": "NA",
    "Nepal": "NP", "Netherlands": "NL", "New Zealand": "NZ", "Nicaragua": "NI", "Niger": "NE",
    "Nigeria": "NG", "North Korea": "KP", "North Macedonia": "MK", "Norway": "NO", "Oman": "OM",
    "Pakistan": "PK", "Palestine territories": "PS", "Panama": "PA", "Paraguay": "PY",
    "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Portugal": "PT", "Qatar": "QA",
    "Romania": "RO", "Russia": "RU", "Rwanda": "RW", "Saudi Arabia": "SA", "Senegal": "SN",
    "Serbia": "RS", "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI", "Somalia": "SO",
    "South Africa": "ZA", "South Korea": "KR", "South Sudan": "SS", "Spain": "ES",
    "Sri Lanka": "LK", "Sudan": "SD", "Sweden": "SE", "Switzerland": "CH", "Syria": "SY",
    "Taiwan": "TW", "Tajikistan": "TJ", "Tanzania": "TZ", "Thailand": "TH", "The Gambia": "GM",
    "Togo": "TG", "Tunisia": "TN", "Turkey": "TR", "Turkmenistan": "TM", "UAE": "AE",
    "Uganda": "UG", "Ukraine": "UA", "United Kingdom": "GB", "United States of America": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Vatican City": "VA", "Venezuela": "VE",
    "Vietnam": "VN", "Yemen": "YE", "Zambia": "ZM", "Zimbabwe": "ZW",
}  # fmt: skip

# Hosts whose whole site is not the listed medium (README "Known defects", plus the same
# pattern found while building): the asset is kept, the host is not matched.
NOT_MEDIA_SITES = {
    "pdvsa.com": "pdvsa.com is the state oil company's site, not a media site",
    "wearemaffick.com": "wearemaffick.com is the production company's site, not a medium",
    "socar.az": "socar.az is the state oil company's site, not a media site",
    "usac.edu.gt": "usac.edu.gt is the whole university's site, not its broadcaster",
}
# A government body's own site given as a medium's URL: the site is the body's (primary), so
# matching it as media would turn a ministry's or parliament's statements into state media.
GOVERNMENT_SITES = (
    "moi.gov.mm", "asamblea.gob.sv", "congreso.gob.gt", "guatemala.gob.gt", "rada.gov.ua",
    "ministerecommunication.gov.dz", "media.gov.kw", "gcis.gov.za", "diariooficial.gob.sv",
    "lagosstate.gov.ng", "plateaustate.gov.ng", "tarabastate.gov.ng",
)  # fmt: skip
NOT_MEDIA_SITES.update(
    {
        h: f"{h} is a government body's own site (primary), not the medium's"
        for h in GOVERNMENT_SITES
    }
)
# kcnawatch.org is NK News's monitoring service, listed by the matrix as KCTV's URL.
WRONG_URL = {("Korean Central Television (KCTV)", "kcnawatch.org")}
RENAME = {"Sputnik News (Latvian edition)": "Sputnik News (Lithuanian edition)"}
QUESTIONABLE = {
    "rbc.ru": "RBC's SC label is questionable/outdated (source-classes README)",
    "mk.ru": "MK's SC label is questionable/outdated (source-classes README)",
    "pravda.ru": "Pravda.ru's SC label is questionable/outdated (source-classes README)",
    "sana.sy": "label from before the change of government in December 2024",
}
PREFIXES = re.compile(
    r"^(?:News agency|News portals|Online|Print media|Print|Radio|Television|UA):\s*"
)


@dataclass
class Asset:
    country: str
    company: str
    asset: str
    typology: str
    hosts: list[str] = field(default_factory=list)  # "host" or "host/path", in matrix order
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Curated:
    id: str
    cls: str
    domains: tuple[str, ...]
    companies: frozenset[str]
    assets: frozenset[str]


def host_key(url: str) -> str | None:
    """'https://www.RBC.ru/x/' -> 'rbc.ru/x'; the form registry domains are written in."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/").lower()  # the registry compares paths case-insensitively
    return host + path if path else host


def covers(domain: str, key: str) -> bool:
    """Whether a registry domain ('host' or 'host/path') covers a host key."""
    d_host, _, d_path = domain.partition("/")
    k_host, _, k_path = key.partition("/")
    if not (k_host == d_host or k_host.endswith("." + d_host)):
        return False
    return not d_path or (k_path + "/").startswith(d_path + "/")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def clean_asset(name: str) -> str:
    name = PREFIXES.sub("", name.strip())
    if name.endswith(")") and name.count("(") < name.count(")"):
        name = name[:-1].strip()
    return RENAME.get(name, name)


def read_assets(matrix: Path) -> list[Asset]:
    assets: dict[tuple[str, str, str], Asset] = {}
    with matrix.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            typ = row["Typology"].strip()
            if typ not in TYPOLOGY:
                continue
            raw_asset = row["Main assets"].strip()
            key = (row["Country"].strip(), row["Media company"].strip(), clean_asset(raw_asset))
            asset = assets.setdefault(key, Asset(*key, typology=typ))
            hk = host_key(row["URL"])
            if hk is None:
                continue
            host = hk.partition("/")[0]
            if host.startswith("test."):
                asset.notes.append(f"dropped test host {host}")
            elif (raw_asset, host) in WRONG_URL:
                asset.notes.append(f"dropped {host}: not this outlet's site (matrix defect)")
            elif host in NOT_MEDIA_SITES:
                asset.notes.append(f"not matched by URL: {NOT_MEDIA_SITES[host]}")
            elif hk not in asset.hosts:
                asset.hosts.append(hk)
    return list(assets.values())


def read_curated(path: Path) -> list[Curated]:
    with path.open("rb") as f:
        sources = tomllib.load(f)["source"]
    return [
        Curated(
            id=s["id"],
            cls=s["cls"],
            domains=tuple(s.get("domains", ())),
            companies=frozenset(s.get("asd_companies", ())),
            assets=frozenset(s.get("asd_assets", ())),
        )
        for s in sources
    ]


def curated_for(asset: Asset, curated: list[Curated]) -> Curated | None:
    for c in curated:
        if asset.asset in c.assets or RENAME.get(asset.asset, "") in c.assets:
            return c
    for c in curated:
        if asset.company in c.companies:
            return c
    for c in curated:
        if any(covers(d, h) for d in c.domains for h in asset.hosts):
            return c
    # "Sputnik News (Lithuanian edition)" was renamed from the matrix's name
    for c in curated:
        if any(RENAME.get(a) == asset.asset for a in c.assets):
            return c
    return None


def build(shared: Path) -> str:
    curated = read_curated(DATA / "sources.toml")
    assets = read_assets(shared / "source-classes" / "asd_state_media_matrix_2023.csv")
    claimed: dict[str, str] = {}  # host key -> id of the first entry that claims it
    for c in curated:
        for d in c.domains:
            claimed.setdefault(d, c.id)
    used_ids = {c.id for c in curated}
    rows: list[list[str]] = []
    problems: list[str] = []
    for a in assets:
        cc = COUNTRY[a.country]
        target = curated_for(a, curated)
        if target is not None:
            entry_id = target.id
            expected = "state-media" if a.typology in STATE_CONTROLLED else "secondary"
            if target.cls != expected and target.id != "pravda-report":
                problems.append(f"{target.id} is {target.cls} but ASD says {a.typology}")
        else:
            entry_id = base = slug(f"{cc}-{a.asset}") or slug(f"{cc}-{a.company}")
            n = 2
            while entry_id in used_ids:
                entry_id, n = f"{base}-{n}", n + 1
            used_ids.add(entry_id)
        notes = list(a.notes)
        domains: list[str] = []
        for h in a.hosts:
            if target is not None and any(covers(d, h) for d in target.domains):
                continue
            owner = claimed.get(h)
            if owner is not None and owner != entry_id:
                notes.append(f"shares {h} with {owner}")
                continue
            claimed[h] = entry_id
            domains.append(h)
        unsure = a.typology.endswith("?")
        for h in a.hosts:
            for d, why in QUESTIONABLE.items():
                if covers(d, h):
                    unsure = True
                    notes.append(why)
        if target is not None and not domains and not notes:
            continue  # fully covered by the curated entry already
        basis = (
            f"MJRC State Media Monitor 2023: {TYPOLOGY[a.typology]}; "
            f"ASD State Media Matrix 2023 ({a.company}: {a.asset})"
        )
        rows.append(
            [entry_id, a.asset, cc, a.typology, a.company, " ".join(domains), basis,
             "yes" if unsure else "", "; ".join(dict.fromkeys(notes))]
        )  # fmt: skip
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    # A path prefix is kept only where it separates outlets sharing one host; elsewhere it is
    # just the landing page the matrix happened to link (bakhtarnews.af/en), and would make
    # every other page of the site unmatched.
    owners: dict[str, set[str]] = {}
    for key, owner in claimed.items():
        owners.setdefault(key.partition("/")[0], set()).add(owner)
    for row in rows:
        row[5] = " ".join(
            dict.fromkeys(
                d.partition("/")[0] if len(owners[d.partition("/")[0]]) == 1 else d
                for d in row[5].split()
            )
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args(list(argv) if argv is not None else None)
    text = build(args.shared)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("state_media.tsv is up to date" if same else "state_media.tsv is stale")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
