"""Close as…: which ending (rejected, ghosted, declined, withdrawn, walked-away, accepted),
with a reason. The ending's plan is made with it (`ops.close`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from catbird.model import ENDINGS, Stage
from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.door import door

if TYPE_CHECKING:
    from textual.dom import DOMNode

WHAT_FOLLOWS: dict[Stage, str] = {
    Stage.REJECTED: "thanks to those met, calls, review, a check-in later",
    Stage.GHOSTED: "no answer any more: the plan of a rejection",
    Stage.DECLINED: "you said no to an offer: decline note, thanks",
    Stage.WITHDRAWN: "you stepped out: a withdrawal note, thanks",
    Stage.WALKED_AWAY: "a definite no: one thank-you, the door left open",
    Stage.ACCEPTED: "you said yes: tell the people of other searches",
}


class CloseDialog(Dialog[tuple[Stage, str] | None]):
    """Choose the ending (↑/↓ or j/k), say why, Enter closes the card."""

    DEFAULT_CSS = """
    CloseDialog OptionList, CloseDialog OptionList:focus {
        height: auto; max-height: 14; border: none; padding: 0;
    }
    CloseDialog Input { margin: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="close-as.cancel"),
        Binding("ctrl+s", "submit", "Close it", id="close-as.save"),
    ]

    def __init__(self, company: str, stage: Stage) -> None:
        super().__init__()
        self.company = company
        self.stage = stage

    def compose(self) -> ComposeResult:
        choices = [s for s in ENDINGS if s != self.stage]
        with Vertical():
            yield Static(
                Content.assemble("Close ", (self.company, "bold"), " as…"), classes="title"
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble((f"{s.label:<12}", "bold"), (WHAT_FOLLOWS[s], "dim")),
                        id=s.value,
                    )
                    for s in choices
                ),
                id="endings",
            )
            yield Input(placeholder="why, in a few words (optional)", compact=True, id="reason")
            yield Static("", classes="error")
            yield Static(
                Content("↑↓ choose · Tab to the reason · Enter closes it · u undoes · Esc cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def chosen(self) -> Stage | None:
        listing = self.query_one(OptionList)
        option = listing.highlighted_option
        return Stage(option.id) if option is not None and option.id else None

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def action_submit(self) -> None:
        stage = self.chosen()
        if stage is not None:
            self.submit((stage, self.query_one("#reason", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def close_as(node: DOMNode, slug: str, company: str, stage: Stage) -> None:
    """Ask which ending and why, then close the card through `ops.close` (the app says
    what the ending planned)."""
    from catbird import ops

    def save(answer: tuple[Stage, str]) -> bool:
        ending, reason = answer
        return door(node).perform(ops.close, slug, ending, reason) is not None

    node.app.push_screen(CloseDialog(company, stage).saving(save))
