import datetime as dt

import pytest

from newsgraph.pipeline.dates import normalise_date
from newsgraph.pipeline.published import infer_published

BASE = dt.date(2023, 8, 15)  # a Tuesday: the 2023 sample's publication date


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("Tuesday, 15 August", "2023-08-15", "day"),
    ("last month", "2023-07", "month"),
    ("next month", "2023-09", "month"),
    ("by next month", "2023-09", "month"),
    ("in March", "2023-03", "month"),
    ("On Monday", "2023-08-14", "day"),
    ("Monday", "2023-08-14", "day"),
    ("Tuesday", "2023-08-15", "day"),       # the base's own weekday is the same day
    ("next Tuesday", "2023-08-22", "day"),
    ("October 2022", "2022-10", "month"),
    ("January 3, 2020", "2020-01-03", "day"),
    ("2 January 2020", "2020-01-02", "day"),
    ("yesterday", "2023-08-14", "day"),
    ("2022", "2022", "year"),
    ("this week", "2023-08-14", "week"),
])
def test_dates_resolve_relative_to_publication(text: str, value: str, precision: str) -> None:
    assert normalise_date(text, BASE) == (value, precision)


@pytest.mark.parametrize("text", ["three years", "the past two years", "54-year-old", "decades"])
def test_durations_and_ages_are_not_dates(text: str) -> None:
    assert normalise_date(text, BASE) is None


@pytest.mark.parametrize("text", ["last month", "On Monday", "15 August"])
def test_relative_dates_need_a_publication_date(text: str) -> None:
    assert normalise_date(text, None) is None


@pytest.mark.parametrize(("text", "expected"), [
    # weekday-date consistency picks the year, at or after the years mentioned
    ("Officials met on Tuesday, 15 August. The cabinet formed in October 2022.",
     ("2023-08-15", "inferred")),
    ("The visit on Sunday, 12 March followed talks in 2022.", ("2023-03-12", "inferred")),
    ("The strike came on 3 January 2020, officials said.", ("2020-01-03", "text")),
    ("No date anywhere in this report.", None),
    ("On Tuesday, 15 August officials met.", None),  # no year mentioned: no basis for one
])
def test_publication_date_inferred_from_text(text: str, expected: tuple[str, str] | None) -> None:
    assert infer_published(text) == expected


def test_sample_dates(record_2023: dict) -> None:
    assert record_2023["published"] == "2023-08-15"
    assert record_2023["published_basis"] == "inferred"
    found = {d["text"]: (d["value"], d["precision"]) for d in record_2023["dates"]}
    assert found["Tuesday, 15 August"] == ("2023-08-15", "day")
    assert found["last month"] == ("2023-07", "month")
    assert found["next month"] == ("2023-09", "month")
    assert found["March"] == ("2023-03", "month")
    assert found["Monday"] == ("2023-08-14", "day")
    assert found["October 2022"] == ("2022-10", "month")
