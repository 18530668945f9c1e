"""The agenda: what is overdue, then today and the coming days — interviews with their times
(on your clock, and on theirs when it differs), follow-ups, next actions, promised dates and
offer decision deadlines. Reachable from every screen (ctrl+t)."""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from catbird import ops
from catbird.model import Opportunity, now
from catbird.model.agenda import AgendaItem, agenda, on_agenda_by
from catbird.model.calendar import ScheduledInterview, local
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.cells import cell, short
from catbird.tui.widgets.keybar import KeyBar

MARKS = {
    "interview": "◆ ",
    "follow-up": "↻ ",
    "next-action": "→ ",
    "promise": "… ",
    "decision": "! ",
}


class AgendaScreen(FollowsView[None]):
    """Today and the coming days across the whole search, overdue first."""

    CSS_PATH = "agenda.tcss"
    HELP_TEXT = (
        "What is on: overdue first, then today and the coming days (w shows a month). "
        "Interviews show their time on your clock, and on theirs when it differs. On an "
        "interview, t starts its tally (round, kind and people filled in), r moves or changes "
        "it, x calls it off; space ticks a follow-up off; s schedules another interview at "
        "that company; Enter opens the card. `catbird agenda` prints the same list."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="agenda.back"),
        Binding("enter", "open", "Open", id="agenda.open", tooltip="Open the card"),
        Binding(
            "t", "tally", "Tally", id="agenda.tally", tooltip="Start the tally of this interview"
        ),
        Binding(
            "r",
            "reschedule",
            "Move",
            id="agenda.reschedule",
            tooltip="Move the interview, or change how long, with whom, where",
        ),
        Binding(
            "x",
            "cancel",
            "Call off",
            id="agenda.cancel",
            tooltip="Call the interview off (u undoes)",
        ),
        Binding("space", "done", "Done", id="agenda.done", tooltip="Tick the follow-up off"),
        Binding(
            "s",
            "schedule",
            "Schedule",
            id="agenda.schedule",
            tooltip="Schedule another interview at this company",
        ),
        Binding(
            "w", "range", "Week / month", id="agenda.range", tooltip="The coming week or month"
        ),
        Binding("j", "cursor(1)", "Down", id="agenda.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="agenda.up", show=False),
    ]
    WEEK, MONTH = 7, 31

    month: reactive[bool] = reactive(False)
    """Show the coming month, not only the coming week."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[AgendaItem] = []
        self.shown = False
        """Whether the agenda was worked out once (until then it says it is looking)."""

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        table: DataTable[Text] = DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="agenda-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Agenda"
        self.query_one("#agenda-title", Static).update(Content.styled("Looking ahead…", "dim"))
        self.query_one("#agenda-empty", Static).display = False
        self.follow_view(self._view_changed)

    def on_resize(self) -> None:
        if self.shown:
            self.show(self.items)

    def watch_month(self) -> None:
        if self.is_mounted:
            self.reload()

    def _view_changed(self, view: WorkspaceView) -> None:
        self.reload()

    @property
    def days(self) -> int:
        return self.MONTH if self.month else self.WEEK

    def reload(self) -> None:
        self.recompute(door(self).view, self.days)

    # A description, or Textual writes one from the arguments: the repr of a view of
    # 10,000 cards, on the UI thread, at every change.
    @work(thread=True, exclusive=True, group="agenda", description="agenda")
    def recompute(self, view: WorkspaceView, days: int) -> None:
        """Off the UI thread, from the app's whole opportunities: only those whose card says
        something falls in range (an offer may carry a decision deadline: those too), and of
        them only the files changed since they were last read are read again."""
        worker = get_current_worker()
        moment = now()
        until = local(moment).date() + timedelta(days=days)
        wanted = {s.slug: s for s in view.cards.values() if on_agenda_by(s, until)}
        # Unreadable ones are left out: the view lists them among its problems.
        wholes = door(self).whole(wanted, lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        items = agenda(wholes.values(), moment, days)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._shown, items, days)

    def _shown(self, items: list[AgendaItem], days: int) -> None:
        if days == self.days:  # not a range switched away from meanwhile
            self.show(items)

    def _when(self, item: AgendaItem, day: date) -> tuple[str, str]:
        if item.overdue:
            return f"✗ {(day - item.day).days}d late", "$error"
        if item.at is None:
            return "all day", "dim"
        start = local(item.at)
        end = local(item.at + timedelta(minutes=item.minutes))
        return f"{start:%H:%M}–{end:%H:%M}", "bold $accent"

    def _what(self, item: AgendaItem) -> Text:
        text = Text(MARKS[item.kind] + item.text, overflow="fold", end="")
        if item.at is not None:
            extra: list[str] = []
            own = item.own_time()
            if item.zone and own.utcoffset() != local(item.at).utcoffset():
                extra.append(f"{own:%H:%M} {item.zone}")
            if item.people:
                extra.append("with " + ", ".join(item.people))
            if item.where:
                extra.append(item.where)
            if extra:
                text.append(" · " + " · ".join(extra), style="dim")
        return text

    def _lines(self, text: Text, width: int) -> int:
        """How many lines `text` takes in a column `width` wide. Worked out here, not by
        the table (a row of height None), which renders every cell of every row to
        measure them: seconds for the thousands of rows of a long search."""
        if cell_len(text.plain) <= width and "\n" not in text.plain:
            return 1  # most rows
        return max(1, len(text.wrap(self.app.console, width)))

    def show(self, items: list[AgendaItem]) -> None:
        self.items, self.shown = items, True
        day = local(now()).date()
        table: DataTable[Text] = self.query_one("#agenda", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # Four columns of two cells' padding each, and the scrollbar: what is left is text.
        width = max(60, (self.size.width or self.app.size.width) - 10)
        company_width = min(24, max(12, width // 6))
        table.add_column("Day", key="day", width=10)
        table.add_column("When", key="when", width=11)
        table.add_column("Company", key="company", width=company_width)
        what_width = width - 21 - company_width
        table.add_column("What", key="what", width=what_width)
        heading = None
        for index, item in enumerate(items):
            title = "Overdue" if item.overdue else f"{item.day:%a} {item.day.day} {item.day:%b}"
            if not item.overdue and item.day == day:
                title = "Today"
            shown_day = title if title != heading else ""
            heading = title
            day_style = (
                "bold $error" if item.overdue else ("bold $warning" if title == "Today" else "bold")
            )
            when, when_style = self._when(item, day)
            what = self._what(item)
            table.add_row(
                cell(self, shown_day, day_style),
                cell(self, when, when_style),
                cell(self, short(item.company, 24), "bold"),
                what,
                key=f"{index}",
                height=self._lines(what, what_width),
            )
        if items:
            table.move_cursor(row=min(keep, len(items) - 1), animate=False)
        overdue = sum(1 for i in items if i.overdue)
        interviews = sum(1 for i in items if i.kind == "interview")
        scope = "the coming month" if self.month else "the coming week"
        self.query_one("#agenda-title", Static).update(
            Content.assemble(
                (f"{interviews} interview{'' if interviews == 1 else 's'}", "bold"),
                (f" · {len(items) - interviews} to do", "dim"),
                (f" · {overdue} overdue", "bold $error" if overdue else "dim"),
                (f" · {scope} (w switches)", "dim"),
            )
        )
        empty = self.query_one("#agenda-empty", Static)
        empty.display = not items
        empty.update(
            Content.styled(
                "Nothing on. s on a card (or in its details) schedules an interview.", "dim"
            )
        )
        self.refresh_bindings()

    def _current(self) -> AgendaItem | None:
        table = self.query_one("#agenda", DataTable)
        if not self.items or table.row_count == 0:
            return None
        index = table.cursor_row
        return self.items[index] if 0 <= index < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self._current()
        if action in ("tally", "reschedule", "cancel"):
            return item is not None and item.kind == "interview"
        if action == "done":
            return item is not None and item.kind == "follow-up"
        if action in ("open", "schedule"):
            return item is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#agenda", DataTable)
        if delta > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_range(self) -> None:
        self.month = not self.month

    def _interview(self) -> tuple[Opportunity, ScheduledInterview] | None:
        item = self._current()
        if item is None or item.kind != "interview":
            return None
        o = door(self).read(item.slug)
        planned = next((s for s in o.scheduled if s.id == item.item_id), None) if o else None
        if o is None or planned is None:
            return None
        return o, planned

    def action_tally(self) -> None:
        from catbird.tui.dialogs.start_interview import begin_tally

        found = self._interview()
        if found is not None:
            begin_tally(self, *found)

    def action_reschedule(self) -> None:
        from catbird.tui.dialogs.schedule_form import schedule_for

        found = self._interview()
        if found is not None:
            schedule_for(self, *found)

    def action_cancel(self) -> None:
        item = self._current()
        if item is None or item.kind != "interview" or item.item_id is None:
            return
        change = door(self).perform(ops.cancel, item.slug, item.item_id)
        if change is not None:
            self.notify(f"Called off: {item.company}, {item.text} (u undoes)", markup=False)

    def action_done(self) -> None:
        item = self._current()
        if item is None or item.kind != "follow-up" or item.item_id is None:
            return
        change = door(self).perform(ops.complete_follow_up, item.slug, item.item_id)
        if change is not None:
            self.notify(f"Done: {item.text} (u undoes)", timeout=2, markup=False)

    def action_schedule(self) -> None:
        from catbird.tui.dialogs.schedule_form import schedule_for

        item = self._current()
        o = door(self).read(item.slug) if item is not None else None
        if o is not None:
            schedule_for(self, o)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        item = self._current()
        if item is not None:
            self.post_message(messages.OpenDetail(item.slug))
