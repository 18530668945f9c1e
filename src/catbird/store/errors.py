"""Errors the user can fix, each pointing at the place to fix it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from catbird.model.clean import INVISIBLE, compiled

# The characters the model's cleaning removes (model/clean.py), shown here instead; compiled
# on first use (a message, or a saved error's text: not every capture has one).
_CONTROLS = f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]"
_CONTROLS_AND_NEWLINES = f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]"


def printable(text: str, *, newlines: bool = True) -> str:
    """`text` safe for a terminal: control characters (ESC above all) shown as `\\xNN`, and
    the invisible ones that reorder text (bidi overrides…) as `\\uNNNN`.

    Messages quote file names, TOML keys and company names straight from the disk."""
    if text.isprintable():  # nothing to show otherwise (see model/clean.py)
        return text
    return compiled(_CONTROLS if newlines else _CONTROLS_AND_NEWLINES).sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class CatbirdError(Exception):
    """An error the user can fix: reported on stderr with exit code 1, nothing changed."""

    def __init__(self, message: object = "") -> None:
        super().__init__(printable(str(message)))


class FileProblem(CatbirdError):
    """A workspace file that cannot be read: `path:line: message`, always on one line.
    Line 0 is for what is wrong with the file as a whole (`path: message`): not a regular
    file, too big, a dangling link."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.message = printable(message, newlines=False)
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(printable(f"{where}: {self.message}", newlines=False))
        self.path = path
        self.line = line


class NotFound(CatbirdError):
    pass


class Ambiguous(CatbirdError):
    def __init__(self, ref: str, candidates: list[tuple[str, str]]) -> None:
        lines = "\n".join(f"  {slug}  ({company})" for slug, company in candidates)
        super().__init__(f"{ref!r} matches {len(candidates)} opportunities:\n{lines}")
        self.candidates = candidates


class LockTimeout(CatbirdError):
    pass


class SaveFailed(CatbirdError):
    """The disk refused a save (full, read-only, no permission): nothing on disk changed."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        hint = {28: "the disk is full", 30: "the disk is read-only"}.get(error.errno or 0)
        super().__init__(f"{path}: not saved ({hint or reason}); nothing was changed")
        self.path = path
        self.errno = error.errno


@contextlib.contextmanager
def saving(path: Path) -> Iterator[None]:
    """Turn an OSError met while saving `path` (its lock, its folder, its temp file, the
    rename) into one message naming the file. The writes are atomic, so the file on disk is
    still the old one."""
    try:
        yield
    except OSError as exc:
        raise SaveFailed(path, exc) from None
