"""Event triggers from the PLOVER lexicon's verbs (issue 3, round 2): a lexicon verb whose
senses agree names its event with one actor; agentless passives keep their target; counted
plurals are targets; doers described by a phrase ("thousands of students") are kept."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.pipeline import events
from tests.pipeline.event_helpers import event_at, events_of


@pytest.mark.parametrize(("text", "trigger", "etype", "mode"), [
    ("A tribunal in Lyon jailed Marie Duval for fraud on Friday.", "jailed", "SANCTION", "convict"),
    ("Mark Hollis was sentenced to six years in prison.", "sentenced", "SANCTION", "convict"),
    ("Ana Lopes was imprisoned for life in Porto.", "imprisoned", "SANCTION", "convict"),
    ("Peter Otieno was apprehended on Friday.", "apprehended", "COERCE", "arrest"),
])
def test_agreeing_lexicon_verb_is_a_trigger(text: str, trigger: str, etype: str, mode: str) -> None:
    event = event_at(text, trigger)
    assert (event["type"], event["mode"], event["typed_by"]) == (etype, mode, "sense")


def test_common_verbs_are_not_lexicon_triggers() -> None:
    senses = events.lexicon_senses()
    for verb in ("provide", "join", "stop", "help", "hold", "take", "give"):
        assert verb not in senses
    assert not [e for e in events_of("Maria Silva joined the team in Lisbon.") if e["verb"] == "join"]


def test_agentless_passive_keeps_its_target_and_no_source() -> None:
    event = event_at("Mark Hollis was sentenced to six years in prison.", "sentenced")
    assert event["target_names"] == {"Mark Hollis"}
    assert not event["sources"] and not event["source_text"]
    killed = event_at("Four soldiers were killed near Mosul on Sunday.", "killed")
    assert killed["type"] == "ASSAULT" and killed["target_text"] == ["Four soldiers"]
    assert not killed["sources"] and not killed["source_text"]


def test_passive_in_a_limit_clause_is_no_event() -> None:
    text = "Turkey said the raids on Qandil would go on until the militants were disarmed."
    assert not [e for e in events_of(text) if e["verb"] == "disarm"]


def test_counted_plural_is_a_target_but_not_a_toll_or_things() -> None:
    event = event_at("Egyptian police detained seven suspects in Cairo.", "detained")
    assert event["type"] == "COERCE" and any("seven suspects" in t for t in event["target_text"])
    toll = events_of("A car bomb exploded in Kirkuk, killing three people.")
    assert not any("three people" in t for e in toll for t in e["target_text"])
    signed = event_at("Iran and Iraq signed five agreements of cooperation in Baghdad.", "signed")
    assert not signed["target_text"]


def test_crowd_of_described_people_stages_the_protest() -> None:
    event = event_at("Thousands of nurses across Kenya staged protests on Monday.", "protests")
    assert event["type"] == "PROTEST"
    assert any("nurses" in s for s in event["source_text"]) or event["sources"]


def test_no_one_claimed_is_no_source() -> None:
    for e in events_of("No group claimed the bombing in Kirkuk."):
        assert not e["source_text"] and not e["sources"]


def test_them_after_a_call_are_the_people_called() -> None:
    text = "Joe Biden phoned Olaf Scholz and Emmanuel Macron to congratulate them."
    event = event_at(text, "congratulate")
    assert event["type"] == "SUPPORT" and event["source_names"] == {"Joe Biden"}
    assert event["target_names"] & {"Olaf Scholz", "Emmanuel Macron"}


@pytest.mark.parametrize("text", [
    # a lexicon verb done to a thing is no event (review: these were ASSAULT, COERCE, REJECT, AID)
    "Nvidia beat analysts' expectations.",
    "Apple executed its strategy.",
    "Serena Williams captured her 23rd Grand Slam title.",
    "Netflix scrapped plans for a new series.",
    "Amazon financed the project.",
    # a passive with no doer that was a mishap, not an attack
    "Three people were killed in a car crash on the M25.",
    "Four climbers were killed in an avalanche in the Alps.",
])
def test_no_event_from_things_and_mishaps(text: str) -> None:
    assert newsgraph.extract(text, published="2024-01-10")["events"] == []


@pytest.mark.parametrize(("text", "etype", "source"), [
    # refusing a stance or a deed is a refusal; so is refusing alone (review: these were lost)
    ("Serbia refused to recognise Kosovo.", "REJECT", "Serbia"),
    ("India declined to condemn Russia over the invasion.", "REJECT", "India"),
    ("The mayor of London, Ken Livingstone, refused.", "REJECT", "Ken Livingstone"),
    ("The rebels surrendered to the army in Goma.", "CONCEDE", None),
])
def test_refusals_and_intransitive_deeds_stay(text: str, etype: str, source: str | None) -> None:
    record = newsgraph.extract(text, published="2024-01-10")
    names = {e["id"]: e["name"] for e in record["entities"]}
    found = [e for e in record["events"] if e["type"] == etype]
    assert found
    if source is not None:
        assert source in [names[s] for s in found[0]["sources"]]


def test_a_refused_hostile_deed_does_not_target_its_victim() -> None:
    record = newsgraph.extract("Hungary refused to sanction Russia.", published="2024-01-10")
    (event,) = [e for e in record["events"] if e["type"] == "REJECT"]
    assert event["targets"] == []


@pytest.mark.parametrize(("text", "target"), [
    ("Police apprehended two suspects after the attack in Paris.", "two suspects"),
    ("The senate impeached the governor for abuse of power.", "governor"),
])
def test_people_named_by_common_nouns_are_targets(text: str, target: str) -> None:
    (event,) = newsgraph.extract(text, published="2024-01-10")["events"]
    assert event["target_text"] == [target]


def test_animal_attacks_are_mishaps_and_weather_words_leave_protests_alone() -> None:
    assert newsgraph.extract("The teenager was killed in a shark attack off Sydney.",
                             published="2024-01-10")["events"] == []
    protest = newsgraph.extract("Farmers staged drought protests outside the parliament in Rome.",
                                published="2024-01-10")["events"]
    assert [e["type"] for e in protest] == ["PROTEST"]
