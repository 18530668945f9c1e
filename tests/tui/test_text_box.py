"""TextBox: a Static that draws again only what changed, laid out only when its height may
have changed (the tally draws all its parts again after every key)."""

from __future__ import annotations

from typing import Any

from helpers import screen_text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from catbird.tui.widgets.text_box import TextBox


class BoxApp(App[None]):
    CSS = "#wrapping { width: 12; } #cut { text-wrap: nowrap; text-overflow: ellipsis; width: 12; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield TextBox(id="wrapping")
            yield TextBox(id="cut")
            yield Static("below", id="below")


async def test_a_box_draws_again_only_what_changed_and_lays_out_only_when_it_grew(
    monkeypatch: Any,
) -> None:
    layouts: list[int] = []
    lay_out = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        layouts.append(1)
        return lay_out(self, *args, **kwargs)

    app = BoxApp()
    async with app.run_test(size=(40, 12)) as pilot:
        box = app.query_one("#wrapping", TextBox)
        cut = app.query_one("#cut", TextBox)
        box.show(Content("one"))
        cut.show(Content("[not markup] and far too long to fit"))
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        refreshed: list[int] = []
        monkeypatch.setattr(box, "refresh", lambda *a, **k: refreshed.append(1))
        box.show(Content("one"))  # as shown: nothing to do
        assert refreshed == []
        monkeypatch.undo()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)

        box.show(Content.styled("two", "bold"))  # same height, new text: drawn in place
        cut.show(Content("[/] still one line, cut"))
        await pilot.pause()
        assert layouts == []
        text = screen_text(app)
        assert "two" in text and "[/] still" in text and "below" in text

        box.show(Content("three words that wrap"))  # taller at 12 cells: laid out
        await pilot.pause()
        assert layouts
        assert box.region.height == 2
        lines = screen_text(app).split("\n")
        assert lines[0].strip() == "three words" and lines[1].strip() == "that wrap"
        assert app.query_one("#below").region.y == 3  # what is below moved down

        box.update("set some other way")  # forgets what it showed
        box.show(Content("three words that wrap"))
        await pilot.pause()
        assert "three words" in screen_text(app)
