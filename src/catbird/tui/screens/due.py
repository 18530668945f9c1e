"""What is due: follow-ups and next actions across the workspace, soonest first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from catbird import ops
from catbird.model import today
from catbird.texts.letters import LETTER_KINDS
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.cells import cell, short
from catbird.tui.widgets.keybar import KeyBar

FIRST_ROWS = 80
"""Rows added at once when the table is built (more than any terminal shows)."""
LATER_ROWS = 40
"""Rows added a frame after those."""


class DueScreen(FollowsView[None]):
    """Follow-ups and next actions due or overdue, across the whole workspace."""

    WHOLE_WORKSPACE = True
    CSS_PATH = "offer.tcss"
    HELP_TEXT = (
        "What needs doing: overdue first, then today, then the coming week (w shows "
        "everything still open). Space ticks a follow-up off, e rewords or re-dates it, d "
        "removes it; l opens its letter (edit it here or in $EDITOR, copy it, write it as "
        ".eml, mark it sent); Enter opens the card. An application with no news for the "
        "days your profile sets gets a nudge (l drafts the check-in); after twice as long, "
        "G closes it as ghosted, with its plan. A next action is done when you set the next "
        "one on the card."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="due.back"),
        Binding("space", "done", "Done", id="due.done", tooltip="Tick the follow-up off"),
        Binding("e", "edit", "Edit", id="due.edit", tooltip="Reword or re-date the follow-up"),
        Binding(
            "d", "remove", "Remove", id="due.remove", tooltip="Remove the follow-up (u undoes)"
        ),
        Binding("l", "letter", "Letter", id="due.letter", tooltip="The letter of this follow-up"),
        Binding(
            "G",
            "ghosted",
            "Close as ghosted",
            id="due.ghosted",
            tooltip="No news for long: close it as ghosted (its plan comes with it)",
        ),
        Binding("enter", "open", "Open", id="due.open", tooltip="Open the card"),
        Binding(
            "w", "range", "Week / all", id="due.range", tooltip="The coming week or everything"
        ),
        Binding("j", "cursor(1)", "Down", id="due.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="due.up", show=False),
    ]
    WEEK = 7

    everything: reactive[bool] = reactive(False)
    """Show everything still open, not only what falls due within the coming week."""

    def __init__(self, slug: str | None = None) -> None:
        super().__init__()
        self.items: list[ops.DueItem] = []
        self.slug = slug
        """Only this card's follow-ups (everything still open), when given."""
        if slug is not None:
            self.set_reactive(DueScreen.everything, True)
        self._keys: list[str] = []
        """The table's row key of each item."""
        self._drawn_for: tuple[date, int] | None = None
        """The day and width the table was last built for."""
        self._generation = 0
        """Counts the table's builds: rows added late belong to the build they were for."""

    def compose(self) -> ComposeResult:
        yield Static(id="due-title")
        table: DataTable[Text] = DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="due-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Due" if self.slug is None else "Follow-ups and letters"
        self.query_one("#due-title", Static).update(Content.styled("Reading the workspace…", "dim"))
        self.query_one("#due-empty", Static).display = False
        self.follow_view(self._view_changed)

    def on_resize(self) -> None:
        if self.whole(door(self).view):  # never "nothing due" before the cards are in
            self.show(self.items)

    def watch_everything(self) -> None:
        if self.is_mounted:
            self._drawn_for = None  # another range: the table is built anew
            self.reload()

    def _view_changed(self, view: WorkspaceView) -> None:
        self.reload()

    def until(self) -> date:
        return date.max if self.everything else today() + timedelta(days=self.WEEK)

    def reload(self) -> None:
        """What is due, from the cards (each carries what falls due on it, and when it was
        last heard from): no file read."""
        view = door(self).view
        if not self.whole(view):
            return  # drawn when every card is in (see FollowsView.WHOLE_WORKSPACE)
        if self.slug is None:
            cards = list(view.cards.values())
        else:
            cards = [view.cards[self.slug]] if self.slug in view.cards else []
        quiet_days = door(self).profile.follow_ups.quiet_days
        self.show(ops.due_items_of_cards(cards, self.until(), quiet_days=quiet_days))

    def show(self, items: list[ops.DueItem]) -> None:
        day = today()
        # Long tasks wrap onto a second line rather than run off the right edge.
        width = max(60, (self.size.width or self.app.size.width) - 8)
        table: DataTable[Text] = self.query_one("#due", DataTable)
        if self._drawn_for == (day, width) and table.row_count == len(self.items):
            # A change elsewhere in the workspace, or a task done: the rows as they are, or
            # those gone taken out (building a table of hundreds of rows costs ~100 ms).
            gone = _removed(self.items, items)
            if gone is not None:
                for index in gone:
                    table.remove_row(self._keys[index])
                self._keys = [key for i, key in enumerate(self._keys) if i not in gone]
                self.items = items
                self._summarize(items, day)
                return
        self.items = items
        self._drawn_for = (day, width)
        keep = table.cursor_row
        table.clear(columns=True)
        company_width = min(24, max(12, width // 5))
        table.add_column("When", key="when", width=11)
        table.add_column("Company", key="company", width=company_width)
        what_width = width - 11 - company_width
        table.add_column("What", key="what", width=what_width)
        self._keys = [f"{index}" for index in range(len(items))]
        self._generation += 1
        # A screenful first, the rest after that frame, a batch a frame: a table of hundreds
        # of rows costs ~1 ms a row to add and measure, which neither the view's opening nor
        # the next key need wait for.
        self._add_rows(items, 0, max(FIRST_ROWS, keep + 1), day, what_width)
        if items:
            table.move_cursor(row=min(keep, len(items) - 1), animate=False)
        self._summarize(items, day)

    def _add_rows(
        self, items: list[ops.DueItem], start: int, end: int, day: date, what_width: int
    ) -> None:
        """Add the rows of items[start:end], then the next batch after the next frame
        (unless the table was built again meanwhile)."""
        table: DataTable[Text] = self.query_one("#due", DataTable)
        end = min(end, len(items))
        for index in range(start, end):
            item = items[index]
            late = (day - item.due).days
            if late > 0:
                when, style = f"✗ {late}d late", "bold $error"
            elif late == 0:
                when, style = "! today", "bold $warning"
            else:
                when, style = f"  {item.due:%a %m-%d}", ""
            mark = {"follow-up": "↻ ", "quiet": "… "}.get(item.kind, "→ ")
            if item.follow_up_kind in LETTER_KINDS or item.kind == "quiet":
                mark = "✉ "
            what = Text(mark + item.text, overflow="fold", end="")
            table.add_row(
                cell(self, when, style),
                cell(self, short(item.company, 24), "bold"),
                what,
                key=self._keys[index],
                height=self._lines(what, what_width),
            )
        if end < len(items):
            generation = self._generation

            def more() -> None:
                if generation == self._generation:
                    self._add_rows(items, end, end + LATER_ROWS, day, what_width)

            self.call_after_refresh(more)

    def _summarize(self, items: list[ops.DueItem], day: date) -> None:
        overdue = sum(1 for i in items if i.due < day)
        due_today = sum(1 for i in items if i.due == day)
        scope = "everything open" if self.everything else f"the next {self.WEEK} days"
        self.query_one("#due-title", Static).update(
            Content.assemble(
                (f"{len(items)} due", "bold"),
                (f" · {overdue} overdue", "bold $error" if overdue else "dim"),
                (f" · {due_today} today", "dim"),
                (f" · showing {scope} (w switches)", "dim"),
            )
        )
        empty = self.query_one("#due-empty", Static)
        empty.display = not items
        empty.update(Content.styled("Nothing due. Well done.", "dim"))
        self.refresh_bindings()

    def _lines(self, text: Text, width: int) -> int:
        """The lines `text` takes in the What column. Given, not left to the table to find
        out (height=None): that renders every cell of every row, seconds for a few hundred
        rows; only a text longer than the column is wrapped here to count."""
        if text.cell_len <= width:
            return 1
        return max(1, len(text.wrap(self.app.console, width)))

    def _current(self) -> ops.DueItem | None:
        table = self.query_one("#due", DataTable)
        if not self.items or table.row_count == 0:
            return None
        index = table.cursor_row
        return self.items[index] if 0 <= index < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "edit", "remove"):
            item = self._current()
            return item is not None and item.kind == "follow-up"
        if action == "letter":
            item = self._current()
            return item is not None and (
                item.kind == "quiet" or item.follow_up_kind in LETTER_KINDS
            )
        if action == "ghosted":
            item = self._current()
            return item is not None and item.follow_up_kind == "ghosted"
        if action == "open":
            return self._current() is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#due", DataTable)
        if delta > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_range(self) -> None:
        self.everything = not self.everything

    def action_done(self) -> None:
        item = self._current()
        if item is None or item.follow_up_id is None:
            if item is not None:
                self.notify("Set the card's next action to move on from this one (Enter).")
            return
        change = door(self).perform(ops.complete_follow_up, item.slug, item.follow_up_id)
        if change is not None:  # the list is read again from the new view
            self.notify(f"Done: {item.text} (u undoes)", timeout=2, markup=False)

    def action_edit(self) -> None:
        from catbird.tui.dialogs.follow_up_form import FollowUpForm

        item = self._current()
        if item is None or item.follow_up_id is None:
            return
        follow_up_id = item.follow_up_id

        def save(values: dict[str, Any] | None) -> bool:
            if not values:
                return True
            change = door(self).perform(ops.edit_follow_up, item.slug, follow_up_id, **values)
            return change is not None

        self.app.push_screen(FollowUpForm(item.text, item.due).saving(save))

    def action_remove(self) -> None:
        item = self._current()
        if item is None or item.follow_up_id is None:
            return
        change = door(self).perform(ops.remove_follow_up, item.slug, item.follow_up_id)
        if change is not None:
            self.notify(f"Removed: {item.text} (u undoes)", timeout=2, markup=False)

    def action_letter(self) -> None:
        from catbird.tui.dialogs.letter import open_letter

        item = self._current()
        if item is not None:
            open_letter(self, item.slug, item.follow_up_id)

    def action_ghosted(self) -> None:
        from catbird.model import Stage

        item = self._current()
        if item is None or item.follow_up_kind != "ghosted":
            return
        door(self).perform(ops.close, item.slug, Stage.GHOSTED, "no news for a long time")

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        item = self._current()
        if item is not None:
            self.post_message(messages.OpenDetail(item.slug))


def _removed(before: list[ops.DueItem], after: list[ops.DueItem]) -> set[int] | None:
    """The indexes of `before` that `after` lacks, if `after` is `before` with some items
    taken out (in order); None if anything else changed."""
    if len(after) > len(before):
        return None
    gone: set[int] = set()
    position = 0
    for index, item in enumerate(before):
        if position < len(after) and after[position] == item:
            position += 1
        else:
            gone.add(index)
    return gone if position == len(after) else None
