"""The throughput benchmark's helpers, and one tiny end-to-end run (no timing assertions)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsgraph.evaluation import throughput as tp


def test_words_are_whitespace_tokens() -> None:
    assert tp.count_words("Iran's  Quds\tForce\nvisited  Baghdad. ") == 5
    assert tp.count_words("") == 0
    assert tp.count_words(" \n\t ") == 0
    assert tp.total_words(["a b", "c", ""]) == 3


def test_ratio_and_rates() -> None:
    assert tp.ratio(2.0, 4.0) == 0.5
    assert tp.ratio(4500.0, 4500.0) == 1.0
    assert tp.ratio(1.0, 0.0) is None
    assert tp.ratio(None, 1.0) is None
    assert tp.ratio(1.0, None) is None
    assert tp.per_second(100, 4.0) == 25.0
    assert tp.per_second(100, 0.0) is None


def test_effective_workers_follows_the_pool_rule() -> None:
    assert tp.effective_workers(2, 10, 32) == 1    # first chunk not full: no pool
    assert tp.effective_workers(2, 32, 32) == 2
    assert tp.effective_workers(1, 5000, 32) == 1
    assert tp.ingest_batch_size() >= 1


def test_bench_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(tp.BENCH_ENV, str(tmp_path))
    assert tp.default_bench_dir() == tmp_path


def _line(text: str | None, **extra: object) -> str:
    return json.dumps({"id": "x", "text": text, "title": "T", "outlet": "O", **extra})


def test_select_records_drops_empty_and_duplicate_texts() -> None:
    lines = [
        _line("One report about Baghdad."),
        _line(""),
        _line(None),
        _line("One   report about\nBaghdad."),       # same document id: whitespace differs
        _line("Another report, from Erbil.", published="1987-02-26T15:02:20"),
        "",
        _line("A third report."),
    ]
    records, info = tp.select_records(lines, None)
    assert [r["text"] for r in records] == ["One report about Baghdad.",
                                            "Another report, from Erbil.", "A third report."]
    assert info == {"scanned": 6, "empty": 2, "duplicates": 1, "changed_by_reader": 0,
                    "selected": 3}
    assert set(records[0]) == set(tp.RECORD_FIELDS)
    assert records[1]["published"] == "1987-02-26T15:02:20"

    limited, info = tp.select_records(lines, 2)
    assert len(limited) == 2 and info["selected"] == 2


def test_load_corpora_reads_both_files(tmp_path: Path) -> None:
    (tmp_path / tp.BBC_FILE).write_text(
        "\n".join(_line(f"BBC story number {i}.") for i in range(4)) + "\n", encoding="utf-8")
    (tmp_path / tp.REUTERS_FILE).write_text(
        "\n".join([_line(""), *(_line(f"Reuters item {i}.") for i in range(3))]) + "\n",
        encoding="utf-8")
    corpora, selection = tp.load_corpora(tmp_path, None, 2)
    assert len(corpora["bbc"]) == 4 and len(corpora["reuters"]) == 2
    assert selection["reuters"]["empty"] == 1
    corpora, _ = tp.load_corpora(tmp_path, 0, 1)
    assert list(corpora) == ["reuters"]


def _measured(seconds: float, docs: int, workers: int = 1, rss: float = 500.0,
              cpu: float | None = None) -> dict:
    return {"seconds": seconds, "docs": docs, "workers": workers, "peak_rss_mb": rss,
            "cpu_seconds": seconds * workers if cpu is None else cpu}


def _result() -> dict:
    return {"corpora": {
        "bbc": {"docs": 10, "words": 9000, "selection": {}, "systems": {
            "spacy": _measured(2.0, 10, rss=400.0, cpu=1.8),   # 4500 words/s, 5000 per CPU-s
            "newsgraph": _measured(3.0, 10, workers=2, rss=900.0),  # 3000 words/s
            "newsgraph_1w": _measured(6.0, 10, rss=600.0),      # 1500 words/s
        }},
        "reuters": {"docs": 20, "words": 1000, "selection": {}, "systems": {
            "spacy": _measured(1.0, 20, rss=300.0),
            "newsgraph": _measured(0.5, 20, workers=2, rss=700.0),
            "newsgraph_1w": _measured(1.0, 20, rss=450.0),
        }},
    }}


def test_build_rows_ratios_per_corpus_and_overall() -> None:
    rows = tp.build_rows(_result())
    by = {(r["corpus"], r["system"]): r for r in rows}
    assert [r["corpus"] for r in rows] == ["bbc"] * 3 + ["reuters"] * 3 + ["overall"] * 3

    spacy = by["bbc", "spacy"]
    assert spacy["words_per_s"] == 4500.0 and spacy["ratio"] == 1.0 and spacy["docs_per_s"] == 5.0
    ours = by["bbc", "newsgraph"]
    assert ours["ratio"] == pytest.approx(3000 / 4500, abs=1e-3)
    assert ours["ratio_per_core"] == pytest.approx(3000 / 4500 / 2, abs=1e-3)
    assert ours["label"] == "newsgraph (2 workers)"
    one = by["bbc", "newsgraph_1w"]
    assert one["ratio"] == one["ratio_per_core"] == pytest.approx(1500 / 4500, abs=1e-3)
    assert by["reuters", "newsgraph"]["ratio"] == 2.0

    assert spacy["ratio_cpu"] == 1.0 and spacy["cpu_per_wall"] == 0.9
    assert spacy["words_per_cpu_s"] == 5000.0
    assert ours["cpu_per_wall"] == 2.0
    assert ours["ratio_cpu"] == pytest.approx((9000 / 6.0) / 5000, abs=1e-3)

    overall = by["overall", "newsgraph"]
    assert overall["words"] == 10000 and overall["docs"] == 30
    assert overall["seconds"] == 3.5
    assert overall["ratio"] == pytest.approx((10000 / 3.5) / (10000 / 3.0), abs=1e-3)
    assert overall["peak_rss_mb"] == 900.0
    assert overall["cpu_seconds"] == 7.0
    # every system of a corpus is credited the same words
    for corpus in ("bbc", "reuters", "overall"):
        assert len({by[corpus, s]["words"] for s in tp.SYSTEMS}) == 1


def test_missing_cpu_time_leaves_cpu_columns_empty() -> None:
    result = _result()
    result["corpora"]["bbc"]["systems"]["newsgraph"]["cpu_seconds"] = None
    by = {(r["corpus"], r["system"]): r for r in tp.build_rows(result)}
    assert by["bbc", "newsgraph"]["ratio_cpu"] is None
    assert by["overall", "newsgraph"]["cpu_seconds"] is None
    assert by["overall", "newsgraph"]["ratio"] is not None
    assert "–" in tp.format_table(list(by.values()))


def test_tree_monitor_sees_this_process() -> None:
    sampler = tp._sampler_proc() or tp._sampler_psutil()
    if sampler is None:
        pytest.skip("neither /proc nor psutil here")
    snapshot = sampler()
    rss, cpu = snapshot[os.getpid()]
    assert rss > 0 and cpu >= 0
    with tp.TreeMonitor(interval=0.01) as monitor:
        assert (monitor.cpu_seconds() or 0) > 0
    assert monitor.result()["peak_rss_mb"] > 0


def test_one_corpus_has_no_overall_rows_and_table_renders() -> None:
    result = _result()
    del result["corpora"]["reuters"]
    rows = tp.build_rows(result)
    assert {r["corpus"] for r in rows} == {"bbc"}
    table = tp.format_table(rows)
    assert "words/s" in table and "peak RSS MB" in table
    assert "bare spaCy (1 proc)" in table and "newsgraph (1 worker)" in table
    assert "9,000" in table and "4,500" in table
    assert "NOT met" in (tp.verdict(rows) or "")


def test_verdict_uses_the_overall_row() -> None:
    rows = tp.build_rows(_result())
    assert tp.verdict(rows).startswith("goal ratio ≥ 1.0: NOT met")  # type: ignore[union-attr]
    for r in rows:
        if r["corpus"] == "overall" and r["system"] == "newsgraph":
            r["ratio"], r["ratio_per_core"] = 1.2, 0.6
    assert tp.verdict(rows).startswith("goal ratio ≥ 1.0: met — newsgraph 1.20×")  # type: ignore[union-attr]


TINY = [
    "Iraqi Prime Minister Mohammed Shia al-Sudani met the Iranian ambassador in Baghdad on Monday.",
    "The United Nations said on Tuesday that talks in Geneva would resume next week.",
    "Protesters gathered outside the parliament building in Tehran, witnesses said.",
    "The central bank raised interest rates by half a point, the government announced.",
    "Oil prices rose in London after the storm closed two ports in the Gulf of Mexico.",
]


@pytest.mark.slow
def test_tiny_benchmark_measures_both_systems_on_the_same_texts() -> None:
    records = [{"text": t, "title": f"Story {i}", "published": f"2024-01-0{i + 1}",
                "outlet": "Test Wire"} for i, t in enumerate(TINY)]
    result = tp.run_benchmark({"tiny": records}, workers=1)

    entry = result["corpora"]["tiny"]
    assert set(entry["systems"]) == {"spacy", "newsgraph"}   # workers=1: no extra 1-worker run
    assert entry["words"] == tp.total_words(TINY) > 0
    for system in ("spacy", "newsgraph"):
        m = entry["systems"][system]
        assert m["docs"] == len(TINY)
        assert m["seconds"] > 0 and m["peak_rss_mb"] > 0 and m["cpu_seconds"] > 0
    assert entry["systems"]["newsgraph"]["summary"]["failed"] == 0
    assert not result["warnings"]

    rows = {r["system"]: r for r in result["rows"]}
    assert set(rows) == {"spacy", "newsgraph"}
    assert rows["spacy"]["words"] == rows["newsgraph"]["words"] == entry["words"]
    assert rows["spacy"]["docs"] == rows["newsgraph"]["docs"] == len(TINY)
    assert rows["newsgraph"]["ratio"] is not None and rows["newsgraph"]["workers"] == 1
    assert result["anchor"] == tp.ANCHOR
    text = tp.render(result)
    assert tp.ANCHOR in text and "load average" in text
