"""Shared building blocks of the model: clean text types, ids, times and stages.

Every text a user can type goes through `Line` (one line) or `Text` (several lines), which
strip control characters and terminal escape sequences on the way in, so nothing stored can
ever reach a terminal as an escape sequence.
"""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

import secrets
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic_core import PydanticKnownError, core_schema

from catbird.model.clean import clean_line, clean_text

MAX_LINE = 500
MAX_TEXT = 50_000


def _as_str(value: Any) -> Any:
    # TOML written by hand may hold a number where we expect text ("role = 2"); keep it as text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class _CleanStr:
    """The whole check of a text field as one validator: number → text, clean, length, empty.

    Spelt as `Annotated[str, BeforeValidator(...), AfterValidator(...), Field(max_length=...)]`
    it checks the same, but pydantic then builds and inspects three wrappers for each of the
    ~150 text fields, and that is paid at every start of the quick-capture CLI (`catbird
    flag`), which builds the models' validators on first use. One core schema per field
    costs a fraction of it. The errors are pydantic's own: `too_long`, and `value_error`
    ("must not be empty").
    """

    __slots__ = ("clean", "max_length", "required")

    def __init__(self, clean: Callable[[str], str], max_length: int, required: bool) -> None:
        self.clean = clean
        self.max_length = max_length
        self.required = required

    def validate(self, value: str) -> str:
        value = self.clean(value)
        if len(value) > self.max_length:  # checked after cleaning, on what will be stored
            raise PydanticKnownError(
                "too_long",
                {"field_type": "Value", "max_length": self.max_length, "actual_length": len(value)},
            )
        if self.required and not value:
            raise ValueError("must not be empty")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self.validate,
            core_schema.no_info_before_validator_function(_as_str, core_schema.str_schema()),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        json_schema["maxLength"] = min(
            json_schema.get("maxLength", self.max_length), self.max_length
        )
        return json_schema


Line = Annotated[str, _CleanStr(clean_line, MAX_LINE, required=False)]
"""One line of user text: escape sequences and control characters removed."""

Text = Annotated[str, _CleanStr(clean_text, MAX_TEXT, required=False)]
"""Free text of several lines (notes, scripts): escape sequences and controls removed."""

Name = Annotated[str, _CleanStr(clean_line, MAX_LINE, required=True)]
"""A line that must say something once cleaned (a company, a label, a title)."""

Body = Annotated[str, _CleanStr(clean_text, MAX_TEXT, required=True)]


def _default_currency(value: str) -> str:
    return value or "USD"


Currency = Annotated[Line, AfterValidator(_default_currency)]
"""A currency code; empty means USD (files leave empty values out, so "" would not load back)."""

Money = Annotated[int, Field(ge=0, le=1_000_000_000)]
"""A yearly amount in whole currency units; never negative."""

Percent = Annotated[int, Field(ge=0, le=100)]
Severity = Annotated[int, Field(ge=1, le=3)]
Gut = Annotated[int, Field(ge=1, le=5)]
Weight = Annotated[int, Field(ge=1, le=5)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9]{4,32}$")]
"""A short random identifier; events are merged by id across writers."""

PRESET_KEY_PATTERN = r"^[0-9a-zA-Z!@#$%^&*()]$"
"""The one key a flag preset sits on in the tally (model/errors.py says it in words)."""


def empty_list() -> list[Any]:
    """The `default_factory` of list fields, in place of `list` itself.

    pydantic inspects the signature of every default factory when it builds a validator;
    for a builtin such as `list` that means tokenizing its text signature, which over the
    model's list fields costs ~3 ms at every start of the CLI. A Python function is cheap.
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """The `default_factory` of dict fields (see `empty_list`)."""
    return {}


def duplicates(ids: Iterable[str]) -> list[str]:
    """The ids that occur more than once, sorted; in one pass, so a file of 100,000 flags
    is checked as fast as it is read."""
    seen: set[str] = set()
    twice: set[str] = set()
    for item in ids:
        if item in seen:
            twice.add(item)
        else:
            seen.add(item)
    return sorted(twice)


def unique_ids(ids: Iterable[str]) -> None:
    """Raise the model's error for ids used more than once (events merge by id)."""
    twice = duplicates(ids)
    if twice:
        shown = ", ".join(twice[:10]) + (f" and {len(twice) - 10} more" if len(twice) > 10 else "")
        raise ValueError(f"ids must be unique; used more than once: {shown}")


def new_id() -> str:
    return secrets.token_hex(5)


class Model(BaseModel):
    """Base of every stored model: strict about unknown keys so typos are reported."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=False,
        ser_json_inf_nan="null",
        defer_build=True,
    )
