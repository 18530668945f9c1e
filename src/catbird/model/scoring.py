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
        if flag.dealbreaker in known and flag.dealbreaker not in fired:
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
