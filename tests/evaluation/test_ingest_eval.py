"""The ingest evaluators: the benchmark metric on hand-made inputs, page loading, the
reader choices the figures rest on, and limited runs on the real gold data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsgraph.evaluation import default_eval_dir
from newsgraph.evaluation import ingest as ev
from newsgraph.ingest.html import decode_html, has_prose, jsonld_published, page_date


def eval_dir_holding(*parts: str) -> Path:
    """The eval folder when it holds `parts`, else skip saying what is missing."""
    root = default_eval_dir()
    path = root.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read ../shared/eval beside the checkout "
                    "(or $NEWSGRAPH_EVAL_DIR)")
    return root


# --- the Scrapinghub metric ----------------------------------------------------------------

def test_tokens_are_word_runs() -> None:
    assert ev.tokens("Hello, world! It's 2020.") == ["Hello", "world", "It", "s", "2020"]
    assert ev.tokens(None) == []


def test_shingles_of_short_and_empty_texts() -> None:
    assert ev.shingles("a b") == {("a", "b"): 1}
    assert ev.shingles("") == {}
    assert ev.shingles("a b c d a b c d") == {("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
                                              ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1}


def test_shingle_match_on_two_short_strings() -> None:
    tp, fp, fn = ev.shingle_match("a b c d e", "a b c d x")  # abcd shared; bcde vs bcdx
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert ev.precision_of(tp, fp, fn) == pytest.approx(0.5)
    assert ev.recall_of(tp, fp, fn) == pytest.approx(0.5)


def test_shingle_match_counts_repeats_as_a_multiset() -> None:
    tp, fp, fn = ev.shingle_match("a b c d", "a b c d a b c d")
    assert ev.precision_of(tp, fp, fn) == pytest.approx(1 / 5)   # 1 of 5 predicted shingles
    assert ev.recall_of(tp, fp, fn) == pytest.approx(1.0)


def test_aggregate_is_f1_of_mean_precision_and_mean_recall() -> None:
    perfect = ev.shingle_match("a b c d e", "a b c d e")
    half_recall = ev.shingle_match("a b c d e f g h i", "a b c d e f")  # 3 of 6 gold shingles
    result = ev.aggregate([perfect, half_recall])
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx(0.75)
    assert result.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_an_empty_prediction_has_no_precision_and_zero_recall() -> None:
    empty = ev.shingle_match("a b c d e", "")
    perfect = ev.shingle_match("a b c d e", "a b c d e")
    result = ev.aggregate([empty, perfect])
    assert result.precision == pytest.approx(1.0)   # only the page with a prediction counts
    assert result.recall == pytest.approx(0.5)


def test_score_bodies_treats_a_missing_prediction_as_empty() -> None:
    gold = {"x": "a b c d e", "y": "f g h i j"}
    assert ev.score_bodies(gold, {"x": "a b c d e"}).recall == pytest.approx(0.5)


# --- loading pages -----------------------------------------------------------------------

def test_load_page_reads_plain_gzipped_and_gz_beside_the_named_file(tmp_path: Path) -> None:
    (tmp_path / "plain.html").write_bytes(b"<p>plain</p>")
    (tmp_path / "zipped.html").write_bytes(gzip.compress(b"<p>zipped</p>"))
    (tmp_path / "only.html.gz").write_bytes(gzip.compress(b"<p>only gz</p>"))
    assert ev.load_page(tmp_path / "plain.html") == b"<p>plain</p>"
    assert ev.load_page(tmp_path / "zipped.html") == b"<p>zipped</p>"
    assert ev.load_page(tmp_path / "only.html") == b"<p>only gz</p>"


def test_read_page_turns_a_refusal_into_a_reading_without_document() -> None:
    reading = ev.read_page(b"<html><body></body></html>", "empty.html", None)
    assert reading.doc is None
    assert reading.rejected and not reading.unexpected


# --- reader choices the figures rest on ----------------------------------------------------

def test_valid_utf8_wins_over_a_stale_meta_charset() -> None:
    page = '<meta charset="iso-8859-1"><p>Forstærket håb, «Tatort» aus München</p>'
    assert "Forstærket håb, «Tatort» aus München" in decode_html(page.encode("utf-8"))


def test_a_legacy_page_is_read_with_its_declared_charset() -> None:
    page = '<meta charset="windows-1252"><p>Café “quoted”</p>'
    assert "Café “quoted”" in decode_html(page.encode("cp1252"))


def test_the_http_charset_is_trusted_first() -> None:
    data = "<p>Café</p>".encode()
    assert "CafÃ©" in decode_html(data, "text/html; charset=iso-8859-1")


def test_a_menu_is_not_prose_but_a_sentence_in_any_script_is() -> None:
    assert not has_prose("Home\nAbout us\nContact")
    assert has_prose("Home\nThe minister arrived on Monday.")
    assert has_prose("財政部今天下午將公佈今年1-2月期統一發票中獎清冊，本期千萬中獎張數為18張。")


def _page(meta_date: str, jsonld_date: str) -> str:
    ld = json.dumps({"@type": "NewsArticle", "headline": "H", "datePublished": jsonld_date})
    return (f'<html><head><meta property="article:published_time" content="{meta_date}">'
            f'<script type="application/ld+json">{ld}</script></head>'
            "<body><article><p>Body text of the report.</p></article></body></html>")


def test_jsonld_date_published_in_a_non_iso_form() -> None:
    assert jsonld_published(_page("2020-05-20", "Tue, Sep 15 2020 10:01:41 EDT")) == "2020-09-15"
    assert jsonld_published("<html><script type='application/ld+json'>{bad</script></html>") is None


def test_jsonld_wins_only_when_it_disagrees_by_more_than_a_day() -> None:
    assert page_date(_page("2020-05-20", "Tue, Sep 15 2020 10:01:41 EDT"), None) == "2020-09-15"
    assert page_date(_page("2020-09-14", "2020-09-15T02:00:00Z"), None) == "2020-09-14"


# --- the evaluators on the real gold data ----------------------------------------------------

def _check(result: dict, name: str, metrics: list[str], n: int) -> dict[str, dict]:
    assert result["name"] == name
    rows = {row["metric"]: row for row in result["rows"]}
    assert list(rows) == metrics
    for row in rows.values():
        assert 0.0 <= row["ours"] <= 1.0
        assert row["n"] == n
    return rows


def test_evaluate_htmldate_with_limit() -> None:
    root = eval_dir_holding("ingest", "htmldate_mediacloud", "eval_mediacloud_2020.json")
    rows = _check(ev.evaluate_htmldate(root, 10), "htmldate",
                  ["newsgraph read_html published accuracy",
                   "htmldate find_date extensive (this run)",
                   "pages rejected by read_html"], 10)
    assert rows["newsgraph read_html published accuracy"]["anchor"] == ev.HTMLDATE_ANCHOR


def test_htmldate_gold_skips_entries_without_a_date() -> None:
    root = eval_dir_holding("ingest", "htmldate_mediacloud", "eval_mediacloud_2020.json")
    assert len(ev.htmldate_gold(root / "ingest" / "htmldate_mediacloud", None)) == 195


def test_evaluate_scrapinghub_with_limit() -> None:
    root = eval_dir_holding("ingest", "scrapinghub_aeb", "ground-truth.json")
    rows = _check(ev.evaluate_scrapinghub(root, 10), "scrapinghub",
                  ["newsgraph read_html F1", "newsgraph read_html precision",
                   "newsgraph read_html recall", "trafilatura 2.0.0 (baseline_outputs) F1",
                   f"trafilatura {ev.trafilatura.__version__} extract() (this run) F1"], 10)
    assert rows["newsgraph read_html F1"]["anchor"] == ev.SCRAPINGHUB_ANCHOR


def test_metric_reproduces_the_published_trafilatura_figure() -> None:
    root = eval_dir_holding("ingest", "scrapinghub_aeb", "baseline_outputs", "trafilatura.json")
    folder = root / "ingest" / "scrapinghub_aeb"
    gold = {k: v.get("articleBody") or "" for k, v in ev.scrapinghub_gold(folder, None).items()}
    (label, bodies), = ev.baseline_outputs(folder)
    assert label == "trafilatura 2.0.0"
    assert ev.score_bodies(gold, bodies).f1 == pytest.approx(ev.SCRAPINGHUB_ANCHOR, abs=0.001)
