"""What every operation shares: one way to apply a change to one file, and the checks and
words used on the way.

Each operation validates its input, changes one opportunity through `Workspace.update` (a
locked read-modify-write of one file) and returns the `Change` it made — which is what the
TUI shows, and what undo and redo replay. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from catbird.model import (
    Opportunity,
    Stage,
    today,
)
from catbird.store import CatbirdError, Change, ProfileChange, Workspace
from catbird.store.tomlio import field_path

if TYPE_CHECKING:
    # Named in annotations only: a capture that reads no profile (a note, a move) does not
    # import its models (~3 ms of start-up).
    from catbird.model import Elsewhere, Profile


def invalid(exc: ValidationError) -> CatbirdError:
    """A pydantic error as one line a person can act on: the first three problems, each
    with its field path (`interviews[0].severity: at most 3`)."""
    from catbird.model.errors import errors_in_words  # only when something is wrong

    parts = []
    for problem in errors_in_words(exc)[:3]:
        where = field_path(problem.loc)
        parts.append(f"{where}: {problem.message}" if where else problem.message)
    return CatbirdError("; ".join(parts))


def apply(
    ws: Workspace, slug: str, change: Callable[[Opportunity], Opportunity], description: str
) -> Change:
    """Change one opportunity as it is on disk now (locked); a model error as one line."""
    try:
        return ws.update(slug, change, description)
    except ValidationError as exc:
        raise invalid(exc) from None


def apply_profile(
    ws: Workspace, change: Callable[[Profile], Profile], description: str
) -> ProfileChange:
    """Change profile.toml as it is on disk now (locked); a model error as one line."""
    try:
        return ws.update_profile(change, description)
    except ValidationError as exc:
        raise invalid(exc) from None


def not_past(day: date | None, what: str) -> None:
    if day is not None and day < today():
        raise CatbirdError(f"{what} {day.isoformat()} is in the past")


def with_stage(
    opportunity: Opportunity,
    stage: Stage,
    note: str = "",
    *,
    elsewhere: Sequence[Elsewhere] = (),
    plan: bool = True,
) -> Opportunity:
    """`opportunity` moved to `stage`, time-stamped; an ending closes it with its plan (the
    one rule for every stage change: see `catbird.ops.endings.changed_stage`)."""
    from catbird.ops.plans import changed_stage

    return changed_stage(opportunity, stage, note, elsewhere=elsewhere, plan=plan)
