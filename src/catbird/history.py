"""Undo and redo for the TUI: a stack of `Change`s, each replayed through `ops.undo`.

Undo applies the inverse of a change on top of what is on disk now, so a flag captured from
the shell in between is kept (see `catbird.model.merge`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catbird.store import Change, Workspace

LIMIT = 200


class History:
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
        from catbird import ops

        change = self._undo[-1]
        inverse = ops.undo(ws, change)  # raises, leaving the stacks as they were, on failure
        self._undo.pop()
        self._redo.append(inverse)
        return inverse

    def redo(self, ws: Workspace) -> Change | None:
        if not self._redo:
            return None
        from catbird import ops

        change = self._redo[-1]
        inverse = ops.undo(ws, change)
        self._redo.pop()
        self._undo.append(inverse)
        return inverse
