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
    ("Syncthing", ".sync-conflict-", r"(?P<slug>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?"),
    ("Dropbox", "conflicted copy", r"(?P<slug>.+?) \([^()]*conflicted copy[^()]*\)"),
)
"""Each tool, the words every copy of its names holds, and the pattern of the whole name."""

MERGE_HINT = "`catbird check --merge-copies` merges it in, losing no event"


def conflict_copy_of(name: str) -> tuple[str, str] | None:
    """(the slug of the original, the tool that made the copy) for a conflict copy's file
    name; None for any other name."""
    if not name.endswith(SUFFIX):
        return None
    stem = name[: -len(SUFFIX)]
    for tool, words, pattern in _COPIES:
        # Nearly every name holds neither tool's words: then nothing is compiled (a capture
        # checks the one name it saves).
        match = re.fullmatch(pattern, stem) if words in stem else None
        if match:
            return match.group("slug"), tool
    return None
