"""A Static for a screen that draws its parts again after every change: it draws only what
changed, and lays the screen out only when its height may have.

A screen like the tally shows one opportunity and draws all of it again whenever the card
changes (one path for every change, see `OpportunityScreen`). With plain Statics every key
press updated each of them, and each update asked Textual for a layout and a repaint: four
or five frames' worth of work to add one line to the log. A `TextBox` given the content it
already shows does nothing; given new content of the same height, it is repainted where it
is, without a layout.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.visual import VisualType
from textual.widgets import Static


class TextBox(Static):
    """A Static whose `show` skips content it already shows and a layout it does not need."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[str, tuple[Span, ...]] | None = None
        self._shown_content: Content | None = None
        """What `show` showed last (None: nothing, or content put here another way)."""
        self._height: tuple[int, int] | None = None
        """The width the content was measured at and its height in lines there."""

    def show(self, content: Content) -> None:
        """Show `content`: nothing happens if it is what is shown; it is repainted in place
        if it takes as many lines as before at the same width; otherwise laid out."""
        key = (content.plain, tuple(content.spans))
        if key == self._shown:
            return
        width = self.content_region.width
        height = (width, self._lines(content, width)) if width > 0 else None
        before = self._height
        if height is not None and self._shown_content is not None and (before or (0,))[0] != width:
            # Shown before it had a width (built and filled before it was mounted, say):
            # measured now, so that content of the same height needs no layout.
            before = (width, self._lines(self._shown_content, width))
        layout = height is None or height != before
        super().update(content, layout=layout)
        self._shown, self._shown_content, self._height = key, content, height

    def _lines(self, content: Content, width: int) -> int:
        styles = self.styles
        if styles.text_wrap == "nowrap" and styles.text_overflow != "fold":  # one line each
            return content.plain.count("\n") + 1
        return sum(max(1, len(line.wrap(width))) for line in content.split("\n"))

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        # Content put here any other way is not known to `show`: forget what it showed.
        self._shown = self._shown_content = self._height = None
        super().update(content, layout=layout)
