"""Interviews in the calendar: scheduling one, moving it, calling it off (time-stamped)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from catbird.model import Contact, Opportunity, now
from catbird.model.agenda import ahead
from catbird.model.calendar import ScheduleChange, ScheduledInterview, describe_time
from catbird.ops.common import apply, invalid
from catbird.store import CatbirdError, Change, NotFound, Workspace


def _not_past(at: datetime) -> None:
    if at < now():
        raise CatbirdError(f"{describe_time(at)} is in the past: an interview is scheduled ahead")


def _people(o: Opportunity, names: Iterable[str]) -> tuple[Opportunity, list[str]]:
    """The contact ids for `names` (an id, a whole name or a unique part of one); a name
    that is no one's yet becomes a new contact of the opportunity."""
    from catbird.ops.findings import resolve_person

    contacts = list(o.contacts)
    ids: list[str] = []
    for name in names:
        if not name.strip():
            continue
        found = o.contact(resolve_person(o, name)) or next(
            (c for c in contacts if c.name.casefold() == name.strip().casefold()), None
        )
        if found is None:
            found = Contact(name=name)
            contacts.append(found)
        if found.id not in ids:
            ids.append(found.id)
    return o.model_copy(update={"contacts": contacts}), ids


def find_scheduled(o: Opportunity, ref: str | None = None) -> ScheduledInterview:
    """The scheduled interview `ref` names (its id or the start of it, or its round); with
    no ref, the next one still to come."""
    if not ref:
        coming = ahead(o, now())
        if not coming:
            raise NotFound(f"{o.company} has no interview scheduled ahead")
        return coming[0]
    key = ref.strip().casefold()
    found = [s for s in o.scheduled if s.id.startswith(key)]
    if not found and key.isdigit():
        found = [s for s in o.scheduled if s.round == int(key) and s.is_ahead]
    if not found:
        raise NotFound(f"{o.company} has no scheduled interview {ref!r}")
    if len(found) > 1:
        raise CatbirdError(
            f"{ref!r} names {len(found)} interviews: " + ", ".join(s.id for s in found)
        )
    return found[0]


def _replace(o: Opportunity, item: ScheduledInterview) -> Opportunity:
    return o.model_copy(update={"scheduled": [item if s.id == item.id else s for s in o.scheduled]})


def schedule(
    ws: Workspace,
    slug: str,
    at: datetime,
    *,
    zone: str = "",
    minutes: int = 60,
    kind: str = "video",
    round: int | None = None,
    place: str = "",
    link: str = "",
    people: Iterable[str] = (),
    note: str = "",
) -> Change:
    """Put an interview in the calendar; `people` are names (new ones become contacts)."""
    _not_past(at)
    names = list(people)

    def change(o: Opportunity) -> Opportunity:
        if o.stage.is_closed:
            raise CatbirdError(f"{o.company} is {o.stage.value}: move it back to schedule")
        o, ids = _people(o, names)
        held_rounds = [i.round for i in o.interviews] + [
            s.round for s in o.scheduled if s.round and s.is_ahead
        ]
        item = ScheduledInterview.model_validate(
            {
                "at": at,
                "zone": zone,
                "minutes": minutes,
                "kind": kind,
                "round": round or max(held_rounds, default=0) + 1,
                "place": place,
                "link": link,
                "people": ids,
                "note": note,
            }
        )
        return o.model_copy(update={"scheduled": [*o.scheduled, item]})

    try:
        return apply(ws, slug, change, f"schedule an interview at {slug}")
    except ValidationError as exc:
        raise invalid(exc) from None


def reschedule(
    ws: Workspace,
    slug: str,
    scheduled_id: str,
    *,
    at: datetime | None = None,
    reason: str = "",
    people: Iterable[str] | None = None,
    **fields: Any,
) -> Change:
    """Move a scheduled interview (`at`, the old time kept) or change its other fields
    (zone, minutes, kind, round, place, link, note); each change time-stamped."""
    unknown = set(fields) - {"zone", "minutes", "kind", "round", "place", "link", "note"}
    if unknown:
        raise CatbirdError(f"cannot change {', '.join(sorted(unknown))} of an interview")
    if at is not None:
        _not_past(at)
    names = None if people is None else list(people)

    def change(o: Opportunity) -> Opportunity:
        item = next((s for s in o.scheduled if s.id == scheduled_id), None)
        if item is None:
            raise NotFound(f"{slug}: scheduled interview {scheduled_id} is gone")
        if item.held is not None:
            raise CatbirdError("that interview was held: its tally is in the details")
        update = {k: v for k, v in fields.items() if getattr(item, k) != v}
        if names is not None:
            o, ids = _people(o, names)
            if ids != item.people:
                update["people"] = ids
        moved = at is not None and at != item.at
        if moved:
            update["at"] = at
        if not update:
            raise CatbirdError("nothing to change: that is how it is already")
        stamp = ScheduleChange(
            what="moved" if moved else "edited", from_time=item.at if moved else None, reason=reason
        )
        data = item.model_dump() | update | {"changes": [*item.changes, stamp]}
        return _replace(o, ScheduledInterview.model_validate(data))

    moved = "move" if at is not None else "change"
    try:
        return apply(ws, slug, change, f"{moved} the interview at {slug}")
    except ValidationError as exc:
        raise invalid(exc) from None


def cancel(ws: Workspace, slug: str, scheduled_id: str, reason: str = "") -> Change:
    """Call a scheduled interview off (kept, time-stamped: the calendar file then says
    it is cancelled, so the phone drops it)."""

    def change(o: Opportunity) -> Opportunity:
        item = next((s for s in o.scheduled if s.id == scheduled_id), None)
        if item is None:
            raise NotFound(f"{slug}: scheduled interview {scheduled_id} is gone")
        if item.is_cancelled:
            raise CatbirdError("that interview is already called off")
        if item.held is not None:
            raise CatbirdError("that interview was held: it cannot be called off")
        stamp = ScheduleChange(what="cancelled", reason=reason)
        cancelled = item.model_copy(
            update={"cancelled_at": stamp.at, "changes": [*item.changes, stamp]}
        )
        return _replace(o, cancelled)

    return apply(ws, slug, change, f"call off the interview at {slug}")
