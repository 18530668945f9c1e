"""A follow-up's letter: read it, edit it here or in $VISUAL/$EDITOR, copy it (OSC 52),
write it as an .eml draft, mark it sent.

Until it is edited, the letter is our draft, made afresh from the card (so it follows the
notes, the people and the worksheet); once edited, the candidate's text is kept with the
follow-up. The title says which it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from catbird import ops
from catbird.texts.letters import Letter
from catbird.tui.dialogs.draft import DraftDialog
from catbird.tui.door import door
from catbird.tui.widgets.long_text import LongText


class LetterDialog(DraftDialog):
    """One letter. `follow_up_id` None: a nudge on a quiet application (sending it is kept
    as a check-in)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="letter.close", tooltip="Save and close"),
        Binding("e", "edit", "Edit", id="letter.edit", tooltip="Edit the letter here"),
        Binding("y", "copy", "Copy", id="letter.copy", tooltip="Copy it (OSC 52, over SSH)"),
        Binding("w", "eml", "Write .eml", id="letter.eml", tooltip="Write it as an .eml draft"),
        Binding("s", "sent", "Mark sent", id="letter.sent", tooltip="Sent: the task is done"),
        Binding("r", "redraft", "Redraft", id="letter.redraft", tooltip="Our draft, afresh"),
    ]

    LOCKED_WHILE_EDITING = ("edit", "copy", "eml", "sent", "redraft")

    def __init__(
        self,
        slug: str,
        follow_up_id: str | None,
        heading: str,
        made: Letter,
        draft: Callable[[], Letter],
        *,
        saved: str = "",
    ) -> None:
        super().__init__()
        self.slug = slug
        self.follow_up_id = follow_up_id
        self.heading = heading
        self.made = made
        self.draft = draft
        self.saved = saved
        """The candidate's text on disk ("" while it is our draft)."""
        self.draft_text = made.body if not saved.strip() else draft().body
        """Our draft as it was made on opening (or on `r`): what "not edited" means."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading), classes="title")
            yield Static(id="letter-meta", classes="meta")
            yield Static(id="letter-hint", classes="hint")
            box = LongText(self.made.body, file_name="letter.txt", id="letter")
            box.read_only = True
            yield box

    def _describe(self) -> None:
        to = ", ".join(f"{n} <{e}>" if e else n for n, e in self.made.to) or "—"
        own = self.text.strip() and self.text.strip() != self.draft_text.strip()
        which = (
            "your own text, kept with the follow-up"
            if own
            else "our draft: it follows the card until you edit it"
        )
        if not self.made.sends:
            which += " · notes for you, not a message"
        parts: list[str | tuple[str, str]] = [
            ("To ", "dim"),
            to,
            ("  ·  Subject ", "dim"),
            self.made.subject,
            "\n",
            (which, "italic"),
        ]
        if self.made.sends and not door(self).profile.name.strip():
            parts += ["\n", ("Unsigned: your name goes in the profile (p, You).", "$warning")]
        if self.made.unknown:
            names = ", ".join("{" + u + "}" for u in self.made.unknown)
            parts += ["\n", (f"Your phrasing uses {names}: not filled, left as typed.", "$warning")]
        self.query_one("#letter-meta", Static).update(Content.assemble(*parts))
        if self.editing:
            hint = "Editing: type freely · ctrl+o your $EDITOR · Esc when done (it is kept)"
        else:
            hint = "e edit · ctrl+o editor · y copy · w .eml · s sent · r redraft · Esc close"
        self.query_one("#letter-hint", Static).update(Content(hint))

    def save(self) -> bool:
        if self.follow_up_id is None:
            return True  # a nudge: its words are kept when it is marked sent
        own = self._own_text()
        if own.strip() == self.saved.strip():
            return True
        change = door(self).perform(ops.set_letter, self.slug, self.follow_up_id, own)
        if change is None:
            return False
        self.saved = own
        return True

    def action_edit(self) -> None:
        super().action_edit()
        box = self._box()
        box.move_cursor(box.document.end)  # most often a line is added: a P.S., a name

    def action_sent(self) -> None:
        text = self.text
        if self.follow_up_id is None:
            change = door(self).perform(ops.nudged, self.slug, text)
        else:
            change = door(self).perform(ops.mark_sent, self.slug, self.follow_up_id, text)
        if change is not None:
            self.notify("Marked sent; the letter is kept with it. u undoes.", timeout=3)
            self.dismiss()

    def action_redraft(self) -> None:
        fresh = self.draft()

        def take() -> None:
            self.draft_text = fresh.body
            self.made = fresh

        self._redraft(
            fresh.body,
            "Replace this letter with a fresh draft?",
            "Our draft, made from the card as it is now. Esc saves it; u undoes.",
            take,
        )

    def letter_now(self) -> Letter:
        """The letter as on screen: its text, with the draft's addresses and subject."""
        return Letter(self.made.subject, self.text, self.made.to, self.made.sends)

    def action_eml(self) -> None:
        from catbird.exchange.eml import write_eml
        from catbird.tui.dialogs.write_to_file import ask_and_write

        name = self.made.to[0][0] if self.made.to else "letter"
        safe = "".join(ch if ch.isalnum() else "-" for ch in name.casefold()).strip("-")
        letter = self.letter_now()
        ask_and_write(
            self,
            "Write the letter as an .eml draft",
            f"{self.slug}-{safe or 'letter'}.eml",
            lambda home, target: write_eml(home, target, letter, force=True),
            lambda target: f"Wrote {target}: open it in your mail client.",
        )


def open_letter(node: Screen[Any], slug: str, follow_up_id: str | None) -> None:
    """Open the letter of follow-up `follow_up_id` of `slug` (None: the nudge of a quiet
    application) from any screen."""
    from catbird.texts import letters

    d = door(node)
    o = d.read(slug)
    if o is None:
        return
    profile = d.profile
    if follow_up_id is None:

        def nudge() -> Letter:
            current = d.read(slug, quiet=True) or o
            return letters.nudge(current, profile)

        made = nudge()
        node.app.push_screen(LetterDialog(slug, None, f"Check in — {o.company}", made, nudge))
        return
    task = next((f for f in o.follow_ups if f.id == follow_up_id), None)
    if task is None or not letters.has_letter(task):
        node.notify("This follow-up comes with no letter.", timeout=3)
        return

    def draft() -> Letter:
        current = d.read(slug, quiet=True) or o
        now = next((f for f in current.follow_ups if f.id == follow_up_id), task)
        return letters.draft(current, now, profile)

    made = letters.letter(o, task, profile)
    node.app.push_screen(
        LetterDialog(slug, follow_up_id, task.title, made, draft, saved=task.letter)
    )
