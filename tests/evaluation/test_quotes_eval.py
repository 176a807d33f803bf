"""The PolNeAR attribution evaluator: span matching on hand-made spans, brat parsing, the
loader on the real gold, textacy's span mapping, and a whole run with a stand-in extractor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import quotes as ev
from tests.conftest import shared_path

A = ev.Attribution
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123
TEXT = "Obama said that Trump was wrong. Clinton agreed with him today."


def span(sub: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def one(key: str, gold: list[ev.Attribution], predicted: list[ev.Attribution]) -> ev.Tally:
    return ev.score_document(TEXT, gold, predicted)[key]


OBAMA = A((span("Obama"),), (span("said"),), (span("that Trump was wrong"),))


@pytest.mark.parametrize(("predicted_content", "exact", "overlap"), [
    ([span("that Trump was wrong")], 1, 1),
    ([span(" that Trump was wrong")], 1, 1),                        # whitespace at the edges does not count
    ([span("that Trump"), span("was wrong")], 1, 1),                # the same characters in two fragments
    ([span("Trump was wrong")], 0, 1),                              # "that" left out: overlap only
    ([span("that Trump was wrong.")], 0, 1),                        # the full stop is a character
    ([span("Clinton agreed")], 0, 0),
    ([span("wrong. Clinton")], 0, 1),
])
def test_exact_and_overlap_content(predicted_content, exact, overlap) -> None:
    predicted = [A((), (), tuple(predicted_content))]
    assert one("content exact", [OBAMA], predicted).matched == exact
    assert one("content overlap", [OBAMA], predicted).matched == overlap


def test_one_predicted_span_over_two_gold_spans_matches_only_one() -> None:
    gold = [A((), (), (span("Obama said"),)), A((), (), (span("Trump was"),))]
    tally = one("content overlap", gold, [A((), (), (span("Obama said that Trump was"),))])
    assert (tally.gold, tally.predicted, tally.matched) == (2, 1, 1)
    assert (tally.precision, tally.recall) == (1.0, 0.5)


def test_greedy_matching_takes_the_largest_overlap_first() -> None:
    # gold "Obama said that" / "Trump was wrong"; x shares 2 chars with the first and 13 with the
    # second, y only 4 with the first: largest first pairs x with the second, y with the first
    gold = [A((), (), (span("Obama said that"),)), A((), (), (span("Trump was wrong"),))]
    x = A((), (), (span("at Trump was wrong"),))
    y = A((), (), (span("said"),))
    assert one("content overlap", gold, [x, y]).matched == 2


@pytest.mark.parametrize(("gold_sources", "predicted_sources", "gold", "predicted", "matched"), [
    (["Obama", "Obama"], ["Obama", "Obama"], 2, 2, 2),              # a shared source counts per attribution
    (["Obama", "Obama"], ["Obama"], 2, 1, 1),
    (["Obama", None], ["Obama", "Obama"], 1, 2, 1),                 # no source: no item
    ([None], [None], 0, 0, 0),
])
def test_source_items_are_one_per_attribution(gold_sources, predicted_sources, gold, predicted,
                                              matched) -> None:
    def attrs(sources: list[str | None]) -> list[ev.Attribution]:
        return [A((span(s),) if s else (), (), ()) for s in sources]

    tally = one("source exact", attrs(gold_sources), attrs(predicted_sources))
    assert (tally.gold, tally.predicted, tally.matched) == (gold, predicted, matched)


@pytest.mark.parametrize(("predicted", "matched"), [
    (A((span("Obama"),), (), (span("Trump was wrong"),)), 1),
    (A((span("Obama said"),), (span("said"),), (span("wrong"),)), 1),   # overlap is enough, cue aside
    (A((span("Clinton"),), (), (span("Trump was wrong"),)), 0),         # wrong source
    (A((), (), (span("Trump was wrong"),)), 0),                         # source missed
    (A((span("Obama"),), (), (span("Clinton agreed"),)), 0),            # wrong content
])
def test_attribution_level_needs_content_and_source(predicted, matched) -> None:
    assert one("attribution", [OBAMA], [predicted]).matched == matched


def test_attribution_level_without_source_on_both_sides() -> None:
    gold = [A((), (span("agreed"),), (span("with him"),))]
    assert one("attribution", gold, [A((), (), (span("with him today"),))]).matched == 1
    assert one("attribution", gold, [A((span("Clinton"),), (), (span("with him"),))]).matched == 0


def test_tally_without_items_scores_zero() -> None:
    assert (ev.Tally().precision, ev.Tally().recall, ev.Tally().f1) == (0.0, 0.0, 0.0)
    assert ev.Tally(gold=4, predicted=2, matched=2).f1 == pytest.approx(2 / 3)


def test_extractor_dicts_become_attributions() -> None:
    item = {"source": [], "cue": [(6, 10)], "content": [[11, 31], (40, 45)]}
    assert A.from_dict(item) == A((), ((6, 10),), ((11, 31), (40, 45)))


ANN = """\
T1\tSource 0 5\tObama
T2\tCue 6 10\tsaid
T3\tContent 11 15;16 31\tthat Trump was wrong
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 41 47\tagreed
T6\tContent 48 56\twith him
T7\tAttribution-no-source 41 47\tagreed
E2\tAttribution-no-source:T7 Content:T6 Cue:T5
T8\tContent 57 62\ttoday
E3\tAttribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T8
T9\tDiscuss 0 31\tObama said that Trump was wrong
#1\tAnnotatorNotes T9\ta note
"""


def test_parse_brat() -> None:
    assert ev.parse_brat(ANN) == [
        A(((0, 5),), ((6, 10),), ((11, 15), (16, 31))),             # discontinuous content
        A((), ((41, 47),), ((48, 56),)),                             # no source
        A(((0, 5),), ((6, 10),), ((11, 15), (16, 31), (57, 62))),   # Content2 is more content
    ]


@pytest.mark.parametrize("line", [
    "T1\tSource 0 five\tObama",
    "T1\tSource\tObama",
    "E1\tAttribution:T4 Source:T99",
])
def test_malformed_brat_names_the_line(line: str) -> None:
    with pytest.raises(NewsgraphError, match=r"\[NG502\] x.ann:1"):
        ev.parse_brat(line + "\n", "x.ann")


def test_loader_on_real_articles() -> None:
    folder = shared_path("eval", "events", "polnear_test")
    articles = ev.load_polnear(folder, limit=5)
    assert [a.name[:20] for a in articles][2] == "breitbart_2016-10-18"
    obama = articles[2]
    first = obama.attributions[0]
    assert [[obama.text[s:e] for s, e in getattr(first, name)] for name in ev.COMPONENTS] == [
        ["Obama"], ["says"], ["Trump modeling policies on Putin"]]
    assert sum(not a.source for a in obama.attributions) > 0
    # the agreement article has six annotations: the first listed annotator is the gold
    assert (articles[4].annotator, len(articles[4].attributions)) == ("4b22", 23)


def test_loader_names_missing_data(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match=r"\[NG501\].*metadata_test.tsv"):
        ev.load_polnear(tmp_path)
    (tmp_path / "metadata_test.tsv").write_text("filename\tannotators\nmissing-article\tab12\n")
    with pytest.raises(NewsgraphError, match=r"\[NG501\].*missing-article.txt"):
        ev.load_polnear(tmp_path)


def test_no_extractor_while_the_module_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ev, "OURS", "newsgraph.pipeline.no_such_stage")
    assert ev.our_extractor() is None


QUOTED = "Clinton spoke in Ohio.\n“We will win this election and we will do it together,” Clinton said.\n"


@pytest.fixture(scope="module")
def textacy_baseline() -> ev.Textacy:
    pytest.importorskip("textacy")
    return ev.Textacy()


def test_textacy_spans_map_to_characters(textacy_baseline: ev.Textacy) -> None:
    # an unpaired quotation mark in the last paragraph makes textacy refuse the whole text
    text = QUOTED + "Trump said “nothing at all.\n"
    bailed = textacy_baseline.bailed
    [found] = textacy_baseline(text)
    assert textacy_baseline.bailed == bailed + 1
    assert [[text[s:e] for s, e in getattr(found, name)] for name in ev.COMPONENTS] == [
        ["Clinton"], ["said"], ["“We will win this election and we will do it together,”"]]


def test_whole_run_with_a_stand_in_extractor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             textacy_baseline: ev.Textacy) -> None:
    folder = tmp_path / ev.POLNEAR
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "metadata_test.tsv").write_text("filename\tannotators\nq\tab12|cd34\n")
    (folder / "text" / "q.txt").write_text(QUOTED, encoding="utf-8")
    quote, speaker, cue = span("“We", QUOTED)[0], span("Clinton said", QUOTED), span("said", QUOTED)
    (folder / "attributions" / "q_ab12.ann").write_text(
        f"T1\tSource {speaker[0]} {speaker[0] + 7}\tClinton\nT2\tCue {cue[0]} {cue[1]}\tsaid\n"
        f"T3\tContent {quote} {speaker[0] - 1}\tx\nT4\tAttribution {cue[0]} {cue[1]}\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n", encoding="utf-8")

    def stand_in(text: str) -> list[dict[str, Any]]:
        start = text.index("“")
        return [{"source": [(text.index("Clinton said"), text.index(" said"))],
                 "cue": [(text.index("said"), text.index("said") + 4)],
                 "content": [(start + 1, text.index("”"))]}]   # inside the marks: overlap, not exact

    monkeypatch.setattr(ev, "our_extractor", lambda: stand_in)
    monkeypatch.setattr(ev, "Textacy", lambda: textacy_baseline)
    result = ev.evaluate_polnear(tmp_path, None)
    rows = {row["metric"]: row for row in result["rows"]}
    assert rows["content overlap F1"] == {"metric": "content overlap F1", "ours": 1.0, "anchor": 1.0,
                                          "target": 0.8, "n": 1}
    assert rows["content exact F1"]["ours"] == 0.0 and rows["content exact F1"]["anchor"] == 1.0
    assert rows["source exact F1"]["ours"] == rows["attribution F1"]["ours"] == 1.0
    assert rows["source overlap F1"]["target"] == 0.8 and rows["cue exact F1"]["target"] is None
    assert "textacy" in result["description"]
    # the one article falls in one half: that half's rows repeat the overall figure
    half = ev.half("q")
    assert rows[f"content overlap F1 / {half}"]["ours"] == 1.0 and rows[f"content overlap F1 / {half}"]["n"] == 1
    other = "dev" if half == "held-out" else "held-out"
    assert rows[f"content overlap F1 / {other}"]["n"] == 0


def test_whole_run_reports_none_without_our_extractor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      textacy_baseline: ev.Textacy) -> None:
    folder = tmp_path / ev.POLNEAR
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "metadata_test.tsv").write_text("filename\tannotators\nq\tab12\n")
    (folder / "text" / "q.txt").write_text(QUOTED, encoding="utf-8")
    (folder / "attributions" / "q_ab12.ann").write_text("", encoding="utf-8")
    monkeypatch.setattr(ev, "our_extractor", lambda: None)
    monkeypatch.setattr(ev, "Textacy", lambda: textacy_baseline)
    rows = ev.evaluate_polnear(tmp_path, None)["rows"]
    assert all(row["ours"] is None for row in rows)
    assert {row["metric"]: row["anchor"] for row in rows}["content overlap P"] == 0.0  # no gold: all wrong


def test_parsed_share_counts_sentences_left_to_the_parser() -> None:
    texts = ['"We will sign the deal this week," she said. The weather in Paris was mild.',
             "The minister, who arrived on Monday, said the talks had failed."]
    assert ev.parsed_share(texts) == (1, 3)


def test_halves_are_fixed_by_the_file_name() -> None:
    folder = shared_path("eval", "events", "polnear_test")
    halves = [ev.half(a.name) for a in ev.load_polnear(folder)]
    assert set(halves) == {"dev", "held-out"} and halves.count("dev") == 48
    assert ev.half("breitbart_2016-10-12_washington-post-backs-hillary-cl") == \
        ev.half("breitbart_2016-10-12_washington-post-backs-hillary-cl")
