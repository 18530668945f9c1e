"""Stages and the clock: plain Python, no pydantic.

The board paints from these and from `CardSummary` before the pydantic models are imported
(see `catbird.model`), so nothing here may import them.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from enum import StrEnum


def now() -> datetime:
    """The current local time, with its offset, to the second: readable in the TOML files.

    $CATBIRD_NOW (an ISO time) stops the clock: snapshot tests, benchmarks and demos are
    then the same on any day.
    """
    fixed = os.environ.get("CATBIRD_NOW")
    if fixed:
        return datetime.fromisoformat(fixed).astimezone().replace(microsecond=0)
    return datetime.now().astimezone().replace(microsecond=0)


def clock_problem() -> str | None:
    """Why $CATBIRD_NOW cannot stop the clock (None if it is unset or a time): checked once
    at start-up, so no command fails halfway with a traceback from deep in a save."""
    fixed = os.environ.get("CATBIRD_NOW")
    if not fixed:
        return None
    try:
        datetime.fromisoformat(fixed).astimezone()
    except (ValueError, OverflowError):
        return (
            f"CATBIRD_NOW={fixed!r} is not a time like 2026-11-22T10:00:00-05:00; "
            "unset it to use the clock"
        )
    return None


def today() -> date:
    return now().date()


class Stage(StrEnum):
    LEAD = "lead"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    """The candidate stepped out before an offer (a second round no longer wanted)."""
    WALKED_AWAY = "walked-away"
    REJECTED = "rejected"
    GHOSTED = "ghosted"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STAGES

    @property
    def is_closed(self) -> bool:
        return self not in ACTIVE_STAGES

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> Stage:
        """A stage from user input: case-insensitive, `walked_away`/`walked away` accepted."""
        key = re.sub(r"[\s_]+", "-", text.strip().lower())
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown stage {text!r}; stages are: {names}") from None


ACTIVE_STAGES: tuple[Stage, ...] = (
    Stage.LEAD,
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.INTERVIEWING,
    Stage.OFFER,
)
CLOSED_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s not in ACTIVE_STAGES)
# Every ending gets its follow-up plan (see `catbird.ops.endings`).
FOLLOW_UP_STAGES: tuple[Stage, ...] = CLOSED_STAGES
ENDINGS: tuple[Stage, ...] = (
    Stage.REJECTED,
    Stage.GHOSTED,
    Stage.DECLINED,
    Stage.WITHDRAWN,
    Stage.WALKED_AWAY,
    Stage.ACCEPTED,
)
"""The endings in the order "Close as…" offers them: the unhappy ones first."""
