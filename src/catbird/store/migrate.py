"""Schema versions: older files are migrated forward, newer ones refused.

A migration is a function from the raw TOML table of version N to that of version N + 1.
Files without `schema_version` are taken as version 1, the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
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


def _times(value: Any) -> list[datetime]:
    """Every time stamp in a raw TOML value (tables and arrays searched through)."""
    if isinstance(value, datetime):
        return [value]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _times(item)]
    if isinstance(value, list):
        return [t for item in value for t in _times(item)]
    return []


def _comparable(moment: datetime) -> datetime:
    # A hand-written time may have no offset. Comparing aware times cannot overflow (a naive
    # year-1 time taken as local time can): UTC is close enough to pick the latest.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def opportunity_fit_to_findings(data: dict[str, Any]) -> dict[str, Any]:
    """Opportunity 2 → 3: `fit` (criterion id → true/false) becomes one finding per criterion.

    The finding is dated at the latest time in the file, so it still outranks the flags it
    used to override (an explicit `false` on a dealbreaker beat a linked flag), and its id is
    derived from the criterion and the answer, so two machines migrating the same file write
    the same finding and a sync merges them into one.
    """
    import hashlib  # OpenSSL's: ~3 ms of every capture's start-up, for old files only

    fit = data.get("fit")
    if not isinstance(fit, dict):
        return data  # absent, or not a table: left for validation to report
    del data["fit"]
    times = _times(data)
    findings = list(data.get("findings", []))
    for criterion, present in fit.items():
        answer = "yes" if present is True else "no" if present is False else present
        digest = hashlib.sha1(f"fit:{criterion}:{answer}".encode()).hexdigest()[:10]
        finding: dict[str, Any] = {
            "id": digest,
            "criterion": criterion,
            "answer": answer,
            "quote": "carried over from the earlier fit record",
        }
        if times:
            finding["at"] = max(times, key=_comparable)
        findings.append(finding)
    data["findings"] = findings
    return data


def profile_questions(data: dict[str, Any]) -> dict[str, Any]:
    """Profile 1 → 2: criteria may now carry `questions` and `signals`; nothing to change."""
    return data


# kind → {from_version: migration to from_version + 1}
MIGRATIONS: dict[str, dict[int, Migration]] = {
    "opportunity": {1: _term_roles, 2: opportunity_fit_to_findings},
    "profile": {1: profile_questions},
}


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
