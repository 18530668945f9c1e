"""The agenda's list: Day, When, Company and What, a heading per day, drawn with the Line API.

A long search has thousands of rows on its agenda (years of overdue follow-ups). As a
DataTable, every change cleared and rebuilt every row (cells, keys, a render of each to
measure it): a fifth of a second to tick one follow-up off. Here the rows are the items
themselves; a row's height is worked out from its text's length (only a text longer than
its column is wrapped to count its lines), heights are kept per item at a width, and only
the lines on screen are drawn, each row once until it changes. The cursor follows its item
(the same follow-up, the same interview) when rows above it come or go.

It looks like the DataTable it replaces: a pinned header line, zebra stripes, a row cursor,
the hover highlight, each cell padded by one cell on both sides. User text is only ever a
plain part of a Text, never markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import ClassVar, Literal, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Spacing, clamp
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from catbird.model.agenda import AgendaItem
from catbird.model.calendar import local
from catbird.tui.widgets.cells import short
from catbird.tui.widgets.quick_scrollbar import QuickScrollBars
from catbird.tui.widgets.quiet_height import set_height

MARKS = {
    "interview": "◆ ",
    "follow-up": "↻ ",
    "next-action": "→ ",
    "promise": "… ",
    "decision": "! ",
}
HEADER_HEIGHT = 1
PADDING = 1
"""Cells of padding on each side of every cell."""
COLUMNS = ("Day", "When", "Company", "What")
DAY_WIDTH, WHEN_WIDTH, COMPANY_MOST = 10, 11, 24

_COLUMN_META = tuple(RichStyle.from_meta({"column": column}) for column in range(len(COLUMNS)))
_OUTSIDE = RichStyle.from_meta({"out_of_bounds": True})
State = Literal["plain", "cursor", "hover", "both"]
Identity = tuple[str, str, str]


class Widths(NamedTuple):
    day: int
    when: int
    company: int
    what: int


def widths_for(screen_width: int) -> Widths:
    """The text widths of the four columns on a screen this wide: four columns of two cells'
    padding each and the scrollbar; what is left is the task's text."""
    width = max(60, screen_width - 10)
    company = min(COMPANY_MOST, max(12, width // 6))
    return Widths(DAY_WIDTH, WHEN_WIDTH, company, width - 21 - company)


def identity(item: AgendaItem) -> Identity:
    """What an item is across changes: the same follow-up or interview even when its day,
    time or text changed."""
    return (item.slug, item.kind, item.item_id or item.text)


def day_title(item: AgendaItem, today: date) -> str:
    """The heading of the group an item falls in: "Overdue", "Today" or "Mon 3 Dec"."""
    if item.overdue:
        return "Overdue"
    if item.day == today:
        return "Today"
    return f"{item.day:%a} {item.day.day} {item.day:%b}"


def when_of(item: AgendaItem, today: date) -> tuple[str, str]:
    """The When cell and its style: how late, "all day", or an interview's hours here."""
    if item.overdue:
        return f"✗ {(today - item.day).days}d late", "$error"
    if item.at is None:
        return "all day", "dim"
    start = local(item.at)
    end = local(item.at + timedelta(minutes=item.minutes))
    return f"{start:%H:%M}–{end:%H:%M}", "bold $accent"


def _extras(item: AgendaItem) -> str:
    """An interview's own time when its zone's differs, the people and the place."""
    if item.at is None:
        return ""
    extra: list[str] = []
    own = item.own_time()
    if item.zone and own.utcoffset() != local(item.at).utcoffset():
        extra.append(f"{own:%H:%M} {item.zone}")
    if item.people:
        extra.append("with " + ", ".join(item.people))
    if item.where:
        extra.append(item.where)
    return " · " + " · ".join(extra) if extra else ""


def what_of(item: AgendaItem) -> Text:
    """The What cell: the mark of its kind, the text, and an interview's details dimmed."""
    text = Text(MARKS[item.kind] + item.text, overflow="fold", end="")
    extras = _extras(item)
    if extras:
        text.append(extras, style="dim")
    return text


def _measured(item: AgendaItem) -> object:
    """What an item's height depends on: a task's kind and text (two strings, whose hashes
    Python keeps: a change to a long agenda looks its thousands of heights up in a few
    milliseconds), an interview's details as well."""
    return (item.kind, item.text) if item.at is None else item


def _cut(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis if longer, padded if shorter."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class AgendaList(ScrollView, QuickScrollBars, can_focus=True):
    """The agenda's rows, with a row cursor; only the lines on screen are drawn."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--header",
        "agenda-list--even-row",
        "agenda-list--odd-row",
        "agenda-list--cursor",
        "agenda-list--hover",
    }

    # The DataTable's own looks, so the agenda looks as it did.
    DEFAULT_CSS = """
    AgendaList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .agenda-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .agenda-list--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .agenda-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .agenda-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .agenda-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .agenda-list--odd-row {
        }
        & > .agenda-list--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .agenda-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .agenda-list--hover {
            background: $block-hover-background;
        }
    }
    """

    class Highlighted(Message):
        """The item under the cursor changed (or the items were replaced)."""

    class Selected(Message):
        """The user chose the item under the cursor: Enter, or a click on it."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: tuple[AgendaItem, ...] = ()
        self._today = date.today()
        self._cursor = 0
        self._hover: int | None = None
        self._widths = widths_for(0)
        self._heights: dict[object, int] = {}
        """Lines per item at `_widths` (most are 1), by `_measured`."""
        self._tops: list[int] = [0]
        """The first line of each row below the header, and the line after the last."""
        self._rows: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(512)
        self._styles: dict[str, RichStyle] = {}

    # ---- the items -----------------------------------------------------------------------

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return self._items

    @property
    def cursor(self) -> int:
        """The index of the row under the cursor (0 when there are none)."""
        return self._cursor

    @property
    def selected(self) -> AgendaItem | None:
        """The item under the cursor, or None when there are none."""
        return self._items[self._cursor] if self._items else None

    def show(self, items: Sequence[AgendaItem], today: date) -> None:
        """Show `items`, the cursor kept on the same item (by what it is, not where) if it
        is still there, else where it was."""
        before = self.selected
        if today != self._today:
            self._today = today
            self._rows.clear()
        self._items = tuple(items)
        index = self._cursor
        if before is not None:
            here = self._items[index] if index < len(self._items) else None
            if here is None or identity(here) != identity(before):  # rows came or went above
                wanted = identity(before)
                index = next(
                    (i for i, item in enumerate(self._items) if identity(item) == wanted), index
                )
        self._cursor = clamp(index, 0, max(0, len(self._items) - 1))
        self._hover = None
        self._lay_out()
        self.refresh()
        self._scroll_to_cursor()
        if self.selected != before:
            self.post_message(self.Highlighted())

    def _lay_out(self) -> None:
        """Each row's first line, from the heights at the current width."""
        widths = widths_for(self.size.width or self.app.size.width)
        if widths != self._widths:
            self._widths, self._heights = widths, {}
            self._rows.clear()
        heights = self._heights
        if len(heights) > 4 * len(self._items) + 1024:  # items long gone
            heights.clear()
        get, height = heights.get, self._height
        self._tops = [0, *accumulate(get(_measured(item)) or height(item) for item in self._items)]
        if self.is_mounted:
            set_height(self, HEADER_HEIGHT + self._tops[-1])

    def _height(self, item: AgendaItem) -> int:
        """How many lines the item's What takes at its column's width. Most fit on one line:
        only a longer one is wrapped to count its lines."""
        width = self._widths.what
        if item.at is None:
            plain = MARKS[item.kind] + item.text
            lines = 1 if cell_len(plain) <= width and "\n" not in plain else 0
        else:
            lines = 0
        if not lines:
            lines = max(1, len(what_of(item).wrap(self.app.console, width)))
        self._heights[_measured(item)] = lines
        return lines

    # ---- the cursor ----------------------------------------------------------------------

    def move_to(self, index: int, *, mouse: bool = False) -> None:
        """Put the cursor on row `index` (clamped)."""
        if not mouse:
            self._hover = None  # the keyboard hides the mouse's highlight, as a table does
        index = clamp(index, 0, max(0, len(self._items) - 1))
        if index != self._cursor:
            self._cursor = index
            self.post_message(self.Highlighted())
        self.refresh()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        region = self.scrollable_content_region
        if not self._items or region.height <= HEADER_HEIGHT:
            return
        top = self._tops[self._cursor]
        height = self._tops[self._cursor + 1] - top
        self.scroll_to_region(
            Region(0, HEADER_HEIGHT + top, max(1, region.width), height),
            spacing=Spacing(HEADER_HEIGHT, 0, 0, 0),
            animate=False,
            force=True,
            immediate=True,
        )

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_HEIGHT)

    def row_at(self, y: int) -> int | None:
        """The row drawn at line `y` of the widget (the header is line 0), or None."""
        if y < HEADER_HEIGHT:
            return None
        line = self.scroll_offset.y + y - HEADER_HEIGHT
        if not 0 <= line < self._tops[-1]:
            return None
        return bisect_right(self._tops, line) - 1

    def action_cursor_down(self) -> None:
        self.move_to(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self._cursor - 1)

    def action_page_down(self) -> None:
        # As the table did: the page scrolls by its height, and the cursor goes to the row
        # a page below its own (past the end: the last row).
        self._page_by(self._page)

    def action_page_up(self) -> None:
        self._page_by(-self._page)

    def _page_by(self, lines: int) -> None:
        line = clamp(self._tops[self._cursor] + lines, 0, max(0, self._tops[-1] - 1))
        self.scroll_relative(y=lines, animate=False, force=True, immediate=True)
        self.move_to(bisect_right(self._tops, line) - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._items) - 1)

    def action_select(self) -> None:
        if self._items:
            self.post_message(self.Selected())

    # ---- events --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        index = None if offset is None else self.row_at(offset.y)
        if index is None:
            return
        event.stop()
        already = index == self._cursor
        self.focus()
        self.move_to(index, mouse=True)
        if already or event.chain > 1:
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        index = None if offset is None else self.row_at(offset.y)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_resize(self) -> None:
        # The columns' widths follow the width: the rows are measured and drawn again.
        self._lay_out()
        self.refresh()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        # A theme or focus change: every style may have changed.
        super().notify_style_update()
        self._styles.clear()
        self._rows.clear()
        self.refresh()

    # ---- drawing -------------------------------------------------------------------------

    def _style(self, name: str) -> RichStyle:
        style = self._styles.get(name)
        if style is None:
            if name in ("cursor", "hover"):  # as the table draws them
                style = self.get_component_rich_style(f"agenda-list--{name}")
            else:
                style = self.get_component_styles(f"agenda-list--{name}").rich_style
            self._styles[name] = style
        return style

    def _cell_style(self, style: str) -> RichStyle:
        """A cell's own style, its theme colours resolved."""
        key = "cell " + style
        found = self._styles.get(key)
        if found is None:
            parsed = Style.parse(style, self.app.theme_variables) if style else None
            found = parsed.rich_style if parsed is not None else RichStyle()
            self._styles[key] = found
        return found

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER_HEIGHT:
            return self._header(width)
        line = self.scroll_offset.y + y - HEADER_HEIGHT
        if not 0 <= line < self._tops[-1]:
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._tops, line) - 1
        return self._row(index, width)[line - self._tops[index]]

    def _header(self, width: int) -> Strip:
        key = ("header", width)
        found = self._rows.get(key)
        if found is None:
            style = self._style("header")
            pad = " " * PADDING
            segments = [
                Segment(pad + _cut(label, cells) + pad, style + meta)
                for label, cells, meta in zip(COLUMNS, self._widths, _COLUMN_META, strict=True)
            ]
            found = [Strip(segments).crop_extend(0, width, style + _OUTSIDE)]
            self._rows[key] = found
        return found[0]

    def _row(self, index: int, width: int) -> list[Strip]:
        item = self._items[index]
        previous = self._items[index - 1] if index else None
        title = day_title(item, self._today)
        if previous is not None and day_title(previous, self._today) == title:
            title = ""  # the day is said once, on its first row
        cursor, hover = index == self._cursor, index == self._hover
        state: State = "plain"
        if cursor or hover:
            state = "both" if cursor and hover else ("cursor" if cursor else "hover")
        even = index % 2 == 0
        # A row's lines depend on what it shows and how, not on where it is: rows that
        # shift after a change are drawn from here.
        key = (item, title, even, state, width)
        found = self._rows.get(key)
        if found is None:
            found = self._draw(item, title, even, state, width)
            self._rows[key] = found
        return found

    def _draw(
        self, item: AgendaItem, heading: str, even: bool, state: State, width: int
    ) -> list[Strip]:
        row = self._style("even-row" if even else "odd-row")
        # As the table: the cursor's (and the hover's) style over the row's, and the cursor's
        # colour over the cell's own, which keeps only its weight.
        pre, post = row, RichStyle()
        if state in ("hover", "both"):
            hover = self._style("hover")
            pre += hover
            post = RichStyle.from_color(hover.color)
        if state in ("cursor", "both"):
            cursor = self._style("cursor")
            pre += cursor
            post = RichStyle.from_color(cursor.color)
        day_style = (
            "bold $error" if item.overdue else ("bold $warning" if heading == "Today" else "bold")
        )
        when, when_style = when_of(item, self._today)
        cells = (
            (heading, day_style),
            (when, when_style),
            (short(item.company, COMPANY_MOST), "bold"),
        )
        widths = self._widths
        what = what_of(item).wrap(self.app.console, widths.what)
        height = self._heights.get(_measured(item)) or self._height(item)
        # Cell by cell, each marked with its column as the table's were: the pictures of
        # the screen (the snapshots) group text by cell, as they did.
        cell_pre = [pre + meta for meta in _COLUMN_META]
        first: list[Segment] = []
        for column, ((text, style), cells_wide) in enumerate(zip(cells, widths, strict=False)):
            body = _cut(text, cells_wide).rstrip(" ")
            around = cell_pre[column]
            first.append(Segment(" " * PADDING, around))
            if body:
                first.append(Segment(body, around + self._cell_style(style) + post))
            first.append(Segment(" " * (cells_wide - cell_len(body) + PADDING), around))
        blanks = [
            Segment(" " * (cells_wide + 2 * PADDING), cell_pre[column])
            for column, cells_wide in enumerate(widths[:3])
        ]
        around = cell_pre[3]
        strips: list[Strip] = []
        console = self.app.console
        for number in range(height):
            segments = list(first if number == 0 else blanks)
            segments.append(Segment(" " * PADDING, around))
            used = 0
            if number < len(what):
                line = what[number]
                segments += [
                    Segment(s.text, around + s.style + post if s.style else around + post)
                    for s in line.render(console)
                ]
                used = line.cell_len
            segments.append(Segment(" " * (widths.what - used + PADDING), around))
            strips.append(Strip(segments).crop_extend(0, width, pre + _OUTSIDE))
        return strips
