"""Where each criterion of the homework stands for one opportunity, from the evidence.

The evidence of a criterion is every finding recorded for it and, for a dealbreaker, every
red flag linked to it (a linked flag is evidence that the dealbreaker is there). The latest
piece of evidence decides: a later "no" is the candidate's verdict that an earlier flag was
a false alarm, a later flag overrides an earlier "no", and "unknown" puts it back to open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from catbird.model.opportunity import Answer, Opportunity
from catbird.model.profile import Criterion, CriterionGroup, Profile


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing that says whether a criterion is there: a finding or a linked red flag."""

    id: str
    at: datetime
    answer: Answer
    quote: str
    by: str
    """As stored: a contact's id or a name (see `Opportunity.who`)."""
    interview: str | None
    source: Literal["finding", "flag"]


@dataclass(frozen=True, slots=True)
class Standing:
    """A criterion of the profile and what this opportunity's evidence says about it."""

    group: CriterionGroup
    criterion: Criterion
    answer: Answer
    evidence: tuple[Evidence, ...]
    """Oldest first; the last one decided `answer` (none: unknown)."""

    @property
    def is_unknown(self) -> bool:
        return self.answer == "unknown"


def evidence_by_criterion(opportunity: Opportunity) -> dict[str, list[Evidence]]:
    """Every finding, and every red flag linked to a dealbreaker, by criterion id, oldest
    first (at equal times, in the order they were recorded)."""
    out: dict[str, list[Evidence]] = {}
    for f in opportunity.findings:
        out.setdefault(f.criterion, []).append(
            Evidence(f.id, f.at, f.answer, f.quote, f.by, f.interview, "finding")
        )
    for interview in opportunity.interviews:
        for flag in interview.flags:
            if flag.kind == "red" and flag.dealbreaker:
                out.setdefault(flag.dealbreaker, []).append(
                    Evidence(flag.id, flag.at, "yes", flag.label, "", interview.id, "flag")
                )
    for items in out.values():
        items.sort(key=lambda e: e.at)  # stable: equal times keep their order
    return out


def standings(opportunity: Opportunity, profile: Profile) -> list[Standing]:
    """Every criterion of the profile, in the profile's order, with where it stands."""
    evidence = evidence_by_criterion(opportunity)
    out = []
    for group, criterion in profile.criteria():
        items = tuple(evidence.get(criterion.id, ()))
        answer: Answer = items[-1].answer if items else "unknown"
        out.append(Standing(group, criterion, answer, items))
    return out


DECIDING: tuple[CriterionGroup, ...] = ("must_haves", "dealbreakers")
"""The groups whose unknowns a card counts: the ones that decide yes or no."""


_RANK = {group: n for n, group in enumerate(("dealbreakers", "must_haves", "nice_to_haves"))}


def heaviest_first(items: Iterable[Standing]) -> list[Standing]:
    """Heaviest first; at the same weight dealbreakers, then must-haves, nice-to-haves and
    flexibles; then in the profile's order."""
    return sorted(items, key=lambda s: (-s.criterion.weight, _RANK.get(s.group, 3)))


def open_questions(opportunity: Opportunity, profile: Profile) -> list[Standing]:
    """The criteria still unknown, heaviest first: what the next conversation should find out."""
    return heaviest_first(s for s in standings(opportunity, profile) if s.is_unknown)


_GOOD_MARK = {"yes": "✓", "no": "✗", "mixed": "±", "unknown": "?"}
_DEALBREAKER_MARK = {"yes": "✗", "no": "✓", "mixed": "±", "unknown": "?"}
_GOOD_WORDS = {"yes": "there", "no": "missing", "mixed": "mixed", "unknown": "unknown"}
_DEALBREAKER_WORDS = {"yes": "present", "no": "absent", "mixed": "mixed", "unknown": "unknown"}


def mark(group: CriterionGroup, answer: Answer) -> str:
    """✓ for good news, ✗ for bad, ± mixed, ? unknown: a dealbreaker present is bad news."""
    return (_DEALBREAKER_MARK if group == "dealbreakers" else _GOOD_MARK)[answer]


def answer_words(group: CriterionGroup, answer: Answer) -> str:
    """The answer as a person says it of this criterion: “there”, “missing”, “present”…"""
    return (_DEALBREAKER_WORDS if group == "dealbreakers" else _GOOD_WORDS)[answer]


def quoted(text: str) -> str:
    """`text` in quotation marks, unless it is already quoted."""
    if text[:1] in "“\"'" and text[-1:] in "”\"'":
        return text
    return f"“{text}”"


def describe_evidence(opportunity: Opportunity, e: Evidence) -> str:
    """One piece of evidence in plain words: “quote” — who, round N, day."""
    rounds = {i.id: i.round for i in opportunity.interviews}
    head = quoted(e.quote) if e.quote else e.answer
    if e.source == "flag":
        head = f"flag: {head}"
    where = [opportunity.who(e.by)] if e.by else []
    if e.interview in rounds:
        where.append(f"round {rounds[e.interview]}")
    where.append(f"{e.at:%Y-%m-%d}")
    return f"{head} — {', '.join(where)}"


def before_signing(opportunity: Opportunity, profile: Profile) -> list[str]:
    """What to ask before accepting, by name: the must-haves still unknown or not found
    there (no, or mixed), heaviest first. Empty when every must-have was found there."""
    out: list[str] = []
    for s in heaviest_first(standings(opportunity, profile)):
        text = s.criterion.text
        if s.group == "must_haves" and s.answer != "yes":
            how = {"unknown": "still unknown", "no": "answered no", "mixed": "mixed"}[s.answer]
            last = s.evidence[-1] if s.evidence else None
            quote = f" ({quoted(last.quote)})" if last is not None and last.quote else ""
            out.append(f"must-have {how}: {text}{quote}")
    return out
