"""Validation errors in words a person can act on: one rule for the CLI, the operations and
the forms.

pydantic's own messages ("Input should be less than or equal to 5") are written for
programmers; these say what to type instead ("at most 5"). Each problem keeps where it is
(`loc`), so the command line can say `tally.threshold: at least 1` and a form can put the
words beside the field they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from catbird.model.common import PRESET_KEY_PATTERN

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

# A pattern is a programmer's sentence; the ones a person types against are said in words.
PATTERN_WORDS = {
    PRESET_KEY_PATTERN: "one character: a letter, a digit or one of !@#$%^&*()",
}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem: where it is and what to do about it."""

    loc: tuple[int | str, ...]
    message: str

    @property
    def field(self) -> str:
        """The top-level field it belongs to; "" for the model as a whole."""
        return str(self.loc[0]) if self.loc else ""


def in_words(error: ErrorDetails) -> str:
    """One pydantic error as words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # the model's own sentence, without pydantic's prefix
    if kind == "less_than_equal":
        return f"at most {ctx['le']}"
    if kind == "greater_than_equal":
        return f"at least {ctx['ge']}"
    if kind == "string_too_long":
        return f"too long: at most {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_WORDS:
        return PATTERN_WORDS[ctx["pattern"]]
    return str(error["msg"]).removeprefix("Value error, ")


def errors_in_words(exc: ValidationError) -> list[FieldError]:
    """Every problem of `exc`, in pydantic's order, each with its place and its words."""
    return [
        FieldError(tuple(error["loc"]), in_words(error)) for error in exc.errors(include_url=False)
    ]


def field_errors(exc: ValidationError) -> dict[str, str]:
    """The first problem of each top-level field, in words: {"weight": "at most 5"}; the key
    "" holds a problem of the model as a whole."""
    out: dict[str, str] = {}
    for problem in errors_in_words(exc):
        out.setdefault(problem.field, problem.message)
    return out
