"""Endings: closing an opportunity (rejected, ghosted, declined, withdrawn, walked-away,
accepted) and the plan every ending gets, made in the same change (so one undo takes both
back); and the quiet applications that earn a nudge, then a proposal to close as ghosted.

The plan follows the advice: after a rejection or a silence, thank each person met, call
the ones you clicked with, review, keep them in your network, offer to help, and check back
in about five months; after declining or withdrawing, thank and keep in touch; after walking
away, one short note of thanks that leaves the door open; after accepting, tell the people
of every other search that you landed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
from catbird.ops.common import apply
from catbird.store import CatbirdError, Change, Workspace

QUIET_STAGES: tuple[Stage, ...] = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)
"""Where a silence is the company's: a lead has not been sent, an offer waits on the candidate."""

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


def elsewhere_for(ws: Workspace, slug: str) -> list[Elsewhere]:
    """The people met in every other search (those who raised red flags aside), one entry
    per search: who the "I landed" news goes to."""
    opportunities, _problems = ws.load_all()  # an unreadable file is `check`'s to report
    out: list[Elsewhere] = []
    for other in sorted(opportunities, key=lambda o: o.company.casefold()):
        if other.slug == slug:
            continue
        people = [c for c in met(other) if not raised_red_flags(other, c)]
        if people:
            out.append(
                Elsewhere(
                    slug=other.slug,
                    company=other.company,
                    people=[c.name for c in people],
                    emails=[c.email for c in people if c.email],
                )
            )
    return out


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


def close(ws: Workspace, slug: str, stage: Stage, reason: str = "") -> Change:
    """Close an opportunity as one of the endings, with its reason and its plan."""
    if stage.is_active:
        names = ", ".join(s.value for s in Stage if s.is_closed)
        raise CatbirdError(f"{stage.value!r} is not an ending; close as one of: {names}")
    elsewhere = elsewhere_for(ws, slug) if stage is Stage.ACCEPTED else ()
    return apply(
        ws,
        slug,
        lambda o: changed_stage(o, stage, reason.strip(), elsewhere=elsewhere),
        f"close {slug} as {stage.value}",
    )


# ---- silence ------------------------------------------------------------------------------


def last_news(o: Opportunity) -> date:
    """The last day anything happened here: a stage change, an interview, a note, a finding,
    something they said, a follow-up done."""
    moments: list[datetime] = [o.created_at]
    moments += [c.at for c in o.stage_history]
    moments += [i.started_at for i in o.interviews]
    moments += [n.at for n in o.notes]
    moments += [f.at for f in o.findings]
    moments += [c.at for c in o.claims]
    moments += [f.done_at for f in o.follow_ups if f.done_at is not None]
    return max(moments).date()


@dataclass(frozen=True, slots=True)
class Quiet:
    """An application with no news: `ghost` once it has been quiet twice as long."""

    slug: str
    company: str
    since: date
    days: int
    ghost: bool


def quiet(o: Opportunity, quiet_days: int, day: date | None = None) -> Quiet | None:
    """Whether `o` has gone quiet: None while there is news within `quiet_days`."""
    if o.stage not in QUIET_STAGES:
        return None
    day = day or today()
    since = last_news(o)
    days = (day - since).days
    if days < quiet_days:
        return None
    return Quiet(o.slug, o.company, since, days, ghost=days >= 2 * quiet_days)


def quiet_ones(opportunities: Iterable[Opportunity], quiet_days: int) -> list[Quiet]:
    day = today()
    found = [q for o in opportunities if (q := quiet(o, quiet_days, day)) is not None]
    return sorted(found, key=lambda q: (q.since, q.company.casefold()))


def nudged(ws: Workspace, slug: str, letter: str = "") -> Change:
    """The candidate checked in on a quiet application: kept as a done follow-up (with the
    words sent, if any), which is news, so the quiet starts again from today."""
    from catbird.model import now
    from catbird.texts import follow_up_titles as titles

    def change(o: Opportunity) -> Opportunity:
        if o.stage not in QUIET_STAGES:
            raise CatbirdError(f"{o.company} is at {o.stage.value!r}: nothing to nudge")
        moment = now()
        task = FollowUp(
            kind="nudge",
            title=titles.nudge(o.company),
            due=moment.date(),
            done_at=moment,
            sent_at=moment if letter.strip() else None,
            letter=letter,
        )
        return o.model_copy(update={"follow_ups": [*o.follow_ups, task]})

    return apply(ws, slug, change, f"check in with {slug}")
