"""How the screens look: one snapshot per screen and modal, at 80×24 and 120×40, dark and light.

Each runs on its own copy of `sample_data/`, with the clock stopped (CATBIRD_NOW) and the
time zone fixed to UTC, so the pictures are the same on any machine and any day. Review
every changed SVG as you would a diff; regenerate with `pytest tests/test_snapshots.py
--snapshot-update` only for a change you meant.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from helpers import paste, wait_for
from textual.pilot import Pilot

from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.finding_form import FindingForm
from catbird.tui.dialogs.start_interview import StartInterviewForm
from catbird.tui.screens.agenda import AgendaScreen
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.insights import InsightsScreen
from catbird.tui.screens.keys import KeysScreen
from catbird.tui.screens.prep import PrepScreen
from catbird.tui.screens.profile import ProfileScreen
from catbird.tui.screens.search import SearchScreen
from catbird.tui.screens.tally import TallyScreen
from catbird.tui.settings import Settings

SnapCompare = Callable[..., bool]

LOOKS = pytest.mark.parametrize(
    ("size", "theme"),
    [
        pytest.param((80, 24), "catbird-dark", id="80x24-dark"),
        pytest.param((80, 24), "catbird-light", id="80x24-light"),
        pytest.param((120, 40), "catbird-dark", id="120x40-dark"),
        pytest.param((120, 40), "catbird-light", id="120x40-light"),
    ],
)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times the app writes (a flag's 15:00:00) are shown in local time: make it UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def app_for(home: Path, theme: str) -> CatbirdApp:
    return CatbirdApp(Workspace(home), settings=Settings(theme=theme))


async def on_the_board(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, CatbirdApp)
    await wait_for(pilot, lambda: app.view.loaded, "the workspace to load")
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)


def then(*keys: str, screen: type) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A `run_before`: wait for the board, press `keys` and check where they led."""

    async def run_before(pilot: Pilot[None]) -> None:
        await on_the_board(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(pilot.app.screen, screen), pilot.app.screen

    return run_before


@LOOKS
def test_board(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=on_the_board)


@LOOKS
def test_detail(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """Pinecrest Learning: people, one interview with its flags and debrief, the history."""
    app = app_for(sample_home, theme)
    run_before = then("l", "l", "l", "enter", screen=DetailScreen)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_profile(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=then("p", screen=ProfileScreen))


@LOOKS
def test_keys_help(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    app = app_for(sample_home, theme)
    run_before = then("question_mark", screen=KeysScreen)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_tally_with_the_definite_no_panel(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """An interview at Pinecrest: kept waiting (1), then the future boss is rude (3), a
    dealbreaker, so the panel offers the exit script."""

    async def run_before(pilot: Pilot[None]) -> None:
        await then("l", "l", "l", "t", screen=StartInterviewForm)(pilot)
        await paste(pilot, "Gideon Mbatha")
        await pilot.press("enter", "1", "3")
        await pilot.pause()
        tally = pilot.app.screen
        assert isinstance(tally, TallyScreen)
        assert tally.query_one("#definite-no").display

    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_prep_sheet(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """Saltmarsh Robotics before round 4: the dealbreakers still unknown, with their questions."""
    app = app_for(sample_home, theme)
    run_before = then("l", "l", "l", "j", "P", screen=PrepScreen)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_finding_form(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """Recording what was found out at Pinecrest, from its details (`r`)."""
    app = app_for(sample_home, theme)
    run_before = then("l", "l", "l", "enter", "r", screen=FindingForm)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_search(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """Every text that mentions on-call, newest first (ctrl+f, from the board)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await then("ctrl+f", screen=SearchScreen)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(
            pilot,
            lambda: "Type words" in str(screen.query_one("#search-count").render()),
            "the corpus",
        )
        await paste(pilot, "on-call")
        await wait_for(pilot, lambda: bool(screen.hits), "the hits")
        await pilot.pause()

    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_agenda(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """The coming week (ctrl+t, from the board): overdue first, then each day's interviews
    and follow-ups, a long task wrapped."""

    async def run_before(pilot: Pilot[None]) -> None:
        await then("ctrl+t", screen=AgendaScreen)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgendaScreen)
        await wait_for(pilot, lambda: screen.shown, "the agenda worked out")
        await pilot.press("j", "j")
        await pilot.pause()

    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@LOOKS
def test_insights(
    snap_compare: SnapCompare, sample_home: Path, size: tuple[int, int], theme: str
) -> None:
    """The view from above (i, from the board): the funnel and the charts below it."""

    async def run_before(pilot: Pilot[None]) -> None:
        await then("i", screen=InsightsScreen)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InsightsScreen)
        await wait_for(pilot, lambda: screen.insights is not None, "the counts")
        await pilot.pause()

    app = app_for(sample_home, theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
