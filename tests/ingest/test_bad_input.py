"""Bad inputs through `newsgraph ingest`: each failure is one FAILED line naming the input
and the reason, the run goes on with the rest, the exit status says whether anything
failed, and what the database held before is untouched.

The CLI runs in this process (click's CliRunner), so spaCy loads once per test session.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.workspace import Workspace

BASELINE = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani met the Turkish foreign minister in "
    "Baghdad on Monday to discuss water shares from the Tigris and Euphrates rivers.\n\n"
    "The two sides agreed to form a joint committee, the prime minister's office said."
)
COMPANION = (
    "Kurdish officials in Erbil said on Thursday that a drone struck a vehicle near Sidakan, "
    "killing two members of the Kurdistan Workers' Party.\n\n"
    "The regional security council blamed Turkey for the attack."
)
PARAGRAPHS = [
    "The Iraqi parliament voted on Saturday to approve the federal budget after months of delay.",
    "Iran's foreign minister arrived in Muscat on Sunday for talks with Omani officials.",
    "A rocket landed near the US embassy in Baghdad early on Wednesday, police said.",
    "Syrian Kurdish forces handed over 50 detainees to Iraqi authorities at the Rabia crossing.",
]
CAFE = "Le café du coin à Bagdad a été fermé mardi, selon le maire. Les habitants étaient déçus."


# --- the table of bad inputs ---------------------------------------------------

def _write(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return [str(path)]
    return build


def _jsonl(*lines: str | dict[str, Any]) -> bytes:
    return "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines).encode() + b"\n"


def _garbage() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(400))


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64 + bytes(range(256))


def _mixed_folder(root: Path) -> list[str]:
    folder = root / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_good.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_image.txt").write_bytes(_png())
    (folder / "d_lines.jsonl").write_bytes(_jsonl({"text": PARAGRAPHS[1]}, '{"text": "oops',
                                                  {"text": PARAGRAPHS[2]}))
    (folder / "e_notext.csv").write_text("title,date\nOne,2024-01-01\n", encoding="utf-8")
    (folder / "sub" / "f_good.md").write_text(PARAGRAPHS[3], encoding="utf-8")
    return [str(folder)]


def _missing(root: Path) -> list[str]:
    return [str(root / "no-such-report.txt")]


def _broken_link(root: Path) -> list[str]:
    link = root / "gone.txt"
    link.symlink_to(root / "deleted-target.txt")
    return [str(link)]


def _unreadable(root: Path) -> list[str]:
    path = root / "locked.txt"
    path.write_text(PARAGRAPHS[0], encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return [str(path)]
    path.chmod(0o644)
    pytest.skip("chmod 000 does not stop this user (root) from reading the file")


@dataclass
class Case:
    build: Callable[[Path], list[str]]
    failed: list[tuple[str, str]]   # (source relative to tmp_path, part of the reason)
    stored: int                      # documents stored from the bad input itself
    texts: list[str] = field(default_factory=list)  # must appear in a stored document


CASES: dict[str, Case | Any] = {
    "empty file": Case(_write("empty.txt", b""), [("empty.txt", "empty file")], 0),
    "whitespace only": Case(_write("blank.txt", b"  \n\t\r\n   \n"), [("blank.txt", "empty file")], 0),
    "png bytes named .txt": Case(_write("photo.txt", _png()),
                                 [("photo.txt", "binary content")], 0),
    "cp1252 text": Case(_write("latin.txt", CAFE.encode("cp1252")), [], 1, ["café", "à Bagdad"]),
    "cp1252 curly apostrophe": Case(
        _write("quote.txt", "The café near Baghdad’s main square closed.".encode("cp1252")),
        [], 1, ["café near Baghdad’s"]),
    "utf-16 with BOM": Case(_write("wide.txt", CAFE.encode("utf-16")), [], 1, ["café"]),
    "invalid utf-8 garbage": Case(_write("garbage.txt", _garbage()),
                                  [("garbage.txt", "not valid UTF-8")], 0),
    "truncated jsonl": Case(_write("cut.jsonl", b'{"title": "Budget", "text": "The parl'),
                            [("cut.jsonl", "malformed JSON")], 0),
    "jsonl cut in its last line": Case(
        _write("tail.jsonl", _jsonl({"text": PARAGRAPHS[0]}, {"text": PARAGRAPHS[1]})
               + b'{"text": "Half a rec'),
        [("tail.jsonl:3", "malformed JSON line")], 2),
    "jsonl with one bad line": Case(
        _write("lines.jsonl", _jsonl({"title": "Budget", "text": PARAGRAPHS[0]},
                                     '{"title": oops}',
                                     {"title": "Muscat", "text": PARAGRAPHS[1]})),
        [("lines.jsonl:2", "malformed JSON line")], 2, [PARAGRAPHS[0], PARAGRAPHS[1]]),
    "jsonl line without a text field": Case(
        _write("fields.jsonl", _jsonl({"text": PARAGRAPHS[2]}, {"headline": "No body here"})),
        [("fields.jsonl:2", "no text field")], 1),
    "csv without a text column": Case(
        _write("notext.csv", b"title,date\nBudget passed,2024-01-01\nTalks in Muscat,2024-01-02\n"),
        [("notext.csv", "no text column")], 0),
    "csv row with empty text": Case(
        _write("rows.csv", f'title,text\nBudget,"{PARAGRAPHS[0]}"\nNothing,""\n'.encode()),
        [("rows.csv:2", "no text")], 1),
    "html without article text": Case(
        _write("scripts.html", b"<html><head><title>Loading</title><script>var a = 1;</script>"
                               b"</head><body><script>document.write(a)</script></body></html>"),
        [("scripts.html", "no article text")], 0),
    "html with only navigation": (
        Case(_write("menu.html", b"<!doctype html><html><head><title>Menu</title></head><body>"
                                 b"<header><nav><ul><li><a href='/'>Home</a></li><li><a href="
                                 b"'/about'>About us</a></li></ul></nav></header></body></html>"),
             [("menu.html", "no article text")], 0)),
    "unreadable file": Case(_unreadable, [("locked.txt", "Permission denied")], 0),
    "nonexistent path": Case(_missing, [("no-such-report.txt", "no such file or folder")], 0),
    "broken symlink": Case(_broken_link, [("gone.txt", "no such file or folder")], 0),
    "folder with a mix": Case(_mixed_folder, [
        ("inbox/b_empty.txt", "empty file"),
        ("inbox/c_image.txt", "binary content"),
        ("inbox/d_lines.jsonl:2", "malformed JSON line"),
        ("inbox/e_notext.csv", "no text column"),
    ], 4, [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[3]]),
}


# --- helpers -------------------------------------------------------------------

# the canonical entity a document entity belongs to is the cross-document layer: new
# documents may rightly change it, so it is not part of what must stay untouched
_COLUMNS = {"entities": "doc_id, entity, name, name_key, type, country, sector, kb_id, mention_count, "
                        "stage, roles"}


def _snapshot(db: Path, doc_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row about one document."""
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(f"SELECT {_COLUMNS.get(table, '*')} FROM {table} WHERE {col} = ?",
                                           (doc_id,)).fetchall(), key=repr)
                for table, col in (("documents", "id"), ("entities", "doc_id"),
                                   ("mentions", "doc_id"), ("dates", "doc_id"),
                                   ("places", "doc_id"), ("events", "doc_id"),
                                   ("minhash_signatures", "doc_id"), ("ingest_log", "doc_id"))}
    finally:
        conn.close()


def _stored_texts(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT source, text FROM documents").fetchall())
    finally:
        conn.close()


@pytest.fixture
def db_with_baseline(tmp_path: Path) -> tuple[Path, str]:
    """A database that already holds one report (stored before the bad input arrives)."""
    db = tmp_path / "news.db"
    baseline = tmp_path / "stored-before" / "baseline.txt"
    baseline.parent.mkdir()
    baseline.write_text(BASELINE, encoding="utf-8")
    with Workspace(db) as ws:
        report = ws.ingest([str(baseline)], workers=1)
    assert report.summary()["stored"] == 1
    return db, report.entries[0].doc_id  # type: ignore[return-value]


def _failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("FAILED ")]


# --- the tests -----------------------------------------------------------------

@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_bad_input_is_reported_once_and_the_rest_goes_on(
        case: Case, tmp_path: Path, db_with_baseline: tuple[Path, str]) -> None:
    db, baseline_id = db_with_baseline
    before = _snapshot(db, baseline_id)
    inputs = case.build(tmp_path)
    companion = tmp_path / "zz-companion.txt"
    companion.write_text(COMPANION, encoding="utf-8")

    result = CliRunner().invoke(
        main, ["ingest", *inputs, str(companion), "--db", str(db), "--workers", "1"])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    failed = _failed_lines(result.stderr)
    assert len(failed) == len(case.failed), result.stderr
    for (source, reason) in case.failed:
        wanted = f"FAILED {tmp_path / source}: "
        lines = [line for line in failed if line.startswith(wanted)]
        assert len(lines) == 1, f"no single FAILED line for {source}:\n{result.stderr}"
        assert reason in lines[0], lines[0]
        assert re.search(r"\[NG\d{3}\] \S", lines[0]), "the reason carries an error code"
    assert result.exit_code == (1 if case.failed else 0), result.output

    summary = re.search(r"(\d+) stored, (\d+) near duplicates, (\d+) duplicates, (\d+) failed",
                        result.stdout)
    assert summary, result.stdout
    assert int(summary[4]) == len(case.failed)
    assert int(summary[1]) + int(summary[2]) == case.stored + 1  # + the companion

    texts = _stored_texts(db)
    assert texts.get(str(companion), "").startswith("Kurdish officials in Erbil"), \
        "the input after the bad one was not ingested"
    assert len(texts) == 1 + case.stored + 1  # baseline + from the input + companion
    for wanted_text in case.texts:
        assert any(wanted_text in t for t in texts.values()), f"{wanted_text!r} not stored"
    assert _snapshot(db, baseline_id) == before, "the document stored earlier was changed"


def test_unreadable_file_is_reported_even_as_root(
        tmp_path: Path, db_with_baseline: tuple[Path, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads a chmod 000 file, so simulate the refusal the way the OS reports it."""
    db, baseline_id = db_with_baseline
    before = _snapshot(db, baseline_id)
    locked = tmp_path / "locked.txt"
    locked.write_text(PARAGRAPHS[0], encoding="utf-8")
    companion = tmp_path / "companion.txt"
    companion.write_text(COMPANION, encoding="utf-8")
    real_read_bytes = pathlib.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, os.strerror(13), str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(
        main, ["ingest", str(locked), str(companion), "--db", str(db), "--workers", "1"])

    assert result.exit_code == 1, result.output
    assert _failed_lines(result.stderr) == [
        f"FAILED {locked}: [NG108] cannot be read (Permission denied)"]
    assert str(companion) in _stored_texts(db)
    assert _snapshot(db, baseline_id) == before


def test_rerun_reports_the_same_failures_and_stores_nothing_new(
        tmp_path: Path, db_with_baseline: tuple[Path, str]) -> None:
    db, baseline_id = db_with_baseline
    before = _snapshot(db, baseline_id)
    inputs = _mixed_folder(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", *inputs, "--db", str(db), "--workers", "1", "--json"])
    second = runner.invoke(main, ["ingest", *inputs, "--db", str(db), "--workers", "1", "--json"])

    def parse(output: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
        lines = [json.loads(line) for line in output.splitlines() if line.strip()]
        return lines[:-1], lines[-1]["summary"]

    items1, summary1 = parse(first.stdout)
    items2, summary2 = parse(second.stdout)
    assert first.exit_code == second.exit_code == 1
    assert summary1 == {"stored": 4, "near_duplicates": 0, "duplicates": 0, "failed": 4,
                        "skipped": 0}
    assert summary2 == {"stored": 0, "near_duplicates": 0, "duplicates": 0, "failed": 4,
                        "skipped": 4}
    errors1 = sorted((i["source"], i["reason"]) for i in items1 if i["status"] == "error")
    errors2 = sorted((i["source"], i["reason"]) for i in items2 if i["status"] == "error")
    assert errors1 == errors2 and len(errors1) == 4
    assert all(i["status"] == "error" for i in items2)
    assert len(_stored_texts(db)) == 1 + 4
    assert _snapshot(db, baseline_id) == before
