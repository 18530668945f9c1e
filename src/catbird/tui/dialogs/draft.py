"""The base of a dialog that shows a draft of ours the user may make their own: talking
points, a decline note, a letter.

It opens read-only; `e` lets the box take the keys and Esc hands them back; Esc again saves
and closes; `y` copies (OSC 52); `r` puts a fresh draft in, asking first when that would
replace other words. A text equal to our draft is not kept, so the draft goes on following
the card it is made from."""

from __future__ import annotations

from collections.abc import Callable

from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import TextArea

from catbird.tui.dialogs.confirm import ConfirmDialog


class DraftDialog(ModalScreen[None]):
    """Shared by OfferTextDialog and LetterDialog; each gives its box, its hint (`_describe`),
    its save and its own actions."""

    DEFAULT_CSS = """
    DraftDialog { align: center middle; }
    DraftDialog > Vertical {
        width: 100; max-width: 100%; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    DraftDialog .title { text-style: bold; color: $primary; }
    DraftDialog .meta { color: $text-muted; height: auto; }
    DraftDialog .hint { color: $text-muted; height: auto; }
    DraftDialog TextArea { height: 1fr; }
    """

    LOCKED_WHILE_EDITING: tuple[str, ...] = ("edit", "copy", "redraft")
    """The actions whose keys are the box's own while it is being edited."""

    editing: reactive[bool] = reactive(False)
    """True while the box takes the keys; Esc hands them back."""

    draft_text: str = ""
    """Our draft as it was made on opening (or on `r`): what "not edited" means."""

    def _box(self) -> TextArea:
        return self.query_one(TextArea)

    @property
    def text(self) -> str:
        return str(self._box().text)

    def _describe(self) -> None:
        """Say whose text it is and which keys do what (each dialog its own words)."""

    def _own_text(self) -> str:
        """What to keep: "" when the text is our draft as it is (it then follows the card)."""
        text = self.text
        return "" if text.strip() == self.draft_text.strip() else text

    def save(self) -> bool:
        """Keep the text if it is the user's own and changed; True once nothing is left
        unsaved."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self._describe()
        self._box().focus()

    def on_text_area_changed(self) -> None:
        if self.is_mounted:
            self._describe()

    def watch_editing(self, editing: bool) -> None:
        if self.is_mounted:
            self._box().read_only = not editing
            self._describe()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.editing and action in self.LOCKED_WHILE_EDITING)

    def action_edit(self) -> None:
        self.editing = True
        self._box().focus()

    def action_close(self) -> None:
        if self.editing:
            self.editing = False
            self.save()
            return
        if self.save():
            self.dismiss()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(
            "Copied. Over SSH or in tmux this needs a terminal that allows OSC 52 "
            "(tmux: set -g set-clipboard on).",
            timeout=4,
        )

    def _redraft(self, fresh: str, question: str, detail: str, take: Callable[[], None]) -> None:
        """Put `fresh` in the box (`take` records it as the draft), asking first when the box
        holds other words."""

        def replace(yes: bool | None) -> None:
            if yes:
                take()
                self._box().load_text(fresh)
                self._describe()

        current = self.text.strip()
        if current and current != fresh.strip():
            self.app.push_screen(ConfirmDialog(question, detail, "replace"), replace)
        else:
            replace(True)
