"""Record a finding: what was found out about one criterion of the homework, and from whom."""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from catbird.model.findings import Standing, heaviest_first, mark
from catbird.model.opportunity import ANSWERS, Contact, Finding
from catbird.model.profile import GROUP_NOUN
from catbird.tui.dialogs.item_form import ItemForm


def criterion_label(s: Standing) -> Text:
    """`? must-have: text` as plain text (the criterion is the user's own words)."""
    return Text(f"{mark(s.group, s.answer)} {GROUP_NOUN[s.group]}: {s.criterion.text}")


# The same words for every criterion: for a dealbreaker, "it is there" is the bad news.
ANSWER_LABELS = {
    "yes": "yes — it is there",
    "no": "no — it is not",
    "mixed": "mixed — some of both",
    "unknown": "unknown — open again",
}


class FindingForm(ItemForm):
    """Choose the criterion, the answer, a short quote and who said it.

    Returns `{"criterion", "answer", "quote", "by"}` (`by` a contact's id or "") or None."""

    HINT = "y / n / m: the answer · Enter or ctrl+s saves · Esc cancels"
    BINDINGS = [
        *ItemForm.BINDINGS,
        # One key per answer while the quote box is not being typed in.
        Binding("y", "answer('yes')", "Yes", show=False, id="finding.yes"),
        Binding("n", "answer('no')", "No", show=False, id="finding.no"),
        Binding("m", "answer('mixed')", "Mixed", show=False, id="finding.mixed"),
    ]

    def __init__(
        self,
        standings: list[Standing],
        contacts: list[Contact],
        *,
        criterion: str | None = None,
        by: str = "",
    ) -> None:
        super().__init__()
        self.standings = standings
        self.contacts = contacts
        # The heaviest criterion still unknown, as the prep sheet lists them.
        unknown = heaviest_first(s for s in standings if s.is_unknown)
        self.criterion = criterion or (unknown or standings)[0].criterion.id
        self.by = by

    def compose(self) -> ComposeResult:
        criteria = [(criterion_label(s), s.criterion.id) for s in self.standings]
        answers = [(ANSWER_LABELS[a], a) for a in ANSWERS]
        people = [(Text(c.name), c.id) for c in self.contacts]
        with Vertical():
            yield Static(Content("What did you find out?"), classes="title")
            with Grid():
                yield Label("Criterion")
                yield Select(
                    cast("list[tuple[str, str]]", criteria),
                    value=self.criterion,
                    allow_blank=False,
                    id="criterion",
                    compact=True,
                )
                yield Label("Answer")
                yield Select(answers, value="yes", allow_blank=False, id="answer", compact=True)
                yield Label("Quote")
                yield Input(
                    id="quote",
                    placeholder="what was said or seen, in a few words",
                    compact=True,
                )
                yield Label("By")
                yield Select(
                    cast("list[tuple[str, str]]", people),
                    value=self.by if any(c.id == self.by for c in self.contacts) else Select.NULL,
                    prompt="no one in particular" if people else "no contacts yet",
                    allow_blank=True,
                    id="by",
                    compact=True,
                    disabled=not people,
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#answer", Select).focus()

    def action_answer(self, answer: str) -> None:
        self.query_one("#answer", Select).value = answer
        self.query_one("#quote", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Typing a quote: y, n and m are letters.
        return not (action == "answer" and isinstance(self.focused, Input))

    def build(self) -> dict[str, Any]:
        by = self.query_one("#by", Select).value
        values: dict[str, Any] = {
            "criterion": self.query_one("#criterion", Select).value,
            "answer": self.query_one("#answer", Select).value,
            "quote": self.query_one("#quote", Input).value,
            "by": "" if by is Select.NULL else by,
        }
        Finding.model_validate(values)  # the model's own checks: shown beside the field
        return values
