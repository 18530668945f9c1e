"""The pipeline board: one column per active stage, a foldable column for closed ones."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from catbird.model import ACTIVE_STAGES, CLOSED_STAGES, CardSummary, Stage, today
from catbird.model.board_order import column_of, order_of
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.column import EMPTY_TEXT, BoardColumn
from catbird.tui.widgets.keybar import KeyBar


def stage_title(stage: Stage) -> str:
    """A palette command's name for moving the card to `stage`."""
    return (
        f"Move to {stage.label.lower()}" if stage.is_active else f"Close as {stage.label.lower()}"
    )


def _stage_commands() -> type[Any]:
    """The palette's "Move to …" and "Close as …" for the card under the cursor: every stage
    is a command, as no key reaches an ending other than acceptance. Built on first use,
    since the palette's module is not imported before the first frame."""
    from functools import partial

    from textual.command import DiscoveryHit, Hit, Hits, Provider
    from textual.markup import escape

    class StageCommands(Provider):
        def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
            screen = self.screen
            card = screen.current_card if isinstance(screen, BoardScreen) else None
            if card is None or not isinstance(screen, BoardScreen):
                return []
            # Help is read as markup by the palette: the company name is escaped for it.
            now = escape(f"{card.company}: {card.stage.label.lower()}")
            return [
                (stage_title(s), f"{now} → {s.label.lower()}", partial(screen.move_to, s))
                for s in Stage
                if s != card.stage
            ]

        async def discover(self) -> Hits:
            for title, help_text, run in self._commands():
                yield DiscoveryHit(title, run, help=help_text)

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for title, help_text, run in self._commands():
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)

    return StageCommands


class BoardScreen(FollowsView[None]):
    # The app's default screen: its stylesheet, board.tcss, is loaded with the app's.

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    # Textual's own `Screen.focused`, less the repaint of the whole screen it asks for on
    # every change: the focus follows a moved card into the next column, and that repaint
    # was a third of the key press. The widgets whose look follows focus redraw themselves
    # (the columns, the filter), and the key bar follows the bindings' signal.

    COMMANDS = {_stage_commands}
    HELP_TEXT = (
        "Your pipeline, one column per stage: h/l between columns, j/k between cards; H/L "
        "moves the card a stage back or on (saved, time-stamped), x closes it as any "
        "ending; c folds the closed column. ?3 on a card: three must-haves or dealbreakers "
        "still unknown."
    )
    BINDINGS = [
        Binding(
            "h,left",
            "focus_column(-1)",
            "◀ Column",
            id="board.left",
            show=False,
            tooltip="Previous column",
        ),
        Binding(
            "l,right",
            "focus_column(1)",
            "Column ▶",
            id="board.right",
            show=False,
            tooltip="Next column",
        ),
        Binding(
            "H,shift+left",
            "move_card(-1)",
            "◀ Stage",
            id="board.previous-stage",
            tooltip="Move the card to the previous stage",
        ),
        Binding(
            "L,shift+right",
            "move_card(1)",
            "Stage ▶",
            id="board.next-stage",
            tooltip="Move the card to the next stage",
        ),
        Binding("n", "new", "New", id="board.new", tooltip="Add an opportunity"),
        Binding(
            "x",
            "close_as",
            "Close as…",
            id="board.close-as",
            tooltip="Close it as any ending, with a reason and its plan",
        ),
        Binding(
            "o",
            "offer",
            "Offer",
            id="board.offer",
            tooltip="The offer worksheet: terms against what you need, talking points",
        ),
        Binding(
            "D",
            "due",
            "Due",
            id="board.due",
            show=False,
            tooltip="Follow-ups and next actions due, across the search",
        ),
        Binding(
            "i",
            "insights",
            "Insights",
            id="board.insights",
            show=False,
            tooltip="Funnel, time in stage, why things closed, flags seen most",
        ),
        Binding("e", "edit", "Edit", id="board.edit", tooltip="Edit the card"),
        Binding(
            "t",
            "tally",
            "Tally",
            id="board.tally",
            tooltip="Start (or resume) the interview tally for this card",
        ),
        Binding(
            "s",
            "schedule",
            "Schedule",
            id="board.schedule",
            show=False,
            tooltip="Schedule an interview for this card",
        ),
        Binding(
            "P",
            "prep",
            "Prep",
            id="board.prep",
            show=False,
            tooltip="The prep sheet for the next conversation: what is still unknown, the people",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            id="board.open",
            show=False,
            tooltip="Details: people, notes, interviews, history",
        ),
        Binding(
            "slash", "filter", "Filter", id="board.filter", tooltip="Filter by company, role or tag"
        ),
        Binding("escape", "clear_filter", "Clear filter", id="board.clear-filter", show=False),
        Binding(
            "c",
            "toggle_closed",
            "Fold closed",
            id="board.fold-closed",
            show=False,
            tooltip="Fold or unfold the closed column",
        ),
    ]

    def __init__(self, head: Mapping[str, int] | None = None) -> None:
        """`head`: the cards each column has (by `board_order` column), when the first view
        holds only the first cards of each (the summary index's head): the columns count
        and scroll as if they held them all until the view is loaded."""
        super().__init__()
        self._head = head
        self._unread: dict[str, int] = {}
        """Cards per column not in the view yet (the first view came from the index's head),
        until the view is loaded."""
        self._query = ""
        self._closed_folded = False
        self._shown: Mapping[str, CardSummary] | None = None
        """The cards last drawn: what the next view is compared with."""
        self._shown_problems: tuple[object, object] | None = None
        self._shown_loaded: bool | None = None
        self._shown_query = ""
        self._shown_day = date.min
        self._columns_by_stage: dict[Stage, BoardColumn] | None = None
        self._had_card = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        yield Static(id="problems")
        with Horizontal(id="columns"):
            for stage in ACTIVE_STAGES:
                yield BoardColumn(stage.label, (stage,), id=f"column-{stage.value}")
            yield BoardColumn("Closed", CLOSED_STAGES, id="column-closed")
        yield Input(placeholder="filter: company, role or tag — Esc clears", id="filter")
        yield KeyBar()

    def on_mount(self) -> None:
        self.follow_view(self._show_view)
        self.query_one("#filter", Input).display = False
        self.set_focus(self.columns[0])

    # ---- showing state -------------------------------------------------------------------

    @property
    def columns(self) -> list[BoardColumn]:
        return list(self.query(BoardColumn))

    def _show_view(self, view: WorkspaceView) -> None:
        """Draw what is new in `view`: the cards, the problems, whether it is loaded; and
        put the cursor on the card of the change just made here (a move, a new card, an
        undo)."""
        if self._unread and view.loaded:  # every card is in the view now: all drawn again
            self._unread = {}
            self._shown = None
        if view.cards is not self._shown:
            self._show_cards(view.cards, view.changed_slugs(self._shown or {}))
        if self._shown_problems != (view.problems, view.profile_problem):
            self._shown_problems = (view.problems, view.profile_problem)
            self._show_problems(list(view.every_problem()))
        if view.loaded is not self._shown_loaded:
            self._shown_loaded = view.loaded
            self._show_loading(view.loaded, view.cards)
        slug = view.changed_opportunity
        if slug is not None and self._in_front() and not self.catching_up:
            self.follow(slug)

    def _in_front(self) -> bool:
        """The board is on top, or under a dialog of its own (a form saves before it
        closes): a change made here moves the cursor; one made on another screen does not."""
        stack = self.app.screen_stack
        if stack[-1] is self:
            return True
        return len(stack) > 1 and stack[-2] is self and isinstance(stack[-1], ModalScreen)

    def _show_loading(self, loaded: bool, cards: Mapping[str, CardSummary]) -> None:
        for column in self.columns:
            column.empty_text = EMPTY_TEXT if loaded else "reading…"
            column.refresh()
        if not loaded and not cards:
            self.sub_title = "reading the workspace…"

    def _show_cards(
        self, summaries: Mapping[str, CardSummary], changed: frozenset[str] | None = None
    ) -> None:
        """Draw the cards. After one change only the columns it touches are redrawn, with the
        card put in place by bisection, so a key press costs the same at 20 or 10,000 cards.

        `changed`: the slugs that may differ from the cards drawn last, when known."""
        shown = self._shown
        columns = self._column_of_stage
        if shown is None or self._shown_query != self._query or self._shown_day != today():
            self._draw_all(summaries)
        else:
            slugs = changed if changed is not None else shown.keys() | summaries
            touched: dict[BoardColumn, list[CardSummary]] = {}
            for slug in slugs:
                old, card = shown.get(slug), summaries.get(slug)
                if old is card:
                    continue
                if old is not None:
                    touched.setdefault(columns[old.stage], [])
                if card is not None:
                    touched.setdefault(columns[card.stage], []).append(card)
            for column, arrivals in touched.items():
                self._redraw_column(column, summaries, arrivals)
        self._shown = summaries
        self._shown_query = self._query
        self._update_title(summaries)

    def _draw_all(self, summaries: Mapping[str, CardSummary]) -> None:
        by_column: dict[BoardColumn, list[CardSummary]] = {c: [] for c in self.columns}
        columns = self._column_of_stage
        for card in summaries.values():
            if not self._query or card.matches(self._query):
                by_column[columns[card.stage]].append(card)
        if self._head is not None:  # the first view: the head of the index
            for column, cards in by_column.items():
                key = column_of(column.stages[0])
                self._unread[key] = max(0, self._head.get(key, 0) - len(cards))
            self._head = None
        day = self._shown_day = today()
        for column, cards in by_column.items():
            column.today = day
            column.set_cards(sorted(cards, key=self._order_of(column)), more=self._more(column))

    def _redraw_column(
        self,
        column: BoardColumn,
        summaries: Mapping[str, CardSummary],
        arrivals: list[CardSummary],
    ) -> None:
        # Keep the cards that are still current (same object), then bisect the new ones in.
        cards = [c for c in column.cards if summaries.get(c.slug) is c]
        key = self._order_of(column)
        for card in arrivals:
            if not self._query or card.matches(self._query):
                bisect.insort(cards, card, key=key)
        column.set_cards(cards, more=self._more(column))

    def _more(self, column: BoardColumn) -> int:
        """The cards `column` has beyond those in the view (a filter shows those it found)."""
        return 0 if self._query else self._unread.get(column_of(column.stages[0]), 0)

    def _order_of(self, column: BoardColumn) -> Callable[[CardSummary], tuple[Any, ...]]:
        return order_of(column_of(column.stages[0]))

    @property
    def _column_of_stage(self) -> dict[Stage, BoardColumn]:
        if self._columns_by_stage is None:
            self._columns_by_stage = {s: c for c in self.columns for s in c.stages}
        return self._columns_by_stage

    def _update_title(self, summaries: Mapping[str, CardSummary]) -> None:
        active = sum(c.count for c in self.columns if c.stages != CLOSED_STAGES)
        closed = self.query_one("#column-closed", BoardColumn).count
        if self._query:
            self.sub_title = f"{active + closed} of {len(summaries)} match “{self._query}”"
        else:
            self.sub_title = f"{active} active · {closed} closed"

    def _show_problems(self, problems: list[str]) -> None:
        banner = self.query_one("#problems", Static)
        banner.display = bool(problems)
        if problems:
            first = problems[0]
            more = (
                f"  (+{len(problems) - 1} more — run `catbird check`)" if len(problems) > 1 else ""
            )
            banner.update(Content.assemble(("⚠ not loaded: ", "bold"), first, more))

    # ---- where the cursor is -------------------------------------------------------------

    @property
    def current_column(self) -> BoardColumn:
        focused = self.focused
        if isinstance(focused, BoardColumn):
            return focused
        return self.columns[0]

    @property
    def current_card(self) -> CardSummary | None:
        return self.current_column.selected

    def follow(self, slug: str) -> None:
        """Put the cursor on `slug`, wherever its column is now."""
        for column in self.columns:
            if column.select_slug(slug):
                self.set_focus(column)
                return

    def action_focus_column(self, delta: int) -> None:
        columns = [c for c in self.columns if c.display and not c.has_class("folded")]
        current = self.current_column
        index = columns.index(current) if current in columns else 0
        self.set_focus(columns[max(0, min(len(columns) - 1, index + delta))])

    # ---- changing things -----------------------------------------------------------------

    def action_move_card(self, delta: Literal[-1, 1]) -> None:
        card = self.current_card
        if card is None:
            return
        if card.stage.is_closed and delta > 0:
            self.notify("closed: move it back with H first", timeout=2)
            return
        from catbird import ops

        door(self).perform(ops.step, card.slug, delta)  # the cursor follows (`_show_view`)

    def move_to(self, stage: Stage) -> None:
        """Move the card under the cursor to `stage` (the palette's stage commands)."""
        card = self.current_card
        if card is None or card.stage == stage:
            return
        from catbird import ops

        door(self).perform(ops.move, card.slug, stage)  # the cursor follows (`_show_view`)

    def action_close_as(self) -> None:
        from catbird.tui.dialogs.close_as import close_as

        card = self.current_card
        if card is not None:
            close_as(self, card.slug, card.company, card.stage)

    def action_new(self) -> None:
        column = self.current_column
        stage = column.stages[0] if len(column.stages) == 1 else Stage.LEAD
        from catbird.tui.dialogs.opportunity_form import adding

        # Pushed here, not through a message to the app: the keys typed right after `n`
        # (a burst over a slow link) wait for this form and land in it (`KeysInOrder`).
        self.app.push_screen(adding(stage))

    def action_edit(self) -> None:
        from catbird.tui.dialogs.opportunity_form import OpportunityForm

        card = self.current_card
        if card is None:
            return
        opportunity = door(self).read(card.slug)
        if opportunity is not None:
            self.app.push_screen(OpportunityForm(opportunity=opportunity).saving(self._save_edit))

    def _save_edit(self, values: dict[str, Any]) -> bool:
        from catbird import ops

        change = door(self).perform(ops.edit, values.pop("slug"), **values)
        return change is not None

    def action_open(self) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(messages.OpenDetail(card.slug))

    def action_tally(self) -> None:
        from catbird.tui.dialogs.start_interview import begin_tally

        card = self.current_card
        if card is None:
            return
        opportunity = door(self).read(card.slug)
        if opportunity is not None:
            begin_tally(self, opportunity)

    def action_schedule(self) -> None:
        from catbird.tui.dialogs.schedule_form import schedule_for

        card = self.current_card
        opportunity = door(self).read(card.slug) if card is not None else None
        if opportunity is not None:
            schedule_for(self, opportunity)

    def action_prep(self) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(messages.OpenPrep(card.slug))

    def action_offer(self) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(messages.OpenOffer(card.slug))

    def action_due(self) -> None:
        self.post_message(messages.OpenDue())

    def action_insights(self) -> None:
        self.post_message(messages.OpenInsights())

    @on(BoardColumn.CardSelected)
    def _card_selected(self, event: BoardColumn.CardSelected) -> None:
        self.action_open()

    # ---- filter --------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        self._show_cards(door(self).view.cards)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self._focus_first_card()

    def _focus_first_card(self) -> None:
        for column in self.columns:
            if column.display and column.selected is not None:
                self.set_focus(column)
                return
        self.set_focus(self.columns[0])

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.display and not self._query:
            return
        box.value = ""
        box.display = False
        self._query = ""
        self._show_cards(door(self).view.cards)
        self._focus_first_card()

    def action_toggle_closed(self) -> None:
        self._closed_folded = not self._closed_folded
        self.query_one("#column-closed", BoardColumn).set_class(self._closed_folded, "folded")
        if self._closed_folded and self.current_column.id == "column-closed":
            self.set_focus(self.columns[-2])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action in ("move_card", "edit", "open", "tally", "offer", "prep", "close_as")
            and self.current_card is None
        ):
            return None  # shown greyed out: nothing selected
        if action == "clear_filter":
            return bool(self._query) or self.query_one("#filter", Input).display
        return True

    @on(BoardColumn.CardHighlighted)
    def _highlighted(self, event: BoardColumn.CardHighlighted) -> None:
        # The footer depends only on whether a card is selected: rebuilding it on every
        # cursor move costs a full layout (12–20 ms) per key.
        has_card = self.current_card is not None
        if has_card != self._had_card:
            self._had_card = has_card
            self.refresh_bindings()
