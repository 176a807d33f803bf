"""Publication date, when no metadata gives one: inferred from the body text.

A report dated only "Tuesday, 15 August" that also mentions "October 2022" was written
in 2023, the first year at or after those it mentions in which 15 August is a Tuesday.
Explicit full dates ("3 January 2020") are taken as they are. The latest such date is
the report's date: news reports the newest thing it knows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsgraph.pipeline.dates import (
    DAY_MONTH,
    WEEKDAYS,
    YEAR_IN_TEXT,
    _month_number,
    _safe_date,
    weekday_year,
)
from newsgraph.pipeline.registry import State, register


def infer_published(text: str) -> tuple[str, str] | None:
    """(ISO date, basis) inferred from `text`; basis is "text" or "inferred"."""
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    explicit: list[dt.date] = []
    deduced: list[dt.date] = []
    for m in DAY_MONTH.finditer(text):
        day, month = int(m.group("day")), _month_number(m.group("mon"))
        if m.group("year"):
            d = _safe_date(int(m.group("year")), month, day)
            if d:
                explicit.append(d)
        elif m.group("wd") and years:
            year = weekday_year(day, month, WEEKDAYS.index(m.group("wd").lower()), years, None)
            d = _safe_date(year, month, day) if year else None
            if d:
                deduced.append(d)
    if deduced and (not explicit or max(deduced) >= max(explicit)):
        return max(deduced).isoformat(), "inferred"
    if explicit:
        return max(explicit).isoformat(), "text"
    return None


@register("published", 1, requires=("_norm", "published", "published_basis"),
          assigns=("published", "published_basis"))
def published(state: State) -> dict[str, Any]:
    if state["published"]:
        return {"published": state["published"],
                "published_basis": state["published_basis"] or "metadata"}
    found = infer_published(state["_norm"])
    if found is None:
        return {"published": None, "published_basis": None}
    return {"published": found[0], "published_basis": found[1]}
