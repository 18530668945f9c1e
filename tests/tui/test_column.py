"""BoardColumn: the virtual list of one board column, driven with keys in a tiny app."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget

from catbird.model import ACTIVE_STAGES, CLOSED_STAGES, CardSummary, Stage
from catbird.tui.widgets.column import CARD_HEIGHT, BoardColumn, fit, printable, short_date

TODAY = date(2026, 5, 11)

HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]quit[/]",
    "[link=https://evil.example]clickme[/link]",
    "\x1b]52;c;aGk=\x07copied",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m \x9b2J",
    "tab\there\nnew\rline\x00nul\x7fdel",
    "[/]",
    "[[[",
    "\u202eevil-bidi",
]


def card(number: int, **fields: Any) -> CardSummary:
    values: dict[str, Any] = {
        "slug": f"company-{number}",
        "company": f"Company {number}",
        "role": f"Role {number}",
        "stage": Stage.SCREENING,
    }
    values.update(fields)
    return CardSummary(**values)


def cards(count: int, **fields: Any) -> list[CardSummary]:
    return [card(n, **fields) for n in range(count)]


class ColumnApp(App[None]):
    """One column (and a second to take the focus away), recording the column's messages."""

    def __init__(self, initial: list[CardSummary] | None = None) -> None:
        super().__init__()
        self.initial = initial or []
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield BoardColumn("Screening", (Stage.SCREENING,), id="column")
            yield BoardColumn("Other", (Stage.LEAD,), id="other")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        column = self.query_one("#column", BoardColumn)
        column.today = TODAY
        column.set_cards(self.initial)
        column.focus()

    def on_board_column_card_highlighted(self, message: BoardColumn.CardHighlighted) -> None:
        self.messages.append(message)

    def on_board_column_card_selected(self, message: BoardColumn.CardSelected) -> None:
        self.messages.append(message)


def column_of(app: App[Any]) -> BoardColumn:
    return app.query_one("#column", BoardColumn)


def visible_text(column: BoardColumn) -> list[str]:
    """What the column shows on screen, line by line, as plain text."""
    height = column.scrollable_content_region.height
    return [column.render_line(y).text for y in range(height)]


def selected_events(app: ColumnApp) -> list[BoardColumn.CardSelected]:
    return [m for m in app.messages if isinstance(m, BoardColumn.CardSelected)]


def highlighted_events(app: ColumnApp) -> list[BoardColumn.CardHighlighted]:
    return [m for m in app.messages if isinstance(m, BoardColumn.CardHighlighted)]


def rich_colour(app: App[Any], variable: str) -> tuple[int, int, int]:
    colour = Color.parse(app.theme_variables[variable])
    return colour.rgb


def segment_style(column: BoardColumn, y: int, text: str) -> Style:
    for segment in column.render_line(y):
        if text in segment.text:
            return segment.style or Style()
    raise AssertionError(f"{text!r} not on line {y}: {column.render_line(y).text!r}")


# ---- keys and the cursor -------------------------------------------------------------------


async def test_bindings_carry_ids() -> None:
    ids = {binding.id for binding in BoardColumn.BINDINGS}  # type: ignore[union-attr]
    assert {
        "column.down",
        "column.up",
        "column.first",
        "column.last",
        "column.page-up",
        "column.page-down",
        "column.select",
    } <= ids


async def test_keys_move_the_cursor() -> None:
    app = ColumnApp(cards(30))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        assert column.cursor_index == 0
        await pilot.press("j", "down")
        assert column.cursor_index == 2
        await pilot.press("k")
        assert column.cursor_index == 1
        await pilot.press("up", "up", "up")
        assert column.cursor_index == 0  # clamped at the top
        await pilot.press("end")
        assert column.cursor_index == 29
        await pilot.press("down")
        assert column.cursor_index == 29  # clamped at the bottom
        await pilot.press("home")
        assert column.cursor_index == 0
        await pilot.press("G")
        assert column.cursor_index == 29
        await pilot.press("g")
        assert column.cursor_index == 0

        page = column.page_cards
        assert page == (24 - 1) // CARD_HEIGHT
        await pilot.press("pagedown")
        assert column.cursor_index == page
        await pilot.press("pagedown", "pageup")
        assert column.cursor_index == page
        await pilot.press("pageup")
        assert column.cursor_index == 0
        assert column.selected == card(0)


async def test_bindings_can_be_remapped_by_id() -> None:
    app = ColumnApp(cards(5))
    async with app.run_test(size=(40, 24)) as pilot:
        app.set_keymap({"column.down": "x"})
        await pilot.press("x", "x")
        assert column_of(app).cursor_index == 2


async def test_cursor_is_kept_on_screen() -> None:
    app = ColumnApp(cards(100))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        await pilot.press("end")
        await pilot.pause()
        assert column.scroll_offset.y > 0
        text = visible_text(column)
        assert any("Company 99" in line for line in text)
        assert "Screening" in text[0]  # the title line stays put while the cards scroll
        await pilot.press("k")
        assert any("Company 98" in line for line in visible_text(column))
        await pilot.press("home")
        await pilot.pause()
        assert column.scroll_offset.y == 0
        assert "Company 0" in visible_text(column)[1]


async def test_moving_posts_card_highlighted() -> None:
    app = ColumnApp(cards(5))
    async with app.run_test(size=(40, 24)) as pilot:
        app.messages.clear()
        await pilot.press("j")
        await pilot.pause()
        events = highlighted_events(app)
        assert events
        assert events[-1].card == card(1)
        assert events[-1].column is column_of(app)
        assert events[-1].control is column_of(app)


async def test_enter_posts_card_selected() -> None:
    app = ColumnApp(cards(5))
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        chosen = selected_events(app)
        assert [event.card.slug for event in chosen] == ["company-2"]


async def test_click_highlights_then_selects() -> None:
    app = ColumnApp(cards(5))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        # The title is line 0; card 1 starts at line 1 + CARD_HEIGHT.
        await pilot.click("#column", offset=(4, 1 + CARD_HEIGHT))
        await pilot.pause()
        assert column.cursor_index == 1
        assert selected_events(app) == []
        await pilot.click("#column", offset=(4, 2 + CARD_HEIGHT))
        await pilot.pause()
        assert [event.card.slug for event in selected_events(app)] == ["company-1"]


async def test_click_focuses_the_column() -> None:
    app = ColumnApp(cards(5))
    async with app.run_test(size=(40, 24)) as pilot:
        other = app.query_one("#other", BoardColumn)
        other.set_cards(cards(3, stage=Stage.LEAD))
        await pilot.click("#other", offset=(4, 1 + 2 * CARD_HEIGHT))
        await pilot.pause()
        assert app.focused is other
        assert other.cursor_index == 2
        assert selected_events(app) == []


# ---- replacing the cards -------------------------------------------------------------------


async def test_set_cards_keeps_the_selected_card() -> None:
    app = ColumnApp(cards(10))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        assert column.select_slug("company-5")
        assert column.cursor_index == 5

        # New cards arrive above it: the cursor follows the card, not the position.
        column.set_cards([card(n) for n in (100, 101, 102, *range(10))])
        await pilot.pause()
        assert column.selected is not None
        assert column.selected.slug == "company-5"
        assert column.cursor_index == 8

        # Reordered.
        column.set_cards(list(reversed(cards(10))))
        assert column.selected is not None and column.selected.slug == "company-5"
        assert column.cursor_index == 4

        # The card itself changed (more red flags): still selected, and announced.
        app.messages.clear()
        changed = [card(n, red=3) if n == 5 else card(n) for n in range(10)]
        column.set_cards(changed)
        await pilot.pause()
        assert column.selected == card(5, red=3)
        assert highlighted_events(app)[-1].card == card(5, red=3)


async def test_set_cards_clamps_when_the_card_is_gone() -> None:
    app = ColumnApp(cards(10))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        column.select_slug("company-9")
        column.set_cards(cards(3))
        await pilot.pause()
        assert column.cursor_index == 2
        assert column.selected == card(2)

        column.select_slug("company-1")
        column.set_cards([card(0), card(2)])  # company-1 is gone: stay at the same place
        assert column.cursor_index == 1
        assert column.selected == card(2)

        assert not column.select_slug("no-such-card")
        assert column.cursor_index == 1


async def test_empty_column_shows_a_hint() -> None:
    app = ColumnApp([])
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        assert column.selected is None
        text = "\n".join(visible_text(column))
        assert "nothing here yet" in text
        assert "Screening" in text and "0" in visible_text(column)[0]
        await pilot.press("j", "end", "pagedown", "enter")
        assert column.cursor_index == 0
        assert selected_events(app) == []

        column.set_cards(cards(2))
        column.set_cards([])
        await pilot.pause()
        assert column.selected is None
        assert highlighted_events(app)[-1].card is None


async def test_empty_hint_wraps_in_a_narrow_column() -> None:
    app = ColumnApp([])
    async with app.run_test(size=(26, 12)):
        column = column_of(app)
        text = visible_text(column)
        assert column.size.width == 13
        assert text[1].strip() == "nothing"
        assert text[2].strip() == "here yet"


# ---- scale ---------------------------------------------------------------------------------


async def test_ten_thousand_cards_draw_only_what_is_visible(monkeypatch: Any) -> None:
    many = cards(10_000)
    drawn: list[str] = []
    original = BoardColumn._draw_card

    def counting(self: BoardColumn, summary: CardSummary, width: int, state: str) -> Any:
        drawn.append(summary.slug)
        return original(self, summary, width, state)

    monkeypatch.setattr(BoardColumn, "_draw_card", counting)
    app = ColumnApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        widgets_before = len(list(app.query(Widget)))
        column = column_of(app)
        column.set_cards(many)
        await pilot.pause()
        # No widget per card, and only the cards on screen were drawn.
        assert len(list(app.query(Widget))) == widgets_before
        assert column.virtual_size.height == 1 + 10_000 * CARD_HEIGHT
        on_screen = (24 - 1) // CARD_HEIGHT + 1
        assert 0 < len(set(drawn)) <= on_screen + 1

        drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert column.cursor_index == 9_999
        assert any("Company 9999" in line for line in visible_text(column))
        assert "company-5000" not in drawn
        assert len(set(drawn)) <= on_screen + 2

        # Any line can be drawn on demand, far from the top.
        column.scroll_to(y=5_000 * CARD_HEIGHT, animate=False, immediate=True)
        await pilot.pause()
        assert "Company 5000" in visible_text(column)[1]

        # Replacing 10,000 cards keeps the selection by slug.
        column.set_cards(list(reversed(many)))
        assert column.cursor_index == 0
        assert column.selected is not None and column.selected.slug == "company-9999"


# ---- hostile text --------------------------------------------------------------------------


async def test_markup_and_escapes_are_shown_literally() -> None:
    hostile = [
        card(n, company=text, role=text, next_action=text, tags=(text,), next_due=TODAY)
        for n, text in enumerate(HOSTILE)
    ]
    app = ColumnApp(hostile)
    async with app.run_test(size=(160, 60)) as pilot:
        column = column_of(app)
        lines = visible_text(column)
        screen = "\n".join(lines)
        for text in ("[bold]x[/]", "[@click=app.quit]quit[/]", "[/]", "[[["):
            assert text in screen
        assert "[link=https://evil.example]clickme[/link]" in screen
        assert "copied" in screen  # what is left of the OSC 52 sequence, as plain text
        assert "evil-bidi" in screen and "\u202e" not in screen
        for line in lines:
            assert "\x1b" not in line and "\x07" not in line and "\x9b" not in line
            assert all(ch.isprintable() for ch in line), repr(line)

        # No markup made it into a style: no links, no click actions.
        for y in range(len(lines)):
            for segment in column.render_line(y):
                style = segment.style or Style()
                assert not style.link
                assert "@click" not in (style.meta or {})

        # Clicking the company named like a quit action must not quit.
        await pilot.click("#column", offset=(4, 1 + CARD_HEIGHT))
        await pilot.click("#column", offset=(4, 1 + CARD_HEIGHT))
        await pilot.pause()
        assert app.is_running
        assert "\x1b]" not in app.export_screenshot()


def test_printable_strips_controls_keeps_text() -> None:
    assert printable("\x1b]52;c;aGk=\x07ok") == "]52;c;aGk=ok"
    assert printable("a\tb\nc") == "a b c"
    assert printable("日本語 [b]") == "日本語 [b]"
    assert printable("\ud800x") == "x"


# ---- looks ---------------------------------------------------------------------------------


async def test_overdue_today_and_counts_use_theme_colours() -> None:
    app = ColumnApp(
        [
            card(0),  # selected, so the others are drawn plainly
            card(1, next_due=TODAY - timedelta(days=3), next_action="Chase recruiter"),
            card(2, next_due=TODAY, next_action="Prepare", red=3, green=1),
            card(3, next_due=TODAY + timedelta(days=9), next_action="Call"),
        ]
    )
    async with app.run_test(size=(60, 24)):
        column = column_of(app)
        overdue_line = 1 + CARD_HEIGHT + 2
        today_line = 1 + 2 * CARD_HEIGHT + 2
        later_line = 1 + 3 * CARD_HEIGHT + 2
        assert column.render_line(overdue_line).text.strip().startswith("!May 8")

        overdue = segment_style(column, overdue_line, "!May 8")
        assert overdue.bold
        assert overdue.color is not None
        assert overdue.color.triplet == rich_colour(app, "error")

        due_today = segment_style(column, today_line, "today")
        assert due_today.color is not None
        assert due_today.color.triplet == rich_colour(app, "warning")

        red = segment_style(column, today_line, "▲3")
        green = segment_style(column, today_line, "●1")
        assert red.color is not None and red.color.triplet == rich_colour(app, "error")
        assert green.color is not None and green.color.triplet == rich_colour(app, "success")

        later = segment_style(column, later_line, "May 20")
        assert not later.bold
        assert later.color is not None and later.color.triplet != rich_colour(app, "error")
        assert "!" not in column.render_line(later_line).text


async def test_overdue_follows_today() -> None:
    app = ColumnApp([card(0), card(1, next_due=TODAY, next_action="Call")])
    async with app.run_test(size=(60, 24)) as pilot:
        column = column_of(app)
        line = 1 + CARD_HEIGHT + 2
        assert "today" in column.render_line(line).text
        column.today = TODAY + timedelta(days=1)
        await pilot.pause()
        assert "!May 11" in column.render_line(line).text


async def test_selected_card_and_focused_title_are_highlighted() -> None:
    app = ColumnApp(cards(3))
    async with app.run_test(size=(60, 24)) as pilot:
        column = column_of(app)
        focused_title = segment_style(column, 0, "Screening")
        selected = segment_style(column, 1, "Company 0")
        plain = segment_style(column, 1 + CARD_HEIGHT, "Company 1")
        assert column.render_line(1).text.startswith("▌")  # the cursor bar
        assert selected.bgcolor is not None
        assert selected.bgcolor.triplet == rich_colour(app, "block-cursor-background")
        assert selected.bgcolor != plain.bgcolor
        assert plain.bold  # the company stands out

        app.query_one("#other", BoardColumn).focus()
        await pilot.pause()
        blurred_title = segment_style(column, 0, "Screening")
        assert blurred_title != focused_title
        blurred = segment_style(column, 1, "Company 0")
        assert blurred.bgcolor is not None
        assert blurred.bgcolor not in (selected.bgcolor, plain.bgcolor)
        assert not column.render_line(1).text.startswith("▌")


async def test_closed_cards_show_how_they_closed() -> None:
    closed = [
        card(0, stage=Stage.WALKED_AWAY, closed_reason="rude interviewer", red=4),
        card(1, stage=Stage.ACCEPTED),
    ]
    app = ColumnApp(closed)
    async with app.run_test(size=(100, 24)):
        column = column_of(app)
        assert "Walked away · rude interviewer" in column.render_line(3).text
        assert "▲4" in column.render_line(3).text
        assert column.render_line(3 + CARD_HEIGHT).text.strip() == "Accepted"


async def test_fit_score_and_tags() -> None:
    app = ColumnApp([card(0, fit=82, tags=("remote", "fintech")), card(1, fit=0)])
    async with app.run_test(size=(80, 24)):
        column = column_of(app)
        first = column.render_line(1).text.rstrip()
        assert first.endswith("82%")
        assert "#remote #fintech" in column.render_line(2).text
        dealbreaker = segment_style(column, 1 + CARD_HEIGHT, "0%")
        assert dealbreaker.color is not None
        assert dealbreaker.color.triplet == rich_colour(app, "error")


async def test_the_unknowns_show_beside_the_role_while_the_search_is_on() -> None:
    app = ColumnApp(
        [
            card(0, fit=82, unknown=3, role="Staff Engineer, Ledger Infrastructure"),
            card(1, unknown=4, stage=Stage.REJECTED),
        ]
    )
    async with app.run_test(size=(80, 24)):
        column = column_of(app)
        role = column.render_line(2).text.rstrip()
        assert role.endswith(" ?3") and "Staff Engineer" in role
        assert column.render_line(1).text.rstrip().endswith("82%")
        assert "?4" not in column.render_line(2 + CARD_HEIGHT).text  # closed: nothing to find


# ---- width ---------------------------------------------------------------------------------


class BoardApp(App[None]):
    """The board's six columns side by side, as at 80×24."""

    CSS = "Horizontal { height: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            for stage in ACTIVE_STAGES:
                yield BoardColumn(stage.label, (stage,), id=stage.value)
            yield BoardColumn("Closed", CLOSED_STAGES, id="closed")

    def on_mount(self) -> None:
        for column in self.query(BoardColumn):
            column.today = TODAY
            stage = column.stages[0]
            column.set_cards(
                [
                    card(
                        n,
                        slug=f"{stage.value}-{n}",
                        company="Initech Systems International",
                        role="Principal Platform Engineer",
                        stage=stage,
                        next_action="Send the thank-you notes",
                        next_due=TODAY - timedelta(days=1),
                        red=3,
                        green=1,
                        fit=82,
                        closed_reason="pay",
                    )
                    for n in range(8)
                ]
            )


async def test_six_columns_fit_in_80_by_24() -> None:
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        columns = list(app.query(BoardColumn))
        assert len(columns) == 6
        for column in columns:
            assert column.size.width >= 13
            width = column.scrollable_content_region.width
            lines = visible_text(column)
            assert all(cell_len(line) == width for line in lines)
            assert lines[0].split()[-1] == "8"  # the count survives in the title
            # The company takes the whole first line; the fit gives way to it, to the role's.
            name = lines[1].lstrip("▌ ").rstrip()
            assert name == "Initech Systems International"[: width - 2] + "…"
            assert "82%" not in lines[1] and lines[2].endswith("82%")
            assert lines[2].lstrip("▌ ").startswith("Princ")
            third = lines[3].lstrip("▌ ")
            assert third.startswith("!May 10") or third.startswith(column.stages[0].label)
            assert "▲3" in lines[3]


@pytest.mark.parametrize(
    ("width", "first", "second"),
    [
        (40, "Larkspur Analytics 100%", "Staff Data Engineer"),
        (14, "Larkspur Anal…", "Staff Da… 100%"),
    ],
)
async def test_a_narrow_card_keeps_the_company_name_and_moves_the_fit_down(
    width: int, first: str, second: str
) -> None:
    larkspur = card(0, company="Larkspur Analytics", role="Staff Data Engineer", fit=100)
    app = ColumnApp([larkspur])
    async with app.run_test(size=(60, 12)) as pilot:
        column = column_of(app)
        column.styles.width = width + 1  # the cursor bar
        await pilot.pause()
        lines = [line.lstrip("▌ ") for line in visible_text(column)]
        assert " ".join(lines[1].split()) == first
        assert " ".join(lines[2].split()) == second


async def test_wide_characters_are_cut_by_cells() -> None:
    app = ColumnApp([card(0, company="日本語株式会社エンジニアリング部門", role="エンジニア")])
    async with app.run_test(size=(30, 12)):
        column = column_of(app)
        width = column.scrollable_content_region.width
        line = column.render_line(1).text
        assert cell_len(line) == width
        assert "…" in line
        assert line.lstrip("▌ ").startswith("日本語")


async def test_folded_width_does_not_crash() -> None:
    app = ColumnApp(cards(3, next_due=TODAY, red=2))
    async with app.run_test(size=(40, 12)) as pilot:
        column = column_of(app)
        for width in (1, 2, 3, 5):
            column.styles.width = width
            await pilot.pause()
            lines = visible_text(column)
            assert all(cell_len(line) == column.scrollable_content_region.width for line in lines)


def test_fit_pieces() -> None:
    plain = Style()
    segments, used = fit([("abc", plain), (" ", plain), ("defgh", plain)], 6)
    assert "".join(s.text for s in segments) == "abc"  # "d…" would be a stub: left out
    assert used == 3
    segments, used = fit([("abcdefgh", plain)], 5)
    assert "".join(s.text for s in segments) == "abcd…" and used == 5
    segments, used = fit([("日本語", plain)], 4)
    assert "".join(s.text for s in segments) == "日…" and used == 3
    assert fit([("abc", plain)], 0) == ([], 0)


def test_short_dates() -> None:
    assert short_date(TODAY, TODAY) == "today"
    assert short_date(date(2026, 6, 3), TODAY) == "Jun 3"
    assert short_date(date(2027, 1, 2), TODAY) == "2027-01-02"


async def test_cards_are_drawn_once_and_shown_again_after_a_shift_or_a_focus_change(
    monkeypatch: Any,
) -> None:
    """A key that moves a card shifts the others in both columns and moves the focus: the
    cards on screen come from the cache (a full column redrawn per key is most of a key's
    cost at 10,000 cards), and only a card whose look changed is drawn again."""
    app = ColumnApp(cards(10))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        before = visible_text(column)  # every card on screen drawn once
        drawn: list[str] = []
        draw = BoardColumn._draw_card

        def counting(self: BoardColumn, card: CardSummary, *args: Any) -> Any:
            drawn.append(card.slug)
            return draw(self, card, *args)

        monkeypatch.setattr(BoardColumn, "_draw_card", counting)
        column.set_cards(cards(10)[1:])  # the first card left: the others move up
        await pilot.pause()
        assert visible_text(column)[1:] != before[1:]  # they did move
        # Drawn anew: the card the cursor is now on, and the one that came into view; the
        # ones that only moved up come from the cache.
        assert drawn == ["company-1", "company-6"]
        drawn.clear()

        app.query_one("#other", BoardColumn).focus()  # the focus leaves
        await pilot.pause()
        visible_text(column)
        app.query_one("#column", BoardColumn).focus()  # and comes back
        await pilot.pause()
        visible_text(column)
        assert set(drawn) == {column.selected.slug}  # type: ignore[union-attr]


async def test_a_card_coming_or_going_lays_out_nothing_unless_the_scrollbar_changes(
    monkeypatch: Any,
) -> None:
    """The column's height follows its cards. Laying the screen out again for that (what
    setting `virtual_size` does) repaints every widget: a third of a key press. While the
    scrollbar stays, only the column and its scrollbar are drawn; the scrollbar still fits
    the new height, and one that must appear or go still gets its layout."""
    from textual.screen import Screen

    layouts: list[int] = []
    lay_out = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        layouts.append(1)
        return lay_out(self, *args, **kwargs)

    app = ColumnApp(cards(30))
    async with app.run_test(size=(40, 24)) as pilot:
        column = column_of(app)
        await pilot.pause()
        assert column.show_vertical_scrollbar
        monkeypatch.setattr(Screen, "_refresh_layout", counting)

        column.set_cards(cards(29))
        await pilot.pause()
        assert layouts == []
        assert column.virtual_size.height == 1 + 29 * CARD_HEIGHT
        assert column.vertical_scrollbar.window_virtual_size == 1 + 29 * CARD_HEIGHT
        column.cursor_last()
        await pilot.pause()
        assert "Company 28" in " ".join(visible_text(column))  # scrolled to the new end

        column.set_cards(cards(2))  # the scrollbar goes: that is a layout
        await pilot.pause()
        assert layouts
        assert not column.show_vertical_scrollbar
        assert column.scroll_offset.y == 0
        assert "Company 1" in " ".join(visible_text(column))
