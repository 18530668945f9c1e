"""The agenda: what is overdue, then today and the coming days, from the opportunities.

Pure functions of opportunities (or their cards) and a moment, no I/O: the TUI, the CLI
and any cache that feeds them later get the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from catbird.model.calendar import KIND_WORDS, ScheduledInterview, local, zone_of

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
    from catbird.model.people import quiet_days_now
    from catbird.model.stage import Stage

    quiet = quiet_days_now(card.stage, card.last_news, until) if quiet_days else None
    return (
        (quiet is not None and quiet_days is not None and quiet >= quiet_days)
        or (card.next_due is not None and card.next_due <= until and card.stage.is_active)
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
