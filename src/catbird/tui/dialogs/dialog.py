"""The base of every modal form and question: one stylesheet, Esc cancels, and the
day parser the forms share."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from textual.screen import ModalScreen

from catbird.model import today

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A box in the middle of the screen: a title, fields in a grid, an error line, buttons.

    Every modal form and question derives from it, so they share one stylesheet (a type
    selector matches subclasses too); a dialog adds only the rules of its own."""

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
