"""The base of the profile's item forms: fields checked by the model, errors shown beside
the field they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import (
    Button,
    Input,
    Static,
)

from catbird.model.errors import field_errors
from catbird.tui.dialogs.dialog import Dialog

NUMBER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("currency", "Currency", "USD, EUR, GBP…"),
    ("min_base", "Minimum base", "a year: the floor"),
    ("target_base", "Target base", "a year: the aim"),
    ("target_total", "Target total", "with bonus, equity"),
    ("max_travel_pct", "Most travel", "% of the time"),
    ("max_onsite_days", "Most on-site days", "a week, 0–7"),
    ("min_pto_days", "Fewest days off", "paid, a year"),
    ("max_commute_minutes", "Longest commute", "minutes, one way"),
)


PHRASES: tuple[tuple[str, str], ...] = (
    ("exit_script", "Exit script — said when it is a definite no"),
    ("decline_note", "Decline note — turning an offer down"),
    ("thanks_note", "Thanks note — to the people you met"),
    ("check_in_note", "Check-in note — a few months later"),
)


FIELD_NAMES = {
    "text": "What it is",
    "weight": "Weight",
    "note": "Note",
    "key": "Key",
    "label": "Label",
    "kind": "Red or green",
    "severity": "Severity",
    "dealbreaker": "Dealbreaker",
    "threshold": "Threshold",
    "questions": "Questions",
    "signals": "Signals",
    "criterion": "Criterion",
    "answer": "Answer",
    "quote": "Quote",
    "by": "By",
    **{name: label for name, label, _ in NUMBER_FIELDS},
    **{name: label.partition(" — ")[0] for name, label in PHRASES},
}


SectionKind = Literal["criteria", "flags", "numbers", "tally", "phrasing", "you"]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: SectionKind
    about: str
    noun: str = ""
    example: str = ""


WEIGHTS = {1: "a little", 2: "some", 3: "clearly", 4: "a lot", 5: "the most"}

SEVERITIES = {1: "mild", 2: "serious", 3: "grave"}

SAVE_HINT = "Enter or ctrl+s saves · Esc cancels"


def describe(errors: dict[str, str]) -> str:
    """`field_errors` (the core's words, model/errors.py) as lines under the form's own
    names for the fields."""
    return "\n".join(
        f"{FIELD_NAMES.get(field, field.replace('_', ' ').capitalize())}: {message}"
        if field
        else message[:1].upper() + message[1:]
        for field, message in errors.items()
    )


ITEM_FORM_CSS = """
ItemForm Grid {
    grid-gutter: 1 1;
}
ItemForm .error {
    display: none;
    text-style: bold;
    margin: 1 0 0 0;
}
ItemForm .error.-shown {
    display: block;
}
ItemForm .hint {
    color: $text-muted;
    margin: 1 0 0 0;
}
"""


class ItemForm(Dialog[Any]):
    """What the two item forms share: keys, inline errors and the submit flow."""

    DEFAULT_CSS = ITEM_FORM_CSS
    HINT = SAVE_HINT
    """The line of keys under the fields."""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile-form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="profile-form.save"),
    ]

    def buttons(self) -> ComposeResult:
        yield Static("", classes="error", id="error")
        yield Static(Content(self.HINT), classes="hint")
        with Horizontal(classes="buttons"):
            yield Button("Cancel", id="cancel", compact=True)
            yield Button("Save", variant="primary", id="save", compact=True)

    def show_errors(self, errors: dict[str, str]) -> None:
        error = self.query_one("#error", Static)
        error.update(Content(describe(errors)))
        error.add_class("-shown")
        # A clash of keys is reported on the list of flags; the key is what to change.
        fields = ["key" if field == "flags" else field for field in errors if field]
        for widget in self.query(", ".join(f"#{f}" for f in fields)) if fields else ():
            widget.focus()
            return

    def build(self) -> Any:
        raise NotImplementedError

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        try:
            result = self.build()
        except ValidationError as exc:
            self.show_errors(field_errors(exc))
            return
        self.submit(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
