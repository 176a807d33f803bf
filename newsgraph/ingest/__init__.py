"""Readers: files, folders and stdin to documents, with errors that name the input.

Every reader yields `Document`s or `InputError`s; an error never stops the batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.ingest.common import MAX_BYTES, ReadOptions
from newsgraph.ingest.document import Document
from newsgraph.ingest.feeds import read_feed
from newsgraph.ingest.html import read_html
from newsgraph.ingest.tabular import read_csv, read_jsonl
from newsgraph.ingest.text import read_text

__all__ = ["Document", "InputError", "ReadOptions", "read_bytes", "read_paths", "sniff"]

Result = Document | InputError

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".feed": "feed",
}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: feed, html, jsonl or text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf")):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
            return "feed"
        return "html" if b"<html" in head else "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return "html"
    if head.startswith((b"{", b"[")):
        return "jsonl"
    return "text"


def read_bytes(data: bytes, source: str, kind: str | None = None,
               options: ReadOptions | None = None) -> Iterator[Result]:
    """Documents from the bytes of one input of the given kind (sniffed when None)."""
    options = options or ReadOptions()
    if not data.strip():
        yield InputError(source, "empty file", code="NG101")
        return
    kind = kind or sniff(data)
    try:
        if kind == "text":
            yield read_text(data, source, options)
        elif kind == "html":
            yield read_html(data, source, options)
        elif kind == "jsonl":
            yield from read_jsonl(data, source, options)
        elif kind == "csv":
            yield from read_csv(data, source, options)
        elif kind == "feed":
            yield from read_feed(data, source, options)
        else:
            yield InputError(source, f"unknown input kind {kind!r}", code="NG100")
    except InputError as exc:
        yield exc
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError) as exc:
        yield InputError(source, f"could not be read ({type(exc).__name__}: {exc})", code="NG100")


def _files(path: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name in SKIP_NAMES:
                continue
            yield Path(root) / name


def read_file(path: Path, kind: str | None = None,
              options: ReadOptions | None = None) -> Iterator[Result]:
    source = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            yield InputError(source, "file is larger than 50 MB", code="NG105")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc})", code="NG108")
        return
    yield from read_bytes(data, source, kind or EXTENSIONS.get(path.suffix.lower()), options)


def read_paths(paths: Iterable[str], kind: str | None = None,
               options: ReadOptions | None = None) -> Iterator[Result]:
    """Documents from files, folders (recursively) and "-" (stdin)."""
    for raw in paths:
        if raw == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", kind, options)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _files(path):
                yield from read_file(file, kind, options)
        elif path.exists():
            yield from read_file(path, kind, options)
        else:
            yield InputError(raw, "no such file or folder", code="NG108")
