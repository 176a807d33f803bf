"""Event rules for PLOVER-style coding of one-sentence reports (issue 3): nouns that light
verbs make events, compounds, stances (willing, announced, refused), "X said Y must …"."""

from __future__ import annotations

import pytest

import newsgraph
from tests.pipeline.event_helpers import event_at, events_of


@pytest.mark.parametrize(("text", "trigger", "etype", "mode"), [
    # a PLOVER-lexicon noun as the object of a light verb
    ("Kenyan authorities imposed a curfew in Mombasa on Monday.", "curfew", "COERCE", "curfew"),
    ("Chilean teachers launched a walkout in Santiago.", "walkout", "PROTEST", "strike"),
    # a compound names another event than its head noun
    ("Jailed Kurdish activists began a hunger strike against Turkey on Monday.", "strike",
     "PROTEST", "strike"),
    ("Peru lodged an official protest with Ecuador over the border incident.", "protest",
     "ACCUSE", "disapprove"),
    ("The Thai army declared martial law in Bangkok.", "law", "COERCE", "restrict"),
    # event verbs the lexicon lacked
    ("Japan apologized to South Korea for the remarks.", "apologized", "SUPPORT", None),
    ("Chile lifted restrictions on Argentine imports.", "lifted", "CONCEDE", None),
])
def test_nouns_compounds_and_verbs(text: str, trigger: str, etype: str, mode: str | None) -> None:
    event = event_at(text, trigger)
    assert (event["type"], event["mode"]) == (etype, mode)


def test_took_the_case_is_no_event() -> None:
    assert not [e for e in events_of("The Kenyan lawyer took the case of Ugandan prisoners.")
                if e["trigger"]["text"] == "case"]


@pytest.mark.parametrize(("text", "trigger", "etype", "source"), [
    # willing or ready to do: a cooperative deed is AGREE, a hostile one THREATEN
    ("Finland is willing to send medical teams to Ukraine, its defence minister said.", "send",
     "AGREE", "Finland"),
    ("Peru said it was ready to withdraw its troops from Ecuador.", "withdraw", "AGREE", "Peru"),
    ("Russia is prepared to expel British diplomats.", "expel", "THREATEN", "Russia"),
    # a hostile deed its doer says it will do; a plan told by the narrator stays a deed
    ("Hamas said it would attack Israeli towns.", "attack", "THREATEN", "Hamas"),
    # not being willing to cooperate is a refusal (review: it was AGREE, flags cleared)
    ("Iran is not willing to negotiate with the United States.", "negotiate", "REJECT", "Iran"),
    ("Iran is no longer willing to cooperate with the IAEA.", "cooperate", "REJECT", "Iran"),
    # a cooperative deed refused in advance
    ("Norway said it would not release the Russian sailors.", "release", "REJECT", "Norway"),
])
def test_stances(text: str, trigger: str, etype: str, source: str) -> None:
    event = event_at(text, trigger)
    assert event["type"] == etype and source in event["source_names"]
    assert not any(event["flags"].values())


def test_ready_to_support_stays_support() -> None:
    assert event_at("Cuba said it was ready to support Venezuela.", "support")["type"] == "SUPPORT"


def test_declined_to_resign_is_the_refusal_not_a_resignation() -> None:
    events = events_of("Peruvian President Pedro Castillo declined to resign despite pressure from Congress.")
    assert "RETREAT" not in {e["type"] for e in events}


def test_said_that_another_must_is_a_request() -> None:
    event = event_at("Germany said Russia must withdraw its troops from Moldova.", "withdraw")
    assert event["type"] == "REQUEST"
    assert event["source_names"] == {"Germany"} and event["target_names"] == {"Russia"}
    # no one is asked: no request
    assert not [e for e in events_of("Germany said the talks must produce a timetable.")
                if e["type"] == "REQUEST"]


@pytest.mark.parametrize("text", [
    "The report said Iran must have known about the attack.",   # a guess, not a demand
    "Reuters said Iraq should expect more attacks.",
    "Google paid a fine to the European Commission.",           # nouns a light verb does not make events
    "Boeing announced job cuts.",
    "Donald Trump held a rally in Iowa.",
    "Iran's foreign ministry declined to comment on the report.",   # refuses nothing (review)
    "Iraq's oil exports to India declined sharply.",
])
def test_no_event_from_guesses_and_ordinary_nouns(text: str) -> None:
    assert newsgraph.extract(text, published="2024-01-10")["events"] == []


@pytest.mark.parametrize(("text", "trigger", "etype"), [
    # questions, predictions by others and plans told by the narrator are no threats (review)
    ("Will Russia attack Ukraine again this winter?", "attack", "ASSAULT"),
    ("Analysts expect that Israel will strike Iranian nuclear sites.", "strike", "ASSAULT"),
    ("Kenya will withdraw its troops from Somalia unless the talks resume.", "withdraw", "RETREAT"),
])
def test_future_deeds_not_said_by_their_doer_keep_their_type(text: str, trigger: str, etype: str) -> None:
    event = event_at(text, trigger)
    assert event["type"] == etype and event["flags"]["future"]


def test_a_refusal_targets_whom_the_refused_deed_is_done_to() -> None:
    record = newsgraph.extract("Iran refused to allow IAEA inspectors into Fordow.", published="2024-01-10")
    names = {e["id"]: e["name"] for e in record["entities"]}
    (event,) = [e for e in record["events"] if e["type"] == "REJECT"]
    assert [names[t] for t in event["targets"]] == ["IAEA"]     # not Fordow, the place


def test_a_speech_verb_in_a_conjunction_keeps_its_speaker() -> None:
    events = events_of("Hezbollah denied involvement and said it would retaliate against Israel.")
    assert any(e["type"] == "THREATEN" and e["source_names"] == {"Hezbollah"}
               and e["target_names"] == {"Israel"} for e in events)


def test_them_under_an_order_is_not_the_one_ordered() -> None:
    events = events_of("Egypt's court ordered the interior ministry to release them.")
    assert not any(e["type"] == "RETREAT" and e["target_names"] & e["source_names"] for e in events)
    assert not any(e["type"] == "RETREAT" and "interior ministry" in e["target_text"] for e in events)
