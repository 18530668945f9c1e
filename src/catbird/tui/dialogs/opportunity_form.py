"""The form that adds or edits an opportunity's card: company, role, stage, links, tags and
the next action."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from catbird.model import Opportunity, Stage, today
from catbird.tui.dialogs.dialog import Dialog, parse_day
from catbird.tui.door import door


class OpportunityForm(Dialog[dict[str, Any] | None]):
    """`n` adds an opportunity; `e` edits one. Returns the values, or None if cancelled.

    Editing, it returns only what the user changed (and the slug): those are applied onto the
    opportunity as it is on disk when saved, so a change made elsewhere while the form was
    open (another board, the shell) is not written over with what the form opened with."""

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
            self.submit(values)
            return
        opened = _card_values(self.opportunity)
        changed = {name: value for name, value in values.items() if value != opened[name]}
        if "next_action" in changed or "due" in changed:  # the action is its text and its day
            changed |= {"next_action": values["next_action"], "due": values["due"]}
        if not changed:
            self.dismiss(None)
            return
        self.submit({**changed, "slug": self.opportunity.slug})


def _card_values(o: Opportunity) -> dict[str, Any]:
    """The values the edit form opens with, as the form would return them unchanged."""
    action = o.next_action
    return {
        "company": o.company,
        "role": o.role,
        "next_action": action.text if action else "",
        "due": action.due if action else None,
        "link": o.link,
        "location": o.location,
        "source": o.source,
        "tags": list(o.tags),
    }


def adding(stage: Stage = Stage.LEAD) -> OpportunityForm:
    """The form for a new opportunity, saved through the door before it closes (a refused
    save keeps what was typed). A second card at a company already there is kept, and the
    notice says which slug names it."""
    form = OpportunityForm(stage=stage)

    def create(values: dict[str, Any]) -> bool:
        from catbird import ops

        change = door(form).perform(ops.add, **values)  # the board's cursor follows
        if change is not None:
            _name_namesakes(form, change.slug)
        return change is not None

    return form.saving(create)


def _name_namesakes(form: OpportunityForm, slug: str) -> None:
    """A second card at one company is kept, but its name no longer names one: say so."""
    from catbird.model import company_key

    cards = door(form).view.cards
    key = company_key(cards[slug].company) if slug in cards else None
    others = [s for s, card in cards.items() if s != slug and company_key(card.company) == key]
    if others:
        form.app.notify(
            f"{cards[slug].company} was already on the board as {', '.join(sorted(others))}; "
            f"this one is {slug} (the name to use on the command line).",
            markup=False,
            timeout=6,
        )
