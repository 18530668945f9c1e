"""The summary index: every opportunity file's card, cached in `.catbird/index.jsonl`.

The board paints from it at start-up, so this module is plain Python (no pydantic): reading
it must cost a few milliseconds, before anything else is imported. It is only a cache: a
missing, stale or damaged index, or a damaged entry, just means those files are read again.

The file is JSON Lines: a header, then one line per opportunity file:

    {"version": 3, "profile": [ino, size, mtime_ns] | null}
    ["acme.toml", [ino, size, mtime_ns], ["acme", "Acme", "Dev", "lead", [...], ...]]

An entry is current while its file has the same inode, size and modification time; the
header's profile identity says which profile.toml the fit scores were computed against.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catbird.model.summary import CardSummary
from catbird.store.atomic import atomic_write, ensure_dir

INDEX_VERSION = 3
INDEX_NAME = "index.jsonl"
SUFFIX = ".toml"

Key = tuple[int, int, int]
"""A file's identity: inode, size and modification time in nanoseconds."""


def is_data_file(name: str) -> bool:
    return name.endswith(SUFFIX) and not name.startswith(".")


def scan(folder: Path) -> Iterator[os.DirEntry[str]]:
    """The opportunity files in `folder` (none if it does not exist)."""
    try:
        with os.scandir(folder) as entries:
            yield from (e for e in entries if is_data_file(e.name) and e.is_file())
    except FileNotFoundError:
        return


def key_of(st: os.stat_result) -> Key:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def key_of_path(path: Path) -> Key | None:
    try:
        return key_of(path.stat())
    except OSError:
        return None


@dataclass
class Index:
    """The index as read: file name → (its key when summarized, its card)."""

    profile: Key | None = None
    entries: dict[str, tuple[Key, CardSummary]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Index:
        """The index at `path`; empty if it is missing, of another version or unreadable.
        A damaged entry is left out (its file will be read again)."""
        try:
            data = path.read_bytes()
        except OSError:
            return cls()
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return cls()
        if not isinstance(header, dict) or header.get("version") != INDEX_VERSION:
            return cls()
        index = cls(_key(header.get("profile")))
        lines = body.splitlines()
        try:  # all entries in one parse: a third of the time of a parse per line
            rows = json.loads(b"[" + b",".join(lines) + b"]")
        except ValueError:  # some line is damaged: parse them one by one to keep the others
            rows = [_json_or_none(line) for line in lines]
        entries = index.entries
        for row in rows:
            entry = _entry(row)
            if entry is not None:
                entries[entry[0]] = entry[1]
        return index

    def cards(self) -> list[CardSummary]:
        return [card for _, card in self.entries.values()]

    def write(self, path: Path) -> None:
        """Save the index (atomically); a read-only workspace simply goes without one."""
        header = {"version": INDEX_VERSION, "profile": self.profile}
        lines = [json.dumps(header).encode()]
        lines.extend(
            json.dumps([name, key, card.to_row()], separators=(",", ":")).encode()
            for name, (key, card) in self.entries.items()
        )
        try:
            ensure_dir(path.parent)
            atomic_write(path, b"\n".join(lines) + b"\n")
            (path.parent / "index.json").unlink(missing_ok=True)  # the first format's
        except OSError:
            pass


def _key(value: object) -> Key | None:
    if (
        isinstance(value, list)
        and len(value) == 3
        and all(type(part) is int for part in value)  # not bool, not float
    ):
        return (value[0], value[1], value[2])
    return None


def _json_or_none(line: bytes) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None


def _entry(entry: object) -> tuple[str, tuple[Key, CardSummary]] | None:
    if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
        return None
    key = _key(entry[1])
    if key is None or not isinstance(entry[2], list):
        return None
    try:
        card = CardSummary.from_row(entry[2])
    except ValueError:
        return None
    if f"{card.slug}{SUFFIX}" != entry[0]:
        return None
    return entry[0], (key, card)
