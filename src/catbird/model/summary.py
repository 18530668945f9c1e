"""The few facts a board card or a `catbird list` line needs, derived from an opportunity.

Summaries are small and plain, so thousands of them cost little memory and can be cached
on disk: the board paints from them and loads a whole opportunity only when it is opened.
This module is plain Python: the board paints from the cached summaries before pydantic is
imported (the model's modules are only imported by `summarize`, which needs them anyway).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from catbird.model.clean import clean_line, clean_text, needs_cleaning
from catbird.model.stage import Stage

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.profile import Profile


def company_key(name: str) -> str:
    """What two company names share when they name the same company: case and spacing aside."""
    return " ".join(name.split()).casefold()


DueKind = Literal["next-action", "follow-up", "promise"]


@dataclass(frozen=True, slots=True)
class Due:
    """Something on a card that falls due: its next action, an open follow-up, or a date
    they promised. Carried by the card, so that what is due across the workspace is known
    from the summary index without reading a file."""

    kind: DueKind
    text: str
    due: date
    follow_up_id: str | None = None
    follow_up_kind: str = ""
    """A follow-up's kind (thanks, call, check-in…): whether it has a letter to write."""


_DUE_KINDS: frozenset[str] = frozenset(("next-action", "follow-up", "promise"))


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


@dataclass(frozen=True, slots=True)
class CardSummary:
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
    search_text: str = field(default="", compare=False)

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
        data = asdict(self)
        data.pop("search_text")
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
        return cls(**data, search_text=_search_text(data["company"], data["role"], data["tags"]))

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
        cleans every text as the model does: a cache is not to be trusted with the terminal."""
        if len(row) != len(_ROW_TYPES) or not all(map(isinstance, row, _ROW_TYPES)):
            raise ValueError("not a summary row")
        if not all(isinstance(tag, str) for tag in (*row[4], *row[17])) or row[3] not in _STAGE_OF:
            raise ValueError("not a summary row")
        if not all(isinstance(at, str) for at in row[19]):
            raise ValueError("not a summary row")
        (slug, company, role, stage, tags, action, due, red, green, weight, fit, unknown, now_on,
         open_, next_up, since, reason, people, news, interviews, dues) = row  # fmt: skip
        # Newlines are fine in a reason only: that search is the one made for every row.
        if needs_cleaning(
            "".join((slug, company, role, action, *tags, *people, reason.replace("\n", "")))
        ):
            if clean_line(slug) != slug:
                raise ValueError("not a summary row")
            company, role, action = clean_line(company), clean_line(role), clean_line(action)
            tags = [clean_line(tag) for tag in tags]
            people = [clean_line(name) for name in people]
            reason = clean_text(reason)
        tags = tuple(tags)
        day = date.fromisoformat  # the index is read at every start: keep the loop lean
        return cls(
            slug,
            company,
            role,
            _STAGE_OF[stage],
            tags,
            action,
            day(due) if due else None,
            red,
            green,
            weight,
            fit,
            unknown,
            now_on,
            open_,
            day(next_up) if next_up else None,
            day(since) if since else None,
            reason,
            tuple(people),
            day(news) if news else None,
            tuple(_aware_times(interviews)),
            _dues_of_rows(dues) if dues else (),
            _search_text(company, role, tags),
        )


NEXT_INTERVIEWS_KEPT = 3
_STAGE_OF = {stage.value: stage for stage in Stage}
_OPTIONAL_DAY = (str, type(None))
_ROW_TYPES: tuple[type | tuple[type, ...], ...] = (
    str, str, str, str, list, str, _OPTIONAL_DAY, int, int, int, (int, type(None)), int,
    bool, int, _OPTIONAL_DAY, _OPTIONAL_DAY, str, list, _OPTIONAL_DAY, list, list,
)  # fmt: skip
assert len(_ROW_TYPES) == len(fields(CardSummary)) - 1  # every field but search_text


def _aware_times(texts: list[str]) -> list[datetime]:
    times = [datetime.fromisoformat(text) for text in texts]
    if any(at.tzinfo is None for at in times):
        raise ValueError("not a summary row")
    return times


def _due_row(item: Due) -> list[Any]:
    return [item.kind, item.text, item.due.isoformat(), item.follow_up_id, item.follow_up_kind]


def _dues_of_rows(rows: object) -> tuple[Due, ...]:
    """The `Due`s `_due_row` wrote; ValueError on anything else, texts cleaned."""
    if not isinstance(rows, list):
        raise ValueError("not a summary row")
    found = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5):
            raise ValueError("not a summary row")
        kind, text, day, follow_up_id, follow_up_kind = row
        if kind not in _DUE_KINDS or not isinstance(text, str) or not isinstance(day, str):
            raise ValueError("not a summary row")
        if follow_up_id is not None and not isinstance(follow_up_id, str):
            raise ValueError("not a summary row")
        if not isinstance(follow_up_kind, str) or not follow_up_kind.isascii():
            raise ValueError("not a summary row")
        if needs_cleaning(text + (follow_up_id or "") + follow_up_kind):
            text, follow_up_kind = clean_line(text), clean_line(follow_up_kind)
            follow_up_id = None if follow_up_id is None else clean_line(follow_up_id)
        found.append(Due(kind, text, date.fromisoformat(day), follow_up_id, follow_up_kind))
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
        search_text=_search_text(opportunity.company, opportunity.role, tuple(opportunity.tags)),
    )
