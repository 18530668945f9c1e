"""The form that starts an interview tally: round, kind, who is across the table — filled in
from the scheduled interview when there is one for now — and the one way to start a tally
from a screen (`begin_tally`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import (
    Opportunity,
    now,
)
from catbird.model.agenda import ahead
from catbird.model.calendar import ScheduledInterview, describe_time
from catbird.tui import messages
from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.door import door

if TYPE_CHECKING:
    from textual.screen import Screen

EARLY = timedelta(hours=2)
"""How long before its start a scheduled interview is the one a tally starts from."""


def scheduled_for_now(o: Opportunity) -> ScheduledInterview | None:
    """The scheduled interview "when the time comes": the first still to come that starts
    within the next two hours, or has started and is not over."""
    moment = now()
    return next((s for s in ahead(o, moment) if s.at - EARLY <= moment), None)


KINDS = (("Video call", "video"), ("Phone", "phone"), ("On site", "onsite"), ("Other", "other"))


class StartInterviewForm(Dialog[dict[str, Any] | None]):
    """Round, kind and who is across the table; Enter starts the clock."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="start.cancel"),
        Binding("ctrl+s", "start", "Start", id="start.start", priority=True),
    ]

    def __init__(
        self, opportunity: Opportunity, scheduled: ScheduledInterview | None = None
    ) -> None:
        super().__init__()
        self.opportunity = opportunity
        self.scheduled = scheduled

    def compose(self) -> ComposeResult:
        o, planned = self.opportunity, self.scheduled
        next_round = max((i.round for i in o.interviews), default=0) + 1
        kind, people = "video", ""
        if planned is not None:
            next_round = planned.round or next_round
            kind = planned.kind
            people = ", ".join(o.who(p) for p in planned.people)
        with Vertical():
            yield Static(Content.assemble("Interview at ", o.company), classes="title")
            if planned is not None:
                yield Static(
                    Content.assemble(
                        ("Scheduled for ", "dim"), describe_time(planned.at, planned.zone)
                    ),
                    classes="hint",
                    id="scheduled",
                )
            with Grid():
                yield Label("Round")
                yield Input(compact=True, value=str(next_round), id="round", type="integer")
                yield Label("Kind")
                yield Select(KINDS, compact=True, value=kind, allow_blank=False, id="kind")
                yield Label("With")
                yield Input(people, compact=True, id="with", placeholder="who is across the table")
            yield Static("", classes="error", id="error")
            yield Static(Content("Enter or ctrl+s starts · Esc cancels"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", compact=True, id="cancel")
                yield Button("Start", compact=True, variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#with", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        text = self.query_one("#round", Input).value.strip() or "1"
        if not text.isdigit() or not 1 <= int(text) <= 99:
            self.query_one("#error", Static).update("The round is a number from 1 to 99.")
            return
        values: dict[str, Any] = {
            "round": int(text),
            "kind": self.query_one("#kind", Select).value,
            "with_whom": self.query_one("#with", Input).value,
        }
        if self.scheduled is not None:
            values["scheduled"] = self.scheduled.id
        self.submit(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def begin_tally(
    screen: Screen[Any], opportunity: Opportunity, scheduled: ScheduledInterview | None = None
) -> None:
    """Resume the tally under way, or ask for its round, kind and people and start it —
    from `scheduled` (or the one scheduled for now) when there is one — then open it."""
    slug = opportunity.slug
    under_way = opportunity.open_interview
    if under_way is not None:
        screen.post_message(messages.OpenTally(slug, under_way.id))
        return
    if opportunity.stage.is_closed:
        screen.notify(f"{opportunity.stage.value}: move it back to start an interview", timeout=3)
        return
    planned = scheduled or scheduled_for_now(opportunity)
    started: list[Opportunity] = []

    def save(values: dict[str, Any]) -> bool:
        from catbird import ops

        change = door(screen).perform(ops.start_interview, slug, **values)
        if change is not None and change.after is not None:
            started.append(change.after)
        return change is not None

    def start(values: dict[str, Any] | None) -> None:
        # Once the form is closed: the tally goes on top of the screen, not of the form.
        interview = started[-1].open_interview if started else None
        if values and interview is not None:
            screen.post_message(messages.OpenTally(slug, interview.id))

    screen.app.push_screen(StartInterviewForm(opportunity, planned).saving(save), start)
