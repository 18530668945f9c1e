"""A flag that is not on the tally pad: what was noticed, how grave, and which dealbreaker
it is evidence of (for a red one)."""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from catbird.model.opportunity import FlagEvent
from catbird.model.profile import Criterion
from catbird.tui.dialogs.item_form import SEVERITIES, ItemForm


class CustomFlagForm(ItemForm):
    """Returns the flag's `{"label", "kind", "severity", "dealbreaker"}`, or None. Without
    `dealbreakers` (a green flag, discreet mode) there is no link to choose."""

    def __init__(self, kind: str, dealbreakers: list[Criterion], *, title: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.dealbreakers = dealbreakers if kind == "red" else []
        self.form_title = title or ("Custom red flag" if kind == "red" else "Custom green flag")

    def compose(self) -> ComposeResult:
        links: list[tuple[Any, str]] = [(Text(d.text), d.id) for d in self.dealbreakers]
        with Vertical():
            yield Static(Content(self.form_title), classes="title")
            with Grid():
                yield Label("What")
                yield Input(id="label", placeholder="what you noticed", compact=True)
                yield Label("Severity")
                yield Select(
                    [(f"{s} — {SEVERITIES[s]}", s) for s in SEVERITIES],
                    value=2,
                    allow_blank=False,
                    id="severity",
                    compact=True,
                )
                if links:  # a red flag, and a profile with dealbreakers (and not discreet)
                    yield Label("Dealbreaker")
                    yield Select(
                        cast("list[tuple[str, str]]", links),
                        prompt="not linked",
                        allow_blank=True,
                        id="dealbreaker",
                        compact=True,
                    )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def build(self) -> dict[str, Any]:
        link = self.query_one("#dealbreaker", Select).value if self.dealbreakers else None
        values: dict[str, Any] = {
            "label": self.query_one("#label", Input).value,
            "kind": self.kind,
            "severity": self.query_one("#severity", Select).value,
            "dealbreaker": None if link is Select.NULL else link,
        }
        FlagEvent.model_validate(values)  # the model's own checks, shown beside the field
        return values
