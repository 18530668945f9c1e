"""The insights screen on the demo search: the numbers a user would check by hand are there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from catbird import ops
from catbird.model import Stage
from catbird.store import Workspace
from catbird.store.paths import sample_data_dir
from catbird.tui.app import CatbirdApp
from catbird.tui.screens.insights import InsightsScreen
from catbird.tui.widgets.charts import BarChart, bar, sparkline

SAMPLE = sample_data_dir()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CATBIRD_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CATBIRD_HOME", str(tmp_path / "nowhere"))
    shutil.copytree(SAMPLE, tmp_path / "ws")
    return tmp_path / "ws"


def visible_text(app: CatbirdApp) -> str:
    """Every line the terminal shows for the current screen, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def page_text(screen: InsightsScreen) -> str:
    """The whole scrolling page as drawn, including what is below the fold."""
    lines: list[str] = []
    for widget in screen.query_one("#body").children:
        region = Region(0, 0, widget.size.width, widget.size.height)
        lines += [strip.text for strip in widget.render_lines(region)]
    return "\n".join(lines)


async def open_insights(app: CatbirdApp, pilot: Pilot[None]) -> InsightsScreen:
    for _ in range(250):
        if app.view.loaded:
            break
        await pilot.pause(0.02)
    assert app.view.loaded
    screen = InsightsScreen()
    app.push_screen(screen)
    await shown(screen, pilot)
    return screen


async def shown(screen: InsightsScreen, pilot: Pilot[None], previous: object = None) -> None:
    for _ in range(250):
        if screen.insights is not None and screen.insights is not previous:
            break
        await pilot.pause(0.02)
    assert screen.insights is not None
    await pilot.pause()


async def test_demo_numbers_on_screen(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(app, pilot)
        top = visible_text(app)
        assert "14 opportunities · 9 active · 5 closed" in top
        page = page_text(screen)
        # Funnel (hand-checked against the sample files): 14 leads, 12 applied (86%),
        # 10 screened (83%), 7 interviewed (70%), 3 offers (43%), 1 accepted (33%).
        for stage, figure in (
            ("Lead", "14"),
            ("Applied", "12  86%"),
            ("Screening", "10  83%"),
            ("Interviewing", "7  70%"),
            ("Offer", "3  43%"),
            ("Accepted", "1  33%"),
        ):
            line = next(line for line in page.splitlines() if line.startswith(stage + " "))
            assert line.rstrip().endswith(figure), line
            assert "█" in line
        assert "8.2 d    9 stays    2 now" in page  # applied: median of nine finished stays
        assert "Vague about scope, team or …" in page  # truncated to fit 80 columns
        assert "4 companies · 4×" in page
        assert "Kept waiting" in page and "3 companies · 3×" in page
        assert "A future boss who belittles…" in page
        assert "1 company · 1 flag" in page
        assert "0 companies · 0 flags" in page
        for line in page.splitlines():
            assert len(line) <= 80
        # Esc goes back to the board.
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_what_was_found_out_before_an_offer_and_flags_by_round(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_insights(app, pilot)
        page = page_text(screen)
        assert "Found out before an offer" in page and "of 3 offers" in page
        line = next(line for line in page.splitlines() if "A manager who coaches" in line)
        assert line.rstrip().endswith("2 of 3")
        assert "Red flags by round" in page
        assert (
            next(line for line in page.splitlines() if line.startswith("round 2"))
            .rstrip()
            .endswith("8×")
        )
        assert "Red flags by person" not in page  # no flag in the sample names who spoke


async def test_wide_terminal_shows_whole_labels_and_follows_changes(home: Path) -> None:
    (home / "opportunities" / "broken.toml").write_text("company = [\n")
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_insights(app, pilot)
        assert "Vague about scope, team or budget" in page_text(screen)
        assert "1 file could not be read; not counted" in visible_text(app)
        first = screen.insights
        assert first is not None and first.total == 14
        # A change made through the app (as the CLI or the board would) is counted again.
        app.perform(ops.add, "[bold]Hostile[/] \x1b]52;c;aGk=\x07Co")
        await shown(screen, pilot, previous=first)
        assert screen.insights is not None and screen.insights.total == 15
        assert "15 opportunities · 10 active · 5 closed" in visible_text(app)
        lead = next(line for line in page_text(screen).splitlines() if line.startswith("Lead "))
        assert lead.rstrip().endswith("15")


async def test_user_text_is_drawn_literally(home: Path) -> None:
    ws = Workspace(home)
    slug = ops.add(ws, "Markup Inc", stage=Stage.INTERVIEWING).slug
    for label in ("[bold]x[/]", "[@click=app.quit]q[/]", "$accent \\[y]"):
        ops.flag(ws, slug, label)
    app = CatbirdApp(ws)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_insights(app, pilot)
        page = page_text(screen)
        assert "[bold]x[/]" in page
        assert "[@click=app.quit]q[/]" in page
        assert "$accent \\[y]" in page
        assert isinstance(app.screen, InsightsScreen)  # nothing quit the app


async def test_empty_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATBIRD_CONFIG", str(tmp_path / "config.toml"))
    ws = Workspace(tmp_path / "empty")
    ws.ensure()
    ws.save_profile(ws.read_profile())  # a profile, so the welcome screen stays away
    app = CatbirdApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(app, pilot)
        text = visible_text(app)
        assert "0 opportunities" in text
        assert "catbird import FILE.csv" in text
        assert not screen.query(BarChart)


def test_bars_in_eighths() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 8, 1) == "▏"
    assert bar(3, 8, 2) == "▊"  # 3/8 of 2 cells = 6 eighths
    assert bar(0.01, 100, 10) == "▏"  # never invisible when above zero
    assert bar(0, 10, 10) == "" and bar(5, 0, 10) == ""
    assert bar(20, 10, 4) == "████"  # never past the width


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 4, 8]) == "·▁▂▄█"
    assert sparkline([0, 0]) == "··"
    assert sparkline([]) == ""


async def test_a_change_updates_the_page_in_place(home: Path) -> None:
    """A change that leaves the page's shape as it was redraws the same widgets with the
    new figures; one that adds a section builds the page anew, with it."""
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_insights(app, pilot)
        widgets = list(screen.query_one("#body").children)
        first = screen.insights
        app.perform(ops.add, "Newco")
        await shown(screen, pilot, previous=first)
        assert "15 opportunities · 10 active · 5 closed" in visible_text(app)
        lead = next(line for line in page_text(screen).splitlines() if line.startswith("Lead "))
        assert lead.rstrip().endswith("15")
        kept = list(screen.query_one("#body").children)
        assert len(kept) == len(widgets)
        assert all(new is old for new, old in zip(kept, widgets, strict=True))

        # Pinecrest Learning is interviewing: a flag said by someone adds "by person".
        second = screen.insights
        before = page_text(screen)
        assert "Red flags by person" not in before
        app.perform(ops.flag, "pinecrest-learning", "Kept waiting", by="Gideon Mbatha")
        await shown(screen, pilot, previous=second)
        page = page_text(screen)
        assert "Red flags by person" in page
        line = next(line for line in page.splitlines() if line.startswith("Gideon Mbatha"))
        assert line.rstrip().endswith("1×")
