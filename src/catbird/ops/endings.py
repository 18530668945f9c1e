"""Endings: closing an opportunity (rejected, ghosted, declined, withdrawn, walked-away,
accepted) and the plan every ending gets, made in the same change (so one undo takes both
back); and the quiet applications that earn a nudge, then a proposal to close as ghosted.

The plan follows the advice: after a rejection or a silence, thank each person met, call
the ones you clicked with, review, keep them in your network, offer to help, and check back
in about five months; after declining or withdrawing, thank and keep in touch; after walking
away, one short note of thanks that leaves the door open; after accepting, tell the people
of every other search that you landed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from catbird.model import (
    CardSummary,
    Elsewhere,
    FollowUp,
    Opportunity,
    Stage,
    today,
)
from catbird.model.people import (
    QUIET_STAGES,
    last_news,
    met,
    quiet_days_now,
    raised_red_flags,
    to_call,
)
from catbird.ops.common import apply
from catbird.ops.plans import changed_stage, ending_plan, planned
from catbird.store import CatbirdError, Change, Workspace

__all__ = [
    "LANDED_SEARCHES",
    "QUIET_STAGES",
    "Quiet",
    "changed_stage",
    "close",
    "elsewhere_for",
    "ending_plan",
    "last_news",
    "met",
    "nudged",
    "planned",
    "quiet",
    "quiet_ones",
    "raised_red_flags",
    "to_call",
]


LANDED_SEARCHES = 25
"""How many other searches the "I landed" plan looks at, the most recent first: the people a
candidate would tell (a long search's old, cold leads are not read, which keeps accepting
quick at 10,000 opportunities)."""


def elsewhere_for(ws: Workspace, slug: str) -> list[Elsewhere]:
    """The people met in the other recent searches (those who raised red flags aside), one
    entry per search: who the "I landed" news goes to."""
    from catbird.store import FileProblem, NotFound
    from catbird.store.index import Index

    # The summary index says which searches are recent without parsing every file; a file
    # it does not know yet (just added) is read all the same.
    cards = {c.slug: c for c in Index.read(ws.index_path).cards()}

    def recency(other: str) -> tuple[bool, int]:
        card = cards.get(other)
        if card is None:
            return (False, 0)
        news = card.last_news or card.stage_since or date.min
        return (True, -news.toordinal())

    others = [
        s
        for s in sorted((s for s in ws.slugs() if s != slug), key=recency)
        if s not in cards or cards[s].stage is not Stage.LEAD
    ][:LANDED_SEARCHES]
    out: list[Elsewhere] = []
    for other_slug in others:
        try:
            other = ws.read(other_slug)
        except (FileProblem, NotFound):
            continue  # unreadable or gone: `check` says why
        people = [c for c in met(other) if not raised_red_flags(other, c)]
        if people:
            out.append(
                Elsewhere(
                    slug=other.slug,
                    company=other.company,
                    people=[c.name for c in people],
                    emails=[c.email for c in people if c.email],
                )
            )
    return sorted(out, key=lambda e: e.company.casefold())


def close(ws: Workspace, slug: str, stage: Stage, reason: str = "") -> Change:
    """Close an opportunity as one of the endings, with its reason and its plan."""
    if stage.is_active:
        names = ", ".join(s.value for s in Stage if s.is_closed)
        raise CatbirdError(f"{stage.value!r} is not an ending; close as one of: {names}")
    elsewhere = elsewhere_for(ws, slug) if stage is Stage.ACCEPTED else ()
    return apply(
        ws,
        slug,
        lambda o: changed_stage(o, stage, reason.strip(), elsewhere=elsewhere),
        f"close {slug} as {stage.value}",
    )


# ---- silence ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quiet:
    """An application with no news: `ghost` once it has been quiet twice as long."""

    slug: str
    company: str
    since: date
    days: int
    ghost: bool


def quiet(o: Opportunity | CardSummary, quiet_days: int, day: date | None = None) -> Quiet | None:
    """Whether an opportunity (or its card: the due list reads no file for this) has gone
    quiet: None while there is news within `quiet_days`."""
    day = day or today()
    since = o.last_news if isinstance(o, CardSummary) else last_news(o)
    days = quiet_days_now(o.stage, since, day)
    if days is None or since is None or days < quiet_days:
        return None
    return Quiet(o.slug, o.company, since, days, ghost=days >= 2 * quiet_days)


def quiet_ones(opportunities: Iterable[Opportunity], quiet_days: int) -> list[Quiet]:
    day = today()
    found = [q for o in opportunities if (q := quiet(o, quiet_days, day)) is not None]
    return sorted(found, key=lambda q: (q.since, q.company.casefold()))


def nudged(ws: Workspace, slug: str, letter: str = "") -> Change:
    """The candidate checked in on a quiet application: kept as a done follow-up (with the
    words sent, if any), which is news, so the quiet starts again from today."""
    from catbird.model import now
    from catbird.texts import follow_up_titles as titles

    def change(o: Opportunity) -> Opportunity:
        if o.stage not in QUIET_STAGES:
            raise CatbirdError(f"{o.company} is at {o.stage.value!r}: nothing to nudge")
        moment = now()
        task = FollowUp(
            kind="nudge",
            title=titles.nudge(o.company),
            due=moment.date(),
            done_at=moment,
            sent_at=moment if letter.strip() else None,
            letter=letter,
        )
        return o.model_copy(update={"follow_ups": [*o.follow_ups, task]})

    return apply(ws, slug, change, f"check in with {slug}")
