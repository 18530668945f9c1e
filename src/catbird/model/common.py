"""Shared building blocks of the model: clean text types, ids, times and stages.

Every text a user can type goes through `Line` (one line) or `Text` (several lines), which
strip control characters and terminal escape sequences on the way in, so nothing stored can
ever reach a terminal as an escape sequence.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

# CSI / OSC / DCS / other ESC sequences, then any C0/C1 control character left over.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC/DCS/SOS/PM/APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC/DCS/...
    r"|\x1b[@-Z\\-_]?"  # any other ESC (+ one byte)
)
_CONTROL_KEEP_NEWLINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")

MAX_LINE = 500
MAX_TEXT = 50_000


def clean_text(value: str) -> str:
    """Strip escape sequences and control characters, keeping newlines and tabs as spaces."""
    value = _ESCAPE_SEQUENCE.sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL_KEEP_NEWLINES.sub("", value).strip()


def clean_line(value: str) -> str:
    """Like `clean_text`, for one-line fields: newlines become spaces, runs are collapsed."""
    value = _ESCAPE_SEQUENCE.sub("", value)
    value = re.sub(r"[\r\n\t]+", " ", value)
    return _CONTROL_ALL.sub("", value).strip()


def _as_str(value: Any) -> Any:
    # TOML written by hand may hold a number where we expect text ("role = 2"); keep it as text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Line = Annotated[
    str, BeforeValidator(_as_str), AfterValidator(clean_line), Field(max_length=MAX_LINE)
]
"""One line of user text: escape sequences and control characters removed."""

Text = Annotated[
    str, BeforeValidator(_as_str), AfterValidator(clean_text), Field(max_length=MAX_TEXT)
]
"""Free text of several lines (notes, scripts): escape sequences and controls removed."""


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


Name = Annotated[Line, AfterValidator(_non_empty)]
"""A line that must say something once cleaned (a company, a label, a title)."""

Body = Annotated[Text, AfterValidator(_non_empty)]

Money = Annotated[int, Field(ge=0, le=1_000_000_000)]
"""A yearly amount in whole currency units; never negative."""

Percent = Annotated[int, Field(ge=0, le=100)]
Severity = Annotated[int, Field(ge=1, le=3)]
Gut = Annotated[int, Field(ge=1, le=5)]
Weight = Annotated[int, Field(ge=1, le=5)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9]{4,32}$")]
"""A short random identifier; events are merged by id across writers."""


def new_id() -> str:
    return secrets.token_hex(5)


def now() -> datetime:
    """The current local time, with its offset, to the second: readable in the TOML files."""
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()


class Model(BaseModel):
    """Base of every stored model: strict about unknown keys so typos are reported."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=False,
        ser_json_inf_nan="null",
        defer_build=True,
    )


class Stage(StrEnum):
    LEAD = "lead"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
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
# Outcomes after which a follow-up plan is offered.
FOLLOW_UP_STAGES: tuple[Stage, ...] = (Stage.REJECTED, Stage.DECLINED, Stage.WALKED_AWAY)
