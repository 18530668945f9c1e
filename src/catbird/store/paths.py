"""Where the workspace lives. Paths are computed on demand; nothing touches the disk on import."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "CATBIRD_HOME"


def default_home() -> Path:
    """$CATBIRD_HOME, else the platform's user data folder for catbird."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return platform_home()


def platform_home() -> Path:
    """The workspace when $CATBIRD_HOME does not say: the platform's user data folder."""
    from platformdirs import user_data_path  # deferred: only needed without $CATBIRD_HOME

    return user_data_path("catbird", appauthor=False)


def config_path() -> Path:
    """The user's settings (theme, key remapping): kept apart from the workspace data."""
    env = os.environ.get("CATBIRD_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("catbird", appauthor=False) / "config.toml"


def user_themes_dir() -> Path:
    return config_path().parent / "themes"


def shipped(name: str) -> Path:
    """A folder that ships inside the package (`themes`, `sample_data`), found the way an
    installed wheel has it: through `importlib.resources`, never beside the source tree."""
    from importlib.resources import files

    return Path(str(files("catbird.data").joinpath(name)))


def shipped_themes_dir() -> Path:
    return shipped("themes")


def sample_data_dir() -> Path:
    """The demo workspace `catbird demo` copies."""
    return shipped("sample_data")
