"""Who is who after an outcome: the people met, the ones clicked with, and the one who raised
the red flags. One rule, read by the plan (`ops.endings`) and by the letters (`texts`)."""

from __future__ import annotations

from catbird.model.opportunity import Contact, Opportunity


def raised_red_flags(o: Opportunity, contact: Contact) -> bool:
    """Marked as the one who raised the red flags, or named as the speaker of a red flag."""
    return contact.raised_flags or any(f.kind == "red" and f.by == contact.id for f in o.flags)


def met(o: Opportunity) -> list[Contact]:
    """The people the candidate met (marked met, or put across the table in the tally)."""
    in_interviews = {p for i in o.interviews for p in i.people}
    return [c for c in o.contacts if c.met or c.id in in_interviews]


def to_call(o: Opportunity) -> list[Contact]:
    """The ones clicked with: worth a call. Never the one who raised the red flags."""
    return [c for c in met(o) if c.clicked and not raised_red_flags(o, c)]


def warm(o: Opportunity) -> list[Contact]:
    """The people met who did not raise the red flags: those a note may thank warmly."""
    return [c for c in met(o) if not raised_red_flags(o, c)]


def main_contact(o: Opportunity) -> Contact | None:
    """Who a note to the company goes to: the first clicked with, else the first met warmly,
    else the first person at all."""
    people = warm(o)
    return (
        next((c for c in people if c.clicked), None)
        or (people[0] if people else None)
        or (o.contacts[0] if o.contacts else None)
    )
