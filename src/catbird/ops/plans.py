"""The plan each ending calls for, and the one rule for changing a stage (used by every
operation that moves a card): into an ending, the card is closed with its reason, its next
action retired and its plan made, all in one change; out of one, the plan's open tasks are
taken back. Plain functions on the model: nothing here touches the disk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from catbird.model import (
    Closing,
    Elsewhere,
    FollowUp,
    Opportunity,
    Stage,
    StageChange,
    today,
)
from catbird.model.people import met, raised_red_flags, to_call
from catbird.store import CatbirdError

# ---- the plan -----------------------------------------------------------------------------


def _task(stage: Stage, kind: str, title: str, due: date, **more: object) -> FollowUp:
    return FollowUp.model_validate(
        {"kind": kind, "title": title, "due": due, "planned_for": stage, **more}
    )


def ending_plan(
    o: Opportunity,
    stage: Stage | None = None,
    start: date | None = None,
    elsewhere: Sequence[Elsewhere] = (),
) -> list[FollowUp]:
    """The tasks an ending calls for, dated from `start` (today)."""
    from catbird.texts import follow_up_titles as titles

    stage = stage or o.stage
    day = start or today()
    company = o.company
    people = met(o)

    def thanks(days: int) -> list[FollowUp]:
        return [
            _task(
                stage, "thanks", titles.thanks(c.name, company), day + timedelta(days), contact=c.id
            )
            for c in people
        ]

    if stage in (Stage.REJECTED, Stage.GHOSTED):
        return [
            *thanks(1),
            *(
                _task(stage, "call", titles.call(c.name), day + timedelta(7), contact=c.id)
                for c in to_call(o)
            ),
            _task(stage, "review", titles.review(company), day + timedelta(2)),
            _task(stage, "network", titles.network(company), day + timedelta(3)),
            _task(stage, "help", titles.help(company), day + timedelta(30)),
            _task(stage, "check-in", titles.check_in(company), day + timedelta(150)),
        ]
    if stage is Stage.DECLINED:
        return [
            _task(stage, "decline", titles.decline(company), day),
            *thanks(1),
            _task(stage, "network", titles.keep_in_touch(company), day + timedelta(14)),
        ]
    if stage is Stage.WITHDRAWN:
        return [
            _task(stage, "withdraw", titles.withdraw(company), day),
            *thanks(1),
            _task(stage, "network", titles.keep_in_touch(company), day + timedelta(14)),
        ]
    if stage is Stage.WALKED_AWAY:
        first = next((c for c in people if not raised_red_flags(o, c)), None)
        return [
            _task(
                stage,
                "thanks",
                titles.door_open(company),
                day + timedelta(1),
                contact=first.id if first else None,
            )
        ]
    if stage is Stage.ACCEPTED:
        return [
            _task(
                stage,
                "landed",
                titles.landed(e.people, e.company, company),
                day + timedelta(3),
                elsewhere=e,
            )
            for e in elsewhere
        ]
    return []


def _takes_back(task: FollowUp) -> bool:
    """A task of an earlier plan that reopening (or another ending) takes back: one still
    open that the candidate has not written a letter for."""
    return task.planned_for is not None and not task.is_done and not task.letter.strip()


def changed_stage(
    o: Opportunity,
    stage: Stage,
    note: str = "",
    *,
    elsewhere: Sequence[Elsewhere] = (),
    plan: bool = True,
    at: datetime | None = None,
) -> Opportunity:
    """`o` at `stage`, time-stamped. Into an ending: closed with `note` as the reason, its
    next action retired into the closing, and (with `plan`) the ending's follow-ups planned.
    Out of one: the open tasks of its plan taken back (the closing is history)."""
    if stage == o.stage:
        raise CatbirdError(f"{o.slug or o.company} is already at {stage.value!r}")
    change = StageChange(stage=stage, from_stage=o.stage, note=note)
    if at is not None:
        change = change.model_copy(update={"at": at})
    follow_ups = [f for f in o.follow_ups if not _takes_back(f)]
    update: dict[str, object] = {
        "stage": stage,
        "stage_history": [*o.stage_history, change],
        "follow_ups": follow_ups,
        "closing": None,
    }
    if stage.is_closed:
        action = o.next_action.text if o.next_action else ""
        if o.closing is not None and not action:
            action = o.closing.retired_action
        update["closing"] = Closing(at=change.at, stage=stage, reason=note, retired_action=action)
        update["next_action"] = None
        if plan:
            start = change.at.date()
            planned = ending_plan(o, stage, start, elsewhere)
            update["follow_ups"] = [*follow_ups, *planned]
    return o.model_copy(update=update)


def planned(before: Opportunity | None, after: Opportunity | None) -> list[FollowUp]:
    """The follow-ups a change planned (what a screen or a command says it did)."""
    if after is None:
        return []
    old = {f.id for f in before.follow_ups} if before is not None else set()
    return [f for f in after.follow_ups if f.id not in old]
