"""Errors the user can fix, each pointing at the place to fix it."""

from __future__ import annotations

from pathlib import Path


class CatbirdError(Exception):
    """An error the user can fix: reported on stderr with exit code 1, nothing changed."""


class FileProblem(CatbirdError):
    """A workspace file that cannot be read: `path:line: message`."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class NotFound(CatbirdError):
    pass


class Ambiguous(CatbirdError):
    def __init__(self, ref: str, candidates: list[tuple[str, str]]) -> None:
        lines = "\n".join(f"  {slug}  ({company})" for slug, company in candidates)
        super().__init__(f"{ref!r} matches {len(candidates)} opportunities:\n{lines}")
        self.candidates = candidates


class LockTimeout(CatbirdError):
    pass
