"""After an outcome: the follow-up plan, its tasks, and what is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from catbird.model import (
    FOLLOW_UP_STAGES,
    FollowUp,
    Opportunity,
    now,
    today,
)
from catbird.model.summary import CardSummary, due_of
from catbird.ops.common import apply, not_past
from catbird.store import CatbirdError, Change, NotFound, Workspace


def follow_up_plan(o: Opportunity, start: date | None = None) -> list[FollowUp]:
    """The tasks that keep a relationship alive after an outcome, dated from `start`."""
    from catbird.texts import follow_up_titles

    start = start or today()
    met = [c for c in o.contacts if c.met] or list(o.contacts)
    plan: list[FollowUp] = []
    for contact in met:
        plan.append(
            FollowUp(
                kind="thanks",
                title=follow_up_titles.thanks(contact.name, o.company),
                due=start + timedelta(days=1),
                contact=contact.id,
            )
        )
    for contact in (c for c in o.contacts if c.clicked):
        plan.append(
            FollowUp(
                kind="call",
                title=follow_up_titles.call(contact.name),
                due=start + timedelta(days=7),
                contact=contact.id,
            )
        )
    plan += [
        FollowUp(kind="review", title=follow_up_titles.review(o.company), due=start + timedelta(2)),
        FollowUp(
            kind="network", title=follow_up_titles.network(o.company), due=start + timedelta(3)
        ),
        FollowUp(kind="help", title=follow_up_titles.help(o.company), due=start + timedelta(30)),
        FollowUp(
            kind="check-in", title=follow_up_titles.check_in(o.company), due=start + timedelta(150)
        ),
    ]
    return plan


def plan_follow_ups(ws: Workspace, slug: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if o.stage not in FOLLOW_UP_STAGES:
            raise CatbirdError(
                f"{o.company} is at {o.stage.value!r}; a follow-up plan comes after "
                "a rejection, a decline or a walk-away"
            )
        if any(not f.is_done for f in o.follow_ups):
            raise CatbirdError(f"{o.company} already has a follow-up plan")
        return o.model_copy(update={"follow_ups": [*o.follow_ups, *follow_up_plan(o)]})

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


# ---- what is due --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    slug: str
    company: str
    kind: Literal["next-action", "follow-up", "promise"]
    text: str
    due: date
    follow_up_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "company": self.company,
            "kind": self.kind,
            "text": self.text,
            "due": self.due.isoformat(),
            "follow_up_id": self.follow_up_id,
        }


def due_items(opportunities: Iterable[Opportunity], until: date) -> list[DueItem]:
    """Next actions, open follow-ups and promised dates due on or before `until`, soonest
    first (what is due is `model.summary.due_of`)."""
    return _soonest_first(
        DueItem(o.slug, o.company, d.kind, d.text, d.due, d.follow_up_id)
        for o in opportunities
        for d in due_of(o)
        if d.due <= until
    )


def due_items_of_cards(cards: Iterable[CardSummary], until: date) -> list[DueItem]:
    """`due_items` from the opportunities' cards, which carry what falls due: across a
    whole workspace without reading a file."""
    return _soonest_first(
        DueItem(c.slug, c.company, d.kind, d.text, d.due, d.follow_up_id)
        for c in cards
        if c.due
        for d in c.due
        if d.due <= until
    )


def _soonest_first(items: Iterable[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (i.due, i.company.casefold(), i.text))
