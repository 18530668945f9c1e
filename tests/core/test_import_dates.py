"""The import's date reader: any date, written in any style it accepts, reads back as that date
or is refused — never a wrong date."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from catbird.exchange.dates import (
    Ambiguous,
    DateOrder,
    column_order,
    find_date,
    read_date,
)

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")
TIMES = ("", ", 2:22 PM", " 14:30", " 9:05 am", ", 11:47 AM", " 23:59:59")


def numeric(day: date, order: DateOrder, separator: str, padded: bool, short_year: bool) -> str:
    d, m = (f"{day.day:02}", f"{day.month:02}") if padded else (str(day.day), str(day.month))
    y = f"{day.year % 100:02}" if short_year else str(day.year)
    first, second = (d, m) if order == "dmy" else (m, d)
    return f"{first}{separator}{second}{separator}{y}"


def worded(day: date, style: int) -> str:
    return (
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b} {day.day}, {day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day.day} {day:%b} {day:%y}",
        f"{day:%a}, {day:%b} {day.day}, {day.year}",
        f"{day:%A}, {day:%B} {day.day}, {day.year}",
        f"{day.day}th of {day:%B} {day.year}",
        f"{day:%b}-{day:%d}-{day.year}",
    )[style]


def iso(day: date, style: int) -> str:
    return (
        day.isoformat(),
        f"{day.isoformat()}T14:30:00Z",
        f"{day.isoformat()}T14:30:00.000Z",
        f"{day.isoformat()} 14:30",
        f"{day.isoformat()}T09:00:00-05:00",
        f"{day:%Y/%m/%d}",
    )[style]


def settled(text: str, order: DateOrder | None) -> date | None:
    """What the reader makes of `text`: a date, or None for a refusal."""
    try:
        return read_date(text, order).day
    except ValueError:
        return None


@given(
    DAYS,
    st.sampled_from(ORDERS),
    st.sampled_from("/.-"),
    st.booleans(),
    st.booleans(),
    st.sampled_from(TIMES),
)
@example(date(2026, 11, 3), "mdy", "/", False, True, ", 2:22 PM")  # LinkedIn
@example(date(2026, 11, 5), "dmy", ".", True, False, "")
@example(date(1995, 3, 4), "mdy", "/", False, True, "")  # `95`: 1995 or 2095?
def test_numeric_dates_read_back_or_are_refused(
    day: date, order: DateOrder, separator: str, padded: bool, short: bool, clock: str
) -> None:
    assume(not short or day.year < 2100)  # `00` is 2000: the century is not in the text
    text = numeric(day, order, separator, padded, short) + clock
    # Told the order, or not told it: the date it was, or a refusal — never another date.
    assert settled(text, None) in (day, None)
    assert settled(text, order) in (day, None)
    if not short or 2000 <= day.year < 2070:
        assert settled(text, order) == day  # told the order, it always reads
    # The other order is not a wrong date either when the day is past 12: a refusal.
    other: DateOrder = "mdy" if order == "dmy" else "dmy"
    if day.day > 12:
        assert settled(text, other) is None


@given(DAYS, st.integers(0, 7), st.sampled_from(("", " 2:30 PM", " at 2:30 PM", ", 14:30")))
def test_worded_dates_read_back_or_are_refused(day: date, style: int, clock: str) -> None:
    assume(style != 3 or day.year < 2100)  # `00` is 2000: the century is not in the text
    text = worded(day, style) + clock
    for order in (None, *ORDERS):
        assert settled(text, order) in (day, None)
    if style != 3 or 2000 <= day.year < 2070:
        assert settled(text, None) == day


@given(DAYS, st.integers(0, 5))
def test_iso_dates_read_back(day: date, style: int) -> None:
    assert settled(iso(day, style), None) == day


@given(st.lists(DAYS, min_size=1, max_size=30), st.sampled_from(ORDERS), st.booleans())
def test_a_column_never_shows_the_wrong_order(
    days: list[date], order: DateOrder, short: bool
) -> None:
    column = [numeric(d, order, "/", False, short) for d in days]
    # (The order is read from the day and month alone; the year's digits do not matter.)
    assert column_order(column) in (order, None)
    if any(d.day > 12 for d in days):
        assert column_order(column) == order


def test_times_are_kept() -> None:
    reading = read_date("11/3/26, 2:22 PM", "mdy")
    assert (reading.day, reading.clock) == (date(2026, 11, 3), time(14, 22))
    reading = read_date("November 4, 2026 2:30 PM")
    assert (reading.day, reading.clock) == (date(2026, 11, 4), time(14, 30))
    at = read_date("2026-11-04T14:30:00Z").moment()
    assert at is not None and at.utcoffset() is not None and at.hour == 14


def test_ambiguous_dates_say_how_to_settle_them() -> None:
    with pytest.raises(Ambiguous, match=r"5 November or 11 May.*--date-order"):
        read_date("05/11/2026")


@pytest.mark.parametrize(
    "text", ["3", "21", "Yes", "N/A", "soon", "13/13/2026", "31/02/2026", "2026-13-45", "1/2/95"]
)
def test_not_dates(text: str) -> None:
    for order in (None, *ORDERS):
        assert settled(text, order) is None


def test_dates_inside_a_status() -> None:
    near = date(2026, 10, 20)
    mention = find_date("Phone Screen 11/4 2:30pm", "mdy", near)
    assert mention is not None
    assert (mention.reading.day, mention.reading.clock) == (date(2026, 11, 4), time(14, 30))
    assert find_date("Phone Screen 11/4 2:30pm", None, near) is None  # 11 April or 4 November
    assert find_date("Final round 11/14", None, near).reading.day == date(2026, 11, 14)  # type: ignore[union-attr]
    mention = find_date("Onsite on Jan 5", None, date(2026, 12, 1))
    assert mention is not None and mention.reading.day == date(2027, 1, 5)  # the nearest one
    assert find_date("Applied", "mdy", near) is None
    assert find_date("Interview 2/3", "mdy", near) is None  # a round, not a day
    assert find_date("Screen on 11/4", "mdy", near).reading.day == date(2026, 11, 4)  # type: ignore[union-attr]
