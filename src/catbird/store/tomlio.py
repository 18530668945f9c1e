"""TOML in and out, with problems reported as `path:line: message`.

Schema errors carry the field path and, where we can find it, the line of the offending key
(`_locate` follows table headers and keys well enough for files we or a person wrote).
"""

from __future__ import annotations

import contextlib
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli_w

from catbird.model.clean import compiled
from catbird.store.errors import FileProblem

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

# Needed only to word a problem: compiled then (`compiled`), not at every capture's start.
_LONG_NUMBER = r"[0-9_]{4300,}"
_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"
_HEADER = r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$"
_KEY = r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*="""


def parse(path: Path, data: bytes, *, many: bool = False) -> dict[str, Any]:
    """Decode and parse a TOML file, or raise FileProblem with the line at fault. `many`:
    one of many files read at once (a cold start, a sync)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(path, line, "not valid UTF-8 text") from None
    if many:
        # A file as Catbird writes it is read ~4× faster than by tomllib, to the same data;
        # anything else (a file a person edited, a mistake) is tomllib's, errors and all.
        # Only for many files: its expressions take ~3 ms to compile, a one-file command's
        # whole parse.
        from catbird.store import quicktoml

        with contextlib.suppress(quicktoml.Unsupported):
            return quicktoml.loads(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = compiled(_TOML_POSITION)
        match = position.search(message)
        line = int(match.group(1)) if match else 1
        message = position.sub("", message).strip()
        raise FileProblem(path, line, f"invalid TOML: {message}") from None
    except RecursionError:
        raise FileProblem(path, 1, "invalid TOML: nested too deeply") from None
    except ValueError:  # tomllib lets int()'s refusal of a number over 4,300 digits through
        long = compiled(_LONG_NUMBER).search(text)
        line = text.count("\n", 0, long.start()) + 1 if long else 1
        raise FileProblem(path, line, "invalid TOML: a number too long to read") from None


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
    header_line, key_line = compiled(_HEADER), compiled(_KEY)
    for number, raw in enumerate(text.splitlines(), start=1):
        header = header_line.match(raw)
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
        assignment = key_line.match(raw)
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


def _data(model: BaseModel) -> dict[str, Any]:
    data = _prune(model.model_dump(mode="python", exclude_none=True))
    # Put the version first, where a reader (and a migration) expects it.
    return {"schema_version": data.pop("schema_version")} | data


def _tomli_w(data: dict[str, Any]) -> bytes:
    text = tomli_w.dumps(data, multiline_strings=True)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def dumps(model: BaseModel) -> bytes:
    """A new file for `model`, in Catbird's own layout."""
    return _tomli_w(_data(model))


def dumps_over(model: BaseModel, previous: bytes, before: BaseModel) -> bytes:
    """`model` written over `previous`, the file as it was read (which loaded as `before`);
    see `write_over`."""
    return write_over(model, previous, before)[0]


def write_over(
    model: BaseModel, previous: bytes, before: BaseModel, *, plain: bool | None = None
) -> tuple[bytes, bool]:
    """`model` written over `previous`, the file as it was read (which loaded as `before`),
    and whether the result is in Catbird's own layout. `plain`: whether `previous` is known
    to be (a file this process wrote, byte for byte), which spares laying out `before`
    again to find out.

    A file exactly as Catbird writes it has nothing of the user's to keep: it is written
    anew, fast (tomli-w). Any other file — with comments, or keys in an order or style of
    the user's — is edited in place (tomlkit): changed values are replaced, new keys,
    tables and array-of-tables entries added and removed ones dropped, and every comment,
    blank line and untouched value is kept where it was. Were the edited text ever not to
    load back as `model`, the new layout is written instead: the data comes first."""
    data = _data(model)
    if plain or (plain is None and previous == dumps(before)):
        return _tomli_w(data), True
    try:
        kept = _edit(previous.decode("utf-8"), model, data)
    except Exception:  # tomlkit refusing an odd corner of a file we could read: no harm
        kept = None
    return (kept, False) if kept is not None else (_tomli_w(data), True)


def _edit(text: str, model: BaseModel, data: dict[str, Any]) -> bytes | None:
    import tomlkit  # only for files a person has touched: not on the capture path's import

    document = tomlkit.parse(text)
    echoed = document.as_string()  # before the edit: what tomlkit gives back untouched
    _apply(document, data, _explicit(model))
    out = _as_typed(text, echoed, document.as_string())
    out = out if out.endswith("\n") else out + "\n"
    again = type(model).model_validate(tomllib.loads(out))
    return out.encode("utf-8") if again.model_dump() == model.model_dump() else None


def _as_typed(text: str, echoed: str, out: str) -> str:
    """`out` (the edited file) with each line tomlkit gives back differently from how it
    was typed, though nothing changed it, put back as typed. tomlkit 0.15 drops the space
    between a date and an inline table's closing brace (`due = 2031-12-20 }`) on a plain
    read and write. A line the edit did change is its own (the caller checks that the
    file still loads as the model meant)."""
    if echoed == text:
        return out
    typed, given = text.splitlines(keepends=True), echoed.splitlines(keepends=True)
    if len(typed) != len(given):
        return out  # not a line for a line: nothing to match safely
    lost = {back: line for line, back in zip(typed, given, strict=True) if back != line}
    return "".join(lost.get(line, line) for line in out.splitlines(keepends=True))


def _explicit(value: Any) -> Any:
    """`value` as `model_dump` gives it, less the fields that hold their plain default (a
    `False`, a `2`): those a file may leave out, and a save does not add them to it."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        out = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if info.exclude or (info.default_factory is None and item == info.default):
                continue
            out[name] = _explicit(item)
        return out
    if isinstance(value, list):
        return [_explicit(item) for item in value]
    if isinstance(value, dict):
        return {key: _explicit(item) for key, item in value.items()}
    return value


def _apply(table: Any, data: dict[str, Any], explicit: Any) -> None:
    """Make the tomlkit table `table` hold `data`, touching only what differs; a key the
    file leaves out is added only if it is not at its default (not in `explicit`)."""
    from tomlkit.items import AoT, Array, InlineTable, Table

    inline = isinstance(table, InlineTable)
    explicit = explicit if isinstance(explicit, dict) else {}
    for key in [key for key in table if key not in data]:
        del table[key]
    for key, value in data.items():
        if key not in table:
            if key in explicit:
                table[key] = _item(value, inline=inline)
            continue
        old = table[key]
        if isinstance(value, dict) and isinstance(old, Table | InlineTable):
            _apply(old, value, explicit.get(key))
        elif isinstance(old, AoT) and _is_tables(value):
            _apply_tables(old, value, explicit.get(key))
        elif not _same(old, value):
            table[key] = _item(value, inline=inline or isinstance(old, InlineTable | Array))


def _apply_tables(tables: Any, items: list[dict[str, Any]], explicit: Any) -> None:
    """An array of tables made to hold `items`: entries matched by id (by position when
    they carry none) are edited in place, so the comments inside them stay with them."""
    import tomlkit

    old = list(tables)
    ids = [t.get("id") for t in old]
    by_id = all(isinstance(i, str) for i in ids) and all("id" in item for item in items)
    found = dict(zip(ids, old, strict=True)) if by_id else {}
    target = []
    explicit = explicit if isinstance(explicit, list) else []
    for position, item in enumerate(items):
        match = found.pop(item["id"], None) if by_id else None
        if not by_id and position < len(old):
            match = old[position]
        if match is None:
            match = _item(item)
            _tail(match).append((None, tomlkit.nl()))  # a blank line before what follows
        else:
            _apply(match, item, explicit[position] if position < len(explicit) else None)
        target.append(match)
    if [id(t) for t in target] == [id(t) for t in old]:
        return
    # The comment lines at the end of the last entry introduce what follows the array
    # (tomlkit keeps them with the entry above): they stay at the end, whatever the end is.
    tail = _tail(old[-1]) if old else []
    start = len(tail)
    while start and tail[start - 1][0] is None and _is_comment(tail[start - 1][1]):
        start -= 1
    trailer = tail[start:]
    del tail[start:]
    if [id(t) for t in target[: len(old)]] == [id(t) for t in old]:
        for entry in target[len(old) :]:
            tables.append(entry)
    else:  # order changed or entries removed: lay them out again
        while len(tables):
            del tables[0]
        for entry in target:
            tables.append(entry)
    if trailer and target:
        end = _tail(target[-1])
        if not (end and end[-1][0] is None and _is_blank(end[-1][1])):
            end.append((None, tomlkit.nl()))
        end.extend(trailer)


def _tail(table: Any) -> list[Any]:
    """The body that ends `table` as text: its own, or that of its last sub-table."""
    from tomlkit.items import AoT, Table

    body: list[Any] = table.value.body
    if body:
        key, last = body[-1]
        if isinstance(last, AoT) and len(last):
            return _tail(last[-1])
        if isinstance(last, Table) and key is not None:
            return _tail(last)
    return body


def _is_comment(item: Any) -> bool:
    from tomlkit.items import Comment

    return isinstance(item, Comment)


def _is_blank(item: Any) -> bool:
    from tomlkit.items import Whitespace

    return isinstance(item, Whitespace) and item.as_string().count("\n") >= 1


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _same(old: Any, value: Any) -> bool:
    """Whether the file's item already says `value` (then its spelling is kept)."""
    current = old.unwrap() if hasattr(old, "unwrap") else old  # a bool comes back bare
    if isinstance(value, str):  # a stage is a StrEnum: the same as its text
        return isinstance(current, str) and current == value
    return type(current) is type(value) and bool(current == value)


def _item(value: Any, *, inline: bool = False) -> Any:
    """A tomlkit item for a plain value: multi-line text as a multi-line string, a list of
    tables as an array of tables — or, inside an inline table or array (`inline`), as an
    array of inline tables, which is all TOML allows there."""
    import tomlkit

    if isinstance(value, str):
        text = str(value)
        return tomlkit.string(text, multiline="\n" in text and not inline)
    if isinstance(value, dict):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for key, item in value.items():
            table[key] = _item(item, inline=inline)
        return table
    if isinstance(value, list):
        if _is_tables(value) and not inline:
            tables = tomlkit.aot()
            for item in value:
                tables.append(_item(item))
            return tables
        array = tomlkit.array()
        for item in value:
            array.append(_item(item, inline=True))
        return array
    return tomlkit.item(value)
