"""Numbers derived from the model: the fit score of a card and the weighted flag tally."""

from __future__ import annotations

from collections.abc import Iterable

from catbird.model.opportunity import FlagEvent, Opportunity
from catbird.model.profile import Profile


def red_score(flags: Iterable[FlagEvent]) -> int:
    """Severity-weighted count of red flags (a severity-3 flag counts three times)."""
    return sum(f.severity for f in flags if f.kind == "red")


def green_score(flags: Iterable[FlagEvent]) -> int:
    return sum(f.severity for f in flags if f.kind == "green")


def fired_dealbreakers(opportunity: Opportunity, profile: Profile) -> list[str]:
    """Ids of the profile's dealbreakers seen in this opportunity (assessed or flagged)."""
    known = {d.id for d in profile.dealbreakers}
    fired = [cid for cid, present in opportunity.fit.items() if present and cid in known]
    for flag in opportunity.flags:
        # An explicit `fit[dealbreaker] = false` is the user's verdict that a flag was a
        # false alarm: it overrides the flag.
        if (
            flag.kind == "red"
            and flag.dealbreaker in known
            and flag.dealbreaker not in fired
            and opportunity.fit.get(flag.dealbreaker) is not False
        ):
            fired.append(flag.dealbreaker)
    return fired


def fit_score(opportunity: Opportunity, profile: Profile) -> int | None:
    """0–100: the weighted share of assessed must-haves, nice-to-haves and flexibles met.

    A dealbreaker seen makes it 0. None when nothing has been assessed yet.
    """
    if fired_dealbreakers(opportunity, profile):
        return 0
    met = total = 0
    for criterion in (*profile.must_haves, *profile.nice_to_haves, *profile.flexibles):
        verdict = opportunity.fit.get(criterion.id)
        if verdict is None:
            continue
        total += criterion.weight
        met += criterion.weight if verdict else 0
    if total == 0:
        return None
    return round(100 * met / total)


def definite_no_reasons(flags: Iterable[FlagEvent], profile: Profile) -> list[str]:
    """Every reason this interview reads as a definite no, in the order they arose: each
    dealbreaker a red flag was linked to, then the weighted red score reaching the profile's
    threshold. Empty when there is none."""
    flags = list(flags)
    reasons: list[str] = []
    for flag in flags:
        if flag.kind == "red" and flag.dealbreaker:
            dealbreaker = profile.dealbreaker(flag.dealbreaker)
            reason = f"dealbreaker: {dealbreaker.text if dealbreaker else flag.label}"
            if reason not in reasons:
                reasons.append(reason)
    if red_score(flags) >= profile.tally.threshold:
        reasons.append(f"red score reached your threshold of {profile.tally.threshold}")
    return reasons


def definite_no(flags: Iterable[FlagEvent], profile: Profile) -> str | None:
    """The latest reason this interview reads as a definite no, or None."""
    reasons = definite_no_reasons(flags, profile)
    return reasons[-1] if reasons else None
