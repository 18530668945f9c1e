"""The few facts a board card or a `catbird list` line needs, derived from an opportunity.

Summaries are small and plain, so thousands of them cost little memory and can be cached
on disk: the board paints from them and loads a whole opportunity only when it is opened.
This module is plain Python: the board paints from the cached summaries before pydantic is
imported (the model's modules are only imported by `summarize`, which needs them anyway).

A card is a named tuple, not a dataclass: the first frame makes 10,000 of them from the
summary index, and a tuple is built in one step (a frozen dataclass sets each of its 21
fields through `object.__setattr__`, ten times the cost), for the same size in memory.
The texts repeated from card to card (a company's name, roles, tags, what to do next) are
interned as the index is read, and equal days are one `date` object: thousands of cards
then hold one copy of each.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from catbird.model.clean import clean_line, clean_text, needs_cleaning
from catbird.model.stage import Stage

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.profile import Profile


def company_key(name: str) -> str:
    """What two company names share when they name the same company: case and spacing aside."""
    return " ".join(name.split()).casefold()


DueKind = Literal["next-action", "follow-up", "promise"]


class Due(NamedTuple):
    """Something on a card that falls due: its next action, an open follow-up, or a date
    they promised. Carried by the card, so that what is due across the workspace is known
    from the summary index without reading a file."""

    kind: DueKind
    text: str
    due: date
    follow_up_id: str | None = None
    follow_up_kind: str = ""
    """A follow-up's kind (thanks, call, check-in…): whether it has a letter to write."""


def due_of(opportunity: Opportunity) -> tuple[Due, ...]:
    """Everything open on `opportunity` that falls due, whenever: the one rule for what is
    due (the due view, `catbird due`, the card)."""
    found: list[Due] = []
    action = opportunity.next_action
    if action and action.due and opportunity.stage.is_active:
        found.append(Due("next-action", action.text, action.due))
    for f in opportunity.follow_ups:
        if not f.is_done:
            found.append(Due("follow-up", f.title, f.due, f.id, f.kind))
    if opportunity.stage.is_active:
        # A date they promised ("decision by Friday"): when it comes, ask where things are.
        found += [
            Due("promise", f"they said “{c.text}”", c.by_date)
            for c in opportunity.claims
            if c.by_date is not None
        ]
    return tuple(found)


class CardSummary(NamedTuple):
    slug: str
    company: str
    role: str
    stage: Stage
    tags: tuple[str, ...] = ()
    next_action: str = ""
    next_due: date | None = None
    red: int = 0
    green: int = 0
    red_weight: int = 0
    fit: int | None = None
    unknown: int = 0
    """Must-haves and dealbreakers not found out yet (0 without a profile)."""
    interviewing_now: bool = False
    follow_ups_open: int = 0
    next_follow_up: date | None = None
    stage_since: date | None = None
    closed_reason: str = ""
    contacts: tuple[str, ...] = ()
    """The names of the people met there (the command palette finds an opportunity by them)."""
    last_news: date | None = None
    """The last day anything happened (see `model.people.last_news`): how long it is quiet."""
    next_interviews: tuple[datetime, ...] = ()
    """When the interviews still to come start (the first few, soonest first): the card
    shows the first not yet over, so a cached card needs no rewrite when one passes."""
    due: tuple[Due, ...] = ()
    """What falls due on this opportunity (see `due_of`)."""

    @property
    def search_text(self) -> str:
        """What the board's `/` filter looks in: company, role and tags, case folded. Made
        when asked (a filter, not a paint), so 10,000 cards do not each carry a copy."""
        return _search_text(self.company, self.role, self.tags)

    def next_interview(self, moment: datetime) -> datetime | None:
        """The start of the first interview ahead that has not begun an hour before `moment`."""
        return next(
            (at for at in self.next_interviews if at.timestamp() > moment.timestamp() - 3600), None
        )

    def is_overdue(self, today: date) -> bool:
        return self.next_due is not None and self.next_due < today

    def matches(self, query: str) -> bool:
        """Case-insensitive match on company, role and tags (the board's `/` filter)."""
        return query.casefold() in self.search_text

    def to_json(self) -> dict[str, Any]:
        data = self._asdict()
        data["stage"] = self.stage.value
        data["tags"] = list(self.tags)
        data["contacts"] = list(self.contacts)
        for key in ("next_due", "next_follow_up", "stage_since", "last_news"):
            data[key] = data[key].isoformat() if data[key] else None
        data["next_interviews"] = [at.isoformat() for at in self.next_interviews]
        data.pop("due")  # `catbird due --json` lists those: the list's contract stays as it is
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CardSummary:
        data = dict(data)
        data["stage"] = Stage(data["stage"])
        data["tags"] = tuple(data.get("tags", ()))
        data["contacts"] = tuple(data.get("contacts", ()))
        for key in ("next_due", "next_follow_up", "stage_since", "last_news"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        data["next_interviews"] = tuple(
            map(datetime.fromisoformat, data.get("next_interviews", ()))
        )
        data["due"] = _dues_of_rows(data.get("due", []))
        return cls(**data)

    def to_row(self) -> list[Any]:
        """The fields in order, as JSON values: the summary index's compact form."""
        return [
            self.slug,
            self.company,
            self.role,
            self.stage.value,
            list(self.tags),
            self.next_action,
            _iso(self.next_due),
            self.red,
            self.green,
            self.red_weight,
            self.fit,
            self.unknown,
            self.interviewing_now,
            self.follow_ups_open,
            _iso(self.next_follow_up),
            _iso(self.stage_since),
            self.closed_reason,
            list(self.contacts),
            _iso(self.last_news),
            [at.isoformat() for at in self.next_interviews],
            [_due_row(d) for d in self.due],
        ]

    @classmethod
    def from_row(cls, row: list[Any]) -> CardSummary:
        """The summary `to_row` wrote. Raises ValueError on anything else (a damaged cache
        must never reach the screen as something other than what the card holds), and
        cleans every text as the model does: a cache is not to be trusted with the terminal.

        The board's first frame makes a card this way for every line of the index, so each
        check is one step over the whole row: the exact types of all fields at once, and one
        search for anything to clean in all the texts joined."""
        if type(row) is not list or tuple(map(type, row)) not in _ROW_SIGNATURES:
            raise ValueError("not a summary row")
        (slug, company, role, stage, tags, action, due, red, green, weight, fit, unknown, now_on,
         open_, next_up, since, reason, people, news, interviews, dues) = row  # fmt: skip
        try:  # the join also proves that every tag and name is text
            texts = "".join((slug, company, role, action, reason, *tags, *people))
        except TypeError:
            raise ValueError("not a summary row") from None
        # Newlines are fine in a reason only: look closer when the one search finds any.
        if needs_cleaning(texts) and (
            needs_cleaning("".join((slug, company, role, action, *tags, *people)))
            or needs_cleaning(reason.replace("\n", ""))
        ):
            if clean_line(slug) != slug:
                raise ValueError("not a summary row")
            company, role, action = clean_line(company), clean_line(role), clean_line(action)
            tags = [clean_line(tag) for tag in tags]
            people = [clean_line(name) for name in people]
            reason = clean_text(reason)
        try:
            stage_of = _STAGE_OF[stage]
        except KeyError:
            raise ValueError("not a summary row") from None
        intern = sys.intern
        return tuple.__new__(
            cls,
            (
                slug,
                intern(company),
                intern(role),
                stage_of,
                tuple(map(intern, tags)),
                intern(action),
                _day(due),
                red,
                green,
                weight,
                fit,
                unknown,
                now_on,
                open_,
                _day(next_up),
                _day(since),
                intern(reason) if reason else "",
                tuple(map(intern, people)),
                _day(news),
                _aware_times(interviews) if interviews else (),
                _dues_of_rows(dues) if dues else (),
            ),
        )


NEXT_INTERVIEWS_KEPT = 3
_STAGE_OF = {stage.value: stage for stage in Stage}
_DAY = (str, type(None))
_ROW_TYPES: tuple[type | tuple[type, ...], ...] = (
    str, str, str, str, list, str, _DAY, int, int, int, (int, type(None)), int,
    bool, int, _DAY, _DAY, str, list, _DAY, list, list,
)  # fmt: skip
"""The JSON types of a row's fields, in order (the exact types: `true` is no count)."""
assert len(_ROW_TYPES) == len(CardSummary._fields)


def _signatures(types: tuple[type | tuple[type, ...], ...]) -> frozenset[tuple[type, ...]]:
    """Every sequence of exact types a row may have (a field of two types gives two)."""
    found: list[tuple[type, ...]] = [()]
    for allowed in types:
        found = [
            (*s, t) for s in found for t in (allowed if isinstance(allowed, tuple) else (allowed,))
        ]
    return frozenset(found)


_ROW_SIGNATURES = _signatures(_ROW_TYPES)

_DAYS: dict[str, date] = {}
"""The days read from the index, by their text: one `date` object per day, however many
cards hold it (a date is 32 bytes; 10,000 cards have a few hundred different days)."""
_DAYS_KEPT = 20_000


def _day(text: str | None) -> date | None:
    """The day an index field holds (None for none); ValueError if it is not a day."""
    if not text:
        return None
    try:
        return _DAYS[text]
    except KeyError:
        pass
    day = date.fromisoformat(text)
    if len(_DAYS) >= _DAYS_KEPT:  # an index of many odd days: keep the cache small
        _DAYS.clear()
    _DAYS[text] = day
    return day


def _aware_times(texts: list[str]) -> tuple[datetime, ...]:
    if not all(type(text) is str for text in texts):
        raise ValueError("not a summary row")
    times = tuple(datetime.fromisoformat(text) for text in texts)
    if any(at.tzinfo is None for at in times):
        raise ValueError("not a summary row")
    return times


def _due_row(item: Due) -> list[Any]:
    return [item.kind, item.text, item.due.isoformat(), item.follow_up_id, item.follow_up_kind]


_DUE_KIND_OF: dict[str, DueKind] = {"next-action": "next-action", "follow-up": "follow-up",
                                   "promise": "promise"}  # fmt: skip
_DUE_SIGNATURES = _signatures((str, str, str, (str, type(None)), str))


def _dues_of_rows(rows: object) -> tuple[Due, ...]:
    """The `Due`s `_due_row` wrote; ValueError on anything else, texts cleaned."""
    if type(rows) is not list:
        raise ValueError("not a summary row")
    found = []
    intern = sys.intern
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) not in _DUE_SIGNATURES:
            raise ValueError("not a summary row")
        kind, text, day, follow_up_id, follow_up_kind = row
        when = _day(day)
        if kind not in _DUE_KIND_OF or when is None or not follow_up_kind.isascii():
            raise ValueError("not a summary row")
        if needs_cleaning(text + (follow_up_id or "") + follow_up_kind):
            text, follow_up_kind = clean_line(text), clean_line(follow_up_kind)
            follow_up_id = None if follow_up_id is None else clean_line(follow_up_id)
        found.append(
            tuple.__new__(
                Due,
                (_DUE_KIND_OF[kind], intern(text), when, follow_up_id, intern(follow_up_kind)),
            )
        )
    return tuple(found)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _search_text(company: str, role: str, tags: tuple[str, ...]) -> str:
    return " ".join((company, role, *tags)).casefold()


def summarize(opportunity: Opportunity, profile: Profile | None = None) -> CardSummary:
    from catbird.model.people import last_news
    from catbird.model.scoring import fit_score, red_score, unknown_count

    open_follow_ups = sorted(f.due for f in opportunity.follow_ups if not f.is_done)
    action = opportunity.next_action
    return CardSummary(
        slug=opportunity.slug,
        company=opportunity.company,
        role=opportunity.role,
        stage=opportunity.stage,
        tags=tuple(opportunity.tags),
        next_action=action.text if action else "",
        next_due=action.due if action else None,
        red=opportunity.red_count,
        green=opportunity.green_count,
        red_weight=red_score(opportunity.flags),
        fit=fit_score(opportunity, profile) if profile else None,
        unknown=unknown_count(opportunity, profile) if profile else 0,
        interviewing_now=opportunity.open_interview is not None,
        follow_ups_open=len(open_follow_ups),
        next_follow_up=open_follow_ups[0] if open_follow_ups else None,
        stage_since=opportunity.stage_entered_at().date(),
        closed_reason=opportunity.closing.reason if opportunity.closing else "",
        contacts=tuple(contact.name for contact in opportunity.contacts),
        last_news=last_news(opportunity),
        next_interviews=tuple(
            sorted(s.at for s in opportunity.scheduled if s.is_ahead)[:NEXT_INTERVIEWS_KEPT]
        ),
        due=due_of(opportunity),
    )
