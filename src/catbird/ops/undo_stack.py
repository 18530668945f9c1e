"""Undo and redo: the inverse of a change, applied on top of what is on disk now, and the
stack of changes the TUI keeps (one history for every change the app makes).

Undo applies the inverse of a change on top of what is on disk now, so a flag captured from
the shell in between is kept (see `catbird.model.merge`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catbird.store import Change

if TYPE_CHECKING:
    from catbird.store import Workspace

LIMIT = 200


def undo(ws: Workspace, change: Change) -> Change:
    """Revert `change` on top of what is on disk now; returns the change that redoes it.

    Whatever else happened to the file since (a flag from the CLI, say) is kept.
    """
    from catbird.model import three_way
    from catbird.ops.common import apply

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


class UndoStack:
    """The changes this app made, newest last; undone ones wait on the redo side."""

    def __init__(self) -> None:
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, change: Change) -> None:
        self._undo.append(change)
        del self._undo[:-LIMIT]
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, ws: Workspace) -> Change | None:
        if not self._undo:
            return None
        change = self._undo[-1]
        inverse = undo(ws, change)  # raises, leaving the stacks as they were, on failure
        self._undo.pop()
        self._redo.append(inverse)
        return inverse

    def redo(self, ws: Workspace) -> Change | None:
        if not self._redo:
            return None
        change = self._redo[-1]
        inverse = undo(ws, change)
        self._redo.pop()
        self._undo.append(inverse)
        return inverse
