"""The people of one opportunity: who they are, how to reach them, which interviews they
were in, and the marks that decide the plan after the outcome (met → a thank-you, clicked →
a call, raised the red flags → thanked plainly, never praised or called)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from catbird import ops
from catbird.model import Contact, Opportunity
from catbird.tui.door import door
from catbird.tui.screens.opportunity import OpportunityScreen
from catbird.tui.widgets.keybar import KeyBar


def contact_prompt(o: Opportunity, c: Contact) -> Content:
    """One person: the name and role, how to reach them, the marks, the notes' first line."""
    marks: list[tuple[str, str]] = []
    if c.met or c in ops.met(o):
        marks.append(("  ✓ met", "$success"))
    if c.clicked:
        marks.append(("  ♥ clicked", "$accent"))
    if ops.raised_red_flags(o, c):
        marks.append(("  ▲ raised the red flags", "$error"))
    head = Content.assemble((c.name, "bold"), *([", ", c.role] if c.role else []), *marks)
    lines = [head]
    reach = "  ".join(x for x in (c.email, c.phone, c.link) if x)
    rounds = ops.rounds_of(o, c.id)
    extra = [reach] if reach else []
    if rounds:
        extra.append("rounds " + ", ".join(map(str, rounds)))
    if extra:
        lines.append(Content.assemble("   ", (" · ".join(extra), "dim")))
    if c.notes.strip():
        lines.append(Content.assemble("   ", (c.notes.strip().splitlines()[0], "italic dim")))
    return Content("\n").join(lines)


class PeopleScreen(OpportunityScreen):
    HELP_TEXT = (
        "The people of this opportunity. a adds someone, e or Enter edits (role, email, "
        "phone, profile link, notes, the interview rounds they were in), d removes (u puts "
        "them back). m marks who you met (they get a thank-you after the outcome), c who you "
        "clicked with (a call), f the one who raised the red flags (thanked plainly, never "
        "praised or called)."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="people.back"),
        Binding("a", "add", "Add", id="people.add", tooltip="Add a person"),
        Binding("e,enter", "edit", "Edit", id="people.edit", tooltip="Edit the person"),
        Binding("d,delete", "remove", "Remove", id="people.remove", tooltip="Remove (u undoes)"),
        Binding("m", "mark('met')", "Met", id="people.met", tooltip="Met: a thank-you"),
        Binding("c", "mark('clicked')", "Clicked", id="people.clicked", tooltip="A call"),
        Binding(
            "f",
            "mark('raised_flags')",
            "Red flags",
            id="people.flags",
            tooltip="The one who raised the red flags: never praised or called",
        ),
        Binding("j", "cursor(1)", "Down", id="people.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="people.up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield OptionList(id="people")
        yield Static(
            Content.styled("Nobody here yet: a adds the first person.", "dim"), id="people-empty"
        )
        yield KeyBar()

    def show_opportunity(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        self.sub_title = f"People — {opportunity.company}"
        listing = self.query_one(OptionList)
        keep = listing.highlighted or 0
        listing.set_options(
            Option(contact_prompt(opportunity, c), id=c.id) for c in opportunity.contacts
        )
        if opportunity.contacts:
            listing.highlighted = min(keep, len(opportunity.contacts) - 1)
        listing.display = bool(opportunity.contacts)
        self.query_one("#people-empty").display = not opportunity.contacts
        listing.focus()
        self.refresh_bindings()

    def current(self) -> Contact | None:
        o = self.opportunity
        listing = self.query_one(OptionList)
        if o is None or listing.highlighted is None or not o.contacts:
            return None
        index = listing.highlighted
        return o.contacts[index] if index < len(o.contacts) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove", "mark"):
            return self.current() is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        if delta > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def _form(self, contact: Contact | None) -> None:
        from catbird.tui.dialogs.contact_form import ContactForm

        o = self.opportunity
        if o is None:
            return
        known = sorted({i.round for i in o.interviews})
        rounds = ops.rounds_of(o, contact.id) if contact else []

        def save(values: dict[str, Any]) -> bool:
            values = dict(values)
            chosen = values.pop("rounds", None)
            if contact is None:
                name = str(values.pop("name"))
                change = door(self).perform(
                    ops.add_contact, self.slug, name, rounds=chosen, **values
                )
            elif not values and chosen is None:
                return True
            else:
                change = door(self).perform(
                    ops.edit_contact, self.slug, contact.id, rounds=chosen, **values
                )
            return change is not None

        form = ContactForm(contact, rounds=rounds, known_rounds=known, company=o.company)
        self.app.push_screen(form.saving(save))

    def action_add(self) -> None:
        self._form(None)

    def action_edit(self) -> None:
        contact = self.current()
        if contact is not None:
            self._form(contact)

    def action_remove(self) -> None:
        contact = self.current()
        if contact is None:
            return
        if door(self).perform(ops.remove_contact, self.slug, contact.id) is not None:
            self.notify(f"Removed {contact.name}. u puts them back.", timeout=3, markup=False)

    def action_mark(self, field: str) -> None:
        contact = self.current()
        o = self.opportunity
        if contact is None or o is None:
            return
        value: dict[str, Any] = {field: not bool(getattr(contact, field))}
        change = door(self).perform(ops.edit_contact, self.slug, contact.id, **value)
        after = change.after if change is not None else None
        edited = after.contact(contact.id) if after is not None else None
        if after is None or edited is None:
            return
        # Marks that also follow from the tally: say why one stays when it is unticked.
        if field == "met" and not edited.met and edited in ops.met(after):
            self.notify(
                f"{edited.name} was across the table in round "
                f"{', '.join(map(str, ops.rounds_of(after, edited.id)))}: met all the same "
                "(e edits the rounds).",
                markup=False,
                timeout=5,
            )
        if (
            field == "raised_flags"
            and not edited.raised_flags
            and ops.raised_red_flags(after, edited)
        ):
            self.notify(
                f"{edited.name} spoke when red flags were logged in the tally: still counted "
                "as raising them.",
                markup=False,
                timeout=5,
            )
