"""Talking points and the decline note: shown, edited, re-drafted, copied or exported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from catbird import ops
from catbird.tui.dialogs.draft import DraftDialog
from catbird.tui.door import door

TextField = Literal["talking_points", "decline_note"]


TEXT_TITLES: dict[str, str] = {"talking_points": "Talking points", "decline_note": "Decline note"}


class OfferTextDialog(DraftDialog):
    """The talking points or the decline note: read, edit, copy, export, redraft."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="text.close", tooltip="Save and close"),
        Binding("e", "edit", "Edit", id="text.edit", tooltip="Edit the text (Esc when done)"),
        Binding(
            "y", "copy", "Copy", id="text.copy", tooltip="Copy to the clipboard (OSC 52, over SSH)"
        ),
        Binding("x", "export", "Export", id="text.export", tooltip="Save as a Markdown file"),
        Binding("r", "redraft", "Redraft", id="text.redraft", tooltip="A fresh draft from now"),
    ]

    LOCKED_WHILE_EDITING = ("edit", "copy", "export", "redraft")

    def __init__(
        self,
        slug: str,
        field: TextField,
        company: str,
        text: str,
        draft: Callable[[], str],
        *,
        saved: str | None = None,
    ) -> None:
        super().__init__()
        self.slug = slug
        self.field = field
        self.company = company
        self.initial = text
        self.draft = draft
        self.saved = text if saved is None else saved
        """What is on disk ("" while the text is our draft): saved on close when it differs."""
        self.draft_text = text if not self.saved.strip() else draft()
        """Our draft from the worksheet as it was on opening (or on `r`): a text equal to it
        is not kept, so the draft goes on following the worksheet."""

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical():
            yield Static(
                Content.assemble(TEXT_TITLES[self.field], " — ", self.company), classes="title"
            )
            yield Static(id="text-hint", classes="hint")
            yield TextArea(self.initial, read_only=True, soft_wrap=True, id="text")

    def _describe(self) -> None:
        if self.editing:
            hint = "Editing: type freely; Esc when done (it is saved)."
        else:
            hint = "e edit · y copy · x export to Markdown · r fresh draft · Esc save and close"
        own = self.is_mounted and self.text.strip() != self.draft_text.strip()
        which = (
            "Your own text, kept as you wrote it."
            if own
            else "Our draft: it follows the worksheet until you edit it."
        )
        self.query_one("#text-hint", Static).update(Content.assemble((which, "italic"), "\n", hint))

    def save(self) -> bool:
        text = self._own_text()
        if text.strip() == self.saved.strip():
            return True
        change = door(self).perform(ops.set_offer, self.slug, **{self.field: text})
        if change is None:
            return False
        self.saved = text
        return True

    def action_redraft(self) -> None:
        fresh = self.draft()

        def take() -> None:
            self.draft_text = fresh

        self._redraft(
            fresh,
            "Replace this text with a fresh draft?",
            "The draft is built from the worksheet as it is now. Once saved, u undoes.",
            take,
        )

    def action_export(self) -> None:
        from catbird.exchange.export import write_export
        from catbird.tui.dialogs.write_to_file import ask_and_write

        body = f"# {TEXT_TITLES[self.field]} — {self.company}\n\n{self.text.strip()}\n"
        ask_and_write(
            self,
            "Export to a Markdown file",
            f"{self.slug}-{self.field.replace('_', '-')}.md",
            lambda home, target: write_export(home, target, body, force=True),
            lambda target: f"Saved {target}",
        )
