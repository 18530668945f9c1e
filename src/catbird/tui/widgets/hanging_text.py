"""Text that wraps under itself, not under its prefix (a time, a bullet, a label), drawn
lazily: only the lines on screen are built, wrapped and styled.

A card may carry 100,000 flags. Building a styled line costs ~15 µs, wrapping it more, so
the details view cannot build them all before its first frame: `LazyLines` makes a line
when it is first drawn, and `HangingLines` (a Line API scroll view) counts every line as one
row until it has wrapped it, correcting its height — and the scroll range — as it goes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import TypeVar, overload

from rich.cells import cell_len
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

Part = str | tuple[str, str]

Line = tuple[int, Content]
"""A line of the view and the indent its wrapped continuation lines get (in cells)."""

Block = Sequence[Line]

T = TypeVar("T")
L = TypeVar("L")


def hang(prefix: Part, *rest: Part) -> Line:
    """A line whose text, when it wraps, continues under itself rather than under `prefix`
    (a note's time, a label): `hang(("  12:05  ", "dim"), text)`."""
    text = prefix if isinstance(prefix, str) else prefix[0]
    return cell_len(text), Content.assemble(prefix, *rest)


def wrap_hanging(line: Line, width: int) -> list[Content]:
    """`line` wrapped to `width`, its continuation lines indented by its indent."""
    indent, content = line
    if content.cell_length <= width or width <= indent + 8:
        return content.wrap(max(1, width)) or [Content("")]
    first = content.wrap(width)[0]
    rest = content[len(first.plain) :]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
    pad = Content(" " * indent)
    return [first, *(pad + part for part in rest.wrap(width - indent))]


class LazyLines(Sequence[Line]):
    """A line per item, made by `make` the first time it is asked for."""

    def __init__(self, items: Sequence[T], make: Callable[[T], Line]) -> None:
        self._items: Sequence[object] = items
        self._make: Callable[[object], Line] = make  # type: ignore[assignment]
        self._made: dict[int, Line] = {}

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        line = self._made.get(index)
        if line is None:
            line = self._made[index] = self._make(self._items[index])
        return line


class Chain(Sequence[L]):
    """Several sequences read as one, without copying them (a lazy part stays lazy)."""

    def __init__(self, parts: Sequence[Sequence[L]]) -> None:
        self._parts = [p for p in parts if len(p)]
        self._starts = [0, *accumulate(len(p) for p in self._parts)]

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> L: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[L]: ...
    def __getitem__(self, index: int | slice) -> L | Sequence[L]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        part = bisect_right(self._starts, index) - 1
        return self._parts[part][index - self._starts[part]]


BLANK: Line = (0, Content(""))


class HangingLines(ScrollView, can_focus=True):
    """Blocks of lines, a blank row before each, that wrap with a hanging indent and scroll.

    Only what is on screen is built and wrapped; every other line counts as one row until
    it is drawn (nearly all are), so opening a card of 100,000 flags costs what one screen
    of them costs."""

    DEFAULT_CSS = """
    HangingLines { height: 1fr; padding: 0 2; }
    """
    EXACT_UP_TO = 500
    """Views of this many lines or fewer are measured whole, so their scroll bar is exact
    from the first frame; longer ones are measured as they are drawn."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: Sequence[Line] = ()
        self._heights: list[int] = []
        self._exact = bytearray()
        self._starts: list[int] = [0]
        self._width = -1
        self._wrapped: LRUCache[int, list[Content]] = LRUCache(2048)
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)

    @property
    def lines(self) -> Sequence[Line]:
        return self._lines

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Show `blocks` (a blank row before each), keeping the scroll position."""
        parts: list[Sequence[Line]] = []
        for block in blocks:
            parts += [(BLANK,), block]
        self._lines = Chain(parts)
        self._forget()
        self._width = -1  # measured again at the next frame
        self.refresh()

    def _forget(self) -> None:
        count = len(self._lines)
        self._heights = [1] * count
        self._exact = bytearray(count)
        self._wrapped.clear()
        self._strips.clear()
        self._reflow()

    def _reflow(self) -> None:
        self._starts = [0, *accumulate(self._heights)]
        self.virtual_size = Size(0, self._starts[-1])

    @property
    def text_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _wrap(self, index: int) -> list[Content]:
        wrapped = self._wrapped.get(index)
        if wrapped is None:
            wrapped = wrap_hanging(self._lines[index], self.text_width)
            self._wrapped[index] = wrapped
        return wrapped

    def _measure(self, top: int, rows: int) -> None:
        """Make exact the heights of the lines on rows `top`..`top + rows` and of a screenful
        either side (so a page up or down lands on lines already measured, and nothing is
        skipped), keeping the line at `top` where it is on screen."""
        if self.text_width != self._width:
            self._width = self.text_width
            self._forget()
            if len(self._lines) <= self.EXACT_UP_TO:
                top, rows = 0, len(self._lines) * self._width  # every line, however it wraps
        count = len(self._lines)
        if not count:
            return
        anchor = bisect_right(self._starts, top) - 1
        within = top - self._starts[anchor]
        index = max(0, bisect_right(self._starts, top - rows) - 1)
        row, end = self._starts[index], top + 2 * rows
        changed = False
        while index < count and row < end:
            if not self._exact[index]:
                self._exact[index] = 1
                height = len(self._wrap(index))
                if height != self._heights[index]:
                    if index >= anchor:
                        end += height - self._heights[index]
                    self._heights[index] = height
                    changed = True
            row += self._heights[index]
            index += 1
        if changed:
            self._reflow()
            moved = self._starts[min(anchor, count - 1)] + within
            if moved != top:
                self.scroll_to(y=moved, animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._measure(self.scroll_offset.y, self.scrollable_content_region.height)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        style = self.visual_style.rich_style
        if not 0 <= row < self._starts[-1]:
            return Strip.blank(width, style)
        index = bisect_right(self._starts, row) - 1
        part = row - self._starts[index]
        strip = self._strips.get((index, part))
        if strip is None:
            wrapped = self._wrap(index)
            if part >= len(wrapped):
                return Strip.blank(width, style)
            text = Visual.to_strips(self, wrapped[part], width, 1, self.visual_style)
            strip = Strip.join(text[:1]).extend_cell_length(width, style).crop(0, width)
            self._strips[index, part] = strip
        return strip

    def action_scroll_end(self) -> None:
        # Lines not yet drawn count as one row each: make the last screenful exact first,
        # so the end scrolled to is the real end.
        rows = self.scrollable_content_region.height
        for _ in range(4):  # each round measures the last screens as they are now counted
            total = self._starts[-1]
            self._measure(max(0, total - rows), rows)
            if self._starts[-1] == total:
                break
        self.scroll_end(animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self) -> None:
        self._strips.clear()
