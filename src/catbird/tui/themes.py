"""Theme files: `themes/*.toml` (shipped) and the user's themes folder, as Textual themes.

A theme file is data, not code: a name, whether it is dark, the base colours Textual derives
the rest from, and an optional `[variables]` table that overrides derived CSS variables.
A file that cannot be read or does not validate is skipped and reported as
`path:line: message`; it never stops the app from starting.

    name = "catbird-dark"
    dark = true
    primary = "#6c9bd2"
    ...
    [variables]
    block-cursor-text-style = "bold"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

MAX_THEME_FILE = 256 * 1024
"""A theme is a few dozen lines; anything much bigger is not a theme file."""

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
REQUIRED_FIELDS = ("name", "primary")
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
BOOL_FIELDS = ("dark", "ansi")
KNOWN_FIELDS = frozenset((*COLOUR_FIELDS, *NUMBER_FIELDS, *BOOL_FIELDS, "name", "variables"))

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_VARIABLE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)%$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class ThemeProblem(Exception):
    """One thing wrong with a theme file, at a line (1 when no better line is known)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_themes(dirs: Iterable[Path]) -> tuple[list[Theme], list[str]]:
    """Every theme in `dirs`, in order; a later folder's theme replaces an earlier one of the
    same name (the user's folder comes last, so it overrides what we ship).

    Returns the themes and the problems, one `path:line: message` per skipped file.
    A folder that does not exist is not a problem: the user's folder is optional.
    """
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in dirs:
        seen_here: dict[str, Path] = {}
        try:
            paths = sorted(p for p in Path(folder).glob("*.toml") if p.is_file())
        except OSError as exc:
            problems.append(f"{folder}:1: cannot list theme folder: {exc.strerror or exc}")
            continue
        for path in paths:
            try:
                theme = read_theme(path)
            except ThemeProblem as problem:
                problems.append(f"{path}:{problem.line}: {problem.message}")
                continue
            if theme.name in seen_here:
                line = _line_of(_safe_text(path), "name")
                problems.append(
                    f"{path}:{line}: theme {theme.name!r} is already defined in "
                    f"{seen_here[theme.name].name}; this file is skipped"
                )
                continue
            seen_here[theme.name] = path
            themes.pop(theme.name, None)  # re-insert: the override sits where it was defined
            themes[theme.name] = theme
    return list(themes.values()), problems


def read_theme(path: Path) -> Theme:
    """One theme file as a Textual theme, or ThemeProblem saying where it is wrong."""
    try:
        if path.stat().st_size > MAX_THEME_FILE:
            raise ThemeProblem(1, f"too large for a theme file (over {MAX_THEME_FILE} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise ThemeProblem(1, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ThemeProblem(raw[: exc.start].count(b"\n") + 1, "not valid UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else 1
        message = _TOML_POSITION.sub("", message).strip()
        raise ThemeProblem(line, f"invalid TOML: {message}") from None
    return theme_from_data(data, text)


def theme_from_data(data: dict[str, Any], text: str = "") -> Theme:
    """Validate parsed TOML and build the theme; `text` is the source, for line numbers."""
    for key in data:
        if key not in KNOWN_FIELDS:
            known = ", ".join(sorted(KNOWN_FIELDS))
            raise ThemeProblem(_line_of(text, key), f"unknown key {key!r} (known: {known})")
    for key in REQUIRED_FIELDS:
        if key not in data:
            raise ThemeProblem(1, f"missing {key!r}")

    name = data["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeProblem(
            _line_of(text, "name"),
            "name must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit",
        )
    fields: dict[str, Any] = {"name": name}
    for key in COLOUR_FIELDS:
        if key in data:
            fields[key] = _colour(data[key], key, text)
    for key in BOOL_FIELDS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeProblem(_line_of(text, key), f"{key} must be true or false")
            fields[key] = data[key]
    for key in NUMBER_FIELDS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ThemeProblem(_line_of(text, key), f"{key} must be a number from 0 to 1")
            fields[key] = float(value)
    fields["variables"] = _variables(data.get("variables", {}), text)
    if fields.get("ansi"):
        # Textual's own CSS reads these two, and only its non-ANSI themes define them.
        dark = fields.get("dark", True)
        fields["variables"].setdefault("ansi-background", "ansi_black" if dark else "ansi_white")
        fields["variables"].setdefault("ansi-foreground", "ansi_white" if dark else "ansi_black")

    theme = Theme(**fields)
    try:
        # Textual derives every shade from the base colours; make sure it can, here,
        # rather than when the user switches to the theme.
        theme.to_color_system().generate()
    except Exception as exc:  # a theme must never take the app down
        raise ThemeProblem(1, f"Textual cannot use this theme: {exc}") from None
    return theme


def _colour(value: Any, key: str, text: str) -> str:
    # The line is looked up only for a problem: a search per key costs the start-up ~10 ms.
    if not isinstance(value, str):
        raise ThemeProblem(_line_of(text, key), f'{key} must be a colour in quotes, like "#1e90ff"')
    try:
        Color.parse(value.strip())
    except ColorParseError:
        raise ThemeProblem(_line_of(text, key), f"{key}: {value!r} is not a colour") from None
    return value.strip()


def _variables(table: Any, text: str) -> dict[str, str]:
    line = _line_of(text, "variables")
    if not isinstance(table, dict):
        raise ThemeProblem(line, "variables must be a table: [variables]")
    variables: dict[str, str] = {}
    for key, value in table.items():
        problem = _variable_problem(key, value)
        if problem:  # only then the line is looked up: a search per key costs the start
            raise ThemeProblem(_line_of(text, key, after=line), problem)
        value = value.strip()
        variables[key] = value
    return variables


def _variable_problem(key: str, value: Any) -> str:
    """What is wrong with a `[variables]` entry, or "" when it is fine."""
    if not _VARIABLE.match(key):
        return f"variables: {key!r} is not a CSS variable name"
    if not isinstance(value, str):
        return f"variables.{key} must be text in quotes"
    problem = _check_variable(key, value.strip())
    return f"variables.{key}: {problem}" if problem else ""


def _check_variable(key: str, value: str) -> str:
    """What is wrong with a variable's value, or "" when it is fine."""
    words = value.split()
    if key.endswith("-style"):
        wrong = [w for w in words if w not in VALID_STYLE_FLAGS]
        if not words or wrong:
            flags = ", ".join(sorted(VALID_STYLE_FLAGS))
            return f"{value!r} is not a text style (use: {flags})"
        return ""
    if len(words) == 2:
        match = _PERCENT.match(words[1])
        if not match or float(match.group(1)) > 100:
            return f'{value!r}: expected a colour and an optional percentage, like "#fff 50%"'
        words = words[:1]
    if len(words) != 1:
        return f"{value!r} is not a colour"
    if words[0] == "auto":
        return ""
    try:
        Color.parse(words[0])
    except ColorParseError:
        return f"{value!r} is not a colour"
    return ""


def _safe_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _line_of(text: str, key: str, after: int = 0) -> int:
    """The line where `key` is assigned (searching after line `after`), else that line or 1.

    Good enough for theme files: keys are unique and tables are shallow.
    """
    if not text:
        return max(after, 1)
    pattern = re.compile(rf"^\s*(?:\[\s*{re.escape(key)}\s*\]|[\"']?{re.escape(key)}[\"']?\s*[=.])")
    for number, raw in enumerate(text.splitlines(), start=1):
        if number > after and pattern.match(raw):
            return number
    return max(after, 1)
