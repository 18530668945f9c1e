"""A vertical scrollbar drawn straight from its segments.

Textual draws a scrollbar as a Rich renderable, passed through its console, its visual and
its line cache each time the bar moves: on a board of 10,000 cards, a card moved between
two long columns spent as long drawing their two scrollbars (about 6 ms) as drawing the
two columns. `QuickScrollBar` asks Textual's own renderer for the same segments, with the
same colours, hover and grab states and the same mouse actions, and makes each line's strip
from them directly; a bar asked again for the same position costs nothing.

`QuickScrollBars` gives a scrolling widget such a vertical bar (its horizontal bar, if it
ever shows one, stays Textual's).
"""

from __future__ import annotations

from rich.color import Color
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget


class QuickScrollBar(ScrollBar):
    def __init__(self, *, thickness: int = 1) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._drawn: tuple[object, ...] = ()
        self._lines: list[Strip] = []

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()  # what Textual would draw: sizes, position, style for the state
        if not isinstance(bar, ScrollBarRender) or bar.style is None:
            return super().render_lines(crop)  # a renderer of someone else's: theirs
        width, height = self.size
        filters = tuple(self.get_line_filters())
        background = self.background_colors[1]
        key: tuple[object, ...] = (width, height, bar.virtual_size, bar.window_size)
        key += (bar.position, bar.style, filters, background)
        if key != self._drawn:
            style = self.app.console.get_style(bar.style)
            segments = bar.render_bar(
                size=height,
                virtual_size=bar.virtual_size,
                window_size=bar.window_size,
                position=bar.position,
                thickness=width,
                vertical=True,
                # Textual's own fallbacks, as its renderer's console path has them.
                back_color=style.bgcolor or Color.parse("#555555"),
                bar_color=style.color or Color.parse("bright_magenta"),
            )
            # On the widget's own style, as Textual's console path puts a renderable.
            base = self.visual_style.rich_style
            lines = [Strip([segment], width).apply_style(base) for segment in segments.segments]
            # Every segment has its colours: what the line cache would add is the app's
            # line filters (no colour, dimmed, ANSI colours), applied here as it would.
            for line_filter in filters:
                lines = [line.apply_filter(line_filter, background) for line in lines]
            self._lines, self._drawn = lines, key
        lines = self._lines[crop.y : crop.bottom]
        if crop.column_span != (0, width):
            lines = [line.crop(crop.x, crop.right) for line in lines]
        return lines


class QuickScrollBars(Widget):
    """A widget whose vertical scrollbar is a `QuickScrollBar`. Mix it in after the
    widget's own base, `class Column(ScrollView, QuickScrollBars)`: Textual takes a
    widget's CSS type names from its first bases only, so the column stays a ScrollView
    to the style sheet, and the bar comes from here, not from Widget."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # As Textual's own property, with the quicker bar.
        if self._vertical_scrollbar is not None:
            return self._vertical_scrollbar
        self._vertical_scrollbar = bar = QuickScrollBar(thickness=self.scrollbar_size_vertical)
        bar.display = False
        self.app._start_widget(self, bar)
        return bar
