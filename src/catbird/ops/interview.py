"""Interviews: starting and ending them, the flags logged during one, the debrief, walking away."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from catbird.model import (
    Contact,
    Debrief,
    FlagEvent,
    Interview,
    NextAction,
    Note,
    Opportunity,
    Stage,
    StageChange,
    now,
    today,
)
from catbird.ops.common import apply, invalid, not_past, with_stage
from catbird.store import CatbirdError, Change, NotFound, Workspace

if TYPE_CHECKING:
    from catbird.model import Profile  # in annotations only (see ops/common.py)


def _flag_event(
    text: str, profile: Profile | None, green: bool | None, severity: int | None
) -> FlagEvent:
    key = text.strip().casefold()
    # Without a profile there are no presets; not building an empty Profile spares the CLI
    # building its validator.
    presets = profile.flags if profile is not None else []
    preset = next((p for p in presets if p.label.casefold() == key or p.key == text.strip()), None)
    if preset is not None:
        return FlagEvent.from_preset(preset, green=green, severity=severity)
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
    by: str = "",
) -> Change:
    """Log a flag on the current interview; a preset's label or key brings its severity/link.
    `by` names who raised it: a contact's name or a unique part of it (else kept as typed)."""
    try:
        event = _flag_event(text, profile, green, severity)
    except ValidationError as exc:
        raise invalid(exc) from None
    return log_flag(ws, slug, event, by=by)


def log_flag(
    ws: Workspace, slug: str, event: FlagEvent, interview_id: str | None = None, *, by: str = ""
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        nonlocal event
        if by:
            from catbird.ops.findings import resolve_person

            event = event.model_copy(update={"by": resolve_person(o, by)})
        if interview_id is not None:
            interview = next((i for i in o.interviews if i.id == interview_id), None)
            if interview is None:
                raise NotFound(f"{slug}: interview {interview_id} is gone")
        else:
            o, interview = current_interview(o)
        updated = interview.model_copy(update={"flags": [*interview.flags, event]})
        return _replace_interview(o, updated)

    return apply(ws, slug, change, f"{event.kind} flag on {slug}: {event.label}")


def add_person(ws: Workspace, slug: str, interview_id: str, name: str, *, role: str = "") -> Change:
    """Put someone across the table in an interview: a contact already known by that name
    (or a unique part of it), else a new contact, marked as met."""
    from catbird.ops.findings import resolve_person

    if not name.strip():
        raise CatbirdError("a person needs a name")

    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        found = o.contact(resolve_person(o, name))
        contacts = list(o.contacts)
        if found is None:
            try:
                found = Contact(name=name, role=role, met=True)
            except ValidationError as exc:
                raise invalid(exc) from None
            contacts.append(found)
        elif not found.met:
            contacts = [c.model_copy(update={"met": True}) if c is found else c for c in contacts]
        people = interview.people if found.id in interview.people else [*interview.people, found.id]
        o = o.model_copy(update={"contacts": contacts})
        return _replace_interview(o, interview.model_copy(update={"people": people}))

    return apply(ws, slug, change, f"{name.strip()} joins the interview at {slug}")


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
    scheduled: str | None = None,
) -> Change:
    """Start the tally; from a `scheduled` interview (its id), its people come along and
    it is marked as held by this one."""

    def change(o: Opportunity) -> Opportunity:
        if o.open_interview is not None:
            raise CatbirdError(f"{o.company} already has an interview under way")
        data: dict[str, object] = {
            "round": round or len(o.interviews) + 1,
            "kind": kind,
            "with_whom": with_whom,
        }
        planned = next((s for s in o.scheduled if s.id == scheduled), None)
        if scheduled is not None and planned is None:
            raise NotFound(f"{o.company}: scheduled interview {scheduled} is gone")
        if planned is not None:
            data["people"] = list(planned.people)
        interview = Interview.model_validate(data)
        update: dict[str, object] = {"interviews": [*o.interviews, interview]}
        if planned is not None:
            held = planned.model_copy(update={"held": interview.id})
            update["scheduled"] = [held if s.id == planned.id else s for s in o.scheduled]
            # The people across the table are now people met (thanks after the outcome).
            update["contacts"] = [
                c.model_copy(update={"met": True}) if c.id in planned.people and not c.met else c
                for c in o.contacts
            ]
        return o.model_copy(update=update)

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
    not_past(due, "the due date")

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
        closed = with_stage(
            o.model_copy(update={"interviews": interviews}), Stage.WALKED_AWAY, reason
        )
        assert closed.closing is not None
        closing = closed.closing.model_copy(update={"evidence": ids})
        return closed.model_copy(update={"closing": closing})

    return apply(ws, slug, change, f"walk away from {slug}")


def lead_after_walking_away(ws: Workspace, slug: str, role: str) -> Change:
    """A new lead at the company walked away from, for the role the candidate really wants:
    its people come along (a walk-away sometimes turns into that conversation), and the
    record says where it came from."""
    o = ws.read(slug)
    if o.stage is not Stage.WALKED_AWAY:
        raise CatbirdError(f"{o.company}: a new lead is for after walking away")
    created = now()
    try:
        lead = Opportunity(
            company=o.company,
            role=role,
            link=o.link,
            location=o.location,
            tags=list(o.tags),
            source=f"after walking away from {o.role or 'a role'} ({slug})",
            created_at=created,
            stage_history=[StageChange(at=created, stage=Stage.LEAD)],
            contacts=list(o.contacts),
            notes=[Note(at=created, text=f"The role I really want here: {role}")],
        )
    except ValidationError as exc:
        raise invalid(exc) from None
    return ws.create(lead, f"new lead at {o.company}")
