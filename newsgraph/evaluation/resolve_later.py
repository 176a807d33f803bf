"""What a later ingest costs a store that is already large: resolution with the kept resolver
state against resolution from scratch, on real documents, in fresh processes.

1. A base store is built from the first `--reuters` Reuters items and `--bbc` BBC articles of
   the bench corpora (../shared/bench or $NEWSGRAPH_BENCH_DIR), or reused from `--workdir`
   when it was built before with the same sizes and code fingerprint.
2. Two copies of it. In one the kept state is dropped (as an upgrade of the name rules or a
   change in place would drop it), so that one must resolve the whole store again.
3. Each copy ingests the same `--later` new Reuters items in a fresh Python process; the
   resolution's wall time is taken from the ingest's report (extraction is not counted).
4. Both copies must end with the same canonical entities, member for member, id for id, and
   with the same stored name, type, country, sector and counts.

    python -m newsgraph.evaluation.resolve_later [--reuters 2800] [--bbc 0] [--later 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation.throughput import BBC_FILE, REUTERS_FILE, default_bench_dir
from newsgraph.resolve import state as resolve_state

MODULE = "newsgraph.evaluation.resolve_later"


def _lines(path: Path, start: int, count: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= start + count:
                break
            if n >= start and line.strip():
                out.append(line)
    return out


def _write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _ingest(db: Path, inputs: Sequence[Path]) -> dict[str, Any]:
    """Ingest in a fresh process; the resolution report as a dict."""
    done = subprocess.run([sys.executable, "-m", MODULE, "--child", str(db), *map(str, inputs)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-10:])
        raise NewsgraphError(f"ingest into {db} failed (exit {done.returncode}):\n{tail}", code="NG501")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _child(db: str, inputs: Sequence[str]) -> None:
    from newsgraph import Workspace
    from newsgraph.ingest.common import ReadOptions

    t0 = time.perf_counter()
    with Workspace(db) as ws:
        report = ws.ingest(list(inputs), workers=1, options=ReadOptions(date_field="published"))
    r = report.resolution
    print(json.dumps({"stored": report.count("stored"), "seconds": time.perf_counter() - t0,
                      "resolve_seconds": r.seconds if r else 0.0, "state": r.state if r else "",
                      "new": r.new if r else 0, "canonical_written": r.canonical if r else 0,
                      "notes": r.notes if r else []}))


def _partition(db: Path) -> dict[str, tuple[frozenset[tuple[str, str]], tuple[Any, ...]]]:
    """Each canonical entity's members and stored row (name, type, country, sector, counts)."""
    conn = sqlite3.connect(db)
    try:
        groups: dict[str, set[tuple[str, str]]] = {}
        for cid, doc, entity in conn.execute("SELECT canonical, doc_id, entity FROM entities"):
            groups.setdefault(cid or "", set()).add((doc, entity))
        rows = {r[0]: tuple(r) for r in conn.execute("SELECT * FROM canonical_entities")}
        return {k: (frozenset(v), rows.get(k, ())) for k, v in groups.items()}
    finally:
        conn.close()


def _counts(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM entities), "
                           "(SELECT COUNT(*) FROM canonical_entities), "
                           "(SELECT LENGTH(payload) FROM resolver_state)").fetchone()
        return {"documents": row[0], "document_entities": row[1], "canonical": row[2],
                "state_bytes": row[3] or 0}
    finally:
        conn.close()


def run(bench_dir: Path, workdir: Path, *, reuters: int, bbc: int, later: int) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{reuters} {bbc} {resolve_state.fingerprint()}".encode()).hexdigest()[:12]
    base = workdir / f"base-{key}.db"
    if not base.exists():
        inputs = [_write(workdir / "base-reuters.jsonl", _lines(bench_dir / REUTERS_FILE, 0, reuters))]
        if bbc:
            inputs.append(_write(workdir / "base-bbc.jsonl", _lines(bench_dir / BBC_FILE, 0, bbc)))
        building = workdir / f"building-{key}.db"
        for stale in workdir.glob(f"building-{key}.db*"):
            stale.unlink()
        built = _ingest(building, inputs)
        conn = sqlite3.connect(building)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        building.rename(base)
        base_seconds: float | None = built["seconds"]
    else:
        base_seconds = None
    more = _write(workdir / "later.jsonl", _lines(bench_dir / REUTERS_FILE, reuters, later))
    out: dict[str, Any] = {"base": _counts(base), "base_build_seconds": base_seconds, "later": later,
                           "runs": {}}
    for name, drop in (("kept state", False), ("from scratch", True)):
        db = workdir / f"{name.replace(' ', '-')}.db"
        for stale in workdir.glob(f"{db.name}*"):
            stale.unlink()
        shutil.copy(base, db)
        if drop:
            conn = sqlite3.connect(db)
            conn.execute("DELETE FROM resolver_state")
            conn.commit()
            conn.close()
        out["runs"][name] = _ingest(db, [more])
        out["runs"][name]["partition"] = _partition(db)
    parts = [r.pop("partition") for r in out["runs"].values()]
    out["same_entities_and_ids"] = parts[0] == parts[1]
    return out


def render(result: dict[str, Any]) -> str:
    b = result["base"]
    lines = [f"store: {b['documents']:,} documents, {b['document_entities']:,} document entities, "
             f"{b['canonical']:,} canonical entities; kept resolver state {b['state_bytes'] / 1e6:.1f} MB",
             f"then {result['later']} more Reuters items, ingested in a fresh process with 1 worker:", "",
             f"{'resolution':<14}{'state':>10}{'resolve s':>11}{'ingest s':>10}{'new':>6}{'written':>9}"]
    for name, r in result["runs"].items():
        lines.append(f"{name:<14}{r['state']:>10}{r['resolve_seconds']:>11.2f}{r['seconds']:>10.2f}"
                     f"{r['new']:>6}{r['canonical_written']:>9}")
    runs = result["runs"]
    kept, scratch = runs["kept state"]["resolve_seconds"], runs["from scratch"]["resolve_seconds"]
    same = result["same_entities_and_ids"]
    lines += ["", f"resolution {scratch / kept:.1f}× faster with the kept state; "
              + ("the same canonical entities, ids and descriptions either way" if same
                 else "DIFFERENT canonical entities: a defect")]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2:])
        return 0
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=Path("bench-results/resolve-later"),
                        help="where the base store is built and kept (default bench-results/resolve-later)")
    parser.add_argument("--reuters", type=int, default=2800, help="Reuters items in the base store")
    parser.add_argument("--bbc", type=int, default=0, help="BBC articles in the base store")
    parser.add_argument("--later", type=int, default=5, help="Reuters items ingested later")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    bench_dir = args.bench_dir or default_bench_dir()
    result = run(bench_dir, args.workdir, reuters=args.reuters, bbc=args.bbc, later=args.later)
    print(json.dumps(result) if args.json else render(result))
    return 0 if result["same_entities_and_ids"] else 1


if __name__ == "__main__":
    sys.exit(main())
