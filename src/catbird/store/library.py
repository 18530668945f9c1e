"""Whole opportunities held in memory for the views that look across the workspace
(insights, compare, and whatever view needs more than a card), read again only when their
file changed.

Each opportunity is held with the card it was read for. The app replaces an opportunity's
card exactly when it learns that its file changed (its own save, the watcher's read), so a
card that is still the same object means the held opportunity is still what the file holds:
asking for the opportunities of 10,000 cards after one change reads one file, or none when
the app handed over what it read or saved (`hold`). Nothing is held until a view asks, so
the board alone keeps only its cards.

The insights' counts are kept here too, as a `Tally` of each opportunity's contribution
(`catbird.model.insights`), by the same rule: after one change, one contribution is taken
back and the new one added; the opportunities themselves need not stay held for it.

Safe across threads: a view asks from a worker thread while the UI thread hands over saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from catbird.model.summary import CardSummary

if TYPE_CHECKING:
    from datetime import datetime

    from catbird.model import Opportunity, Profile
    from catbird.model.insights import Contribution, Insights, Tally
    from catbird.store.errors import FileProblem
    from catbird.store.index import Key
    from catbird.store.workspace import Workspace


class Library:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._held: dict[str, tuple[CardSummary, Opportunity]] = {}
        self._lock = threading.Lock()
        self._tally: Tally | None = None
        self._counted: dict[str, tuple[CardSummary, Contribution]] = {}
        """slug → the card whose opportunity's contribution is in the tally, with it."""
        self._counting = threading.Lock()

    def hold(self, card: CardSummary, opportunity: Opportunity) -> None:
        """`opportunity` is what the file behind `card` holds (just saved, or just read)."""
        with self._lock:
            self._held[card.slug] = (card, opportunity)

    def forget(self, slug: str) -> None:
        with self._lock:
            self._held.pop(slug, None)

    def held(self, slug: str, card: CardSummary | None) -> Opportunity | None:
        """The opportunity held for `card` (the same card object), or None."""
        with self._lock:
            hit = self._held.get(slug)
        return hit[1] if hit is not None and card is not None and hit[0] is card else None

    def whole(
        self,
        cards: Mapping[str, CardSummary],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> dict[str, Opportunity]:
        """The whole opportunity behind each of `cards` (by slug), reading only those not
        held for that very card; an unreadable or vanished file is left out (the view lists
        it among its problems). Reads files: call it from a worker thread. Stops early,
        with what it has, once `cancelled()`."""
        with self._lock:
            held = dict(self._held)
        found: dict[str, Opportunity] = {}
        for slug, card in cards.items():
            hit = held.get(slug)
            if hit is not None and hit[0] is card:
                found[slug] = hit[1]
                continue
            if cancelled():
                break
            opportunity = self._read(slug)
            if opportunity is not None:
                found[slug] = opportunity
                with self._lock:
                    self._held[slug] = (card, opportunity)
        return found

    def insights(
        self,
        cards: Mapping[str, CardSummary],
        profile: Profile | None,
        cancelled: Callable[[], bool] = lambda: False,
        *,
        at: datetime | None = None,
    ) -> Insights | None:
        """The insights of the opportunities behind `cards`, counting again only those whose
        card changed since the last count (reading their files unless held); None if
        `cancelled()` first (what was counted so far is kept for the next time). An
        unreadable file is not counted (the view lists it among its problems). Reads files:
        call it from a worker thread."""
        from catbird.model.insights import Tally, contribution

        with self._counting:
            tally = self._tally = self._tally or Tally()
            counted = self._counted
            for slug in [slug for slug in counted if slug not in cards]:
                tally.remove(counted.pop(slug)[1])
            for slug, card in cards.items():
                hit = counted.get(slug)
                if hit is not None and hit[0] is card:
                    continue
                if cancelled():
                    return None
                opportunity = self.held(slug, card) or self._read(slug)
                if hit is not None:
                    tally.remove(hit[1])
                    del counted[slug]
                if opportunity is not None:
                    counted[slug] = (card, contribution(opportunity))
                    tally.add(counted[slug][1])
            return tally.insights(profile, at=at)

    def _read(self, slug: str) -> Opportunity | None:
        from catbird.store.errors import CatbirdError

        try:
            return self.workspace.read(slug)
        except CatbirdError:
            return None


class Shelf:
    """Every opportunity of a workspace, for a command that keeps running (`catbird calendar
    --every`): each round reads again only the files whose identity changed (device, inode,
    size, mtime, ctime: the summary index's check, which an edit in place cannot escape)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._held: dict[str, tuple[Key, Opportunity | FileProblem]] = {}

    def load_all(self) -> tuple[list[Opportunity], list[FileProblem]]:
        """What `Workspace.load_all` gives (opportunities, the files that could not be
        read), reading only what changed since the last round."""
        from catbird.store.errors import FileProblem, NotFound
        from catbird.store.index import key_of_path

        ws = self.workspace
        held: dict[str, tuple[Key, Opportunity | FileProblem]] = {}
        opportunities: list[Opportunity] = []
        problems: list[FileProblem] = []
        for name in ws._data_names():
            path = ws.opportunities_dir / name
            key = key_of_path(path)  # before the read: a change after it is seen next round
            hit = self._held.get(name)
            if key is not None and hit is not None and hit[0] == key:
                found = hit[1]
            else:
                try:
                    found = ws._read_file(path)[0]
                except FileProblem as problem:
                    found = problem
                except NotFound:
                    continue  # removed while we listed
            if key is not None:
                held[name] = (key, found)
            if isinstance(found, FileProblem):
                problems.append(found)
            else:
                opportunities.append(found)
        self._held = held
        return opportunities, problems
