"""Date expressions normalised to ISO values with their precision.

Expressions come from the model's DATE entities (joined where it splits
"Tuesday, 15 August" in two), never from scanning raw text: `search_dates` on a whole
body turns words like "may" into dates. Each expression is resolved relative to the
publication date: weekdays and year-less days by calendar arithmetic written here
(dateparser moves "Tuesday" a week back even when the base is a Tuesday), the rest by
dateparser with `PREFER_DATES_FROM: past` and the precision it reports.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import regex as re
from dateparser.date import DateDataParser

from newsgraph.pipeline import nlp
from newsgraph.pipeline.registry import State, register

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "Tuesday, 15 August [2023]" / "Tuesday, August 15[, 2023]" / "15 August 2023" / "August 15, 2023"
DAY_MONTH = re.compile(
    rf"\b(?:{_WD},?\s+)?(?:(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}|{_MON}\s+{_DAY})\b(?:,?\s+{_YEAR})?",
    re.IGNORECASE,
)
WEEKDAY_ONLY = re.compile(rf"^(?:(?:on|last|this|next|past)\s+)?{_WD}$", re.IGNORECASE)
YEAR_IN_TEXT = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_LEAD = re.compile(r"^(?:on|in|at|by|since|until|till|from|during|before|after|around|as of|"
                   r"the end of|the start of|the beginning of|the middle of|the|early|late|mid-?)\s+",
                   re.IGNORECASE)
DURATION = re.compile(r"^(?:the\s+)?(?:past|last|next|coming|over|for|about|nearly|almost|some|"
                      r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)"
                      r"(?:\s+\w+)?\s+(?:days|weeks|months|years|decades|centuries)$", re.IGNORECASE)
AGE = re.compile(r"\b(?:year-old|years? old|aged?)\b", re.IGNORECASE)

_PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year", "time": "day"}


def _month_number(token: str) -> int:
    return _MONTH_ABBR[token.lower()[:3]]


@lru_cache(maxsize=8)
def _parser(base: dt.date | None) -> DateDataParser:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
                                "REQUIRE_PARTS": []}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _iso(value: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_year(day: int, month: int, weekday: int, years: list[int],
                 base: dt.date | None) -> int | None:
    """The year in which `day` `month` falls on `weekday`, chosen from likely years.

    With a base date, the latest such date not after it (within 8 years). Without one,
    the earliest such year at or after the latest year the text mentions: a report is
    written after the years it looks back on, and usually soon after.
    """
    if base is not None:
        for year in range(base.year, base.year - 8, -1):
            d = _safe_date(year, month, day)
            if d and d.weekday() == weekday and d <= base + dt.timedelta(days=7):
                return year
        return None
    if not years:
        return None
    for year in range(max(years), max(years) + 15):
        d = _safe_date(year, month, day)
        if d and d.weekday() == weekday:
            return year
    return None


def _strip_lead(text: str) -> str:
    """Drop leading cue words ("on", "by the end of", "early") that dateparser misreads."""
    while True:
        shorter = _LEAD.sub("", text, count=1)
        if shorter == text:
            return text
        text = shorter


@lru_cache(maxsize=65536)
def normalise_date(text: str, base: dt.date | None) -> tuple[str, str] | None:
    """(ISO value, precision) for one date expression relative to `base`, or None.

    Relative expressions ("last month", "On Monday") and year-less ones need a base;
    without one they resolve only when they carry a year.
    """
    t = " ".join(text.split()).strip(" ,.")
    if not t or AGE.search(t) or DURATION.match(t):
        return None
    m = WEEKDAY_ONLY.match(t)
    if m:
        if base is None:
            return None
        target = WEEKDAYS.index(m.group("wd").lower())
        if t.lower().startswith("next"):
            delta = (target - base.weekday()) % 7 or 7
            return _iso(base + dt.timedelta(days=delta), "day"), "day"
        delta = (base.weekday() - target) % 7
        if t.lower().startswith("last") and delta == 0:
            delta = 7
        return _iso(base - dt.timedelta(days=delta), "day"), "day"
    m = DAY_MONTH.fullmatch(_strip_lead(t))
    if m:
        day, month = int(m.group("day")), _month_number(m.group("mon"))
        if m.group("year"):
            d = _safe_date(int(m.group("year")), month, day)
            return (d.isoformat(), "day") if d else None
        if base is None:
            return None
        if m.group("wd"):
            year = weekday_year(day, month, WEEKDAYS.index(m.group("wd").lower()), [], base)
        else:
            year = base.year
            d = _safe_date(year, month, day)
            if d and d > base + dt.timedelta(days=31):
                year -= 1
        d = _safe_date(year, month, day) if year else None
        return (d.isoformat(), "day") if d else None
    if base is None and not YEAR_IN_TEXT.search(t):
        return None
    stripped = _strip_lead(t)
    data = _parser(base).get_date_data(stripped)
    if data is None or data.date_obj is None:
        return None
    precision = _PRECISION.get(data.period or "day", "day")
    value = data.date_obj.date()
    if precision == "week":
        value = value - dt.timedelta(days=value.weekday())
    return _iso(value, precision), precision


def parse_iso(value: str | None) -> dt.date | None:
    """A date from an ISO string of day precision (longer strings are cut), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _expressions(doc: Any) -> list[tuple[int, int]]:
    """Character spans of DATE entities, with "Tuesday, 15 August" made one span."""
    spans: list[tuple[int, int]] = []
    text = nlp.text_of(doc)
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        start, end = ent.start_char, ent.end_char
        if spans:
            prev_start, prev_end = spans[-1]
            gap = text[prev_end:start]
            if gap.strip() in ("", ",") and len(gap) <= 2 and \
                    text[prev_start:prev_end].strip().lower() in WEEKDAYS:
                spans[-1] = (prev_start, end)
                continue
        spans.append((start, end))
    return spans


@register("dates", 1, requires=("_doc", "published"), assigns=("dates",))
def dates(state: State) -> dict[str, Any]:
    doc = state["_doc"]
    base = parse_iso(state["published"])
    norm = nlp.text_of(doc)
    out = []
    for start, end in _expressions(doc):
        text = state["text"][start:end]
        resolved = normalise_date(norm[start:end], base)
        out.append({
            "text": text, "start": start, "end": end,
            "value": resolved[0] if resolved else None,
            "precision": resolved[1] if resolved else None,
        })
    return {"dates": out}
