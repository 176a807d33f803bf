"""The parse pass with the compiled attribute ruler and lemmatizer beside the model's own.

Both ways parse the same sentences (every sentence of the texts, each as its own Doc, as
`nlp.parse` does), each in its own fresh process (the lemmatizer's cache would otherwise carry
over), after one warm-up sentence. Reported: CPU seconds (`time.process_time`) of the first
pass over the corpus (caches cold) and of a second pass (caches warm, as in a long ingest),
and the tokens whose POS, MORPH, LEMMA, TAG, DEP or head differ between the two ways.
Texts come from ../shared/bench (or $NEWSGRAPH_BENCH_DIR), read by path.

    python -m newsgraph.evaluation.parse_speed [--bbc N] [--reuters N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from newsgraph.evaluation import shared_dir
from newsgraph.pipeline import nlp
from newsgraph.pipeline.normalise import normalise_text

BENCH_ENV = "NEWSGRAPH_BENCH_DIR"
BBC_FILE = "bbc_2004_2005.jsonl"
REUTERS_FILE = "reuters21578.jsonl"


def jsonl_texts(path: Path, limit: int) -> list[str]:
    """The `text` field of the first `limit` records of a JSON-lines file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in islice(lines, limit)]


def bench_texts(corpus: str, limit: int) -> list[str]:
    """Texts of the first `limit` records of a bench corpus ("bbc" or "reuters")."""
    name = {"bbc": BBC_FILE, "reuters": REUTERS_FILE}[corpus]
    return jsonl_texts(shared_dir("bench", BENCH_ENV) / name, limit)


def sentences(texts: Iterable[str]) -> list[Span]:
    """Every sentence of the texts after the first pass, as the pipeline would see them."""
    return [sent for doc in nlp.first_pass(normalise_text(t) for t in texts) for sent in doc.sents]


def token_differences(expected: Sequence[Doc], got: Sequence[Doc], limit: int = 20) -> list[str]:
    """Up to `limit` tokens whose annotations differ, as readable lines (empty when equal)."""
    found = []
    for n, (a, b) in enumerate(zip(expected, got, strict=True)):
        for ta, tb in zip(a, b, strict=True):
            want = (ta.pos_, str(ta.morph), ta.lemma_, ta.tag_, ta.dep_, ta.head.i)
            have = (tb.pos_, str(tb.morph), tb.lemma_, tb.tag_, tb.dep_, tb.head.i)
            if want != have:
                found.append(f"sentence {n} token {ta.i} {ta.text!r}: {want} != {have}")
                if len(found) >= limit:
                    return found
    return found


def cpu_seconds(sents: list[Span], fast: bool) -> float:
    """CPU seconds of one uncached parse pass over the sentences."""
    start = time.process_time()
    nlp.parse_uncached(sents, fast=fast)
    return time.process_time() - start


def one_process(corpus: str, limit: int, fast: bool) -> dict[str, float]:
    """In this process: the first parse pass over the corpus (cold caches) and a second one."""
    sents = sentences(bench_texts(corpus, limit))
    nlp.parse_uncached(sentences(["The model warms up on this sentence."]), fast=fast)
    return {"first_s": round(cpu_seconds(sents, fast), 3), "again_s": round(cpu_seconds(sents, fast), 3)}


def compare(corpus: str, limit: int) -> dict[str, Any]:
    """Both ways, each in a fresh process (the lemmatizer's own cache must not carry over)."""
    row: dict[str, Any] = {"corpus": corpus, "articles": limit}
    for label, fast in (("model_pipes", False), ("compiled", True)):
        out = subprocess.run([sys.executable, "-m", "newsgraph.evaluation.parse_speed",
                              "--one", "compiled" if fast else "model",
                              "--bbc", str(limit * (corpus == "bbc")),
                              "--reuters", str(limit * (corpus == "reuters"))],
                             check=True, capture_output=True, text=True).stdout
        for key, value in json.loads(out.splitlines()[-1]).items():
            row[f"{label}_{key}"] = value
    for key in ("first_s", "again_s"):
        row[f"speedup_{key[:-2]}"] = round(row[f"model_pipes_{key}"] / row[f"compiled_{key}"], 3)
    return row


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--bbc", type=int, default=150, help="first N BBC articles")
    parser.add_argument("--reuters", type=int, default=0, help="first N Reuters items")
    parser.add_argument("--one", choices=("model", "compiled"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for corpus, limit in (("bbc", args.bbc), ("reuters", args.reuters)):
        if not limit:
            continue
        if args.one:
            print(json.dumps(one_process(corpus, limit, args.one == "compiled")))
            return
        row = compare(corpus, limit)
        sents = sentences(bench_texts(corpus, limit))
        diffs = token_differences(nlp.parse_uncached(sents, fast=False),
                                  nlp.parse_uncached(sents, fast=True))
        row.update(sentences=len(sents), tokens=sum(len(s) for s in sents), differing_tokens=len(diffs))
        print(json.dumps(row))
        for line in diffs:
            print("  " + line)


if __name__ == "__main__":
    main()
