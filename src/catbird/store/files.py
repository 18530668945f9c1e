"""Reading the workspace's files: regular files only, and never more than a limit.

A FIFO where a file should be would block the reader forever, and a link to `/dev/zero`
would fill memory, so a file is opened without blocking, checked on the opened descriptor
(what is read is what was checked, even if the name is swapped meanwhile) and read up to a
limit. Anything else is a `FileProblem` that says what the thing is and that it was skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from catbird.store.errors import FileProblem

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Far above any real opportunity (a long search's file is a few hundred KiB)."""

_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def _not_regular(path: Path, mode: int) -> FileProblem:
    kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
    return FileProblem(path, 0, f"not a regular file ({kind}); skipped")


def _dangling(path: Path) -> FileProblem | None:
    """The problem of a link whose target is missing (None if `path` is simply not there)."""
    try:
        target = os.readlink(path)
    except OSError:
        return None
    return FileProblem(path, 0, f"a link to {target}, which does not exist; skipped")


def read_regular(path: Path, limit: int = MAX_FILE_BYTES, *, head: bool = False) -> bytes:
    """The bytes of the regular file at `path` (links followed), or a FileProblem saying why
    not. With `head`, just the first `limit` bytes, whatever the size of the file.

    FileNotFoundError (the file is not there) is raised as it is: callers decide what a
    missing file means. A dangling link is a FileProblem: something is there, pointing nowhere.
    """
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        problem = _dangling(path)
        if problem is None:
            raise
        raise problem from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode)
        if st.st_size > limit and not head:
            raise _too_big(path, st.st_size, limit)
        chunks: list[bytes] = []
        left = limit if head else limit + 1  # one byte more tells a file that grew past it
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise _too_big(path, len(data), limit)
        return data
    finally:
        os.close(fd)


def _too_big(path: Path, size: int, limit: int) -> FileProblem:
    return FileProblem(
        path, 0, f"{_mib(size)} is over the {_mib(limit)} a Catbird file may have; skipped"
    )


def problem_of(path: Path) -> FileProblem | None:
    """Why a name in the folder is not an opportunity Catbird can read, found with `stat`
    alone (no open): a FIFO, a folder, a device, a dangling link. None for a regular file, or
    for a name gone since it was listed."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return _dangling(path)
    except OSError as exc:
        return FileProblem(path, 0, f"cannot read: {exc.strerror}; skipped")
    return None if stat.S_ISREG(st.st_mode) else _not_regular(path, st.st_mode)
