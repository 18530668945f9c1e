"""Accept, negotiate, decline or walk away: the decision on an offer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from catbird.tui.dialogs.dialog import Dialog


class DecideDialog(Dialog[str | None]):
    """D on the worksheet: accept, negotiate, decline or walk away."""

    DEFAULT_CSS = """
    DecideDialog OptionList { height: auto; border: none; padding: 0; margin: 0 0 1 0; }
    DecideDialog .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("a", "choose('accept')", "Accept", id="decide.accept"),
        Binding("n", "choose('negotiate')", "Negotiate", id="decide.negotiate"),
        Binding("d", "choose('decline')", "Decline", id="decide.decline"),
        Binding("w", "choose('walk-away')", "Walk away", id="decide.walk-away"),
        Binding("escape", "cancel", "Cancel", id="decide.cancel"),
    ]
    CHOICES: tuple[tuple[str, str, str], ...] = (
        ("accept", "a  Accept", "close it as accepted"),
        (
            "negotiate",
            "n  Negotiate",
            "talking points from the gaps, demands and role ideas",
        ),
        (
            "decline",
            "d  Decline",
            "close it as declined, with a gracious note and the follow-ups",
        ),
        (
            "walk-away",
            "w  Walk away",
            "a definite no: close it as walked away, with a door-open note",
        ),
    )

    def __init__(self, company: str, summary: str) -> None:
        super().__init__()
        self.company = company
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble("Decide on the offer from ", self.company), classes="title"
            )
            if self.summary:
                yield Static(Content(self.summary), classes="hint")
            yield OptionList(
                *(
                    Option(Content.assemble((label, "bold"), ("  " + what, "dim")), id=key)
                    for key, label, what in self.CHOICES
                ),
                id="choices",
            )
            yield Static(
                Content("Each choice is saved at once; u undoes it. Esc changes nothing."),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, decision: str) -> None:
        self.dismiss(decision)

    def action_cancel(self) -> None:
        self.dismiss(None)
