"""The agenda: what is overdue, then today and the coming days, from the opportunities.

Pure functions of opportunities (or their cards) and a moment, no I/O: the TUI, the CLI
and the cache of each file's facts (`catbird.store.facts`, which keeps what `dated` finds
in each file) get the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal, get_args

from catbird.model.calendar import (
    KIND_WORDS,
    LONGEST_MINUTES,
    ScheduledInterview,
    local,
    zone_of,
)
from catbird.model.moments import FIRST_YEAR, LAST_YEAR
from catbird.model.stage import ACTIVE_STAGES, Stage

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.summary import CardSummary


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


def on_agenda_by(
    card: CardSummary, until: date, *, interviews: bool = True, quiet_days: int | None = None
) -> bool:
    """Whether the card says it has something dated on or before `until`: a next action,
    an open follow-up, an interview ahead (with `interviews`), an offer that may carry a
    decision deadline, or (with `quiet_days`) an application quiet that long by `until`.
    The agenda and `due --count` read only these files (a promised date, "decision by
    Friday", is not on the card: it shows when the card has another)."""
    # The agenda asks this of every card at every change: the cheap tests first, and the
    # card's stage looked at once.
    if card.next_follow_up is not None and card.next_follow_up <= until:
        return True
    stage = card.stage
    active = stage in ACTIVE_STAGES
    if active and card.next_due is not None and card.next_due <= until:
        return True
    if interviews and (
        stage is Stage.OFFER
        or (active and any(local(at).date() <= until for at in card.next_interviews))
    ):
        return True
    if quiet_days:
        from catbird.model.people import quiet_days_now

        quiet = quiet_days_now(stage, card.last_news, until)
        return quiet is not None and quiet >= quiet_days
    return False


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


def dated(o: Opportunity) -> tuple[AgendaItem, ...]:
    """Everything of one opportunity an agenda may show, whatever its day and range: its
    tasks (on their days, none overdue yet) and its interviews ahead (on the day they fall
    on the user's clock now; `agenda_of` works that out again, as the clock may have moved
    to another zone since). A function of the opportunity alone, so a cache can keep it
    with the file's identity."""
    items: list[AgendaItem] = []

    def task(kind: AgendaKind, text: str, day: date, item: str | None) -> None:
        items.append(AgendaItem(o.slug, o.company, kind, text, day, item_id=item))

    active = o.stage.is_active
    if active and o.next_action and o.next_action.due:
        task("next-action", o.next_action.text, o.next_action.due, None)
    for f in o.follow_ups:
        if not f.is_done:
            task("follow-up", f.title, f.due, f.id)
    if not active:
        return tuple(items)
    for claim in o.claims:
        if claim.by_date is not None:
            task("promise", f"they said “{claim.text}”", claim.by_date, None)
    deadline = decision_deadline(o)
    if deadline is not None:
        task("decision", "Decide on the offer", deadline[1], deadline[0])
    for s in o.scheduled:
        if s.is_ahead:
            items.append(
                AgendaItem(
                    o.slug,
                    o.company,
                    "interview",
                    interview_title(o, s),
                    local(s.at).date(),
                    at=s.at,
                    minutes=s.minutes,
                    zone=s.zone,
                    where=s.place or s.link,
                    people=tuple(people_names(o, s.people)),
                    item_id=s.id,
                )
            )
    return tuple(items)


def agenda(opportunities: Iterable[Opportunity], moment: datetime, days: int) -> list[AgendaItem]:
    """What is on from the moment's day through `days` more days, on the user's clock:
    what is overdue first (tasks whose day has passed), then day by day, each day's
    interviews in time order after its tasks of the whole day. Interviews already over
    today stay on today's list; those of earlier days are gone."""
    return agenda_of((item for o in opportunities for item in dated(o)), moment, days)


def agenda_of(items: Iterable[AgendaItem], moment: datetime, days: int) -> list[AgendaItem]:
    """`agenda` from what the opportunities have dated (`dated`)."""
    today = local(moment).date()
    last = today + timedelta(days=max(days, 0))
    found: list[AgendaItem] = []
    for item in items:
        if item.at is None:
            if item.day < today:
                found.append(_overdue(item))
            elif item.day <= last:
                found.append(item)
            continue
        day = local(item.at).date()
        if today <= day <= last:
            found.append(item if day == item.day else replace(item, day=day))

    def order(item: AgendaItem) -> tuple[object, ...]:
        timed = item.at is not None
        when = item.at.timestamp() if item.at is not None else 0.0
        return (not item.overdue, item.day, timed, when, item.company.casefold(), item.text)

    found.sort(key=order)
    return found


def _overdue(i: AgendaItem) -> AgendaItem:
    """The task `i`, overdue (made directly: `dataclasses.replace` costs six times as much,
    and a long search has thousands of them)."""
    return AgendaItem(i.slug, i.company, i.kind, i.text, i.day, True, i.at, i.minutes, i.zone,
                      i.where, i.people, i.item_id)  # fmt: skip


def item_row(item: AgendaItem) -> list[object]:
    """What `dated` found, as plain JSON values (the slug and company are the file's)."""
    at = None if item.at is None else item.at.isoformat()
    return [item.kind, item.text, item.day.isoformat(), at, item.minutes, item.zone,
            item.where, list(item.people), item.item_id]  # fmt: skip


KINDS: frozenset[str] = frozenset(get_args(AgendaKind))


def item_of_row(slug: str, company: str, row: object) -> AgendaItem:
    """The item `item_row` wrote; ValueError for anything else (a damaged or doctored
    cache), never one the agenda would trip on when it shows it."""
    if type(row) is not list or len(row) != 9:
        raise ValueError(row)
    kind, text, day, at, minutes, zone, where, people, item_id = row
    if kind not in KINDS or type(text) is not str or type(where) is not str:
        raise ValueError(row)
    if type(minutes) is not int or not 0 <= minutes <= LONGEST_MINUTES:
        raise ValueError(row)
    if type(people) is not list or not all(type(p) is str for p in people):
        raise ValueError(row)
    if not (item_id is None or type(item_id) is str) or type(zone) is not str:
        raise ValueError(row)
    if zone:
        try:
            zone_of(zone)
        except (ValueError, KeyError, OSError):  # not a zone this machine knows
            raise ValueError(zone) from None
    moment = None if at is None else _moment(at)
    if (moment is None) != (kind != "interview"):
        raise ValueError(row)
    return AgendaItem(slug, company, kind, text, _day(day), at=moment, minutes=minutes,
                      zone=zone, where=where, people=tuple(people), item_id=item_id)  # fmt: skip


def _day(value: object) -> date:
    if type(value) is not str:
        raise ValueError(value)
    day = date.fromisoformat(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


def _moment(value: object) -> datetime:
    if type(value) is not str:
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(value)
    _day(moment.date().isoformat())
    return moment


def interview_title(o: Opportunity, s: ScheduledInterview) -> str:
    """ "Round 2 · video call" (and the role, when there is one)."""
    words = KIND_WORDS.get(s.kind, s.kind)
    text = f"Round {s.round} · {words}" if s.round else words.capitalize()
    return f"{text} — {o.role}" if o.role else text
