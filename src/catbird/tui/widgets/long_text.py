"""A box for a long text (a note, a debrief, a letter) that can go to the user's own editor.

`ctrl+o` hands the text to `$VISUAL`/`$EDITOR` (store/editor.py): the app gives the terminal
up while the editor runs and takes it back after, and what the user saved replaces the box's
text as one edit, so `ctrl+z` in the box takes it back. The workspace is not touched: the
dialog the box is in saves, as it would after typing.
"""

from __future__ import annotations

from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.widgets import TextArea

from catbird.store.editor import EditorProblem, edit_text


class LongText(TextArea):
    """A soft-wrapping TextArea with `ctrl+o`: edit in $VISUAL/$EDITOR."""

    BINDINGS = [
        Binding(
            "ctrl+o",
            "external_editor",
            "Editor",
            id="long-text.editor",
            tooltip="Write this text in your own editor ($VISUAL or $EDITOR)",
        )
    ]

    def __init__(
        self,
        text: str = "",
        *,
        file_name: str = "catbird.md",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=placeholder,
            id=id,
            classes=classes,
            compact=True,
        )
        self.file_name = file_name
        """The name the editor sees (its suffix picks the editor's mode: .md, .txt, .eml)."""

    def action_external_editor(self) -> None:
        try:
            with self.app.suspend():
                edited = edit_text(self.text, self.file_name)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning")
            return
        except EditorProblem as problem:
            self.notify(str(problem), title="Editor", severity="error", markup=False)
            return
        edited = edited.rstrip("\n")  # editors end the file with a newline; the text had none
        if edited != self.text:
            self.replace(edited, self.document.start, self.document.end)
            self.move_cursor(self.document.end)
