import pytest

from newsgraph.evaluation import false_events


def test_the_sentences_are_read_without_comments() -> None:
    sentences = false_events.read_sentences()
    assert len(sentences) >= 100 and not any(s.startswith("#") for s in sentences)


@pytest.mark.parametrize("text", [
    "OpenAI fired its chief executive Sam Altman, then rehired him days later.",   # a dismissal
    "The University of Texas received a $100 million gift from an alumnus.",       # not a visit
    "The National Weather Service issued a blizzard warning for Minnesota.",       # the weather's
])
def test_ordinary_news_gives_no_event(text: str) -> None:
    ((_, events),) = false_events.false_alarms([text])
    assert events == []


@pytest.mark.parametrize(("text", "etype"), [
    ("Soldiers fired on protesters in Basra.", "ASSAULT"),
    ("The militia fired rockets at the US embassy.", "ASSAULT"),
    ("Sudani received the Iranian foreign minister in Baghdad.", "CONSULT"),
    ("Qatar hosted the talks between Hamas and Israel.", "CONSULT"),
    ("The IRGC issued a warning to Kurdish groups.", "THREATEN"),
])
def test_the_same_verbs_still_give_political_events(text: str, etype: str) -> None:
    ((_, events),) = false_events.false_alarms([text])
    assert [e["type"] for e in events] == [etype]


def test_the_evaluator_counts_false_alarms() -> None:
    result = false_events.evaluate_false_events(false_events.SENTENCES.parent, limit=20)
    rows = {r["metric"]: r for r in result["rows"]}
    assert rows["events per 100 sentences"]["n"] == 20
    assert 0.0 <= rows["share of sentences with an event"]["ours"] <= 1.0
