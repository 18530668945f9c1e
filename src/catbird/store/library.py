"""Whole opportunities held in memory for the views that look across the workspace
(insights, compare, and whatever view needs more than a card), read again only when their
file changed.

Each opportunity is held with the card it was read for. The app replaces an opportunity's
card exactly when it learns that its file changed (its own save, the watcher's read), so a
card that is still the same object means the held opportunity is still what the file holds:
asking for the opportunities of 10,000 cards after one change reads one file, or none when
the app handed over what it read or saved (`hold`). Nothing is held until a view asks, so
the board alone keeps only its cards.

Safe across threads: a view asks from a worker thread while the UI thread hands over saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from catbird.model.summary import CardSummary

if TYPE_CHECKING:
    from catbird.model import Opportunity
    from catbird.store.workspace import Workspace


class Library:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._held: dict[str, tuple[CardSummary, Opportunity]] = {}
        self._lock = threading.Lock()

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

    def _read(self, slug: str) -> Opportunity | None:
        from catbird.store.errors import CatbirdError

        try:
            return self.workspace.read(slug)
        except CatbirdError:
            return None
