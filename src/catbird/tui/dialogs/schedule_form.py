"""The form that puts an interview in the calendar, or changes one already there."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import Opportunity, now
from catbird.model.calendar import (
    DEFAULT_MINUTES,
    ScheduledInterview,
    describe_minutes,
    describe_time,
    parse_minutes,
    parse_when,
)
from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.dialogs.start_interview import KINDS
from catbird.tui.door import door

if TYPE_CHECKING:
    from textual.screen import Screen


class ScheduleForm(Dialog[dict[str, Any] | None]):
    """When (on the clock of its zone), how long, what kind, who, where. Returns the fields
    for `ops.schedule`, or for `ops.reschedule` only those changed; None on Esc."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="schedule.cancel"),
        Binding("ctrl+s", "save", "Save", id="schedule.save", priority=True),
    ]
    DEFAULT_CSS = """
    ScheduleForm #when-here { color: $text-muted; height: auto; }
    """

    def __init__(self, opportunity: Opportunity, item: ScheduledInterview | None = None) -> None:
        super().__init__()
        self.opportunity = opportunity
        self.item = item
        if item is None:
            start = (now() + timedelta(days=1)).replace(hour=10, minute=0, second=0)
            next_round = max(
                [i.round for i in opportunity.interviews]
                + [s.round or 0 for s in opportunity.scheduled if s.is_ahead],
                default=0,
            )
            self.initial: dict[str, str] = {
                "when": f"{start:%Y-%m-%d %H:%M}",
                "zone": "",
                "minutes": describe_minutes(DEFAULT_MINUTES).replace(" ", ""),
                "kind": "video",
                "round": str(next_round + 1),
                "people": "",
                "place": "",
                "link": "",
                "note": "",
            }
        else:
            self.initial = {
                "when": f"{item.own_time():%Y-%m-%d %H:%M}",
                "zone": item.zone,
                "minutes": f"{item.minutes}m",
                "kind": item.kind,
                "round": str(item.round or ""),
                "people": ", ".join(opportunity.who(p) for p in item.people),
                "place": item.place,
                "link": item.link,
                "note": item.note,
            }

    def compose(self) -> ComposeResult:
        o, v = self.opportunity, self.initial
        verb = "Schedule an interview at " if self.item is None else "Interview at "
        with Vertical():
            yield Static(Content.assemble(verb, o.company), classes="title")
            with Grid():
                yield Label("When")
                yield Input(v["when"], compact=True, id="when", placeholder="2026-12-03 14:00")
                yield Label("Time zone")
                yield Input(
                    v["zone"], compact=True, id="zone", placeholder="yours, or e.g. Europe/Berlin"
                )
                yield Label("")
                yield Static("", id="when-here")
                yield Label("How long")
                yield Input(v["minutes"], compact=True, id="minutes", placeholder="45m, 1h, 1h30m")
                yield Label("Kind")
                yield Select(KINDS, compact=True, value=v["kind"], allow_blank=False, id="kind")
                yield Label("Round")
                yield Input(v["round"], compact=True, id="round", type="integer")
                yield Label("With")
                yield Input(
                    v["people"], compact=True, id="people", placeholder="names, comma-separated"
                )
                yield Label("Place")
                yield Input(v["place"], compact=True, id="place", placeholder="an address, a room")
                yield Label("Link")
                yield Input(v["link"], compact=True, id="link", placeholder="the meeting link")
                yield Label("Note")
                yield Input(v["note"], compact=True, id="note")
            yield Static("", classes="error", id="error")
            yield Static(Content("Enter or ctrl+s saves · Esc cancels"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", compact=True, id="cancel")
                yield Button("Save", compact=True, variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#when", Input).focus()
        self._show_here()

    def _value(self, name: str) -> str:
        if name == "kind":
            return str(self.query_one("#kind", Select).value)
        return self.query_one(f"#{name}", Input).value.strip()

    @on(Input.Changed, "#when, #zone")
    def _show_here(self) -> None:
        """The time as it will be in the calendar, and on the user's clock."""
        here = self.query_one("#when-here", Static)
        try:
            at = parse_when(self._value("when"), self._value("zone"))
        except ValueError as exc:
            here.update(Content(str(exc)))
            return
        here.update(Content(describe_time(at, self._value("zone"))))

    def _read(self) -> dict[str, Any]:
        """The form's values, checked; raises ValueError in words."""
        zone = self._value("zone")
        at = parse_when(self._value("when"), zone)
        if at < now() and (self.item is None or self._value("when") != self.initial["when"]):
            raise ValueError(f"{describe_time(at, zone)} is in the past")
        round_text = self._value("round")
        if round_text and not (round_text.isdigit() and 1 <= int(round_text) <= 99):
            raise ValueError("The round is a number from 1 to 99.")
        return {
            "at": at,
            "zone": zone,
            "minutes": parse_minutes(self._value("minutes") or "60"),
            "kind": self._value("kind"),
            "round": int(round_text) if round_text else None,
            "people": [n.strip() for n in self._value("people").split(",") if n.strip()],
            "place": self._value("place"),
            "link": self._value("link"),
            "note": self._value("note"),
        }

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#error", Static)
        try:
            values = self._read()
        except ValueError as exc:
            error.update(Content(str(exc)))
            return
        if self.item is not None:
            # Only what the user changed: a form never rewrites fields it merely showed.
            changed = {
                name: value
                for name, value in values.items()
                if name in ("at", "people") or self._value(name) != self.initial[name]
            }
            same_time = all(self._value(n) == self.initial[n] for n in ("when", "zone"))
            if same_time:
                changed.pop("at")
            if self._value("people") == self.initial["people"]:
                changed.pop("people")
            if not changed:
                self.dismiss(None)
                return
            values = changed
        self.submit(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def schedule_for(
    screen: Screen[Any], opportunity: Opportunity, item: ScheduledInterview | None = None
) -> None:
    """Ask for a new interview at `opportunity` (or changes to `item`) and save it."""
    from catbird import ops

    slug = opportunity.slug
    if item is None and opportunity.stage.is_closed:
        screen.notify(f"{opportunity.stage.value}: move it back to schedule an interview")
        return

    def save(values: dict[str, Any]) -> bool:
        if item is None:
            at = values.pop("at")
            change = door(screen).perform(ops.schedule, slug, at, **values)
        else:
            change = door(screen).perform(ops.reschedule, slug, item.id, **values)
        if change is not None and change.after is not None:
            saved = change.after.scheduled[-1] if item is None else item
            fresh = next((s for s in change.after.scheduled if s.id == saved.id), saved)
            said = "Scheduled" if item is None else "Now"
            screen.notify(f"{said}: {describe_time(fresh.at, fresh.zone)} (u undoes)", markup=False)
        return change is not None

    screen.app.push_screen(ScheduleForm(opportunity, item).saving(save))
