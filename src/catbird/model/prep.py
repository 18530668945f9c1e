"""The prep sheet for the next conversation with a company, derived from what is known.

What is still unknown (heaviest first, with the questions that find it out), what came out
mixed, the people and what each of them said, what the company said in earlier rounds, and
the red flags already seen. Plain data: the prep screen and `catbird prep` both render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from catbird.model.findings import Standing, open_questions, standings
from catbird.model.opportunity import Opportunity
from catbird.model.profile import Profile
from catbird.model.stage import now


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    notes: str
    met: bool
    clicked: bool
    rounds: tuple[int, ...]
    """The rounds in which they told or showed something about the homework."""


@dataclass(frozen=True, slots=True)
class Said:
    round: int | None
    at: datetime
    who: str
    text: str
    about: str
    """The criterion it was about, or the claim's topic."""


@dataclass(frozen=True, slots=True)
class FlagSeen:
    label: str
    count: int
    rounds: tuple[int, ...]
    dealbreaker: str
    """The text of the dealbreaker it is linked to, or ""."""


@dataclass(frozen=True, slots=True)
class PrepSheet:
    company: str
    role: str
    stage: str
    next_round: int
    next_at: datetime | None
    """When the next conversation is booked (an interview not started yet), if it is."""
    next_with: str
    unknown: tuple[Standing, ...]
    mixed: tuple[Standing, ...]
    people: tuple[Person, ...]
    said: tuple[Said, ...]
    flags: tuple[FlagSeen, ...]


def prep_sheet(o: Opportunity, profile: Profile) -> PrepSheet:
    moment = now()
    upcoming = [i for i in o.interviews if i.started_at > moment]
    held = [i for i in o.interviews if i.started_at <= moment]
    # What they said: the quotes of the findings, and their claims (a pay range, office days,
    # "decision by Friday"), which the offer worksheet also holds the offer against.
    booked = min(upcoming, key=lambda i: i.started_at) if upcoming else None
    next_round = booked.round if booked else max((i.round for i in held), default=0) + 1

    found = standings(o, profile)
    rounds = {i.id: i.round for i in o.interviews}
    people = []
    for c in o.contacts:
        seen = {
            rounds[e.interview]
            for s in found
            for e in s.evidence
            if e.by == c.id and e.interview in rounds
        }
        people.append(Person(c.name, c.role, c.notes, c.met, c.clicked, tuple(sorted(seen))))

    said_before: list[Said] = []
    for s in found:
        for e in s.evidence:
            if e.source == "finding" and e.quote:
                said_before.append(
                    Said(
                        rounds.get(e.interview or ""), e.at, o.who(e.by), e.quote, s.criterion.text
                    )
                )
    said_before += [
        Said(rounds.get(c.interview or ""), c.at, o.who(c.by), c.text, c.topic) for c in o.claims
    ]
    said_before.sort(key=lambda s: s.at)

    flags: dict[str, tuple[int, list[int], str]] = {}
    for i in o.interviews:
        for f in i.flags:
            if f.kind != "red":
                continue
            count, seen_in, linked = flags.get(f.label, (0, [], ""))
            dealbreaker = profile.dealbreaker(f.dealbreaker) if f.dealbreaker else None
            if i.round not in seen_in:
                seen_in.append(i.round)
            flags[f.label] = (
                count + 1,
                seen_in,
                linked or (dealbreaker.text if dealbreaker else ""),
            )
    return PrepSheet(
        company=o.company,
        role=o.role,
        stage=o.stage.value,
        next_round=next_round,
        next_at=booked.started_at if booked else None,
        next_with=booked.with_whom if booked else "",
        unknown=tuple(open_questions(o, profile)),
        mixed=tuple(s for s in found if s.answer == "mixed"),
        people=tuple(people),
        said=tuple(said_before),
        flags=tuple(
            FlagSeen(label, count, tuple(sorted(seen)), linked)
            for label, (count, seen, linked) in sorted(flags.items(), key=lambda kv: -kv[1][0])
        ),
    )
