"""store.quicktoml, the fast reader of the TOML Catbird writes, held to tomllib: whatever it
reads, it reads to exactly tomllib's data; whatever it does not, or tomllib refuses, it
leaves to tomllib (Unsupported). And a bulk read reports a broken file word for word as a
one-file read does."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_roundtrip import opportunities

from catbird.model import Opportunity
from catbird.store import FileProblem, quicktoml, tomlio
from catbird.store.paths import sample_data_dir

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_as_tomllib(text: str) -> bool:
    """Whether quicktoml read `text` (True) or left it to tomllib (False); fails if it read
    it to anything but tomllib's data, or read what tomllib refuses."""
    try:
        quick = quicktoml.loads(text)
    except quicktoml.Unsupported:
        return False
    assert quick == tomllib.loads(text)
    # Equal is not enough where a type could differ and still compare equal (1 == 1.0,
    # True == 1, a date and a datetime never do): the types too, all the way down.
    assert _types(quick) == _types(tomllib.loads(text))
    return True


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    if isinstance(value, datetime):
        return (datetime, value.utcoffset())
    return type(value)


# ---- what Catbird writes is read, to tomllib's data -----------------------------------------


@given(opportunities())
@MODELS
def test_every_file_catbird_writes_is_read_fast_and_the_same(opportunity: Opportunity) -> None:
    assert _same_as_tomllib(tomlio.dumps(opportunity).decode("utf-8"))


def test_the_sample_opportunities_as_catbird_saves_them_are_read_fast() -> None:
    for path in sorted((sample_data_dir() / "opportunities").glob("*.toml")):
        text = path.read_text("utf-8")
        _same_as_tomllib(text)  # written by hand (comments): most are tomllib's
        saved = tomlio.dumps(Opportunity.model_validate({**tomllib.loads(text), "slug": "x"}))
        assert _same_as_tomllib(saved.decode("utf-8")), path.name


keys = st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
zones = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
)
scalars = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=zones),
)
documents = st.recursive(
    st.dictionaries(keys, scalars | st.lists(scalars, max_size=4), max_size=5),
    lambda inner: st.dictionaries(
        keys, inner | st.lists(inner, min_size=1, max_size=3) | scalars, max_size=5
    ),
    max_leaves=30,
)


@given(documents, st.booleans())
@FUZZ
@example({"a": [{"x": 1}], "b": {"c": {"d": "two\nlines"}}}, True)
@example({"a": 'quote " and \\ and \t and \x01 and \u2028'}, False)
@example({"a": "\n\nstarts with newlines\n"}, True)
def test_any_document_tomli_w_writes_reads_the_same(data: dict[str, Any], multiline: bool) -> None:
    _same_as_tomllib(tomli_w.dumps(data, multiline_strings=multiline))


# ---- anything else is left to tomllib -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\na = 2\n",  # a key twice
        "[t]\nx = 1\n[t]\ny = 2\n",  # a table twice
        "a = []\n[[a]]\n",  # an array of tables over an array
        "a = 1\n[a]\n",  # a table over a value
        "[a]\nb = 1\n[a.b.c]\n",  # a table under a value
        "[[a]]\n[a]\n",  # a table over an array of tables
        "a = [\n    1,\n]\n[a.b]\n",  # a table under an array
        "a = 2026-02-30\n",  # a day the month lacks
        "a = 2026-13-01\n",
        "a = 2026-01-01 25:00:00\n",
        'a = "\\uD800"\n',  # a surrogate
        'a = "\\U00110000"\n',  # past the last character
        'a = "\\x41"\n',  # not an escape TOML has
        'a = "\\e"\n',
        "a = 01\n",  # a leading zero
        "a = 1.\n",
        "a = .5\n",
        "a = 1_000\n",  # valid, but not ours
        "a = 0x1F\n",
        "a = +1\n",
        "a = inf\n",
        "a = 1 # a comment\n",
        'a = "x" # a comment\n',
        'a = "unclosed\n',
        'a = """\nno end\n',
        'a = """\nline \\\n  continued"""\n',  # a line ending backslash
        'a = """\nraw " quote"""\n',
        'a = """\nfour quotes""""\n',
        'a = "x"\r\nb = 2\r\n',  # CRLF
        'a = "tab\tok"\nb = "ctrl\x01"\n',
        "a = { b = 1 }\n",  # an inline table as a value
        "a = [\n    { b = 1, b = 2 },\n]\n",  # a key twice in an inline table
        "a = [\n    { b = 1 , c = 2 },\n]\n",
        "a = [\n    [1],\n]\n",  # nested arrays
        "a = [\n  1,\n]\n",  # indented otherwise
        "a = [\n    1\n]\n",  # no comma after the last item
        "a = [1,2]\n",
        "a = [ 1, 2 ]\n",
        "a = [1, , 2]\n",
        '"quoted" = 1\n',
        "a.b = 1\n",  # a dotted key
        "a=1\n",
        " a = 1\n",
        "  \n",
        "[ a ]\n",
        "[a]]\n",
        "[[a]\n",
        "[a.]\n",
        "\ufeffa = 1\n",  # a byte order mark
        "a = true\nb = True\n",
        "a = 12:30:00\n",  # a local time
        "a = 2026-01-01T10:00:00.123456789+01:00\n",
        "a = 2026-01-01t10:00:00z\n",
    ],
)
def test_what_it_does_not_read_is_left_to_tomllib(text: str) -> None:
    try:
        expected: dict[str, Any] | None = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        expected = None
    try:
        got = quicktoml.loads(text)
    except quicktoml.Unsupported:
        return
    assert expected is not None, "read what tomllib refuses"
    assert got == expected


def test_what_it_reads_of_the_hand_written_kind() -> None:
    # One-line arrays, literal strings, comment lines: as a person writes them.
    text = (
        "# a comment\n"
        "tags = [\"a, b\", 'c', 3, 2026-01-02, 2026-01-02 10:00:00Z, -1.5e3, true]\n"
        "empty = []\n"
        "[t]\n"
        "when = 2026-01-02T10:00:00.5-05:00\n"
    )
    assert _same_as_tomllib(text)
    assert quicktoml.loads(text)["t"]["when"] == datetime(
        2026, 1, 2, 10, 0, 0, 500000, timezone(-timedelta(hours=5))
    )
    assert quicktoml.loads("d = 2026-01-02\n")["d"] == date(2026, 1, 2)


FRAGMENTS = [
    "\n", " ", "=", '"', "'", "\\", "[", "]", "[[", "]]", "{", "}", ",", ".", "#", "\t",
    "\r", "\x01", '"""', "a", "1", "-", ":", "T", "Z", "+", "e", "u00e9", "\\n", "\\u",
]  # fmt: skip


@given(
    documents,
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 4), st.sampled_from(FRAGMENTS)),
        min_size=1,
        max_size=4,
    ),
)
@FUZZ
def test_a_damaged_document_is_read_as_tomllib_reads_it_or_left_to_it(
    data: dict[str, Any], edits: list[tuple[int, int, str]]
) -> None:
    text = tomli_w.dumps(data, multiline_strings=True)
    for at, cut, fragment in edits:
        at %= len(text) + 1
        text = text[:at] + fragment + text[at + cut :]
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(quicktoml.Unsupported):
            quicktoml.loads(text)
        return
    _same_as_tomllib(text)


PIECES = [
    *FRAGMENTS, "    ", ",", " = ", "a = ", "[a]", "[[a]]", "[a.b]", "1", "1.5", "true",
    "2026-01-02", "2026-01-02 10:00:00+01:00", '""', '"x"', "[]", "{}", "{ b = 1 }", "\n]",
    "\n    ", ",\n", " = [\n", ' = """\n', '"""\n', "9" * 4400,
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=25))
@FUZZ
def test_any_text_of_toml_pieces_is_read_as_tomllib_reads_it_or_left_to_it(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):  # ValueError: an int too long for int()
        with pytest.raises(quicktoml.Unsupported):
            quicktoml.loads(text)
        return
    _same_as_tomllib(text)


# ---- a broken file is reported the same either way -------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'company = "A"\ncompany = "B"\n',
        b'company = "A"\nrole = \n',
        b'company = "A"\n[next_action]\ndue = 2026-02-30\n',
        b'company = "\xff"\n',
        b'company = "A"\r\nrole = "x\x01"\r\n',
        b'company = "A"\nround = ' + b"9" * 4400 + b"\n",  # tomllib's ValueError, once
    ],
)
def test_a_bulk_read_reports_a_broken_file_as_a_one_file_read(data: bytes) -> None:
    path = Path("/somewhere/broken.toml")
    with pytest.raises(FileProblem) as one:
        tomlio.parse(path, data)
    with pytest.raises(FileProblem) as many:
        tomlio.parse(path, data, many=True)
    assert str(many.value) == str(one.value)
    assert str(one.value).startswith(f"{path}:")
