"""Jump anywhere (the command palette finds opportunities) and the search screen, driven with
Pilot on the demo search and on a workspace full of hostile text."""

from __future__ import annotations

from pathlib import Path

from helpers import loaded, paste, press, screen_text, wait_for
from test_hostile import BOLD, CLICK, OSC52, VARIABLE, assert_literal, hostile_workspace
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from catbird import ops
from catbird.store import Workspace
from catbird.tui import messages
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.prompt import PromptDialog
from catbird.tui.dialogs.text_dialog import TextDialog
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.offer import OfferScreen
from catbird.tui.screens.search import SearchScreen
from catbird.tui.screens.tally import TallyScreen
from catbird.tui.widgets.long_text import LongText

SIZE = (100, 30)


async def _palette(app: CatbirdApp, pilot: Pilot[None], query: str) -> CommandList:
    await press(pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await paste(pilot, query)
    commands = app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: commands.option_count > 0, f"the palette to find {query!r}")
    return commands


def _prompts(commands: CommandList) -> list[str]:
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_the_palette_finds_a_company_by_its_letters_and_opens_it(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        commands = await _palette(app, pilot, "coppr")  # a letter left out: still found
        first = _prompts(commands)[0]
        assert first.startswith("Open Copperline Payments")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), "the details")
        assert app.screen.slug == "copperline-payments"
        await wait_for(pilot, lambda: "Farid Osei" in screen_text(app), "the details drawn")


async def test_the_palette_finds_an_opportunity_by_a_person_met_there(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        commands = await _palette(app, pilot, "hallie")
        first = _prompts(commands)[0]
        assert first.startswith("Open Copperline Payments") and "with Hallie Brandt" in first


async def test_the_palette_opens_the_tally_or_the_worksheet_when_asked(
    sample_home: Path,
) -> None:
    ws = Workspace(sample_home)
    interview = ops.start_interview(ws, "copperline-payments").after
    assert interview is not None and interview.open_interview is not None
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        commands = await _palette(app, pilot, "tally copper")
        assert _prompts(commands)[0].startswith("Live tally: Copperline Payments")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TallyScreen), "the tally")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TallyScreen), "the tally closed")
        while not isinstance(app.screen, CommandPalette) and len(app.screen_stack) > 1:
            app.pop_screen()
            await pilot.pause()
        commands = await _palette(app, pilot, "copper offer")
        assert _prompts(commands)[0].startswith("Offer worksheet: Copperline Payments")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen), "the worksheet")


async def test_the_palette_shows_hostile_names_literally(tmp_path: Path, tui_env: None) -> None:
    app = CatbirdApp(hostile_workspace(tmp_path / "home"))
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(app, pilot)
        commands = await _palette(app, pilot, "co")
        await pilot.pause()
        prompts = "\n".join(_prompts(commands))
        assert BOLD in prompts
        assert_literal(screen_text(app), f"{BOLD} Co")


async def test_search_finds_a_word_in_notes_flags_and_contacts_and_opens_the_card(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        screen = app.screen
        await paste(pilot, "on-call")
        await wait_for(pilot, lambda: screen.hits, "the hits")
        text = screen_text(app)
        assert "hits" in text and "Copperline Payments" in text
        assert {hit.kind for hit in screen.hits} >= {"note", "answer"}
        assert all("on-call" in (hit.where + hit.text).lower() for hit in screen.hits)
        # Newest first, each with its date.
        days = [hit.day for hit in screen.hits if hit.day]
        assert days == sorted(days, reverse=True)
        assert days[0].isoformat() in text
        await press(pilot, "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), "the details")
        assert app.screen.slug == screen.hits[0].slug
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to the search")
        await press(pilot, "escape")
        assert not isinstance(app.screen, SearchScreen)


async def test_search_shows_hostile_text_literally(tmp_path: Path, tui_env: None) -> None:
    app = CatbirdApp(hostile_workspace(tmp_path / "home"))
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+f")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await paste(pilot, "note")
        await wait_for(pilot, lambda: screen.hits, "the hits")
        assert_literal(screen_text(app), f"{VARIABLE} note", BOLD)
        # Markup typed as the query is text to find, not markup either.
        screen.query_one("#search-input", Input).value = ""
        await pilot.pause()
        await paste(pilot, CLICK)
        await wait_for(pilot, lambda: screen.hits, "the hits for the markup")
        assert any(hit.kind == "contact" for hit in screen.hits)
        assert_literal(screen_text(app), CLICK)
        assert OSC52 not in screen_text(app)


async def test_search_follows_a_note_added_from_the_shell(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+f")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await paste(pilot, "pangolin")
        await wait_for(pilot, lambda: "Nothing holds" in screen_text(app), "no hit yet")
        ops.note(Workspace(sample_home), "halyard-systems", "They keep a pangolin in the office")
        await wait_for(pilot, lambda: screen.hits, "the new note found", timeout=5)
        assert screen.hits[0].slug == "halyard-systems"


async def test_the_tally_note_grows_into_a_longer_text_with_ctrl_o(sample_home: Path) -> None:
    ws = Workspace(sample_home)
    started = ops.start_interview(ws, "copperline-payments").after
    assert started is not None and started.open_interview is not None
    interview_id = started.open_interview.id
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        app.post_message(messages.OpenTally("copperline-payments", interview_id))
        await wait_for(pilot, lambda: isinstance(app.screen, TallyScreen), "the tally")
        await press(pilot, "n")
        assert isinstance(app.screen, PromptDialog)
        await paste(pilot, "First line")
        await press(pilot, "ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog), "the longer box")
        assert app.screen.query_one(LongText).text == "First line"
        await press(pilot, "enter")
        await paste(pilot, "and a second one")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TallyScreen), "back to the tally")
    notes = ws.read("copperline-payments").open_interview.notes  # type: ignore[union-attr]
    assert [n.text for n in notes][-1] == "First line\nand a second one"
