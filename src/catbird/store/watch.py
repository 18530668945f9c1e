"""Noticing files changed by another process (the CLI, an editor, a sync tool).

On Linux the kernel says which files changed (inotify, through ctypes on libc: no new
dependency), so a poll with nothing to report reads an empty queue and stats nothing, and a
poll after a change stats only the files named. Where there are no such notifications —
another platform, or a network file system (NFS, SMB, sshfs and other FUSE mounts), where
the kernel hears nothing of changes made on the other side — the watcher polls, spread out:
a save renames a file into the folder, which changes the folder's mtime, so a listing then
finds new, removed and replaced files by name and inode; and each poll stats a slice of the
files, so that an editor writing in place is still seen within about a second
(FULL_SCAN_EVERY) without a poll ever stating all 10,000 at once.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
import struct
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catbird.store.index import SUFFIX, Key, is_data_file, key_of, scan

FULL_SCAN_EVERY = 0.9  # an in-place edit (editor, `>`) is seen within about a second


@dataclass
class Changes:
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    profile: bool = False

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.profile)


class Watcher:
    """What changed in the opportunities folder and the profile since the last `poll`.

    `notify`: use the kernel's notifications (None: where they can be trusted, see
    `notifications_work`); False polls, as on a network mount."""

    def __init__(
        self,
        opportunities_dir: Path,
        profile_path: Path,
        *,
        notify: bool | None = None,
        seen: tuple[Mapping[str, Key], Key | None] | None = None,
    ) -> None:
        """`seen`: the files (by slug) and the profile as the caller last saw them (the
        board's first check): the first `poll` then reports what changed since, instead of
        taking what is there then as no change (and stats every file only then)."""
        self.folder = opportunities_dir
        self.profile_path = profile_path
        self._files: dict[str, Key] = {}
        self._folder_mtime = -1
        self._profile: Key | None = None
        self._last_poll = time.monotonic()
        self._turn = 0
        """Where the spread-out poll's next slice of files begins."""
        self._notify = notifications_work(opportunities_dir) if notify is None else notify
        self._inotify: _Inotify | None = None
        if seen is not None:
            self._files, self._profile = dict(seen[0]), seen[1]
        else:
            self.poll()  # the baseline: what is there now is not a change

    @property
    def notified(self) -> bool:
        """True while the kernel tells the watcher what changed (no polling of files)."""
        return self._inotify is not None

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None

    def __del__(self) -> None:
        self.close()

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
        # this, the next poll would list the folder to find the app's own change. A change
        # another process made in the same instant is still found (by its event, or by its
        # inode when the folder is listed again, or by the slice that stats it).
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
        now = time.monotonic()
        elapsed, self._last_poll = now - self._last_poll, now
        if self._inotify is None and self._notify:
            self._inotify = _Inotify.watching(self.folder)
            if self._inotify is not None:  # from now on told; look once at what is there
                self._rescan(changes)
                return changes
        if self._inotify is not None:
            names = self._inotify.changed_names()
            if names is None:  # the queue overflowed, or the folder went: look at all
                self.close()
                self._rescan(changes)
            else:
                self._look_at(names, changes)
            return changes
        self._poll_spread(elapsed, changes)
        return changes

    # ---- told by the kernel --------------------------------------------------------------

    def _look_at(self, names: set[str], changes: Changes) -> None:
        """Stat only the files the kernel named."""
        files = self._files
        fresh: dict[str, Key | None] = {}
        for name in names:
            if not is_data_file(name):
                continue
            slug = name[: -len(SUFFIX)]
            try:
                st = os.stat(self.folder / name)
            except OSError:
                fresh[slug] = None
                continue
            # A FIFO or a folder named like an opportunity is not one (as `scan` says).
            fresh[slug] = key_of(st) if stat.S_ISREG(st.st_mode) else None
        if not fresh:
            return
        files = dict(files)
        for slug, key in fresh.items():
            if key is None:
                if files.pop(slug, None) is not None:
                    changes.removed.add(slug)
            elif files.get(slug) != key:
                files[slug] = key
                changes.changed.add(slug)
        self._files = files

    # ---- polling -------------------------------------------------------------------------

    def _poll_spread(self, elapsed: float, changes: Changes) -> None:
        try:
            folder_mtime = os.stat(self.folder).st_mtime_ns
        except OSError:
            folder_mtime = -1
        if folder_mtime != self._folder_mtime:
            self._folder_mtime = folder_mtime
            self._relist(changes)
        files = self._files
        if not files:
            return
        # Stat a slice of the files, as many as keep every file looked at within
        # FULL_SCAN_EVERY at this rate of polling: the cost of a full scan, spread out.
        share = 1.0 if FULL_SCAN_EVERY <= 0 else min(1.0, elapsed / FULL_SCAN_EVERY)
        count = min(len(files), math.ceil(len(files) * share))
        names = list(files)
        start = self._turn % len(names)
        picked = names[start : start + count] + names[: max(0, start + count - len(names))]
        self._turn = start + count
        self._look_at({f"{slug}{SUFFIX}" for slug in picked}, changes)

    def _relist(self, changes: Changes) -> None:
        """The folder's entries changed: find new, removed and replaced files by name and
        inode (from the listing, no stat), and stat only those."""
        listed: dict[str, int] = {}
        try:
            for entry in scan(self.folder):
                listed[entry.name[: -len(SUFFIX)]] = entry.inode()
        except OSError:
            pass
        files = self._files
        suspects = {
            f"{slug}{SUFFIX}"
            for slug, inode in listed.items()
            if slug not in files or files[slug][1] != inode
        }
        suspects |= {f"{slug}{SUFFIX}" for slug in files if slug not in listed}
        self._look_at(suspects, changes)

    def _rescan(self, changes: Changes) -> None:
        """Stat every file (the start, or when the kernel's account was lost)."""
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
        changes.removed |= set(self._files) - set(current)
        self._files = current
        with contextlib.suppress(OSError):
            self._folder_mtime = os.stat(self.folder).st_mtime_ns


# ---- inotify, through ctypes --------------------------------------------------------------

IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = 0o2000000
WATCHED = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
    | IN_ONLYDIR
)
LOST = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF
EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name

# File systems whose kernel hears nothing of changes made elsewhere (statfs f_type):
# NFS, SMB/CIFS (three), FUSE (sshfs, rclone…), 9P, Coda, AFS, Ceph, Lustre, GPFS.
NETWORK_FILE_SYSTEMS = frozenset(
    {
        0x6969,
        0x517B,
        0xFF534D42,
        0xFE534D42,
        0x65735546,
        0x01021997,
        0x73757245,
        0x5346414F,
        0x00C36400,
        0x0BD00BD0,
        0x47504653,
    }
)

_libc: Any = None


def _load_libc() -> Any:
    """libc through ctypes, or None (not Linux, or no inotify in it)."""
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                _ = libc.inotify_init1, libc.inotify_add_watch, libc.statfs
                _libc = libc
            except (OSError, AttributeError):
                pass
    return _libc or None


def file_system_type(path: Path) -> int | None:
    """The f_type statfs(2) gives for `path` (None where it cannot be asked)."""
    libc = _load_libc()
    if libc is None:
        return None
    import ctypes

    buffer = ctypes.create_string_buffer(512)  # struct statfs is 120 bytes on x86-64
    if libc.statfs(os.fsencode(path), buffer) != 0:
        return None
    return ctypes.c_long.from_buffer(buffer).value & 0xFFFFFFFF


def notifications_work(folder: Path) -> bool:
    """Whether the kernel's change notifications can be trusted for `folder` (or, while it
    does not exist yet, the nearest folder above it)."""
    if _load_libc() is None:
        return False
    place = folder
    while not place.exists() and place != place.parent:
        place = place.parent
    kind = file_system_type(place)
    return kind is not None and kind not in NETWORK_FILE_SYSTEMS


class _Inotify:
    """One inotify instance watching one folder, read without blocking."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def watching(cls, folder: Path) -> _Inotify | None:
        """A watch on `folder`; None if it does not exist (yet) or cannot be watched."""
        libc = _load_libc()
        if libc is None:
            return None
        fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            return None
        if libc.inotify_add_watch(fd, os.fsencode(folder), WATCHED) < 0:
            os.close(fd)
            return None
        return cls(fd)

    def close(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1

    def changed_names(self) -> set[str] | None:
        """The names of the entries changed since the last call; None if the account was
        lost (the queue overflowed, the folder was removed or moved)."""
        names: set[str] = set()
        while True:
            try:
                data = os.read(self.fd, 256 * 1024)
            except BlockingIOError:
                return names
            except OSError:
                return None
            if not data:
                return names
            offset = 0
            while offset + EVENT.size <= len(data):
                _, mask, _, length = EVENT.unpack_from(data, offset)
                offset += EVENT.size
                if mask & LOST:
                    return None
                raw = data[offset : offset + length].rstrip(b"\0")
                offset += length
                if raw:
                    names.add(os.fsdecode(raw))
