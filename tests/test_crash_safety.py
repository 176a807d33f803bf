"""Killing `newsgraph ingest` at any moment loses nothing it reported and leaves no
half-written document; starting it again finishes the job without duplicates.

A real process is started again and again on ~150 small reports written here and killed
with SIGKILL at varied moments: before any output, after k reported items, and a short
random while after a report (when the next batch is being extracted or committed).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from newsgraph.ingest import Document, read_paths

pytestmark = pytest.mark.slow

N_DOCS = 300  # enough that 15 kill rounds cannot finish the job on an idle machine
SEED = int(os.environ.get("NEWSGRAPH_CRASH_SEED", "20240815"))
REPORTED = {"stored", "near-duplicate", "duplicate"}

PEOPLE = ["Esmail Qaani", "Mohammed Shia al-Sudani", "Masoud Barzani", "Nechirvan Barzani",
          "Hadi al-Amiri", "Qais al-Khazali", "Fuad Hussein", "Abbas Araghchi", "Jeanine Hennis",
          "Mustafa al-Kadhimi", "Muqtada al-Sadr", "Falih al-Fayyadh", "Hakan Fidan",
          "Masrour Barzani", "Bafel Talabani", "Ali Larijani"]
PLACES = ["Baghdad", "Erbil", "Sulaymaniyah", "Basra", "Mosul", "Kirkuk", "Najaf", "Karbala",
          "Tehran", "Ankara", "Damascus", "Amman", "Koya", "Duhok", "Anbar", "Diyala"]
GROUPS = ["the Quds Force", "the Popular Mobilisation Forces", "Kataib Hezbollah",
          "the Kurdistan Democratic Party", "the Patriotic Union of Kurdistan",
          "the Coordination Framework", "the United Nations mission", "the Iraqi parliament",
          "Asaib Ahl al-Haq", "the Badr Organisation", "the Sadrist movement"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TOPICS = ["water shares", "the federal budget", "oil exports", "border security",
          "the release of detainees", "electricity imports", "the withdrawal of troops",
          "salaries of public employees", "reconstruction contracts", "drone strikes"]
SENTENCES = [
    "{p1} arrived in {c1} on {day} for talks with {g1} about {topic}.",
    "According to two officials who spoke on condition of anonymity, {p2} told {g2} that "
    "report number {n} would be delayed until {month}.",
    "{g1} said {n2} people had been detained near {c2} since {day}.",
    "In a statement, {p2} warned that {g2} would respond if attacks on {c1} continued.",
    "The meeting in {c2} lasted {hours} hours and ended without an agreement on {topic}, "
    "a source in {g1} said.",
    "Local media in {c1} reported that {n2} rockets struck a base on {day} night.",
    "{p1} and {p2} discussed {topic} by telephone on {month} {date}, the ministry said.",
    "Protesters gathered outside the offices of {g2} in {c2}, demanding {topic}.",
    "Analysts in {c1} said the dispute over {topic} had lasted {n} days.",
    "{g1} denied that it had sent fighters to {c2}, calling the claim baseless.",
]


def _corpus(folder: Path) -> list[Path]:
    """N_DOCS short reports, each a different mix of sentences, names and numbers."""
    rng = random.Random(SEED)
    folder.mkdir()
    paths = []
    for i in range(N_DOCS):
        slots = {
            "p1": rng.choice(PEOPLE), "p2": rng.choice(PEOPLE), "g1": rng.choice(GROUPS),
            "g2": rng.choice(GROUPS), "c1": rng.choice(PLACES), "c2": rng.choice(PLACES),
            "day": rng.choice(DAYS), "month": rng.choice(MONTHS), "date": rng.randint(1, 28),
            "topic": rng.choice(TOPICS), "n": 1000 + i, "n2": rng.randint(2, 900),
            "hours": rng.randint(2, 9),
        }
        sentences = [s.format(**slots) for s in rng.sample(SENTENCES, rng.randint(3, 5))]
        text = f"Dispatch {i + 1} of {N_DOCS}. " + " ".join(sentences[:2])
        text += "\n\n" + " ".join(sentences[2:])
        path = folder / f"report-{i:03d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# --- one run of the real CLI -----------------------------------------------------

def _command() -> list[str]:
    script = Path(sys.executable).with_name("newsgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from newsgraph.cli import main; main()"]


@dataclass
class Run:
    """One `newsgraph ingest` process and the lines it printed."""

    proc: subprocess.Popen[bytes]
    lines: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    ended: bool = False

    def read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            with self.changed:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_for_lines(self, n: int, timeout: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: len(self.lines) >= n or self.ended, timeout)

    def wait_for_write(self, db: Path, timeout: float) -> None:
        """Return as soon as the process writes to the database's WAL (inside a commit)."""
        wal = db.with_name(db.name + "-wal")

        def state() -> tuple[int, int] | None:
            try:
                st = wal.stat()
            except FileNotFoundError:
                return None
            return st.st_size, st.st_mtime_ns

        before = state()
        deadline = time.monotonic() + timeout
        while state() == before and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0002)

    def items(self) -> list[dict[str, Any]]:
        """The complete JSON lines printed (a line cut by the kill is not a report)."""
        out = []
        for line in self.lines:
            if not line.endswith("\n"):
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return out


@contextmanager
def ingest_process(corpus: Path, db: Path, log: Path) -> Iterator[Run]:
    """Start `newsgraph ingest`; whatever happens in the test, the process is gone after."""
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [*_command(), "ingest", str(corpus), "--db", str(db), "--json",
             "--batch-size", "8", "--workers", "1"],
            stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
    run = Run(proc)
    reader = threading.Thread(target=run.read, daemon=True)
    reader.start()
    try:
        yield run
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)  # the lines already in the pipe were printed before death
        assert proc.stdout is not None
        proc.stdout.close()


# --- what must hold after every kill -------------------------------------------

def check_store(db: Path, reported: dict[str, str]) -> int:
    """Assert the database is whole; returns how many documents it holds."""
    if not db.exists():
        assert not reported, "items were reported but no database exists"
        return 0
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:  # killed before the first migration committed
            assert not reported
            return 0
        # the external-content FTS index agrees with the documents table
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")

        ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
        missing = {src: doc for src, doc in reported.items() if doc not in ids}
        assert not missing, f"reported as stored but not in the database: {missing}"

        rows = conn.execute("SELECT id, docno, source, record FROM documents").fetchall()
        for row in rows:
            record = json.loads(row["record"])
            doc_id = row["id"]

            def count(table: str, doc_id: str = doc_id) -> int:
                return int(conn.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id = ?",
                                        (doc_id,)).fetchone()[0])

            entities = record.get("entities", [])
            assert count("entities") == len(entities), doc_id
            assert count("mentions") == sum(len(e["mentions"]) for e in entities), doc_id
            assert count("dates") == len(record.get("dates", [])), doc_id
            assert count("places") == len(record.get("places", [])), doc_id
            assert count("events") == len(record.get("events", [])), doc_id
            assert count("minhash_signatures") == 1, doc_id
            assert conn.execute("SELECT 1 FROM documents_fts WHERE rowid = ?",
                                (row["docno"],)).fetchone(), doc_id
            # the progress marker was committed with the document
            log = conn.execute("SELECT doc_id, status FROM ingest_log WHERE source = ?",
                               (row["source"],)).fetchone()
            assert log is not None and log["doc_id"] == doc_id, row["source"]
        for log in conn.execute("SELECT source, doc_id FROM ingest_log WHERE status != 'error'"):
            assert log["doc_id"] in ids, f"{log['source']} logged as done without its document"
        return len(rows)


# --- the test ---------------------------------------------------------------------

def test_killed_ingest_loses_nothing_and_resumes_without_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    files = _corpus(corpus)
    expected = {doc.id for doc in read_paths([str(corpus)]) if isinstance(doc, Document)}
    assert len(expected) == len(files) == N_DOCS, "the corpus must hold distinct documents"
    db = tmp_path / "crash.db"
    log = tmp_path / "stderr.log"
    rng = random.Random(SEED)

    # when to kill: ("delay", s) after start; ("lines", k) once k items are reported;
    # ("lines+delay", k, s) a little after the k-th report, inside the next batch;
    # ("write", k) after the k-th report, the moment the next batch starts writing
    # (a batch is extracted for ~100 ms and written in ~5 ms: random kills rarely land there)
    plans: list[tuple[Any, ...]] = [
        ("delay", 0.0), ("delay", rng.uniform(0.05, 0.6)), ("lines", 1), ("write", 1),
        ("lines", 3), ("delay", rng.uniform(1.0, 2.5)), ("lines+delay", 8, rng.uniform(0, 0.1)),
        ("write", 8), ("lines", 9), ("lines", 13), ("lines+delay", 1, rng.uniform(0, 0.2)),
        ("write", 5), ("lines", 16), ("delay", rng.uniform(1.5, 3.0)), ("write", 16),
    ]
    reported: dict[str, str] = {}
    history = []
    for plan in plans:
        with ingest_process(corpus, db, log) as run:
            if plan[0] == "delay":
                time.sleep(plan[1])
            else:
                run.wait_for_lines(plan[1], timeout=60)
                if plan[0] == "lines+delay":
                    time.sleep(plan[2])
                elif plan[0] == "write":
                    run.wait_for_write(db, timeout=30)
        items = run.items()
        for item in items:
            if "summary" not in item and item["status"] in REPORTED:
                reported[item["source"]] = item["doc_id"]
        stored_now = check_store(db, reported)
        history.append((plan, len(items), stored_now))
    assert reported, f"no run got as far as reporting an item: {history}"
    assert len(reported) < N_DOCS, f"the kills came too late to interrupt anything: {history}"

    # start again and let it finish: everything is there, once
    with ingest_process(corpus, db, log) as run:
        assert run.proc.wait(timeout=300) == 0, log.read_text(errors="replace")[-3000:]
    items = run.items()
    summary = items[-1]["summary"]
    assert summary["failed"] == 0
    assert summary["skipped"] + summary["stored"] + summary["near_duplicates"] \
        + summary["duplicates"] == N_DOCS, summary
    assert check_store(db, reported) == N_DOCS
    with closing(sqlite3.connect(db)) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
        sources = [r[0] for r in conn.execute("SELECT source FROM documents")]
        done = conn.execute(
            "SELECT COUNT(*) FROM ingest_log WHERE status != 'error'").fetchone()[0]
    assert ids == expected
    assert sorted(sources) == sorted(str(f) for f in files)
    assert done == N_DOCS

    # and once more: nothing new
    with ingest_process(corpus, db, log) as run:
        assert run.proc.wait(timeout=120) == 0
    again = run.items()
    assert again[-1]["summary"]["stored"] == 0
    assert again[-1]["summary"]["skipped"] == N_DOCS
    assert len(again) == 1, "a re-run reports no items"
    assert check_store(db, reported) == N_DOCS
