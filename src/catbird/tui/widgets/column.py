"""One column of the pipeline board: the cards of one stage (or of all closed stages).

The column is a virtual list built on Textual's Line API: it keeps the card summaries in a
tuple and draws only the lines on screen, so 10,000 cards cost no more to show than ten.
No widget is created per card.

Every card is `CARD_HEIGHT` lines:

    Company name        82%     company (bold), fit score
    Role · #tag          ?2     role (muted), tags when there is room; must-haves and
                                dealbreakers still unknown; the fit comes down here when
                                the company name needs the whole first line
    !Jun 3 Call Ana   ▲3 ●1     next action and its due date, red and green flag counts
                                a blank separator

A closed card shows how and when it closed ("Walked away Jun 3 · …") instead of the next
action.
The title line stays at the top while the cards scroll under it.

User text (company, role, action, tags) is only ever put into `Segment`s as plain text,
never parsed as markup, and control characters are stripped once more before drawing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import ClassVar, Literal, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Spacing, clamp
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from catbird.model.stage import Stage
from catbird.model.summary import CardSummary
from catbird.tui.widgets.quick_scrollbar import QuickScrollBars
from catbird.tui.widgets.quiet_height import set_height

CARD_HEIGHT = 4
"""Lines per card, the separator included."""
HEADER_HEIGHT = 1
"""The title line, pinned at the top."""
GUTTER = 1
"""A cell at the left of every line: the gap to the previous column, and the cursor bar."""

RED_GLYPH = "▲"
GREEN_GLYPH = "●"
CURSOR_BAR = "▌"
OVERDUE_MARK = "!"
INTERVIEW_MARK = "◆"
ELLIPSIS = "…"
UNKNOWN_MARK = "?"
"""Before the count of must-haves and dealbreakers not found out yet."""
EMPTY_TEXT = "nothing here yet"

WIDE = 22
"""From this many cells of text, a card also shows its tags."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Whitespace controls become a space; everything else that is not printable goes: C0/C1
# controls (ESC included), zero-width and bidirectional overrides, lone surrogates.
_SPACES = re.compile(r"[\t\n\r\x0b\x0c]+")
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    r"\ud800-\udfff]"
)


def printable(text: str) -> str:
    """`text` with nothing a terminal could take as a control: safe to draw as it is."""
    return _UNPRINTABLE.sub("", _SPACES.sub(" ", text))


def short_date(day: date, today: date) -> str:
    """A due date in few cells: "today", "Jun 3", or the ISO date in another year."""
    if day == today:
        return "today"
    if day.year == today.year:
        return f"{_MONTHS[day.month - 1]} {day.day}"
    return day.isoformat()


Piece = tuple[str, Style]
State = Literal["plain", "cursor", "blurred"]
"""How a card is drawn: plainly, under the focused cursor, or selected in another column."""


def fit(pieces: Sequence[Piece], width: int) -> tuple[list[Segment], int]:
    """The pieces laid end to end, cut to `width` cells with an ellipsis if they overflow.

    A piece after the first that would show fewer than three cells is left out rather than
    cut to a stub. Returns the segments and the cells they take (a wide character takes two).
    """
    pieces = [(text, style) for text, style in pieces if text]
    total = sum(cell_len(text) for text, _ in pieces)
    if total <= width:
        return [Segment(text, style) for text, style in pieces], total
    if width <= 0:
        return [], 0
    segments: list[Segment] = []
    room = width
    for number, (text, style) in enumerate(pieces):
        cells = cell_len(text)
        if cells <= room:
            segments.append(Segment(text, style))
            room -= cells
            continue
        if number > 0 and room - 1 < 3:
            while segments and segments[-1].text.strip() in ("", "·"):
                segments.pop()  # no separator left dangling
            return segments, sum(cell_len(segment.text) for segment in segments)
        head = _head(text, room - 1)
        segments += [Segment(head, style), Segment(ELLIPSIS, style)]
        return segments, width - room + cell_len(head) + 1
    return segments, width - room


def _head(text: str, cells: int) -> str:
    """The longest start of `text` that takes at most `cells` cells."""
    used = 0
    for index, character in enumerate(text):
        used += get_character_cell_size(character)
        if used > cells:
            return text[:index]
    return text


class _Look(NamedTuple):
    """The styles of one card in one state (plain, under the cursor, focused or not)."""

    line: Style
    bar: Style
    company: Style
    role: Style
    tag: Style
    fit: Style
    dealbreaker: Style
    action: Style
    due: Style
    due_today: Style
    overdue: Style
    interview: Style
    red: Style
    green: Style
    stage: Style
    accepted: Style
    reason: Style


_ELEMENTS = _Look._fields[2:]


class BoardColumn(ScrollView, QuickScrollBars, can_focus=True, inherit_bindings=False):
    """The cards of one stage, with a cursor; only the visible lines are drawn."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next card", id="column.down", show=False),
        Binding("k,up", "cursor_up", "Previous card", id="column.up", show=False),
        Binding("home,g", "cursor_first", "First card", id="column.first", show=False),
        Binding("end,G", "cursor_last", "Last card", id="column.last", show=False),
        Binding("pageup", "cursor_page_up", "Page up", id="column.page-up", show=False),
        Binding("pagedown", "cursor_page_down", "Page down", id="column.page-down", show=False),
        Binding(
            "enter",
            "select",
            "Open",
            id="column.select",
            show=False,
            tooltip="Open the selected card",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board-column--title",
        "board-column--title-focused",
        "board-column--empty",
        "board-column--card",
        "board-column--cursor",
        "board-column--cursor-blurred",
        "board-column--bar",
        *(f"board-column--{name.replace('_', '-')}" for name in _ELEMENTS),
    }
    """
    | Class | What |
    | :- | :- |
    | `board-column--title` | the title line: the column's name and card count |
    | `board-column--title-focused` | the title line of the focused column |
    | `board-column--empty` | the hint in an empty column |
    | `board-column--card` | a card's lines |
    | `board-column--cursor` | the selected card in the focused column |
    | `board-column--cursor-blurred` | the selected card in another column |
    | `board-column--bar` | the bar at the left of the selected card (focused column only) |
    | `board-column--company`, `--role`, `--tag`, `--fit`, `--dealbreaker` | card text |
    | `board-column--action`, `--due`, `--due-today`, `--overdue` | the next action |
    | `board-column--interview` | the next interview scheduled |
    | `board-column--red`, `--green` | flag counts |
    | `board-column--stage`, `--accepted`, `--reason` | how a closed card closed |
    """

    DEFAULT_CSS = """
    BoardColumn {
        width: 1fr;
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: auto;

        & > .board-column--title {
            background: $panel;
            color: $text-muted;
            text-style: bold;
        }
        & > .board-column--title-focused {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .board-column--empty {
            color: $text-muted;
            text-style: italic;
        }
        & > .board-column--card {
            color: $foreground;
        }
        & > .board-column--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .board-column--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .board-column--bar {
            color: $accent;
        }
        & > .board-column--company { text-style: bold; }
        & > .board-column--role { color: $text-muted; }
        & > .board-column--tag { color: $text-secondary; }
        & > .board-column--fit { color: $text-muted; }
        & > .board-column--dealbreaker { color: $error; text-style: bold; }
        & > .board-column--action { color: $foreground; }
        & > .board-column--due { color: $text-muted; }
        & > .board-column--due-today { color: $warning; text-style: bold; }
        & > .board-column--overdue { color: $error; text-style: bold; }
        & > .board-column--interview { color: $accent; text-style: bold; }
        & > .board-column--red { color: $error; }
        & > .board-column--green { color: $success; }
        & > .board-column--stage { color: $text-muted; text-style: italic; }
        & > .board-column--accepted { color: $success; text-style: bold; }
        & > .board-column--reason { color: $text-muted; }
    }
    """

    cursor_index: reactive[int] = reactive(0, init=False)
    """Index of the selected card in `cards` (0 when the column is empty)."""

    class CardHighlighted(Message):
        """The selected card changed (the cursor moved, or the cards were replaced)."""

        def __init__(self, column: BoardColumn, card: CardSummary | None) -> None:
            super().__init__()
            self.column = column
            self.card = card
            """The card now selected; None when the column became empty."""

        @property
        def control(self) -> BoardColumn:
            return self.column

    class CardSelected(Message):
        """The user chose a card: Enter, or a click on the already selected card."""

        def __init__(self, column: BoardColumn, card: CardSummary) -> None:
            super().__init__()
            self.column = column
            self.card = card

        @property
        def control(self) -> BoardColumn:
            return self.column

    def __init__(
        self,
        title: str,
        stages: tuple[Stage, ...],
        *,
        id: str | None = None,
        name: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, name=name, classes=classes)
        self.title = title
        self.stages = stages
        self.empty_text = EMPTY_TEXT
        """The hint shown when there are no cards (the board may say "no match" instead)."""
        self._cards: tuple[CardSummary, ...] = ()
        self._more = 0
        self._slug_index: dict[str, int] | None = None
        self._today = date.today()
        self._looks: dict[State, _Look] = {}
        self._card_lines: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(256)

    # ---- the cards -----------------------------------------------------------------------

    @property
    def cards(self) -> tuple[CardSummary, ...]:
        """The cards in the order shown."""
        return self._cards

    @property
    def count(self) -> int:
        """The cards in this column: those it holds, and those not read yet (`set_cards`)."""
        return len(self._cards) + self._more

    @property
    def today(self) -> date:
        """The day against which due dates are overdue or due today."""
        return self._today

    @today.setter
    def today(self, day: date) -> None:
        if day != self._today:
            self._today = day
            self._card_lines.clear()
            self.refresh()

    @property
    def selected(self) -> CardSummary | None:
        """The card under the cursor, or None in an empty column."""
        if not self._cards:
            return None
        return self._cards[self.cursor_index]

    def set_cards(self, cards: Sequence[CardSummary], *, more: int = 0) -> None:
        """Show `cards`, keeping the cursor on the same card (by slug) if it is still here.
        `more`: cards that come after these, not read yet (the board's first frame is drawn
        from the first cards of each column): counted, and scrolled over, as blank lines."""
        before = self.selected
        self._cards = tuple(cards)
        self._more = more
        self._slug_index = None
        index = self.cursor_index
        if before is not None:
            here = self._cards[index] if index < len(self._cards) else None
            if here is None or here.slug != before.slug:  # cards came or went above it
                found = self.index_of(before.slug)
                index = index if found is None else found
        set_height(self, HEADER_HEIGHT + self.count * CARD_HEIGHT)
        self.set_reactive(BoardColumn.cursor_index, self.validate_cursor_index(index))
        self.refresh()
        self._scroll_to_cursor()
        if self.selected != before:
            self.post_message(self.CardHighlighted(self, self.selected))

    def index_of(self, slug: str) -> int | None:
        """Where the card `slug` is in this column, or None."""
        if self._slug_index is None:
            self._slug_index = {card.slug: i for i, card in enumerate(self._cards)}
        return self._slug_index.get(slug)

    def select_slug(self, slug: str) -> bool:
        """Put the cursor on the card `slug`; False when it is not in this column."""
        index = self.index_of(slug)
        if index is None:
            return False
        self.cursor_index = index
        return True

    # ---- the cursor ----------------------------------------------------------------------

    def validate_cursor_index(self, index: int) -> int:
        return clamp(index, 0, max(0, len(self._cards) - 1))

    def watch_cursor_index(self) -> None:
        self._scroll_to_cursor()
        self.post_message(self.CardHighlighted(self, self.selected))

    def move_cursor(self, delta: int) -> None:
        """Move the cursor by `delta` cards (clamped to the column)."""
        self.cursor_index = self.cursor_index + delta

    def cursor_first(self) -> None:
        """Select the first card."""
        self.cursor_index = 0

    def cursor_last(self) -> None:
        """Select the last card."""
        self.cursor_index = len(self._cards) - 1

    def cursor_page_down(self) -> None:
        """Move the cursor down by as many cards as fit on screen."""
        self.move_cursor(self.page_cards)

    def cursor_page_up(self) -> None:
        """Move the cursor up by as many cards as fit on screen."""
        self.move_cursor(-self.page_cards)

    @property
    def page_cards(self) -> int:
        """How many cards fit on the screen at once (at least 1)."""
        lines = self.scrollable_content_region.height - HEADER_HEIGHT
        return max(1, lines // CARD_HEIGHT)

    def action_cursor_down(self) -> None:
        self.move_cursor(1)

    def action_cursor_up(self) -> None:
        self.move_cursor(-1)

    def action_cursor_first(self) -> None:
        self.cursor_first()

    def action_cursor_last(self) -> None:
        self.cursor_last()

    def action_cursor_page_down(self) -> None:
        self.cursor_page_down()

    def action_cursor_page_up(self) -> None:
        self.cursor_page_up()

    def action_select(self) -> None:
        card = self.selected
        if card is not None:
            self.post_message(self.CardSelected(self, card))

    def _scroll_to_cursor(self) -> None:
        """Scroll just enough to show the whole selected card under the title line."""
        region = self.scrollable_content_region
        if not self._cards or region.height <= HEADER_HEIGHT:
            return
        top = HEADER_HEIGHT + self.cursor_index * CARD_HEIGHT
        self.scroll_to_region(
            Region(0, top, max(1, region.width), CARD_HEIGHT - 1),
            spacing=Spacing(HEADER_HEIGHT, 0, 0, 0),
            animate=False,
            force=True,
            immediate=True,
        )

    def card_at(self, y: int) -> int | None:
        """The index of the card drawn at content line `y` of the widget, or None."""
        if y < HEADER_HEIGHT:
            return None
        index = (self.scroll_offset.y + y - HEADER_HEIGHT) // CARD_HEIGHT
        return index if 0 <= index < len(self._cards) else None

    # ---- events --------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._card_lines.clear()
        self._scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.card_at(offset.y)
        if index is None:
            return
        event.stop()
        already = self.has_focus and index == self.cursor_index
        self.focus()
        self.cursor_index = index
        if already or event.chain > 1:
            self.action_select()

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Textual restyles a widget whose focus changes (its CSS may say `:focus`): for a
        # column, with its two dozen component classes, that was a fifth of moving a card
        # (the focus follows the card). No style of ours depends on focus; the looks that
        # do are component classes of their own, so the column is only drawn again (from
        # the cache of card lines, which keys the cursor's look by focus).
        self.refresh()

    def notify_style_update(self) -> None:
        # Focus, theme and CSS changes land here: any style may have changed. Focus moving
        # in or out (every H/L) changes only the cursor's look, which has a state of its own
        # in the cache key: only the cards drawn in a look that changed are drawn again.
        super().notify_style_update()
        before = dict(self._looks)
        self._looks.clear()
        changed = {state for state, look in before.items() if self._look(state) != look}
        if changed:
            drawn = self._card_lines.keys()  # an LRUCache is not iterable itself
            for key in [key for key in drawn if key[2] in changed]:
                self._card_lines.discard(key)
        self.refresh()

    # ---- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER_HEIGHT:
            return self._title_line(width)
        line = self.scroll_offset.y + y - HEADER_HEIGHT
        if not self._cards:
            return self._empty_line(line, width)
        index, row = divmod(line, CARD_HEIGHT)
        if not 0 <= index < len(self._cards):
            return Strip.blank(width, self.rich_style)
        return self._render_card(index, width)[row]

    def _title_line(self, width: int) -> Strip:
        style = self.get_component_rich_style(
            "board-column--title-focused" if self.has_focus else "board-column--title"
        )
        count_style = style + Style(bold=False)
        text = width - GUTTER
        title = printable(self.title)
        count = str(self.count)
        # The count stays if the title keeps at least four cells beside it.
        right = cell_len(count) + 1
        if min(cell_len(title), 4) + 1 + right > text:
            right = 0
        left, used = fit([(title, style)], text - right - (1 if right else 0))
        segments = [Segment(" " * GUTTER, style), *left]
        segments.append(Segment(" " * max(0, text - right - used), style))
        if right:
            segments.append(Segment(count + " ", count_style))
        return Strip(segments).crop_extend(0, width, style)

    def _empty_line(self, line: int, width: int) -> Strip:
        style = self.get_component_rich_style("board-column--empty")
        lines = _wrap(printable(self.empty_text), max(1, width - GUTTER - 1))
        if 0 <= line < len(lines):
            segments, _ = fit([(lines[line], style)], width - GUTTER)
            gutter = Segment(" " * GUTTER, self.rich_style)
            return Strip([gutter, *segments]).crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def _look(self, state: State) -> _Look:
        """The styles for cards in `state`: "plain", "cursor" (focused) or "blurred"."""
        look = self._looks.get(state)
        if look is not None:
            return look
        get = self.get_component_rich_style
        base = {
            "plain": "board-column--card",
            "cursor": "board-column--cursor",
            "blurred": "board-column--cursor-blurred",
        }[state]
        line = get(base)
        elements: list[Style] = []
        for name in _ELEMENTS:
            element = f"board-column--{name.replace('_', '-')}"
            if state == "cursor":
                # Under the focused cursor the cursor's colours win, as only they are known
                # to contrast with its background; weight and slant still tell parts apart.
                elements.append(line + _weight_of(get(element)))
            else:
                elements.append(line + _colour_and_weight_of(get(element)))
        # Only the focused cursor draws the bar; elsewhere the gutter is blank, so the bar's
        # colour (which follows focus) stays out of the looks that focus does not change.
        bar = line + Style(color=get("board-column--bar").color) if state == "cursor" else line
        look = _Look(line, bar, *elements)
        self._looks[state] = look
        return look

    def _render_card(self, index: int, width: int) -> list[Strip]:
        card = self._cards[index]
        state: State
        if index == self.cursor_index:
            state = "cursor" if self.has_focus else "blurred"
        else:
            state = "plain"
        # A card's lines depend on the card, the width, its state and the day (the cache is
        # cleared when the day or a style changes), not on where it is: after a card comes
        # or goes, the ones that shift are drawn from the cache.
        key = (card, width, state)
        lines = self._card_lines.get(key)
        if lines is None:
            lines = self._draw_card(card, width, state)
            self._card_lines[key] = lines
        return lines

    def _draw_card(self, card: CardSummary, width: int, state: State) -> list[Strip]:
        look = self._look(state)
        text = width - GUTTER
        # The bar marks the cursor in the focused column even without colours (NO_COLOR).
        gutter = Segment(CURSOR_BAR if state == "cursor" else " " * GUTTER, look.bar)

        def strip(segments: list[Segment], style: Style = look.line) -> Strip:
            return Strip([gutter, *segments]).crop_extend(0, width, style)

        company = printable(card.company)
        role = printable(card.role)
        fit_piece: list[Piece] = []
        if card.fit is not None:
            fit_style = look.dealbreaker if card.fit == 0 else look.fit
            fit_piece = [(f"{card.fit}%", fit_style)]
        # The company says which card this is: the fit gives way to it on the first line (to
        # the role's line, which is cut instead) rather than cut the name to a few letters.
        beside_role: list[Piece] = []
        if fit_piece and cell_len(company) + 1 + cell_len(fit_piece[0][0]) > text:
            fit_piece, beside_role = [], fit_piece
        first = _two_sided([(company, look.company)], fit_piece, text, look.line)

        second_pieces: list[Piece] = [(role, look.role)]
        tags = [printable(t) for t in card.tags]
        tags = [t for t in tags if t]
        if tags and text >= WIDE:
            tag_text = " ".join(f"#{t}" for t in tags)
            second_pieces += [(" · " if role else "", look.role), (tag_text, look.tag)]
        # What is left to find out matters while the search is on, not once it closed.
        if card.unknown and card.stage.is_active:
            if beside_role:
                beside_role.append((" ", look.line))
            beside_role.append((f"{UNKNOWN_MARK}{card.unknown}", look.fit))
        second = _two_sided(second_pieces, beside_role, text, look.line)

        third = self._third_line(card, text, look)
        separator = Strip.blank(width, self._look("plain").line)
        return [strip(first), strip(second), strip(third), separator]

    def _next_interview(self, card: CardSummary, look: _Look, text: int) -> Piece | None:
        """ "◆ Dec 3 14:00" (or "◆ today 14:00"): the first interview scheduled from today
        on, on the user's clock."""
        for at in card.next_interviews:
            mine = at.astimezone()
            if mine.date() >= self._today:
                day = short_date(mine.date(), self._today)
                piece = f"{INTERVIEW_MARK}{day} {mine:%H:%M}"
                if cell_len(piece) > text:
                    piece = f"{INTERVIEW_MARK}{day}"
                return (piece, look.interview)
        return None

    def _third_line(self, card: CardSummary, text: int, look: _Look) -> list[Segment]:
        """The next step: the due date and action, or for a closed card how it closed;
        with the red and green counts at the right."""
        left: list[Piece] = []
        if card.stage.is_closed:
            left = _closed_left(card, self._today, look)
            if sum(cell_len(t) for t, _ in left[:3]) > text:
                left = left[:1]  # a narrow column: the ending whole rather than a cut date
        else:
            interview = self._next_interview(card, look, text)
            if interview is not None:
                # The next interview comes first: it is the date that must stay readable.
                left.append(interview)
            if card.next_due is not None:
                due = card.next_due
                if due < self._today:
                    piece = (OVERDUE_MARK + short_date(due, self._today), look.overdue)
                elif due == self._today:
                    piece = (short_date(due, self._today), look.due_today)
                else:
                    piece = (short_date(due, self._today), look.due)
                left += [(" ", look.line), piece] if left else [piece]
        if card.stage.is_active:
            action = printable(card.next_action)
            if action:
                left += [(" " if left else "", look.line), (action, look.action)]

        counts: list[list[Piece]] = []
        red = (f"{RED_GLYPH}{card.red}", look.red) if card.red else None
        green = (f"{GREEN_GLYPH}{card.green}", look.green) if card.green else None
        if red and green:
            counts.append([red, (" ", look.line), green])
        if red:
            counts.append([red])
        elif green:
            counts.append([green])
        # The date (for a closed card, how and when it closed) is the part of the left side
        # that must stay readable; the counts give way to it, the longest form first.
        lead = left[:3] if card.stage.is_closed else left[:1]
        essential = sum(cell_len(t) for t, _ in lead)
        for right in counts:
            needed = sum(cell_len(t) for t, _ in right)
            if essential + 1 + needed <= text:
                return _two_sided(left, right, text, look.line)
        return _two_sided(left, [], text, look.line)


def _closed_left(card: CardSummary, today: date, look: _Look) -> list[Piece]:
    """How and when a card closed: "Rejected 11-28 · went with an internal hire"."""
    stage_style = look.accepted if card.stage is Stage.ACCEPTED else look.stage
    left: list[Piece] = [(card.stage.label, stage_style)]
    if card.stage_since is not None:
        left += [(" ", look.line), (short_date(card.stage_since, today), look.due)]
    reason = printable(card.closed_reason)
    if reason:
        left += [(" · ", look.reason), (reason, look.reason)]
    return left


def _two_sided(left: list[Piece], right: list[Piece], width: int, style: Style) -> list[Segment]:
    """`left` cut to fit, `right` flush with the right edge (dropped if there is no room)."""
    right_cells = sum(cell_len(t) for t, _ in right)
    if right and right_cells + 1 > width:
        right, right_cells = [], 0
    room = width - right_cells - (1 if right else 0)
    segments, used = fit(left, room)
    if right:
        segments.append(Segment(" " * (width - right_cells - used), style))
        segments += [Segment(t, s) for t, s in right]
    return segments


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (for the short empty-column hint)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and cell_len(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _weight_of(style: Style) -> Style:
    return Style(bold=style.bold, italic=style.italic, underline=style.underline)


def _colour_and_weight_of(style: Style) -> Style:
    return Style(color=style.color, bold=style.bold, italic=style.italic, underline=style.underline)
