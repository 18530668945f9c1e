"""The operations on a workspace, shared by the CLI and the TUI.

Each operation validates its input, changes one opportunity through `Workspace.update` (a
locked read-modify-write of one file) and returns the `Change` it made — which is what the
TUI shows, and what undo and redo replay. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import ValidationError

from catbird.model import (
    ACTIVE_STAGES,
    FOLLOW_UP_STAGES,
    Closing,
    Contact,
    Debrief,
    FlagEvent,
    FollowUp,
    Interview,
    NextAction,
    Note,
    Opportunity,
    Profile,
    Stage,
    StageChange,
    now,
    three_way,
    today,
)
from catbird.store import Ambiguous, CatbirdError, Change, NotFound, Workspace
from catbird.store.tomlio import field_path

# ---- finding an opportunity ---------------------------------------------------------------


def resolve(ws: Workspace, ref: str) -> str:
    """The slug REF names: a slug, a unique slug prefix, or a unique part of a company name."""
    needle = ref.strip()
    if not needle:
        raise CatbirdError("an empty reference names no opportunity")
    slugs = ws.slugs()
    lowered = needle.casefold()
    if lowered in slugs:
        return lowered
    by_prefix = [s for s in slugs if s.startswith(lowered)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    companies = _companies(ws, slugs)
    candidates = by_prefix or [s for s in slugs if lowered in companies.get(s, "").casefold()]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFound(f"no opportunity matches {ref!r} (try `catbird list`)")
    raise Ambiguous(ref, [(s, companies.get(s, "?")) for s in candidates])


def _companies(ws: Workspace, slugs: Iterable[str]) -> dict[str, str]:
    """Company names, read from the top of each file without parsing the whole of it."""
    import tomllib

    out: dict[str, str] = {}
    for slug in slugs:
        try:
            with open(ws.path_for(slug), "rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            continue
        for line in head.splitlines():
            if line.startswith("company"):
                with contextlib.suppress(tomllib.TOMLDecodeError):
                    out[slug] = str(tomllib.loads(line).get("company", ""))
                break
    return out


# ---- helpers ------------------------------------------------------------------------------


def invalid(exc: ValidationError) -> CatbirdError:
    """A pydantic error as one line a person can act on."""
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        where = field_path(tuple(error["loc"]))
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return CatbirdError("; ".join(parts))


def apply(
    ws: Workspace, slug: str, change: Callable[[Opportunity], Opportunity], description: str
) -> Change:
    try:
        return ws.update(slug, change, description)
    except ValidationError as exc:
        raise invalid(exc) from None


def _not_past(day: date | None, what: str) -> None:
    if day is not None and day < today():
        raise CatbirdError(f"{what} {day.isoformat()} is in the past")


def _with_stage(opportunity: Opportunity, stage: Stage, note: str = "") -> Opportunity:
    if stage == opportunity.stage:
        raise CatbirdError(f"{opportunity.slug} is already at {stage.value!r}")
    change = StageChange(stage=stage, from_stage=opportunity.stage, note=note)
    closing = Closing(at=change.at, stage=stage, reason=note) if stage.is_closed else None
    return opportunity.model_copy(
        update={
            "stage": stage,
            "stage_history": [*opportunity.stage_history, change],
            "closing": closing,
        }
    )


# ---- operations ---------------------------------------------------------------------------


def add(
    ws: Workspace,
    company: str,
    *,
    role: str = "",
    stage: Stage = Stage.LEAD,
    link: str = "",
    source: str = "",
    location: str = "",
    tags: Iterable[str] = (),
    next_action: str = "",
    due: date | None = None,
) -> Change:
    _not_past(due, "the due date")
    try:
        created = now()
        opportunity = Opportunity(
            company=company,
            role=role,
            stage=stage,
            link=link,
            source=source,
            location=location,
            tags=list(tags),
            created_at=created,
            stage_history=[StageChange(at=created, stage=stage)],
            next_action=NextAction(text=next_action, due=due) if next_action else None,
            closing=Closing(at=created, stage=stage) if stage.is_closed else None,
        )
    except ValidationError as exc:
        raise invalid(exc) from None
    return ws.create(opportunity, f"add {opportunity.company}")


EDITABLE = ("company", "role", "link", "source", "location", "tags")


def edit(
    ws: Workspace,
    slug: str,
    *,
    next_action: str | None = None,
    due: date | None = None,
    **fields: object,
) -> Change:
    """Change the card's own fields and, if `next_action` is given, its next action.

    A due date in the past is refused unless it is the one already there (editing the
    text of an overdue action must not force a new date).
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CatbirdError(f"cannot edit {', '.join(sorted(unknown))}")

    def change(o: Opportunity) -> Opportunity:
        data = o.model_dump() | fields | {"slug": o.slug}
        if next_action is not None:
            if o.next_action is None or o.next_action.due != due:
                _not_past(due, "the due date")
            text = next_action.strip()
            data["next_action"] = {"text": text, "due": due} if text else None
        return Opportunity.model_validate(data)

    return apply(ws, slug, change, f"edit {slug}")


def set_next_action(ws: Workspace, slug: str, text: str, due: date | None = None) -> Change:
    _not_past(due, "the due date")

    def change(o: Opportunity) -> Opportunity:
        action = NextAction(text=text, due=due) if text.strip() else None
        return o.model_copy(update={"next_action": action})

    return apply(ws, slug, change, f"next action for {slug}")


def move(ws: Workspace, slug: str, stage: Stage, note: str = "") -> Change:
    return apply(ws, slug, lambda o: _with_stage(o, stage, note), f"move {slug} to {stage.value}")


def neighbour_stage(opportunity: Opportunity, delta: Literal[-1, 1]) -> Stage:
    """The stage `H` (-1) or `L` (+1) moves a card to.

    Forward from an offer is acceptance; back from a closed stage is the last active stage.
    """
    stage = opportunity.stage
    if stage.is_closed:
        if delta > 0:
            raise CatbirdError(
                f"{opportunity.company} is closed ({stage.value}); move it back first"
            )
        previous = [c.stage for c in opportunity.stage_history if c.stage.is_active]
        return previous[-1] if previous else Stage.LEAD
    index = ACTIVE_STAGES.index(stage) + delta
    if index < 0:
        raise CatbirdError(f"{opportunity.company} is already at the first stage")
    if index >= len(ACTIVE_STAGES):
        return Stage.ACCEPTED
    return ACTIVE_STAGES[index]


def step(ws: Workspace, slug: str, delta: Literal[-1, 1]) -> Change:
    def change(o: Opportunity) -> Opportunity:
        return _with_stage(o, neighbour_stage(o, delta))

    return apply(ws, slug, change, f"move {slug}")


def note(ws: Workspace, slug: str, text: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        return o.model_copy(update={"notes": [*o.notes, Note(text=text)]})

    return apply(ws, slug, change, f"note on {slug}")


def add_contact(
    ws: Workspace, slug: str, name: str, *, role: str = "", email: str = "", met: bool = False
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        contact = Contact(name=name, role=role, email=email, met=met)
        return o.model_copy(update={"contacts": [*o.contacts, contact]})

    return apply(ws, slug, change, f"contact at {slug}")


def _flag_event(text: str, profile: Profile, green: bool | None, severity: int | None) -> FlagEvent:
    key = text.strip().casefold()
    preset = next(
        (p for p in profile.flags if p.label.casefold() == key or p.key == text.strip()), None
    )
    if preset is not None:
        kind = "green" if green else preset.kind
        return FlagEvent(
            label=preset.label,
            kind=kind,
            severity=severity or preset.severity,
            preset=preset.id,
            dealbreaker=preset.dealbreaker if kind == "red" else None,
        )
    return FlagEvent(label=text, kind="green" if green else "red", severity=severity or 2)


def current_interview(o: Opportunity) -> tuple[Opportunity, Interview]:
    """The open interview; else the latest one started today; else a new one for today."""
    open_one = o.open_interview
    if open_one is not None:
        return o, open_one
    day = today()
    for interview in reversed(o.interviews):
        if interview.started_at.date() == day:
            return o, interview
    moment = now()
    interview = Interview(
        started_at=moment, ended_at=moment, round=len(o.interviews) + 1, kind="other"
    )
    return o.model_copy(update={"interviews": [*o.interviews, interview]}), interview


def _replace_interview(o: Opportunity, interview: Interview) -> Opportunity:
    return o.model_copy(
        update={"interviews": [interview if i.id == interview.id else i for i in o.interviews]}
    )


def flag(
    ws: Workspace,
    slug: str,
    text: str,
    *,
    green: bool | None = None,
    severity: int | None = None,
    profile: Profile | None = None,
) -> Change:
    """Log a flag on the current interview; a preset's label or key brings its severity/link."""
    try:
        event = _flag_event(text, profile or Profile(), green, severity)
    except ValidationError as exc:
        raise invalid(exc) from None
    return log_flag(ws, slug, event)


def log_flag(ws: Workspace, slug: str, event: FlagEvent, interview_id: str | None = None) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if interview_id is not None:
            interview = next((i for i in o.interviews if i.id == interview_id), None)
            if interview is None:
                raise NotFound(f"{slug}: interview {interview_id} is gone")
        else:
            o, interview = current_interview(o)
        updated = interview.model_copy(update={"flags": [*interview.flags, event]})
        return _replace_interview(o, updated)

    return apply(ws, slug, change, f"{event.kind} flag on {slug}: {event.label}")


def interview_note(ws: Workspace, slug: str, interview_id: str, text: str) -> Change:
    """A one-line note during an interview, kept with the interview's flags."""

    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        updated = interview.model_copy(update={"notes": [*interview.notes, Note(text=text)]})
        return _replace_interview(o, updated)

    return apply(ws, slug, change, f"note on the interview at {slug}")


def start_interview(
    ws: Workspace,
    slug: str,
    *,
    round: int | None = None,
    kind: str = "video",
    with_whom: str = "",
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if o.open_interview is not None:
            raise CatbirdError(f"{o.company} already has an interview under way")
        interview = Interview.model_validate(
            {"round": round or len(o.interviews) + 1, "kind": kind, "with_whom": with_whom}
        )
        return o.model_copy(update={"interviews": [*o.interviews, interview]})

    return apply(ws, slug, change, f"start interview at {slug}")


def end_interview(
    ws: Workspace, slug: str, interview_id: str, debrief: Debrief | None = None
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        update: dict[str, object] = {"debrief": debrief or interview.debrief}
        if interview.ended_at is None:
            update["ended_at"] = now()
        return _replace_interview(o, interview.model_copy(update=update))

    return apply(ws, slug, change, f"end interview at {slug}")


def debrief(
    ws: Workspace,
    slug: str,
    interview_id: str,
    debrief: Debrief,
    next_action: str = "",
    due: date | None = None,
) -> Change:
    """End an interview with the candidate's debrief and, optionally, the next action."""
    _not_past(due, "the due date")

    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        ended = interview.ended_at or now()
        o = _replace_interview(
            o, interview.model_copy(update={"ended_at": ended, "debrief": debrief})
        )
        if next_action.strip():
            o = o.model_copy(update={"next_action": NextAction(text=next_action, due=due)})
        return o

    return apply(ws, slug, change, f"debrief at {slug}")


def walk_away(
    ws: Workspace, slug: str, reason: str = "", evidence: Iterable[str] | None = None
) -> Change:
    """Close the opportunity as walked-away, with the flags that led there as evidence."""

    def change(o: Opportunity) -> Opportunity:
        moment = now()
        interviews = [
            i.model_copy(update={"ended_at": moment}) if i.is_open else i for i in o.interviews
        ]
        if evidence is None:
            latest = o.open_interview or (o.interviews[-1] if o.interviews else None)
            ids = [f.id for f in latest.flags if f.kind == "red"] if latest else []
        else:
            ids = list(evidence)
        closed = _with_stage(o.model_copy(update={"interviews": interviews}), Stage.WALKED_AWAY)
        closing = Closing(at=moment, stage=Stage.WALKED_AWAY, reason=reason, evidence=ids)
        return closed.model_copy(update={"closing": closing})

    return apply(ws, slug, change, f"walk away from {slug}")


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


# ---- undo and redo ------------------------------------------------------------------------


def undo(ws: Workspace, change: Change) -> Change:
    """Revert `change` on top of what is on disk now; returns the change that redoes it.

    Whatever else happened to the file since (a flag from the CLI, say) is kept.
    """
    if change.before is None:  # it was created: take it away
        removed = ws.remove(change.slug)
        return Change(change.slug, removed, None, f"undo {change.description}")
    if change.after is None:  # it was removed: put it back
        ws.restore(change.before)
        return Change(change.slug, None, change.before, f"undo {change.description}")
    before, after = change.before, change.after
    reverted = apply(
        ws, change.slug, lambda current: three_way(after, before, current), change.description
    )
    return Change(change.slug, reverted.before, reverted.after, f"undo {change.description}")


# ---- what is due --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    slug: str
    company: str
    kind: Literal["next-action", "follow-up"]
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
    """Next actions and open follow-ups due on or before `until`, soonest first."""
    items: list[DueItem] = []
    for o in opportunities:
        action = o.next_action
        if action and action.due and action.due <= until and o.stage.is_active:
            items.append(DueItem(o.slug, o.company, "next-action", action.text, action.due))
        for f in o.follow_ups:
            if not f.is_done and f.due <= until:
                items.append(DueItem(o.slug, o.company, "follow-up", f.title, f.due, f.id))
    items.sort(key=lambda i: (i.due, i.company.casefold(), i.text))
    return items
