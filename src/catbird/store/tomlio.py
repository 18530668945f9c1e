"""TOML in and out, with problems reported as `path:line: message`.

Schema errors carry the field path and, where we can find it, the line of the offending key
(`_locate` follows table headers and keys well enough for files we or a person wrote).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli_w

from catbird.store.errors import FileProblem

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def parse(path: Path, data: bytes) -> dict[str, Any]:
    """Decode and parse a TOML file, or raise FileProblem with the line at fault."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(path, line, "not valid UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else 1
        message = _TOML_POSITION.sub("", message).strip()
        raise FileProblem(path, line, f"invalid TOML: {message}") from None
    except RecursionError:
        raise FileProblem(path, 1, "invalid TOML: nested too deeply") from None


def field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _locate(text: str, loc: tuple[int | str, ...]) -> int:
    """The line of the key at `loc` (or of the nearest enclosing table), 1 if not found."""
    want = [p for p in loc]
    best = 1
    table: list[int | str] = []
    counts: dict[tuple[int | str, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            names = [n.strip().strip("\"'") for n in header.group(2).split(".")]
            path: list[int | str] = []
            for depth, name in enumerate(names):
                path.append(name)
                key = tuple(path)
                if depth == len(names) - 1 and header.group(1) == "[[":
                    counts[key] = counts.get(key, -1) + 1
                if key in counts:
                    path.append(counts[key])
            table = path
            if want[: len(table)] == table:
                best = number
            continue
        assignment = _KEY.match(raw)
        if assignment:
            full = [*table, assignment.group(1).strip("\"'")]
            if want[: len(full)] == full:
                return number
    return best


def validate(model: type[M], path: Path, data: dict[str, Any], text: str) -> M:
    from pydantic import ValidationError  # loaded with the model already: costs nothing here

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        where = field_path(loc) or "file"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FileProblem(path, _locate(text, loc), f"{where}: {error['msg']}{more}") from None


def _prune(value: Any) -> Any:
    """Drop None and empty values so files stay short and readable by hand."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = _prune(item)
            if item is None or item == "" or item == [] or item == {}:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def dumps(model: BaseModel) -> bytes:
    data = _prune(model.model_dump(mode="python", exclude_none=True))
    # Put the version first, where a reader (and a migration) expects it.
    ordered = {"schema_version": data.pop("schema_version")} | data
    text = tomli_w.dumps(ordered, multiline_strings=True)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")
