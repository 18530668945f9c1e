"""The agenda's list, driven as a user would: the cursor stays on its item when rows above it
go, a long task wraps and the rows below it stay reachable, a click selects, and ticking a
follow-up off far down a long agenda updates the screen and the file.

The clock is stopped at 2026-11-22 10:00 (the `tui_env` fixture); the zone is New York's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import frozen_now, loaded, opportunity_file, press, screen_text, wait_for
from textual.pilot import Pilot

from catbird import ops
from catbird.model import Opportunity, Stage
from catbird.model.opportunity import FollowUp
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.screens.agenda import AgendaScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.widgets.agenda_list import AgendaList

LONG = (
    "Write to the hiring manager about the take-home: what it should show, how long it "
    "may take, and whether the pairing session replaces it"
)


@pytest.fixture(autouse=True)
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def long_agenda(home: Path, count: int) -> Workspace:
    """`count` applications, each with one overdue follow-up (the 6th one's text long)."""
    ws = Workspace(home)
    ws.ensure()
    ws.save_profile(ws.read_profile())
    first = date(2026, 9, 1)
    for number in range(count):
        slug = ops.add(ws, f"Company {number:03}", stage=Stage.APPLIED).slug
        title = LONG if number == 5 else f"Check in with Company {number:03}"
        task = FollowUp(title=title, due=first + timedelta(days=number % 70))

        def change(o: Opportunity, task: FollowUp = task) -> Opportunity:
            return o.model_copy(update={"follow_ups": [*o.follow_ups, task]})

        ops.apply(ws, slug, change, f"follow-up on {slug}")
    return ws


async def open_agenda(app: CatbirdApp, pilot: Pilot[None]) -> AgendaList:
    await loaded(app, pilot)
    await press(pilot, "ctrl+t")
    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    await wait_for(pilot, lambda: screen.shown, "the agenda worked out")
    await pilot.pause()
    return screen.query_one(AgendaList)


def lines_of(app: CatbirdApp) -> list[str]:
    return screen_text(app).split("\n")


def cursor_line(app: CatbirdApp, agenda: AgendaList) -> str:
    """The screen line the cursor's row starts on (found by its background, as seen)."""
    cursor = agenda.get_component_rich_style("agenda-list--cursor").bgcolor
    for strip in app.screen._compositor.render_strips():
        if any(seg.style is not None and seg.style.bgcolor == cursor for seg in strip):
            return "".join(seg.text for seg in strip)
    raise AssertionError("no cursor on screen")


async def test_the_cursor_stays_on_its_item_when_a_row_above_goes(
    tmp_path: Path, tui_env: None
) -> None:
    ws = long_agenda(tmp_path / "home", 12)
    app = CatbirdApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        agenda = await open_agenda(app, pilot)
        await press(pilot, "j", "j", "j", "j")
        chosen = agenda.selected
        assert chosen is not None
        assert chosen.company in cursor_line(app, agenda)
        # The first row goes (ticked off elsewhere: the shell, another window).
        first = agenda.items[0]
        assert first.item_id is not None
        ops.complete_follow_up(ws, first.slug, first.item_id)
        await wait_for(pilot, lambda: first.text not in screen_text(app), "the row to go")
        assert agenda.selected is not None and agenda.selected.item_id == chosen.item_id
        assert chosen.company in cursor_line(app, agenda)
        # And Enter opens that one.
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.slug == chosen.slug


async def test_a_long_task_wraps_and_the_row_below_is_reachable(
    tmp_path: Path, tui_env: None
) -> None:
    long_agenda(tmp_path / "home", 12)
    app = CatbirdApp(Workspace(tmp_path / "home"))
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = await open_agenda(app, pilot)
        lines = lines_of(app)
        start = next(i for i, line in enumerate(lines) if "Write to the hiring" in line)
        # The whole text is on screen, over the lines below its own, under the What column.
        column = lines[start].index("↻ Write")
        wrapped = " ".join(line[column:].strip() for line in lines[start : start + 4])
        assert LONG in wrapped
        assert lines[start + 1][:column].strip() == ""
        # Down to it and one row past it: the next company, whose row follows the wrap.
        while agenda.selected is None or agenda.selected.text != LONG:
            await press(pilot, "j")
        await press(pilot, "j")
        below = agenda.selected
        assert below is not None and below.text != LONG
        assert below.company in cursor_line(app, agenda)
        await press(pilot, "k")
        assert "Company 005" in cursor_line(app, agenda)


async def test_a_click_selects_a_row_and_a_second_opens_it(tmp_path: Path, tui_env: None) -> None:
    long_agenda(tmp_path / "home", 6)
    app = CatbirdApp(Workspace(tmp_path / "home"))
    async with app.run_test(size=(100, 30)) as pilot:
        agenda = await open_agenda(app, pilot)
        lines = lines_of(app)
        row = next(i for i, line in enumerate(lines) if "Company 003" in line)
        y = row - agenda.region.y
        await pilot.click(AgendaList, offset=(30, y))
        await pilot.pause()
        assert agenda.selected is not None and agenda.selected.company == "Company 003"
        assert "Company 003" in cursor_line(app, agenda)
        await pilot.click(AgendaList, offset=(30, y))
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.slug == agenda.items[3].slug


async def test_ticking_off_far_down_a_long_agenda(tmp_path: Path, tui_env: None) -> None:
    ws = long_agenda(tmp_path / "home", 150)
    app = CatbirdApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        agenda = await open_agenda(app, pilot)
        assert "150 to do · 150 overdue" in screen_text(app)
        await press(pilot, "pagedown", "pagedown", "pagedown", "pagedown", "j")
        chosen = agenda.selected
        assert chosen is not None and chosen.item_id is not None
        assert agenda.cursor > 60  # far below the first screen
        assert chosen.company in cursor_line(app, agenda)
        after = agenda.items[agenda.cursor + 1]
        await press(pilot, "space")
        [task] = opportunity_file(tmp_path / "home", chosen.slug)["follow_ups"]
        assert task["done_at"] == frozen_now()
        await wait_for(
            pilot, lambda: "149 to do · 149 overdue" in screen_text(app), "the count to follow"
        )
        assert chosen.company not in screen_text(app)
        # The cursor is where the row was: on the one after it, still on screen.
        assert agenda.selected == after
        assert after.company in cursor_line(app, agenda)
        # u brings it back, under the cursor's row again.
        await press(pilot, "u")
        await wait_for(pilot, lambda: "150 to do" in screen_text(app), "the undo")
        assert "done_at" not in opportunity_file(tmp_path / "home", chosen.slug)["follow_ups"][0]
        assert chosen.company in screen_text(app)


async def test_after_a_resize_the_agenda_is_drawn_as_if_opened_at_that_size(
    tmp_path: Path, tui_env: None
) -> None:
    long_agenda(tmp_path / "home", 12)
    fresh = CatbirdApp(Workspace(tmp_path / "home"))
    async with fresh.run_test(size=(80, 24)) as pilot:
        await open_agenda(fresh, pilot)
        await press(pilot, "j", "j")
        at_80 = screen_text(fresh)
    app = CatbirdApp(Workspace(tmp_path / "home"))
    async with app.run_test(size=(200, 50)) as pilot:
        await open_agenda(app, pilot)
        await press(pilot, "j", "j")
        assert LONG in screen_text(app)  # on one line, at this width
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: screen_text(app) == at_80, "the agenda drawn at 80×24")
        assert LONG not in screen_text(app)  # wrapped now
