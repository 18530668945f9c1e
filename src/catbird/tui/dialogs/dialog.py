"""The base of every modal form and question: one stylesheet, Esc cancels, a submit that
keeps the form open when its save fails, and the day parser the forms share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Self, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Static

from catbird.model import today

ResultT = TypeVar("ResultT")

NOT_SAVED = "Not saved (see the message); what you typed is kept: try again, or Esc."


class Dialog(ModalScreen[ResultT]):
    """A box in the middle of the screen: a title, fields in a grid, an error line, buttons.

    Every modal form and question derives from it, so they share one stylesheet (a type
    selector matches subclasses too); a dialog adds only the rules of its own."""

    save: Callable[[Any], bool] | None = None
    """Set by `saving`: what saves the result; the dialog stays open until it has. (Typed
    `Any`: it is given the result of a submit, never the None of a cancel, which ResultT
    includes and a TypeVar cannot take away.)"""

    def saving(self, save: Callable[[Any], bool]) -> Self:
        """Submit by handing the result to `save` (an operation through the app, True once
        saved), closing only then: when the disk refuses a save (full, read-only), what the
        user typed is still in the form to try again, and the app's message says why."""
        self.save = save
        return self

    def submit(self, result: ResultT) -> None:
        """Close with `result`, once saved if the dialog was given a `save`."""
        if self.save is not None and not self.save(result):
            for error in self.query(".error").results(Static):
                error.update(NOT_SAVED)
                error.add_class("-shown")
            return
        self.dismiss(result)

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    Dialog .title {
        text-style: bold;
        color: $primary;
        padding: 0 0 1 0;
    }
    Dialog Grid {
        grid-size: 2;
        grid-columns: 13 1fr;
        grid-rows: auto;
        height: auto;
        grid-gutter: 0 1;
    }
    Dialog Grid Label {
        color: $text-muted;
    }
    Dialog Input.-textual-compact:focus,
    Dialog Select.-textual-compact:focus > SelectCurrent {
        background-tint: $accent 25%;
    }
    Dialog .error {
        color: $error;
        height: auto;
    }
    Dialog .hint {
        color: $text-muted;
        height: auto;
    }
    Dialog .buttons {
        height: auto;
        align-horizontal: right;
    }
    Dialog .buttons Button {
        margin: 0 0 0 2;
    }
    """


def parse_day(text: str) -> date | None:
    """A due date typed by a person: YYYY-MM-DD, `today`, `tomorrow`, or `+N` days."""
    from datetime import timedelta

    text = text.strip().lower()
    if not text:
        return None
    if text == "today":
        return today()
    if text == "tomorrow":
        return today() + timedelta(days=1)
    if text.startswith("+") and text[1:].rstrip("d").isdigit():
        return today() + timedelta(days=int(text[1:].rstrip("d")))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: use 2026-12-01, today, tomorrow or +3") from None
