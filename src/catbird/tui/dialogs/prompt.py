"""One line of text asked for: a note, a contact, a custom flag."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.dialogs.text_dialog import TextDialog


class PromptDialog(Dialog[str | None]):
    """Ask for one line (a note, a contact name…). Returns the text, or None.

    With `longer`, a text that may run to several lines (a note): `ctrl+o` trades the line
    for a TextDialog holding what was typed (its own `ctrl+o` opens $VISUAL/$EDITOR), which
    saves the same way."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding(
            "ctrl+o",
            "longer",
            "Longer",
            id="prompt.longer",
            tooltip="Write more than a line (then ctrl+o again: your own editor)",
        ),
    ]

    def __init__(
        self, title: str, placeholder: str = "", value: str = "", *, longer: bool = False
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.value = value
        self.longer = longer

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.prompt_title), classes="title")
            yield Input(self.value, placeholder=self.placeholder, id="answer", compact=True)
            if self.longer:
                yield Static("Enter saves · ctrl+o more than a line · Esc cancel", classes="hint")
            yield Static("", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.submit(text)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.longer if action == "longer" else True

    def action_longer(self) -> None:
        dialog = TextDialog(self.prompt_title, self.placeholder, self.query_one(Input).value)
        if self.save is not None:
            dialog.saving(self.save)
        app = self.app
        self.dismiss(None)  # nothing saved: the longer box takes over
        app.push_screen(dialog)
