"""Dates as trackers write them, read back exactly or not at all.

ISO (`2026-11-04`, `2026-11-04T14:30:00Z`), numbers in either order (`11/3/26, 2:22 PM`,
`04.11.2026 14:30`), month names (`November 4, 2026 2:30 PM`, `4 Nov 26`, `Wed, Nov 4, 2026`)
and spreadsheet serial day numbers. A trailing time is kept when there is one.

The one rule that matters: never a wrong date. `05/11/2026` is the 5th of November or the 11th
of May; which one is decided from every value of its column (a `13/…` or `…/13…` anywhere
settles it), then from the other date columns of the file, then by what the exporting program
is known to write, then by `--date-order` — and when nothing tells, the cell is refused with a
message that says how to settle it, never guessed. Plain Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal

DateOrder = Literal["dmy", "mdy"]

FIRST_YEAR, LAST_YEAR = 1990, 2100
EXCEL_EPOCH = date(1899, 12, 30)
# Serial day numbers of 1954 … 2119: a count of days below that is a count, not a date.
SERIAL_RANGE = (20000, 80000)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    1,
):
    for _name in _names:
        MONTHS[_name] = _number

_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|urday|rsday)?\.?,?\s+",
    re.IGNORECASE,
)
# A time at the end: `, 2:22 PM`, ` at 14:30`, ` 2pm`, ` 14:30:05`.
_TIME = re.compile(
    r"(?:[,\s]+(?:at\s+)?|T)"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2})(?:\.\d+)?)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2}|\d{4})\.?$")
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_WORDS = re.compile(r"[a-z]+\.?|\d+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """A date read from a cell, with its time of day if the cell gave one."""

    day: date
    clock: time | None = None

    def moment(self) -> datetime | None:
        """The cell's time as an aware moment (local time unless the cell named a zone)."""
        if self.clock is None:
            return None
        at = datetime.combine(self.day, self.clock)
        return at if at.tzinfo is not None else at.astimezone()


class Ambiguous(ValueError):
    """Both readings of a day/month date are real dates, and nothing says which is meant."""


def order_name(order: DateOrder) -> str:
    return "day/month/year" if order == "dmy" else "month/day/year"


@lru_cache(maxsize=16384)  # a file's dates repeat (a search spans a few hundred days)
def read_date(text: str, order: DateOrder | None = None) -> Reading:
    """The date in `text`, reading day-or-month-first numbers in `order`.

    With `order` None, a date whose two readings differ (`05/11/2026`) is refused with
    `Ambiguous`; one that reads only one way (`25/10/2026`) is read that way.
    Raises ValueError for anything that is not a date.
    """
    value = " ".join(text.strip().split())
    # Notion writes a range as `start → end`: the start is the date of the thing.
    value = value.split("→", 1)[0].strip()
    if not value:
        raise ValueError("empty date")
    reading = _read(value, order)
    if not FIRST_YEAR <= reading.day.year <= LAST_YEAR:
        raise ValueError(f"the date {text.strip()!r} is out of range")
    return reading


def _read(value: str, order: DateOrder | None) -> Reading:
    if _ISO_LIKE.match(value):
        try:
            at = datetime.fromisoformat(value.replace(" UTC", "Z"))
        except ValueError:
            at = None
        if at is not None:
            has_time = len(value) > 10
            return Reading(at.date(), at.timetz() if has_time else None)
    if value.isdigit() and SERIAL_RANGE[0] <= int(value) <= SERIAL_RANGE[1]:
        return Reading(EXCEL_EPOCH + timedelta(days=int(value)))
    value = _WEEKDAY.sub("", value)
    head, clock = _split_time(value)
    match = _NUMERIC.match(head)
    if match:
        return Reading(_numeric(match, order, value), clock)
    day = _worded(head)
    if day is None:
        raise ValueError(f"{value!r} is not a date (try YYYY-MM-DD)")
    return Reading(day, clock)


def _split_time(value: str) -> tuple[str, time | None]:
    """The date part and the time at its end, if the end reads as a time."""
    match = _TIME.search(value)
    if match is None or match.start() == 0:
        return value.rstrip(" ,"), None
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if match["m"] is None and not ampm:
        # A bare number at the end is the year (`Nov 4 2026`), not a time.
        return value.rstrip(" ,"), None
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"{value!r}: {hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{value!r} has no such time of day")
    tz: timezone | None = None
    if match["tz"]:
        zone = match["tz"].upper()
        if zone in ("Z", "UTC", "GMT"):
            tz = UTC
        else:
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return value[: match.start()].rstrip(" ,"), time(hour, minute, second, tzinfo=tz)


def _year(text: str) -> int:
    # Two-digit years are this century's (trackers are younger than 2000), up to 2069; a `95`
    # could be 1995 or 2095, and is refused rather than guessed.
    if len(text) != 2:
        return int(text)
    if int(text) >= 70:
        raise ValueError(f"the year {text!r} could be 19{text} or 20{text}; write it in full")
    return int(text) + 2000


def _numeric(match: re.Match[str], order: DateOrder | None, value: str) -> date:
    first, _, second, last = match.groups()
    if len(first) == 4:
        try:
            return date(int(first), int(second), int(last))
        except ValueError:
            raise ValueError(f"{value!r} is not a date (read as year/month/day)") from None
    if len(first) == 3:
        raise ValueError(f"{value!r} is not a date")
    year = _year(last)
    a, b = int(first), int(second)
    readings = {o: _maybe(year, *((b, a) if o == "dmy" else (a, b))) for o in ("dmy", "mdy")}
    if order is not None:
        day = readings[order]
        if day is None:
            raise ValueError(f"{value!r} is not a date (read as {order_name(order)})")
        return day
    valid = {d for d in readings.values() if d is not None}
    if not valid:
        raise ValueError(f"{value!r} is not a date")
    if len(valid) == 1:
        return valid.pop()
    raise Ambiguous(
        f"{value!r} could be {_spoken(readings['dmy'])} or {_spoken(readings['mdy'])}; "
        "nothing in its column tells which (say it with --date-order dmy or mdy)"
    )


def _spoken(day: date | None) -> str:
    return f"{day.day} {day:%B}" if day else "?"


def _maybe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _worded(value: str) -> date | None:
    """`November 4, 2026`, `4 Nov 26`, `4th of November 2026`, `Nov-04-2026`."""
    words = [w.rstrip(".").lower() for w in _WORDS.findall(value)]
    words = [re.sub(r"^(\d+)(st|nd|rd|th)$", r"\1", w) for w in words if w not in ("of", "the")]
    words = [w for w in words if w not in ("st", "nd", "rd", "th")]
    if len(words) != 3:
        return None
    months = [i for i, w in enumerate(words) if w in MONTHS]
    if len(months) != 1 or not all(w.isdigit() for i, w in enumerate(words) if i != months[0]):
        return None
    month = MONTHS[words[months[0]]]
    numbers = [w for i, w in enumerate(words) if i != months[0]]
    if months[0] == 0 or (months[0] == 1 and len(numbers[0]) <= 2):
        day_text, year_text = numbers  # Nov 4 2026, 4 Nov 2026
    else:
        return None
    if len(day_text) > 2 or len(year_text) not in (2, 4):
        return None
    return _maybe(_year(year_text), month, int(day_text))


# ---- a column's order ---------------------------------------------------------------------


def column_order(values: Iterable[str]) -> DateOrder | Literal["both"] | None:
    """What the numeric day/month dates of one column say about their order: `dmy` if some
    read only day first, `mdy` if some read only month first, `both` if the column says both
    (then no order is taken from it), None if none of them tells."""
    day_first = month_first = False
    for value in values:
        head, _ = _split_time_safe(_WEEKDAY.sub("", " ".join(value.split())))
        match = _NUMERIC.match(head)
        if not match or len(match.group(1)) >= 3:
            continue
        a, b = int(match.group(1)), int(match.group(3))
        day_first |= a > 12 and b <= 12
        month_first |= b > 12 and a <= 12
    if day_first and month_first:
        return "both"
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return None


def _split_time_safe(value: str) -> tuple[str, time | None]:
    try:
        return _split_time(value)
    except ValueError:
        return value, None


def looks_like_date(value: str) -> bool:
    """Whether a cell reads as a date in some order (for telling a date column from text)."""
    orders: tuple[DateOrder, ...] = ("dmy", "mdy")
    for order in orders:
        try:
            read_date(value, order)
        except ValueError:
            continue
        return True
    return False


# ---- dates inside free text ---------------------------------------------------------------

_IN_TEXT = re.compile(
    r"(?<![\w/.])"
    r"(?P<date>\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[/.]\d{1,2}(?:[/.](?:\d{4}|\d{2}))?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)"
    r"(?P<time>(?:,?\s*(?:at|@)?\s*)\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|\s*(?:at|@)?\s*\d{1,2}:\d{2})?"
    r"(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A date written inside a status or note: `Phone Screen 11/4 2:30pm`."""

    reading: Reading
    start: int
    end: int


def find_date(text: str, order: DateOrder | None, near: date) -> Mention | None:
    """The first date written in `text`, its year (when left out) the one that puts it
    nearest to `near`; None when there is none, when it could be read two ways, or when it
    is a bare `2/3` (no year, no time, no "on" before it): more likely a count than a day."""
    for match in _IN_TEXT.finditer(text):
        written = match["date"]
        clock = _clock(match["time"] or "")
        bare = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", written)
        said_on = re.search(r"\b(on|am|le|el|op)\s*$", text[: match.start()])
        if bare and clock is None and not said_on and max(map(int, bare.groups())) <= 12:
            continue  # "Interview 2/3" is more likely round 2 of 3 than the 3rd of February
        try:
            day = _mentioned(written, order, near)
        except ValueError:
            continue
        if day is not None:
            return Mention(Reading(day, clock), match.start(), match.end())
    return None


def _clock(text: str) -> time | None:
    text = text.strip(" ,@").removeprefix("at").strip()
    if not text:
        return None
    try:
        _, clock = _split_time("x " + text)
    except ValueError:
        return None
    return clock


def _mentioned(written: str, order: DateOrder | None, near: date) -> date | None:
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", written)
    if numeric is None:
        if re.search(r"\d{2,4}$", written) and not re.search(r"[a-z]", written, re.IGNORECASE):
            return read_date(written, order).day
        if re.search(r"[a-z]", written, re.IGNORECASE):
            words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", written, flags=re.IGNORECASE)
            return _nearest(near, lambda y: _worded(f"{words} {y}"))
        return None
    a, b = int(numeric[1]), int(numeric[2])
    found: dict[str, date | None] = {
        "dmy": _nearest(near, lambda y: _maybe(y, b, a)),
        "mdy": _nearest(near, lambda y: _maybe(y, a, b)),
    }
    if order is not None:
        return found[order]
    days = {d for d in found.values() if d is not None}
    return days.pop() if len(days) == 1 else None


def _nearest(near: date, make: Callable[[int], date | None]) -> date | None:
    options = [d for y in (near.year - 1, near.year, near.year + 1) if (d := make(y)) is not None]
    return min(options, key=lambda d: abs((d - near).days)) if options else None
