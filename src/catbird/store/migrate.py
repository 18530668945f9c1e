"""Schema versions: older files are migrated forward, newer ones refused.

A migration is a function from the raw TOML table of version N to that of version N + 1.
Files without `schema_version` are taken as version 1, the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from catbird.store.errors import FileProblem

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _term_roles(data: dict[str, Any]) -> dict[str, Any]:
    """Opportunity 1 → 2: offer terms get a role, inferred from their names this once.

    From version 2 on a term's role is its own field, so renaming a term never changes what
    it counts as; a term whose name names no standard term stays the user's own (no role).
    """
    from catbird.model.offer import role_from_name

    offer = data.get("offer")
    terms = offer.get("terms") if isinstance(offer, dict) else None
    if not isinstance(terms, list):
        return data
    taken: set[str] = set()
    for term in terms:
        if isinstance(term, dict) and "role" not in term and isinstance(term.get("name"), str):
            role = role_from_name(term["name"])
            if role is not None and role not in taken:  # two "Salary" rows: the first counts
                term["role"] = role
                taken.add(role)
    return data


# kind → {from_version: migration to from_version + 1}
MIGRATIONS: dict[str, dict[int, Migration]] = {"opportunity": {1: _term_roles}, "profile": {}}


def file_version(path: Path, data: dict[str, Any], text: str) -> int:
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        line = next(
            (n for n, raw in enumerate(text.splitlines(), 1) if raw.startswith("schema_version")),
            1,
        )
        raise FileProblem(path, line, f"schema_version must be a whole number ≥ 1, not {version!r}")
    return version


def migrate(
    kind: str, path: Path, data: dict[str, Any], text: str, current: int
) -> tuple[dict[str, Any], int]:
    """Bring `data` up to `current`; returns it and the version it was read at."""
    version = file_version(path, data, text)
    if version > current:
        line = next(
            (n for n, raw in enumerate(text.splitlines(), 1) if raw.startswith("schema_version")),
            1,
        )
        raise FileProblem(
            path,
            line,
            f"written by a newer Catbird (schema {version}; this one reads up to {current}): "
            "upgrade Catbird to use this file",
        )
    start = version
    while version < current:
        step = MIGRATIONS[kind].get(version)
        if step is None:
            raise FileProblem(path, 1, f"no migration from schema {version} to {version + 1}")
        data = step(dict(data))
        version += 1
    data["schema_version"] = current
    return data, start
