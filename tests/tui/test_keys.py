"""`?` and the command palette: every key of a screen can be read at 80×24, and the palette
reaches every action, the stage changes included."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import loaded, opportunity_file, press, region_text, screen_text, wait_for
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll

from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.keys import KeysScreen, key_rows
from catbird.tui.screens.offer import OfferScreen


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("size", [(80, 24), (80, 30), (120, 40)])
@pytest.mark.parametrize("where", ["board", "worksheet"])
async def test_every_key_can_be_read_from_the_keyboard(
    sample_home: Path, size: tuple[int, int], where: str
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        if where == "worksheet":
            app.push_screen(OfferScreen("fernhollow-software"))
            await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen), "the worksheet")
        screen = app.screen
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        wanted = [what for _, what in key_rows(screen)]
        frames: list[str] = []
        for _ in range(len(wanted) + 5):  # j scrolls a row at a time; more than enough
            text = screen_text(app)
            lines = text.split("\n")
            # The box fits the terminal: both its borders and the palette line are drawn.
            assert "▀▀▀" in lines[0] or any("▀▀▀" in line for line in lines[:3]), text
            assert any("▄▄▄" in line for line in lines[-3:]), text
            assert "ctrl+p opens the" in text, text
            frames.append(flat(region_text(app, app.screen.query_one(VerticalScroll))))
            await press(pilot, "j")
        for what in wanted:  # each one whole on screen at some point
            assert any(flat(what) in frame for frame in frames), what
        await press(pilot, "escape")
        assert app.screen is screen


async def test_the_palette_has_one_keys_and_every_stage_for_the_card(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.follow("pinecrest-learning")
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 20, "the palette to list commands")
        titles = [
            str(commands.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(commands.option_count)
        ]
        assert titles.count("Keys") == 1
        for title in ("Move to lead", "Move to offer", "Close as rejected", "Close as ghosted"):
            assert title in titles, title
        assert "Move to interviewing" not in titles  # where it is already

        await press(pilot, *"close as rej")
        await wait_for(pilot, lambda: commands.option_count == 1, "one command to match")
        assert "Pinecrest Learning: interviewing → rejected" in screen_text(app)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), "the palette to close")
        await wait_for(
            pilot,
            lambda: opportunity_file(sample_home, "pinecrest-learning")["stage"] == "rejected",
            "the card to close",
        )
        assert opportunity_file(sample_home, "pinecrest-learning")["closing"]["stage"] == "rejected"
