"""One workspace file merged from its two versions: git's merge driver, and a sync's own merge.

Git runs it for the workspace's TOML files (see `.gitattributes`, set up by `catbird sync`) as

    /path/to/python -m catbird.sync.driver %O %A %B %P

with the common version, ours (which it replaces with the result), theirs and the file's
path. The three versions are read as the model they hold (an opportunity, or the profile),
migrated forward if older, and merged by `catbird.sync.resolve`; the result is written over
ours, keeping ours' comments and layout. A version that does not parse or validate is never
merged over: the file is left to git's ordinary text merge (`git merge-file`), with its
conflict markers if the texts clash, and the reason is said on stderr (exit 1 on a conflict).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from catbird.startup import without_pydantic_plugins
from catbird.store import tomlio
from catbird.store.errors import FileProblem
from catbird.store.migrate import migrate

if TYPE_CHECKING:
    from pydantic import BaseModel

PROFILE_FILE = "profile.toml"
OPPORTUNITIES = "opportunities"


def kind_of(path: str) -> str | None:
    """ "profile" or "opportunity" for a workspace file's path in the repository; else None."""
    parts = PurePosixPath(path).parts
    if parts == (PROFILE_FILE,):
        return "profile"
    if len(parts) == 2 and parts[0] == OPPORTUNITIES and parts[1].endswith(".toml"):
        return "opportunity"
    return None


def load(kind: str, path: str, raw: bytes) -> BaseModel:
    """The model in one version of a file; FileProblem (`path:line: message`) if it is not one."""
    from catbird.model.opportunity import OPPORTUNITY_SCHEMA_VERSION, Opportunity
    from catbird.model.profile import PROFILE_SCHEMA_VERSION, Profile

    where = Path(path)
    data = tomlio.parse(where, raw)
    text = raw.decode("utf-8")
    if kind == "profile":
        data, _ = migrate("profile", where, data, text, PROFILE_SCHEMA_VERSION)
        return tomlio.validate(Profile, where, data, text)
    data, _ = migrate("opportunity", where, data, text, OPPORTUNITY_SCHEMA_VERSION)
    return tomlio.validate(Opportunity, where, {**data, "slug": where.stem}, text)


@dataclass(frozen=True, slots=True)
class Merged:
    data: bytes
    kept: tuple[str, ...]
    """What lost to a later change, in words (kept in the file as a note or a comment)."""


def merge_versions(
    path: str,
    base: bytes | None,
    ours: bytes,
    theirs: bytes,
    ours_at: float = 0.0,
    theirs_at: float = 0.0,
) -> Merged:
    """The merged file. Raises FileProblem, naming the version at fault, if one does not load
    (a common version that does not load is treated as none: every event of both is kept)."""
    from catbird.sync.resolve import resolve, with_note

    if ours == theirs:
        return Merged(ours, ())
    if base is not None and theirs == base:
        return Merged(ours, ())
    if base is not None and ours == base:
        return Merged(theirs, ())
    kind = kind_of(path)
    if kind is None:
        raise FileProblem(Path(path), 0, "not a workspace file Catbird knows how to merge")
    mine = load(kind, f"{path} (ours)", ours)
    other = load(kind, f"{path} (theirs)", theirs)
    common = None
    if base:
        try:
            common = load(kind, f"{path} (base)", base)
        except FileProblem:
            common = None
    if kind == "opportunity":
        # The slug is the file's name, not in its text: all three sides take ours.
        slug = {"slug": getattr(mine, "slug", "")}
        other = other.model_copy(update=slug)
        if common is not None:
            common = common.model_copy(update=slug)
    done = resolve(common, mine, ours_at, other, theirs_at)
    merged: Any = done.merged
    if kind == "opportunity":
        merged = with_note(merged, done.kept)
        type(merged).model_validate({**merged.model_dump(), "slug": merged.slug})
    else:
        type(merged).model_validate(merged.model_dump())
    data = tomlio.dumps_over(merged, ours, mine)
    if kind == "profile" and done.kept:
        data = _comments(done.kept) + data
    return Merged(data, done.kept)


def _comments(sentences: tuple[str, ...]) -> bytes:
    from catbird.sync.resolve import SYNC_NOTE_START

    lines = [f"# {SYNC_NOTE_START}{' '.join(s.splitlines())}\n" for s in sentences]
    return "".join(lines).encode("utf-8")


# ---- the driver, as git runs it -------------------------------------------------------------

OURS_REV = "CATBIRD_SYNC_OURS"
THEIRS_REV = "CATBIRD_SYNC_THEIRS"
"""Set by `catbird sync` for its merge: the two commits merged (git merge has MERGE_HEAD)."""


def changed_at(rev: str | None, path: str) -> float:
    """When `path` was last changed on the side `rev`: its last commit's author time."""
    if not rev:
        return 0.0
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%at", rev, "--", path],
            capture_output=True,
            check=False,
        )
        return float(done.stdout.strip() or 0)
    except (OSError, ValueError):
        return 0.0


def _theirs_rev() -> str | None:
    if os.environ.get(THEIRS_REV):
        return os.environ[THEIRS_REV]
    for name in ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD"):
        done = subprocess.run(
            ["git", "rev-parse", "-q", "--verify", name], capture_output=True, check=False
        )
        if done.returncode == 0:
            return done.stdout.decode().strip()
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 4:
        print("usage: python -m catbird.sync.driver BASE OURS THEIRS PATH", file=sys.stderr)
        return 2
    base_file, ours_file, theirs_file, path = args
    without_pydantic_plugins()  # the git it starts sees the environment git gave it
    try:
        base = Path(base_file).read_bytes()
        ours = Path(ours_file).read_bytes()
        theirs = Path(theirs_file).read_bytes()
    except OSError as exc:
        print(f"catbird: {path}: cannot read a version to merge: {exc.strerror}", file=sys.stderr)
        return 1
    ours_at = changed_at(os.environ.get(OURS_REV) or "HEAD", path)
    theirs_at = changed_at(_theirs_rev(), path)
    try:
        merged = merge_versions(path, base or None, ours, theirs, ours_at, theirs_at)
    except FileProblem as problem:
        print(
            f"catbird: {problem}; {path} is left to git's ordinary merge (never merged over)",
            file=sys.stderr,
        )
        return ordinary_merge(ours_file, base_file, theirs_file)
    from catbird.store.atomic import atomic_write

    atomic_write(Path(ours_file), merged.data)
    return 0


def ordinary_merge(ours_file: str, base_file: str, theirs_file: str) -> int:
    """git's own line merge of the three files into ours: 0 if clean, 1 with conflict markers."""
    files = (ours_file, base_file, theirs_file)
    done = subprocess.run(
        ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", *files],
        check=False,
    )
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
