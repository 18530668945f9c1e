"""Interviews planned ahead: when (in their own time zone), how long, where, with whom.

A scheduled interview keeps its own time zone (the recruiter's "14:00 Berlin time") beside
the moment itself, so it is shown both in that zone and in the user's, and a calendar file
can say "14:00 in Europe/Berlin" and let the phone do the arithmetic across daylight-saving
changes. Moving it or calling it off is kept as a time-stamped change, not an overwrite.

What an opportunity has ahead, and the agenda made from it, are in `catbird.model.agenda`.
"""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, model_validator

from catbird.model.common import Id, Line, Model, empty_list, new_id
from catbird.model.moments import Moment
from catbird.model.stage import now

InterviewKind = Literal["phone", "video", "onsite", "other"]
INTERVIEW_KINDS: tuple[InterviewKind, ...] = ("video", "phone", "onsite", "other")
KIND_WORDS: dict[str, str] = {
    "video": "video call",
    "phone": "phone call",
    "onsite": "on site",
    "other": "interview",
}
DEFAULT_MINUTES = 60
LONGEST_MINUTES = 12 * 60


def zone_problem(name: str) -> str | None:
    """Why `name` is not a time zone (None if it is one, or empty: the user's own)."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"{name!r} is not a time zone (try one like Europe/Berlin or America/New_York)"
    return None


def _zone_name(value: str) -> str:
    problem = zone_problem(value)
    if problem:
        raise ValueError(problem)
    return value


ZoneName = Annotated[Line, AfterValidator(_zone_name)]
"""An IANA time zone name (Europe/Berlin); empty for the user's own zone."""


def zone_of(name: str) -> tzinfo | None:
    """The zone a name says; None for "" (the user's own: `astimezone()` then follows it,
    daylight saving included)."""
    return ZoneInfo(name) if name else None


def local(moment: datetime) -> datetime:
    """The moment on the user's clock (the system's zone, daylight saving included: a fixed
    offset taken from today would be an hour off across a change)."""
    return moment.astimezone()


class ScheduleChange(Model):
    """A time-stamped change to a scheduled interview: moved (from when), edited (where, how
    long, with whom…), or called off."""

    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    what: Literal["moved", "edited", "cancelled"] = "moved"
    from_time: Moment | None = None
    reason: Line = ""


class ScheduledInterview(Model):
    """An interview in the calendar: when, where, with whom. The tally started from it
    becomes a held `Interview` (whose id `held` then names)."""

    id: Id = Field(default_factory=new_id)
    at: Moment
    """When it starts; stored in its own zone's offset."""
    zone: ZoneName = ""
    """Its own time zone (the company's, the recruiter's); "" is the user's."""
    minutes: int = Field(default=DEFAULT_MINUTES, ge=5, le=LONGEST_MINUTES)
    round: int | None = Field(default=None, ge=1, le=99)
    kind: InterviewKind = "video"
    place: Line = ""
    link: Line = ""
    people: list[Id] = Field(default_factory=empty_list)
    """The opportunity's contacts who will be there."""
    note: Line = ""
    scheduled_at: Moment = Field(default_factory=now)
    changes: list[ScheduleChange] = Field(default_factory=empty_list)
    cancelled_at: Moment | None = None
    held: Id | None = None
    """The interview (tally) started from this one."""

    @model_validator(mode="after")
    def _in_own_zone(self) -> "ScheduledInterview":
        zone = zone_of(self.zone)
        if zone is not None and self.at.tzinfo is not None:
            object.__setattr__(self, "at", self.at.astimezone(zone))
        return self

    @property
    def ends_at(self) -> datetime:
        return self.at + timedelta(minutes=self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_ahead(self) -> bool:
        """Still to come: neither called off nor held."""
        return self.cancelled_at is None and self.held is None

    @property
    def sequence(self) -> int:
        """How many times it changed since it was first put in a calendar (RFC 5545's
        SEQUENCE: a calendar app takes the higher one as the newer)."""
        return len(self.changes)

    @property
    def last_changed(self) -> datetime:
        return self.changes[-1].at if self.changes else self.scheduled_at

    def own_time(self) -> datetime:
        """The start on its own zone's clock (the user's, without one)."""
        zone = zone_of(self.zone)
        return self.at.astimezone(zone) if zone is not None else local(self.at)


# ---- reading what people type ----------------------------------------------------------

_DURATION = r"(?i)^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?\s*$"
"""Compiled when first read (`catbird schedule --for`), not by every capture's import."""


def parse_minutes(text: str) -> int:
    """ "45m", "1h", "1h30m", "90" (minutes) → minutes. Raises ValueError in words."""
    match = re.match(_DURATION, text)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(f"{text!r} is not a duration like 45m, 1h or 1h30m")
    minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not 5 <= minutes <= LONGEST_MINUTES:
        raise ValueError(f"an interview lasts from 5 minutes to {LONGEST_MINUTES // 60} hours")
    return minutes


def parse_when(text: str, zone: str = "") -> datetime:
    """ "2026-12-03 14:00" (or with a T, seconds, an offset) on the clock of `zone` (the
    user's own when ""), as an aware time. A time the clocks skip (02:30 on the night they
    go forward) is refused; one they pass twice is the first. Raises ValueError in words."""
    problem = zone_problem(zone)
    if problem:
        raise ValueError(problem)
    try:
        moment = datetime.fromisoformat(text.strip().replace("  ", " "))
    except ValueError:
        raise ValueError(f"{text!r} is not a time like 2026-12-03 14:00") from None
    if len(text.strip()) <= 10:
        raise ValueError(f"{text!r} has no time of day: say it like 2026-12-03 14:00")
    if moment.tzinfo is not None:
        return moment
    tz = zone_of(zone)
    if tz is None:
        aware = moment.astimezone()
        wall = aware.replace(tzinfo=None)
    else:
        aware = moment.replace(tzinfo=tz)
        wall = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if wall != moment:
        where = zone or "your time zone"
        raise ValueError(
            f"{moment:%Y-%m-%d %H:%M} does not exist in {where}: the clocks skip it "
            "(daylight saving)"
        )
    return aware


def describe_time(moment: datetime, zone: str = "") -> str:
    """ "Thu 3 Dec 2026 14:00 Europe/Berlin (08:00 here)": in its own zone, and in the
    user's when they differ."""
    tz = zone_of(zone)
    own = moment.astimezone(tz) if tz is not None else local(moment)
    text = f"{own:%a} {own.day} {own:%b %Y %H:%M}"
    if zone:
        text += f" {zone}"
        here = local(moment)
        if here.utcoffset() != own.utcoffset():
            day = "" if here.date() == own.date() else f"{here:%a} {here.day} {here:%b} "
            text += f" ({day}{here:%H:%M} here)"
    return text


def describe_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")
