"""Small helpers for the Pilot tests: what the user sees, and waiting for it without sleeping."""

from __future__ import annotations

import os
import subprocess
import time
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from catbird.tui.app import CatbirdApp

RunCli = Callable[..., subprocess.CompletedProcess[str]]
"""The `run_cli` fixture of conftest.py: the real CLI in a subprocess."""

DEADLINE = 3.0
"""Seconds a test waits for something that should take well under one (live reload: ~0.5)."""


def screen_text(app: CatbirdApp) -> str:
    """Every line the terminal would show for the current screen, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


def region_text(app: CatbirdApp, widget: Widget) -> str:
    """The text drawn inside `widget`'s region of the screen (a board column, say)."""
    region = widget.region
    lines = screen_text(app).split("\n")
    inside = lines[region.y : region.bottom]
    return "\n".join(line[region.x : region.right].rstrip() for line in inside)


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], Any], what: str, timeout: float = DEADLINE
) -> None:
    """Let the app run until `condition()` is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout}s waiting for {what}")
        await pilot.pause(0.05)


async def loaded(app: CatbirdApp, pilot: Pilot[None]) -> None:
    """Wait for the workspace to be read and the board drawn."""
    await wait_for(pilot, lambda: app.view.loaded, "the workspace to load")
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, each handled before the next (Pilot waits for the app to idle)."""
    await pilot.press(*keys)


def read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def opportunity_file(home: Path, slug: str) -> dict[str, Any]:
    """An opportunity as it is on disk now."""
    return read_toml(home / "opportunities" / f"{slug}.toml")


def frozen_now() -> datetime:
    """The time the app reads while the clock is stopped (the `tui_env` fixture stops it)."""
    return datetime.fromisoformat(os.environ["CATBIRD_NOW"])


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste `text` into the focused widget, as a terminal does with bracketed paste.

    Typing it key by key would cost ~0.1 s a character under Pilot; short words are still
    typed with `press` where the keys themselves are what is tested.
    """
    assert pilot.app.focused is not None, "nothing has the focus to paste into"
    # To the app, as the terminal's paste arrives: it hands it to the focused widget. (Posted
    # to that widget instead, a paste a widget does not stop bubbles up to the app, which
    # would hand it over a second time.)
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
