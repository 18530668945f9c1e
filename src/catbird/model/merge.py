"""Three-way merge of models: the one mechanism behind undo, redo and concurrent writers.

`three_way(base, ours, theirs)` applies the change that took `base` to `ours` on top of
`theirs`. Lists of items with an `id` are merged item by item (added, removed and edited
items are carried over; items the other side added are kept), so events are never lost.
Undo is `three_way(after, before, current)`: the inverse change applied to what is on disk now.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def _is_keyed_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, BaseModel) and "id" in type(item).model_fields for item in value
    )


def _merge_value(base: Any, ours: Any, theirs: Any) -> Any:
    if ours == base:
        return theirs
    if (
        isinstance(base, BaseModel)
        and isinstance(ours, BaseModel)
        and isinstance(theirs, BaseModel)
        and type(base) is type(ours) is type(theirs)
    ):
        return three_way(base, ours, theirs)
    if _is_keyed_list(base) and _is_keyed_list(ours) and _is_keyed_list(theirs):
        return _merge_keyed(base, ours, theirs)
    return ours


def _merge_keyed(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    base_by_id = {item.id: item for item in base}
    ours_by_id = {item.id: item for item in ours}
    theirs_ids = {item.id for item in theirs}
    merged = []
    for item in theirs:
        if item.id in base_by_id and item.id not in ours_by_id:
            continue  # we removed it
        if item.id in base_by_id:
            item = _merge_value(base_by_id[item.id], ours_by_id[item.id], item)
        elif item.id in ours_by_id and ours_by_id[item.id] != item:
            item = ours_by_id[item.id]
        merged.append(item)
    merged.extend(item for item in ours if item.id not in base_by_id and item.id not in theirs_ids)
    return merged


def three_way(base: M, ours: M, theirs: M) -> M:
    """Apply the change base → ours on top of theirs; fields we did not touch keep theirs."""
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    update: dict[str, Any] = {}
    for name in type(base).model_fields:
        b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if o != b:
            update[name] = _merge_value(b, o, t)
    return theirs.model_copy(update=update)
