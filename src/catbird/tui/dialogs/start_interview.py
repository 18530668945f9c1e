"""The form that starts an interview tally: round, kind, who is across the table."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import (
    Opportunity,
)
from catbird.tui.dialogs.dialog import Dialog

KINDS = (("Video call", "video"), ("Phone", "phone"), ("On site", "onsite"), ("Other", "other"))


class StartInterviewForm(Dialog[dict[str, Any] | None]):
    """Round, kind and who is across the table; Enter starts the clock."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="start.cancel"),
        Binding("ctrl+s", "start", "Start", id="start.start", priority=True),
    ]

    def __init__(self, opportunity: Opportunity) -> None:
        super().__init__()
        self.opportunity = opportunity

    def compose(self) -> ComposeResult:
        o = self.opportunity
        with Vertical():
            yield Static(Content.assemble("Interview at ", o.company), classes="title")
            with Grid():
                yield Label("Round")
                next_round = max((i.round for i in o.interviews), default=0) + 1
                yield Input(compact=True, value=str(next_round), id="round", type="integer")
                yield Label("Kind")
                yield Select(KINDS, compact=True, value="video", allow_blank=False, id="kind")
                yield Label("With")
                yield Input(compact=True, id="with", placeholder="who is across the table")
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
        self.submit(
            {
                "round": int(text),
                "kind": self.query_one("#kind", Select).value,
                "with_whom": self.query_one("#with", Input).value,
            }
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
