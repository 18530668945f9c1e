"""The one way screens, dialogs and widgets reach the app: a small typed door.

The app publishes a `WorkspaceView` (one immutable value, replaced after every change) and
takes every change through `perform`, which runs one of the operations in `catbird.ops`;
its `ParamSpec` lets mypy check each call's arguments against the operation's signature.
A screen gets the door with `door(self)`; everything else it needs is Textual's own API.

This module never imports the app (the app imports the screens, which import this): the app
hands itself over with `install`, and mypy checks there that it has every member of `Door`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar
from weakref import WeakKeyDictionary

from catbird.store import Change, ProfileChange

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from textual.app import App
    from textual.dom import DOMNode

    from catbird.model import Opportunity, Profile
    from catbird.model.agenda import AgendaItem
    from catbird.model.insights import Insights
    from catbird.model.search import Corpus
    from catbird.model.summary import CardSummary
    from catbird.store import Workspace

P = ParamSpec("P")
AnyChange = TypeVar("AnyChange", Change, ProfileChange)
"""What an operation returns: a change to one opportunity, or to the profile."""


@dataclass(frozen=True, eq=False)
class WorkspaceView:
    """What the app knows of the workspace at one moment. Never changed: the app publishes a
    new one (and screens draw from it), so a screen can keep the one it drew and compare.

    Equality is identity: a new view is news, and comparing 10,000 cards would cost."""

    cards: Mapping[str, CardSummary] = field(default_factory=dict)
    """Every readable opportunity's card, by slug."""
    problems: Mapping[str, str] = field(default_factory=dict)
    """Opportunity files that could not be read, by path: `path:line: message`."""
    profile_problem: str | None = None
    """Why profile.toml could not be read (it is then never overwritten), or None."""
    loaded: bool = False
    """False until every file has been checked once (the cards may show before, from the
    summary index)."""
    changed: frozenset[str] | None = None
    """The slugs whose cards may differ from those in `changed_since`; None when not known
    (a full load): then every card may have changed."""
    changed_since: Mapping[str, CardSummary] | None = None
    """The cards `changed` is relative to: the previous view's."""
    last_change: Change | ProfileChange | None = None
    """The app's own change this view is the result of (an operation, an undo, a redo);
    None when it comes from reading the disk."""

    @property
    def changed_opportunity(self) -> str | None:
        """The slug of the opportunity the app's own last change was made to (None after a
        change to the profile, or when the view comes from reading the disk)."""
        change = self.last_change
        return change.slug if isinstance(change, Change) else None

    def every_problem(self) -> Iterator[str]:
        """Every file that could not be read, the profile first."""
        if self.profile_problem is not None:
            yield self.profile_problem
        yield from self.problems.values()

    def changed_slugs(self, shown: Mapping[str, CardSummary]) -> frozenset[str] | None:
        """The slugs that may differ from `shown` (cards a screen drew), when known."""
        if self.changed is not None and self.changed_since is shown:
            return self.changed
        return None


class Door(Protocol):
    """What screens, dialogs and widgets may ask of the app."""

    @property
    def view(self) -> WorkspaceView:
        """The workspace as last published (watch the app's `view` to follow it)."""
        ...

    @property
    def profile(self) -> Profile:
        """The homework, as last read or saved."""
        ...

    @property
    def home(self) -> Path:
        """The workspace's folder."""
        ...

    def perform(
        self,
        operation: Callable[Concatenate[Workspace, P], AnyChange],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> AnyChange | None:
        """Run an operation on the workspace (an opportunity or the profile) and record it
        for undo; the new view follows. None (with the reason shown) if it was refused."""
        ...

    def read(self, slug: str, *, quiet: bool = False) -> Opportunity | None:
        """The whole opportunity as it is now, or None: the reason is shown unless `quiet`
        (the view lists unreadable files among its problems). Safe from a worker thread
        when quiet."""
        ...

    def whole(
        self, cards: Mapping[str, CardSummary], cancelled: Callable[[], bool] = ...
    ) -> dict[str, Opportunity]:
        """The whole opportunity behind each of `cards` (by slug; unreadable ones left out),
        for a view across the workspace (insights, compare, an agenda). Only files changed
        since they were last read or saved are read, so a view that follows `view` pays for
        what changed, not for the workspace. Reads files: call it from a worker thread (or
        for a few cards)."""
        ...

    def insights(
        self, cards: Mapping[str, CardSummary], cancelled: Callable[[], bool] = ...
    ) -> Insights | None:
        """The insights of the opportunities behind `cards`, with the profile as it is:
        counted again only for the cards that changed since the last count (None if
        cancelled first). May read files: call it from a worker thread."""
        ...

    def agenda(
        self,
        cards: Mapping[str, CardSummary],
        moment: datetime,
        days: int,
        cancelled: Callable[[], bool] = ...,
    ) -> list[AgendaItem] | None:
        """The agenda of the opportunities behind `cards` from `moment` through `days` more
        days, from each file's facts (kept on disk across runs): only files changed since
        are read. None if cancelled first. May read files: call it from a worker thread."""
        ...

    def searchable(self, *, verify: bool) -> Corpus:
        """Every readable opportunity's texts, from the search cache: only the files changed
        since it was written are parsed; with `verify`, every other file is read to prove
        its entry (no parse). Reads files: call it from a worker thread."""
        ...

    def undo(self, *, quiet: bool = False) -> None:
        """Undo the last change; `quiet` names no detail of it (discreet mode)."""
        ...

    def redo(self, *, quiet: bool = False) -> None:
        """Redo what was last undone."""
        ...


_doors: WeakKeyDictionary[App[Any], Door] = WeakKeyDictionary()


def install(app: App[Any], door: Door) -> None:
    """Called by the app on itself: from now on `door(node)` of its nodes is `door`."""
    _doors[app] = door


def door(node: DOMNode) -> Door:
    """The door of the app `node` belongs to."""
    try:
        return _doors[node.app]
    except KeyError:
        raise LookupError(f"{node.app!r} has installed no door (it is not Catbird)") from None
