"""What the company said, held against the written offer.

A claim ("180-200k", "two office days", "decision by Friday") is kept with its topic and its
round. Its numbers are read from its words; the offer term of the same topic is then compared
with them ("said 180–200k in round 1; offer 165k"), and a promised date that passes is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catbird.model.offer import NUMERIC_KINDS, OfferTerm
from catbird.model.opportunity import Claim, ClaimTopic, Opportunity
from catbird.model.worksheet import format_value, term_role

TOPIC_ROLE: dict[ClaimTopic, str] = {
    "pay": "base",
    "office-days": "onsite",
    "travel": "travel",
    "title": "title",
    "start": "start",
    "decision": "deadline",
}
"""The offer term a claim of each topic is held against (see `worksheet.term_role`)."""

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBER = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*([kKmM])?(?![a-zA-Z])|\b(" + "|".join(_WORDS) + r")\b"
)


def amounts(text: str) -> tuple[float | None, float | None]:
    """The low and high numbers in what was said: "180-200k" → (180000, 200000), "$195,000"
    → (195000, 195000), "two office days" → (2, 2); (None, None) if there is none. A
    suffix on the last number of a range counts for the first too ("180-200k")."""
    found: list[tuple[float, str]] = []
    for digits, suffix, word in _NUMBER.findall(text.casefold()):
        if word:
            found.append((float(_WORDS[word]), ""))
        else:
            found.append((float(digits.replace(",", "")), suffix.lower()))
    if not found:
        return None, None
    found = found[:2]
    last_suffix = found[-1][1]
    scale = {"k": 1_000.0, "m": 1_000_000.0, "": 1.0}
    values = [n * scale[s or last_suffix] for n, s in found]
    return min(values), max(values)


def _tidy(value: float) -> int | float:
    return int(value) if value == int(value) else value


@dataclass(frozen=True, slots=True)
class HeldAgainst:
    """A claim beside the offer term of its topic."""

    claim: Claim
    round: int | None
    term: OfferTerm | None
    broken: bool
    """The written offer does not keep what was said (less pay, more office days…)."""

    def said(self) -> str:
        when = f" in round {self.round}" if self.round else ""
        return f"said {self.claim.text}{when}"

    def line(self, currency: str = "USD") -> str:
        """“said 180-200k in round 1; offer 165k”."""
        if self.term is None or self.term.offered is None:
            return self.said()
        return f"{self.said()}; offer {format_value(self.term, self.term.offered, currency)}"


def _broken(term: OfferTerm, claim: Claim) -> bool:
    offered = term.offered
    if term.kind not in NUMERIC_KINDS or not isinstance(offered, int | float):
        return False
    if claim.low is None or claim.high is None:
        return False
    return offered < claim.low if term.better == "higher" else offered > claim.high


def held_against(o: Opportunity) -> list[HeldAgainst]:
    """Every claim, oldest first, beside the offer term of its topic (if the worksheet has
    one); `broken` where the written offer falls short of what was said."""
    rounds = {i.id: i.round for i in o.interviews}
    terms = o.offer.terms if o.offer is not None else []
    out = []
    for claim in sorted(o.claims, key=lambda c: c.at):
        role = TOPIC_ROLE.get(claim.topic)
        term = next((t for t in terms if role and term_role(t) == role), None)
        broken = term is not None and _broken(term, claim)
        out.append(HeldAgainst(claim, rounds.get(claim.interview or ""), term, broken))
    return out


_TOPIC_WORDS: dict[str, ClaimTopic] = {
    "pay": "pay",
    "salary": "pay",
    "base": "pay",
    "office": "office-days",
    "office-days": "office-days",
    "office days": "office-days",
    "onsite": "office-days",
    "on-site": "office-days",
    "travel": "travel",
    "title": "title",
    "level": "title",
    "start": "start",
    "decision": "decision",
    "deadline": "decision",
}


def split_topic(text: str) -> tuple[ClaimTopic, str]:
    """ "pay: 180-200k" → ("pay", "180-200k"); words without a known topic are "other"."""
    head, colon, rest = text.partition(":")
    topic = _TOPIC_WORDS.get(head.strip().casefold()) if colon else None
    if topic is None or not rest.strip():
        return "other", text.strip()
    return topic, rest.strip()


_PERIOD = re.compile(
    r"(?:/|\bper\s+|\ban?\s+|\beach\s+)(h|hr|hour|day|d|wk|week|mo|month)s?\b|\b(hourly|daily|weekly|monthly)\b"
)


def pay_period(text: str) -> str | None:
    """The period a pay figure is given for, when it is not a year: "$90/h" → "hour",
    "12k a month" → "month"; None for a yearly (or unstated) figure."""
    found = _PERIOD.search(text.casefold())
    if found is None:
        return None
    word = found.group(1) or found.group(2)
    for period in ("hour", "day", "week", "month"):
        if word[:1] == period[:1] and (word[:2] != "mo" or period == "month"):
            return period
    return None


def numbers_of(text: str, topic: ClaimTopic = "other") -> dict[str, int | float | None]:
    """`low` and `high` for a claim made of `text` (tidied to whole numbers where they are).

    Pay is held against a yearly figure, so its numbers are read as people say them: "180
    to 200" in a pay conversation is thousands; a pay figure for an hour, a day, a week or a
    month is not a yearly one and is kept as words only (no numbers: never compared)."""
    low, high = amounts(text)
    if topic == "pay" and low is not None and high is not None:
        if pay_period(text) is not None:
            low = high = None
        elif high < 1_000 and not re.search(r"\d\s*[km]\b", text.casefold()):
            low, high = low * 1_000, high * 1_000
    return {
        "low": None if low is None else _tidy(low),
        "high": None if high is None else _tidy(high),
    }
