"""A commit message that says what changed: "flag on northwind-labs; moved hooli to offer".

Read from the text of each changed file's old and new version, not by loading the models (a
sync commits dozens of files, and parsing them would be most of its time): every item of a
list of events is a `[[table]]` of its own in the files Catbird writes, so what is new is
counted by table (`[[interviews.flags]]` → a flag), and a new top-level `stage` is a move. A
list added to the model later is named from its table without a change here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from catbird.sync.driver import kind_of

SUBJECT_WIDTH = 72

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]?")
_ARRAY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=\s*\[")
_ID = re.compile(r'\bid\s*=\s*"([a-z0-9]+)"')
_HEADER = re.compile(rb"^\s*\[", re.MULTILINE)
_STAGE = re.compile(rb'^stage\s*=\s*"([a-z-]+)"', re.MULTILINE)
_COMPANY = re.compile(rb'^company\s*=\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_NOUNS = {
    "stage_history": "",  # said as a move
    "flags": "flag",
    "follow_ups": "follow-up",
    "must_haves": "must-have",
    "nice_to_haves": "nice-to-have",
    "role_ideas": "role idea",
    "questions": "question",
    "flag_presets": "flag preset",
}


def _noun(table: str) -> str:
    last = table.rsplit(".", 1)[-1].replace(" ", "_")
    if last in _NOUNS:
        return _NOUNS[last]
    return last[:-1].replace("_", " ") if last.endswith("s") else last.replace("_", " ")


def _events(data: bytes) -> dict[str, str]:
    """Every id in a file, with the list it is in ("interviews.flags"), read line by line:
    an id belongs to the `[[table]]` above it, or to the array `key = [` it sits in."""
    out: dict[str, str] = {}
    table, array = "", ""
    for line in data.decode("utf-8", "replace").splitlines():
        header = _TABLE.match(line)
        if header:
            table, array = header.group(1).strip(), ""
            continue
        opened = _ARRAY.match(line)
        if opened:
            array = opened.group(1)
        for found in _ID.finditer(line):
            name = f"{table}.{array}" if table and array else array or table
            out.setdefault(found.group(1), name)
        if (opened and line.rstrip().endswith("]")) or line.strip() == "]":
            array = ""
    return out


def _top(pattern: re.Pattern[bytes], data: bytes) -> str | None:
    """A value of the file's top table (before any [table] header)."""
    header = _HEADER.search(data)
    found = pattern.search(data[: header.start()] if header else data)
    return found.group(1).decode("utf-8", "replace") if found else None


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{count} {noun}s"


def describe(path: str, old: bytes | None, new: bytes | None) -> list[str]:
    """What changed in one file, as short phrases."""
    kind = kind_of(path)
    if kind is None:
        return [f"{'added' if old is None else 'removed' if new is None else 'changed'} {path}"]
    what = "the profile" if kind == "profile" else PurePosixPath(path).stem
    if new is None:
        return [f"removed {what}"]
    if old is None:
        return [f"added {what}"]
    phrases = []
    stage = _top(_STAGE, new)
    if stage is not None and stage != _top(_STAGE, old):
        phrases.append(f"moved {what} to {stage}")
    company = _top(_COMPANY, new)
    if kind == "opportunity" and company is not None and company != _top(_COMPANY, old):
        phrases.append(f'renamed {what} "{company}"')
    known = _events(old)
    added = Counter(kind for key, kind in _events(new).items() if key not in known)
    if kind == "profile" and "flags" in added:
        added["flag presets"] = added.pop("flags")
    nouns = [_plural(_noun(t), n) for t, n in added.items() if _noun(t)]
    if nouns:
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
