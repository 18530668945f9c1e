"""A fast reader for the TOML that Catbird itself writes, and only that.

tomllib is a pure-Python parser of the whole TOML grammar: ~1.2 ms for a 4 KB opportunity
file, three quarters of the cost of reading one, which a cold start or a sync pays for
every file. The files Catbird writes (tomli-w's layout: `key = value` lines, `[table]` and
`[[array]]` headers, arrays one item a line, multi-line strings opened on their key's line)
are a small, regular part of that grammar, read here a line at a time with a few regular
expressions, about five times faster.

`loads` answers only for a text wholly inside that part, and gives exactly what
tomllib.loads gives for it. Anything else — a comment after a value, a quoted key, an inline
table, a hex number, a duplicate key, a table defined twice, a date that does not exist,
any control character — makes it raise `Unsupported`, and the caller parses the text with
tomllib, which also words every error. So a file a person edited is read as before, only not
faster; no error is ever reported from here. The differential tests
(tests/core/test_quicktoml.py) hold it to tomllib on generated and mutated documents.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any


class Unsupported(Exception):
    """The text is outside the part of TOML read here (it may still be valid TOML)."""


# Any control character but tab and newline (TOML forbids them in strings, and \r and the
# others are never written by Catbird): one search for the whole text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_HEADER = re.compile(r"(\[\[?)([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(\]\]?)")
_ESCAPES = r'\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})'
_CHARS = rf'[^"\\]*(?:{_ESCAPES}[^"\\]*)*'
"""Characters of a basic string: none a quote, every backslash a valid escape."""
_BASIC = re.compile(f'"({_CHARS})"')
_LITERAL = re.compile(r"'([^']*)'")
_ESCAPE = re.compile(_ESCAPES)
_BODY = re.compile(_CHARS)
"""A line of a multi-line basic string: no quote at all (tomli-w escapes them), and every
backslash an escape (so none ends the line: a line continuation)."""
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)")
_DATETIME = re.compile(
    r"([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(?:[T ]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]+))?"
    r"(?:(Z)|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))?)?"
)
_ITEM = rf"""("{_CHARS}"|'[^']*'|[^"',{{}}\[\] ][^"',{{}}\[\]]*?)(?=, |$)"""
_ARRAY_ITEM = re.compile(_ITEM)
_INLINE_ITEM = re.compile(rf"([A-Za-z0-9_-]+) = {_ITEM}")
"""An item of an array or a key and its value in an inline table, on one line: a string,
or anything without quotes, commas, braces or brackets up to the next ", " or the end of
the items (then read as a scalar)."""
_KEY_VALUE = re.compile(f'([A-Za-z0-9_-]+) = (?:"({_CHARS})"|(.+))')
"""A key and its value: a basic string (most values are), or anything else (then read)."""
_SIMPLE = {"\\b": "\b", "\\t": "\t", "\\n": "\n", "\\f": "\f", "\\r": "\r", '\\"': '"'}
_SIMPLE["\\\\"] = "\\"
_ZONES: dict[str, timezone] = {}
_HEADERS: dict[str, tuple[bool, list[str]]] = {}
"""Header lines already read: whether `[[`, and the names (never changed: copied out)."""


def loads(text: str) -> dict[str, Any]:
    """The document `text`, as tomllib.loads gives it; Unsupported if it is not in the part
    of TOML read here."""
    if _CONTROL.search(text) is not None:
        raise Unsupported
    root: dict[str, Any] = {}
    table = root
    # The lists [[name]] made (the only lists a [[name]] may add to), by id: kept alive by
    # `root`.
    tables_lists: set[int] = set()
    lines = text.split("\n")
    count = len(lines)
    number = 0
    while number < count:
        line = lines[number]
        number += 1
        if not line:
            continue
        first = line[0]
        if first == "[":
            table = _open(root, line, tables_lists)
            continue
        if first == "#":
            continue
        match = _KEY_VALUE.fullmatch(line)
        if match is None:
            raise Unsupported
        key, string, value = match.groups()
        if key in table:
            raise Unsupported
        if string is not None:
            table[key] = string if "\\" not in string else _unescape(string)
        elif value == '"""':
            body: list[str] = []
            while True:
                if number >= count:
                    raise Unsupported
                part = lines[number]
                number += 1
                if part.endswith('"""'):
                    body.append(part[:-3])
                    break
                body.append(part)
            for part in body:
                if _BODY.fullmatch(part) is None:
                    raise Unsupported
            table[key] = _unescape("\n".join(body))
        elif value == "[":
            items: list[Any] = []
            while True:
                if number >= count:
                    raise Unsupported
                part = lines[number]
                number += 1
                if part == "]":
                    break
                if not part.startswith("    ") or not part.endswith(","):
                    raise Unsupported
                item = part[4:-1]
                items.append(_inline_table(item) if item[:1] == "{" else _scalar(item))
            table[key] = items
        elif value[0] == "[":
            table[key] = _inline_array(value)
        else:
            table[key] = _scalar(value)
    return root


def _open(root: dict[str, Any], line: str, tables_lists: set[int]) -> dict[str, Any]:
    """The table a `[name]` or `[[name]]` line starts, made as TOML says."""
    header = _HEADERS.get(line)
    if header is None:
        match = _HEADER.fullmatch(line)
        if match is None:
            raise Unsupported
        opening, name, closing = match.groups()
        if len(opening) != len(closing):
            raise Unsupported
        header = (opening == "[[", name.split("."))
        if len(_HEADERS) < 500:  # the same few in every file; a stranger's many are not kept
            _HEADERS[line] = header
    many, names = header
    *parents, last = names
    table = root
    for part in parents:
        inner = table.get(part)
        if inner is None:
            inner = table[part] = {}
        elif isinstance(inner, list) and id(inner) in tables_lists:
            inner = inner[-1]
        elif not isinstance(inner, dict):
            raise Unsupported
        table = inner
    found = table.get(last)
    new: dict[str, Any] = {}
    if many:
        if found is None:
            found = table[last] = []
            tables_lists.add(id(found))
        elif not (isinstance(found, list) and id(found) in tables_lists):
            raise Unsupported
        found.append(new)
    else:
        # A table that exists already (made by a header, or on the way to one) is left to
        # tomllib, which knows when it may be opened again.
        if found is not None:
            raise Unsupported
        table[last] = new
    return new


def _inline_table(text: str) -> dict[str, Any]:
    """An item `{ key = value, … }` of an array (tomli-w's way with a short table), its
    values scalars."""
    if text == "{}":
        return {}
    if not (text.startswith("{ ") and text.endswith(" }")):
        raise Unsupported
    table: dict[str, Any] = {}
    for match in _items(_INLINE_ITEM, text, 2, len(text) - 2):
        key, value = match.groups()
        if key in table:
            raise Unsupported
        table[key] = _scalar(value)
    return table


def _inline_array(text: str) -> list[Any]:
    """A value `[a, b, …]` on one line (as a person writes it), its items scalars."""
    if text == "[]":
        return []
    if not (text.endswith("]") and text[1:2] != " " and text[-2:-1] != " "):
        raise Unsupported
    return [_scalar(match.group(1)) for match in _items(_ARRAY_ITEM, text, 1, len(text) - 1)]


def _items(pattern: re.Pattern[str], text: str, at: int, end: int) -> list[re.Match[str]]:
    """The matches of `pattern` from `at` to `end`, one after another with ", " between."""
    found = []
    while True:
        match = pattern.match(text, at, end)
        if match is None:
            raise Unsupported
        found.append(match)
        at = match.end()
        if at == end:
            return found
        if not text.startswith(", ", at):
            raise Unsupported
        at += 2


def _scalar(value: str) -> Any:
    if not value:
        raise Unsupported
    first = value[0]
    if first == '"':
        match = _BASIC.fullmatch(value)
        if match is None:
            raise Unsupported
        return _unescape(match.group(1))
    if first == "'":
        match = _LITERAL.fullmatch(value)
        if match is None:
            raise Unsupported
        return match.group(1)
    if value == "true":
        return True
    if value == "false":
        return False
    if _INTEGER.fullmatch(value):
        if len(value) > 4000:  # past what int() takes from text: tomllib's to say
            raise Unsupported
        return int(value)
    match = _DATETIME.fullmatch(value)
    if match is not None:
        return _moment(match)
    if _FLOAT.fullmatch(value):
        return float(value)
    raise Unsupported


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    escape = match.group()
    simple = _SIMPLE.get(escape)
    if simple is not None:
        return simple
    code = int(escape[2:], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:  # not a character: tomllib's error
        raise Unsupported
    return chr(code)


def _moment(match: re.Match[str]) -> date | datetime:
    year, month, day, hour, minute, second, fraction, utc, sign, zone_h, zone_m = match.groups()
    try:
        if hour is None:
            return date.fromisoformat(match.group())
        if fraction is None or len(fraction) <= 6:
            # What the expression let through, fromisoformat (in C) reads as tomllib does.
            return datetime.fromisoformat(match.group())
        micro = int(fraction[:6])  # tomllib drops the digits past the microseconds
        zone: timezone | None = None
        if utc:
            zone = UTC
        elif sign:
            zone = _zone(sign, zone_h, zone_m)
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, zone
        )
    except ValueError:  # a day the month does not have: tomllib's error
        raise Unsupported from None


def _zone(sign: str, hours: str, minutes: str) -> timezone:
    key = sign + hours + minutes
    zone = _ZONES.get(key)
    if zone is None:
        factor = -1 if sign == "-" else 1
        zone = _ZONES[key] = timezone(
            timedelta(hours=factor * int(hours), minutes=factor * int(minutes))
        )
    return zone
