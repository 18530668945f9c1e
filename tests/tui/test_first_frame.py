"""The board's first frame from the summary index's head: each column's count and first
cards, before the rest of the index is read; the rest then read, every file checked, and
whatever the head got wrong mended. And the same through a real Catbird on a pty: after a
sync changed files behind the index, and on a cold start."""

from __future__ import annotations

import json
import re
import sys
import threading
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import loaded, opportunity_file, region_text, wait_for

from catbird.model.board_order import COLUMNS, column_of, order_of
from catbird.model.stage import Stage
from catbird.store import Workspace
from catbird.store import index as index_module
from catbird.store.index import Index
from catbird.tui.app import CatbirdApp
from catbird.tui.screens.board import BoardScreen
from catbird.tui.widgets.column import BoardColumn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui
from generate import generate

DEPTH = 4
"""The head's depth in these tests: a screen 12 lines high needs 4 cards per column."""
SIZE = (120, 12)


@pytest.fixture
def home(tmp_path: Path, tui_env: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """300 generated opportunities and their index, its head DEPTH cards deep."""
    home = tmp_path / "home"
    generate(home, 300)
    monkeypatch.setattr(index_module, "HEAD_DEPTH", DEPTH)
    workspace = Workspace(home)
    workspace.summaries(workspace.read_profile())
    return home


def _held_parse(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The loader's read of the whole index waits for `release` (`reading` set meanwhile)."""
    reading, release = threading.Event(), threading.Event()
    parse = Index.parse.__func__  # type: ignore[attr-defined]

    def held(cls: type[Index], data: bytes) -> Index:
        reading.set()
        release.wait(10)
        return parse(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(Index, "parse", classmethod(held))
    return reading, release


def _counts(home: Path) -> dict[str, int]:
    cards = Index.read(Workspace(home).index_path).cards()
    return {column: sum(column_of(c.stage) == column for c in cards) for column in COLUMNS}


def _count(app: CatbirdApp, column: str) -> int:
    """The count in a column's title, as drawn (a scrollbar may follow it)."""
    lines = region_text(app, app.screen.query_one(f"#column-{column}", BoardColumn))
    return int(re.findall(r"\d+", lines.split("\n")[0])[-1])


async def test_the_first_frame_shows_every_count_and_the_first_cards_before_the_rest_is_read(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _counts(home)
    everything = Index.read(Workspace(home).index_path).cards()
    reading, release = _held_parse(monkeypatch)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, reading.is_set, "the rest of the index to be read")
        await pilot.pause()
        # Only the head is in the view, yet every column counts all its cards.
        assert len(app.view.cards) == sum(min(n, DEPTH) for n in counts.values()) < 300
        assert not app.view.loaded
        for column, count in counts.items():
            assert _count(app, column) == count
        active = sum(n for column, n in counts.items() if column != "closed")
        assert app.screen.sub_title == f"{active} active · {counts['closed']} closed"
        leads = sorted((c for c in everything if c.stage is Stage.LEAD), key=order_of("lead"))
        lead = app.screen.query_one("#column-lead", BoardColumn)
        assert leads[0].company[:12] in region_text(app, lead)  # the column's real first card
        assert lead.virtual_size.height == 1 + counts["lead"] * 4  # it scrolls over them all
        release.set()
        await loaded(app, pilot)
        assert len(app.view.cards) == 300
        for column, count in counts.items():
            assert _count(app, column) == count
        assert [c.slug for c in lead.cards] == [c.slug for c in leads]
        await pilot.press("G")  # the last card is there, once read
        assert lead.selected == leads[-1]
        assert leads[-1].company[:12] in region_text(app, lead)


async def test_a_card_moved_before_the_rest_is_read_is_counted_where_it_went(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _counts(home)
    reading, release = _held_parse(monkeypatch)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, reading.is_set, "the rest of the index to be read")
        board = app.screen
        assert isinstance(board, BoardScreen)
        card = board.current_card
        assert card is not None and card.stage is Stage.LEAD
        await pilot.press("L")
        assert opportunity_file(home, card.slug)["stage"] == "applied"
        await pilot.pause()
        assert _count(app, "lead") == counts["lead"] - 1
        assert _count(app, "applied") == counts["applied"] + 1
        release.set()
        await loaded(app, pilot)
        assert app.view.cards[card.slug].stage is Stage.APPLIED
        assert _count(app, "lead") == counts["lead"] - 1
        assert _count(app, "applied") == counts["applied"] + 1
        assert board.current_card == app.view.cards[card.slug]


async def test_a_head_that_says_what_the_files_do_not_is_mended(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The head checks out (its checksum right) but says what no file says: shown in the
    first frame only, then replaced by the entries' cards, checked against their files."""
    workspace = Workspace(home)
    header, head, *lines = workspace.index_path.read_bytes().split(b"\n")
    _, depth, counts, rows = json.loads(head.partition(b" ")[2])
    first_lead = sorted(
        (c for c in Index.read(workspace.index_path).cards() if c.stage is Stage.LEAD),
        key=order_of("lead"),
    )[0]
    rows = [
        [*row[:2], "Ghost Role", *row[3:]] if row[0] == first_lead.slug else row for row in rows
    ]
    signed = json.dumps(["head", depth, counts, rows]).encode()
    forged = b"%08x %s" % (zlib.crc32(signed), signed)
    workspace.index_path.write_bytes(b"\n".join([header, forged, *lines]))
    reading, release = _held_parse(monkeypatch)
    app = CatbirdApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, reading.is_set, "the rest of the index to be read")
        await pilot.pause()
        lead = app.screen.query_one("#column-lead", BoardColumn)
        assert "Ghost Role" in region_text(app, lead)
        release.set()
        await loaded(app, pilot)
        await pilot.pause()
        assert app.view.cards[first_lead.slug].role == first_lead.role
        assert "Ghost Role" not in region_text(app, lead)


async def test_a_screen_taller_than_the_head_is_drawn_from_the_whole_index(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checking, release = threading.Event(), threading.Event()
    read_summaries = Workspace.read_summaries

    def held(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        checking.set()
        release.wait(10)
        return read_summaries(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "read_summaries", held)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:  # 11 cards a column, the head has 4
        await wait_for(pilot, checking.is_set, "the files to be checked")
        assert len(app.view.cards) == 300 and not app.view.loaded
        release.set()
        await loaded(app, pilot)
        assert len(app.view.cards) == 300


# ---- a real Catbird on a pty -------------------------------------------------------------------


@pytest.fixture
def big_home(tmp_path: Path, tui_env: None) -> Path:
    home = tmp_path / "home"
    generate(home, 300)
    return home


def _board(home: Path, folder: Path) -> bench_tui.PtyProcess:
    config = folder / "config.toml"
    config.write_text('theme = "catbird-dark"\n')
    return bench_tui.PtyProcess(bench_tui.catbird_argv(home), bench_tui.tui_env(config))


def test_files_changed_behind_the_index_are_shown_as_they_are_now(
    big_home: Path, tmp_path: Path
) -> None:
    """As after a `git pull`: the index is warm, then files change behind it (the first
    Lead card's company renamed, another card closed, one removed); the real board comes up
    from the index and shows the files as they are."""
    workspace = Workspace(big_home)
    workspace.summaries(workspace.read_profile())  # the index a previous run left
    want = bench_tui.expected(big_home)
    assert want.first_lead is not None
    slug, company = want.first_lead
    path = workspace.path_for(slug)
    path.write_text(path.read_text().replace(f'company = "{company}"', 'company = "(synced) Co"'))
    removed = want.reachable[-1]
    workspace.path_for(removed).unlink()
    bench_tui._EXPECTED.clear()  # the board must show the files as they are now
    process = _board(big_home, tmp_path)
    try:
        process.wait_for(bench_tui.board_ready(big_home), 60)
        process.settle()
        assert "(synced) Co" in process.screen.text()
        assert company[:12] not in process.screen.text()
    finally:
        process.close()
        bench_tui._EXPECTED.clear()
    assert Index.read_head(workspace.index_path, depth=4) is not None  # brought up to date
    assert removed + ".toml" not in Index.read(workspace.index_path).entries


def test_a_cold_start_shows_every_card_and_leaves_an_index_with_a_head(
    big_home: Path, tmp_path: Path
) -> None:
    workspace = Workspace(big_home)
    assert not workspace.index_path.exists()
    process = _board(big_home, tmp_path)
    try:
        process.wait_for(bench_tui.board_ready(big_home), 60)
        process.wait_for(lambda _: workspace.index_path.exists(), 30)
    finally:
        process.close()
        bench_tui._EXPECTED.clear()
    head = Index.read_head(workspace.index_path, depth=4)
    assert head is not None and sum(head.counts.values()) == 300


# ---- the theme, before and after the first frame ------------------------------------------------


async def test_the_chosen_theme_is_read_first_and_the_others_once_the_board_is_up(
    sample_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catbird.store.paths import shipped_themes_dir

    config = tmp_path / "settings" / "config.toml"
    config.parent.mkdir()
    config.write_text('theme = "catbird-light"\n')
    monkeypatch.setenv("CATBIRD_CONFIG", str(config))
    shipped = {path.stem for path in shipped_themes_dir().glob("*.toml")}
    app = CatbirdApp(Workspace(sample_home))
    assert app.theme == "catbird-light"
    assert shipped & set(app.available_themes) == {"catbird-light"}  # only its file read
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert shipped <= set(app.available_themes)  # the theme picker has them all
        assert app.theme == "catbird-light"


async def test_a_users_theme_of_the_same_name_wins_from_the_first_frame(
    sample_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "settings" / "config.toml"
    (config.parent / "themes").mkdir(parents=True)
    config.write_text('theme = "catbird-light"\n')
    (config.parent / "themes" / "mine.toml").write_text(
        'name = "catbird-light"\ndark = false\nprimary = "#aa3311"\n'
    )
    monkeypatch.setenv("CATBIRD_CONFIG", str(config))
    app = CatbirdApp(Workspace(sample_home))
    assert app.current_theme.primary == "#aa3311"
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.current_theme.primary == "#aa3311"


async def test_the_views_across_the_workspace_wait_for_every_card_not_count_the_head(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened while only the head's cards are in, the agenda and the due list say they are
    reading; once every card is in, they count them all (never the head's few as if they
    were everything)."""
    from catbird import ops
    from catbird.model import now, today
    from catbird.model.agenda import agenda
    from catbird.tui.screens.agenda import AgendaScreen
    from catbird.tui.screens.due import DueScreen

    workspace = Workspace(home)
    opportunities, _ = workspace.load_all()
    todo = len(agenda(opportunities, now(), AgendaScreen.WEEK))
    cards = Index.read(workspace.index_path).cards()
    quiet = workspace.read_profile().follow_ups.quiet_days
    due = len(ops.due_items_of_cards(cards, today() + timedelta(days=7), quiet_days=quiet))
    assert todo > 20 and due > 20  # more than the head holds
    await _waits_for_every_card(home, monkeypatch, "ctrl+t", AgendaScreen, f"{todo} to do")
    await _waits_for_every_card(home, monkeypatch, "D", DueScreen, f"{due} due")


async def _waits_for_every_card(
    home: Path, monkeypatch: pytest.MonkeyPatch, key: str, kind: type, counted: str
) -> None:
    from helpers import press, screen_text

    reading, release = _held_parse(monkeypatch)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, reading.is_set, "the rest of the index to be read")
        assert not app.view.loaded and len(app.view.cards) < 300
        await press(pilot, key)
        assert isinstance(app.screen, kind)
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Looking ahead…" in text or "Reading the workspace…" in text
        assert " to do" not in text and " due ·" not in text and "Nothing due" not in text
        release.set()
        await loaded(app, pilot)
        await wait_for(pilot, lambda: counted in screen_text(app), counted)
