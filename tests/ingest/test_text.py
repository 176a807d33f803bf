import pytest

import newsgraph
from newsgraph.ingest.text import read_text, split_headline
from newsgraph.pipeline import Pipeline

HEADLINED = ("Millom Man Jailed For Killing Teen Neighbour\n\n"
             "A Millom man was jailed on Tuesday for killing his teenage neighbour, police said. "
             "John Jenkin, 43, admitted the attack at Carlisle Crown Court.\n")


@pytest.mark.parametrize(("text", "title"), [
    (HEADLINED, "Millom Man Jailed For Killing Teen Neighbour"),
    ("\n  Iraq Approves Security Deal  \r\n\r\nBaghdad - The cabinet approved it.", "Iraq Approves Security Deal"),
    ("\ufeffExclusive: Iran's Envoy Meets Sudani In Baghdad\n\nThe envoy met him on Sunday.",
     "Exclusive: Iran's Envoy Meets Sudani In Baghdad"),
    (" \n\nIraq Signs Deal With Iran\n\nThe deal was signed.", "Iraq Signs Deal With Iran"),
    # a first paragraph that is a sentence is body, however short
    ("Qaani arrived in Baghdad.\n\nHe met officials.", None),
    ("Qaani Arrived, Officials Said:\n\nHe met officials.", None),
    ('He said: "We will respond."\n\nNo more was said.', None),
    ("\u201cWe Will Never Surrender\u201d\n\nThe leader spoke on Sunday.", None),
    # lines that are not headlines: dates, bylines, datelines, sentence case, too short
    ("January 10, 2024\n\nIraq's cabinet approved the deal on Tuesday, officials said.", None),
    ("Published 10 January 2024 09:15 GMT\n\nThe cabinet met.", None),
    ("By Ahmed Rasheed And John Davison\n\nThe cabinet met.", None),
    ("BAGHDAD, Jan 10 (Reuters) -\n\nThe cabinet met.", None),
    ("Iraq's cabinet approved the security deal with the United States on Tuesday\n\nIt did.", None),
    ("Iraq Votes\n\nThe parliament voted.", None),
    # no blank line after it, or nothing after it: no headline
    ("Qaani In Baghdad For Talks\nHe arrived on Sunday.", None),
    ("Qaani In Baghdad For Talks\n\n   \n", None),
    # too long to be a headline
    (" ".join(["Word"] * 21) + "\n\nBody text here.", None),
    ("Long " * 2 + "A" * 300 + " Word Here\n\nBody text here.", None),
])
def test_split_headline(text: str, title: str | None) -> None:
    found, body = split_headline(text)
    assert found == title
    if title is None:
        assert body == text
    else:
        assert title not in body and body.strip()


def test_headline_is_the_title_not_a_name() -> None:
    doc = read_text(HEADLINED.encode(), "jailed.txt")
    assert doc.title == "Millom Man Jailed For Killing Teen Neighbour"
    assert doc.text.startswith("A Millom man was jailed")
    for record in (Pipeline().run(doc), newsgraph.extract(HEADLINED)):
        assert record["title"] == doc.title
        names = {e["name"] for e in record["entities"]}
        assert "John Jenkin" in names
        assert not any("Jailed" in n for n in names)
    given = newsgraph.extract(HEADLINED, title="Court report")
    assert given["title"] == "Court report" and given["text"].startswith("Millom Man Jailed")
