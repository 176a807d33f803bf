"""The CLI on the demo store: each command's output, and --json for scripts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_extract_prints_one_record_and_stores_nothing(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = shared_path("samples", "qaani-baghdad-2023.txt")
    record = run_json(runner, "extract", str(path))
    assert isinstance(record, dict) and record["published"] == "2023-08-15"
    assert record["original_outlet"] == "newarab"
    assert not list(tmp_path.iterdir()), "extract must not create a database"


def test_docs_lists_the_demo_corpus(runner: CliRunner, demo_db: Path) -> None:
    docs = run_json(runner, "docs", "--db", str(demo_db), "--limit", "100")
    assert len(docs) == 24
    dated = [d["published"] for d in docs if d["published"]]
    assert dated == sorted(dated)
    copies = [d for d in docs if d["duplicate_of"]]
    assert len(copies) == 1 and copies[0]["original_outlet"] == "tigriswire"


def test_db_defaults_from_environment(runner: CliRunner, demo_db: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_DB", str(demo_db))
    result = runner.invoke(main, ["docs", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 24


def test_entities_counts_reports_not_copies(runner: CliRunner, demo_db: Path) -> None:
    rows = run_json(runner, "entities", "--db", str(demo_db), "--type", "PERSON")
    top = rows[0]
    assert top["kb_id"] == "esmail-qaani"
    assert {"Ghaani", "Ismail Qaani"} & set(top["names"])
    assert top["documents"] == top["reports"] + 1  # the syndicated copy is not a report


def test_show_by_prefix(runner: CliRunner, demo_db: Path) -> None:
    doc_id = run_json(runner, "docs", "--db", str(demo_db))[0]["id"]
    record = run_json(runner, "show", doc_id[:10], "--db", str(demo_db))
    assert record["id"] == doc_id
    human = runner.invoke(main, ["show", doc_id, "--db", str(demo_db)])
    assert "Entities" in human.output and doc_id in human.output
    missing = runner.invoke(main, ["show", "zzzz", "--db", str(demo_db)])
    assert missing.exit_code != 0 and "no document" in missing.output


@pytest.mark.parametrize(("query", "hits"), [
    ("Quds Force", True),
    ("title:zebra", False),
    ("multi-agent", False),
    ('"unbalanced', False),
    ("NEAR(zebra", False),
    ("near Koya", True),
])
def test_search_takes_words_only(runner: CliRunner, demo_db: Path, query: str, hits: bool) -> None:
    rows = run_json(runner, "search", query, "--db", str(demo_db))
    assert bool(rows) is hits


def test_timeline_finds_every_spelling(runner: CliRunner, demo_db: Path) -> None:
    by_ghaani = run_json(runner, "timeline", "Ghaani", "--db", str(demo_db))
    by_title = run_json(runner, "timeline", "Gen. Ismail Qaani", "--db", str(demo_db))
    assert by_ghaani == by_title
    docs = {i["doc_id"] for i in by_ghaani}
    assert len(docs) >= 14
    dates = [i["date"] for i in by_ghaani if i["date"]]
    assert dates == sorted(dates) and dates[0].startswith("2020")
    assert any(i["kind"] == "event" and i["evidence"] for i in by_ghaani)


def test_export_jsonl_and_csv(runner: CliRunner, demo_db: Path) -> None:
    jsonl = runner.invoke(main, ["export", "--format", "jsonl", "--db", str(demo_db)])
    assert jsonl.exit_code == 0
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(records) == 24 and all("entities" in r for r in records)
    events = runner.invoke(main, ["export", "--format", "csv", "--table", "events",
                                  "--db", str(demo_db)])
    rows = list(csv.DictReader(io.StringIO(events.stdout)))
    assert rows and {"type", "sources", "targets", "evidence"} <= set(rows[0])
    assert sum(len(r["events"]) for r in records) == len(rows)
    # every actor is coded COUNTRY/SECTOR, entities and phrases alike
    for row in rows:
        actors = [x for x in row["sources"].split("; ") if x] + [x for x in row["source_text"].split("; ") if x]
        codes = [c for c in row["source_codes"].split("; ") if c]
        assert len(codes) == len(actors) and all(c.count("/") == 1 for c in codes)
    assert any(c.startswith("IRN/") for row in rows for c in row["source_codes"].split("; "))


def test_reingest_adds_nothing(runner: CliRunner, demo_db: Path) -> None:
    from newsgraph.data import DEMO_DIR

    result = runner.invoke(main, ["ingest", str(DEMO_DIR), "--db", str(demo_db), "--json"])
    summary = json.loads(result.output.strip().splitlines()[-1])["summary"]
    assert summary["stored"] == 0 and summary["near_duplicates"] == 0
    assert summary["skipped"] == 24
    assert result.exit_code == 1  # the malformed file still fails, and says so
    assert "broken.jsonl" in result.output
