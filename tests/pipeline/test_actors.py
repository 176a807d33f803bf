"""Actor coding: country (ISO3) and PLOVER sector from the text, the knowledge base, titles."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newsgraph import data
from newsgraph.pipeline.actors import code_actor, code_entities, kb_lookup, role_at


@pytest.mark.parametrize(("text", "country", "sector"), [
    # nationality and country modifiers with office words
    ("Israeli Prime Minister", "ISR", "GOV"),
    ("U.S. Defense Secretary", "USA", "GOV"),
    ("Armenian foreign ministry", "ARM", "GOV"),
    ("Chile's Defense Ministry", "CHL", "GOV"),
    ("Lithuania\u2019s president", "LTU", "GOV"),
    ("Kenyan police", "KEN", "COP"),
    ("Turkish troops", "TUR", "MIL"),
    ("Danish journalists", "DNK", "JRN"),
    ("Ugandan opposition party", "UGA", "PTY"),
    ("Syrian rebels", "SYR", "REB"),
    ("a Somalia-based paramilitary group", "SOM", "PRM"),
    ("Muslim leaders in France", "FRA", "REL"),
    ("people in the UK", "GBR", "CVL"),
    # a backer is not the actor's country; the other party of "to" is not either
    ("Iran-backed militias", None, "UAF"),
    ("Russia's ambassador to Poland", "RUS", "GOV"),
    # sector words alone
    ("riot police", None, "COP"),
    ("an opposition lawmaker", None, "LEG"),
    ("a group of tourists", None, "CVL"),
    ("taxi drivers", None, "CVL"),
    ("drug traffickers", None, "CRM"),
    ("insurgents", None, "REB"),
    ("gunmen", None, "UAF"),
    ("refugees", None, "REF"),
    ("farmers", None, "AGR"),
    ("Director of Central Intelligence", None, "SPY"),
    ("retired general", None, "ELI"),
    ("breakaway region", None, "PRE"),
    # a country alone has a country and no sector; a capital alone speaks for its government
    ("Saudi Arabia", "SAU", None),
    ("United States", "USA", None),
    ("Bosnia", "BIH", None),
    ("Beijing", "CHN", "GOV"),
    ("Kyiv police", "UKR", "COP"),
    # the knowledge base
    ("Quds Force", "IRN", "MIL"),
    ("Knesset", "ISR", "LEG"),
    ("FSB", "RUS", "SPY"),
    ("Prime Minister Benjamin Netanyahu", "ISR", "GOV"),
    ("a former CIA official", "USA", "ELI"),
    ("Abkhazia", "GEO", "PRE"),
    # the words around a known name outrank it: a senator's title, an apposition
    ("US Senator Marco Rubio", "USA", "LEG"),
    ("FSB, Russia's security service", "RUS", "SPY"),
    ("Harry Tseng, Taiwan's deputy foreign minister", "TWN", "GOV"),
    # no evidence: nothing is guessed
    ("Marcus Beam", None, None),
    ("puppies", None, None),
    ("coronavirus", None, None),
    ("", None, None),
])
def test_code_actor(text: str, country: str | None, sector: str | None) -> None:
    code = code_actor(text)
    assert (code.country, code.sector) == (country, sector), code


def test_secondary_code_and_evidence() -> None:
    code = code_actor("German Defense Minister")
    assert (code.country, code.sector, code.secondary) == ("DEU", "GOV", "MIL")
    assert code.basis == "text" and code.evidence == "Defense Minister"
    assert code.country_basis == "text"


def test_international_bodies_have_no_country() -> None:
    un = code_actor("United Nations Security Council")
    assert (un.country, un.sector, un.igo) == (None, "IGO", "united-nations")
    eu = code_actor("European Union legislators")
    assert (eu.country, eu.sector, eu.igo) == (None, "LEG", "european-union")
    # "to the UN": the ambassador is Canada's, not the UN's
    amb = code_actor("Canadian Ambassador to the United Nations")
    assert (amb.country, amb.sector, amb.igo) == ("CAN", "GOV", None)


def test_context_country_comes_last() -> None:
    assert code_actor("the National Guard", context="Saudi").country == "SAU"
    assert code_actor("the Mexican National Guard", context="Saudi").country == "MEX"
    assert code_actor("the National Guard").country is None


@pytest.mark.parametrize(("name", "date", "sector"), [
    ("Vladimir Putin", "1999-01-01", "SPY"),
    ("Vladimir Putin", "2010-01-01", "GOV"),
    ("Tony Blair", "1 January 2003", "GOV"),
    ("Tony Blair", "2020-06-01", "ELI"),
    ("Taliban", "2015-01-01", "REB"),
    ("Taliban", "2022-01-01", "GOV"),
    ("Marco Rubio", "2020-01-01", "LEG"),
    ("Marco Rubio", "2025-06-01", "GOV"),
])
def test_dated_roles(name: str, date: str, sector: str) -> None:
    assert code_actor(name, date=date).sector == sector


def test_before_the_first_role_nothing_is_known() -> None:
    entry = kb_lookup("Claudia Sheinbaum")
    assert entry is not None
    assert role_at(entry, "2000-01-01") == (None, None)
    assert role_at(entry, "2020-01-01")[0] == "GOV"


def test_a_surname_inside_an_unknown_name_is_not_the_known_person() -> None:
    assert code_actor("Rolf Netanyahu Smith").kb_id is None
    assert code_actor("Netanyahu").kb_id == "benjamin-netanyahu"


def _entity(eid: str, name: str, etype: str, start: int, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "name": name, "type": etype, "country": None, "sector": None, "roles": [],
            "mentions": [{"start": start, "end": start + len(name), "text": name}], **extra}


def test_entity_without_evidence_stays_uncoded() -> None:
    text = "Karim Nouri met Samir Haddad on Tuesday."
    coded = code_entities([_entity("e1", "Karim Nouri", "PERSON", 0),
                           _entity("e2", "Samir Haddad", "PERSON", 16)], text)
    assert [(e["country"], e["sector"]) for e in coded] == [(None, None), (None, None)]


def test_apposition_evidence_wins_over_the_knowledge_base() -> None:
    # the gazetteer has Hadi al-Amiri as an Iraqi party leader (PTY); the text says commander
    text = "Hadi al-Amiri, the commander of the Badr militia, said the forces were ready."
    role = {"title": "commander", "of": None, "text": "the commander of the Badr militia"}
    ent = _entity("e1", "Hadi al-Amiri", "PERSON", 0, kb_id="hadi-al-amiri", roles=[role])
    coded = code_entities([ent], text)[0]
    assert (coded["country"], coded["sector"]) == ("IRQ", "MIL")
    plain = code_entities([_entity("e1", "Hadi al-Amiri", "PERSON", 0, kb_id="hadi-al-amiri")],
                          text)[0]
    assert (plain["country"], plain["sector"]) == ("IRQ", "PTY")


def test_person_takes_the_country_of_the_organisation_of_its_role() -> None:
    text = "Khalil Nadiri, the spokesperson of the Kurdistan Freedom Party, told reporters."
    party = _entity("e2", "Kurdistan Freedom Party", "ORG", 38, kb_id="pak")
    role = {"title": "spokesperson", "of": "e2", "text": "the spokesperson of the Kurdistan Freedom Party"}
    person = _entity("e1", "Khalil Nadiri", "PERSON", 0, roles=[role])
    coded = {e["id"]: e for e in code_entities([person, party], text)}
    assert coded["e1"]["country"] == "IRN"
    assert coded["e1"]["sector"] == coded["e2"]["sector"] == "OPP"


def test_organisation_takes_the_country_written_before_it() -> None:
    text = "Iran's Interior Ministry denied it."
    coded = code_entities([_entity("e1", "Interior Ministry", "ORG", 7)], text)[0]
    assert (coded["country"], coded["sector"]) == ("IRN", "GOV")
    # a known organisation's own name is not a sector cue ("Corps" is not a business)
    irgc = _entity("e1", "Islamic Revolutionary Guard Corps", "ORG", 0, kb_id="irgc")
    assert code_entities([irgc], "Islamic Revolutionary Guard Corps")[0]["sector"] == "MIL"


def test_places_get_a_country_only_when_they_are_countries() -> None:
    text = "In Mosul and in Syria."
    coded = code_entities([_entity("e1", "Mosul", "GPE", 3), _entity("e2", "Syria", "GPE", 16)], text)
    assert [(e["country"], e["sector"]) for e in coded] == [(None, None), ("SYR", None)]


def test_record_entities_are_coded(record_2023: dict) -> None:
    by_name = {e["name"]: e for e in record_2023["entities"]}
    assert (by_name["Esmail Qaani"]["country"], by_name["Esmail Qaani"]["sector"]) == ("IRN", "MIL")
    assert by_name["Khalil Nadiri"]["country"] == "IRN"
    assert by_name["Kurdistan Freedom Party"]["country"] == "IRN"
    assert by_name["Islamic Revolutionary Guard Corps"]["sector"] == "MIL"


# --- the knowledge base as data -----------------------------------------------------------------

_ISO3 = re.compile(r"[A-Z]{3}")


def _kb_entries() -> list[dict[str, Any]]:
    with (data.DATA_DIR / "actors.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_knowledge_base_entries_are_well_formed() -> None:
    sectors = set(json.loads((data.DATA_DIR / "sectors.json").read_text(encoding="utf-8"))["sectors"])
    entries = _kb_entries()
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e["name"] and e["type"] in ("PERSON", "ORG", "GPE") and e.get("source"), e["id"]
        assert e["sector"] in sectors and e.get("secondary", "GOV") in sectors, e["id"]
        assert e["country"] is None or _ISO3.fullmatch(e["country"]), e["id"]
        for role in e.get("roles") or []:
            assert role["sector"] in sectors, e["id"]
            assert role["to"] is None or role["from"] <= role["to"], e["id"]


@pytest.mark.parametrize(("name", "date", "country", "sector"), [
    # heads of state and government, dated: in office, then former office holders
    ("Jacinda Ardern", "2020-01-01", "NZL", "GOV"),
    ("Jacinda Ardern", "2024-01-01", "NZL", "ELI"),
    ("Olusegun Obasanjo", "2003-01-01", "NGA", "GOV"),
    ("Evo Morales", "2010-01-01", "BOL", "GOV"),
    ("Sebastian Kurz", "2018-06-01", "AUT", "GOV"),
    ("Sebastian Kurz", "2023-06-01", "AUT", "ELI"),
    # a name written without its accents
    ("Sebastien Lecornu", "2023-01-01", "FRA", "GOV"),
    # armed groups, parties, companies and media
    ("Hezbollah", None, "LBN", "REB"),
    ("Lashkar-e-Taiba", None, "PAK", "REB"),
    ("Fidesz", None, "HUN", "PTY"),
    ("Saudi Aramco", None, "SAU", "BUS"),
    ("Reuters", None, "GBR", "JRN"),
    ("Xinhua", None, "CHN", "GOV"),
])
def test_knowledge_base_coverage(name: str, date: str | None, country: str, sector: str) -> None:
    code = code_actor(name, date=date)
    assert (code.country, code.sector, code.basis) == (country, sector, "kb"), code


def test_defence_ministers_carry_the_military_as_secondary_code() -> None:
    code = code_actor("Nikos Dendias", date="2024-06-01")
    assert (code.country, code.sector, code.secondary) == ("GRC", "GOV", "MIL")


def test_leaders_of_international_bodies_belong_to_them() -> None:
    code = code_actor("Kristalina Georgieva", date="2022-01-01")
    assert code.sector == "IGO"


@pytest.mark.parametrize(("text", "country", "sector"), [
    # a region or town says where the actor is; a town named alone stands for its people
    ("Kandahar", "AFG", "CVL"),
    ("Chechen fighters", "RUS", "UAF"),
    ("Sichuan officials", "CHN", "GOV"),
    ("police in Mosul", "IRQ", "COP"),
    # a town's name inside a longer, unknown name is not the town
    ("Mosul Kareem Smith", None, None),
    # "ordinary" people are civilians
    ("ordinary Venezuelans", "VEN", "CVL"),
    # state-run media speak for the government
    ("the official television channel", None, "GOV"),
])
def test_places_below_the_country_and_plain_words(text: str, country: str | None,
                                                  sector: str | None) -> None:
    code = code_actor(text)
    assert (code.country, code.sector) == (country, sector), code


def test_state_media_keep_the_media_as_secondary_code() -> None:
    code = code_actor("the official television channel")
    assert (code.sector, code.secondary) == ("GOV", "JRN")


def test_a_title_and_a_surname_name_the_only_known_bearer() -> None:
    code = code_actor("Foreign Minister Sikorski")
    assert (code.country, code.kb_id) == ("POL", "radoslaw-sikorski")
    # two known people share the surname: neither is chosen
    assert code_actor("Speaker Johnson").kb_id is None
    # no title: a bare surname is not enough, unless its one bearer led a country
    assert code_actor("Sikorski").kb_id is None
    assert code_actor("Museveni").kb_id == "yoweri-museveni"
    assert code_actor("Mr. Museveni").kb_id == "yoweri-museveni"
    assert code_actor("Museveni Okello").kb_id is None


@pytest.mark.parametrize("word", ["May", "Key", "Truss"])
def test_a_surname_that_is_a_common_word_names_no_leader_alone(word: str) -> None:
    coded = code_actor(word)
    assert (coded.country, coded.sector) == (None, None)
    assert code_actor("Museveni").country == "UGA"     # a leader's surname still does


def test_a_leaders_surname_alone_is_not_hidden_by_a_minister_of_that_name() -> None:
    # Jussi Niinistö was Finland's defence minister; Sauli Niinistö its president
    assert code_actor("Niinistö").kb_id == "sauli-niinisto"
    assert code_actor("Defence Minister Niinistö").kb_id is None  # two bearers with a title


@pytest.mark.parametrize(("text", "kb_id"), [
    ("Nato", "nato"),          # an acronym read as a word, as the British press writes it
    ("Nato allies", "nato"),
    ("NATO", "nato"),
    ("Care", None),            # an English word is not the acronym CARE
    ("Fsb", None),             # three letters are spelled out, not read as a word
])
def test_capitalised_acronyms(text: str, kb_id: str | None) -> None:
    assert code_actor(text).kb_id == kb_id


@pytest.mark.parametrize(("text", "sector", "secondary"), [
    ("rebel commander", "REB", "MIL"),
    ("police commander", "COP", "MIL"),
    ("militia commander", "UAF", "MIL"),
    ("paramilitary commander", "PRM", "MIL"),
    ("Houthi commander", "REB", "MIL"),           # the force through the knowledge base
    ("Quds Force commander", "MIL", None),        # a state's force stays MIL
    ("the army commander", "MIL", None),
    ("militia fighters", "UAF", None),
])
def test_a_commander_is_coded_by_the_force_commanded(text: str, sector: str, secondary: str | None) -> None:
    code = code_actor(text)
    assert (code.sector, code.secondary) == (sector, secondary), text


@pytest.mark.parametrize("text", ["opposition leader", "leader of the opposition"])
def test_the_opposition_leader_is_coded_alike_either_way(text: str) -> None:
    code = code_actor(text)
    assert (code.sector, code.secondary) == ("PTY", "OPP"), text


@pytest.mark.parametrize(("text", "country", "sector"), [
    # a hyphenated title or role is the phrase it spells
    ("the Vice-President", None, "GOV"),
    ("hostage-takers", None, "CRM"),
    # generic "forces" owned by a nation or its government are its military; backed ones are not
    ("Croatian forces", "HRV", "MIL"),
    ("Iraqi government forces", "IRQ", "MIL"),
    ("Iran-backed forces", None, "UNK"),
    ("rebel forces", None, "REB"),
    ("security forces", None, "COP"),
    # an organisation named for a liberation aim is an insurgent group, whatever its type word
    ("Patriotic Front for the Liberation of Westland", None, "REB"),
    ("National Movement for Independence", None, "REB"),
    ("Freedom Party", None, "PTY"),
    # the people of a nation are civilians; a country's name is not a people
    ("Algerians", "DZA", "CVL"),
    ("Moroccans living in Spain", "MAR", "CVL"),
    ("Dutch nationals", "NLD", "CVL"),
    ("Syrian Kurds", "SYR", "CVL"),
    ("the Philippines", "PHL", None),
    ("the Netherlands", "NLD", None),
    # a capital where something happens is its people; named alone, its government
    ("in downtown Nairobi", "KEN", "CVL"),
    ("Nairobi", "KEN", "GOV"),
    ("Washington", "USA", "GOV"),
    # peacekeepers are soldiers, whoever sends them
    ("Kampuchean peacekeepers", "KHM", "MIL"),
    # words for outlets, aircraft, bombs and peace movements
    ("Danish websites", "DNK", "JRN"),
    ("Syrian aircraft", "SYR", "MIL"),
    ("a car bomb", None, "UAF"),
    ("the Swedish peace movement", "SWE", "OPP"),
])
def test_general_actor_words(text: str, country: str | None, sector: str | None) -> None:
    code = code_actor(text)
    assert (code.country, code.sector) == (country, sector)


def test_un_peacekeepers_are_soldiers_of_the_un() -> None:
    code = code_actor("UN peacekeepers")
    assert (code.country, code.sector, code.igo) == (None, "MIL", "united-nations")


def test_the_common_market_is_the_european_union() -> None:
    code = code_actor("the European Community")
    assert (code.sector, code.igo) == ("IGO", "european-union")
