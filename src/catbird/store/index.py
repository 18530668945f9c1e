"""The summary index: every opportunity file's card, cached in `.catbird/index.jsonl`.

The board paints from it at start-up, so this module is plain Python (no pydantic): reading
it is most of what the first frame costs beyond Textual's own (at 10,000 cards, about 4 MiB
and a few microseconds a card). It is only a cache: a missing, stale or damaged index, or a
damaged entry, just means those files are read again.

The file is JSON Lines: a header, the head, then one line per opportunity file; every line
but the header is led by the CRC-32 of the rest of its line:

    {"version": 8, "profile": [dev, ino, size, mtime_ns, ctime_ns] | null}
    5e0f12aa ["head", 40, {"lead": 300, "applied": 300, …, "closed": 9000}, [["acme", …], …]]
    1c291ca3 ["acme.toml", [dev, ino, size, mtime_ns, ctime_ns], "9f…", ["acme", "Acme", …]]

The head says how many cards each board column has, and holds the first 40 cards of each
column in the board's order (`catbird.model.board_order`), as the entries below have them:
the board's first frame is drawn from the header and that one line (`Index.read_head`),
however many cards there are, and the whole file is read right after that frame. The head
is a help for that first frame only: the whole read leaves it out, and the cards it shows
are replaced by the entries' (checked against their files) as soon as those are read.

An entry is current while its file has the same device, inode, size, modification time and
change time. The change time is the kernel's own: `touch -r`, `cp -p` and `rsync -t` can set
a file's mtime back after an in-place edit of the same size, never its ctime. The header's
profile identity says which profile.toml the fit scores were computed against.

The cache is never trusted for more than it can prove:
- a line whose checksum (CRC-32, first) does not match — damaged, or edited by hand — is
  left out, and its file read again;
- every text read from it is cleaned like any text from a file, so nothing in it can reach
  the terminal raw, even before the file is looked at;
- the digest (BLAKE2b of the card and the file's bytes together) is checked against the
  file in the background (`Workspace.summaries(verify=True)`: the board once it is on
  screen, `catbird list` before it prints), which costs a read of each file but no parse;
  a card that does not match its file, for whatever reason, is made again from the file.
"""

from __future__ import annotations

import heapq
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catbird.model.board_order import COLUMNS, column_of, order_of
from catbird.model.summary import CardSummary
from catbird.store.atomic import atomic_write, ensure_dir
from catbird.store.errors import FileProblem
from catbird.store.files import read_regular

INDEX_VERSION = 8  # 4: ctime and device in the key, a checksum per line; 5: unknowns;
# 6: last_news (when the company was last heard from), the contacts' names and the
# interviews scheduled ahead; 7: what falls due; 8: the head (each column's first cards)
READ_VERSIONS = (7, 8)
"""Versions whose entries are read: 7's lines are 8's without the head, so an index of 7 is
read whole (no cold start after the upgrade) and written again as 8 (`outdated`)."""
HEAD_DEPTH = 40
"""Cards kept at the top of the index per board column: a screen of 160 lines and more."""
HEAD_BYTES = 512 * 1024
"""What is read of the index for the first frame: the header and the head, and then some
(240 cards take about 100 KiB)."""
INDEX_NAME = "index.jsonl"
INDEX_LIMIT = 256 * 1024 * 1024
SUFFIX = ".toml"
BATCH_BYTES = 128 * 1024
"""How much of the index is parsed at a time (about 300 lines)."""

Key = tuple[int, int, int, int, int]
"""A file's identity: device, inode, size, and modification and change times in ns."""


def is_data_file(name: str) -> bool:
    return name.endswith(SUFFIX) and not name.startswith(".")


def scan(folder: Path, others: list[os.DirEntry[str]] | None = None) -> Iterator[os.DirEntry[str]]:
    """The opportunity files in `folder` (none if it does not exist). Names of data files
    that are not regular files (a FIFO, a folder, a dangling link) go to `others`."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not is_data_file(entry.name):
                    continue
                if entry.is_file():
                    yield entry
                elif others is not None:
                    others.append(entry)
    except FileNotFoundError:
        return


def key_of(st: os.stat_result) -> Key:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def key_of_path(path: Path) -> Key | None:
    try:
        return key_of(path.stat())
    except OSError:
        return None


def digest_of(card: CardSummary, data: bytes) -> str:
    """What binds a cached card to the file it was made from: a hash of both."""
    from hashlib import blake2b  # not on the first paint's path: checked in the background

    row = json.dumps(card.to_row(), separators=(",", ":")).encode()
    return blake2b(row + b"\n" + data, digest_size=16).hexdigest()


Entry = tuple[Key, str, CardSummary]
"""A file's key when it was summarized, the digest of its card and bytes, and its card."""


@dataclass
class Index:
    """The index as read: file name → its entry."""

    profile: Key | None = None
    entries: dict[str, Entry] = field(default_factory=dict)

    outdated: bool = False
    """Read from an index of an older version: to be written again even if no card changed."""

    @classmethod
    def read(cls, path: Path) -> Index:
        """The index at `path`; empty if it is missing, of another version or unreadable.
        A damaged entry is left out (its file will be read again)."""
        return cls.parse(_bytes_of(path))

    @classmethod
    def parse(cls, data: bytes) -> Index:
        """The index in `data` (what `read` read), as `read` says."""
        start = data.find(b"\n") + 1 or len(data)
        try:
            header = json.loads(data[:start])
        except ValueError:
            return cls()
        if not isinstance(header, dict) or header.get("version") not in READ_VERSIONS:
            return cls()
        index = cls(_key(header.get("profile")), outdated=header["version"] != INDEX_VERSION)
        entries = index.entries
        # A few hundred lines at a time: what one batch leaves behind (its lines, the parsed
        # rows) is freed before the next is parsed and reuses the same memory, so the cards
        # kept lie close together, and a read at 10,000 leaves no heap of freed temporaries
        # in the process's memory (the board keeps what the first frame read until exit).
        # The head line is no entry: `_entry` leaves it out like any odd line.
        while start < len(data):
            end = data.find(b"\n", start + BATCH_BYTES)
            end = len(data) if end < 0 else end
            checked = (_checked(line) for line in data[start:end].split(b"\n"))
            lines = [line for line in checked if line is not None]
            start = end + 1
            try:  # a batch in one parse: a third of the time of a parse per line
                rows = json.loads(b"[" + b",".join(lines) + b"]")
            except ValueError:  # a line is damaged: parse them one by one to keep the others
                rows = [_json_or_none(line) for line in lines]
            for row in rows:
                entry = _entry(row)
                if entry is not None:
                    entries[entry[0]] = entry[1]
        return index

    @staticmethod
    def read_head(path: Path, depth: int) -> Head | None:
        """The head of the index at `path` if it holds the first `depth` cards of every
        column; None otherwise (an index without one, of another version, damaged in the
        head, or not deep enough). Only the start of the file is read (at 10,000 cards the
        head is a fortieth of it): the whole is read again after the first frame, and a
        head that no longer matches it (the index written anew meanwhile) is replaced, as
        any head is, by the entries as soon as they are read."""
        data = _bytes_of(path, HEAD_BYTES)
        if len(data) == HEAD_BYTES and data.count(b"\n", 0, HEAD_BYTES) < 2:
            data = _bytes_of(path)  # a head of very long texts: read on
        return _head_of(data, depth)

    def cards(self) -> list[CardSummary]:
        return [card for _, _, card in self.entries.values()]

    def write(self, path: Path) -> None:
        """Save the index (atomically); a read-only workspace simply goes without one."""
        header = {"version": INDEX_VERSION, "profile": self.profile}
        counts, first = self._head()
        head = ["head", HEAD_DEPTH, counts, [card.to_row() for card in first]]
        lines = [json.dumps(header).encode(), _line(head)]
        for name, (key, digest, card) in self.entries.items():
            lines.append(_line([name, key, digest, card.to_row()]))
        try:
            ensure_dir(path.parent)
            atomic_write(path, b"\n".join(lines) + b"\n")
            (path.parent / "index.json").unlink(missing_ok=True)  # the first format's
        except OSError:
            pass

    def _head(self) -> tuple[dict[str, int], list[CardSummary]]:
        """The cards per column, and each column's first HEAD_DEPTH cards in order, column
        by column."""
        by_column: dict[str, list[CardSummary]] = {column: [] for column in COLUMNS}
        for _, _, card in self.entries.values():
            by_column[column_of(card.stage)].append(card)
        first = [
            card
            for column, cards in by_column.items()
            for card in heapq.nsmallest(HEAD_DEPTH, cards, key=order_of(column))
        ]
        return {column: len(cards) for column, cards in by_column.items()}, first


@dataclass(frozen=True)
class Head:
    """What the board's first frame is drawn from: the cards per column, and the first
    cards of each column (in no promised order: the board sorts them)."""

    counts: dict[str, int]
    cards: list[CardSummary]


def _bytes_of(path: Path, head: int | None = None) -> bytes:
    """The index's bytes (its first `head` bytes only, if given); none if it cannot be read."""
    try:
        # Regular files only (a FIFO here would hang the board's start); no real index
        # comes near this limit (10,000 cards take about 4 MiB).
        if head is not None:
            return read_regular(path, head, head=True)
        return read_regular(path, INDEX_LIMIT)
    except (OSError, FileProblem):
        return b""


def _head_of(data: bytes, depth: int) -> Head | None:
    start = data.find(b"\n") + 1
    end = data.find(b"\n", start)
    if start == 0 or end < 0:
        return None
    try:
        header = json.loads(data[:start])
        checked = _checked(data[start:end])
        head = json.loads(checked) if checked is not None else None
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("version") != INDEX_VERSION:
        return None
    if type(head) is not list or len(head) != 4 or head[0] != "head":
        return None
    _, kept, counts, rows = head
    if type(kept) is not int or kept < depth or type(counts) is not dict or type(rows) is not list:
        return None
    if set(counts) != set(COLUMNS) or any(type(n) is not int or n < 0 for n in counts.values()):
        return None
    try:
        cards = [CardSummary.from_row(row) for row in rows]
    except ValueError:  # not a card: the first frame waits for the whole index
        return None
    shown = dict.fromkeys(COLUMNS, 0)
    for card in cards:
        shown[column_of(card.stage)] += 1
    if any(shown[column] != min(counts[column], kept) for column in COLUMNS):
        return None
    return Head(counts, cards)


def _line(value: object) -> bytes:
    row = json.dumps(value, separators=(",", ":")).encode()
    return b"%08x %s" % (zlib.crc32(row), row)


def _key(value: object) -> Key | None:
    if type(value) is list and tuple(map(type, value)) == _FIVE_INTS:  # not bool, not float
        return (value[0], value[1], value[2], value[3], value[4])
    return None


_FIVE_INTS = (int,) * 5


def _checked(line: bytes) -> bytes | None:
    """The entry of an index line whose checksum matches; None for any other line."""
    crc, _, row = line.partition(b" ")
    try:
        return row if int(crc, 16) == zlib.crc32(row) and len(crc) == 8 else None
    except ValueError:
        return None


def _json_or_none(line: bytes) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None


def _entry(entry: object) -> tuple[str, Entry] | None:
    if type(entry) is not list or len(entry) != 4:
        return None
    name, key, digest, row = entry
    key = _key(key)
    if key is None or type(name) is not str or type(digest) is not str:
        return None
    try:
        card = CardSummary.from_row(row)
    except ValueError:
        return None
    if name != card.slug + SUFFIX:
        return None
    return name, (key, digest, card)
