"""A commit message that says what changed: "flag on northwind-labs; moved hooli to offer".

Each changed file is read in its old and new version; what is new in it (every item with an
id, found by walking the model, so new kinds of events are named without a change here) is
counted by kind, and a stage change is said as a move.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel

from catbird.store.errors import FileProblem
from catbird.sync.driver import kind_of, load

SUBJECT_WIDTH = 72

_NAMES = {"FlagEvent": "flag", "StageChange": "stage change", "OfferTerm": "term"}


def _noun(kind: type) -> str:
    name = _NAMES.get(kind.__name__)
    if name is None:  # FollowUp → follow-up, Note → note
        name = re.sub(r"(?<!^)(?=[A-Z])", "-", kind.__name__).lower()
    return name


def _items(value: Any, out: dict[str, BaseModel]) -> dict[str, BaseModel]:
    """Every item with an id in a model, at any depth, by id."""
    if isinstance(value, BaseModel):
        if "id" in type(value).model_fields:
            out[getattr(value, "id")] = value  # noqa: B009
        for name in type(value).model_fields:
            _items(getattr(value, name), out)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, BaseModel):
                _items(item, out)
    return out


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{count} {noun}s"


def describe(path: str, old: bytes | None, new: bytes | None) -> list[str]:
    """What changed in one file, as short phrases."""
    kind = kind_of(path)
    name = PurePosixPath(path).stem
    if kind is None:
        return [f"{'added' if old is None else 'removed' if new is None else 'changed'} {path}"]
    what = "the profile" if kind == "profile" else name
    if new is None:
        return [f"removed {what}"]
    try:
        after = load(kind, path, new)
    except FileProblem:
        return [f"{'added' if old is None else 'edited'} {what} (it does not validate)"]
    if old is None:
        return [f"added {what}"]
    try:
        before = load(kind, path, old)
    except FileProblem:
        return [f"fixed {what}"]
    if before == after:
        return [f"reworded {what}"]  # comments or layout only
    known = _items(before, {})
    added = [item for key, item in _items(after, {}).items() if key not in known]
    phrases = [
        f"moved {what} to {getattr(item, 'stage')}"  # noqa: B009
        for item in added
        if type(item).__name__ == "StageChange"
    ]
    counts = Counter(_noun(type(item)) for item in added if type(item).__name__ != "StageChange")
    if counts:
        nouns = [_plural(noun, n) for noun, n in counts.items()]
        listed = nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " and " + nouns[-1]
        phrases.insert(0, f"{listed} on {what}")
    return phrases or [f"edited {what}"]


def subject_and_body(phrases: Iterable[str]) -> str:
    """The message: a subject line that fits, and every phrase in the body if it does not."""
    every = list(dict.fromkeys(phrases))
    if not every:
        return "catbird sync"
    subject = ""
    for count, phrase in enumerate(every):
        rest = len(every) - count - 1
        candidate = f"{subject}; {phrase}" if subject else phrase
        tail = f"; and {rest} more" if rest else ""
        if subject and len(candidate) + len(tail) > SUBJECT_WIDTH:
            subject += f"; and {len(every) - count} more"
            return subject + "\n\n" + "\n".join(every) + "\n"
        subject = candidate
    return subject + "\n"
