"""Numbers derived from the model: the fit score of a card, what is still unknown, and the
weighted flag tally."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from catbird.model.findings import DECIDING, standings
from catbird.model.opportunity import Finding, FlagEvent, Opportunity
from catbird.model.profile import Profile


def red_score(flags: Iterable[FlagEvent]) -> int:
    """Severity-weighted count of red flags (a severity-3 flag counts three times)."""
    return sum(f.severity for f in flags if f.kind == "red")


def green_score(flags: Iterable[FlagEvent]) -> int:
    return sum(f.severity for f in flags if f.kind == "green")


def fired_dealbreakers(opportunity: Opportunity, profile: Profile) -> list[str]:
    """Ids of the profile's dealbreakers found present here, by a finding or a linked red
    flag (the latest evidence decides: see `catbird.model.findings`)."""
    return [
        s.criterion.id
        for s in standings(opportunity, profile)
        if s.group == "dealbreakers" and s.answer == "yes"
    ]


# What a must-have, nice-to-have or flexible found yes, mixed or no brings of its weight.
_SHARE = {"yes": 1.0, "mixed": 0.5, "no": 0.0}


def fit_score(opportunity: Opportunity, profile: Profile) -> int | None:
    """0–100: the weighted share of the must-haves, nice-to-haves and flexibles found out
    that are there (a mixed answer counts half). A dealbreaker found present makes it 0.
    None when none of them is known yet (see `unknown_count` for how much is open)."""
    found = standings(opportunity, profile)
    if any(s.group == "dealbreakers" and s.answer == "yes" for s in found):
        return 0
    met = total = 0.0
    for s in found:
        if s.group == "dealbreakers" or s.is_unknown:
            continue
        total += s.criterion.weight
        met += s.criterion.weight * _SHARE[s.answer]
    if total == 0:
        return None
    return round(100 * met / total)


def unknown_count(opportunity: Opportunity, profile: Profile) -> int:
    """How many must-haves and dealbreakers are still unknown here: what is left to find out
    before the fit score can be trusted."""
    return sum(1 for s in standings(opportunity, profile) if s.is_unknown and s.group in DECIDING)


def confirmed_dealbreakers(findings: Iterable[Finding], profile: Profile) -> list[Finding]:
    """The findings that confirm one of the profile's dealbreakers: the latest finding of
    each dealbreaker, where it says "yes" (present), oldest first."""
    latest: dict[str, Finding] = {}
    for finding in sorted(findings, key=lambda f: f.at):
        if profile.dealbreaker(finding.criterion) is not None:
            latest[finding.criterion] = finding
    return [f for f in latest.values() if f.answer == "yes"]


def definite_no_reasons(
    flags: Iterable[FlagEvent], profile: Profile, findings: Iterable[Finding] = ()
) -> list[str]:
    """Every reason this interview reads as a definite no, in the order they arose: each
    dealbreaker a red flag was linked to or an answer confirmed, then the weighted red score
    reaching the profile's threshold. Empty when there is none."""
    flags = list(flags)
    reasons: list[str] = []
    events: list[tuple[datetime, str]] = []
    for flag in flags:
        if flag.kind == "red" and flag.dealbreaker:
            dealbreaker = profile.dealbreaker(flag.dealbreaker)
            events.append(
                (flag.at, f"dealbreaker: {dealbreaker.text if dealbreaker else flag.label}")
            )
    for finding in confirmed_dealbreakers(findings, profile):
        dealbreaker = profile.dealbreaker(finding.criterion)
        if dealbreaker is not None:
            events.append((finding.at, f"dealbreaker: {dealbreaker.text}"))
    for _, reason in sorted(events, key=lambda e: e[0]):
        if reason not in reasons:
            reasons.append(reason)
    if red_score(flags) >= profile.tally.threshold:
        reasons.append(f"red score reached your threshold of {profile.tally.threshold}")
    return reasons


def definite_no(
    flags: Iterable[FlagEvent], profile: Profile, findings: Iterable[Finding] = ()
) -> str | None:
    """The latest reason this interview reads as a definite no, or None."""
    reasons = definite_no_reasons(flags, profile, findings)
    return reasons[-1] if reasons else None
