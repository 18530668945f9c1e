"""The copies sync tools leave when two machines changed one file at once.

Syncthing names its copy `x.sync-conflict-20261130-123456-ABCDEFG.toml`; Dropbox names its
`x (conflicted copy).toml`, `x (conflicted copy 2026-11-30).toml` or `x (Dana's conflicted
copy 2026-11-30).toml`. Neither is an opportunity of its own: each is another version of
`x.toml`, which `Workspace.merge_copy` merges back in by event id.
"""

from __future__ import annotations

import re

from catbird.store.index import SUFFIX

_COPIES = (
    ("Syncthing", re.compile(r"(?P<slug>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?")),
    ("Dropbox", re.compile(r"(?P<slug>.+?) \([^()]*conflicted copy[^()]*\)")),
)

MERGE_HINT = "`catbird check --merge-copies` merges it in, losing no event"


def conflict_copy_of(name: str) -> tuple[str, str] | None:
    """(the slug of the original, the tool that made the copy) for a conflict copy's file
    name; None for any other name."""
    if not name.endswith(SUFFIX):
        return None
    stem = name[: -len(SUFFIX)]
    for tool, pattern in _COPIES:
        match = pattern.fullmatch(stem)
        if match:
            return match.group("slug"), tool
    return None
