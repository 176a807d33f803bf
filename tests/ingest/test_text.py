import pytest

import newsgraph
from newsgraph.ingest.text import read_text, split_headline
from newsgraph.pipeline import Pipeline

HEADLINED = ("Millom Man Jailed For Killing Teen Neighbour\n\n"
             "A Millom man was jailed on Tuesday for killing his teenage neighbour, police said. "
             "John Jenkin, 43, admitted the attack at Carlisle Crown Court.\n")


@pytest.mark.parametrize(("text", "title"), [
    (HEADLINED, "Millom Man Jailed For Killing Teen Neighbour"),
    ("\n  Iraq approves security deal  \r\n\r\nBaghdad - The cabinet approved it.", "Iraq approves security deal"),
    ("Exclusive: Iran's envoy meets Sudani\n\nThe envoy met him on Sunday.", "Exclusive: Iran's envoy meets Sudani"),
    # a first paragraph that is a sentence is body, however short
    ("Qaani arrived in Baghdad.\n\nHe met officials.", None),
    ("Qaani arrived, officials said:\n\nHe met officials.", None),
    ('He said: "We will respond."\n\nNo more was said.', None),
    # no blank line after it, or nothing after it: no headline
    ("Qaani in Baghdad\nHe arrived on Sunday.", None),
    ("Qaani in Baghdad\n\n   \n", None),
    # too long to be a headline
    (" ".join(["word"] * 21) + "\n\nBody text here.", None),
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
