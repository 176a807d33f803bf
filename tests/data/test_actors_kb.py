"""The actor knowledge base as data: unambiguous aliases, well-dated roles, office holders."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import pytest

from newsgraph import data
from newsgraph.pipeline.actors import _fold, _split_words, code_actor

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _entries() -> list[dict[str, Any]]:
    with (data.DATA_DIR / "actors.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _folded(alias: str) -> str:
    return " ".join(_fold(w) for w in _split_words(alias))


def test_no_alias_names_two_entries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in _entries():
        for alias in [e["name"], *e.get("aliases", [])]:
            owners[_folded(alias)].add(e["id"])
    shared = {alias: ids for alias, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_roles_are_dated_and_one_office_is_held_once_at_a_time() -> None:
    for e in _entries():
        by_title: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for role in e.get("roles") or []:
            assert role["from"] is None or _DATE.fullmatch(role["from"]), e["id"]
            assert role["to"] is None or _DATE.fullmatch(role["to"]), e["id"]
            by_title[role["title"]].append((role["from"] or "", role["to"]))
        for spans in by_title.values():
            spans.sort()
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                assert end is not None and end <= start, e["id"]


@pytest.mark.parametrize(("name", "date", "country", "sector", "secondary"), [
    # foreign and defence ministers, dated, with the military as a defence minister's second code
    ("Jeppe Kofod", "2020-06-01", "DNK", "GOV", None),
    ("Peter Hultqvist", "2018-01-01", "SWE", "GOV", "MIL"),
    ("Mariusz Błaszczak", "2019-01-01", "POL", "GOV", "MIL"),
    ("Mariusz Blaszczak", "2019-01-01", "POL", "GOV", "MIL"),
    ("Harjit Sajjan", "2017-01-01", "CAN", "GOV", "MIL"),
    ("Ernesto Araújo", "2020-01-01", "BRA", "GOV", None),
    ("Kang Kyung-wha", "2019-01-01", "KOR", "GOV", None),
    ("Phan Van Giang", "2022-01-01", "VNM", "GOV", "MIL"),
    ("Tibor Benkő", "2020-01-01", "HUN", "GOV", "MIL"),
    ("Geoffrey Onyeama", "2020-01-01", "NGA", "GOV", None),
    ("Naledi Pandor", "2021-01-01", "ZAF", "GOV", None),
    # heads of state and government, then former office holders
    ("Jovenel Moïse", "2019-01-01", "HTI", "GOV", None),
    ("Thongloun Sisoulith", "2018-01-01", "LAO", "GOV", None),
    ("Ibrahim Boubacar Keita", "2022-01-01", "MLI", "ELI", None),
    # a leader of an armed group
    ("Ziad al-Nakhalah", "2021-01-01", "PSE", "REB", None),
])
def test_office_holders_2015_2022(name: str, date: str, country: str, sector: str,
                                  secondary: str | None) -> None:
    code = code_actor(name, date=date)
    assert (code.country, code.sector, code.secondary, code.basis) == (
        country, sector, secondary, "kb"), code


@pytest.mark.parametrize(("name", "country", "sector"), [
    ("Ansar Dine", "MLI", "REB"),
    ("SPLM-IO", "SSD", "REB"),
    ("Comando Vermelho", "BRA", "CRM"),
    ("Golkar", "IDN", "PTY"),
    ("Serbian Progressive Party", "SRB", "PTY"),
])
def test_armed_groups_gangs_and_parties(name: str, country: str, sector: str) -> None:
    code = code_actor(name)
    assert (code.country, code.sector, code.basis) == (country, sector, "kb"), code


@pytest.mark.parametrize(("name", "date", "country", "sector"), [
    # second round: cabinet members, governors, judges, police and security chiefs, rebels
    ("Kirstjen Nielsen", "2018-06-01", "USA", "GOV"),
    ("Brett Kavanaugh", "2021-01-01", "USA", "JUD"),
    ("Gretchen Whitmer", "2020-05-01", "USA", "GOV"),
    ("Kamal Nath", "2019-06-01", "IND", "GOV"),
    ("Ranjan Gogoi", "2019-01-01", "IND", "JUD"),
    ("Qasem Soleimani", "2019-01-01", "IRN", "MIL"),
    ("Cressida Dick", "2020-01-01", "GBR", "COP"),
    ("Usman Alkali Baba", "2022-01-01", "NGA", "COP"),
    ("Augusto Aras", "2021-01-01", "BRA", "JUD"),
    ("Twan Mrat Naing", "2021-06-01", "MMR", "REB"),
    ("Rafael Caro Quintero", "2021-01-01", "MEX", "CRM"),
    # an attorney general is a prosecutor
    ("Jeff Sessions", "2018-01-01", "USA", "JUD"),
])
def test_office_holders_second_round(name: str, date: str, country: str, sector: str) -> None:
    code = code_actor(name, date=date)
    assert (code.country, code.sector, code.basis) == (country, sector, "kb"), code


@pytest.mark.parametrize(("text", "sector"), [
    ("Pakistan's attorney general", "JUD"),
    ("the solicitor general", "JUD"),
    ("Director of Public Prosecutions", "JUD"),
    ("Inspector General of Police", "COP"),
    ("an MLA", "LEG"),
    ("drug kingpin", "CRM"),
])
def test_title_sectors(text: str, sector: str) -> None:
    assert code_actor(text).sector == sector
