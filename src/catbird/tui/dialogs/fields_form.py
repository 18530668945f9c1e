"""A form of labelled fields, checked before it closes: the offer worksheet's term, list
item and gut-check forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from catbird.tui.dialogs.dialog import Dialog

KINDS = (
    ("Money", "money"),
    ("Percent", "percent"),
    ("Days", "days"),
    ("Number", "number"),
    ("Text", "text"),
    ("Date", "date"),
)


BETTER = (("Higher is better", "higher"), ("Lower is better", "lower"))


PRIORITIES = (("Must", "must"), ("Want", "want"), ("Flexible", "flexible"))


@dataclass(frozen=True, slots=True)
class FormField:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """When given, the field is a choice (label, value) instead of free text."""


class FieldsForm(Dialog[dict[str, str] | None]):
    """A few labelled fields; Enter (or ctrl+s) saves, Esc cancels.

    `check` sees the values before the form closes and returns a message to keep it open.
    """

    DEFAULT_CSS = """
    FieldsForm Grid { grid-columns: 12 1fr; grid-gutter: 1 1; }
    FieldsForm Grid Label { padding: 0; }
    FieldsForm .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        *,
        check: Callable[[dict[str, str]], str | None] | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.check = check
        self.focus_key = focus

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.form_title), classes="title")
            with Grid():
                for field in self.fields:
                    yield Label(field.label)
                    if field.options:
                        values = [v for _, v in field.options]
                        yield Select(
                            field.options,
                            value=field.value if field.value in values else values[0],
                            allow_blank=False,
                            compact=True,
                            id=f"field-{field.key}",
                        )
                    else:
                        yield Input(
                            field.value,
                            placeholder=field.placeholder,
                            compact=True,
                            id=f"field-{field.key}",
                        )
            yield Static("", classes="error", id="error")
            yield Static(Content("Enter or ctrl+s saves · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        key = self.focus_key or (self.fields[0].key if self.fields else None)
        if key is not None:
            self.query_one(f"#field-{key}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, Select):
                out[field.key] = str(widget.value)
            elif isinstance(widget, Input):
                out[field.key] = widget.value
        return out

    @on(Input.Submitted)
    def action_submit(self) -> None:
        values = self.values()
        problem = self.check(values) if self.check else None
        if problem:
            self.query_one("#error", Static).update(Content(problem))
            return
        self.submit(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
