"""One line of text asked for: a note, a contact, a custom flag."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from catbird.tui.dialogs.dialog import Dialog


class PromptDialog(Dialog[str | None]):
    """Ask for one line (a note, a contact name…). Returns the text, or None.

    With `save`, Enter hands the text to it and the dialog closes only if it was saved: when
    the disk refuses (full, read-only), the text the user typed is still there to try again.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        placeholder: str = "",
        value: str = "",
        save: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__()
        self.save = save
        self.prompt_title = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.prompt_title), classes="title")
            yield Input(self.value, placeholder=self.placeholder, id="answer", compact=True)
            yield Static("", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text and self.save is not None and not self.save(text):
            error = self.query_one(".error", Static)
            error.update("Not saved (see the message): Enter tries again, Esc gives up.")
            return
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
