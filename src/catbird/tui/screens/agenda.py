"""The agenda: what is overdue, then today and the coming days — interviews with their times
(on your clock, and on theirs when it differs), follow-ups, next actions, promised dates and
offer decision deadlines. Reachable from every screen (ctrl+t)."""

from __future__ import annotations

from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.worker import get_current_worker

from catbird import ops
from catbird.model import Opportunity, now
from catbird.model.agenda import AgendaItem, on_agenda_by
from catbird.model.calendar import ScheduledInterview, local
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.agenda_list import AgendaList
from catbird.tui.widgets.keybar import KeyBar
from catbird.tui.widgets.text_box import TextBox

EMPTY = "Nothing on. s on a card (or in its details) schedules an interview."


class AgendaScreen(FollowsView[None]):
    """Today and the coming days across the whole search, overdue first."""

    WHOLE_WORKSPACE = True
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
        yield TextBox(id="agenda-title")
        yield AgendaList(id="agenda")
        yield TextBox(id="agenda-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Agenda"
        self.query_one("#agenda-title", TextBox).show(Content.styled("Looking ahead…", "dim"))
        empty = self.query_one("#agenda-empty", TextBox)
        empty.show(Content.styled(EMPTY, "dim"))
        empty.display = False
        self.follow_view(self._view_changed)

    def watch_month(self) -> None:
        if self.is_mounted:
            self.reload()

    def _view_changed(self, view: WorkspaceView) -> None:
        self.reload()

    @property
    def days(self) -> int:
        return self.MONTH if self.month else self.WEEK

    def reload(self) -> None:
        view = door(self).view
        if self.whole(view):
            self.recompute(view, self.days)

    # A description, or Textual writes one from the arguments: the repr of a view of
    # 10,000 cards, on the UI thread, at every change.
    @work(thread=True, exclusive=True, group="agenda", description="agenda")
    def recompute(self, view: WorkspaceView, days: int) -> None:
        """Off the UI thread, from each file's facts (kept across runs): only the cards
        that say something falls in range (an offer may carry a decision deadline: those
        too), and of them only the files changed since are read."""
        worker = get_current_worker()
        moment = now()
        until = local(moment).date() + timedelta(days=days)
        wanted = {s.slug: s for s in view.cards.values() if on_agenda_by(s, until)}
        # Unreadable ones are left out: the view lists them among its problems.
        items = door(self).agenda(wanted, moment, days, lambda: worker.is_cancelled)
        if items is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._shown, items, days)

    def _shown(self, items: list[AgendaItem], days: int) -> None:
        if days == self.days:  # not a range switched away from meanwhile
            self.show(items)

    def show(self, items: list[AgendaItem]) -> None:
        """Show `items`: only the rows on screen are drawn, and only what changed is drawn
        again; the cursor stays on the item it was on."""
        self.items, self.shown = items, True
        self.query_one("#agenda", AgendaList).show(items, local(now()).date())
        overdue = sum(1 for i in items if i.overdue)
        interviews = sum(1 for i in items if i.kind == "interview")
        scope = "the coming month" if self.month else "the coming week"
        self.query_one("#agenda-title", TextBox).show(
            Content.assemble(
                (f"{interviews} interview{'' if interviews == 1 else 's'}", "bold"),
                (f" · {len(items) - interviews} to do", "dim"),
                (f" · {overdue} overdue", "bold $error" if overdue else "dim"),
                (f" · {scope} (w switches)", "dim"),
            )
        )
        empty = self.query_one("#agenda-empty", TextBox)
        if empty.display != (not items):
            empty.display = not items
        self.refresh_bindings()

    def _current(self) -> AgendaItem | None:
        return self.query_one("#agenda", AgendaList).selected

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self._current()
        if action in ("tally", "reschedule", "cancel"):
            return item is not None and item.kind == "interview"
        if action == "done":
            return item is not None and item.kind == "follow-up"
        if action in ("open", "schedule"):
            return item is not None
        return True

    @on(AgendaList.Highlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        agenda_list = self.query_one("#agenda", AgendaList)
        agenda_list.move_to(agenda_list.cursor + delta)

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

    @on(AgendaList.Selected)
    def action_open(self) -> None:
        item = self._current()
        if item is not None:
            self.post_message(messages.OpenDetail(item.slug))
