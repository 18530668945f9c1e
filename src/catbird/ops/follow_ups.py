"""After an outcome: the follow-up plan, its tasks, and what is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from catbird.model import (
    FOLLOW_UP_STAGES,
    CardSummary,
    FollowUp,
    Opportunity,
    Profile,
    Stage,
    now,
    today,
)
from catbird.model.summary import due_of
from catbird.ops.common import apply, not_past
from catbird.store import CatbirdError, Change, NotFound, Workspace


def follow_up_plan(o: Opportunity, start: date | None = None) -> list[FollowUp]:
    """The tasks the ending `o` is at calls for, dated from `start` (see `ops.endings`)."""
    from catbird.ops.endings import ending_plan

    return ending_plan(o, o.stage, start)


def plan_follow_ups(ws: Workspace, slug: str) -> Change:
    """The plan of the ending a card is at, for a card that has none open (one closed
    before plans were made on every ending, or whose plan is all done)."""
    from catbird.ops.endings import elsewhere_for, ending_plan

    stage = ws.read(slug).stage
    elsewhere = elsewhere_for(ws, slug) if stage is Stage.ACCEPTED else []

    def change(o: Opportunity) -> Opportunity:
        if o.stage not in FOLLOW_UP_STAGES:
            raise CatbirdError(
                f"{o.company} is at {o.stage.value!r}; a follow-up plan comes after an ending"
            )
        if any(not f.is_done for f in o.follow_ups):
            raise CatbirdError(f"{o.company} already has a follow-up plan")
        plan = ending_plan(o, o.stage, None, elsewhere)
        return o.model_copy(update={"follow_ups": [*o.follow_ups, *plan]})

    return apply(ws, slug, change, f"follow-up plan for {slug}")


def complete_follow_up(ws: Workspace, slug: str, follow_up_id: str, done: bool = True) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if not any(f.id == follow_up_id for f in o.follow_ups):
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        return o.model_copy(
            update={
                "follow_ups": [
                    f.model_copy(update={"done_at": now() if done else None})
                    if f.id == follow_up_id
                    else f
                    for f in o.follow_ups
                ]
            }
        )

    return apply(ws, slug, change, f"follow-up on {slug}")


def edit_follow_up(
    ws: Workspace,
    slug: str,
    follow_up_id: str,
    *,
    title: str | None = None,
    due: date | None = None,
) -> Change:
    """Reword or re-date one follow-up task (a new date cannot be in the past)."""

    def change(o: Opportunity) -> Opportunity:
        task = next((f for f in o.follow_ups if f.id == follow_up_id), None)
        if task is None:
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        update: dict[str, object] = {}
        if title is not None:
            update["title"] = title
        if due is not None and due != task.due:
            not_past(due, "the new date")
            update["due"] = due
        edited = FollowUp.model_validate(task.model_dump() | update)
        return o.model_copy(
            update={"follow_ups": [edited if f.id == follow_up_id else f for f in o.follow_ups]}
        )

    return apply(ws, slug, change, f"follow-up on {slug}")


def remove_follow_up(ws: Workspace, slug: str, follow_up_id: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if not any(f.id == follow_up_id for f in o.follow_ups):
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        return o.model_copy(
            update={"follow_ups": [f for f in o.follow_ups if f.id != follow_up_id]}
        )

    return apply(ws, slug, change, f"remove a follow-up on {slug}")


def set_letter(ws: Workspace, slug: str, follow_up_id: str, letter: str) -> Change:
    """Keep the candidate's own version of a follow-up's letter ("" goes back to the draft)."""
    return _change_task(ws, slug, follow_up_id, {"letter": letter}, f"letter on {slug}")


def mark_sent(ws: Workspace, slug: str, follow_up_id: str, letter: str) -> Change:
    """The letter went: the task is done, and the words that went are kept with it."""
    moment = now()
    return _change_task(
        ws,
        slug,
        follow_up_id,
        {"letter": letter, "sent_at": moment, "done_at": moment},
        f"letter sent from {slug}",
    )


def _change_task(
    ws: Workspace, slug: str, follow_up_id: str, update: dict[str, object], description: str
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        task = next((f for f in o.follow_ups if f.id == follow_up_id), None)
        if task is None:
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        edited = FollowUp.model_validate(task.model_dump() | update)
        return o.model_copy(
            update={"follow_ups": [edited if f.id == follow_up_id else f for f in o.follow_ups]}
        )

    return apply(ws, slug, change, description)


# ---- what is due --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    slug: str
    company: str
    kind: Literal["next-action", "follow-up", "promise", "quiet"]
    text: str
    due: date
    follow_up_id: str | None = None
    follow_up_kind: str = ""
    """The follow-up's kind (thanks, call, check-in…); for a quiet application, "nudge"
    or "ghosted" (the proposal to close it as ghosted)."""
    contact: str = ""
    """The name of the person it is about, if one."""
    email: str = ""
    letter: str | None = None
    """The letter's text, when asked for (`due_items(..., profile=)`) and it has one."""

    def to_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "company": self.company,
            "kind": self.kind,
            "text": self.text,
            "due": self.due.isoformat(),
            "follow_up_id": self.follow_up_id,
            "follow_up_kind": self.follow_up_kind or None,
            "contact": self.contact or None,
            "email": self.email or None,
            "letter": self.letter,
        }


def due_items(
    opportunities: Iterable[Opportunity],
    until: date,
    *,
    quiet_days: int | None = None,
    profile: Profile | None = None,
) -> list[DueItem]:
    """Next actions, open follow-ups and promised dates due on or before `until`, soonest
    first (what is due is `model.summary.due_of`); with `quiet_days`, the applications
    gone quiet (a nudge, then a proposal to close as ghosted); with `profile`, each item's
    letter drafted."""
    from catbird.texts import letters

    items: list[DueItem] = []
    day = today()
    for o in opportunities:
        follow_ups = {f.id: f for f in o.follow_ups}
        for d in due_of(o):
            if d.due > until:
                continue
            f = follow_ups.get(d.follow_up_id or "")
            person = o.contact(f.contact) if f is not None and f.contact else None
            text: str | None = None
            if f is not None and profile is not None and letters.has_letter(f):
                text = letters.letter(o, f, profile).body
            items.append(
                DueItem(
                    o.slug,
                    o.company,
                    d.kind,
                    d.text,
                    d.due,
                    d.follow_up_id,
                    d.follow_up_kind,
                    person.name if person else "",
                    person.email if person else "",
                    text,
                )
            )
        if quiet_days:
            found = _quiet_item(o, quiet_days, day, profile)
            if found is not None and found.due <= until:
                items.append(found)
    return _soonest_first(items)


def due_items_of_cards(
    cards: Iterable[CardSummary], until: date, *, quiet_days: int | None = None
) -> list[DueItem]:
    """`due_items` from the opportunities' cards, which carry what falls due and when the
    company was last heard from: across a whole workspace without reading a file."""
    cards = list(cards)
    items = [
        DueItem(c.slug, c.company, d.kind, d.text, d.due, d.follow_up_id, d.follow_up_kind)
        for c in cards
        if c.due
        for d in c.due
        if d.due <= until
    ]
    if quiet_days:
        items += [i for i in quiet_items(cards, quiet_days) if i.due <= until]
    return _soonest_first(items)


def _soonest_first(items: Iterable[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (i.due, i.company.casefold(), i.text))


def quiet_items(cards: Iterable[CardSummary], quiet_days: int) -> list[DueItem]:
    """The quiet applications among `cards`, from their summaries alone (no file read): the
    due list's nudges and proposals to close as ghosted."""
    from catbird.model.people import QUIET_STAGES

    day = today()
    # Only where a silence counts (most cards of a long search are closed): the due list asks
    # this of every card at every change, on the UI thread.
    return [
        i
        for c in cards
        if c.stage in QUIET_STAGES
        and c.last_news is not None
        and (i := _quiet_item(c, quiet_days, day, None)) is not None
    ]


def _quiet_item(
    o: Opportunity | CardSummary, quiet_days: int, day: date, profile: Profile | None
) -> DueItem | None:
    """A nudge (quiet for `quiet_days`) or, quiet twice as long, the proposal to close it as
    ghosted; with a profile and the whole opportunity, the check-in note drafted."""
    from catbird.ops.endings import quiet
    from catbird.texts import follow_up_titles as titles
    from catbird.texts import letters

    silence = quiet(o, quiet_days, day)
    if silence is None:
        return None
    if silence.ghost:
        kind, due = "ghosted", silence.since + timedelta(days=2 * quiet_days)
        words = titles.ghosted(o.company, silence.days)
    else:
        kind, due = "nudge", silence.since + timedelta(days=quiet_days)
        words = titles.quiet(o.company, silence.days)
    body = None
    if profile is not None and isinstance(o, Opportunity):
        body = letters.nudge(o, profile).body
    return DueItem(o.slug, o.company, "quiet", words, due, None, kind, letter=body)
