"""The facts cache: what the views across the workspace need of each opportunity file, kept
in `.catbird/facts.jsonl` beside the summary index, so that opening them after a start reads
one file rather than parsing thousands.

Each file's facts are what the insights count of it (its `Contribution`) and what it puts on
an agenda of any range (`catbird.model.agenda.dated`): both are functions of the file alone,
worked out once per version of it. The same rules as the summary index
(`catbird.store.index`), and its helpers. The file is a header and three kinds of lines,
each led by the CRC-32 of the rest of it:

    {"version": 1}
    9c0e11d2 {"acme": "dev ino size mtime_ns ctime_ns offset length digest", …}
    5d0c2f6e {"table": "9f…", "state": "3a…"}<TAB>{…the tally…}
    1c291ca3 ["acme", [dev, ino, …]]<TAB>["Acme", […items…]]<TAB>8e01ac5b […contribution…]

- the table: every file's identity and where its line is (from the first entry's line).
  Opening the insights after a start reads only the table and the tally (the sum of every
  contribution, so that 10,000 of them need not be added up): a line is read only when its
  file changed, or when the agenda asks for its items;
- an entry is used while its file has the same identity (device, inode, size, modification
  and change times: an edit in place that keeps the size and puts the mtime back still
  changes the ctime); its line must name the same file and identity as the table;
- the contribution (most of a line) has a checksum of its own, checked when it is read;
  a line must also have the digest (BLAKE2b) the table gives for it, so a line edited by
  hand with its checksums made right is still not used;
- the tally counts only with the table it names (a hash of the table's line), and only
  while its own digest matches it;
- a damaged line, a value of an odd shape or type, a cache of another version, a missing
  or unreadable cache: those files are read again (and the contributions added up again
  when the tally cannot be trusted) and the cache written anew, atomically; nothing in it
  is trusted blindly, and texts are shown as data anyway.
"""

from __future__ import annotations

import contextlib
import json
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

from catbird.model.clean import needs_cleaning
from catbird.store.atomic import atomic_write, ensure_dir
from catbird.store.errors import FileProblem
from catbird.store.files import read_regular
from catbird.store.index import INDEX_LIMIT, Key, _checked

if TYPE_CHECKING:
    from catbird.model import Opportunity
    from catbird.model.agenda import AgendaItem
    from catbird.model.insights import Contribution, Tally
    from catbird.store.workspace import Workspace

FACTS_VERSION = 1
"""Bumped whenever the shape of a contribution, an item or the tally changes: a cache of
another version is not read at all."""
FACTS_NAME = "facts.jsonl"


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _plain(texts: Iterable[str]) -> bool:
    """Whether texts from the cache are as clean as the model keeps them (reasons may have
    newlines): one that is not was not written by us."""
    return not needs_cleaning("".join(texts).replace("\n", ""))


_UNREAD = object()


class Facts:
    """One file's facts, with the identity of the file they were worked out from: made from
    an opportunity just read, or from a cache line (parsed only when asked for)."""

    __slots__ = ("_contribution", "_dated", "_later", "_line", "_tabs", "key")

    def __init__(
        self,
        key: Key,
        contribution: Contribution | None = None,
        dated: tuple[AgendaItem, ...] | None = None,
        line: bytes | None = None,
        tabs: tuple[int, int] = (0, 0),
    ) -> None:
        self.key = key
        self._contribution = contribution
        self._dated = dated
        self._line = line
        """The cache line they were read from (written back as it is), and where its two
        tabs are."""
        self._tabs = tabs
        self._later: tuple[Pending, str] | None = None

    @classmethod
    def later(cls, key: Key, pending: Pending, slug: str) -> Facts:
        """The facts of the cache entry `pending` (of the file `slug`, whose identity
        `key` it holds): its line is read only when they are asked for."""
        facts = cls(key)
        facts._later = (pending, slug)
        return facts

    @classmethod
    def of(cls, key: Key, o: Opportunity) -> Facts:
        from catbird.model.agenda import dated
        from catbird.model.insights import contribution

        return cls(key, contribution(o), dated(o))

    def contribution(self) -> Contribution:
        """What the file brings to the insights (ValueError if its cache line is damaged)."""
        if self._contribution is None:
            from catbird.model.insights import contribution_of_row

            found = contribution_of_row(json.loads(self.rows()[0]))
            flags = (t for f in found.flags for t in (f.label, f.who, f.preset or ""))
            evidence = (t for e in found.evidence for t in (e[1], e[0] or ""))
            if not _plain((found.company, found.reason, *flags, *evidence)):
                raise ValueError("not as written")
            self._contribution = found
        return self._contribution

    def dated(self, slug: str, data: object = _UNREAD) -> tuple[AgendaItem, ...]:
        """What the file puts on an agenda (ValueError if its cache line is damaged);
        `data`: its items as parsed already (`read_dated`)."""
        if self._dated is None:
            from catbird.model.agenda import item_of_row

            if data is _UNREAD:
                data = json.loads(self.rows()[1])
            if not (type(data) is list and len(data) == 2 and type(data[0]) is str):
                raise ValueError("not as written")
            company, rows = data
            if type(rows) is not list:
                raise ValueError("not as written")
            found = tuple(item_of_row(slug, company, row) for row in rows)
            texts = (t for i in found for t in (i.text, i.where, i.zone, *i.people))
            if not _plain((company, *texts)):
                raise ValueError("not as written")
            self._dated = found
        return self._dated

    def rows(self) -> tuple[bytes, bytes]:
        """The contribution and the items, as a cache line holds them (ValueError if the
        contribution's checksum does not match)."""
        if self._later is not None:
            pending, slug = self._later
            found = pending.facts(slug)
            if found.key != self.key:
                raise ValueError("not as written")
            self._line, self._tabs, self._later = found._line, found._tabs, None
        if self._line is not None:
            first, second = self._tabs
            contribution = self._line[second + 1 :]
            if contribution[8:9] != b" " or zlib.crc32(contribution[9:]) != _crc(contribution[:8]):
                raise ValueError("damaged")
            return contribution[9:], self._line[first + 1 : second]
        from catbird.model.agenda import item_row
        from catbird.model.insights import contribution_row

        assert self._contribution is not None and self._dated is not None
        company = self._contribution.company
        items = [item_row(item) for item in self._dated]
        return _dumps(contribution_row(self._contribution)), _dumps([company, items])

    def written(self, slug: str) -> tuple[Key, bytes, str]:
        """Its identity, its cache line and the line's digest (ValueError if it came from a
        damaged line)."""
        if self._later is not None:  # never read: as it was, if it is still that file's
            key, line, digest = self._later[0].copy()
            if key != self.key:
                raise ValueError("not as written")
            return key, line, digest
        line = self.line(slug)
        return self.key, line, _short(line)

    def line(self, slug: str) -> bytes:
        """Its cache line (`slug`: its file's)."""
        if self._line is None or self._later is not None:
            contribution, items = self.rows()
        if self._line is None:
            row = _head(slug, self.key) + b"\t" + items
            self._line = b"%08x %s\t%08x %s" % (
                zlib.crc32(row),
                row,
                zlib.crc32(contribution),
                contribution,
            )
            self._tabs = (self._line.find(b"\t", 9), 9 + len(row))
        return self._line


def read_dated(entries: Iterable[tuple[str, Facts]]) -> None:
    """Parse what the files of `entries` put on an agenda, those not parsed yet, all at
    once (a parse per file is three times as long); a damaged one is left as it is (`dated`
    then says so)."""
    todo: list[tuple[str, Facts]] = []
    rows: list[bytes] = []
    for slug, facts in entries:
        if facts._dated is None:
            try:
                rows.append(facts.rows()[1])
            except ValueError:
                continue
            todo.append((slug, facts))
    try:
        parsed = json.loads(b"[" + b",".join(rows) + b"]")
    except ValueError:
        return  # one of them is damaged: each is parsed alone
    if type(parsed) is not list or len(parsed) != len(todo):
        return
    for (slug, facts), data in zip(todo, parsed, strict=True):
        with contextlib.suppress(ValueError):  # said when it is asked for alone
            facts.dated(slug, data)


class Pending:
    """A file's entry in the table of a cache as read: its identity, and where its line is
    (read only when asked for)."""

    __slots__ = ("lines", "row")

    def __init__(self, row: str, lines: memoryview) -> None:
        self.row = row
        """As the table has it: "dev ino size mtime_ns ctime_ns offset length" (a text:
        JSON reads 10,000 of them three times as fast as as many lists of numbers)."""
        self.lines = lines
        """The cache's entry lines."""

    def holds(self, key: Key) -> bool:
        """Whether the entry is for a file of identity `key` (a doctored value is simply
        not equal to it)."""
        return self.row.startswith(" ".join(map(str, key)) + " ")

    def copy(self) -> tuple[Key, bytes, str]:
        """Its identity, its line and the line's digest as they are, unchecked, for a cache
        written anew: its next reader checks them as this one would have (ValueError if the
        table's row is not one we write)."""
        if _ROW.fullmatch(self.row) is None:
            raise ValueError("not as written")
        *numbers, digest = self.row.split(" ")
        dev, ino, size, mtime, ctime, offset, length = map(int, numbers)
        line = bytes(self.lines[offset : offset + length]) if length else b""
        return (dev, ino, size, mtime, ctime), line, digest

    def facts(self, slug: str) -> Facts:
        """Its facts; ValueError if its line is damaged or names another file."""
        key, line, digest = self.copy()
        tabs = _tabs(line)
        if tabs is None or line[9 : tabs[0]] != _head(slug, key) or _short(line) != digest:
            raise ValueError("not as written")
        return Facts(key, line=line, tabs=tabs)


_PLAIN_SLUG = re.compile(r"[a-z0-9-]+")
_ROW = re.compile(r"(?:[0-9]{1,20} ){7}[0-9a-f]{16}", re.ASCII)
"""A row of the table: a file's identity, where its line is, the line's digest."""


def _head(slug: str, key: Key) -> bytes:
    """The head of the cache line of `slug` (written without JSON's encoder for the
    slugs Catbird makes: asking for the agenda checks a few thousand)."""
    if _PLAIN_SLUG.fullmatch(slug):
        return b'["%s",[%d,%d,%d,%d,%d]]' % (slug.encode(), *key)
    return _dumps([slug, key])


@dataclass
class FactsCache:
    """The cache as read: slug → its entry in the table, and the tally of them all (None
    unless it counts exactly this table)."""

    entries: dict[str, Pending] = field(default_factory=dict)
    tally_line: bytes = b""
    table: str = ""
    """The hash of the table's line, which the tally's line must name."""

    def tally(self) -> Tally | None:
        """The tally of every entry, parsed now (the agenda needs none); None if it does
        not count this very table, or is damaged."""
        return _tally(self.tally_line, self.table)

    @classmethod
    def read(cls, path: Path) -> FactsCache:
        """The cache at `path`; empty if it is missing, of another version or unreadable."""
        try:
            data = read_regular(path, INDEX_LIMIT)  # a regular file only: a FIFO would hang
        except (OSError, FileProblem):
            return cls()
        ends = [-1]
        for _ in range(3):
            ends.append(data.find(b"\n", ends[-1] + 1))
            if ends[-1] < 0:
                return cls()
        try:
            version = json.loads(data[: ends[1]])
        except ValueError:
            return cls()
        if not isinstance(version, dict) or version.get("version") != FACTS_VERSION:
            return cls()
        table_line = data[ends[1] + 1 : ends[2]]
        row = _checked(table_line)
        try:
            table = json.loads(row) if row is not None else None
        except ValueError:
            table = None
        if type(table) is not dict or (table and set(map(type, table.values())) != {str}):
            return cls()
        lines = memoryview(data)[ends[3] + 1 :]
        entries = {slug: Pending(row, lines) for slug, row in table.items()}
        return cls(entries, data[ends[2] + 1 : ends[3]], _digest(table_line))


def _tabs(line: bytes) -> tuple[int, int] | None:
    """Where the two tabs of a cache line are, if the checksum of its head and items
    matches; None for any other line. The contribution is checked when it is read."""
    first = line.find(b"\t", 9)
    second = line.find(b"\t", first + 1) if first > 0 else -1
    if second < 0 or line[8:9] != b" ":
        return None
    if zlib.crc32(memoryview(line)[9:second]) != _crc(line[:8]):
        return None
    return first, second


def _crc(text: bytes) -> int:
    try:
        return int(text, 16) if len(text) == 8 and text.isalnum() else -1
    except ValueError:
        return -1


def _digest(line: bytes) -> str:
    return blake2b(line, digest_size=16).hexdigest()


def _short(line: bytes) -> str:
    return blake2b(line, digest_size=8).hexdigest()


def _tally(line: bytes, table: str) -> Tally | None:
    """The tally of the cache line `line` if it counts the table whose line hashes to
    `table`; None otherwise."""
    from catbird.model.insights import Tally

    row = _checked(line)
    if row is None:
        return None
    head, tab, state = row.partition(b"\t")
    try:
        if json.loads(head) != {"table": table, "state": _digest(state)} or not tab:
            return None
        tally = Tally.from_state(json.loads(state))
    except ValueError:
        return None
    return tally if _plain(tally.texts()) else None


def write(path: Path, entries: Mapping[str, Facts | Pending], tally: Tally | None) -> None:
    """Save the cache (atomically); a read-only workspace simply goes without one. Without
    a tally, the next reader adds up the contributions again. A damaged entry is left out
    (its file is read the next time)."""
    lines: list[bytes] = []
    table: dict[str, str] = {}
    offset = 0
    for slug, entry in entries.items():
        try:  # a line not read since it was written goes back as it is, with its digest
            key, line, digest = entry.copy() if isinstance(entry, Pending) else entry.written(slug)
        except ValueError:
            continue
        table[slug] = " ".join((*map(str, (*key, offset, len(line))), digest))
        lines.append(line)
        offset += len(line) + 1
    table_row = _dumps(table)
    table_line = b"%08x %s" % (zlib.crc32(table_row), table_row)
    if tally is None or len(table) != len(entries):
        first = b"-"
    else:
        state = _dumps(tally.state())
        row = _dumps({"table": _digest(table_line), "state": _digest(state)}) + b"\t" + state
        first = b"%08x %s" % (zlib.crc32(row), row)
    header = _dumps({"version": FACTS_VERSION})
    try:
        ensure_dir(path.parent)
        atomic_write(path, b"\n".join((header, table_line, first, *lines)) + b"\n")
    except OSError:
        pass


def facts_path(ws: Workspace) -> Path:
    return ws.state_dir / FACTS_NAME
