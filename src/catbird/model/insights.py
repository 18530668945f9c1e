"""The view from above: funnel, time in stage, why things closed, the flags seen most often.

Pure computations over the model — no Textual, no I/O — shared by the insights screen and the
Markdown export. The rules, so the numbers can be checked by hand:

- **Funnel.** An opportunity *reached* a stage if it got at least that far: its furthest point
  along lead → applied → screening → interviewing → offer → accepted, taken from its stage
  history and current stage. A card added straight at `interviewing` counts as having been a
  lead, applied and screened; moving back does not undo a step. Closing as declined, rejected,
  walked-away or ghosted says nothing about how far it went, so it adds nothing; accepted is
  the last step. Every opportunity reached `lead`. Conversion at a step is the share of the
  previous step's opportunities that reached this one.
- **Time in stage.** A *stay* runs from one stage-history entry to the next (entries sorted by
  time). Only finished stays count towards the median: a stay still open (the current stage of
  an active opportunity) would be cut short by "now" and pull the median down, so it is left
  out and counted separately as `current`. Stays in closed stages are endings, not waits, and
  are not measured.
- **Why closed.** Counts by closing stage (accepted, declined, walked-away, rejected, ghosted,
  taken from the current stage), the reasons written when closing grouped by their text, and
  the flags named as evidence.
- **Flags.** Every flag logged in any interview, grouped by preset (its label in the profile
  today) or, for free-text flags, by the label as typed (case and spacing ignored); how many
  times, and at how many companies (opportunities at the same company name count once).
- **Dealbreakers.** Each dealbreaker of the profile with the red flags linked to it and the
  companies where it fired, by the same rule as the fit score (`fired_dealbreakers`): the
  latest evidence (a linked red flag, or a finding) says it is present.
- **Found out before an offer.** Of the opportunities that reached an offer, at how many each
  criterion of the homework had some evidence (a finding, or a linked flag) from before the
  offer came (the first time the history reached `offer` or `accepted`): the ones found out
  most often first; those at the bottom are the ones forgotten.
- **Red flags by person and by round.** Every red flag with someone named as speaking, by
  person (and company); every red flag by the round of its interview.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from catbird.model import ACTIVE_STAGES, CLOSED_STAGES, Opportunity, Profile, Stage, now
from catbird.model.scoring import fired_dealbreakers

FUNNEL_STAGES: tuple[Stage, ...] = (*ACTIVE_STAGES, Stage.ACCEPTED)
"""lead → applied → screening → interviewing → offer → accepted."""

TOP = 8
"""How many reasons and flags the lists keep."""

WEEKS = 12
"""How many weeks the activity rows cover."""


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: Stage
    reached: int
    """Opportunities that got at least this far."""
    conversion: float | None
    """reached / the previous step's reached (None for the first step or after a zero)."""


@dataclass(frozen=True, slots=True)
class StageTime:
    stage: Stage
    median: timedelta | None
    """Median of the finished stays; None if there were none."""
    stays: int
    """Finished stays measured."""
    current: int
    """Opportunities sitting in this stage now (not measured)."""


@dataclass(frozen=True, slots=True)
class Count:
    """Something counted: a closing stage, a reason, an evidence flag."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FlagCount:
    label: str
    kind: str
    """"red" or "green"."""
    times: int
    companies: int


@dataclass(frozen=True, slots=True)
class DealbreakerCount:
    id: str
    text: str
    flags: int
    """Red flags linked to this dealbreaker."""
    companies: int
    """Companies where it fired."""


@dataclass(frozen=True, slots=True)
class CriterionFound:
    text: str
    noun: str
    """must-have, dealbreaker, nice-to-have or flexible."""
    found: int
    """Offers where it was found out before the offer came."""
    offers: int
    """Opportunities that reached an offer."""


@dataclass(frozen=True, slots=True)
class Insights:
    total: int
    active: int
    closed: int
    funnel: tuple[FunnelStep, ...]
    time_in_stage: tuple[StageTime, ...]
    closed_by_stage: tuple[Count, ...]
    """Every closed stage, in the order of `Stage`, zeros included."""
    reasons: tuple[Count, ...]
    """Closing reasons, most frequent first (at most TOP)."""
    evidence: tuple[Count, ...]
    """Flags named as evidence when closing, most frequent first (at most TOP)."""
    red_flags: tuple[FlagCount, ...]
    """Most companies first, then most times (at most TOP)."""
    green_flags: tuple[FlagCount, ...]
    dealbreakers: tuple[DealbreakerCount, ...]
    """Every dealbreaker of the profile: those that fired most first, then profile order."""
    found_before_offer: tuple[CriterionFound, ...]
    """Every criterion of the profile, found out most often first (empty without offers)."""
    flags_by_person: tuple[Count, ...]
    """Red flags by who was speaking ("name (company)"), most first (at most TOP)."""
    flags_by_round: tuple[Count, ...]
    """Red flags by interview round ("round 1"…), in round order."""
    added_per_week: tuple[int, ...]
    """Opportunities added in each of the last WEEKS weeks, oldest first."""
    flags_per_week: tuple[int, ...]
    """Red flags logged in each of the last WEEKS weeks, oldest first."""
    weeks_end: date
    """The last day of the last week counted."""

    def step(self, stage: Stage) -> FunnelStep:
        return next(s for s in self.funnel if s.stage == stage)

    def stage_time(self, stage: Stage) -> StageTime:
        return next(t for t in self.time_in_stage if t.stage == stage)


def compute(
    opportunities: Iterable[Opportunity],
    profile: Profile | None = None,
    *,
    at: datetime | None = None,
) -> Insights:
    """Every number the insights screen shows, for `opportunities` as of `at` (default now)."""
    opportunities = list(opportunities)
    profile = profile or Profile()
    moment = at or now()
    return Insights(
        total=len(opportunities),
        active=sum(1 for o in opportunities if o.stage.is_active),
        closed=sum(1 for o in opportunities if o.stage.is_closed),
        funnel=funnel(opportunities),
        time_in_stage=time_in_stage(opportunities),
        closed_by_stage=closed_by_stage(opportunities),
        reasons=closing_reasons(opportunities),
        evidence=evidence_flags(opportunities, profile),
        red_flags=flag_counts(opportunities, profile, "red"),
        green_flags=flag_counts(opportunities, profile, "green"),
        dealbreakers=dealbreakers_fired(opportunities, profile),
        found_before_offer=found_before_offer(opportunities, profile),
        flags_by_person=flags_by_person(opportunities),
        flags_by_round=flags_by_round(opportunities),
        added_per_week=per_week((o.created_at for o in opportunities), moment),
        flags_per_week=per_week(
            (f.at for o in opportunities for f in o.flags if f.kind == "red"), moment
        ),
        weeks_end=moment.date(),
    )


# ---- funnel -------------------------------------------------------------------------------


def furthest(o: Opportunity) -> int:
    """How far along FUNNEL_STAGES the opportunity got (an index into it)."""
    reached = 0
    for stage in (*(c.stage for c in o.stage_history), o.stage):
        if stage in FUNNEL_STAGES:
            reached = max(reached, FUNNEL_STAGES.index(stage))
    return reached


def funnel(opportunities: Sequence[Opportunity]) -> tuple[FunnelStep, ...]:
    depth = Counter(furthest(o) for o in opportunities)
    steps: list[FunnelStep] = []
    previous: int | None = None
    for index, stage in enumerate(FUNNEL_STAGES):
        reached = sum(n for d, n in depth.items() if d >= index)
        conversion = reached / previous if previous else None
        steps.append(FunnelStep(stage, reached, conversion))
        previous = reached
    return tuple(steps)


# ---- time in stage ------------------------------------------------------------------------


def stays(o: Opportunity) -> list[tuple[Stage, timedelta]]:
    """The finished stays of one opportunity: (stage, how long), in order."""
    history = sorted(o.stage_history, key=lambda c: c.at)
    return [
        (this.stage, following.at - this.at)
        for this, following in pairwise(history)
        if this.stage.is_active
    ]


def time_in_stage(opportunities: Sequence[Opportunity]) -> tuple[StageTime, ...]:
    durations: dict[Stage, list[float]] = defaultdict(list)
    for o in opportunities:
        for stage, length in stays(o):
            durations[stage].append(length.total_seconds())
    current = Counter(o.stage for o in opportunities if o.stage.is_active)
    return tuple(
        StageTime(
            stage,
            timedelta(seconds=statistics.median(durations[stage])) if durations[stage] else None,
            len(durations[stage]),
            current[stage],
        )
        for stage in ACTIVE_STAGES
    )


def format_duration(length: timedelta | None) -> str:
    """A short, readable length: `45 min`, `6 h`, `3.5 d`, `12 d`, `9 wk`."""
    if length is None:
        return "–"
    seconds = max(length.total_seconds(), 0)
    hours = seconds / 3600
    days = hours / 24
    if hours < 1:
        return f"{round(seconds / 60)} min"
    if days < 1:
        return f"{hours:.0f} h"
    if days < 10:
        return f"{days:.1f} d"
    if days < 70:
        return f"{days:.0f} d"
    return f"{days / 7:.0f} wk"


# ---- why things closed --------------------------------------------------------------------


def closed_by_stage(opportunities: Sequence[Opportunity]) -> tuple[Count, ...]:
    counts = Counter(o.stage for o in opportunities if o.stage.is_closed)
    return tuple(Count(stage.value, counts[stage]) for stage in CLOSED_STAGES)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _top(counts: Counter[str], labels: dict[str, str]) -> tuple[Count, ...]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]].casefold()))
    return tuple(Count(labels[key], n) for key, n in ranked[:TOP])


def closing_reasons(opportunities: Sequence[Opportunity]) -> tuple[Count, ...]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for o in opportunities:
        reason = o.closing.reason if o.closing and o.stage.is_closed else ""
        if reason.strip():
            key = _key(reason)
            counts[key] += 1
            labels.setdefault(key, re.sub(r"\s+", " ", reason).strip())
    return _top(counts, labels)


def _flag_label(label: str, preset_id: str | None, profile: Profile) -> tuple[str, str]:
    """(grouping key, label shown) for a flag: by preset if it has one, else by its text."""
    if preset_id:
        preset = profile.preset(preset_id)
        return f"preset:{preset_id}", preset.label if preset else label
    return f"text:{_key(label)}", label


def evidence_flags(opportunities: Sequence[Opportunity], profile: Profile) -> tuple[Count, ...]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for o in opportunities:
        if not o.closing or not o.closing.evidence:
            continue
        by_id = {f.id: f for f in o.flags}
        for flag_id in o.closing.evidence:
            flag = by_id.get(flag_id)
            if flag is None:
                continue
            key, label = _flag_label(flag.label, flag.preset, profile)
            counts[key] += 1
            labels.setdefault(key, label)
    return _top(counts, labels)


# ---- flags and dealbreakers ---------------------------------------------------------------


def flag_counts(
    opportunities: Sequence[Opportunity], profile: Profile, kind: str
) -> tuple[FlagCount, ...]:
    times: Counter[str] = Counter()
    companies: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for o in opportunities:
        for flag in o.flags:
            if flag.kind != kind:
                continue
            key, label = _flag_label(flag.label, flag.preset, profile)
            times[key] += 1
            companies[key].add(_key(o.company))
            labels.setdefault(key, label)
    ranked = sorted(times, key=lambda k: (-len(companies[k]), -times[k], labels[k].casefold(), k))
    return tuple(FlagCount(labels[k], kind, times[k], len(companies[k])) for k in ranked[:TOP])


def dealbreakers_fired(
    opportunities: Sequence[Opportunity], profile: Profile
) -> tuple[DealbreakerCount, ...]:
    flags: Counter[str] = Counter()
    companies: dict[str, set[str]] = defaultdict(set)
    for o in opportunities:
        for flag in o.flags:
            if flag.kind == "red" and flag.dealbreaker:
                flags[flag.dealbreaker] += 1
        for dealbreaker_id in fired_dealbreakers(o, profile):
            companies[dealbreaker_id].add(_key(o.company))
    rows = [
        DealbreakerCount(d.id, d.text, flags[d.id], len(companies[d.id]))
        for d in profile.dealbreakers
    ]
    order = {d.id: n for n, d in enumerate(profile.dealbreakers)}
    rows.sort(key=lambda r: (-r.companies, -r.flags, order[r.id]))
    return tuple(rows)


# ---- interviewing the company --------------------------------------------------------------


def offer_reached_at(o: Opportunity) -> datetime | None:
    """When the opportunity first reached an offer (or was accepted), if it ever did."""
    times = [c.at for c in o.stage_history if c.stage in (Stage.OFFER, Stage.ACCEPTED)]
    if times:
        return min(times)
    return o.created_at if o.stage in (Stage.OFFER, Stage.ACCEPTED) else None


def found_before_offer(
    opportunities: Sequence[Opportunity], profile: Profile
) -> tuple[CriterionFound, ...]:
    from catbird.model.findings import evidence_by_criterion
    from catbird.model.profile import GROUP_NOUN

    offers = [(o, at) for o in opportunities if (at := offer_reached_at(o)) is not None]
    if not offers:
        return ()
    found: Counter[str] = Counter()
    for o, at in offers:
        for criterion_id, items in evidence_by_criterion(o).items():
            if any(e.answer != "unknown" and e.at <= at for e in items):
                found[criterion_id] += 1
    rows = [
        CriterionFound(c.text, GROUP_NOUN[group], found[c.id], len(offers))
        for group, c in profile.criteria()
    ]
    order = {row.text: n for n, row in enumerate(rows)}
    rows.sort(key=lambda r: (-r.found, order[r.text]))
    return tuple(rows)


def flags_by_person(opportunities: Sequence[Opportunity]) -> tuple[Count, ...]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for o in opportunities:
        for flag in o.flags:
            if flag.kind == "red" and flag.by:
                who = o.who(flag.by)
                key = f"{_key(who)}|{_key(o.company)}"
                counts[key] += 1
                labels.setdefault(key, f"{who} ({o.company})")
    return _top(counts, labels)


def flags_by_round(opportunities: Sequence[Opportunity]) -> tuple[Count, ...]:
    counts: Counter[int] = Counter()
    for o in opportunities:
        for interview in o.interviews:
            counts[interview.round] += sum(1 for f in interview.flags if f.kind == "red")
    return tuple(Count(f"round {n}", counts[n]) for n in sorted(counts) if counts[n])


# ---- activity -----------------------------------------------------------------------------


def per_week(moments: Iterable[datetime], until: datetime, weeks: int = WEEKS) -> tuple[int, ...]:
    """How many of `moments` fall in each of the `weeks` seven-day spans ending on `until`'s
    day (the last span is the seven days up to and including that day), oldest first."""
    last_day = until.date()
    counts = [0] * weeks
    for moment in moments:
        age = (last_day - moment.astimezone(until.tzinfo).date()).days
        if 0 <= age < weeks * 7:
            counts[weeks - 1 - age // 7] += 1
    return tuple(counts)
