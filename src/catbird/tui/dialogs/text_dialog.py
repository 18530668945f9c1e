"""A longer text asked for: a note of several lines, written here or in the user's editor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.widgets.long_text import LongText


class TextDialog(Dialog[str | None]):
    """Ask for a text of any length. `ctrl+s` saves, `ctrl+o` opens $VISUAL/$EDITOR, Esc
    cancels (a second Esc when something was written). Returns the text (stripped), or None
    when cancelled or left empty."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="text.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="text.cancel"),
    ]

    DEFAULT_CSS = """
    TextDialog LongText { height: 10; max-height: 50vh; }
    """

    def __init__(
        self, title: str, placeholder: str = "", value: str = "", file_name: str = "note.md"
    ) -> None:
        super().__init__()
        self.text_title = title
        self.placeholder = placeholder
        self.value = value
        self.file_name = file_name
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.text_title), classes="title")
            yield LongText(
                self.value, placeholder=self.placeholder, file_name=self.file_name, id="answer"
            )
            yield Static("ctrl+s save · ctrl+o your $EDITOR · Esc cancel", classes="hint")
            yield Static("", classes="error")

    def on_mount(self) -> None:
        box = self.query_one(LongText)
        box.focus()
        box.move_cursor(box.document.end)

    def action_save(self) -> None:
        text = self.query_one(LongText).text.strip()
        if text:
            self.submit(text)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        # A long text is work: the first Esc over a changed text warns, the second discards.
        box = self.query_one(LongText)
        if box.text.strip() != self.value.strip() and not self._warned:
            self._warned = True
            error = self.query_one(".error", Static)
            error.update("Esc again to throw away what you wrote; ctrl+s saves it.")
            error.add_class("-shown")
            return
        self.dismiss(None)
