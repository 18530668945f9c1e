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
