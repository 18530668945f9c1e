"""The quick scrollbar draws what Textual's own scrollbar draws, cell for cell and style for
style (mouse actions included), at every position, hovered or grabbed, with and without the
app's line filters, and follows the list it scrolls."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.filter import Monochrome
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from catbird.tui.widgets.quick_scrollbar import QuickScrollBar, QuickScrollBars


class Plain(ScrollView):
    def on_mount(self) -> None:
        self.virtual_size = Size(0, 500)

    def render_line(self, y: int) -> Strip:
        return Strip([Segment(f"line {self.scroll_offset.y + y}", Style())])


class Quick(Plain, QuickScrollBars):
    pass


class Pair(App[None]):
    CSS = "Plain, Quick { width: 1fr; height: 1fr; scrollbar-size-vertical: 1; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Plain()
            yield Quick()


def _cells(strips: list[Strip]) -> list[list[Segment]]:
    return [list(strip) for strip in strips]


def _bars(app: Pair) -> tuple[list[list[Segment]], list[list[Segment]]]:
    plain = app.query_one(Plain).vertical_scrollbar
    quick = app.query_one(Quick).vertical_scrollbar
    assert isinstance(quick, QuickScrollBar) and not isinstance(plain, QuickScrollBar)
    whole = Region(0, 0, *quick.size)
    return _cells(Widget.render_lines(plain, whole)), _cells(quick.render_lines(whole))


@pytest.mark.parametrize("line", [0, 1, 7, 120, 250, 477, 499])
async def test_the_quick_bar_draws_what_textual_draws_at_every_position(line: int) -> None:
    app = Pair()
    async with app.run_test(size=(60, 20)) as pilot:
        for view in app.query(Plain):
            view.scroll_to(y=line, animate=False)
        await pilot.pause()
        plain, quick = _bars(app)
        assert len(quick) == 20 and quick == plain
        # The part of the bar a crop asks for, and only that.
        part = app.query_one(Quick).vertical_scrollbar.render_lines(Region(0, 5, 1, 4))
        assert _cells(part) == plain[5:9]


async def test_hovered_grabbed_and_filtered_bars_match_too() -> None:
    app = Pair()
    async with app.run_test(size=(60, 20)) as pilot:
        bars = [app.query_one(kind).vertical_scrollbar for kind in (Plain, Quick)]
        for bar in bars:
            bar.mouse_over = True
        await pilot.pause()
        assert _bars(app)[0] == _bars(app)[1]
        for bar in bars:
            bar.mouse_over, bar.grabbed = False, Offset(0, 3)
        await pilot.pause()
        plain, quick = _bars(app)
        assert quick == plain
        grabbed = quick
        app._filters.append(Monochrome())  # as NO_COLOR sets up
        for bar in bars:
            bar.refresh()
        await pilot.pause()
        plain, quick = _bars(app)
        assert quick == plain and quick != grabbed


async def test_the_quick_bar_follows_the_list_and_scrolls_it() -> None:
    app = Pair()
    async with app.run_test(size=(60, 20)) as pilot:
        quick_view = app.query_one(Quick)
        before = _bars(app)[1]
        await pilot.click(quick_view.vertical_scrollbar, offset=(0, 15))  # the track below
        await pilot.pause()
        assert quick_view.scroll_offset.y > 0
        assert _bars(app)[1] != before
