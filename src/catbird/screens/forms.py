"""Modal forms: quick add and edit of an opportunity, and one-line prompts."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import Opportunity, Stage, today

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


class ConfirmScreen(Dialog[bool]):
    """A yes/no question: y confirms, n or Esc declines. The title and body are shown as
    they are (a company name in them is never read as markup)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, title: str | Content, body: str | Content = "", yes: str = "yes", no: str = "no"
    ) -> None:
        super().__init__()
        self.confirm_title = Content(title) if isinstance(title, str) else title
        self.body = Content(body) if isinstance(body, str) else body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.confirm_title, classes="title")
            if self.body:
                yield Static(self.body)
            yield Static(Content.styled(f"y {self.yes} · n {self.no}", "bold $accent"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class OpportunityForm(Dialog[dict[str, Any] | None]):
    """`n` adds an opportunity; `e` edits one. Returns the values, or None if cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save"),
    ]

    def __init__(
        self, *, stage: Stage = Stage.LEAD, opportunity: Opportunity | None = None
    ) -> None:
        super().__init__()
        self.opportunity = opportunity
        self.stage = opportunity.stage if opportunity else stage

    def compose(self) -> ComposeResult:
        o = self.opportunity
        action = o.next_action if o else None
        with Vertical():
            title = f"Edit {o.company}" if o else "New opportunity"
            yield Static(Content(title), classes="title")
            with Grid():
                yield Label("Company")
                yield Input(
                    compact=True, value=o.company if o else "", id="company", placeholder="required"
                )
                yield Label("Role")
                yield Input(compact=True, value=o.role if o else "", id="role")
                if o is None:
                    yield Label("Stage")
                    yield Select(
                        [(s.label, s) for s in Stage],
                        compact=True,
                        value=self.stage,
                        allow_blank=False,
                        id="stage",
                    )
                yield Label("Next action")
                yield Input(compact=True, value=action.text if action else "", id="next_action")
                yield Label("Due")
                yield Input(
                    compact=True,
                    value=action.due.isoformat() if action and action.due else "",
                    id="due",
                    placeholder="2026-12-01, today, tomorrow, +3",
                )
                yield Label("Link")
                yield Input(compact=True, value=o.link if o else "", id="link")
                yield Label("Location")
                yield Input(compact=True, value=o.location if o else "", id="location")
                yield Label("Source")
                yield Input(
                    compact=True,
                    value=o.source if o else "",
                    id="source",
                    placeholder="referral, job board…",
                )
                yield Label("Tags")
                yield Input(
                    compact=True,
                    value=", ".join(o.tags) if o else "",
                    id="tags",
                    placeholder="comma, separated",
                )
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", compact=True, id="cancel")
                yield Button("Save", compact=True, variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#company", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        error = self.query_one("#error", Static)
        company = self._value("company").strip()
        if not company:
            error.update("The company is required.")
            self.query_one("#company", Input).focus()
            return
        try:
            due = parse_day(self._value("due"))
        except ValueError as exc:
            error.update(Content(str(exc)))
            self.query_one("#due", Input).focus()
            return
        values: dict[str, Any] = {
            "company": company,
            "role": self._value("role"),
            "next_action": self._value("next_action"),
            "due": due,
            "link": self._value("link"),
            "location": self._value("location"),
            "source": self._value("source"),
            "tags": [t.strip() for t in self._value("tags").split(",") if t.strip()],
        }
        if self.opportunity is None:
            values["stage"] = self.query_one("#stage", Select).value
            if due is not None and due < today():
                error.update(f"The due date {due.isoformat()} is in the past.")
                return
        else:
            values["slug"] = self.opportunity.slug
        self.dismiss(values)


class PromptScreen(Dialog[str | None]):
    """Ask for one line (a note, a contact name…). Returns the text, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.prompt_title), classes="title")
            yield Input(self.value, placeholder=self.placeholder, id="answer", compact=True)
            yield Static("", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FollowUpForm(Dialog[dict[str, Any] | None]):
    """Reword or re-date a follow-up task. Returns {"title", "due"}, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="follow-up.cancel")]

    def __init__(self, title: str, due: date) -> None:
        super().__init__()
        self.task_title = title
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Follow-up"), classes="title")
            with Grid():
                yield Label("What")
                yield Input(self.task_title, id="title", compact=True)
                yield Label("When")
                yield Input(
                    self.due.isoformat(),
                    id="due",
                    compact=True,
                    placeholder="2026-12-01, today, tomorrow, +3",
                )
            yield Static("", classes="error", id="error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    def _submit(self) -> None:
        error = self.query_one("#error", Static)
        title = self.query_one("#title", Input).value.strip()
        if not title:
            error.update("Say what to do.")
            return
        try:
            due = parse_day(self.query_one("#due", Input).value) or self.due
        except ValueError as exc:
            error.update(Content(str(exc)))
            return
        if due != self.due and due < today():
            error.update(Content(f"The date {due.isoformat()} is in the past."))
            return
        self.dismiss({"title": title, "due": due})

    def action_cancel(self) -> None:
        self.dismiss(None)
