"""Quotes: direct and indirect speech, speakers through pronouns and 'the source',
anonymous sources, channels, stance, and events that carry who asserts them."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgraph
from newsgraph.cli import main
from newsgraph.pipeline.quotes import quoted_spans


@pytest.mark.parametrize(("text", "quoted"), [
    ('He said "we will go" and left.', ['"we will go"']),
    ('"One." "Two words here."', ['"One."', '"Two words here."']),
    # a quote over two paragraphs reopens the second with a quotation mark
    ('"First part of it.\n\n"Second part," she said.', ['"First part of it.\n\n"Second part,"']),
    # an unclosed quote ends with its paragraph when the next does not reopen it
    ('"Never closed.\n\nPlain text.', ['"Never closed.']),
])
def test_quoted_spans(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e in quoted_spans(text)] == quoted


def _quote(record: dict, content_start: str) -> dict:
    found = [q for q in record["quotes"] if content_start in q["content"]["text"][:120]]
    assert found, f"no quote starting {content_start!r}"
    return found[0]


def _entity_name(record: dict, eid: str | None) -> str | None:
    return next((e["name"] for e in record["entities"] if e["id"] == eid), None)


def test_anonymous_coalition_member_with_channel(record_2023: dict) -> None:
    q = _quote(record_2023, "arrived in Baghdad")
    assert q["anonymous"] is True and q["direct"] is True
    assert q["channel"] == "Al-Araby Al-Jadeed"
    assert "senior member" in q["speaker_text"]
    # "The source also indicated …" is that same source
    later = _quote(record_2023, "several Iraqi militias")
    assert later["anonymous"] is True and later["speaker_ref"] == q["id"]


def test_named_spokesperson_keeps_his_quotes(record_2023: dict) -> None:
    first = _quote(record_2023, "cross-border ground")
    assert _entity_name(record_2023, first["speaker"]) == "Khalil Nadiri"
    assert first["direct"] is True and first["anonymous"] is False
    assert first["channel"] == "a secure messaging application"
    for start in ("will observe how", "lay down arms"):   # "He added", "he remarked"
        q = _quote(record_2023, start)
        assert q["speaker"] == first["speaker"], start


def test_the_militias_claim_is_theirs_not_the_outlets(record_2023: dict) -> None:
    q = _quote(record_2023, "sending reinforcements")
    assert "militias" in q["speaker_text"] and q["stance"] == "claimed"
    inside = [e for e in record_2023["events"]
              if q["content"]["start"] <= e["trigger"]["start"] < q["content"]["end"]]
    assert inside and all(e["attribution"] == q["id"] for e in inside)


def test_denial_is_marked_denied(record_2023: dict) -> None:
    q = _quote(record_2023, "these accusations")
    assert q["stance"] == "denied"


def test_reported_speech_hedge() -> None:
    record = newsgraph.extract("Reports indicate that the minister resigned on Monday.")
    assert record["quotes"] and record["quotes"][0]["stance"] == "reported"


def test_quote_queries(tmp_path: Path, sample_2023: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(sample_2023, encoding="utf-8")
    db = str(tmp_path / "q.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(path), "--db", db, "--workers", "1"]).exit_code == 0
    out = runner.invoke(main, ["quotes", "--speaker", "Nadiri", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    import json

    rows = json.loads(out.output)
    assert len(rows) >= 5 and all(not r["anonymous"] for r in rows)
    anon = json.loads(runner.invoke(main, ["quotes", "--anonymous", "--db", db, "--json"]).output)
    assert anon and all(r["anonymous"] for r in anon)
    about = json.loads(runner.invoke(main, ["quotes", "--about", "Qaani", "--db", db, "--json"]).output)
    assert about and all("Qaani" in r["content"] or "He " in r["content"] for r in about)


# --- the shallow path: sentences read without the parser ------------------------------

def _doc(text: str):
    from newsgraph.pipeline import nlp
    from newsgraph.pipeline.normalise import normalise_text

    norm = normalise_text(text)
    return norm, next(nlp.first_pass([norm]))


def test_plan_parses_only_what_the_shallow_reader_cannot_settle() -> None:
    from newsgraph.pipeline.quotes import plan

    text = ('"We will sign the deal this week," she said. The weather in Paris was mild. '
            "The minister, who arrived on Monday, said the talks had failed.")
    norm, doc = _doc(text)
    planned = [(sent.text.strip(), found) for sent, found in plan(doc, quoted_spans(norm))]
    assert [s for s, _ in planned] == ['"We will sign the deal this week," she said.',
                                       "The minister, who arrived on Monday, said the talks had failed."]
    assert planned[0][1] and planned[1][1] is None


def test_shallow_quotes_keep_their_speaker_through_he() -> None:
    record = newsgraph.extract(
        'Peter Brandt arrived in Vienna on Monday. "We will sign the agreement this week," '
        'Brandt said. "Nothing will stop us now," he added.')
    signed, stop = _quote(record, "We will sign"), _quote(record, "Nothing will stop")
    assert _entity_name(record, signed["speaker"]) == "Peter Brandt"
    assert stop["speaker"] == signed["speaker"] and stop["cue"] == "added"
    assert signed["direct"] and stop["speaker_text"] == "he"


def test_shallow_indirect_speech_leaves_out_the_time() -> None:
    record = newsgraph.extract("The company said on Friday that sales had risen by five percent.")
    [q] = record["quotes"]
    assert (q["speaker_text"], q["cue"], q["content"]["text"]) == (
        "The company", "said", "that sales had risen by five percent")
    assert q["direct"] is False and q["stance"] == "asserted"


def test_a_country_body_speaks_for_the_country() -> None:
    for text in ("Norway's government said the talks had failed.",                 # read without a parse
                 "Norway's government, which met on Monday, said the talks had failed."):  # parsed
        record = newsgraph.extract(text)
        [q] = record["quotes"]
        assert _entity_name(record, q["speaker"]) == "Norway" and q["anonymous"] is False, text


def test_continued_quote_is_a_second_fragment_of_the_attribution() -> None:
    from newsgraph.pipeline.quotes import attributions

    text = '"We will sign the agreement this week," Brandt said. "Nothing will stop us now."\n\nHe left.'
    [only] = attributions(text)
    assert [text[s:e] for s, e in only["content"]] == [
        '"We will sign the agreement this week,"', '"Nothing will stop us now."']
    assert [text[s:e] for s, e in only["source"]] == ["Brandt"]


# --- attributions the parse finds beyond a clause or object of the cue -------------------

def _attributions(text: str) -> list[dict[str, list[str]]]:
    from newsgraph.pipeline.quotes import attributions

    return [{k: [text[s:e] for s, e in v] for k, v in a.items()} for a in attributions(text)]


@pytest.mark.parametrize(("text", "source", "content_start"), [
    # the clause hangs off "time" in the parse: what the cue governs to its right is still said
    ("Clinton claimed at the time that she had turned over everything work-related, even "
     "attempting to make light of it.", "Clinton", "at the time that she had turned over"),
    # the cue inside what is said
    ("But waiting, they acknowledged, could open them up to criticism from Republicans, who "
     "were demanding an investigation.", "they", "But waiting"),
    # the issuer of a statement is the speaker of the participle that gives its words
    ("Pence himself released an extraordinary statement saying he would not defend the remarks.",
     "Pence himself", "he would not defend the remarks"),
])
def test_parsed_attributions(text: str, source: str, content_start: str) -> None:
    found = [a for a in _attributions(text) if a["content"][0].startswith(content_start)]
    assert found and found[0]["source"] == [source], _attributions(text)


def test_a_conjoined_participle_is_a_statement_of_its_own() -> None:
    text = ("Iranian officials deny giving them orders, describing them as independent movements "
            "that make their own decisions.")
    assert [(a["cue"], a["content"]) for a in _attributions(text)] == [
        (["deny"], ["giving them orders"]),
        (["describing"], ["them as independent movements that make their own decisions"])]


def test_the_short_name_takes_up_the_body_named_before() -> None:
    record = newsgraph.extract(
        "Iran's Revolutionary Guards launched strikes on Wednesday against Kurdish groups.\n\n"
        "The Guards said the operation would continue until the groups were disarmed.")
    q = _quote(record, "the operation would continue")
    assert _entity_name(record, q["speaker"]) == "Iran's Revolutionary Guards"


@pytest.mark.parametrize(("text", "expected"), [
    # a participle of saying that closes what is said is the same speaker's second statement
    ('Mr. Durham has denied wrongdoing, calling the reports "anonymous hearsay."',
     [("Mr. Durham", "denied", "wrongdoing"), ("Mr. Durham", "calling", 'the reports "anonymous hearsay."')]),
    ('Tapper told the host that the news was "very troubling," before noting that she is "a good person."',
     [("Tapper", "told", 'that the news was "very troubling,"'),
      ("Tapper", "noting", 'that she is "a good person."')]),
    # the speaker of a participle after a preposition is the subject of the verb it follows
    ("Investigators reviewed the records before confirming that he had committed no wrongdoing.",
     [("Investigators", "confirming", "that he had committed no wrongdoing")]),
    # a clause the parse hangs on an object is what is said, not the quote another cue gives
    ('Priebus said the difference this year is "pretty remarkable," and added that it "will pay off."',
     [("Priebus", "said", 'the difference this year is "pretty remarkable,"'),
      ("Priebus", "added", 'that it "will pay off."')]),
])
def test_each_cue_keeps_its_own_content(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(" ".join(a["source"]), " ".join(a["cue"]), " ".join(a["content"])) for a in _attributions(text)]
    for item in expected:
        assert item in found, found


@pytest.mark.parametrize(("text", "source", "content"), [
    # a passive attributes its subject (and complement) to the agent, or to no one named
    ("The nominee and his language were denounced by the chairman of his party.",
     ["the chairman of his party"], "The nominee and his language"),
    ("In advance of the vote, the Fed is not expected to change rates.", [], "the Fed is not expected to change rates"),
    # a verb with its preposition
    ("Ryan took issue with the talk about rigged elections.", ["Ryan"], "the talk about rigged elections"),
    ("He referred to her as a nasty woman during the debate.", ["He"], "her as a nasty woman"),
])
def test_passive_and_prepositional_cues(text: str, source: list[str], content: str) -> None:
    found = [a for a in _attributions(text) if a["content"] and content in a["content"][0]]
    assert found and found[0]["source"] == source, _attributions(text)


def test_a_passive_cue_with_no_agent_is_reported_not_asserted() -> None:
    record = newsgraph.extract("The senator is said to have made his peace with the party long ago.")
    [q] = record["quotes"]
    assert q["speaker"] is None and q["stance"] == "reported"


def test_relative_that_speaks_for_the_noun_it_follows() -> None:
    [a] = [a for a in _attributions("It included an email that suggests a strong dislike for the president.")
           if a["cue"] == ["suggests"]]
    assert a["source"] == ["an email"]


def test_a_quote_without_cue_goes_on_from_the_last_direct_quote() -> None:
    text = ('"There is new evidence," McCaul said, though officials have not said the case is '
            'reopened. "Remember, they had probable cause."')
    found = _attributions(text)
    remember = [a for a in found if any("Remember" in c for c in a["content"])]
    assert remember and all(a["source"] != ["officials"] for a in remember), found


@pytest.mark.parametrize(("text", "cue", "source"), [
    # "who" and "which" are written as the pronoun, as attribution corpora mark them
    ("Activists like Greenpeace, which charged that the deal favoured companies, joined the march.",
     "charged", "which"),
    ("The plan came from Senator Ron Johnson, who told a newspaper on Tuesday that it would pass.",
     "told", "who"),
    # a participle hung on a passive speaks for the passive subject
    ("Democrats were outraged by the announcement, saying that it gave too little detail.",
     "saying", "Democrats"),
    # a participle the parse hangs inside a quote is the speaker of the cue before it
    ('"To think of her being their boss, I don\'t think so," Trump said, before suggesting that '
     "the generals were simply following protocol.", "suggesting", "Trump"),
])
def test_sources_as_attribution_corpora_mark_them(text: str, cue: str, source: str) -> None:
    found = [a for a in _attributions(text) if a["cue"] == [cue]]
    assert found and found[0]["source"] == [source], _attributions(text)


@pytest.mark.parametrize(("text", "cue", "source"), [
    # verbs of communication and evaluation, nominalisations and phrasal cues from the tables
    ("The governor proclaimed that the crisis was over.", "proclaimed", "The governor"),
    ("Warren lauded the decision as a victory for workers.", "lauded", "Warren"),
    ("The mayor scoffed at the idea that the city was broke.", "scoffed", "The mayor"),
    ("Clinton voiced support for the trade deal on Monday.", "voiced", "Clinton"),
    # a stance adjective the parser reads in a sentence with another cue
    ("Mrs. Clinton was openly dismissive of Mr. Trump over the weekend, telling reporters that she "
     "no longer worried about his attacks.", "was openly dismissive", "Mrs. Clinton"),
])
def test_cue_classes_beyond_verbs_of_saying(text: str, cue: str, source: str) -> None:
    found = [a for a in _attributions(text) if a["cue"] == [cue]]
    assert found and found[0]["source"] == [source], _attributions(text)


def test_a_relative_pronoun_speaks_for_its_noun() -> None:
    record = newsgraph.extract("The minister met Senator Ron Johnson, who told reporters that the talks "
                               "had failed.")
    q = _quote(record, "the talks had failed")
    assert q["speaker_text"] == "who" and _entity_name(record, q["speaker"]) == "Ron Johnson"


def test_a_quote_opening_the_next_paragraph_goes_on_from_the_last_one() -> None:
    text = ('"People are blaming it all on immigrants," she told the agency, apparently suggesting '
            'that the mood had changed.\n\n"They want to blame it on something from outside."')
    found = _attributions(text)
    told = [a for a in found if a["cue"] == ["told"]]
    assert told and len(told[0]["content"]) == 2 and told[0]["source"] == ["she"], found


def test_an_apposition_parsed_across_the_cue_stays_out_of_the_speaker() -> None:
    # the parser hangs "the Yemeni group …" on "factions" although it follows "said"
    text = ("Several Iraqi armed factions said they were ready to support Ansarallah, the Yemeni "
            "group widely known as the Houthis, after US air strikes on Yemen that began on Saturday.")
    record = newsgraph.extract(text, published="2024-01-14")
    speakers = [q["speaker_text"] for q in record["quotes"]]
    assert speakers == ["Several Iraqi armed factions"], speakers


@pytest.mark.parametrize(("text", "source", "cue", "content"), [
    # the lemmatiser reads "extolled" as "extoll": the cue's own form still names it
    ("With veterans seated behind him, Trump extolled their bravery as greater than his own.",
     "Trump", "extolled", "their bravery as greater than his own"),
    # the cue's object is the relative pronoun: what it says is the pronoun, or what the
    # cue governs to its right
    ("Clinton passed along feedback after events she hosted, such as one in Kiev, which John "
     "Tefft, then U.S. ambassador to Ukraine, praised.", "John Tefft, then U.S. ambassador to Ukraine",
     "praised", "which"),
    ("The deal, which Trump calls a disaster, passed.", "Trump", "calls", "a disaster"),
    # "went on to praise": a noun-like cue form read as a verb goes to the parser
    ("Obama went on to praise Clinton.", "Obama", "praise", "Clinton"),
])
def test_cues_the_parse_alone_did_not_settle(text: str, source: str, cue: str, content: str) -> None:
    found = [a for a in _attributions(text) if a["cue"] == [cue]]
    assert found and found[0]["source"] == [source] and found[0]["content"] == [content], \
        _attributions(text)


@pytest.mark.parametrize(("text", "source", "cue"), [
    # an object controls the infinitive it takes: the many assume, not the leaks
    ("The leaks have led many to assume that the hackers favour one side.", "many", "assume"),
    # "not by …, but by telling …": the speaker across the conjoined preposition
    ("The governor won the race not by spending more, but by telling voters he shared their worries.",
     "The governor", "telling"),
    # "the first/latest X to …": the noun speaks
    ("Voters cheered the first senator to endorse the mayor for a second term.",
     "the first senator", "endorse"),
    # a noun of saying after a modal is a verb, with its own subject
    ("The mayor's few remaining allies can no longer claim that the budget is balanced.",
     "The mayor's few remaining allies", "claim"),
    # "for X to believe …": X believes
    ("For a mayor to believe that the count is rigged is dangerous.", "a mayor", "believe"),
    # a relative clause the parse read with the content around the cue keeps its own subject
    ("Rates are near the level that many economists agree is likely to slow hiring.",
     "many economists", "agree"),
])
def test_speakers_the_grammar_implies(text: str, source: str, cue: str) -> None:
    found = [a for a in _attributions(text) if a["cue"] == [cue]]
    assert found and found[0]["source"] == [source], _attributions(text)


def test_adding_a_quantity_is_a_sum_not_a_statement() -> None:
    assert not _attributions("The economy added 156,000 jobs in September.")
    assert not _attributions("So far this year, employers are adding roughly 90,000 jobs a month.")
    for text in ("The mayor added that 300 jobs would be lost.",
                 "The mayor added 40% of the budget would go to schools."):   # a clause after the number
        found = _attributions(text)
        assert found and found[0]["source"] == ["The mayor"], (text, found)


def test_only_an_actor_is_the_first_x_to_say() -> None:
    found = _attributions("This is the only way to prove that the vote was fair.")
    assert found and found[0]["source"] == [], found


def test_an_acronym_opens_a_speaker_phrase_the_ner_missed() -> None:
    text = "The committee spent $2.1 million on ads in September, FEC records show."
    found = _attributions(text)
    assert found and found[0]["source"] == ["FEC records"] and found[0]["cue"] == ["show"], found


@pytest.mark.parametrize(("text", "expected"), [
    # a closing speaker with an apposition and a time after the recipient; the cue inside
    # what is said ("planning") is not the sentence's attribution
    ("The senator isn't planning any more rallies before the vote, her campaign manager, Ann Lee, "
     "told the Herald earlier this week.",
     [("her campaign manager, Ann Lee", "told")]),
    # "with X saying …": a participle with a subject of its own is a second speaker
    ("The mayor's office said he would not attend, with aides saying he was unwell.",
     [("The mayor's office", "said"), ("aides", "saying")]),
])
def test_closing_speakers_and_absolute_participles(text: str, expected: list[tuple[str, str]]) -> None:
    found = _attributions(text)
    assert [(a["source"][0] if a["source"] else "", a["cue"][0]) for a in found] == expected, found


def test_two_sentences_joined_by_a_semicolon_are_not_a_statement() -> None:
    assert not _attributions("Exports rise 4%; inflation rate ticks up to 3%.")
    assert not _attributions("Germany posts surplus; jobless rate ticks up.")
    found = _attributions("Exports will rise, the bank believes.")
    assert found and found[0]["source"] == ["the bank"], found


def test_wanting_to_know_is_a_question_not_a_stance() -> None:
    assert not _attributions("The Herald wants to know about the ads in your area.")
    found = _attributions("The Herald wants to end the subsidy.")
    assert found and found[0]["source"] == ["The Herald"], found


@pytest.mark.parametrize(("text", "source"), [
    # a name with inner capitals the NER does not know is a name
    ("McAllister: If elected, the mayor will cut the levy.", ["McAllister"]),
    # a single capitalised word it does not know is a rubric
    ("Note: This story has been updated with new figures.", None),
    ("Factbox: What we know about the strike at the port", None),
    ("Timeline: How the strike spread from the port to the mines", None),
])
def test_a_name_or_a_label_before_a_colon(text: str, source: list[str] | None) -> None:
    found = _attributions(text)
    if source is None:
        assert not found, found
    else:
        assert found and found[0]["source"] == source and found[0]["cue"] == [":"], found


def test_a_dateline_the_parse_took_in_is_not_the_speaker() -> None:
    text = ("Paris (AFP) - The city council on Monday voted to close the bridge, saying it was "
            "no longer safe for traffic.")
    found = [a for a in _attributions(text) if a["cue"] == ["saying"]]
    assert found and found[0]["source"] == ["The city council"], _attributions(text)


def test_the_title_given_to_a_named_speaker_is_that_speaker() -> None:
    record = newsgraph.extract("Ahmed Khalil, the commander of the Northern Brigade, arrived in Mosul on "
                               "Monday. The commander said the brigade would stay in the city.",
                               published="2024-03-04")
    q = _quote(record, "the brigade would stay")
    assert _entity_name(record, q["speaker"]) == "Ahmed Khalil" and q["anonymous"] is False


def test_a_demonstrative_subject_is_no_speaker() -> None:
    text = ("That's cutting it close, in light of a report released on Thursday suggesting that the "
            "target may no longer be met.")
    found = _attributions(text)
    assert all(a["source"] == [] for a in found) and not any(a["cue"] == ["cutting"] for a in found), found


@pytest.mark.parametrize("text", [
    "Mr. Hale, regarded widely as a careful negotiator, left the talks on Monday.",
    "The plan, described by aides as bold, failed in the Senate.",
])
def test_a_participle_set_off_by_commas_is_said_of_its_noun_not_by_it(text: str) -> None:
    assert not any(a["source"] for a in _attributions(text)), _attributions(text)
