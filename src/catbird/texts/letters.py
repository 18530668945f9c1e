"""Our words for every follow-up that sends words: the thank-you to each person met, the
stay-in-touch after a rejection, notes for a call, the five-month check-in, the "I landed"
news, the offer to help or consult, the withdrawal, the walk-away note, the decline note and
the nudge on a quiet application.

A letter is drafted afresh from the card each time it is shown, until the candidate edits it
(then `FollowUp.letter` holds their version). Every sentence is put together from values, so
no placeholder is ever left in our drafts; where the profile has the candidate's own phrasing
(thanks note, check-in note), it wins, filled by the one fill rule (`texts.fill`).
The one who raised the red flags is thanked plainly, never praised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from catbird.model import Contact, FollowUp, Opportunity, Profile
from catbird.model.people import main_contact, raised_red_flags, warm
from catbird.texts.fill import fill, unknown_placeholders

LETTER_KINDS = (
    "thanks",
    "call",
    "network",
    "help",
    "check-in",
    "landed",
    "withdraw",
    "decline",
    "nudge",
)
"""The follow-ups that come with words (a review is the candidate's own)."""
NOT_SENT = ("call",)
"""Words for the candidate, not a message: notes for a call."""

PHRASE_NAMES = (
    "name",
    "first_name",
    "company",
    "role",
    "position",
    "title",
    "topics",
    "why",
    "me",
    "my_name",
    "sender",
)
"""The placeholders the candidate's own thanks and check-in notes may use."""


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    body: str
    to: tuple[tuple[str, str], ...] = ()
    """(name, email) of each person it goes to; the email may be empty."""
    sends: bool = True
    """False for notes the candidate keeps (a call's)."""
    drafted: bool = True
    """True: our draft, made from the card now; False: the candidate's own edited text."""
    unknown: tuple[str, ...] = field(default=())
    """Placeholders in the candidate's own phrasing that no value fills (left as typed)."""


def has_letter(task: FollowUp) -> bool:
    return task.kind in LETTER_KINDS


def join(names: Sequence[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def first_name(full: str) -> str:
    return full.split()[0] if full.split() else ""


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _short(text: str, limit: int = 90) -> str:
    """The first sentence of the candidate's words, to sit inside a sentence of ours: cut,
    if it must be, after a whole word, never inside one."""
    line = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0].rstrip(".!")
    if len(line) > 1 and line[0].isupper() and line[1].islower():
        line = line[0].lower() + line[1:]  # "Talked about…" → "talked about…"
    if len(line) <= limit:
        return line
    head = line[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-—") + "…"


def topics(o: Opportunity, contact: Contact) -> list[str]:
    """What was talked about with `contact`: their notes, the green flags and the findings
    tied to them (never a red flag: those are not for a thank-you)."""
    out: list[str] = []
    if contact.notes.strip():
        out.append(_short(contact.notes.strip().splitlines()[0]))
    out += [f.label for f in o.flags if f.kind == "green" and f.by == contact.id]
    out += [_short(f.quote) for f in o.findings if f.by == contact.id and f.quote.strip()]
    unique = list({t.casefold(): t for t in reversed(out)}.values())[::-1]
    return unique[:3]


def why_the_role(o: Opportunity, profile: Profile) -> str:
    """Why the candidate wanted the role, in their own words where there are some: the
    worksheet's first pro, else the must-haves found there, else the green flags seen."""
    if o.offer is not None and o.offer.pros:
        return o.offer.pros[0].text
    found = []
    for finding in o.findings:
        criterion = profile.criterion(finding.criterion)
        if criterion and criterion[0] == "must_haves" and finding.answer == "yes":
            found.append(criterion[1].text)
    if found:
        return join(list(dict.fromkeys(found))[:2])
    greens = [f.label for f in o.flags if f.kind == "green"]
    return join(list(dict.fromkeys(greens))[:2])


def _sign(profile: Profile, closing: str = "With thanks") -> str:
    me = profile.name.strip()
    return f"{closing},\n{me}" if me else closing


def _role(o: Opportunity) -> str:
    return f"the {o.role} role" if o.role else "the role"


def _hello(names: Sequence[str]) -> str:
    firsts = [first_name(n) or n for n in names]
    return f"Hi {join(firsts)}," if firsts else "Hello,"


def _own(
    template: str, o: Opportunity, profile: Profile, person: str, about: list[str], why: str
) -> str:
    me = profile.name.strip()
    role = o.role or "the role"
    values = {
        "name": person or "there",
        "first_name": first_name(person) or "there",
        "company": o.company,
        "role": role,
        "position": role,
        "title": role,
        "topics": join(about) or "our conversation",
        "why": why or "the work",
        "me": me,
        "my_name": me,
        "sender": me,
    }
    return fill(template, values).strip() + "\n"


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


# ---- each letter ------------------------------------------------------------------------


def _thanks(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    from catbird.model import Stage

    contact = o.contact(task.contact) if task.contact else None
    if task.planned_for is Stage.WALKED_AWAY or (contact is None and o.stage is Stage.WALKED_AWAY):
        return _door_open(o, contact, profile)
    name = contact.name if contact else ""
    to = ((name, contact.email),) if contact else ()
    subject = f"Thank you — {o.company}"
    plain = contact is not None and raised_red_flags(o, contact)
    about = [] if plain or contact is None else topics(o, contact)
    why = why_the_role(o, profile)
    own = profile.phrasing.thanks_note.strip()
    if own and not plain:
        return Letter(
            subject,
            _own(own, o, profile, name, about, why),
            to,
            unknown=tuple(unknown_placeholders(own, PHRASE_NAMES)),
        )
    if plain:
        # Courtesy, not praise: the one who raised the red flags gets a plain thank-you.
        body = _paragraphs(
            _hello([name]),
            f"Thank you for taking the time to meet me about {_role(o)} at {o.company}.",
            _sign(profile, "Best regards"),
        )
        return Letter(subject, body, to)
    stayed = f"What stayed with me from our conversation: {join(about)}." if about else ""
    drew = f"What drew me to {_role(o)}: {why}." if why else ""
    if o.stage.value in ("rejected", "ghosted"):
        outcome = (
            "I was sorry not to go further this time, but I came away having learned a lot "
            "about the team and the work, and I hope our paths cross again."
        )
    else:
        outcome = "I am glad we met, and I hope our paths cross again."
    body = _paragraphs(
        _hello([name]),
        f"Thank you for the time you gave me during the process for {_role(o)} at {o.company}.",
        " ".join(s for s in (stayed, drew) if s),
        outcome,
        _sign(profile),
    )
    return Letter(subject, body, to)


def _door_open(o: Opportunity, contact: Contact | None, profile: Profile) -> Letter:
    name = contact.name if contact else ""
    body = _paragraphs(
        _hello([name] if name else []),
        f"Thank you again for the time you and the team gave me at {o.company}. I decided "
        f"that {_role(o)} is not the right fit for me, and I wanted to say so early rather "
        "than take more of your time.",
        "The door is open on my side: if a role closer to what I do best comes up, or if I "
        "can be useful to the team, I would be glad to hear from you.",
        _sign(profile),
    )
    return Letter(f"Thank you — {o.company}", body, ((name, contact.email),) if contact else ())


def _call(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    contact = o.contact(task.contact) if task.contact else None
    name = contact.name if contact else "them"
    about = topics(o, contact) if contact else []
    lines = [
        f"Notes for the call with {name} ({o.company})",
        "",
        f"- Thank {first_name(name) or name} for their time and for the conversations.",
    ]
    if about:
        lines.append("- Pick up where you left off:")
        lines += [f"    - {topic}" for topic in about]
    lines += [
        "- Ask, openly, what would have made the difference, and listen.",
        "- Say you would like to stay in touch, and ask how they prefer to hear from you.",
        "- Offer something useful: an introduction, an article, a referral.",
        "- Ask whether anything else at the company, or elsewhere, might suit you.",
    ]
    to = ((contact.name, contact.email),) if contact else ()
    return Letter(f"Call {name}", "\n".join(lines) + "\n", to, sends=False)


def _network(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    people = warm(o)
    names = [c.name for c in people]
    to = tuple((c.name, c.email) for c in people)
    after = (
        "Even though it did not work out this time,"
        if o.stage.value in ("rejected", "ghosted")
        else "Whatever comes next for each of us,"
    )
    body = _paragraphs(
        _hello(names),
        f"{after} I enjoyed getting to know the team at {o.company}, and I would like to "
        "stay in touch. I have sent a connection request; I hope that is welcome.",
        "If I can ever be useful to you — an introduction, a second opinion, a referral — "
        "just ask.",
        _sign(profile, "All the best"),
    )
    return Letter(f"Staying in touch — {o.company}", body, to)


def _help(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    contact = main_contact(o)
    name = contact.name if contact else ""
    body = _paragraphs(
        _hello([name] if name else []),
        f"I have been thinking about what the team at {o.company} is working on since we "
        "spoke. If it would help, I would be glad to share what I have learned doing similar "
        "work — over a call, as a review of a plan, or as a short piece of consulting.",
        "No strings attached: I enjoyed the conversations, and I would like to be useful.",
        _sign(profile, "Best"),
    )
    to = ((name, contact.email),) if contact else ()
    return Letter(f"An offer to help — {o.company}", body, to)


def _check_in(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    contact = (o.contact(task.contact) if task.contact else None) or main_contact(o)
    name = contact.name if contact else ""
    to = ((name, contact.email),) if contact else ()
    subject = f"Checking in — {o.company}"
    own = profile.phrasing.check_in_note.strip()
    if own:
        about = topics(o, contact) if contact else []
        return Letter(
            subject,
            _own(own, o, profile, name, about, why_the_role(o, profile)),
            to,
            unknown=tuple(unknown_placeholders(own, PHRASE_NAMES)),
        )
    body = _paragraphs(
        _hello([name] if name else []),
        f"It has been a few months since we talked about {_role(o)} at {o.company}, and I "
        "wanted to check in: how is the team doing, and how did things turn out?",
        "I am still very interested in the work you do. If a role opens where I could help, "
        "I would love to hear about it.",
        _sign(profile, "Best"),
    )
    return Letter(subject, body, to)


def _landed(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    there = task.elsewhere
    names = list(there.people) if there else []
    emails = list(there.emails) if there else []
    to = tuple((n, emails[i] if i < len(emails) else "") for i, n in enumerate(names))
    where = f" at {there.company}" if there and there.company else ""
    as_role = f" as {o.role}" if o.role else ""
    body = _paragraphs(
        _hello(names),
        f"A short note with good news: I have accepted a role{as_role} at {o.company}.",
        f"Thank you for the time you gave me during our conversations{where}: they helped me "
        "see what I was looking for. I would like to stay in touch, and if I can ever be "
        "useful to you, please ask.",
        _sign(profile, "All the best"),
    )
    return Letter(f"News: I have joined {o.company}", body, to)


def _withdraw(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    contact = main_contact(o)
    name = contact.name if contact else ""
    body = _paragraphs(
        _hello([name] if name else []),
        f"Thank you for considering me for {_role(o)} at {o.company}, and for the time you "
        "and the team have given me. After thinking it over, I have decided to withdraw from "
        "the process.",
        "It is a decision about what I need at this point in my work, not about the people, "
        "whom I enjoyed meeting. I would be glad to stay in touch.",
        _sign(profile),
    )
    to = ((name, contact.email),) if contact else ()
    return Letter(f"Withdrawing from the process — {o.company}", body, to)


def _decline(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    from catbird.texts.offer_texts import decline_note, manager_name, unfilled_placeholders

    saved = o.offer.decline_note.strip() if o.offer is not None else ""
    body = saved + "\n" if saved else decline_note(o, profile)
    manager = manager_name(o)
    contact = next((c for c in o.contacts if c.name == manager), None) or main_contact(o)
    to = ((contact.name, contact.email),) if contact else ()
    unknown = () if saved else tuple(unfilled_placeholders(profile.phrasing.decline_note))
    return Letter(f"Your offer — {o.company}", body, to, unknown=unknown)


def _nudge(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    return nudge(o, profile)


def nudge(o: Opportunity, profile: Profile) -> Letter:
    """A short, friendly question about where things stand on a quiet application."""
    contact = main_contact(o)
    name = contact.name if contact else ""
    body = _paragraphs(
        _hello([name] if name else []),
        f"I wanted to check in on {_role(o)} at {o.company}. I am still very interested, and "
        "I would be glad to hear where things stand, or whether there is anything more I can "
        "send.",
        _sign(profile),
    )
    to = ((name, contact.email),) if contact else ()
    return Letter(f"Checking in — {_role(o)} at {o.company}", body, to)


_DRAFTS = {
    "thanks": _thanks,
    "call": _call,
    "network": _network,
    "help": _help,
    "check-in": _check_in,
    "landed": _landed,
    "withdraw": _withdraw,
    "decline": _decline,
    "nudge": _nudge,
}


def draft(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    """Our draft of `task`'s letter, made from the card as it is now."""
    maker = _DRAFTS.get(task.kind)
    if maker is None:
        raise ValueError(f"a {task.kind} follow-up sends no words")
    return maker(o, task, profile)


def letter(o: Opportunity, task: FollowUp, profile: Profile) -> Letter:
    """The letter as it stands: the candidate's own text once they edited it, else our
    draft (which follows the card)."""
    made = draft(o, task, profile)
    if task.letter.strip():
        return Letter(made.subject, task.letter, made.to, made.sends, drafted=False)
    return made
