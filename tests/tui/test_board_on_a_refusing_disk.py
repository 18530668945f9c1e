"""The board on a disk that refuses saves: a message, the typed text kept, nothing changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from helpers import loaded, opportunity_file, paste, press, wait_for
from textual.widgets import Input, Static

from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.opportunity_form import OpportunityForm
from catbird.tui.dialogs.text_dialog import TextDialog
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.widgets.long_text import LongText
from conftest import SAMPLE_DATA, fill_up

FILE = "opportunities/halyard-systems.toml"


def _toasts(app: CatbirdApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_full_disk_keeps_the_board_running_and_the_note_typed(
    small_disk: Path, tui_env: None
) -> None:
    home = small_disk / "home"
    shutil.copytree(SAMPLE_DATA, home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        filler = fill_up(small_disk)
        before = (home / FILE).read_bytes()

        await press(pilot, "L")  # Halyard Systems, lead → applied
        assert app.is_running and app.return_code is None
        assert "not saved (the disk is full)" in _toasts(app)
        assert (home / FILE).read_bytes() == before
        assert opportunity_file(home, "halyard-systems")["stage"] == "lead"

        await press(pilot, "enter", "a")
        await paste(pilot, "Asked Dana about the on-call rotation")
        await press(pilot, "ctrl+s")
        # The note is not lost: the box is still open, with the text in it.
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one(LongText).text == "Asked Dana about the on-call rotation"
        assert "what you typed is kept" in str(app.screen.query_one(".error", Static).render())
        assert (home / FILE).read_bytes() == before

        filler.unlink()  # the user makes room, and saves again
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), "the details")
        notes = opportunity_file(home, "halyard-systems")["notes"]
        assert notes[-1]["text"] == "Asked Dana about the on-call rotation"


async def test_a_read_only_disk_keeps_the_new_card_form_open_with_what_was_typed(
    tmp_path: Path, tui_env: None, read_only: Callable[[Path], None]
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        read_only(home)
        names = sorted(p.name for p in (home / "opportunities").iterdir())

        await press(pilot, "n")
        await paste(pilot, "Nimbus Labs")
        await press(pilot, "enter")
        assert isinstance(app.screen, OpportunityForm)
        assert app.screen.query_one("#company", Input).value == "Nimbus Labs"
        assert "not saved (the disk is read-only)" in _toasts(app)
        assert sorted(p.name for p in (home / "opportunities").iterdir()) == names

        await press(pilot, "escape", "L")
        assert app.is_running and "not saved" in _toasts(app)
        assert opportunity_file(home, "halyard-systems")["stage"] == "lead"
