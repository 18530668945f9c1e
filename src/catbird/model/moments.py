"""The times and days a stored model may hold: aware times, and years a date can compute in.

Shared by the opportunity and its calendar (plain pydantic annotations, nothing else), so
neither has to import the other for them.
"""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

FIRST_YEAR, LAST_YEAR = 1900, 9000
"""The years a time or a date may have: far wider than any job search, and narrow enough
that the weeks, months and time zones computed from one (insights, follow-ups, exports)
never leave what Python's dates can hold — year 9999 passed `check`, then crashed them."""


def _in_years(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return value


def _aware(value: datetime) -> datetime:
    _in_years(value)
    # A hand-written TOML time without an offset is taken as local time.
    if value.tzinfo is not None:
        return value
    try:
        return value.astimezone()
    except (OverflowError, ValueError):  # year 1 or 9999 shifted out of range
        raise ValueError("is out of the range of dates in this time zone") from None


Moment = Annotated[datetime, AfterValidator(_aware)]
Day = Annotated[date, AfterValidator(_in_years)]
