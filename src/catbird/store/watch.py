"""Noticing files changed by another process (the CLI, an editor, a sync tool).

Polling, not inotify: it works the same on every platform and over network file systems.
A save renames a file into the folder, which changes the folder's mtime, so most polls
cost one `stat`; a full scan still runs about every second for editors that write in place.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from catbird.store.index import SUFFIX, Key, key_of, scan

FULL_SCAN_EVERY = 0.9  # an in-place edit (editor, `>`) is seen within about a second


@dataclass
class Changes:
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    profile: bool = False

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.profile)


class Watcher:
    def __init__(self, opportunities_dir: Path, profile_path: Path) -> None:
        self.folder = opportunities_dir
        self.profile_path = profile_path
        self._files: dict[str, Key] = {}
        self._folder_mtime = -1
        self._profile: Key | None = None
        self._last_full = 0.0
        self.poll()  # the baseline: what is there now is not a change

    def note_own_write(self, slug: str) -> None:
        """The app itself just wrote (or removed) `slug`: not a change to report back.

        Called from the UI thread while a poll may run in another: the table is replaced,
        never changed in place, and a race costs at most one harmless re-read."""
        files = dict(self._files)
        try:
            files[slug] = key_of(os.stat(self.folder / f"{slug}{SUFFIX}"))
        except OSError:
            files.pop(slug, None)
        self._files = files
        # The save renamed a file into the folder, which changed the folder's mtime: without
        # this, the next poll would scan every file (~25 ms at 10,000) to find the app's own
        # change. A change another process made in the same instant is still found by the
        # full scan that runs every FULL_SCAN_EVERY seconds.
        with contextlib.suppress(OSError):
            self._folder_mtime = os.stat(self.folder).st_mtime_ns

    def poll(self) -> Changes:
        changes = Changes()
        try:
            profile = key_of(os.stat(self.profile_path))
        except OSError:
            profile = None
        if profile != self._profile:
            changes.profile = self._profile is not None or profile is not None
            self._profile = profile
        try:
            folder_mtime = os.stat(self.folder).st_mtime_ns
        except OSError:
            folder_mtime = -1
        now = time.monotonic()
        if folder_mtime == self._folder_mtime and now - self._last_full < FULL_SCAN_EVERY:
            return changes
        self._folder_mtime = folder_mtime
        self._last_full = now
        current: dict[str, Key] = {}
        try:
            for entry in scan(self.folder):
                try:
                    current[entry.name[: -len(SUFFIX)]] = key_of(entry.stat())
                except OSError:  # gone since it was listed
                    continue
        except OSError:
            pass
        for slug, identity in current.items():
            if self._files.get(slug) != identity:
                changes.changed.add(slug)
        changes.removed = set(self._files) - set(current)
        self._files = current
        return changes
