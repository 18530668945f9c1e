"""The people of an opportunity: adding, editing and removing them, and which interviews
they were in (the tally's people). Who was met and who was clicked with decide who gets a
thank-you and who a call; the one who raised the red flags is never praised or called."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from catbird.model import Contact, Opportunity
from catbird.ops.common import apply, invalid
from catbird.store import Ambiguous, CatbirdError, Change, NotFound, Workspace

CONTACT_FIELDS = (
    "name",
    "role",
    "email",
    "phone",
    "link",
    "notes",
    "met",
    "clicked",
    "raised_flags",
)


def find_contact(o: Opportunity, who: str) -> Contact:
    """The contact `who` names: an id, a whole name, or a unique part of one (any case)."""
    needle = who.strip().casefold()
    if not needle:
        raise CatbirdError("name the contact (their name, or part of it)")
    by_id = o.contact(who.strip())
    if by_id is not None:
        return by_id
    whole = [c for c in o.contacts if c.name.casefold() == needle]
    if len(whole) == 1:
        return whole[0]
    parts = whole or [c for c in o.contacts if needle in c.name.casefold()]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        names = ", ".join(c.name for c in o.contacts) or "nobody yet"
        raise NotFound(f"{o.company}: no contact matches {who.strip()!r} (people: {names})")
    raise Ambiguous(who, [(c.id, c.name) for c in parts])


def _with_rounds(o: Opportunity, contact_id: str, rounds: Iterable[int] | None) -> Opportunity:
    """`o` with the contact in exactly the interviews of `rounds` (None: left as they are)."""
    if rounds is None:
        return o
    wanted = set(rounds)
    known = {i.round for i in o.interviews}
    missing = sorted(wanted - known)
    if missing:
        have = ", ".join(str(r) for r in sorted(known)) or "none yet"
        raise CatbirdError(
            f"{o.company} has no interview round {', '.join(map(str, missing))} (rounds: {have})"
        )
    interviews = []
    for i in o.interviews:
        people = [p for p in i.people if p != contact_id]
        if i.round in wanted:
            people.append(contact_id)
        interviews.append(i.model_copy(update={"people": people}) if people != i.people else i)
    return o.model_copy(update={"interviews": interviews})


def add_contact(
    ws: Workspace,
    slug: str,
    name: str,
    *,
    rounds: Iterable[int] | None = None,
    **fields: object,
) -> Change:
    """Add a person: name and any of role, email, phone, link, notes, met, clicked,
    raised_flags; `rounds` puts them in those interviews (which marks them met)."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise CatbirdError(f"a contact has no {', '.join(sorted(unknown))}")
    rounds = list(rounds) if rounds is not None else None
    if rounds:
        fields.setdefault("met", True)

    def change(o: Opportunity) -> Opportunity:
        try:
            contact = Contact.model_validate({**fields, "name": name})
        except ValidationError as exc:
            raise invalid(exc) from None
        o = o.model_copy(update={"contacts": [*o.contacts, contact]})
        return _with_rounds(o, contact.id, rounds)

    return apply(ws, slug, change, f"contact at {slug}")


def edit_contact(
    ws: Workspace,
    slug: str,
    contact_id: str,
    *,
    rounds: Iterable[int] | None = None,
    **fields: object,
) -> Change:
    """Change only the fields given (a form saves only what the user changed)."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise CatbirdError(f"a contact has no {', '.join(sorted(unknown))}")
    rounds = list(rounds) if rounds is not None else None

    def change(o: Opportunity) -> Opportunity:
        found = o.contact(contact_id)
        if found is None:
            raise NotFound(f"{slug}: no contact {contact_id} (removed meanwhile?)")
        try:
            edited = Contact.model_validate(found.model_dump() | fields)
        except ValidationError as exc:
            raise invalid(exc) from None
        o = o.model_copy(
            update={"contacts": [edited if c.id == contact_id else c for c in o.contacts]}
        )
        return _with_rounds(o, contact_id, rounds)

    return apply(ws, slug, change, f"edit a contact at {slug}")


def remove_contact(ws: Workspace, slug: str, contact_id: str) -> Change:
    """Remove a person and their seat in the interviews. Flags, findings and claims they
    said keep their name (as typed), so the evidence still says who."""

    def change(o: Opportunity) -> Opportunity:
        found = o.contact(contact_id)
        if found is None:
            raise NotFound(f"{slug}: no contact {contact_id}")
        o = _with_rounds(o, contact_id, [])
        interviews = [
            i.model_copy(
                update={
                    "flags": [
                        f.model_copy(update={"by": found.name}) if f.by == contact_id else f
                        for f in i.flags
                    ]
                }
            )
            for i in o.interviews
        ]
        return o.model_copy(
            update={
                "contacts": [c for c in o.contacts if c.id != contact_id],
                "interviews": interviews,
                "findings": [
                    f.model_copy(update={"by": found.name}) if f.by == contact_id else f
                    for f in o.findings
                ],
                "claims": [
                    c.model_copy(update={"by": found.name}) if c.by == contact_id else c
                    for c in o.claims
                ],
                "follow_ups": [
                    f.model_copy(update={"contact": None}) if f.contact == contact_id else f
                    for f in o.follow_ups
                ],
            }
        )

    return apply(ws, slug, change, f"remove a contact at {slug}")


def rounds_of(o: Opportunity, contact_id: str) -> list[int]:
    """The interview rounds a contact was in, in order."""
    return sorted({i.round for i in o.interviews if contact_id in i.people})
