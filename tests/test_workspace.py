"""The Python API: Workspace.ingest and extract, metadata precedence, stdin."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import newsgraph
from newsgraph import Workspace
from newsgraph.cli import main

REPORT = ("Iraqi officials said on Tuesday, 15 August, that Esmail Qaani met Prime Minister "
          "Mohammed Shia al-Sudani in Baghdad. The cabinet was formed in October 2022.")

OTHER = ("The Kurdistan Regional Government in Erbil said on Tuesday, 15 August, that it had "
         "received no request to move opposition camps, a dispute running since October 2022.")


def test_extract_metadata_wins_over_text() -> None:
    record = newsgraph.extract(REPORT, published="2023-08-16", outlet="Test Wire")
    assert record["published"] == "2023-08-16" and record["published_basis"] == "metadata"
    assert record["outlet"] == "Test Wire"
    inferred = newsgraph.extract(REPORT)
    assert inferred["published"] == "2023-08-15" and inferred["published_basis"] == "inferred"


def test_jsonl_fields_and_defaults(tmp_path: Path) -> None:
    src = tmp_path / "export.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        {"headline": "Qaani in Baghdad", "body": REPORT, "link": "https://example.invalid/a",
         "date": "Wed, 16 Aug 2023 10:00:00 GMT", "publisher": "Wire A"},
        {"story": OTHER, "when": "2023-08-17"},
    ]), encoding="utf-8")
    with Workspace(tmp_path / "t.db") as ws:
        report = ws.ingest([str(src)], workers=1)
        assert report.summary()["stored"] == 2
        docs = {d["source"].rsplit(":", 1)[1]: d for d in ws.documents()}
    first, second = docs["1"], docs["2"]
    assert (first["title"], first["outlet"], first["published"], first["published_basis"]) == \
        ("Qaani in Baghdad", "Wire A", "2023-08-16", "metadata")
    # "when" is not a date field name newsgraph knows: the date comes from the text
    assert second["published"] == "2023-08-15" and second["published_basis"] == "inferred"
    with Workspace(tmp_path / "u.db") as ws:
        from newsgraph.ingest import ReadOptions

        ws.ingest([str(src)], workers=1, options=ReadOptions(date_field="when",
                                                            text_field="story"))
        docs = ws.documents()
    assert [d["published"] for d in docs] == ["2023-08-17"]


def test_ingest_from_stdin(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    result = CliRunner().invoke(main, ["ingest", "-", "--db", str(db), "--json"],
                                input=REPORT.encode())
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["source"] == "<stdin>" and lines[0]["status"] == "stored"
    with Workspace(db) as ws:
        record = ws.document(lines[0]["doc_id"])
    assert record is not None and record["text"] == REPORT


def test_same_content_is_stored_once_and_copies_are_linked(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    body = (REPORT + " ") * 3 + "The visit lasted two days, according to the sources."
    a.write_text(body, encoding="utf-8")
    b.write_text(body, encoding="utf-8")
    c.write_text("REPUBLISHED: " + body + "\n\nSource » examplewire", encoding="utf-8")
    with Workspace(tmp_path / "d.db") as ws:
        report = ws.ingest([str(tmp_path)], workers=1)
        summary = report.summary()
        docs = ws.documents()
    assert (summary["stored"], summary["duplicates"], summary["near_duplicates"]) == (1, 1, 1)
    original = next(d for d in docs if not d["duplicate_of"])
    copy = next(d for d in docs if d["duplicate_of"])
    assert copy["duplicate_of"] == original["id"] and copy["original_outlet"] == "examplewire"


def test_different_visits_are_not_duplicates(sample_2023: str, sample_2025: str,
                                             tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(sample_2023, encoding="utf-8")
    (tmp_path / "b.txt").write_text(sample_2025, encoding="utf-8")
    with Workspace(tmp_path / "s.db") as ws:
        assert ws.ingest([str(tmp_path)], workers=1).summary()["stored"] == 2
        qaani = ws.timeline("Qa'ani")
    assert {i["doc_id"] for i in qaani} and len({i["doc_id"] for i in qaani}) == 2
