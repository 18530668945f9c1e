"""A person of an opportunity: name, role, how to reach them, notes, which interviews they
were in, and whether they were met, clicked with, or raised the red flags."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static

from catbird.model import Contact
from catbird.tui.dialogs.dialog import Dialog
from catbird.tui.widgets.long_text import LongText

LINES = (
    ("name", "Name", "e.g. Dana Reyes"),
    ("role", "Role", "e.g. CTO, would be my manager"),
    ("email", "Email", "dana@example.com"),
    ("phone", "Phone", ""),
    ("link", "Profile", "a LinkedIn page or a site"),
)
MARKS = (
    ("met", "Met"),
    ("clicked", "Clicked (worth a call)"),
    ("raised_flags", "Raised the red flags"),
)


def parse_rounds(text: str, known: Sequence[int]) -> list[int]:
    """Interview rounds as typed: "1, 3" or "1 3"; each must be one of `known`."""
    rounds: list[int] = []
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            raise ValueError(f"{part!r} is not a round number (e.g. 1, 2)")
        number = int(part)
        if number not in known:
            have = ", ".join(map(str, known)) or "none yet"
            raise ValueError(f"there is no round {number} (rounds: {have})")
        if number not in rounds:
            rounds.append(number)
    return sorted(rounds)


class Tick(Checkbox):
    """A checkbox whose mark is a ✓ only when it is ticked: readable without colour
    (NO_COLOR, 16 colours), where Textual's own shows the same X either way."""

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "✓" if self.value else " "
        self.refresh()

    def on_mount(self) -> None:
        self.watch_value()


class ContactForm(Dialog[dict[str, object] | None]):
    """Add or edit a person. Returns only what changed (with `rounds` if those did);
    ctrl+s saves (Enter in a one-line box too), Esc cancels."""

    DEFAULT_CSS = """
    ContactForm Grid { grid-columns: 10 1fr; }
    ContactForm LongText { height: 5; }
    ContactForm Horizontal { height: auto; }
    ContactForm Checkbox { border: none; padding: 0 1 0 0; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="contact.cancel"),
        Binding("ctrl+s", "submit", "Save", id="contact.save", priority=True),
    ]

    def __init__(
        self,
        contact: Contact | None = None,
        *,
        rounds: Sequence[int] = (),
        known_rounds: Sequence[int] = (),
        company: str = "",
    ) -> None:
        super().__init__()
        self.contact = contact
        self.rounds = list(rounds)
        self.known_rounds = list(known_rounds)
        self.company = company

    def compose(self) -> ComposeResult:
        c = self.contact
        title = f"{c.name} at {self.company}" if c else f"Someone at {self.company}"
        with Vertical():
            yield Static(Content(title), classes="title")
            with Grid():
                for key, label, placeholder in LINES:
                    yield Label(label)
                    yield Input(
                        str(getattr(c, key)) if c else "",
                        placeholder=placeholder,
                        compact=True,
                        id=f"contact-{key}",
                    )
                yield Label("Rounds")
                have = ", ".join(map(str, self.known_rounds)) or "no interviews yet"
                yield Input(
                    ", ".join(map(str, self.rounds)),
                    placeholder=f"the interviews they were in ({have})",
                    compact=True,
                    id="contact-rounds",
                    disabled=not self.known_rounds,
                )
            with Horizontal():
                for key, label in MARKS:
                    yield Tick(
                        label,
                        bool(getattr(c, key)) if c else False,
                        compact=True,
                        id=f"contact-{key}",
                    )
            yield Label("Notes: what you talked about, what to remember")
            yield LongText(c.notes if c else "", file_name="contact.md", id="contact-notes")
            yield Static("", classes="error")
            yield Static(
                Content("ctrl+s saves · ctrl+o notes in $EDITOR · space ticks · Esc cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#contact-name", Input).focus()

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, _, _ in LINES:
            out[key] = self.query_one(f"#contact-{key}", Input).value.strip()
        for key, _ in MARKS:
            out[key] = self.query_one(f"#contact-{key}", Tick).value
        out["notes"] = self.query_one(LongText).text.strip()
        return out

    @on(Input.Submitted)
    def action_submit(self) -> None:
        error = self.query_one(".error", Static)
        values = self.values()
        if not str(values["name"]):
            error.update(Content("A person needs a name."))
            error.add_class("-shown")
            return
        try:
            rounds = parse_rounds(self.query_one("#contact-rounds", Input).value, self.known_rounds)
        except ValueError as exc:
            error.update(Content(str(exc)))
            error.add_class("-shown")
            return
        c = self.contact
        changed = {k: v for k, v in values.items() if c is None or getattr(c, k) != v}
        if c is None:
            changed = {k: v for k, v in changed.items() if v not in ("", False) or k == "name"}
        if rounds != self.rounds:
            changed["rounds"] = rounds
        self.submit(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)
