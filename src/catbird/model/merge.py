"""Three-way merge of models: the one mechanism behind undo, redo and concurrent writers.

`three_way(base, ours, theirs)` applies the change that took `base` to `ours` on top of
`theirs`. Lists of items with an `id` are merged item by item (added, removed and edited
items are carried over; items the other side added are kept), so events are never lost, and
an item we put back returns to its old place among its neighbours. Dicts are merged key by key.

Where both sides changed the same value differently, theirs is kept and the place is reported
(`three_way_kept`): undo is `three_way(after, before, current)`, the inverse change applied to
what is on disk now, and it must never take back what another writer did since. Fields a model
lists in `merged_together` (an opportunity's stage, its history and its closing) are one value
for this: if the other side changed any of them, ours are not applied to the rest.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

GONE: Any = None
"""What a `Clash` holds for an item one side removed."""


@dataclass(frozen=True, slots=True)
class Clash:
    """A place where both sides changed the same thing differently and theirs was kept.

    `where` is the full path ("role", "notes[ab12cd].text", "interviews[ef34].debrief"),
    `top` its top-level field; `ours` is the value that was not applied (GONE for a removal)
    and `theirs` the one that stands. A sync keeps `ours` in words, so nothing disappears."""

    where: str
    ours: Any
    theirs: Any
    order_only: bool = False
    """Both sides reordered a list: no value was lost, only an order."""

    @property
    def top(self) -> str:
        return re.split(r"[.\[]", self.where, maxsplit=1)[0]


def three_way(base: M, ours: M, theirs: M) -> M:
    """Apply the change base → ours on top of theirs; fields we did not touch keep theirs."""
    return three_way_kept(base, ours, theirs)[0]


def three_way_kept(base: M, ours: M, theirs: M) -> tuple[M, tuple[str, ...]]:
    """`three_way`, and the top-level fields where their change was kept over ours."""
    merged, clashes = three_way_clashes(base, ours, theirs)
    return merged, tuple(dict.fromkeys(c.top for c in clashes))


def three_way_clashes(base: M, ours: M, theirs: M) -> tuple[M, list[Clash]]:
    """`three_way`, and every place where their change was kept over ours, with both values."""
    kept: list[Clash] = []
    merged = _merge_model(base, ours, theirs, kept, "")
    return merged, kept


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _merge_model(base: M, ours: M, theirs: M, kept: list[Clash], path: str) -> M:
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    names = list(type(base).model_fields)
    update: dict[str, Any] = {}
    together: tuple[tuple[str, ...], ...] = getattr(type(base), "merged_together", ())
    for group in together:
        b, o, t = ([getattr(m, n) for n in group] for m in (base, ours, theirs))
        if o != b and t != b and o != t:
            # Both sides touched this group: theirs stands whole, so the values in it stay
            # consistent with each other (a stage and the history that leads to it).
            kept.append(
                Clash(
                    _at(path, group[0]),
                    dict(zip(group, o, strict=True)),
                    dict(zip(group, t, strict=True)),
                )
            )
            names = [n for n in names if n not in group]
    for name in names:
        b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if o != b:
            update[name] = _merge_value(b, o, t, kept, _at(path, name))
    return theirs.model_copy(update=update)


def _merge_value(base: Any, ours: Any, theirs: Any, kept: list[Clash], path: str) -> Any:
    # Identity first: most items of a long list are the very same object on every side.
    if ours is base or ours == base:
        return theirs
    if theirs is base or theirs == base or ours == theirs:
        return ours
    if (
        isinstance(base, BaseModel)
        and isinstance(ours, BaseModel)
        and isinstance(theirs, BaseModel)
        and type(base) is type(ours) is type(theirs)
    ):
        return _merge_model(base, ours, theirs, kept, path)
    if _is_keyed_list(base) and _is_keyed_list(ours) and _is_keyed_list(theirs):
        return _merge_keyed(base, ours, theirs, kept, path)
    if isinstance(base, dict) and isinstance(ours, dict) and isinstance(theirs, dict):
        return _merge_dict(base, ours, theirs, kept, path)
    kept.append(Clash(path, ours, theirs))  # both changed it, differently: what they made stays
    return theirs


def _is_keyed_list(value: Any) -> bool:
    return isinstance(value, list) and all(_keyed(type(item)) for item in value)


_KEYED: dict[type, bool] = {}


def _keyed(kind: type) -> bool:
    """Whether items of this type have an `id` (asked once per type: lists can be long)."""
    known = _KEYED.get(kind)
    if known is None:
        known = _KEYED[kind] = issubclass(kind, BaseModel) and "id" in kind.model_fields
    return known


_GONE = object()


def _merge_dict(
    base: dict[Any, Any], ours: dict[Any, Any], theirs: dict[Any, Any], kept: list[Clash], path: str
) -> dict[Any, Any]:
    merged = dict(theirs)
    for key in base.keys() | ours.keys():
        b, o, t = base.get(key, _GONE), ours.get(key, _GONE), theirs.get(key, _GONE)
        if o == b:
            continue
        if t == b or o == t:
            value = o
        else:
            kept.append(
                Clash(f"{path}[{key}]", None if o is _GONE else o, None if t is _GONE else t)
            )
            value = t
        if value is _GONE:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _merge_keyed(
    base: list[Any], ours: list[Any], theirs: list[Any], kept: list[Clash], path: str
) -> list[Any]:
    base_by_id = {item.id: item for item in base}
    ours_by_id = {item.id: item for item in ours}
    theirs_by_id = {item.id: item for item in theirs}
    merged: dict[Hashable, Any] = {}
    for key, item in theirs_by_id.items():
        if key in base_by_id and key not in ours_by_id:  # we removed it
            if item != base_by_id[key]:
                # they changed it since: it stays, as they made it
                kept.append(Clash(f"{path}[{key}]", GONE, item))
                merged[key] = item
        elif key in base_by_id:
            merged[key] = _merge_value(
                base_by_id[key], ours_by_id[key], item, kept, f"{path}[{key}]"
            )
        elif key in ours_by_id and ours_by_id[key] != item:
            # Both added it, differently (two machines' "interview of the day"): with no
            # common version to compare, the two are joined as `union` does — every event
            # of both, their other values standing — which loses no event to report.
            merged[key] = union(item, ours_by_id[key])
        else:
            merged[key] = item
    for key, item in ours_by_id.items():
        if key in base_by_id and key not in theirs_by_id and item != base_by_id[key]:
            # we edited what they removed: it stays removed
            kept.append(Clash(f"{path}[{key}]", item, GONE))
        elif key not in base_by_id and key not in theirs_by_id:
            merged[key] = item  # we added it (or put it back)
    order = _order([i.id for i in base], [i.id for i in ours], [i.id for i in theirs], merged)
    if order is None:
        kept.append(Clash(path, None, None, order_only=True))  # both reordered: theirs stands
        order = _arrange([i.id for i in theirs], [i.id for i in ours], merged.keys())
    return [merged[key] for key in order]


def _order(
    base: list[Hashable], ours: list[Hashable], theirs: list[Hashable], keep: Any
) -> list[Hashable] | None:
    """The merged order: the side that reordered the shared items leads, and the items only
    the other side has go next to their neighbours there. None if both sides reordered."""
    we_reordered = _reordered(base, ours)
    if (
        we_reordered
        and _reordered(base, theirs)
        and _shared_order(ours, set(theirs)) != _shared_order(theirs, set(ours))
    ):
        return None
    if we_reordered:
        return _arrange(ours, theirs, keep)
    return _arrange(theirs, ours, keep)


def _shared_order(items: list[Hashable], others: set[Hashable]) -> list[Hashable]:
    return [i for i in items if i in others]


def _reordered(base: list[Hashable], side: list[Hashable]) -> bool:
    return _shared_order(base, set(side)) != _shared_order(side, set(base))


def _arrange(lead: list[Hashable], other: list[Hashable], keep: Any) -> list[Hashable]:
    """`lead`'s order, with each item only `other` has put right after its nearest earlier
    neighbour in `other` (past the items only `lead` added there, so appends stay in turn)."""
    result = [i for i in lead if i in keep]
    in_lead, in_other = set(lead), set(other)
    for position, key in enumerate(other):
        if key in in_lead or key not in keep:
            continue
        at = 0
        for earlier in reversed(other[:position]):
            if earlier in keep:
                at = result.index(earlier) + 1
                break
        while at < len(result) and result[at] not in in_other:
            at += 1
        result.insert(at, key)
    return result


def union(newer: M, older: M) -> M:
    """Two copies of one model with no common ancestor (a sync tool's conflict copy and the
    file it conflicted with), merged so that no event is lost: items with an `id` are joined
    by id (an item on both sides is merged the same way, so a flag logged in one copy of an
    interview survives), and every other field is `newer`'s."""
    update: dict[str, Any] = {}
    for name in type(newer).model_fields:
        n, o = getattr(newer, name), getattr(older, name)
        if n != o:
            update[name] = _union_value(n, o)
    return newer.model_copy(update=update)


def _union_value(newer: Any, older: Any) -> Any:
    if isinstance(newer, BaseModel) and type(newer) is type(older):
        return union(newer, older)
    if _is_keyed_list(newer) and _is_keyed_list(older):
        older_by_id = {item.id: item for item in older}
        newer_ids = {item.id for item in newer}
        merged = [
            union(item, older_by_id[item.id]) if item.id in older_by_id else item for item in newer
        ]
        merged.extend(item for item in older if item.id not in newer_ids)
        times = [getattr(item, "at", None) for item in merged]
        if all(t is not None for t in times):  # events in time order, as they happened
            with contextlib.suppress(TypeError):
                merged.sort(key=lambda item: item.at)
        return merged
    return newer
