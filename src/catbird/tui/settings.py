"""The user's settings (config.toml): the theme and remapped keys. Not workspace data.

theme = "catbird-light"
[keys]
"board.next-stage" = "L,shift+right"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w
from textual.binding import Binding

from catbird.store.atomic import atomic_write, ensure_dir
from catbird.store.paths import config_path

DEFAULT_THEME = "catbird-dark"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    keys: dict[str, str] = field(default_factory=dict)
    problem: str = ""
    """Why the file could not be read, if it could not (the defaults are used then)."""


def load(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(problem=f"{path}: {exc}")
    theme = data.get("theme", DEFAULT_THEME)
    keys = data.get("keys", {})
    if not isinstance(theme, str) or not isinstance(keys, dict):
        return Settings(problem=f"{path}: `theme` must be text and [keys] a table")
    return Settings(theme=theme, keys={str(k): str(v) for k, v in keys.items()})


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the theme, keeping everything else in the file as it is."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # never overwrite a settings file we could not read
    if data.get("theme") == theme:
        return
    data["theme"] = theme
    ensure_dir(path.parent)
    atomic_write(path, tomli_w.dumps(data).encode())


def keymap_problems(keys: dict[str, str], scopes: dict[str, list[Binding]]) -> list[str]:
    """What is wrong with the [keys] remapping, in words: ids that name no binding, and keys
    remapped onto a key another binding of the same screen has (one of the two would then
    silently stop working). `scopes` holds, per screen or dialog, every binding that applies
    there. Keys shared on purpose by the defaults (a dialog's Esc over the app's) are not
    reported: only what the remap makes new."""
    known = {b.id for bindings in scopes.values() for b in bindings if b.id}
    problems = [
        f"[keys] {name!r} is not the id of any of Catbird's keys; ignored"
        for name in keys
        if name not in known
    ]
    reported: set[tuple[str, str, str]] = set()
    for scope, bindings in scopes.items():
        before = _clashes(bindings, {})
        for key, thief, robbed in _clashes(bindings, keys) - before:
            if thief not in keys:
                thief, robbed = robbed, thief
            if (key, thief, robbed) in reported:
                continue
            reported.add((key, thief, robbed))
            what = next(b.description or b.action for b in bindings if b.id == robbed)
            problems.append(
                f"[keys] {thief!r} = {key!r} takes the key of {robbed!r} ({what}) on the "
                f"{scope}: one of them will not work; pick another key"
            )
    return problems


def _clashes(bindings: list[Binding], keys: dict[str, str]) -> set[tuple[str, str, str]]:
    """(key, id, other id) for each key two bindings have, with `keys` remapping them."""
    owners: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.id is None:
            continue
        spelt = keys.get(binding.id, binding.key)
        for key in (k.strip() for k in spelt.split(",") if k.strip()):
            ids = owners.setdefault(key, [])
            if binding.id not in ids:
                ids.append(binding.id)
    return {
        (key, ids[i], ids[j])
        for key, ids in owners.items()
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    }
