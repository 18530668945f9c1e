"""The end of an interview: gut check, verdict and the next action."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import (
    Interview,
    today,
)
from catbird.model.scoring import green_score, red_score
from catbird.tui.dialogs.dialog import Dialog, parse_day
from catbird.tui.widgets.long_text import LongText


class DebriefDialog(Dialog[dict[str, Any] | None]):
    """Esc in the tally: what happened, a gut check, a verdict and the next action."""

    DEFAULT_CSS = """
    DebriefDialog .summary { height: auto; max-height: 8; margin: 0 0 1 0; }
    DebriefDialog #summary { height: 3; }
    """
    BINDINGS = [Binding("escape", "cancel", "Back to the tally", id="debrief.cancel")]

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        i = self.interview
        lines = [
            Content.assemble(
                (f"{f.at:%H:%M} ", "dim"),
                ("▲ ", "$error") if f.kind == "red" else ("● ", "$success"),
                f.label,
            )
            for f in sorted(i.flags, key=lambda f: f.at)
        ] or [Content.styled("no flags logged", "dim")]
        score = Content.assemble(
            ("red score ", "dim"),
            (str(red_score(i.flags)), "bold $error"),
            ("   green ", "dim"),
            (str(green_score(i.flags)), "bold $success"),
        )
        with Vertical():
            yield Static(Content("Debrief"), classes="title")
            with VerticalScroll(classes="summary"):
                yield Static(Content("\n").join([*lines, score]))
            with Grid():
                yield Label("Gut (1–5)")
                yield Select(
                    [(str(n), n) for n in range(1, 6)],
                    compact=True,
                    prompt="how did it feel?",
                    id="gut",
                )
                yield Label("Verdict")
                yield Select(
                    [
                        ("Continue", "continue"),
                        ("Not for me", "not-for-me"),
                        ("Undecided", "undecided"),
                    ],
                    compact=True,
                    value="undecided",
                    allow_blank=False,
                    id="verdict",
                )
                yield Label("Summary")
                yield LongText(
                    placeholder="what you will remember (ctrl+o: your $EDITOR)",
                    file_name="debrief.md",
                    id="summary",
                )
                yield Label("Next action")
                yield Input(compact=True, id="next", placeholder="e.g. send a thank-you note")
                yield Label("Due")
                yield Input(compact=True, id="due", placeholder="2026-12-01, today, tomorrow, +3")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Back", compact=True, id="cancel")
                yield Button("Save and end", compact=True, variant="primary", id="save")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        error = self.query_one("#error", Static)
        try:
            due = parse_day(self.query_one("#due", Input).value)
        except ValueError as exc:
            error.update(Content(str(exc)))
            return
        if due is not None and due < today():
            # Checked here, so nothing typed in the form is lost to a refusal later.
            error.update(Content(f"The due date {due.isoformat()} is in the past."))
            self.query_one("#due", Input).focus()
            return
        gut = self.query_one("#gut", Select).value
        self.submit(
            {
                "gut": gut if isinstance(gut, int) else None,
                "verdict": self.query_one("#verdict", Select).value,
                "summary": self.query_one("#summary", LongText).text.strip(),
                "next_action": self.query_one("#next", Input).value,
                "due": due,
            }
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
