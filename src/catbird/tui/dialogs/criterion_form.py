"""One criterion of the homework: a must-have, dealbreaker, nice-to-have or flexible."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import (
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from catbird.model.profile import (
    Criterion,
)
from catbird.tui.dialogs.item_form import WEIGHTS, ItemForm, Section


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CriterionForm(ItemForm):
    """Add or edit one must-have, dealbreaker, nice-to-have or flexible, with the questions
    that find it out and the signals that give it away (one a line)."""

    DEFAULT_CSS = """
    CriterionForm TextArea { height: 3; }
    """

    def __init__(self, section: Section, criterion: Criterion | None = None) -> None:
        super().__init__()
        self.section = section
        self.criterion = criterion

    def compose(self) -> ComposeResult:
        c = self.criterion
        title = f"Edit this {self.section.noun}" if c else f"New {self.section.noun}"
        weights = [(f"{w} — counts {WEIGHTS[w]}", w) for w in WEIGHTS]
        with Vertical():
            yield Static(Content(title), classes="title")
            with Grid():
                yield Label("What it is")
                yield Input(
                    c.text if c else "",
                    id="text",
                    placeholder=self.section.example,
                    compact=True,
                )
                yield Label("Weight")
                yield Select(
                    weights,
                    value=c.weight if c else 3,
                    allow_blank=False,
                    id="weight",
                    compact=True,
                )
                yield Label("Note")
                yield Input(
                    c.note if c else "",
                    id="note",
                    placeholder="optional: why, or what would count",
                    compact=True,
                )
                yield Label("Questions")
                yield TextArea(
                    "\n".join(c.questions) if c else "",
                    id="questions",
                    placeholder="what to ask to find it out, one a line",
                    compact=True,
                    soft_wrap=True,
                )
                yield Label("Signals")
                yield TextArea(
                    "\n".join(c.signals) if c else "",
                    id="signals",
                    placeholder="what would give it away without asking, one a line",
                    compact=True,
                    soft_wrap=True,
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def build(self) -> Criterion:
        values: dict[str, Any] = {
            "text": self.query_one("#text", Input).value,
            "weight": self.query_one("#weight", Select).value,
            "note": self.query_one("#note", Input).value,
            "questions": _lines(self.query_one("#questions", TextArea).text),
            "signals": _lines(self.query_one("#signals", TextArea).text),
        }
        if self.criterion is not None:
            values["id"] = self.criterion.id
        return Criterion.model_validate(values)
