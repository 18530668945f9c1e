"""The search cache: every opportunity file's searchable texts, kept in
`.catbird/search.jsonl` beside the summary index, so that a search reads one file rather
than parsing thousands.

The same rules as the summary index (`catbird.store.index`), and its helpers:
- a header, then one line per opportunity file, each led by the CRC-32 of the rest of it:

      {"version": 2, "criteria": "…"}
      1c291ca3 ["acme.toml", [dev, ino, …], "9f…", "Acme", true]<TAB>BLOB<TAB>[[kind, …], …]

  the head (file, identity, digest, company, whether it holds answers), the blob (every
  text folded in one line: most searches look at nothing else) and the texts, which are
  parsed only for an opportunity whose blob holds every word searched for;
- an entry is used while its file has the same identity (device, inode, size, modification
  and change times: an edit in place that keeps the size and puts the mtime back still
  changes the ctime); with `verify`, also only while the digest (BLAKE2b of the blob and
  texts as stored and the file's bytes together) matches the file as it is now — a read,
  no parse;
- a damaged line, an entry that does not match its file, a cache of another version, a
  missing or unreadable cache: those files are read again and the cache written anew
  (atomically); nothing in it is trusted blindly, and texts are shown as data anyway.

The texts need no profile (`catbird.model.search.Written`); the blob names the criteria of
answers, so the header keeps a mark of the criteria's names: after they were renamed, the
blobs of the entries with answers are made again from their texts (no file parsed).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

from catbird.model.search import Corpus, Written, blob_of
from catbird.store.atomic import atomic_write, ensure_dir
from catbird.store.errors import FileProblem, NotFound
from catbird.store.files import problem_of, read_regular
from catbird.store.index import INDEX_LIMIT, Key, _checked, _key, key_of, scan

if TYPE_CHECKING:
    import os

    from catbird.model import Profile
    from catbird.store.workspace import Workspace

CACHE_VERSION = 2
CACHE_NAME = "search.jsonl"


def _rows(texts: Iterable[Written]) -> bytes:
    rows = [
        [t.kind, t.at.isoformat() if t.at is not None else None, t.where, t.text, t.criterion]
        for t in texts
    ]
    return json.dumps(rows, separators=(",", ":")).encode()


def _moment(value: object) -> datetime | date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _written(row: object) -> Written:
    if not (isinstance(row, list) and len(row) == 5):
        raise ValueError(row)
    kind, at, where, text, criterion = row
    if type(kind) is not str or type(where) is not str or type(text) is not str:
        raise ValueError(row)
    if type(criterion) is not str:
        raise ValueError(row)
    return Written(kind, _moment(at), where, text, criterion)


def criteria_mark(profile: Profile | None) -> str:
    """What the blobs of answers depend on in the profile: its criteria's names."""
    criteria = [(c.id, c.text) for _, c in profile.criteria()] if profile else []
    return blake2b(json.dumps(criteria).encode(), digest_size=8).hexdigest()


@dataclass(slots=True)
class Entry:
    """One file's searchable texts: their blob (`catbird.model.search.blob_of`) and their
    rows as stored, parsed only when a query needs them; with the identity and the digest of
    the file they came from."""

    key: Key
    digest: str
    slug: str
    company: str
    answers: bool
    """Whether some text is an answer (its blob holds the criterion's name, from the
    profile)."""
    payload: bytes
    """`blob` and the rows, a tab between: as stored, and as the digest binds them."""

    @property
    def blob(self) -> str:
        return self.payload.partition(b"\t")[0].decode()

    def texts(self) -> list[Written]:
        """The texts (ValueError if the rows are damaged)."""
        rows = json.loads(self.payload.partition(b"\t")[2])
        if not isinstance(rows, list):
            raise ValueError(rows)
        return [_written(row) for row in rows]

    def line(self, name: str) -> bytes:
        head = json.dumps(
            [name, self.key, self.digest, self.company, self.answers], separators=(",", ":")
        ).encode()
        row = head + b"\t" + self.payload
        return b"%08x %s" % (zlib.crc32(row), row)


def _digest(payload: bytes, data: bytes) -> str:
    """What binds cached texts to the file they were read from: a hash of both."""
    return blake2b(payload + b"\n" + data, digest_size=16).hexdigest()


def _made(
    key: Key, slug: str, company: str, texts: list[Written], profile: Profile | None, data: bytes
) -> Entry:
    blob = blob_of(texts, profile)
    payload = blob.encode() + b"\t" + _rows(texts)
    answers = any(t.criterion for t in texts)
    return Entry(key, _digest(payload, data), slug, company, answers, payload)


def _split(line: bytes) -> tuple[bytes, bytes] | None:
    """The head and the payload of a cache line whose checksum matches; None otherwise."""
    row = _checked(line)
    if row is None:
        return None
    head, tab, payload = row.partition(b"\t")
    return (head, payload) if tab and b"\t" in payload else None


def _entry(parts: object, payload: bytes) -> tuple[str, Entry] | None:
    if not (isinstance(parts, list) and len(parts) == 5):
        return None
    name, key, digest, company, answers = parts
    key = _key(key)
    if key is None or not isinstance(name, str) or not name.endswith(".toml"):
        return None
    if not (isinstance(digest, str) and isinstance(company, str) and isinstance(answers, bool)):
        return None
    return name, Entry(key, digest, name.removesuffix(".toml"), company, answers, payload)


@dataclass
class SearchCache:
    """The cache as read: file name → its entry, and the criteria its blobs were made with."""

    criteria: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> SearchCache:
        """The cache at `path`; empty if it is missing, of another version or unreadable. A
        damaged entry is left out (its file will be read again)."""
        try:
            data = read_regular(path, INDEX_LIMIT)  # a regular file only: a FIFO would hang
        except (OSError, FileProblem):
            return cls()
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return cls()
        if not isinstance(header, dict) or header.get("version") != CACHE_VERSION:
            return cls()
        criteria = header.get("criteria")
        cache = cls(criteria if isinstance(criteria, str) else "")
        split = [found for found in map(_split, body.splitlines()) if found is not None]
        try:  # every head in one parse: a third of the time of a parse per line
            heads = json.loads(b"[" + b",".join(head for head, _ in split) + b"]")
        except ValueError:  # some head is damaged: parse them one by one to keep the others
            heads = [_json_or_none(head) for head, _ in split]
        for parts, (_, payload) in zip(heads, split, strict=True):
            found = _entry(parts, payload)
            if found is not None:
                cache.entries[found[0]] = found[1]
        return cache

    def write(self, path: Path) -> None:
        """Save the cache (atomically); a read-only workspace simply goes without one."""
        header = json.dumps({"version": CACHE_VERSION, "criteria": self.criteria}).encode()
        lines = [header, *(e.line(name) for name, e in self.entries.items())]
        try:
            ensure_dir(path.parent)
            atomic_write(path, b"\n".join(lines) + b"\n")
        except OSError:
            pass


def _json_or_none(data: bytes) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return None


def cache_path(ws: Workspace) -> Path:
    return ws.state_dir / CACHE_NAME


def _proven(entry: os.DirEntry[str], cached: Entry) -> bool:
    try:
        data = read_regular(Path(entry.path))
    except (OSError, FileProblem):
        return False
    return _digest(cached.payload, data) == cached.digest


def _read(
    ws: Workspace, entry: os.DirEntry[str], key: Key, profile: Profile | None
) -> Entry | None:
    """The entry of a file read afresh; None if it is gone. FileProblem if unreadable."""
    from catbird.model.search import written

    try:
        o, _, raw = ws._read_file(Path(entry.path))
    except NotFound:
        return None
    return _made(key, o.slug, o.company, written(o), profile, raw)


def _renamed(entry: os.DirEntry[str], cached: Entry, profile: Profile | None) -> Entry | None:
    """A proven entry made again with the profile's criteria as they are now; None if it
    cannot be proven (its file is read instead)."""
    try:
        data = read_regular(Path(entry.path))
        if _digest(cached.payload, data) != cached.digest:
            return None
        texts = cached.texts()
    except (OSError, FileProblem, ValueError, TypeError):
        return None
    return _made(cached.key, cached.slug, cached.company, texts, profile, data)


def _loader(entry: Entry) -> Callable[[], list[Written]]:
    def load() -> list[Written]:
        try:
            return entry.texts()
        except (ValueError, TypeError):  # damaged behind a right checksum: none to show
            return []

    return load


def searchable(
    ws: Workspace, profile: Profile | None, *, verify: bool = True
) -> tuple[Corpus, list[FileProblem]]:
    """Every readable opportunity's texts, ready to search, and the files that could not be
    read. Only the files whose identity changed since the cache was written are read (and
    parsed); with `verify`, the others are read too, to check their digest (no parse). The
    cache is brought up to date."""
    path = cache_path(ws)
    cache = SearchCache.read(path)
    criteria = criteria_mark(profile)
    cached = cache.entries
    fresh = SearchCache(criteria)
    problems: list[FileProblem] = []
    odd: list[os.DirEntry[str]] = []
    for entry in scan(ws.opportunities_dir, odd):
        try:
            key = key_of(entry.stat())
        except OSError:  # gone since it was listed
            continue
        hit = cached.get(entry.name)
        if hit is not None and hit.key == key:
            if not hit.answers or cache.criteria == criteria:
                if not verify or _proven(entry, hit):
                    fresh.entries[entry.name] = hit
                    continue
            else:  # the criteria were renamed since: its blob is made again, its texts hold
                remade = _renamed(entry, hit, profile)
                if remade is not None:
                    fresh.entries[entry.name] = remade
                    continue
        try:
            found = _read(ws, entry, key, profile)
        except FileProblem as problem:
            problems.append(problem)
            continue
        if found is not None:
            fresh.entries[entry.name] = found
    problems.extend(p for p in map(problem_of, (Path(e.path) for e in odd)) if p)
    if (
        cache.criteria != criteria
        or fresh.entries.keys() != cached.keys()
        or any(fresh.entries[name] is not cached[name] for name in fresh.entries)
    ):
        fresh.write(path)
    corpus = Corpus(profile=profile)
    for e in sorted(fresh.entries.values(), key=lambda e: e.slug):
        corpus.put_blob(e.slug, e.company, e.blob, _loader(e))
    return corpus, problems
