"""Whole opportunities held in memory for the views that look across the workspace
(compare, and whatever view needs more than a card), read again only when their file
changed; and each file's facts for the insights and the agenda, kept on disk.

Each opportunity is held with the card it was read for. The app replaces an opportunity's
card exactly when it learns that its file changed (its own save, the watcher's read), so a
card that is still the same object means the held opportunity is still what the file holds:
asking for the opportunities of 10,000 cards after one change reads one file, or none when
the app handed over what it read or saved (`hold`). Nothing is held until a view asks, so
the board alone keeps only its cards.

The insights and the agenda need less than the whole opportunity: each file's facts
(`catbird.store.facts`: its contribution to the insights' `Tally`, what it puts on an
agenda), kept with the card they were matched to and the file's identity, and on disk
across runs. A fact is used for the same card, or for a file whose identity (device, inode,
size, mtime, ctime) is what it was when the fact was worked out; any other file is read.
The tally is kept as the sum of every file's contribution (and on disk with them): after
one change, one contribution is taken back and the new one added.

Safe across threads: a view asks from a worker thread while the UI thread hands over saves;
the facts cache is written on a thread of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from catbird.model.summary import CardSummary
from catbird.store.facts import Facts
from catbird.store.index import SUFFIX, key_of, key_of_path

if TYPE_CHECKING:
    from datetime import datetime

    from catbird.model import Opportunity, Profile
    from catbird.model.agenda import AgendaItem
    from catbird.model.insights import Contribution, Insights, Tally
    from catbird.store.errors import FileProblem
    from catbird.store.facts import Pending
    from catbird.store.index import Key
    from catbird.store.workspace import Workspace

SAVE_AFTER = 5.0
"""Seconds of quiet after which the facts cache is written."""
READS_WORTH_SAVING = 50
"""Files read for their facts after which the cache is written at once."""
CLOSE_WAIT = 1.0
"""Seconds an exit waits for a view's pass or a write under way (a write takes ~0.15 s)."""


class Library:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._held: dict[str, tuple[CardSummary, Opportunity]] = {}
        self._lock = threading.Lock()
        self._facts: dict[str, tuple[CardSummary, Facts]] = {}
        """slug → each file's facts, with the card they were last matched to."""
        self._pending: dict[str, Pending] = {}
        """slug → the entries of the cache on disk not matched to a card yet."""
        self._facts_loaded = False
        self._facts_changed = False
        """Whether the facts differ from the cache on disk."""
        self._tally: Tally | None = None
        """The sum of every contribution in `_facts` and `_pending`; None when not known
        (counted afresh when asked for)."""
        self._stored_tally: Callable[[], Tally | None] | None = None
        """Reads the tally kept in the cache on disk, until it is read."""
        self._uncounted: list[tuple[Contribution, int]] = []
        """What changed before it was read: counted into it once it is (+1 added, -1
        taken back)."""
        self._facts_lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._timer_lock = threading.Lock()
        self._closed = False
        self._unsaved_reads = 0
        """Files read for their facts since the cache was last written."""

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
        """The insights of the opportunities behind `cards`, from each file's facts (see
        `_facts_of`); None if `cancelled()` first (what was worked out so far is kept for
        the next time). An unreadable file is not counted (the view lists it among its
        problems). May read files: call it from a worker thread."""
        with self._facts_lock:
            self._load_facts()
            gone = [slug for slug in (*self._facts, *self._pending) if slug not in cards]
            for slug in gone:
                self._put(slug, None)  # removed, or unreadable now
            for slug, card in cards.items():
                if cancelled():
                    return None
                self._facts_of(slug, card)
            tally = self._counted()
            if tally is None:
                tally = self._tally = self._count_afresh()
            self._save_facts_soon()
            return tally.insights(profile, at=at)

    def agenda(
        self,
        cards: Mapping[str, CardSummary],
        moment: datetime,
        days: int,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[AgendaItem] | None:
        """The agenda (`catbird.model.agenda.agenda`) of the opportunities behind `cards`,
        from each file's facts (see `_facts_of`): no opportunity is read whole unless its
        file changed. None if `cancelled()` first. An unreadable file is left out (the view
        lists it among its problems). May read files: call it from a worker thread."""
        from catbird.model.agenda import agenda_of
        from catbird.store.facts import read_dated

        items: list[AgendaItem] = []
        with self._facts_lock:
            self._load_facts()
            found: list[tuple[str, Facts]] = []
            for slug, card in cards.items():
                if cancelled():
                    return None
                facts = self._facts_of(slug, card)
                if facts is not None:
                    found.append((slug, facts))
            read_dated(found)
            for slug, facts in found:
                try:
                    items.extend(facts.dated(slug))
                except ValueError:  # its cache line was damaged behind a right checksum
                    fresh = self._read_facts(slug, cards[slug])
                    items.extend(fresh.dated(slug) if fresh is not None else ())
            self._save_facts_soon()
        return agenda_of(items, moment, days)

    # ---- each file's facts, kept by its identity (catbird.store.facts) --------------------

    def _load_facts(self) -> None:
        """The facts cache on disk, read once: its entries wait to be matched to a card."""
        if self._facts_loaded:
            return
        from catbird.store.facts import FactsCache, facts_path

        self._facts_loaded = True
        self._folder = os.fspath(self.workspace.opportunities_dir)
        cache = FactsCache.read(facts_path(self.workspace))
        self._pending = cache.entries
        if cache.entries:
            self._tally, self._stored_tally = None, cache.tally
        else:  # nothing kept (the first run, or a cache that could not be read)
            from catbird.model.insights import Tally

            self._tally, self._stored_tally = Tally(), None  # the sum of none: exact

    def _facts_of(self, slug: str, card: CardSummary) -> Facts | None:
        """The facts of the file behind `card`: those kept for this very card (the app
        replaces a card when it learns its file changed), or kept for a file whose identity
        (device, inode, size, mtime, ctime) is still that file's now; otherwise the file is
        read, and its facts kept with the identity it had before the read (a change during
        the read is seen the next time). None if it cannot be read."""
        hit = self._facts.get(slug)
        if hit is not None and hit[0] is card:
            return hit[1]
        key = self._key_of(slug)
        if hit is not None and key is not None and hit[1].key == key:
            self._facts[slug] = (card, hit[1])
            return hit[1]
        pending = self._pending.get(slug)
        if pending is not None and key is not None and pending.holds(key):
            del self._pending[slug]  # its contribution stays in the tally, now as `facts`
            facts = self._facts[slug] = (card, Facts.later(key, pending, slug))
            return facts[1]
        return self._read_facts(slug, card, key)

    def _key_of(self, slug: str) -> Key | None:
        """The identity of the file of `slug` now (a stat: 10,000 of them open the insights
        after a start, so the path is a string, not a Path: a third of the time)."""
        try:
            return key_of(os.stat(f"{self._folder}/{slug}{SUFFIX}"))
        except OSError:
            return None

    def _read_facts(self, slug: str, card: CardSummary, key: Key | None = None) -> Facts | None:
        from catbird.store.errors import CatbirdError

        path = self.workspace.path_for(slug)
        key = key or key_of_path(path)
        try:
            opportunity = self.workspace._read_file(path)[0]
        except CatbirdError:
            opportunity = None
        facts = None if key is None or opportunity is None else Facts.of(key, opportunity)
        self._unsaved_reads += 1
        self._put(slug, None if facts is None else (card, facts))
        return facts

    def _put(self, slug: str, entry: tuple[CardSummary, Facts] | None) -> None:
        """Replace the facts of `slug` (None: it has none now), keeping the tally the sum of
        every file's contribution."""
        before = self._facts.pop(slug, None)
        pending = self._pending.pop(slug, None)
        if entry is not None:
            self._facts[slug] = entry
        self._facts_changed = True
        try:
            if before is not None:
                self._count(before[1].contribution(), -1)
            if pending is not None:
                self._count(pending.facts(slug).contribution(), -1)
            if entry is not None:
                self._count(entry[1].contribution(), 1)
        except ValueError:  # a contribution the tally never had (a doctored cache)
            self._tally = self._stored_tally = None  # counted afresh when next asked for
            self._uncounted = []

    def _count(self, contribution: Contribution, by: int) -> None:
        if self._stored_tally is not None:  # not read yet: counted once it is
            self._uncounted.append((contribution, by))
        elif self._tally is not None:
            (self._tally.add if by > 0 else self._tally.remove)(contribution)

    def _counted(self) -> Tally | None:
        """The tally, read from the cache the first time it is needed (opening the agenda
        needs none), with what changed since counted into it."""
        if self._stored_tally is not None:
            self._tally, self._stored_tally = self._stored_tally(), None
            changes, self._uncounted = self._uncounted, []
            try:
                for contribution, by in changes:
                    self._count(contribution, by)
            except ValueError:
                self._tally = None
            if self._tally is None:  # damaged: the cache is written anew with one counted
                self._facts_changed = True
        return self._tally

    def _count_afresh(self) -> Tally:
        """Every contribution added up again (the tally could not be trusted); one that
        cannot be read from the cache is read from its file, or left out until it is."""
        from catbird.model.insights import Tally

        tally = Tally()
        for slug, pending in list(self._pending.items()):
            try:
                tally.add(pending.facts(slug).contribution())
            except ValueError:
                del self._pending[slug]  # its file is read when its card is next asked for
        for slug, (card, facts) in list(self._facts.items()):
            try:
                tally.add(facts.contribution())
            except ValueError:  # damaged behind a right checksum: read its file again
                self._facts.pop(slug)
                fresh = self._read_facts(slug, card)
                if fresh is not None:
                    tally.add(fresh.contribution())
        self._tally = tally
        self._facts_changed = True
        return tally

    def _save_facts_soon(self) -> None:
        """Write the facts cache once the views have been quiet for a moment (a burst of
        changes is one write), on a thread of its own, never the UI's."""
        if not self._facts_changed:
            return
        # After many reads (a first open, a sync), at once: an exit right after would lose
        # what took seconds to read.
        delay = 0.0 if self._unsaved_reads >= READS_WORTH_SAVING else SAVE_AFTER
        with self._timer_lock:
            if self._closed:
                return  # the app is on its way out: close() wrote what there was
            if self._timer is not None:
                self._timer.cancel()
            timer = self._timer = threading.Timer(delay, self.save_facts)
        timer.daemon = True
        timer.start()

    def close(self, *, save: bool = True) -> None:
        """At exit: no write left waiting on its timer, none cut off halfway by the exit
        (a write under way is waited for), and with `save` the latest facts written now
        (the next start then reads no file again for them). A view's pass still reading
        files (its worker being cancelled) is waited for only a moment: what it learnt is
        read again next time, and the exit is not held up."""
        with self._timer_lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not self._facts_lock.acquire(timeout=CLOSE_WAIT):
            return
        try:
            if save:
                self.save_facts()
            else:
                self._facts_changed = False
        finally:
            self._facts_lock.release()

    def save_facts(self) -> None:
        """Write the facts cache now if it changed since it was read or last written."""
        from catbird.store.facts import facts_path, write

        with self._facts_lock:
            if not self._facts_changed or not self.workspace.home.is_dir():
                return  # nothing new, or a workspace removed meanwhile (never made again)
            tally = self._counted() or self._count_afresh()
            entries: dict[str, Facts | Pending] = dict(self._pending)
            entries.update((slug, facts) for slug, (_, facts) in self._facts.items())
            write(facts_path(self.workspace), entries, tally)
            self._facts_changed = False
            self._unsaved_reads = 0

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
