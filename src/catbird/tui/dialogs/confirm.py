"""A yes/no question: `y` or Enter answers yes, `n` or Esc no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from catbird.tui.dialogs.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """A yes/no question: y confirms, n or Esc declines. The title and body are shown as
    they are (a company name in them is never read as markup)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, title: str | Content, body: str | Content = "", yes: str = "yes", no: str = "no"
    ) -> None:
        super().__init__()
        self.confirm_title = Content(title) if isinstance(title, str) else title
        self.body = Content(body) if isinstance(body, str) else body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.confirm_title, classes="title")
            if self.body:
                yield Static(self.body)
            yield Static(Content.styled(f"y {self.yes} · n {self.no}", "bold $accent"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
