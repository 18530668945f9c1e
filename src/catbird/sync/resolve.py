"""Two versions of one model made one, for a sync: nothing either machine recorded is lost.

Built on `catbird.model.merge`: events (every list of models with an `id`, at any depth) are
merged by id, three ways, so what each side added, edited or removed is carried over. Where
both sides changed the same value, the side changed later wins (its time stamp: when the
file was last changed on that side, as its commits record it) and the other value is kept
in words: as a note on
the opportunity, or for the profile as a comment at the top of its file. Two interviews that
the two machines each started for the same day and round (`catbird flag` starts "today's
interview" when none is under way) become one, with the flags and notes of both.

Everything here walks the models generically, so fields added to the model later merge the
same way without a change here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from catbird.model.merge import Clash, three_way_clashes, union

M = TypeVar("M", bound=BaseModel)

SYNC_NOTE_START = "catbird sync: "
"""How the notes a sync leaves begin (so a reader, and the tests, can tell them apart)."""
_MAX_SHOWN = 300


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a merge: the model and when it was last changed (seconds since the epoch)."""

    model: BaseModel
    at: float


@dataclass(frozen=True, slots=True)
class Resolved(Generic[M]):
    merged: M
    kept: tuple[str, ...]
    """One sentence per value that lost to the later change, as kept with the result."""


def _later(ours: Side, theirs: Side) -> bool:
    """Whether ours is the later change. Equal times are settled by the content, so that the
    two machines, merging each other, pick the same winner."""
    if ours.at != theirs.at:
        return ours.at > theirs.at
    return ours.model.model_dump_json() > theirs.model.model_dump_json()


def resolve(base: M | None, ours: M, ours_at: float, theirs: M, theirs_at: float) -> Resolved[M]:
    """Merge `ours` and `theirs` (from `base`, None when the two have no common version)."""
    ours_later = _later(Side(ours, ours_at), Side(theirs, theirs_at))
    winner, loser = (ours, theirs) if ours_later else (theirs, ours)
    when = datetime.fromtimestamp(max(ours_at, theirs_at)).astimezone()
    base, winner, loser = _one_interview_a_day(base, winner, loser)
    if base is None:
        merged = union(winner, loser)
        clashes = _union_clashes(winner, loser)
    else:
        # three_way applies its first side's change onto its second and keeps the second's
        # value where both changed one: the winner goes second.
        merged, clashes = three_way_clashes(base, loser, winner)
    sentences = tuple(s for s in (_sentence(c, when) for c in clashes) if s)
    return Resolved(merged, sentences)


def with_note(model: M, sentences: tuple[str, ...]) -> M:
    """An opportunity with the sentences kept as one note (a model without notes unchanged)."""
    if not sentences or "notes" not in type(model).model_fields:
        return model
    from catbird.model.opportunity import Note

    note = Note(text=SYNC_NOTE_START + "\n".join(sentences))
    return model.model_copy(update={"notes": [*getattr(model, "notes"), note]})  # noqa: B009


def _union_clashes(winner: BaseModel, loser: BaseModel) -> list[Clash]:
    """For two versions with no common one: the plain values the loser had otherwise."""
    out = []
    for name, info in type(winner).model_fields.items():
        if info.exclude:
            continue
        w, lost = getattr(winner, name), getattr(loser, name)
        if w != lost and not isinstance(w, list | BaseModel) and lost not in (None, ""):
            out.append(Clash(name, lost, w))
    return out


def _sentence(clash: Clash, when: datetime) -> str:
    """The value that lost, in words ("" when nothing was lost: an order, an undone removal)."""
    if clash.order_only or clash.ours is None:
        return ""
    changed = f"the later change ({when:%Y-%m-%d %H:%M})"
    if isinstance(clash.ours, dict) and isinstance(clash.theirs, dict) and clash.where == clash.top:
        return _group_sentence(clash, changed)
    kept = "removed it" if clash.theirs is None else f"made it {_shown(clash.theirs)}"
    return (
        f"{clash.where} was changed on both machines: {changed} {kept}; "
        f"the other had {_shown(clash.ours)}."
    )


def _group_sentence(clash: Clash, changed: str) -> str:
    """Fields merged as one (a stage, its history and its closing): what the later side
    made of them, and what the other had, its events named one by one."""
    ours, theirs = clash.ours, clash.theirs
    stands = [f"{k} {_shown(v)}" for k, v in theirs.items() if not isinstance(v, list | dict)]
    had = [
        f"{k} {_shown(v)}"
        for k, v in ours.items()
        if not isinstance(v, list) and v is not None and v != theirs.get(k)
    ]
    for key, items in ours.items():
        if isinstance(items, list):
            known = {getattr(i, "id", None) for i in theirs.get(key) or ()}
            had += [_brief(i) for i in items if getattr(i, "id", None) not in known]
    return (
        f"{clash.where} was changed on both machines: {changed} left "
        f"{', '.join(s for s in stands if not s.endswith('null')) or 'it'}; the other had "
        f"{'; '.join(had) or 'the same'}."
    )


def _brief(item: Any) -> str:
    """An event in a few words: what it says and when."""
    for name in ("stage", "label", "text", "title", "name"):
        value = getattr(item, name, None)
        if value:
            said = f"{name} {_shown(value)}"
            break
    else:
        said = _shown(item)
    at = getattr(item, "at", None)
    return f"{said} at {at:%Y-%m-%d %H:%M}" if isinstance(at, datetime) else said


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _shown(value: Any) -> str:
    text = json.dumps(_plain(value), ensure_ascii=False, default=str, separators=(", ", ": "))
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


# ---- one interview a day ---------------------------------------------------------------------


def _one_interview_a_day(base: M | None, winner: M, loser: M) -> tuple[M | None, M, M]:
    """The three versions with each interview known by one id on every side, before they
    are merged: two interviews the two sides started for the same day and round (each
    machine's `catbird flag` starts "today's"), and interviews that hold the same flag or
    note (one of them was joined into the other by an earlier sync), take the id of the one
    started first; a version holding both has them joined. The merge by id then keeps one
    interview with the events of all."""
    versions = [v for v in (base, winner, loser) if v is not None]
    if not all(getattr(v, "interviews", None) is not None for v in versions):
        return base, winner, loser
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    started: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for version in versions:
        for interview in getattr(version, "interviews"):  # noqa: B009
            started.setdefault(interview.id, interview.started_at)
            for event in [*interview.flags, *interview.notes]:
                if owner.setdefault(event.id, interview.id) != interview.id:
                    join(owner[event.id], interview.id)
    known = {i.id for i in getattr(base, "interviews", ())} if base is not None else set()
    w_ids = {i.id for i in getattr(winner, "interviews")}  # noqa: B009
    l_ids = {i.id for i in getattr(loser, "interviews")}  # noqa: B009
    w_new = [i for i in getattr(winner, "interviews") if i.id not in known | l_ids]  # noqa: B009
    l_new = [i for i in getattr(loser, "interviews") if i.id not in known | w_ids]  # noqa: B009
    paired: set[str] = set()
    for mine in w_new:
        day = mine.started_at.astimezone().date()
        for other in l_new:
            if (
                other.id not in paired
                and other.round == mine.round
                and other.started_at.astimezone().date() == day
            ):
                paired.add(other.id)
                join(mine.id, other.id)
                break
    groups: dict[str, list[str]] = {}
    for key in started:
        groups.setdefault(find(key), []).append(key)
    renamed = {}
    for members in groups.values():
        if len(members) > 1:
            first = min(members, key=lambda k: (started[k], k))
            renamed.update({k: first for k in members if k != first})
    if not renamed:
        return base, winner, loser
    return (
        _aligned(base, renamed) if base is not None else None,
        _aligned(winner, renamed),
        _aligned(loser, renamed),
    )


def _aligned(version: M, renamed: dict[str, str]) -> M:
    """One version with its interviews renamed (and joined where two became one)."""
    joined: dict[str, Any] = {}
    for interview in getattr(version, "interviews"):  # noqa: B009
        key = renamed.get(interview.id, interview.id)
        same = interview.model_copy(update={"id": key})
        joined[key] = _fuse(joined[key], same) if key in joined else same
    data = version.model_copy(update={"interviews": list(joined.values())}).model_dump()
    data = _renamed(data, renamed)
    slug = getattr(version, "slug", None)
    return type(version).model_validate({**data, "slug": slug} if slug is not None else data)


def _fuse(keep: Any, drop: Any) -> Any:
    joined = union(keep, drop)
    ended = (
        None
        if keep.ended_at is None or drop.ended_at is None
        else max(keep.ended_at, drop.ended_at)
    )
    return joined.model_copy(
        update={
            "started_at": min(keep.started_at, drop.started_at),
            "ended_at": ended,
            "kind": keep.kind if keep.kind != "other" else drop.kind,
            "with_whom": keep.with_whom or drop.with_whom,
            "people": list(dict.fromkeys([*keep.people, *drop.people])),
            "debrief": keep.debrief or drop.debrief,
        }
    )


def _renamed(value: Any, renamed: dict[str, str]) -> Any:
    """`value` (a model's dump) with every reference to a dropped interview's id redirected."""
    if not renamed:
        return value
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, dict):
        return {k: _renamed(v, renamed) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, renamed) for v in value]
    return value
