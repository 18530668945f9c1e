"""Interviewing the company on screen: the suggested homework, recording a finding from the
details (`r`), the fit and the unknowns on the card, and the prep sheet (`P`).

Each test runs the real app on its own workspace and checks the screen and the files."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from helpers import loaded, opportunity_file, paste, press, region_text, screen_text, wait_for
from textual.widgets import Input, Select, TextArea

from catbird import ops
from catbird.model import Criterion, Profile
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.criterion_form import CriterionForm
from catbird.tui.dialogs.finding_form import FindingForm
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.keys import KeysScreen
from catbird.tui.screens.prep import PrepScreen
from catbird.tui.screens.profile import ProfileScreen
from catbird.tui.screens.welcome import WelcomeScreen

HOSTILE = "[bold]Boss[/] [@click=app.quit]x[/] $accent \x1b[2J"
HOSTILE_SHOWN = "[bold]Boss[/] [@click=app.quit]x[/] $accent"


def profile_on_disk(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "profile.toml").read_text("utf-8"))


def small_search(home: Path) -> Workspace:
    """A profile with two must-haves and a dealbreaker, and one opportunity with a contact."""
    ws = Workspace(home)
    ws.save_profile(
        Profile(
            must_haves=[
                Criterion(
                    id="remote",
                    text="Mostly remote",
                    weight=5,
                    questions=["How many office days a week?"],
                    signals=["Office photos everywhere"],
                ),
                Criterion(id="mentor", text="A manager who mentors", weight=3),
            ],
            dealbreakers=[
                Criterion(id="rudeboss", text=HOSTILE, weight=5, questions=[HOSTILE]),
            ],
        )
    )
    ops.add(ws, "Acme", role="Staff Engineer")
    ops.add_contact(ws, "acme", "Dana Reyes", role="CTO")
    return ws


async def test_a_new_user_starts_from_the_suggested_homework(tmp_path: Path, tui_env: None) -> None:
    home = tmp_path / "new"
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "start from our suggested homework and questions" in screen_text(app)
        await press(pilot, "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen), "the homework")
        assert "A manager who trusts me with real decisions" in screen_text(app)
        assert "2 questions" in screen_text(app)
        data = profile_on_disk(home)
        boss = next(d for d in data["dealbreakers"] if "belittles" in d["text"])
        assert boss["questions"]
        flag = next(f for f in data["flags"] if f["label"] == "Future boss talks down to people")
        assert flag["dealbreaker"] == boss["id"] and flag["severity"] == 3
        assert not app.screen.check_action("suggest", ())  # nothing left empty


async def test_S_fills_the_lists_still_empty_and_keeps_the_users_own(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    Workspace(home).save_profile(Profile(must_haves=[Criterion(id="mine1", text="My own")]))
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        if isinstance(app.screen, WelcomeScreen):
            await press(pilot, "escape")
        await press(pilot, "p")
        assert isinstance(app.screen, ProfileScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        assert "Fill the empty lists with our suggested homework" in screen_text(app)
        await press(pilot, "escape", "S")
        data = profile_on_disk(home)
        assert [m["text"] for m in data["must_haves"]] == ["My own"]
        assert len(data["dealbreakers"]) == 5 and len(data["flags"]) == 11
        assert "Suggested homework added" in screen_text(app)


async def test_a_criterion_takes_questions_and_signals_one_a_line(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    small_search(home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "p", "enter")  # into the must-haves
        await press(pilot, "j", "e")  # edit "A manager who mentors"
        form = app.screen
        assert isinstance(form, CriterionForm)
        await press(pilot, "tab", "tab", "tab")  # past the text, the weight and the note
        assert app.focused is form.query_one("#questions", TextArea)
        # (Typed: a pasted text reaches a TextArea twice under Pilot's posted Paste event.)
        await press(pilot, *"Who?", "enter", "enter", *"How?")
        await press(pilot, "tab")
        assert app.focused is form.query_one("#signals", TextArea)
        await press(pilot, *"[b]$x[/]")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        mentor = profile_on_disk(home)["must_haves"][1]
        assert mentor["questions"] == ["Who?", "How?"]
        assert mentor["signals"] == ["[b]$x[/]"]
        assert "2 questions · 1 signal" in screen_text(app)


async def test_r_in_the_details_records_a_finding_and_the_card_shows_fit_and_unknowns(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    small_search(home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert "?3" in screen_text(app)  # two must-haves and the dealbreaker unknown
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        assert "still unknown 3" in screen_text(app)

        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, FindingForm)
        # The heaviest unknown is offered first: the dealbreaker (weight 5, as heavy as the
        # must-have "Mostly remote", and a dealbreaker comes first).
        criterion = form.query_one("#criterion", Select)
        assert criterion.value == "rudeboss"
        await press(pilot, "shift+tab", "enter", "up", "up", "enter")
        assert criterion.value == "remote"
        await press(pilot, "tab", "n")  # the answer: no; the quote box is next
        assert isinstance(app.focused, Input) and app.focused.id == "quote"
        await press(pilot, "y")  # in the quote box, y is a letter
        await paste(pilot, "es, four [b]office[/b] days")
        await press(pilot, "tab", "enter", "down", "enter")  # by: Dana Reyes
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DetailScreen)

        [finding] = opportunity_file(home, "acme")["findings"]
        dana = opportunity_file(home, "acme")["contacts"][0]
        assert (finding["criterion"], finding["answer"], finding["by"]) == (
            "remote",
            "no",
            dana["id"],
        )
        assert finding["quote"] == "yes, four [b]office[/b] days"
        text = screen_text(app)
        assert "Findings" in text and "must-have: Mostly remote  missing" in text
        assert "“yes, four [b]office[/b] days” — Dana Reyes" in text
        assert "fit 0/100" in text and "still unknown 2" in text

        # u on the board takes it back, from the file too.
        await press(pilot, "escape")
        lead = board.query_one("#column-lead")
        assert "Acme      0%" in region_text(app, lead) and "?2" in region_text(app, lead)
        await press(pilot, "u")
        assert "findings" not in opportunity_file(home, "acme")
        assert "0%" not in region_text(app, lead) and "?3" in region_text(app, lead)


async def test_a_dealbreaker_found_present_makes_the_card_a_definite_no(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    small_search(home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "enter", "r")
        form = app.screen
        assert isinstance(form, FindingForm)
        form.query_one("#criterion", Select).value = "rudeboss"
        await press(pilot, "y", *"Rude", "enter")
        assert opportunity_file(home, "acme")["findings"][0]["answer"] == "yes"
        text = screen_text(app)
        assert f"✗ dealbreaker: {HOSTILE_SHOWN}  present" in text
        assert "fit 0/100" in text


async def test_P_opens_the_prep_sheet_from_the_board_and_the_details(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    ws = small_search(home)
    ops.answer(ws, "acme", "mentor", "mixed", quote=HOSTILE, by="Dana")
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "P")
        assert isinstance(app.screen, PrepScreen)
        text = screen_text(app)
        assert "Acme — Staff Engineer" in text and "Round 1" in text
        assert "Still to find out" in text
        assert text.index(HOSTILE_SHOWN) < text.index("Mostly remote")  # heaviest first
        assert "ask How many office days a week?" in text
        assert "watch Office photos everywhere" in text
        await press(pilot, "end")
        for _ in range(6):
            await press(pilot, "j")
        text = screen_text(app)
        assert "Mixed so far: ask again" in text
        assert f"“{HOSTILE_SHOWN}”" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "enter", "P")
        assert isinstance(app.screen, PrepScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, DetailScreen)


async def test_the_board_keys_and_palette_offer_the_prep_sheet(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "ws"
    small_search(home)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        await press(pilot, "end")
        assert "The prep sheet for the next conversation" in screen_text(app)
        await press(pilot, "escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Prep" in commands
