"""Undo and redo: the inverse of a change, applied on top of what is on disk now, and the
stack of changes the TUI keeps (one history for every change the app makes, to opportunities
and to the profile alike).

Undo applies the inverse of a change on top of what is on disk now (`catbird.model.merge`), so
it takes back this app's change only: a flag captured from the shell in between is kept, and a
field another writer changed since stays as they made it (the change returned names it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from catbird.store import Change, ProfileChange

if TYPE_CHECKING:
    from catbird.model import Opportunity, Profile
    from catbird.store import Workspace

LIMIT = 200


@overload
def undo(ws: Workspace, change: Change) -> Change: ...
@overload
def undo(ws: Workspace, change: ProfileChange) -> ProfileChange: ...
@overload
def undo(ws: Workspace, change: Change | ProfileChange) -> Change | ProfileChange: ...
def undo(ws: Workspace, change: Change | ProfileChange) -> Change | ProfileChange:
    """Revert `change` on top of what is on disk now; returns the change that redoes it.

    Whatever else happened to the file since (a flag from the CLI, say) is kept, and so is a
    field someone else changed since: the returned change's `kept` names those fields.
    """
    from catbird.model import three_way_kept
    from catbird.ops.common import apply, apply_profile

    description = f"undo {change.description}"
    if isinstance(change, ProfileChange):
        p_before, p_after = change.before, change.after
        kept: tuple[str, ...] = ()

        def revert_profile(current: Profile) -> Profile:
            nonlocal kept
            reverted, kept = three_way_kept(p_after, p_before, current)
            return reverted

        done = apply_profile(ws, revert_profile, description)
        return ProfileChange(done.before, done.after, description, kept)
    if change.before is None:  # it was created: take it away, unless changed since
        assert change.after is not None
        current = ws.read(change.slug)
        if current != change.after:
            return Change(change.slug, current, current, description, ("the opportunity",))
        removed = ws.remove(change.slug)
        return Change(change.slug, removed, None, description)
    if change.after is None:  # it was removed: put it back
        ws.restore(change.before)
        return Change(change.slug, None, change.before, description)
    before, after = change.before, change.after
    kept = ()

    def revert(current: Opportunity) -> Opportunity:
        nonlocal kept
        reverted, kept = three_way_kept(after, before, current)
        return reverted

    done_change = apply(ws, change.slug, revert, change.description)
    return Change(change.slug, done_change.before, done_change.after, description, kept)


class UndoStack:
    """The changes this app made, newest last; undone ones wait on the redo side."""

    def __init__(self) -> None:
        self._undo: list[Change | ProfileChange] = []
        self._redo: list[Change | ProfileChange] = []

    def record(self, change: Change | ProfileChange) -> None:
        self._undo.append(change)
        del self._undo[:-LIMIT]
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, ws: Workspace) -> Change | ProfileChange | None:
        if not self._undo:
            return None
        change = self._undo[-1]
        inverse = undo(ws, change)  # raises, leaving the stacks as they were, on failure
        self._undo.pop()
        self._redo.append(inverse)
        return inverse

    def redo(self, ws: Workspace) -> Change | ProfileChange | None:
        if not self._redo:
            return None
        change = self._redo[-1]
        inverse = undo(ws, change)
        self._redo.pop()
        self._undo.append(inverse)
        return inverse
