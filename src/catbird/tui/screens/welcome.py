"""The first screen a new user sees on an empty workspace.

It answers with the user's choice (a screen result); the app acts on it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

WELCOME = """\
Catbird keeps your job search in one place, in your terminal:

  • your homework: what you need, what ends it, where you will bend;
  • the pipeline, as a board you move with the keyboard;
  • red flags counted as they happen, and a graceful exit from a real no;
  • the offer, shaped to what you need; follow-ups after any outcome.

Everything is saved as plain TOML files in
  {home}
"""

WelcomeChoice = Literal["demo", "profile", "suggested", "new"]


class WelcomeScreen(ModalScreen[WelcomeChoice | None]):
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    WelcomeScreen .title { text-style: bold; color: $primary; margin: 0 0 1 0; }
    WelcomeScreen .choices { margin: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("d", "demo", "Try the demo", id="welcome.demo"),
        Binding("p", "profile", "Start with your homework", id="welcome.profile"),
        Binding(
            "s",
            "suggested",
            "Start from our suggested homework",
            id="welcome.suggested",
        ),
        Binding("n", "new", "Add a first opportunity", id="welcome.new"),
        Binding("escape", "close", "Empty board", id="welcome.close"),
    ]

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = home

    def compose(self) -> ComposeResult:
        home = str(self.home)
        choices = Content("\n").join(
            Content.assemble((f"  {key:<6}", "bold $accent"), what)
            for key, what in (
                ("d", "try a demo search on a throw-away copy (your files are untouched)"),
                ("p", "start with your homework: must-haves, dealbreakers, flags"),
                ("s", "start from our suggested homework and questions; edit it after"),
                ("n", "add a first opportunity"),
                ("esc", "go to the empty board"),
            )
        )
        with Vertical():
            yield Static(Content("Welcome to Catbird"), classes="title")
            yield Static(Content(WELCOME.format(home=home)))
            yield Static(choices, classes="choices")

    def action_demo(self) -> None:
        self.dismiss("demo")

    def action_profile(self) -> None:
        self.dismiss("profile")

    def action_suggested(self) -> None:
        self.dismiss("suggested")

    def action_new(self) -> None:
        self.dismiss("new")

    def action_close(self) -> None:
        self.dismiss()
