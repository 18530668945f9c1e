"""Starting the board: the first frame comes from the summary index, then every file is
checked and the board corrected. And the key bar at the bottom of every screen."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from helpers import loaded, opportunity_file, region_text, screen_text, wait_for
from textual.widgets import Input

from catbird.model import Opportunity, Stage
from catbird.store import Workspace
from catbird.store.index import Index
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.opportunity_form import OpportunityForm
from catbird.tui.screens.board import BoardScreen
from catbird.tui.widgets.column import BoardColumn
from catbird.tui.widgets.keybar import KeyBar

PROBE = """
import sys
from pathlib import Path

from catbird.tui.app import CatbirdApp
from catbird.store import Workspace


def on_ready(self) -> None:  # the first frame is drawn: what does it show?
    def report() -> None:
        lead = self.screen.query_one("#column-lead")
        print("cards", len(self.view.cards), "loaded", self.view.loaded)
        print("lead", "|".join(card.role for card in lead.cards))
        print("pydantic", "pydantic" in sys.modules)
        self.exit()

    self.call_after_refresh(report)  # where the app would start checking the files


CatbirdApp.on_ready = on_ready
CatbirdApp(Workspace(Path(sys.argv[1]))).run(headless=True, size=(120, 40))
"""


def _probe(home: Path, env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_the_first_frame_shows_the_indexed_cards_before_pydantic_is_imported(
    sample_home: Path, cli_env: dict[str, str]
) -> None:
    workspace = Workspace(sample_home)
    workspace.summaries(workspace.read_profile())  # the index a previous run left
    cli_env["CATBIRD_CONFIG"] = str(sample_home.parent / "probe-config.toml")
    seen = _probe(sample_home, cli_env)
    assert seen["cards"] == "14 loaded False"  # all cards, before any file was checked
    assert seen["lead"]  # drawn in their column
    assert seen["pydantic"] == "False"


def test_without_an_index_the_board_reads_the_files(
    sample_home: Path, cli_env: dict[str, str]
) -> None:
    assert not Workspace(sample_home).index_path.exists()
    cli_env["CATBIRD_CONFIG"] = str(sample_home.parent / "probe-config.toml")
    seen = _probe(sample_home, cli_env)
    assert seen["cards"] == "0 loaded False"  # nothing to show yet: "reading…"


async def test_changes_made_while_the_app_was_closed_correct_the_first_frame(
    sample_home: Path,
) -> None:
    workspace = Workspace(sample_home)
    workspace.summaries(workspace.read_profile())
    # Then, with the app closed: one card edited, one removed, one added.
    workspace.update("halyard-systems", lambda o: o.model_copy(update={"role": "Edited Role"}))
    (sample_home / "opportunities" / "quillmark.toml").unlink()
    workspace.create(Opportunity(company="Newcomer Ltd"))

    app = CatbirdApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        lead = app.screen.query_one("#column-lead", BoardColumn)
        text = region_text(app, lead)
        assert "Edited Role" in text and "Newcomer Ltd" in text
        assert "Quillmark" not in text
        assert "quillmark" not in app.view.cards
    index = workspace.summaries(workspace.read_profile())[0]  # and the index was brought up to date
    assert {card.slug for card in index} == set(app.view.cards)


def _doctor(workspace: Workspace, slug: str, **fields: Any) -> None:
    """Change the cached card of `slug` behind Catbird's back, head and entry, every line's
    checksum right and the key left matching."""
    index = Index.read(workspace.index_path)
    key, digest, card = index.entries[slug + ".toml"]
    index.entries[slug + ".toml"] = (key, digest, card._replace(**fields))
    index.write(workspace.index_path)


async def test_the_first_frame_is_drawn_from_the_index_and_the_check_then_mends_it(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every card is on the board, from the summary index, before any file is looked at;
    the check against the files then finds the cached card its file does not make, and
    mends it (no card the index got wrong stays on screen as checked)."""
    workspace = Workspace(sample_home)
    workspace.summaries(workspace.read_profile())
    # The index says what the file does not, its key still matching (an edit the file's
    # identity does not show, a tool's bug): only the check of the bytes can tell. Written
    # by the index itself, its head (what the first frame shows) says so too.
    _doctor(workspace, "halyard-systems", role="Ghost Role")
    checking, release = threading.Event(), threading.Event()
    read_summaries = Workspace.read_summaries

    def held(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        checking.set()
        release.wait(10)  # the first frame is looked at while the files wait
        return read_summaries(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "read_summaries", held)
    app = CatbirdApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, checking.is_set, "the files to be checked")
        await pilot.pause()
        assert not app.view.loaded and len(app.view.cards) == 14
        lead = app.screen.query_one("#column-lead", BoardColumn)
        assert "Halyard Systems" in region_text(app, lead)
        assert "Ghost Role" in region_text(app, lead)
        active = sum(card.stage.is_active for card in app.view.cards.values())
        assert app.screen.sub_title == f"{active} active · {14 - active} closed"
        release.set()
        await loaded(app, pilot)
        role = opportunity_file(sample_home, "halyard-systems")["role"]
        await wait_for(
            pilot, lambda: app.view.cards["halyard-systems"].role == role, "the card mended"
        )
        await pilot.pause()
        assert "Ghost Role" not in screen_text(app)
        assert "Halyard Systems" in region_text(app, lead)


async def test_a_cold_start_shares_the_reading_out_among_worker_processes(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files to read (a first start, a sync): worker processes read them beside the
    app's own thread, from inside the running app (whose stderr is not a real file), started
    while the app starts."""
    from catbird.store import reading

    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading, "CHUNK", 3)
    started: list[object] = []
    popen = reading.subprocess.Popen

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(threading.current_thread())
        return popen(*args, **kwargs)

    monkeypatch.setattr(reading.subprocess, "Popen", counting)
    broken = sample_home / "opportunities" / "kestrel-works.toml"
    broken.write_text('company = "Kestrel Works"\nstage = "maybe"\n')
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert started  # the workers were asked
        # All started before the first frame, by the app's own thread (no index: every file
        # to be read), and none after: the read took those.
        assert set(started) == {threading.main_thread()}
        assert len(started) == reading._workers_wanted()
        assert len(app.view.cards) == 13  # every readable file, one way or the other
        assert "Kestrel" not in screen_text(app)
        assert [p for p in app.view.problems.values() if "kestrel-works.toml:2: stage" in p]
        # The index is saved once the cards are on screen, with every card read.
        index_path = Workspace(sample_home).index_path
        await wait_for(
            pilot,
            lambda: {c.slug for c in Index.read(index_path).cards()} == set(app.view.cards),
            "the index saved",
        )


# ---- the key bar ----------------------------------------------------------------------------


async def test_the_key_bar_shows_whole_keys_and_a_click_presses_one(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one(KeyBar)
        line = screen_text(app).split("\n")[-1]
        shown = [key.description for key in bar.shown_keys() if key.description in line]
        assert shown[:3] == ["◀ Stage", "Stage ▶", "New"]
        # What does not fit is left out whole: the line ends with a complete key.
        assert line.rstrip().endswith(shown[-1])
        left_out = [key.description for key in bar.shown_keys() if key.description not in line]
        assert left_out  # 80 columns cannot show them all

        x = line.index(" n New") + 2
        await pilot.click(KeyBar, offset=(x, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityForm), "the new form")
        app.screen.query_one("#company", Input)


async def test_the_key_bar_follows_the_bindings_and_dims_what_cannot_be_done(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one(KeyBar)
        enabled = {key.description: key.enabled for key in bar.shown_keys()}
        assert enabled["Edit"] and enabled["Tally"]
        await pilot.press("/")
        await pilot.press(*"no-such-company")
        await pilot.press("enter")
        await pilot.pause()
        enabled = {key.description: key.enabled for key in bar.shown_keys()}
        assert not enabled["Edit"] and not enabled["Tally"]  # no card to act on
        assert enabled["New"]
        # And clicking a dimmed key does nothing.
        line = screen_text(app).split("\n")[-1]
        before = app.screen
        await pilot.click(KeyBar, offset=(line.index(" e Edit") + 2, 0))
        await pilot.pause()
        assert app.screen is before


async def test_the_collector_is_back_on_once_the_first_frame_is_shown(sample_home: Path) -> None:
    """`catbird` starts the board with the garbage collector off (cli.main): the app must turn
    it back on, or a long session would never collect a reference cycle."""
    app = CatbirdApp(Workspace(sample_home))
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(app, pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_a_card_moved_while_the_files_are_checked_stays_where_it_was_moved(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards show (from the index) before the files are checked: a move made in between
    is newer than what the check read, and must not be undone when the check reports."""
    workspace = Workspace(sample_home)
    workspace.summaries(workspace.read_profile())
    read, report = threading.Event(), threading.Event()
    summaries = Workspace.read_summaries

    def slow_summaries(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        result = summaries(self, *args, **kwargs)  # every file read, before the move...
        read.set()
        report.wait(5)  # ...and reported after it
        return result

    monkeypatch.setattr(Workspace, "read_summaries", slow_summaries)
    app = CatbirdApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, read.is_set, "the files to be read")
        board = app.screen
        assert isinstance(board, BoardScreen) and not app.view.loaded
        card = board.current_card
        assert card is not None and card.stage is Stage.LEAD
        await pilot.press("L")
        assert app.view.cards[card.slug].stage is Stage.APPLIED
        report.set()
        await loaded(app, pilot)
        assert app.view.cards[card.slug].stage is Stage.APPLIED
        assert board.current_card == app.view.cards[card.slug]
        await pilot.press("H")  # acts on the card where it is
        assert opportunity_file(sample_home, card.slug)["stage"] == "lead"
        assert app.view.cards[card.slug].stage is Stage.LEAD
