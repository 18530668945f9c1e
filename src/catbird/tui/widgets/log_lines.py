"""A scrolling list of entries (the tally's log), drawn with the Line API.

The log grows by a line with every flag, answer or quote. As a Static in a scrolling
container, each new line laid the screen out twice (the text grew, then the container's
scrollable size) and repainted every widget on it. Here the entries are wrapped to the
width once, kept as strips, and a new entry costs a repaint of this widget alone (its height
is set quietly, see `quiet_height`). It scrolls like any container: wheel, scrollbar, and
the arrow keys when focused.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from catbird.tui.widgets.quick_scrollbar import QuickScrollBars
from catbird.tui.widgets.quiet_height import set_height


class LogLines(ScrollView, QuickScrollBars, can_focus=False):
    """Entries of text, each wrapped to the width; only the lines on screen are drawn."""

    DEFAULT_CSS = """
    LogLines {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: tuple[Content, ...] = ()
        self._shown: tuple[tuple[str, tuple[Span, ...]], ...] | None = None
        self._strips: list[Strip] | None = None
        """The entries' lines at `_width`; None when they must be wrapped again."""
        self._width = -1

    def show(self, entries: Sequence[Content]) -> None:
        """Show `entries` (nothing happens if they are what is shown)."""
        shown = tuple((entry.plain, tuple(entry.spans)) for entry in entries)
        if shown == self._shown:
            return
        self._shown, self._entries, self._strips = shown, tuple(entries), None
        self._fit()
        self.refresh()

    def _lines(self) -> list[Strip]:
        width = self.scrollable_content_region.width
        if self._strips is None or width != self._width:
            style = self.visual_style
            strips: list[Strip] = []
            for entry in self._entries:
                visual = visualize(self, entry, markup=False)
                strips += Visual.to_strips(self, visual, max(1, width), None, style)
            if self._strips is not None and len(strips) != len(self._strips):
                self.call_later(self._fit)  # a scrollbar came or went: the height follows
            self._strips, self._width = strips, width
        return self._strips

    def _fit(self) -> None:
        if self.is_mounted and self.scrollable_content_region.width > 0:
            set_height(self, len(self._lines()))

    def on_resize(self) -> None:
        # A scrollbar coming or going changes the width as well: wrap again at the new one.
        self._strips = None
        self._fit()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._lines()
        index = self.scroll_offset.y + y
        if 0 <= index < len(lines):
            return lines[index].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)
