"""JSONL, JSON and CSV exports: one document per record, fields chosen by name."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest.common import ReadOptions, decode_text, finish, metadata_date
from newsgraph.ingest.document import Document

Result = Document | InputError


def record_to_document(record: dict[str, Any], source: str, options: ReadOptions) -> Document:
    keys = list(record)
    text_key = options.field_for("text", keys)
    if text_key is None:
        looked = options.text_field or "text, body, content, …"
        raise InputError(source, f"no text field (looked for {looked}; "
                         f"record has {keys[:8]}); name it with --text-field", code="NG106")
    text = record.get(text_key)
    if not isinstance(text, str):
        raise InputError(source, f"field {text_key!r} is not a string", code="NG106")

    def get(kind: str) -> str | None:
        key = options.field_for(kind, keys)
        value = record.get(key) if key else None
        if value is None or isinstance(value, (dict, list)):
            return None
        return str(value)

    published_raw = record.get(options.field_for("published", keys) or "")
    doc = Document(text=text, source=source, title=get("title"), url=get("url"),
                   outlet=options.outlet or get("outlet"),
                   published=metadata_date(published_raw),
                   language=record.get("language") if isinstance(record.get("language"), str) else None)
    return finish(doc)


def _one(record: Any, source: str, options: ReadOptions) -> Result:
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, found {type(record).__name__}",
                          code="NG104")
    try:
        return record_to_document(record, source, options)
    except InputError as exc:
        return exc


def read_jsonl(data: bytes, source: str, options: ReadOptions | None = None) -> Iterator[Result]:
    """One document per line; a bad line is reported and the rest are read."""
    options = options or ReadOptions()
    try:
        text = decode_text(data, source)
    except InputError as exc:
        yield exc
        return
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array of records
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield InputError(source, f"malformed JSON: {exc.msg} at line {exc.lineno}", code="NG104")
            return
        for i, record in enumerate(records, start=1):
            yield _one(record, f"{source}#{i}", options)
        return
    if stripped.startswith("{") and "\n" in stripped.rstrip() and _parses(stripped):
        yield _one(json.loads(stripped), source, options)  # one pretty-printed object
        return
    parsed: list[Result] = []
    bad: list[InputError] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(InputError(f"{source}:{n}", f"malformed JSON line: {exc.msg}", code="NG104"))
            continue
        parsed.append(_one(record, f"{source}:{n}", options))
    if bad and not parsed:
        # nothing in the file is a JSON line: one error for the file, not one per line
        yield InputError(source, f"malformed JSON: no line is a JSON record "
                         f"(line {bad[0].source.rsplit(':', 1)[1]}: {bad[0].reason})", code="NG104")
        return
    yield from parsed
    yield from bad


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def read_csv(data: bytes, source: str, options: ReadOptions | None = None) -> Iterator[Result]:
    """One document per row (header row required; comma, tab or semicolon separated)."""
    options = options or ReadOptions()
    try:
        text = decode_text(data, source)
    except InputError as exc:
        yield exc
        return
    csv.field_size_limit(10_000_000)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if source.endswith(".tsv") else csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        yield InputError(source, "CSV has no header row", code="NG104")
        return
    if options.field_for("text", list(reader.fieldnames)) is None:
        # a missing column is one fault of the file, not one per row
        looked = options.text_field or "text, body, content, …"
        yield InputError(source, f"no text column (looked for {looked}; header has "
                         f"{list(reader.fieldnames)[:8]}); name it with --text-field",
                         code="NG106")
        return
    try:
        for n, row in enumerate(reader, start=1):
            if None in row:  # more cells than header names
                yield InputError(f"{source}:{n}", "row has more cells than the header", code="NG104")
                continue
            yield _one(dict(row), f"{source}:{n}", options)
    except csv.Error as exc:
        yield InputError(source, f"malformed CSV: {exc}", code="NG104")
