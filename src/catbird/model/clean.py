"""What makes a text safe to show: escape sequences and control characters taken out.

Plain Python (only `re`), so the same rule serves the model's text fields, the summary index
(read before pydantic is imported, and only a cache: never trusted to be clean) and the
messages that quote names from the disk.
"""

from __future__ import annotations

import functools
import re

# The patterns are compiled when first needed, not at import: compiling the four of them
# is ~1.5 ms of every quick capture's start-up, and a text with nothing to take out (nearly
# every one) needs none of them (see `_needs_search`).

# CSI / OSC / DCS / other ESC sequences, then any C0/C1 control character left over.
_ESCAPE_SEQUENCE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC/DCS/SOS/PM/APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC/DCS/...
    r"|\x1b[@-Z\\-_]?"  # any other ESC (+ one byte)
)
# Besides C0/C1: bidi overrides and isolates (U+202A–E, U+2066–9), LRM/RLM, zero-width space,
# line/paragraph separators and the BOM: they would make a name display reversed or out of
# place.
INVISIBLE = "\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff"
_CONTROL_KEEP_NEWLINES = f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]"
_CONTROL_ALL = f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]"


# Every escape sequence starts with a control character (ESC, or a C1 one), so a text
# without any (nearly every text: one search) is only stripped. Validating an opportunity
# cleans ~40 texts: the whole rule, three passes each, was half of its cost.
_CONTROL_BUT_NEWLINE = f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]"

compiled = functools.cache(re.compile)
"""`re.compile`, once per pattern, on first use."""


def _needs_search(value: str, controls: str) -> bool:
    # Everything taken out is a control, format or line/paragraph separator character, none
    # of which is printable: a printable text is clean without compiling or searching.
    return not value.isprintable() and compiled(controls).search(value) is not None


def clean_text(value: str) -> str:
    """Strip escape sequences and control characters, keeping newlines and tabs as spaces."""
    if not _needs_search(value, _CONTROL_BUT_NEWLINE):
        return value.strip()
    return _clean_text_fully(value)


def _clean_text_fully(value: str) -> str:
    value = compiled(_ESCAPE_SEQUENCE).sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return compiled(_CONTROL_KEEP_NEWLINES).sub("", value).strip()


def clean_line(value: str) -> str:
    """Like `clean_text`, for one-line fields: newlines become spaces, runs are collapsed."""
    if not _needs_search(value, _CONTROL_ALL):
        return value.strip()
    return _clean_line_fully(value)


def _clean_line_fully(value: str) -> str:
    value = compiled(_ESCAPE_SEQUENCE).sub("", value)
    value = re.sub(r"[\r\n\t]+", " ", value)
    return compiled(_CONTROL_ALL).sub("", value).strip()


def needs_cleaning(value: str) -> bool:
    """Whether `value` holds anything `clean_line` or `clean_text` would take out (one search:
    for thousands of cached texts, joined, at start-up)."""
    return _needs_search(value, _CONTROL_ALL)
