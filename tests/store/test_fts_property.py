"""User text never reaches FTS5 as syntax: every query is "these words", whatever it holds.

The store is built once for the module (spaCy loads once): three small reports, one of
them with "zebra" only in its title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgraph.store.search import fts_query
from newsgraph.workspace import Workspace

REPORTS = {
    "zebra.jsonl": {"title": "Zebra escapes from the Baghdad zoo",
                    "text": "Keepers in Baghdad said on Monday that an animal had left its "
                            "enclosure overnight and was found near the river."},
    "budget.jsonl": {"title": "Parliament approves budget",
                     "text": "The Iraqi parliament approved a multi-agent oversight plan and "
                             "the federal budget on Saturday, lawmakers said."},
    "title.jsonl": {"title": "A film festival in Erbil",
                    "text": "The winning film carried the title zebra crossing, and the jury "
                            "in Erbil praised its café scenes."},
}
# FTS5 syntax and the characters that break naive quoting
SYNTAX = ['"', "'", ":", "-", "*", "^", "(", ")", "+", "{", "}", "\x00", "\\", "AND", "OR",
          "NOT", "NEAR(", "NEAR/2", "title:", "text:", "documents_fts:", "{title text}:",
          "multi-agent", " ", "\t", "\n", "zebra", "Baghdad", "café", "é", "\u0301", "²",
          "\u200b", "\ufeff", "😀", "بغداد", "\ud800"]
QUOTED = re.compile(r'"(?:[^"]|"")*"')


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("fts")
    for name, fields in REPORTS.items():
        (folder / name).write_text(json.dumps(fields) + "\n", encoding="utf-8")
    ws = Workspace(folder / "fts.db")
    report = ws.ingest([str(folder)], workers=1)
    assert report.summary()["stored"] == 3, report.entries
    yield ws
    ws.close()


def _titles(ws: Workspace, query: str) -> set[str]:
    return {row["title"] for row in ws.search(query)}


queries = st.one_of(
    st.text(),
    st.lists(st.sampled_from(SYNTAX) | st.text(max_size=4), max_size=12).map("".join),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map(" ".join),
)


# --- fts_query ------------------------------------------------------------------

@given(text=queries)
@example(text="\x00")
@example(text='a"b')
@example(text="x\udcff")  # undecodable argv bytes arrive as lone surrogates
@settings(max_examples=500)
def test_fts_query_is_only_quoted_tokens(text: str) -> None:
    match = fts_query(text)
    if match is None:
        return
    assert "\x00" not in match
    assert not any("\ud800" <= c <= "\udfff" for c in match)
    tokens = match.split(" ")
    for token in tokens:
        assert QUOTED.fullmatch(token), f"{token!r} is not one double-quoted token"
    # each token unquotes to a whitespace-free piece of the input
    for token in tokens:
        word = token[1:-1].replace('""', '"')
        assert word and not any(c.isspace() for c in word)
        assert any(c.isalnum() for c in word)


@pytest.mark.parametrize("text", ["", "   ", "\x00", "***", "()", '""', "- ^ :"])
def test_fts_query_without_a_word_is_none(text: str) -> None:
    assert fts_query(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("title:zebra", '"title:zebra"'),
    ("multi-agent", '"multi-agent"'),
    ('say "hi"', '"say" """hi"""'),
    ("a\x00b", '"a" "b"'),
    ("NEAR(a b)", '"NEAR(a" "b)"'),
    ("x AND y", '"x" "AND" "y"'),
])
def test_fts_query_table(text: str, expected: str) -> None:
    assert fts_query(text) == expected


# --- Workspace.search -----------------------------------------------------------

@given(text=queries)
@example(text="x\udcff")
@example(text="NEAR(")
@example(text='"unbalanced')
@example(text="title:zebra OR text:zebra")
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_never_raises(workspace: Workspace, text: str) -> None:
    rows = workspace.search(text)
    assert isinstance(rows, list)
    assert all(row["title"] in {r["title"] for r in REPORTS.values()} for row in rows)


def test_words_are_found(workspace: Workspace) -> None:
    """The positive controls: titles are indexed, and so are hyphenated words."""
    assert _titles(workspace, "zebra") == {REPORTS["zebra.jsonl"]["title"],
                                           REPORTS["title.jsonl"]["title"]}
    assert _titles(workspace, "multi-agent") == {REPORTS["budget.jsonl"]["title"]}
    assert _titles(workspace, "cafe") == {REPORTS["title.jsonl"]["title"]}


@pytest.mark.parametrize(("query", "expected"), [
    # a column filter would find the zebra in the zoo report's title: it must not
    ("title:zebra", {"title.jsonl"}),
    ("title: zebra", {"title.jsonl"}),
    ("text:Keepers", set()),
    ("{title}:zebra", {"title.jsonl"}),
    ("zebra AND budget", set()),          # AND is a word here, not an operator
    ("zebra OR budget", set()),
    ("NOT zebra", set()),
    ("NEAR(zebra crossing)", set()),      # the phrase "near zebra", then "crossing"
    ("zebr*", set()),                     # no prefix queries
    ("^zebra", {"zebra.jsonl", "title.jsonl"}),
    ("-zebra", {"zebra.jsonl", "title.jsonl"}),
])
def test_syntax_is_searched_as_words(workspace: Workspace, query: str,
                                     expected: set[str]) -> None:
    assert _titles(workspace, query) == {REPORTS[name]["title"] for name in expected}


@given(column=st.sampled_from(["title", "text", "TITLE", "documents_fts"]),
       word=st.sampled_from(["zebra", "Zebra", "zoo", "escapes", "Baghdad"]))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_column_filter_never_applies(workspace: Workspace, column: str, word: str) -> None:
    """`col:word` means the words col and word, so a report lacking the word col is not found."""
    for row in workspace.search(f"{column}:{word}"):
        record = workspace.document(row["id"])
        assert record is not None
        words = re.findall(r"\w+", f"{record.get('title') or ''} {record['text']}".casefold())
        assert column.casefold() in words and word.casefold() in words, row


def test_search_is_case_and_accent_insensitive(workspace: Workspace) -> None:
    assert _titles(workspace, "CAFÉ") == _titles(workspace, "cafe") != set()
