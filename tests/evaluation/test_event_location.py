"""The event-location evaluator: reading the gold, the fixed split, judging, and a run on a slice."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import EVALUATORS
from newsgraph.evaluation import event_location as ev
from tests.conftest import shared_path

TEXT = "Rebels shelled Homs and Hama on Monday."


def item(*locations: str) -> ev.Item:
    spans = tuple((TEXT.index(name), TEXT.index(name) + len(name)) for name in locations)
    return ev.Item("x", TEXT, (7, 14), spans, "dev")


def at(name: str) -> tuple[int, int]:
    return TEXT.index(name), TEXT.index(name) + len(name)


@pytest.mark.parametrize(("gold", "predicted", "strict", "overlap"), [
    (("Homs",), at("Homs"), True, True),
    (("Homs", "Hama"), at("Hama"), True, True),             # any gold location will do
    (("Homs",), at("Homs and Hama"), False, True),          # wider: overlap only
    (("Homs",), at("Hama"), False, False),
    (("Homs",), None, False, False),                        # a located event left unplaced
    ((), None, True, True),                                 # no location, none given: right
    ((), at("Homs"), False, False),                         # no location, one given: wrong
])
def test_judge(gold: tuple[str, ...], predicted: tuple[int, int] | None, strict: bool, overlap: bool) -> None:
    assert ev.judge(item(*gold), predicted, strict=True) is strict
    assert ev.judge(item(*gold), predicted, strict=False) is overlap


def test_tally_precision_and_recall_of_having_a_location() -> None:
    tally = ev.Tally()
    tally.add(item("Homs"), at("Homs"), [at("Homs")])      # right
    tally.add(item("Homs"), at("Hama"), [at("Hama")])      # placed, wrong place
    tally.add(item(), at("Hama"), [at("Hama")])            # placed, gold has none
    tally.add(item("Homs"), None, [])                      # located gold, left unplaced
    m = tally.measures()
    assert m["accuracy overlap"] == 0.25
    assert m["has-location precision"] == round(2 / 3, 4)
    assert m["has-location recall"] == round(2 / 3, 4)
    assert tally.ceiling == 1


def test_the_split_is_fixed_and_ignores_trailing_spaces() -> None:
    assert ev.half_of("APW_x_1_capture ") == ev.half_of("APW_x_1_capture")
    halves = {ev.half_of(f"doc_{i}") for i in range(20)}
    assert halves == {"dev", "held-out"}


def test_baselines() -> None:
    candidates = [(0, 1), (5, 6), (9, 10)]
    assert ev.first_place(None, 7, candidates) == 0
    assert ev.nearest_place(None, 7, candidates) == 1
    assert ev.nearest_place(None, 7, []) is None


def test_missing_gold_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match="NG501"):
        ev.load_gold(tmp_path / "nothing.jsonl")


def test_registered() -> None:
    assert EVALUATORS["event-location"] == "newsgraph.evaluation.event_location:evaluate_event_location"


def test_gold_locations_are_found_in_their_sentences() -> None:
    path = shared_path("eval", *ev.GOLD.parts)
    items = ev.load_gold(path)
    assert len(items) == 494                                   # two rows have no verb
    assert sum(bool(i.locations) for i in items) == 336
    for i in items:
        assert i.text[i.verb[0]:i.verb[1]].strip()
        for start, end in i.locations:
            assert 0 <= start < end <= len(i.text)
    # offsets given as token numbers are recovered from the span's text
    afghanistan = next(i for i in items if i.id.startswith("APW_ENG_20021114.0613_12"))
    assert [afghanistan.text[s:e] for s, e in afghanistan.locations] == ["Afghanistan"]


def test_a_run_on_a_slice_beats_the_baselines_on_it() -> None:
    eval_dir = shared_path("eval")
    result = ev.evaluate_event_location(eval_dir, 60)
    rows = {r["metric"]: r for r in result["rows"]}
    overall = rows["all: accuracy overlap"]
    assert overall["n"] == 60
    assert overall["target"] == ev.GOAL
    assert overall["ours"] > overall["anchor"]
    assert overall["ours"] > rows["all: first-place baseline"]["anchor"]
    assert rows["dev (tuned): accuracy overlap"]["n"] + rows["held-out (unseen): accuracy overlap"]["n"] == 60
