"""Shared building blocks of the model: clean text types, ids, times and stages.

Every text a user can type goes through `Line` (one line) or `Text` (several lines), which
strip control characters and terminal escape sequences on the way in, so nothing stored can
ever reach a terminal as an escape sequence.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
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

# CSI / OSC / DCS / other ESC sequences, then any C0/C1 control character left over.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC/DCS/SOS/PM/APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC/DCS/...
    r"|\x1b[@-Z\\-_]?"  # any other ESC (+ one byte)
)
# Also bidi overrides and isolates (U+202A–E, U+2066–9) and LRM/RLM: they would make a
# company name display reversed or out of place.
_CONTROL_KEEP_NEWLINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)
_CONTROL_ALL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)

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
