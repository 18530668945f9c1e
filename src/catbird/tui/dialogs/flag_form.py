"""One flag preset of the tally pad: label, key, kind, severity, linked dealbreaker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import (
    Input,
    Label,
    Select,
    Static,
)

from catbird.model.profile import (
    Criterion,
    FlagPreset,
    Profile,
)
from catbird.tui.dialogs.item_form import SEVERITIES, ItemForm


class FlagForm(ItemForm):
    """Add or edit one flag preset; `check` raises the model's error for the whole profile."""

    def __init__(
        self,
        dealbreakers: list[Criterion],
        check: Callable[[FlagPreset], Profile],
        preset: FlagPreset | None = None,
        free_key: str = "",
    ) -> None:
        super().__init__()
        self.dealbreakers = dealbreakers
        self.check = check
        self.preset = preset
        self.free_key = free_key

    def compose(self) -> ComposeResult:
        p = self.preset
        links: list[tuple[Any, str]] = [(Text(d.text), d.id) for d in self.dealbreakers]
        linked = (
            p.dealbreaker if p and any(d.id == p.dealbreaker for d in self.dealbreakers) else None
        )
        with Vertical():
            yield Static(Content("Edit this flag" if p else "New flag"), classes="title")
            with Grid():
                yield Label("Label")
                yield Input(
                    p.label if p else "",
                    id="label",
                    max_length=60,
                    placeholder="e.g. kept waiting without a word",
                    compact=True,
                )
                yield Label("Key")
                yield Input(
                    p.key if p else self.free_key,
                    id="key",
                    max_length=1,
                    placeholder="1",
                    compact=True,
                )
                yield Label("Red or green")
                yield Select(
                    [("▲ red: a warning sign", "red"), ("● green: a good sign", "green")],
                    value=p.kind if p else "red",
                    allow_blank=False,
                    id="kind",
                    compact=True,
                )
                yield Label("Severity")
                yield Select(
                    [(f"{s} — {SEVERITIES[s]}", s) for s in SEVERITIES],
                    value=p.severity if p else 2,
                    allow_blank=False,
                    id="severity",
                    compact=True,
                )
                yield Label("Dealbreaker")
                yield Select(
                    cast("list[tuple[str, str]]", links),
                    value=linked if linked else Select.NULL,
                    prompt="not linked" if links else "not linked (no dealbreakers yet)",
                    allow_blank=True,
                    id="dealbreaker",
                    compact=True,
                    disabled=not links,
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def build(self) -> FlagPreset:
        link = self.query_one("#dealbreaker", Select).value
        values: dict[str, Any] = {
            "key": self.query_one("#key", Input).value.strip(),
            "label": self.query_one("#label", Input).value,
            "kind": self.query_one("#kind", Select).value,
            "severity": self.query_one("#severity", Select).value,
            "dealbreaker": None if link is Select.NULL else link,
        }
        if self.preset is not None:
            values["id"] = self.preset.id
        preset = FlagPreset.model_validate(values)
        self.check(preset)  # unique keys, existing links: the model's own rules
        return preset
