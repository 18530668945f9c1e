"""Interviews planned ahead, and the agenda: the rules only, no I/O.

A scheduled interview keeps its own time zone (the recruiter's "14:00 Berlin time") beside
the moment itself, so it is shown both in that zone and in the user's, and a calendar file
can say "14:00 in Europe/Berlin" and let the phone do the arithmetic across daylight-saving
changes. Moving it or calling it off is kept as a time-stamped change, not an overwrite.

The agenda (`agenda`) is a pure function of opportunities and a moment, so the TUI, the CLI
and any cache that feeds it later get the same list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, model_validator

from catbird.model.common import Id, Line, Model, empty_list, new_id
from catbird.model.stage import now

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.summary import CardSummary

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


def _moment(value: datetime) -> datetime:
    # The one rule for stored times lives with the opportunity (imported here when first
    # used: the opportunity imports this module for its field).
    from catbird.model.opportunity import _aware

    return _aware(value)


Moment = Annotated[datetime, AfterValidator(_moment)]


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
    def _in_own_zone(self) -> ScheduledInterview:
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

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?\s*$", re.I)


def parse_minutes(text: str) -> int:
    """ "45m", "1h", "1h30m", "90" (minutes) → minutes. Raises ValueError in words."""
    match = _DURATION.match(text)
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


# ---- what an opportunity has ahead -----------------------------------------------------


def ahead(o: Opportunity, after: datetime | None = None) -> list[ScheduledInterview]:
    """Its interviews still to come (not called off, not held), soonest first; with
    `after`, only those not over by then."""
    found = [s for s in o.scheduled if s.is_ahead and (after is None or s.ends_at > after)]
    return sorted(found, key=lambda s: s.at)


def people_names(o: Opportunity, people: Iterable[str]) -> list[str]:
    return [o.who(person) for person in people]


def decision_deadline(o: Opportunity) -> tuple[str, date] | None:
    """The offer's decision deadline (the term's id and the day), if the worksheet has one."""
    if o.offer is None:
        return None
    for term in o.offer.terms:
        if term.role == "deadline" and isinstance(term.offered, date):
            return term.id, term.offered
    return None


# ---- the agenda ------------------------------------------------------------------------


def on_agenda_by(card: CardSummary, until: date, *, interviews: bool = True) -> bool:
    """Whether the card says it has something dated on or before `until`: a next action,
    an open follow-up, an interview ahead (with `interviews`), or an offer that may carry
    a decision deadline. The agenda and `due --count` read only these files (a promised
    date, "decision by Friday", is not on the card: it shows when the card has another)."""
    from catbird.model.stage import Stage

    return (
        (card.next_due is not None and card.next_due <= until and card.stage.is_active)
        or (card.next_follow_up is not None and card.next_follow_up <= until)
        or (
            interviews
            and card.stage.is_active
            and any(local(at).date() <= until for at in card.next_interviews)
        )
        or (interviews and card.stage is Stage.OFFER)
    )


AgendaKind = Literal["interview", "follow-up", "next-action", "promise", "decision"]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of the agenda: a dated task (all day) or an interview (with its times)."""

    slug: str
    company: str
    kind: AgendaKind
    text: str
    day: date
    """The day it falls on, on the user's clock."""
    overdue: bool = False
    at: datetime | None = None
    """An interview's start (aware); None for a task of the whole day."""
    minutes: int = 0
    zone: str = ""
    where: str = ""
    people: tuple[str, ...] = ()
    item_id: str | None = None
    """The scheduled interview's or the follow-up's id (to act on it)."""

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind,
            "slug": self.slug,
            "company": self.company,
            "text": self.text,
            "day": self.day.isoformat(),
            "overdue": self.overdue,
            "id": self.item_id,
        }
        if self.at is not None:
            data |= {
                "at": local(self.at).isoformat(),
                "zone": self.zone or None,
                "at_in_zone": self.own_time().isoformat(),
                "minutes": self.minutes,
                "where": self.where,
                "people": list(self.people),
            }
        return data

    def own_time(self) -> datetime:
        assert self.at is not None
        tz = zone_of(self.zone)
        return self.at.astimezone(tz) if tz is not None else local(self.at)


def agenda(opportunities: Iterable[Opportunity], moment: datetime, days: int) -> list[AgendaItem]:
    """What is on from the moment's day through `days` more days, on the user's clock:
    what is overdue first (tasks whose day has passed), then day by day, each day's
    interviews in time order after its tasks of the whole day. Interviews already over
    today stay on today's list; those of earlier days are gone."""
    today = local(moment).date()
    last = today + timedelta(days=max(days, 0))
    items: list[AgendaItem] = []

    def task(o: Opportunity, kind: AgendaKind, text: str, day: date, item: str | None) -> None:
        if day <= last:
            items.append(
                AgendaItem(o.slug, o.company, kind, text, day, overdue=day < today, item_id=item)
            )

    for o in opportunities:
        active = o.stage.is_active
        if active and o.next_action and o.next_action.due:
            task(o, "next-action", o.next_action.text, o.next_action.due, None)
        for f in o.follow_ups:
            if not f.is_done:
                task(o, "follow-up", f.title, f.due, f.id)
        if not active:
            continue
        for claim in o.claims:
            if claim.by_date is not None:
                task(o, "promise", f"they said “{claim.text}”", claim.by_date, None)
        deadline = decision_deadline(o)
        if deadline is not None:
            task(o, "decision", "Decide on the offer", deadline[1], deadline[0])
        for s in o.scheduled:
            if not s.is_ahead:
                continue
            day = local(s.at).date()
            if today <= day <= last:
                items.append(
                    AgendaItem(
                        o.slug,
                        o.company,
                        "interview",
                        interview_title(o, s),
                        day,
                        at=s.at,
                        minutes=s.minutes,
                        zone=s.zone,
                        where=s.place or s.link,
                        people=tuple(people_names(o, s.people)),
                        item_id=s.id,
                    )
                )

    def order(item: AgendaItem) -> tuple[object, ...]:
        timed = item.at is not None
        when = item.at.timestamp() if item.at is not None else 0.0
        return (not item.overdue, item.day, timed, when, item.company.casefold(), item.text)

    items.sort(key=order)
    return items


def interview_title(o: Opportunity, s: ScheduledInterview) -> str:
    """ "Round 2 · video call" (and the role, when there is one)."""
    words = KIND_WORDS.get(s.kind, s.kind)
    text = f"Round {s.round} · {words}" if s.round else words.capitalize()
    return f"{text} — {o.role}" if o.role else text
