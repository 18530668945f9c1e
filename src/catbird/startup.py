"""What Catbird's entry points do first, before any validator is built: `catbird`
(`__main__.py`) and the merge driver git starts (`sync/driver.py`). Nothing here imports
more than the standard library's `os`, `sys` and `types`."""

from __future__ import annotations

import os
import sys
import types

PLUGINS_SETTING = "PYDANTIC_DISABLE_PLUGINS"
"""pydantic's documented switch for its plugins; these values of it mean "none at all"."""
ALL_OFF = ("__all__", "1", "true")
LOADER = "pydantic.plugin._loader"


def without_pydantic_plugins() -> None:
    """Catbird uses no pydantic plugin: answer pydantic's plugin lookup with "none" at once.

    The first validator pydantic builds asks `pydantic.plugin._loader.get_plugins()`, and
    merely importing that module imports `importlib.metadata` (and with it email, zipfile,
    csv, tempfile, socket…): ~20 ms of CPU, a tenth of a capture, even when
    PYDANTIC_DISABLE_PLUGINS says no plugins. So in its place goes a module whose
    `get_plugins` says none, as pydantic's own does when that setting is "__all__", without
    setting anything in the environment: the $EDITOR, git and the merge driver we start see
    the environment the user gave us. A user who named the plugins to leave out (a list of
    names) gets pydantic's own lookup.
    """
    setting = os.environ.get(PLUGINS_SETTING)
    if (setting is not None and setting not in ALL_OFF) or LOADER in sys.modules:
        return
    loader = types.ModuleType(LOADER, "Catbird's stand-in: no pydantic plugins.")
    # The names pydantic's module has (tests/core/test_capture_start.py compares them).
    vars(loader).update(
        PYDANTIC_ENTRY_POINT_GROUP="pydantic",
        _plugins={},
        _loading_plugins=False,
        get_plugins=_no_plugins,
    )
    sys.modules[LOADER] = loader


def _no_plugins(*args: object, **kwargs: object) -> tuple[()]:
    # Whatever a later pydantic may ask of its loader, the answer is the same: none.
    return ()
