"""Reword or re-date one follow-up task."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from catbird.model import today
from catbird.tui.dialogs.dialog import Dialog, parse_day


class FollowUpForm(Dialog[dict[str, Any] | None]):
    """Reword or re-date a follow-up task. Returns {"title", "due"}, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="follow-up.cancel")]

    def __init__(self, title: str, due: date) -> None:
        super().__init__()
        self.task_title = title
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Follow-up"), classes="title")
            with Grid():
                yield Label("What")
                yield Input(self.task_title, id="title", compact=True)
                yield Label("When")
                yield Input(
                    self.due.isoformat(),
                    id="due",
                    compact=True,
                    placeholder="2026-12-01, today, tomorrow, +3",
                )
            yield Static("", classes="error", id="error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    def _submit(self) -> None:
        error = self.query_one("#error", Static)
        title = self.query_one("#title", Input).value.strip()
        if not title:
            error.update("Say what to do.")
            return
        try:
            due = parse_day(self.query_one("#due", Input).value) or self.due
        except ValueError as exc:
            error.update(Content(str(exc)))
            return
        if due != self.due and due < today():
            error.update(Content(f"The date {due.isoformat()} is in the past."))
            return
        self.submit({"title": title, "due": due})

    def action_cancel(self) -> None:
        self.dismiss(None)
