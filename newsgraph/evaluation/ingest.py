"""Getting the article out of the page: publication dates and article bodies.

`htmldate`: newsgraph's HTML reader against htmldate's MediaCloud 2020 gold, with
plain htmldate run beside it. `scrapinghub`: article-body extraction scored the way the
Scrapinghub article-extraction benchmark scores it, with a shipped baseline output
re-scored in the same run to show the metric reproduces the published figure.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura
from htmldate import find_date

from newsgraph.errors import InputError
from newsgraph.ingest.document import Document
from newsgraph.ingest.html import read_html

HTMLDATE_ANCHOR = 0.913
HTMLDATE_TARGET = 0.92
SCRAPINGHUB_ANCHOR = 0.958
SCRAPINGHUB_TARGET = 0.958
_TOKEN = re.compile(r"\w+")

TpFpFn = tuple[float, float, float]


def load_page(path: Path) -> bytes:
    """The bytes of a stored page: `path` itself or `path.gz`, gunzipped when gzipped."""
    if not path.exists() and Path(f"{path}.gz").exists():
        path = Path(f"{path}.gz")
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


@dataclass
class Reading:
    """What newsgraph's HTML reader made of a page: a document, or why it refused."""

    doc: Document | None
    rejected: str | None = None
    unexpected: bool = False


def read_page(data: bytes, source: str, url: str | None) -> Reading:
    """Run `read_html`; a refusal or a crash becomes a Reading without a document."""
    try:
        return Reading(read_html(data, source, url=url))
    except InputError as exc:
        return Reading(None, f"[{exc.code}] {exc.reason}")
    except Exception as exc:  # the run must survive a reader bug; it is counted and reported
        return Reading(None, f"{type(exc).__name__}: {exc}", unexpected=True)


@dataclass
class Rejections:
    """Pages the reader refused, with how many of those were unexpected exceptions."""

    count: int = 0
    unexpected: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, source: str, reading: Reading) -> None:
        self.count += 1
        self.unexpected += reading.unexpected
        if len(self.examples) < 3:
            self.examples.append(f"{source}: {reading.rejected}")

    def describe(self) -> str:
        if not self.count:
            return "no page rejected"
        return (f"{self.count} page(s) rejected ({self.unexpected} by an unexpected exception), "
                f"e.g. {'; '.join(self.examples)}")


def _row(metric: str, ours: float, anchor: float | None, target: float | None,
         n: int) -> dict[str, Any]:
    return {"metric": metric, "ours": round(ours, 4), "anchor": anchor, "target": target, "n": n}


# --- htmldate / MediaCloud 2020 -------------------------------------------------------------

def htmldate_gold(folder: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(url, file, gold ISO date) for the entries that have a gold date, in file order."""
    raw = json.loads((folder / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    cases = [(url, entry["file"], entry["date"]) for url, entry in raw.items()
             if isinstance(entry.get("date"), str) and entry["date"].strip()]
    return cases[:limit]


def _plain_htmldate(data: bytes) -> str | None:
    try:
        return find_date(data, extensive_search=True, original_date=True)
    except Exception:  # counted as a miss, as htmldate's own evaluation does
        return None


def evaluate_htmldate(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Publication-date accuracy on htmldate's MediaCloud 2020 set (entries with a gold date).

    Rows: newsgraph's `read_html` (given the page url) `published` equal to the gold ISO
    day; the same for plain `htmldate.find_date(extensive_search=True, original_date=True)`
    without url, as htmldate's own evaluation calls it, run on the same pages; and the share
    of pages the reader rejected (each counts as wrong).
    """
    folder = eval_dir / "ingest" / "htmldate_mediacloud"
    cases = htmldate_gold(folder, limit)
    ours = plain = 0
    rejections = Rejections()
    for url, name, gold in cases:
        data = load_page(folder / "html" / name)
        reading = read_page(data, name, url)
        if reading.doc is None:
            rejections.add(name, reading)
        elif (reading.doc.published or "")[:10] == gold:
            ours += 1
        plain += _plain_htmldate(data) == gold
    n = len(cases)
    return {
        "name": "htmldate",
        "description": "Publication date of MediaCloud 2020 news pages (htmldate's gold; "
                       "entries without a gold date skipped); exact ISO day. "
                       + rejections.describe() + ".",
        "rows": [
            _row("newsgraph read_html published accuracy", _ratio(ours, n),
                 HTMLDATE_ANCHOR, HTMLDATE_TARGET, n),
            _row("htmldate find_date extensive (this run)", _ratio(plain, n),
                 HTMLDATE_ANCHOR, None, n),
            _row("pages rejected by read_html", _ratio(rejections.count, n), None, 0.0, n),
        ],
    }


# --- Scrapinghub article-extraction benchmark ----------------------------------------------

def tokens(text: str | None) -> list[str]:
    """Word tokens (runs of \\w, case kept), the benchmark's tokenisation."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text of fewer than n tokens is one shorter shingle."""
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def shingle_match(true: str | None, pred: str | None, n: int = 4) -> TpFpFn:
    """(tp, fp, fn) over shingle multisets, divided by their sum so every document weighs
    the same; (0, 0, 0) when neither text has a shingle."""
    gold, ours = shingles(true, n), shingles(pred, n)
    tp = sum((gold & ours).values())
    fp = sum((ours - gold).values())
    fn = sum((gold - ours).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_of(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall_of(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


@dataclass
class Prf:
    """Mean per-document precision and recall, and the F1 of those two means."""

    precision: float
    recall: float
    f1: float


def aggregate(counts: Iterable[TpFpFn]) -> Prf:
    """The benchmark's aggregate: precision averaged over documents with a prediction
    (tp + fp > 0), recall over documents with gold text (tp + fn > 0), F1 of the means."""
    items = list(counts)
    precisions = [precision_of(*c) for c in items if c[0] + c[1] > 0]
    recalls = [recall_of(*c) for c in items if c[0] + c[2] > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return Prf(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def score_bodies(gold: dict[str, str], predicted: dict[str, str | None]) -> Prf:
    """Benchmark score of predicted bodies against gold bodies (a missing one is empty)."""
    return aggregate(shingle_match(gold[key], predicted.get(key)) for key in gold)


def scrapinghub_gold(folder: Path, limit: int | None) -> dict[str, dict[str, Any]]:
    """Ground truth by page id (sorted), the first `limit` of them."""
    raw = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: raw[key] for key in sorted(raw)[:limit]}


def baseline_outputs(folder: Path, pattern: str = "trafilatura*.json") -> Iterator[
        tuple[str, dict[str, str | None]]]:
    """(label, body by id) for each shipped baseline output matching `pattern`."""
    for path in sorted((folder / "baseline_outputs").glob(pattern)):
        raw = json.loads(path.read_text(encoding="utf-8"))
        version = raw.get("version")
        label = f"{path.stem} {version}" if version else path.stem
        output = raw.get("output", raw)
        yield label, {key: (value or {}).get("articleBody") for key, value in output.items()}


def _plain_trafilatura(data: bytes) -> str | None:
    try:
        return trafilatura.extract(data.decode("utf-8", errors="replace"),
                                   include_comments=False)
    except Exception:  # an extractor crash is an empty prediction
        return None


def evaluate_scrapinghub(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Article-body F1 on the Scrapinghub benchmark (181 pages), scored as its evaluate.py does.

    Per page, tokens are runs of \\w; tp/fp/fn are counted over 4-token shingle multisets
    and normalised by their sum; precision and recall are averaged over pages and F1 is
    taken of the two averages. Ours is the `text` of the Document `read_html` returns (a
    rejected page is an empty prediction). Beside it, in the same run and on the same
    pages: each shipped `baseline_outputs/trafilatura*.json` (reproduces the anchor) and
    the installed trafilatura's `extract(include_comments=False)`, as the benchmark ran it.
    """
    folder = eval_dir / "ingest" / "scrapinghub_aeb"
    gold_raw = scrapinghub_gold(folder, limit)
    gold = {key: value.get("articleBody") or "" for key, value in gold_raw.items()}
    ours: dict[str, str | None] = {}
    plain: dict[str, str | None] = {}
    rejections = Rejections()
    for key, entry in gold_raw.items():
        data = load_page(folder / "html" / f"{key}.html.gz")
        reading = read_page(data, key, entry.get("url"))
        if reading.doc is None:
            rejections.add(key, reading)
        ours[key] = reading.doc.text if reading.doc else None
        plain[key] = _plain_trafilatura(data)
    n = len(gold)
    mine = score_bodies(gold, ours)
    rows = [
        _row("newsgraph read_html F1", mine.f1, SCRAPINGHUB_ANCHOR, SCRAPINGHUB_TARGET, n),
        _row("newsgraph read_html precision", mine.precision, None, None, n),
        _row("newsgraph read_html recall", mine.recall, None, None, n),
    ]
    for label, bodies in baseline_outputs(folder):
        rows.append(_row(f"{label} (baseline_outputs) F1", score_bodies(gold, bodies).f1,
                         SCRAPINGHUB_ANCHOR, None, n))
    rows.append(_row(f"trafilatura {trafilatura.__version__} extract() (this run) F1",
                     score_bodies(gold, plain).f1, SCRAPINGHUB_ANCHOR, None, n))
    return {
        "name": "scrapinghub",
        "description": "Article body of 181 news/blog pages (Scrapinghub AEB): per-page "
                       "precision/recall over 4-token shingles (\\w+ tokens), averaged over "
                       "pages, F1 of the averages, as the benchmark's evaluate.py. "
                       + rejections.describe() + ".",
        "rows": rows,
    }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0
