"""The calendar in the TUI, driven from the keyboard and checked on disk: scheduling from the
board, the card's next interview, the agenda (ctrl+t from every screen) moving and calling
off an interview, and the tally started from the interview scheduled for now.

The clock is stopped at 2026-11-22 10:00 in New York (the `tui_env` fixture and TZ here).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import frozen_now, loaded, opportunity_file, paste, press, screen_text, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from catbird import ops
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.schedule_form import ScheduleForm
from catbird.tui.dialogs.start_interview import StartInterviewForm
from catbird.tui.screens.agenda import AgendaScreen
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.keys import KeysScreen, key_rows
from catbird.tui.screens.tally import TallyScreen
from catbird.tui.widgets.agenda_list import AgendaList

SIZE = (120, 40)
SLUG = "pinecrest-learning"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _fill(pilot, app: CatbirdApp, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one(f"#{field}", Input).focus()
    await press(pilot, "ctrl+u")
    await paste(pilot, text)


async def _go_to_the_interview(pilot: Pilot[None], app: CatbirdApp) -> None:
    """Down the agenda (j) to its first interview, as a user would."""
    agenda_list = app.screen.query_one(AgendaList)
    for _ in range(len(agenda_list.items)):
        selected = agenda_list.selected
        if selected is not None and selected.kind == "interview":
            return
        await press(pilot, "j")
    raise AssertionError("no interview on the agenda")


async def test_schedule_from_the_board_move_and_call_off_from_the_agenda(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    hostile_place = 'Room [bold]4[/]; "west", wing \\ 2'
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "s")  # Pinecrest Learning, interviewing
        assert isinstance(app.screen, ScheduleForm)
        await _fill(pilot, app, "when", "2026-11-24 15:00")
        await _fill(pilot, app, "zone", "Europe/Berlin")
        await wait_for(pilot, lambda: "09:00 here" in screen_text(app), "the time on my clock")
        await _fill(pilot, app, "minutes", "45m")
        await _fill(pilot, app, "people", "Bea, Nadia Quist")
        await _fill(pilot, app, "place", hostile_place)
        await press(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)

        saved = opportunity_file(sample_home, SLUG)
        [planned] = saved["scheduled"]
        assert planned["at"] == datetime(2026, 11, 24, 15, tzinfo=BERLIN)
        assert (planned["zone"], planned["minutes"], planned["place"]) == (
            "Europe/Berlin", 45, hostile_place
        )  # fmt: skip
        names = {c["id"]: c["name"] for c in saved["contacts"]}
        assert [names[p] for p in planned["people"]] == ["Bea Kowalczyk", "Nadia Quist"]
        # The card shows it on my clock.
        await wait_for(pilot, lambda: "◆Nov 24 09:00" in screen_text(app), "the card's interview")

        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, AgendaScreen)
        shown = screen_text(app)
        assert "09:00–09:45" in shown and "15:00 Europe/Berlin" in shown
        assert hostile_place in shown  # literally, never read as markup
        assert shown.index("Overdue") < shown.index("Tue 24 Nov")
        await _go_to_the_interview(pilot, app)

        await press(pilot, "r")
        assert isinstance(app.screen, ScheduleForm)
        await _fill(pilot, app, "when", "2026-11-25 16:30")
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        [moved] = opportunity_file(sample_home, SLUG)["scheduled"]
        assert moved["at"] == datetime(2026, 11, 25, 16, 30, tzinfo=BERLIN)
        assert moved["place"] == hostile_place and moved["minutes"] == 45  # untouched
        [change] = moved["changes"]
        assert change["what"] == "moved" and change["at"] == frozen_now()
        assert change["from_time"] == datetime(2026, 11, 24, 15, tzinfo=BERLIN)
        await wait_for(pilot, lambda: "10:30–11:15" in screen_text(app), "the new time")

        # The cursor stayed on the interview it moved.
        assert app.screen.query_one(AgendaList).selected.kind == "interview"
        await press(pilot, "x")
        [gone] = opportunity_file(sample_home, SLUG)["scheduled"]
        assert gone["cancelled_at"] == frozen_now()
        await wait_for(pilot, lambda: "10:30–11:15" not in screen_text(app), "it to leave")
        await press(pilot, "u")
        [back] = opportunity_file(sample_home, SLUG)["scheduled"]
        assert "cancelled_at" not in back
        await wait_for(pilot, lambda: "10:30–11:15" in screen_text(app), "it to come back")


async def test_ctrl_t_opens_the_agenda_from_every_screen(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for keys in (
            [],
            ["l", "l", "l", "enter"],
            ["o"],
            ["p"],
            ["D"],
            ["i"],
            ["l", "l", "l", "P"],
        ):
            await press(pilot, *keys)
            before = app.screen
            await press(pilot, "ctrl+t")
            assert isinstance(app.screen, AgendaScreen), keys
            await press(pilot, "ctrl+t")  # not a second one on top
            await press(pilot, "escape")
            assert app.screen is before, keys
            # `?` lists it on every screen.
            rows = dict((what, key) for key, what in key_rows(before))
            assert any("agenda" in what.lower() for what in rows), keys
            await press(pilot, "question_mark")
            assert isinstance(app.screen, KeysScreen)
            await press(pilot, "escape")
            while not isinstance(app.screen, BoardScreen):
                await press(pilot, "escape")
                await pilot.pause()
        # From a live tally too (on Pinecrest Learning, interviewing).
        await press(pilot, *["h"] * 6, "l", "l", "l", "t")
        await press(pilot, "enter")
        assert isinstance(app.screen, TallyScreen)
        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, AgendaScreen)


async def test_the_tally_starts_from_the_interview_scheduled_for_now(sample_home: Path) -> None:
    ws = Workspace(sample_home)
    soon = frozen_now() + timedelta(minutes=30)
    ops.schedule(ws, SLUG, soon, kind="onsite", round=5, people=["Bea", "Nadia Quist"])
    planned = ws.read(SLUG).scheduled[-1]
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "t")
        assert isinstance(app.screen, StartInterviewForm)
        shown = screen_text(app)
        assert "Scheduled for Sun 22 Nov 2026 10:30" in shown
        assert "Bea Kowalczyk, Nadia Quist" in shown
        await press(pilot, "enter")
        assert isinstance(app.screen, TallyScreen)
        saved = opportunity_file(sample_home, SLUG)
        held = saved["interviews"][-1]
        assert (held["round"], held["kind"], held["people"]) == (5, "onsite", planned.people)
        assert saved["scheduled"][-1]["held"] == held["id"]


async def test_the_agenda_follows_an_interview_scheduled_from_the_shell(
    sample_home: Path,
) -> None:
    import os
    import subprocess
    import sys

    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, AgendaScreen)
        await wait_for(pilot, lambda: "to do" in screen_text(app), "the agenda worked out")
        assert "Room 7 [north]" not in screen_text(app)
        env = {**os.environ, "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(sample_home), "schedule", SLUG,
             "2026-11-23 11:00", "--for", "30m", "--place", "Room 7 [north]"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        await wait_for(
            pilot,
            lambda: "11:00–11:30" in screen_text(app) and "Room 7 [north]" in screen_text(app),
            "the new interview on the agenda",
            timeout=10,
        )
        assert isinstance(app.screen, AgendaScreen)
    [planned] = opportunity_file(sample_home, SLUG)["scheduled"]
    assert planned["place"] == "Room 7 [north]"
