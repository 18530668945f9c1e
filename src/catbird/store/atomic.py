"""Crash-safe writes and advisory locks.

A save writes a temporary file in the target's folder, fsyncs it, renames it over the target
and fsyncs the folder: a reader — or a writer killed at any instant — sees the old file or the
new one, never a torn one. Files are 0600. A symlinked file is written through to its target
(which keeps its owner and mode), so a workspace kept in a synced folder by links stays
linked; a dangling link is never followed to create a file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from catbird.store.errors import LockTimeout

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT = 15.0


def real_target(path: Path) -> Path:
    """The file a write to `path` should change: symlinks followed, even dangling ones."""
    return Path(os.path.realpath(path))


def ensure_dir(path: Path) -> None:
    """Create `path` and any missing parents, each 0700 (mkdir's `parents` would use 0777)."""
    if path.is_dir():
        return
    ensure_dir(path.parent)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DanglingLink(FileNotFoundError):
    """A write to a link whose target does not exist: refused, as the kernel's
    protected-symlinks rule would (we resolve the path ourselves, so it cannot)."""

    def __init__(self, path: Path) -> None:
        target = os.readlink(path)
        super().__init__(
            errno.ENOENT,
            f"a link to {target}, which does not exist; not created through the link",
            str(path),
        )


def _write_temp(folder: Path, name: str, data: bytes, like: os.stat_result | None = None) -> Path:
    # os.urandom is what secrets.token_hex uses; `secrets` would import hashlib and hmac
    # (~2 ms) into the board's start-up for nothing.
    temp = folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        if like is not None:
            # The file a link points at keeps its owner and mode, set before the rename so
            # that no reader ever sees the new content with other permissions.
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.fchown(fd, like.st_uid, like.st_gid)
            os.fchmod(fd, stat.S_IMODE(like.st_mode))
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def atomic_write(path: Path, data: bytes) -> Path:
    """Replace `path` (or its symlink target) with `data`, atomically. Returns the real path.

    Through a link, the target keeps its owner and mode; a link to nothing is refused
    (DanglingLink) rather than followed to create a file where it points."""
    target = real_target(path)
    like = None
    if os.path.islink(path):
        try:
            like = os.stat(target)
        except FileNotFoundError:
            raise DanglingLink(path) from None
    temp = _write_temp(target.parent, target.name, data, like)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def atomic_create(path: Path, data: bytes) -> bool:
    """Write a new file at `path` atomically; False (nothing written) if it already exists."""
    temp = _write_temp(path.parent, path.name, data)
    try:
        os.link(temp, path)  # link() never overwrites: two creators cannot both win
    except FileExistsError:
        return False
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return True


@contextlib.contextmanager
def file_lock(lock_path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive advisory lock on `lock_path` (created 0600) for a read-modify-write."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if not _wait_for_lock(fd, timeout):
                fd = -1  # the waiting thread owns the descriptor now, and closes it
                raise LockTimeout(
                    f"{lock_path}: another Catbird process has held this lock for "
                    f"{timeout:.0f}s; try again, or remove the lock file if none is running"
                ) from None
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock


def _wait_for_lock(fd: int, timeout: float) -> bool:
    """Wait for the lock in the kernel's queue, giving up after `timeout` seconds.

    Not by polling: a writer that saves back to back (the TUI, a sync tool) frees the lock
    only for the instant between two saves, so a waiter that sleeps between tries can miss
    every such instant until it times out — it did, in tests/test_reliability.py, with 50
    captures waiting. A blocked `flock` is woken at that instant. It blocks in a helper
    thread so that the wait can still end; if it ends first, the helper closes the
    descriptor as soon as it gets the lock, which releases it at once.
    """
    state = threading.Lock()
    got = threading.Event()
    gave_up = False
    failure: list[OSError] = []

    def wait() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            failure.append(exc)
        with state:
            if gave_up:
                os.close(fd)
            else:
                got.set()

    threading.Thread(target=wait, name=f"catbird-lock-{fd}", daemon=True).start()
    got.wait(timeout)
    with state:
        if not got.is_set():
            gave_up = True
            return False
    if failure:
        raise failure[0]
    return True
