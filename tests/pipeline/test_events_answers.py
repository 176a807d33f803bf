"""An answer to an earlier event (a denial, a condemnation, a vow of revenge) targets its doers."""

from __future__ import annotations

import pytest

import newsgraph

STORY = ("Turkish jets bombed positions of the Kurdistan Workers' Party in Duhok on Monday. "
         "Ankara accused the PKK of planning attacks on Turkish towns. The PKK denied the charge. "
         "The Arab League condemned the strikes. Iraq called the bombing a breach of its sovereignty. "
         "The PKK vowed revenge.")


def _events(text: str) -> list[tuple[str | None, list[str], list[str]]]:
    record = newsgraph.extract(text, published="2024-01-10")
    names = {e["id"]: e["name"] for e in record["entities"]}
    return [(e["type"], [names[s] for s in e["sources"]], [names[t] for t in e["targets"]])
            for e in record["events"]]


def _by_source(events: list[tuple[str | None, list[str], list[str]]], kind: str, source: str) -> list[str]:
    (found,) = [targets for k, sources, targets in events if k == kind and source in sources]
    return found


def test_answers_target_the_doers_of_what_they_answer() -> None:
    events = _events(STORY)
    pkk = "Kurdistan Workers' Party"
    assert _by_source(events, "REJECT", pkk) == ["Ankara"]                  # denied Ankara's charge
    assert _by_source(events, "ACCUSE", "Arab League") == ["Turkish"]       # the jets' country
    assert _by_source(events, "ACCUSE", "Iraq") == ["Turkish"]
    assert _by_source(events, "THREATEN", pkk) == ["Turkish"]


def test_no_answer_without_an_earlier_event_or_a_pointing_object() -> None:
    alone = _events("The Arab League condemned the strikes.")
    assert all(targets == [] for _, _, targets in alone)
    # an indefinite, generic object points back to nothing
    generic = _events("Turkish jets bombed PKK positions in Duhok. The Arab League condemned attacks on civilians.")
    assert _by_source(generic, "ACCUSE", "Arab League") == []
    # the doers of the earlier event do not answer themselves
    own = _events("Turkish jets bombed PKK positions in Duhok. Turkey condemned the strikes.")
    assert _by_source(own, "ACCUSE", "Turkey") == []


def test_what_someone_is_accused_of_is_not_part_of_the_accused() -> None:
    record = newsgraph.extract("Turkey accused the rebels of smuggling weapons into the city.",
                               published="2024-01-10")
    (event,) = [e for e in record["events"] if e["type"] == "ACCUSE"]
    assert event["target_text"] == ["rebels"]


def test_a_title_with_a_name_beside_it_is_the_named_one() -> None:
    record = newsgraph.extract("Iraq's caretaker prime minister, Adel Abdul-Mahdi, condemned the strike.",
                               published="2024-01-10")
    names = {e["id"]: e["name"] for e in record["entities"]}
    (event,) = record["events"]
    assert [names[s] for s in event["sources"]] == ["Adel Abdul-Mahdi"]      # not Iraq
    plain = newsgraph.extract("Iraqi officials condemned the strike.", published="2024-01-10")
    assert [e["country"] for e in plain["entities"] if e["id"] in plain["events"][0]["sources"]] == ["IRQ"]


def test_an_attack_on_what_an_actor_holds_targets_the_holder() -> None:
    record = newsgraph.extract("Iran shelled and bombed the camps of the KDPI near Koya.", published="2024-01-10")
    names = {e["id"]: e["name"] for e in record["entities"]}
    events = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert {e["verb"] for e in events} == {"shell", "bomb"}          # both verbs share the object
    assert all([names[t] for t in e["targets"]] == ["KDPI"] for e in events)
    arrived = newsgraph.extract("Iraq's envoy arrived and met the delegation.", published="2024-01-10")
    assert not any(e["verb"] == "arrive" and e["target_text"] for e in arrived["events"])


def test_who_is_asked_is_the_subject_of_what_is_asked() -> None:
    for text in ("Iran demanded that Iraq disarm the Kurdish groups.",
                 "Qaani held talks dominated by Tehran's demand that Iraq act against the groups."):
        record = newsgraph.extract(text, published="2024-01-10")
        names = {e["id"]: e["name"] for e in record["entities"]}
        (request,) = [e for e in record["events"] if e["type"] == "REQUEST"]
        assert [names[t] for t in request["targets"]] == ["Iraq"]


def test_a_deed_named_as_doer_was_done_by_its_owner() -> None:
    for text in ("Qassem Soleimani was killed in a US drone strike outside Baghdad airport.",
                 "A US drone strike on a car in eastern Baghdad killed a senior commander of Kataib Hezbollah."):
        record = newsgraph.extract(text, published="2024-01-10")
        names = {e["id"]: e["name"] for e in record["entities"]}
        assert any(e["type"] == "ASSAULT" and [names[s] for s in e["sources"]] == ["US"] for e in record["events"])
    blast = newsgraph.extract("The blast killed three Iraqi soldiers in Kabul.", published="2024-01-10")
    assert all(not e["sources"] for e in blast["events"])


def test_actor_phrases_are_coded() -> None:
    record = newsgraph.extract("Police arrested two suspects in Basra.", published="2024-01-10")
    (event,) = record["events"]
    coded = {(a["text"], a["role"]): (a["country"], a["sector"]) for a in event["text_actors"]}
    assert coded[("Police", "source")][1] == "COP"
    assert set(coded) == {("Police", "source"), ("two suspects", "target")}


@pytest.mark.parametrize(("text", "kind", "source"), [
    # the last attack has no named doer: the condemnation targets no one (review: it reached back further)
    ("Israeli jets struck Hezbollah positions in Lebanon on Monday. On Tuesday gunmen attacked a police "
     "station in Kano. Nigeria's president condemned the attack.", "ACCUSE", "Nigeria"),
    # the state's own organisation does not answer its own forces
    ("Russian troops shelled Kharkiv overnight. The Kremlin condemned the attack.", "ACCUSE", "Kremlin"),
    # "the attack on a US base" is a new attack, not a pointer back
    ("US forces bombed militia sites in Iraq. Iran condemned the attack on a US base in Jordan.", "ACCUSE", "Iran"),
])
def test_answers_that_point_nowhere_have_no_target(text: str, kind: str, source: str) -> None:
    events = _events(text)
    assert _by_source(events, kind, source) == []


def test_a_conjoined_verb_with_its_own_subject_shares_nothing() -> None:
    events = _events("Iran protested and the United States sanctioned Tehran.")
    assert _by_source(events, "PROTEST", "Iran") == []


@pytest.mark.parametrize(("text", "source", "target"), [
    # an object that names the earlier event's own target still points back (fourth review)
    ("Houthi rebels attacked the US embassy in Sanaa on Sunday. The State Department condemned "
     "the attack on the embassy.", "State Department", "Houthi rebels"),
    ("Iranian security forces killed dozens of protesters in Zahedan on Friday. The European Union "
     "condemned the killing of protesters.", "European Union", "Iranian"),
])
def test_an_answer_naming_what_was_hit_points_back(text: str, source: str, target: str) -> None:
    assert _by_source(_events(text), "ACCUSE", source) == [target]


def test_sending_an_envoy_is_meeting_by_proxy() -> None:
    events = _events("Qaani met Framework leaders in Baghdad and then sent an envoy to Sadr's office in Najaf.")
    assert any(kind == "CONSULT" and sources == ["Qaani"] and targets == ["Sadr"] for kind, sources, targets in events)
    drones = _events("Iran sent drones to Russia.")
    assert not any(kind == "CONSULT" for kind, _, _ in drones)      # things sent are no envoy
