"""The workspace on disk: profile.toml and one TOML file per opportunity.

Every change is a read-modify-write of one file under that file's lock (`Workspace.update`),
so the CLI, the TUI and a sync tool can write side by side without losing each other's events.
A file that fails to parse or validate is reported and never written over.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from catbird.model import CardSummary, now
from catbird.store import tomlio
from catbird.store.atomic import (
    atomic_create,
    atomic_write,
    ensure_dir,
    file_lock,
)
from catbird.store.conflicts import MERGE_HINT, conflict_copy_of
from catbird.store.errors import CatbirdError, FileProblem, NotFound, saving
from catbird.store.files import problem_of, read_regular
from catbird.store.index import (
    INDEX_NAME,
    SUFFIX,
    Entry,
    Index,
    Key,
    digest_of,
    is_data_file,
    key_of,
    key_of_path,
    scan,
)
from catbird.store.migrate import file_version, migrate
from catbird.store.pace import Pace, flat_out

if TYPE_CHECKING:
    from catbird.model import Opportunity, Profile
    from catbird.store.reading import Read

# Reading many files at once (catbird.store.reading: subprocess, queue, selectors, signal)
# and the backups' copy (shutil: bz2, lzma) are imported where they are used: a capture
# saves one file and needs neither (~6 ms of its start-up).

# The pydantic models are imported where they are first used, not here: the board opens a
# Workspace and paints from the summary index before they are needed (see catbird.model).


@dataclass(frozen=True, slots=True)
class Summaries:
    """What `Workspace.read_summaries` found: the cards, the files' problems, and the index
    brought up to date (None if it did not change), still to be saved."""

    cards: list[CardSummary]
    problems: list[FileProblem]
    index: Index | None


# Change and ProfileChange are named tuples, not frozen dataclasses: the same fields, as
# immutable, made in a third of the time at import (a dataclass writes and compiles its
# methods; ~1 ms of a capture's start-up for the two).


class Change(NamedTuple):
    """What one operation did to one opportunity: the record undo and redo are built on."""

    slug: str
    before: Opportunity | None
    after: Opportunity | None
    description: str
    kept: tuple[str, ...] = ()
    """For an undo or redo: the fields left as another writer changed them since."""


class ProfileChange(NamedTuple):
    """What one operation did to profile.toml; undo and redo take it on the same history."""

    before: Profile
    after: Profile
    description: str
    kept: tuple[str, ...] = ()
    """For an undo or redo: the fields left as another writer changed them since."""


def slugify(text: str) -> str:
    """A file-safe slug: ASCII letters, digits and dashes; 'opportunity' if nothing is left."""
    import unicodedata  # only `add` makes a slug

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:48].strip("-") or "opportunity"


class _Saved(NamedTuple):
    """A file as this process last wrote it: its bytes, the opportunity they hold, and
    whether they are in Catbird's own layout."""

    raw: bytes
    opportunity: Opportunity
    plain: bool


SAVES_HELD = 32
"""How many files' last saves a workspace remembers (the ones being worked on)."""


class Workspace:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._saved: dict[Path, _Saved] = {}
        """The last files saved here: a save over a file still exactly as this process
        wrote it needs neither to parse it again nor to lay it out again to compare."""
        self._saved_lock = threading.Lock()

    # ---- paths -------------------------------------------------------------------------

    @property
    def opportunities_dir(self) -> Path:
        return self.home / "opportunities"

    @property
    def profile_path(self) -> Path:
        return self.home / "profile.toml"

    @property
    def state_dir(self) -> Path:
        """Locks, the summary index, backups and the trash: ours, never the user's data."""
        return self.home / ".catbird"

    def path_for(self, slug: str) -> Path:
        return self.opportunities_dir / f"{slug}{SUFFIX}"

    def _lock_path(self, name: str) -> Path:
        locks = self.state_dir / "locks"
        ensure_dir(locks)
        return locks / f"{name}.lock"

    def ensure(self) -> None:
        ensure_dir(self.home)
        ensure_dir(self.opportunities_dir)

    def exists(self) -> bool:
        return self.opportunities_dir.is_dir() or self.profile_path.exists()

    # ---- reading -----------------------------------------------------------------------

    def _data_names(self) -> list[str]:
        try:
            names = os.listdir(self.opportunities_dir)
        except FileNotFoundError:
            return []
        return sorted(n for n in names if is_data_file(n))

    def slugs(self) -> list[str]:
        """The opportunities in the folder (a sync tool's conflict copies are not: each is
        another version of an opportunity, see `conflict_copies`)."""
        return self._slugs(self._data_names())

    @staticmethod
    def _slugs(names: list[str]) -> list[str]:
        return sorted(n[: -len(SUFFIX)] for n in names if conflict_copy_of(n) is None)

    def conflict_copies(self) -> list[Path]:
        """The conflict copies Syncthing or Dropbox left in the opportunities folder."""
        names = self._data_names()
        return [self.opportunities_dir / n for n in names if conflict_copy_of(n) is not None]

    def _read(self, path: Path) -> tuple[Opportunity, int]:
        opportunity, version, _ = self._read_file(path)
        return opportunity, version

    def _read_file(self, path: Path, *, many: bool = False) -> tuple[Opportunity, int, bytes]:
        """The opportunity in `path`, its file's schema version and the bytes it was read from
        (a save edits them, keeping what the user wrote besides the data). `many`: one of
        many files read at once (see tomlio.parse)."""
        self._refuse_conflict_copy(path)
        return self._read_as(path, path.stem, many=many)

    @staticmethod
    def _refuse_conflict_copy(path: Path) -> None:
        copy = conflict_copy_of(path.name)
        if copy is not None:
            original, tool = copy
            raise FileProblem(
                path, 0, f"a {tool} conflict copy of {original}{SUFFIX}; {MERGE_HINT}"
            )

    def _read_as(
        self, path: Path, slug: str, *, many: bool = False
    ) -> tuple[Opportunity, int, bytes]:
        """`_read_file` for a file read as the opportunity `slug` (a conflict copy is read
        as its original)."""
        raw = self._bytes_of(path)
        return (*self._parse_as(path, slug, raw, many=many), raw)

    @staticmethod
    def _bytes_of(path: Path) -> bytes:
        """The bytes of the opportunity file `path`; NotFound or FileProblem if none."""
        try:
            return read_regular(path)
        except FileNotFoundError:
            raise NotFound(f"{path}: no such opportunity") from None
        except OSError as exc:
            raise FileProblem(path, 1, f"cannot read: {exc.strerror}") from None

    @staticmethod
    def _parse_as(
        path: Path, slug: str, raw: bytes, *, many: bool = False
    ) -> tuple[Opportunity, int]:
        """The opportunity `slug` the bytes `raw` hold (as if read from `path`), and their
        schema version; FileProblem if they do not parse or validate."""
        from catbird.model.opportunity import OPPORTUNITY_SCHEMA_VERSION, Opportunity

        data = tomlio.parse(path, raw, many=many)
        text = raw.decode("utf-8")
        data, version = migrate("opportunity", path, data, text, OPPORTUNITY_SCHEMA_VERSION)
        return tomlio.validate(Opportunity, path, {**data, "slug": slug}, text), version

    def read(self, slug: str) -> Opportunity:
        return self._read(self.path_for(slug))[0]

    def read_profile(self) -> Profile:
        """The profile, or an empty one if none was written yet."""
        return self._read_profile()[0]

    def _read_profile(self) -> tuple[Profile, bytes | None]:
        """The profile and the bytes of its file (None if there is none yet)."""
        from catbird.model.profile import PROFILE_SCHEMA_VERSION, Profile

        path = self.profile_path
        try:
            raw = read_regular(path)
        except FileNotFoundError:
            return Profile(), None
        except OSError as exc:
            raise FileProblem(path, 0, f"cannot read: {exc.strerror}") from None
        data = tomlio.parse(path, raw)
        text = raw.decode("utf-8")
        data, _ = migrate("profile", path, data, text, PROFILE_SCHEMA_VERSION)
        return tomlio.validate(Profile, path, data, text), raw

    def _write_profile(self, profile: Profile, before: Profile, raw: bytes | None) -> None:
        from catbird.model.profile import PROFILE_SCHEMA_VERSION

        if raw is not None:
            # A profile of an older schema is copied to the backups before it is brought
            # forward (it parsed a moment ago, under the same lock).
            path = self.profile_path
            version = file_version(path, tomlio.parse(path, raw), raw.decode("utf-8"))
            if version < PROFILE_SCHEMA_VERSION:
                self._backup(path, version)
        if raw is None:
            atomic_write(self.profile_path, tomlio.dumps(profile))
        else:  # keep the user's comments and layout (the sample profile is full of them)
            atomic_write(self.profile_path, tomlio.dumps_over(profile, raw, before))

    def load_all(self) -> tuple[list[Opportunity], list[FileProblem]]:
        opportunities: list[Opportunity] = []
        problems: list[FileProblem] = []
        names = self._data_names()
        for slug in self._slugs(names):
            try:
                opportunities.append(self.read(slug))
            except FileProblem as problem:
                problems.append(problem)
            except NotFound:
                continue  # removed while we listed
        for name in names:
            if conflict_copy_of(name) is not None:
                try:
                    self._read(self.opportunities_dir / name)
                except FileProblem as problem:  # always: it says what the copy is
                    problems.append(problem)
        return opportunities, problems

    def check(self) -> list[FileProblem]:
        """Every problem in the workspace, the profile first."""
        problems: list[FileProblem] = []
        try:
            self.read_profile()
        except FileProblem as problem:
            problems.append(problem)
        problems.extend(self.load_all()[1])
        return problems

    # ---- summaries (what the board and `list` show), cached by file identity ------------

    @property
    def index_path(self) -> Path:
        """The summary index (a cache of every file's card; see `catbird.store.index`)."""
        return self.state_dir / INDEX_NAME

    def summaries(
        self,
        profile: Profile | None = None,
        index: Index | None = None,
        *,
        verify: bool = True,
        pace: Pace = flat_out,
    ) -> tuple[list[CardSummary], list[FileProblem]]:
        """A summary of every readable opportunity, reusing the index's card of each file
        that has not changed since (same device, inode, size, mtime and ctime); the index
        is brought up to date. `index` is the index as already read (the board paints from
        it first). With `verify`, a cached card is used only if its digest matches the
        file's bytes as they are now (a read, no parse); without, the key is trusted (the
        board's first check, before it verifies in the background). `pace` is called
        between two files (see catbird.store.pace: a check in the background gives way)."""
        read = self.read_summaries(profile, index, verify=verify, pace=pace)
        self.save_index(read)
        return read.cards, read.problems

    def read_summaries(
        self,
        profile: Profile | None = None,
        index: Index | None = None,
        *,
        verify: bool = True,
        pace: Pace = flat_out,
    ) -> Summaries:
        """`summaries` without saving the index: the caller shows the cards first and saves
        it after (`save_index`), since writing every card of 10,000 takes ~0.1 s."""
        # Fit scores depend on the profile: summaries made without one are not reused with one.
        profile_key = key_of_path(self.profile_path) if profile is not None else None
        if index is None:
            index = Index.read(self.index_path)
        cached = index.entries if index.profile == profile_key else {}
        fresh = Index(profile_key)
        problems: list[FileProblem] = []
        odd: list[os.DirEntry[str]] = []
        todo: dict[str, Key] = {}
        for entry in scan(self.opportunities_dir, odd):
            pace()
            try:
                key = key_of(entry.stat())
            except OSError:  # gone since it was listed
                continue
            hit = cached.get(entry.name)
            if hit is not None and hit[0] == key and (not verify or self._proven(entry, hit)):
                fresh.entries[entry.name] = hit
            else:
                todo[entry.name] = key
        # Only the files whose identity changed are read (in a pool of processes when
        # there are many: a cold start, a sync).
        from catbird.store.reading import problem_of as problem_of_read
        from catbird.store.reading import read_cards

        for read in read_cards(self.home, list(todo), profile, summarize_files):
            name, card, digest, _ = read
            if card is not None:
                fresh.entries[name] = (todo[name], digest, card)
            else:
                problem = problem_of_read(read)
                if problem is not None:
                    problems.append(problem)
        # A FIFO, a folder or a dangling link named like an opportunity: said, not skipped
        # silently (its data may be what the user is looking for).
        problems.extend(p for p in map(problem_of, (Path(e.path) for e in odd)) if p)
        # An index of an older version is written again (as the current one) all the same.
        changed = (
            index.outdated
            or fresh.entries.keys() != cached.keys()
            or any(fresh.entries[name] is not cached[name] for name in fresh.entries)
        )
        cards = sorted(fresh.cards(), key=lambda s: s.slug)
        return Summaries(cards, problems, fresh if changed else None)

    def prepare_reads(self, index: Index) -> None:
        """Start the worker processes of a coming `summaries` now if the index lacks enough
        of the files for one (a cold start: see catbird.store.reading)."""
        try:
            names = os.listdir(self.opportunities_dir)
        except OSError:
            return
        from catbird.store.reading import start_workers

        start_workers(sum(1 for n in names if is_data_file(n) and n not in index.entries))

    def save_index(self, read: Summaries) -> None:
        """Save the index `read_summaries` brought up to date, if it changed."""
        if read.index is not None:
            read.index.write(self.index_path)

    @staticmethod
    def _proven(entry: os.DirEntry[str], cached: Entry) -> bool:
        try:
            data = read_regular(Path(entry.path))
        except (OSError, FileProblem):
            return False
        return digest_of(cached[2], data) == cached[1]

    # ---- writing -----------------------------------------------------------------------

    def update(
        self,
        slug: str,
        change: Callable[[Opportunity], Opportunity],
        description: str = "",
    ) -> Change:
        """Apply `change` to the opportunity as it is on disk now, under its lock, and save.

        A file that cannot be read is left exactly as it is and the problem raised.
        """
        from catbird.model.opportunity import OPPORTUNITY_SCHEMA_VERSION, Opportunity

        path = self.path_for(slug)
        self._refuse_conflict_copy(path)
        with saving(path), file_lock(self._lock_path(slug)):
            raw = self._bytes_of(path)
            with self._saved_lock:
                saved = self._saved.pop(path, None)
            if saved is not None and saved.raw == raw:  # as this process wrote it: known
                before, version = saved.opportunity, OPPORTUNITY_SCHEMA_VERSION
                plain: bool | None = saved.plain
            else:
                before, version = self._parse_as(path, slug, raw)
                plain = None
            # Changes made with model_copy skip the model's checks: run them before saving,
            # so nothing is written that would not load back (ValidationError, file untouched).
            after = Opportunity.model_validate({**change(before).model_dump(), "slug": slug})
            if after != before or version < OPPORTUNITY_SCHEMA_VERSION:
                if version < OPPORTUNITY_SCHEMA_VERSION:
                    self._backup(path, version)
                raw, plain = tomlio.write_over(after, raw, before, plain=plain)
                atomic_write(path, raw)
            if plain is not None:  # its layout known: the next save over it is spared
                self._hold(path, _Saved(raw, after, plain))
        return Change(slug, before, after, description)

    def _hold(self, path: Path, saved: _Saved) -> None:
        with self._saved_lock:
            self._saved.pop(path, None)
            self._saved[path] = saved
            while len(self._saved) > SAVES_HELD:
                del self._saved[next(iter(self._saved))]

    # ---- a whole file edited by hand (`catbird edit`) ------------------------------------

    def read_bytes(self, slug: str) -> bytes:
        """The file of `slug` as it is, byte for byte, readable or not (NotFound if none)."""
        return self._bytes_of(self.path_for(slug))

    def check_text(self, slug: str, text: str) -> Opportunity:
        """The opportunity `text` would be as the file of `slug`; FileProblem (naming that
        file, with the line of the text at fault) if it would not load."""
        return self._parse_as(self.path_for(slug), slug, text.encode("utf-8"))[0]

    def save_text(self, slug: str, text: str, opened: bytes) -> Change:
        """Save `text` (a whole file, written by hand) as the opportunity `slug`, under its
        lock, atomically; `opened` is the file as it was when the hand edit began.

        What changed in the file meanwhile (a capture from the shell, the TUI, a sync) is
        kept: the edit is applied to the file as it is now by a three-way merge, by event
        id, on the text as written (its comments and layout kept). Were the file broken when
        the edit began, there is nothing to merge with: it is replaced only if it is still
        as it was opened. A text that does not load raises FileProblem; nothing is written.
        """
        from catbird.model.merge import three_way
        from catbird.model.opportunity import OPPORTUNITY_SCHEMA_VERSION, Opportunity

        path = self.path_for(slug)
        ours = self.check_text(slug, text)
        written = text.encode("utf-8")
        try:
            base: Opportunity | None = self._parse_as(path, slug, opened)[0]
        except FileProblem:
            base = None
        with saving(path), file_lock(self._lock_path(slug)):
            if base is None:
                if self.read_bytes(slug) != opened:
                    raise CatbirdError(
                        f"{path}: changed by another program while you edited it; "
                        "your version was not saved"
                    )
                atomic_write(path, tomlio.dumps_over(ours, written, ours))
                return Change(slug, None, ours, f"edit {slug}{SUFFIX} by hand")
            theirs, version, _ = self._read_file(path)
            merged = Opportunity.model_validate(
                {**three_way(base, ours, theirs).model_dump(), "slug": slug}
            )
            if version < OPPORTUNITY_SCHEMA_VERSION:
                self._backup(path, version)
            # The text as the user left it, brought to the merged data (what others added
            # meanwhile): their comments stay; a text that would not load back as `merged`
            # is laid out anew instead (`dumps_over`), never written broken.
            atomic_write(path, tomlio.dumps_over(merged, written, ours))
        return Change(slug, theirs, merged, f"edit {slug}{SUFFIX} by hand")

    def create(self, opportunity: Opportunity, description: str = "") -> Change:
        """Save a new opportunity under a free slug derived from its company (and role)."""
        with saving(self.opportunities_dir):
            self.ensure()
            for slug in _slug_candidates(opportunity):
                candidate = opportunity.model_copy(update={"slug": slug})
                with saving(self.path_for(slug)):
                    if atomic_create(self.path_for(slug), tomlio.dumps(candidate)):
                        return Change(
                            slug, None, candidate, description or f"add {candidate.company}"
                        )
        raise CatbirdError(f"{self.opportunities_dir}: no free name for {opportunity.company!r}")

    def restore(self, opportunity: Opportunity) -> None:
        """Write back an opportunity that `remove` took away (redo of an add, undo of a remove)."""
        path = self.path_for(opportunity.slug)
        with saving(path):
            self.ensure()
            created = atomic_create(path, tomlio.dumps(opportunity))
        if not created:
            raise CatbirdError(f"{self.path_for(opportunity.slug)}: already exists")

    def remove(self, slug: str) -> Opportunity:
        """Move an opportunity's file to the trash (never deleted outright)."""
        path = self.path_for(slug)
        with saving(path), file_lock(self._lock_path(slug)):
            opportunity, _ = self._read(path)
            trash = self.state_dir / "trash"
            ensure_dir(trash)
            os.replace(path, trash / f"{slug}.{now():%Y%m%dT%H%M%S}{SUFFIX}")
        return opportunity

    def save_profile(self, profile: Profile) -> None:
        with saving(self.profile_path):
            self.ensure()
            with file_lock(self._lock_path("profile")):
                # Raises, and so refuses, if the file on disk is broken.
                before, raw = self._read_profile()
                self._write_profile(profile, before, raw)

    def update_profile(
        self, change: Callable[[Profile], Profile], description: str = ""
    ) -> ProfileChange:
        """Apply `change` to the profile as it is on disk now, under its lock, and save.

        A profile.toml that cannot be read is left exactly as it is and the problem raised.
        """
        from catbird.model.profile import Profile

        with saving(self.profile_path):
            self.ensure()
            with file_lock(self._lock_path("profile")):
                before, raw = self._read_profile()
                # `model_copy` does not validate: check the whole profile before it is
                # written, so a save can never leave a file that no longer loads.
                after = Profile.model_validate(change(before).model_dump())
                if after != before:
                    self._write_profile(after, before, raw)
        return ProfileChange(before, after, description)

    def merge_copy(self, copy: Path) -> Change:
        """Merge a sync tool's conflict copy into its original and move the copy to the trash.

        The two have no common version to compare with, so every event (stage change, note,
        flag, answer, follow-up…) of either is kept, joined by id, and any other field is
        taken from the file changed last. Without an original, the copy becomes it. The
        original is written atomically under its lock, like any save.
        """
        from catbird.model.merge import union

        found = conflict_copy_of(copy.name)
        if found is None or copy.parent != self.opportunities_dir:
            raise CatbirdError(f"{copy}: not a conflict copy in {self.opportunities_dir}")
        slug, tool = found
        path = self.path_for(slug)
        theirs, _, _ = self._read_as(copy, slug)
        try:
            copy_is_newer = copy.stat().st_mtime_ns > path.stat().st_mtime_ns
        except FileNotFoundError:
            copy_is_newer = True

        def merge(ours: Opportunity) -> Opportunity:
            return union(theirs, ours) if copy_is_newer else union(ours, theirs)

        what = f"merge the {tool} conflict copy {copy.name} into {slug}{SUFFIX}"
        try:
            change = self.update(slug, merge, what)
        except NotFound:
            # No original: the copy becomes it, byte for byte (its comments too). link()
            # never overwrites, so an original written meanwhile is never lost.
            with saving(path):
                os.link(copy, path)
                os.unlink(copy)
            return Change(slug, None, theirs, what)
        with saving(copy):
            trash = self.state_dir / "trash"
            ensure_dir(trash)
            os.replace(copy, trash / f"{copy.stem}.{now():%Y%m%dT%H%M%S}{SUFFIX}")
        return change

    def _backup(self, path: Path, version: int) -> None:
        backups = self.state_dir / "backups"
        ensure_dir(backups)
        target = backups / f"{path.stem}.schema-{version}.{now():%Y%m%dT%H%M%S}{SUFFIX}"
        import shutil

        shutil.copy2(path, target)
        os.chmod(target, 0o600)


def _slug_candidates(opportunity: Opportunity) -> Iterator[str]:
    """The slug asked for, else the company's, then company-role, then numbered ones."""
    if opportunity.slug:
        yield opportunity.slug
    base = slugify(opportunity.company)
    yield base
    if opportunity.role:
        yield slugify(f"{opportunity.company} {opportunity.role}")
    for number in range(2, 10_000):
        yield f"{base}-{number}"


# ---- reading many files at once (see catbird.store.reading) ------------------------------


def summarize_files(home: Path, names: list[str], profile: Profile | None) -> list[Read]:
    """Read and summarize each file (in a worker process, or in the caller's thread)."""
    from catbird.model import summarize

    workspace = Workspace(home)
    reads: list[Read] = []
    for name in names:
        path = workspace.opportunities_dir / name
        try:
            opportunity, _, raw = workspace._read_file(path, many=True)
        except FileProblem as problem:
            reads.append((name, None, "", (str(problem.path), problem.line, problem.message)))
            continue
        except NotFound:
            reads.append((name, None, "", None))
            continue
        card = summarize(opportunity, profile)
        reads.append((name, card, digest_of(card, raw), None))
    return reads


def serve_reads() -> None:
    """A worker: the set-up line (home, profile), then a chunk of names per line, each
    answered with one line of reads."""
    import gc
    import json
    import sys

    from catbird.model.profile import Profile
    from catbird.store.reading import row_of

    gc.freeze()  # the modules just imported are never garbage: out of every collection
    line = sys.stdin.readline()
    if not line:  # started ahead for a read that never came
        return
    setup = json.loads(line)
    home = Path(setup["home"])
    profile = None if setup["profile"] is None else Profile.model_validate(setup["profile"])
    for line in sys.stdin:
        reads = summarize_files(home, json.loads(line), profile)
        rows = [row_of(read) for read in reads]
        sys.stdout.write(json.dumps(rows, separators=(",", ":")) + "\n")
        sys.stdout.flush()
