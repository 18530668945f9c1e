"""Our words for the offer: talking points for the conversation that reshapes it, and a
note that declines it gracefully.

Both are drafts built from the candidate's own worksheet (their figures, their names), meant
to be edited. Nothing here is a template with holes left in it: every sentence is put
together from values, and the candidate's own decline note (profile.toml [phrasing]) has its
placeholders filled by the one fill rule (texts/fill.py): one pass, so a name that happens
to contain braces is never read as a placeholder itself, and an unknown one stays as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from catbird.model import OfferTerm, OfferWorksheet, Opportunity, Profile
from catbird.model.worksheet import (
    TermReading,
    against_target,
    by_priority,
    compensation,
    format_value,
    how_far,
    money,
    read_terms,
    term_role,
)
from catbird.texts.fill import fill, unknown_placeholders

# ---- names ------------------------------------------------------------------------------


def manager_name(o: Opportunity) -> str:
    """The hiring manager: the worksheet's Manager term, else a contact marked as manager."""
    if o.offer is not None:
        for term in o.offer.terms:
            if term_role(term) == "manager" and term.offered:
                return str(term.offered).split(",")[0].strip()
    for contact in o.contacts:
        role = contact.role.casefold()
        if "hiring manager" in role or "my manager" in role or "would be my manager" in role:
            return contact.name
    return ""


def first_name(full: str) -> str:
    return full.split()[0] if full.split() else ""


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _in_sentence(name: str) -> str:
    """A term's name inside a sentence: "Travel" → "travel", but "PTO days" stays."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


# ---- talking points ---------------------------------------------------------------------


def _is_ask(reading: TermReading) -> bool:
    term = reading.term
    if reading.status in ("acceptable", "below"):
        return True
    if reading.status == "unknown" and term.kind == "text":
        return bool(term.offered) and bool(term.target)
    return False


def _ask_line(reading: TermReading, currency: str) -> str:
    term = reading.term
    offered = format_value(term, term.offered, currency)
    head = f"- {term.name} ({term.priority}): the offer is {offered}"
    if reading.gap is not None and reading.gap < 0:
        target = format_value(term, term.target, currency)
        line = f"{head}; you are aiming for {target}, {how_far(term, reading.gap, currency)}."
    elif term.target is not None:
        line = f"{head}; you are aiming for {format_value(term, term.target, currency)}."
    else:
        line = f"{head}."
    if reading.status == "below" and term.walk_away is not None:
        walk = format_value(term, term.walk_away, currency)
        line += (
            f" That is past your walk-away line of {walk} (keep that figure to yourself):"
            " without movement here, the answer is no."
        )
    if term.note:
        line += f" Why it matters: {term.note}"
    return line


def _unknown_line(term: OfferTerm, currency: str) -> str:
    target = format_value(term, term.target, currency)
    return f"- {term.name}: ask what they have in mind; you are aiming for {target}."


def talking_points(o: Opportunity, profile: Profile) -> str:
    """Notes for the conversation with the hiring manager, most important first."""
    worksheet = o.offer or OfferWorksheet()
    currency = worksheet.currency
    readings = read_terms(worksheet)
    manager = manager_name(o)
    with_whom = f" with {manager}" if manager else ""
    role = f" ({o.role})" if o.role else ""
    out = [f"Talking points for the conversation{with_whom} at {o.company}{role}"]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", title, *lines])

    works = [r.term for r in readings if r.status == "meets"]
    opening: list[str] = []
    pros = [p.text for p in worksheet.pros]
    if pros:
        opening.append(f"- Say you want to make this work, and why: {pros[0]}")
    else:
        opening.append(f"- Say you want to make this work at {o.company}, and why.")
    opening += [f"- Also what you value: {text}" for text in pros[1:3]]
    if works:
        agreed = [
            f"{t.name} ({format_value(t, t.offered, currency)})"
            if t.kind in ("text", "date")
            else t.name
            for t in works
        ]
        opening.append(f"- Already right for you: {_join(agreed)}.")
    section("Open with what works", opening)

    asks = [_ask_line(r, currency) for r in by_priority(readings) if _is_ask(r)]
    asks += [
        _unknown_line(r.term, currency)
        for r in by_priority(readings)
        if r.term.offered is None and r.term.target is not None
    ]
    section("What to ask for, most important first", asks)

    from catbird.model.claims import held_against

    section(
        "What they said, and what the offer says",
        [
            f"- They {h.line(currency)}: hold them to what they said."
            for h in held_against(o)
            if h.broken
        ],
    )

    pay = compensation(worksheet, profile)
    if pay.yearly is not None:
        total = f"- Altogether the offer is {money(pay.yearly, currency)} a year"
        total += " (base, bonus and equity)"
        versus = against_target(pay)
        if versus is not None:
            total += versus.clause("you aim for")
        total += "."
        if pay.sign_on:
            total += f" A one-off sign-on of {money(pay.sign_on, currency)} comes on top."
        section("The whole package", [total])

    section(
        "Needs and demands to put on the table",
        [f"- {n.text}" for n in worksheet.needs if not n.done],
    )
    section(
        "Ideas for reshaping the role",
        [f"- {idea.text}" for idea in worksheet.role_ideas if not idea.done],
    )
    flexible = [r.term.name for r in readings if r.term.priority == "flexible" and _is_ask(r)]
    if flexible:
        section(
            "Where you can give",
            [
                f"- {_join(flexible)}: flexible for you. Offer to bend here in exchange for "
                "movement on what matters most."
            ],
        )
    to_find_out = [f"- Ask: {q.text}" for q in worksheet.questions if not q.answer.strip()]
    for visit in worksheet.visits:
        if visit.done:
            continue
        if visit.kind == "place":
            to_find_out.append(f"- Ask to see {visit.name} before deciding.")
        else:
            who = f"{visit.name} ({visit.role})" if visit.role else visit.name
            to_find_out.append(f"- Ask to meet {who} before deciding.")
    section("Still to find out", to_find_out)

    closing = [f"- Thank {first_name(manager) or 'them'} for the offer and for the conversation."]
    deadline = next(
        (t for t in worksheet.terms if term_role(t) == "deadline" and t.offered is not None), None
    )
    if deadline is not None:
        closing.append(
            "- Agree on when you will hear back, well before your decision deadline of "
            f"{format_value(deadline, deadline.offered, currency)}."
        )
    else:
        closing.append("- Agree on when you will hear back, and by when you will decide.")
    section("To close", closing)
    return "\n".join(out) + "\n"


# ---- the decline note -------------------------------------------------------------------


def unfilled_placeholders(template: str) -> list[str]:
    """The placeholders in the user's own decline note that Catbird does not fill (they stay
    as typed): worth a warning before the note is sent."""
    return unknown_placeholders(template, PLACEHOLDER_NAMES)


PLACEHOLDER_NAMES = (
    "name",
    "first_name",
    "manager",
    "company",
    "role",
    "position",
    "title",
    "me",
    "my_name",
    "sender",
)


def decline_note(o: Opportunity, profile: Profile, name: str = "") -> str:
    """An honest, appreciative note that says no and leaves the door open.

    The candidate's own wording (profile phrasing.decline_note) wins, with {name},
    {company} and {role} filled in; otherwise our default, which names the terms that were
    past the candidate's lines as the honest reason (never the figures).
    """
    manager = manager_name(o)
    person = name.strip() or first_name(manager) or "there"
    role = o.role or "the role"
    me = profile.name.strip()
    own = profile.phrasing.decline_note.strip()
    if own:
        values = {
            "name": person,
            "first_name": first_name(person) or person,
            "manager": manager or person,
            "company": o.company,
            "role": role,
            "position": role,
            "title": role,
            "me": me,
            "my_name": me,
            "sender": me,
        }
        return fill(own, values).strip() + "\n"

    from catbird.model.people import warm

    worksheet = o.offer or OfferWorksheet()
    below = [r.term.name for r in read_terms(worksheet) if r.status == "below"]
    as_role = f" as {o.role}" if o.role else ""
    # The people who gave their time, besides the one the note goes to.
    others = [
        c.name
        for c in warm(o)
        if first_name(c.name) != person and c.name != manager and c.name != name.strip()
    ]
    gave_time = (
        f"the time you, {_join(others)} and the team gave me"
        if others
        else "the time you and the team gave me"
    )
    paragraphs = [
        f"Hi {person},",
        f"Thank you for the offer to join {o.company}{as_role}, and for {gave_time} along the "
        "way. I have thought it over carefully, and I have decided not to accept.",
    ]
    if below:
        terms = _join([_in_sentence(n) for n in below])
        paragraphs.append(
            f"The honest reason is the {terms}: it is further from what I need right now than "
            "I think we could bridge, and I would rather say so plainly than ask you to "
            "stretch for something that would still not be right."
        )
    else:
        paragraphs.append(
            "It comes down to what I need at this point in my work, not to anything about the "
            "people or the problems, which I enjoyed getting to know."
        )
    paragraphs.append(
        "I came away with real respect for the team, and I would be glad to stay in touch: "
        "I will send you a connection request, if that is welcome. If I can ever help — an "
        "introduction, a referral, a second opinion — please ask; and if things change on "
        "either side, I would be happy to talk again."
    )
    signature = first_name(me)
    paragraphs.append(f"With thanks,\n{signature}" if signature else "With thanks")
    return "\n\n".join(paragraphs) + "\n"
