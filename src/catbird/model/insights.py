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
- **Labels.** A group of texts (a reason, a free-text flag, a person) is shown under its most
  frequent spelling, the first in code-point order among equals.

The counts are sums over opportunities: each opportunity's `Contribution` is worked out once
per version of its file, and a `Tally` adds and takes back contributions, so a view that
follows the workspace recounts only what changed (`compute` is a fresh tally).
"""

from __future__ import annotations

import binascii
import heapq
import math
import re
import sys
from array import array
from base64 import b64decode, b64encode
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise
from typing import Any

from catbird.model import ACTIVE_STAGES, CLOSED_STAGES, Opportunity, Profile, Stage, now
from catbird.model.moments import FIRST_YEAR, LAST_YEAR

FUNNEL_STAGES: tuple[Stage, ...] = (*ACTIVE_STAGES, Stage.ACCEPTED)
"""lead → applied → screening → interviewing → offer → accepted."""

TOP = 8
"""How many reasons and flags the lists keep."""

WEEKS = 12
"""How many weeks the activity rows cover."""

FIRST_STAMP = datetime(FIRST_YEAR, 1, 2, tzinfo=UTC).timestamp()
LAST_STAMP = datetime(LAST_YEAR, 12, 30, tzinfo=UTC).timestamp()
"""The moments a stored model may hold, in POSIX seconds (`catbird.model.moments`)."""
LONGEST_STAY = LAST_STAMP - FIRST_STAMP


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
    return Tally(map(contribution, opportunities)).insights(profile, at=at)


def funnel(opportunities: Iterable[Opportunity]) -> tuple[FunnelStep, ...]:
    """How far the opportunities got, step by step (see the module's rules)."""
    return compute(opportunities).funnel


def furthest(o: Opportunity) -> int:
    """How far along FUNNEL_STAGES the opportunity got (an index into it)."""
    reached = 0
    for stage in (*(c.stage for c in o.stage_history), o.stage):
        if stage in FUNNEL_STAGES:
            reached = max(reached, FUNNEL_STAGES.index(stage))
    return reached


def stays(o: Opportunity) -> list[tuple[Stage, timedelta]]:
    """The finished stays of one opportunity: (stage, how long), in order."""
    history = sorted(o.stage_history, key=lambda c: c.at)
    return [
        (this.stage, following.at - this.at)
        for this, following in pairwise(history)
        if this.stage.is_active
    ]


def offer_reached_at(o: Opportunity) -> datetime | None:
    """When the opportunity first reached an offer (or was accepted), if it ever did."""
    times = [c.at for c in o.stage_history if c.stage in (Stage.OFFER, Stage.ACCEPTED)]
    if times:
        return min(times)
    return o.created_at if o.stage in (Stage.OFFER, Stage.ACCEPTED) else None


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


# ---- what one opportunity brings to the counts ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Flag:
    """What the counts need of one flag."""

    kind: str
    preset: str | None
    label: str
    dealbreaker: str | None
    who: str
    """Who was speaking (a contact's name, or as given); "" if no one in particular."""
    round: int
    at: datetime


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one opportunity brings to every count, worked out once per version of its file
    (no profile needed: preset labels and the profile's criteria are looked up when the
    counts are read), so that after a change only the changed opportunity is looked at."""

    stage: Stage
    company: str
    furthest: int
    stays: tuple[tuple[Stage, float], ...]
    """Finished stays in active stages: (stage, seconds)."""
    reason: str
    """The reason written when closing ("" if none, or if open again)."""
    evidence: tuple[tuple[str | None, str], ...]
    """The flags named as evidence when closing: (preset, label)."""
    flags: tuple[Flag, ...]
    present: frozenset[str]
    """Criteria whose latest evidence says yes (a dealbreaker among them fired)."""
    found_before_offer: frozenset[str] | None
    """Criteria with some evidence from before the offer came; None if it never did."""
    created_at: datetime


def contribution(o: Opportunity) -> Contribution:
    from catbird.model.findings import evidence_by_criterion

    evidence = evidence_by_criterion(o)
    offered = offer_reached_at(o)
    by_id = {f.id: f for f in o.flags}
    named = [by_id[i] for i in (o.closing.evidence if o.closing else ()) if i in by_id]
    return Contribution(
        stage=o.stage,
        company=o.company,
        furthest=furthest(o),
        stays=tuple((stage, length.total_seconds()) for stage, length in stays(o)),
        reason=o.closing.reason if o.closing and o.stage.is_closed else "",
        evidence=tuple((f.preset, f.label) for f in named),
        flags=tuple(
            Flag(
                f.kind, f.preset, f.label, f.dealbreaker, o.who(f.by) if f.by else "", i.round, f.at
            )
            for i in o.interviews
            for f in i.flags
        ),
        present=frozenset(c for c, items in evidence.items() if items[-1].answer == "yes"),
        found_before_offer=None
        if offered is None
        else frozenset(
            c
            for c, items in evidence.items()
            if any(e.answer != "unknown" and e.at <= offered for e in items)
        ),
        created_at=o.created_at,
    )


def contribution_row(c: Contribution) -> list[object]:
    """A contribution as plain JSON values (`contribution_of_row` reads it back equal)."""
    return [
        c.stage.value,
        c.company,
        c.furthest,
        [[stage.value, seconds] for stage, seconds in c.stays],
        c.reason,
        [list(e) for e in c.evidence],
        [
            [f.kind, f.preset, f.label, f.dealbreaker, f.who, f.round, f.at.isoformat()]
            for f in c.flags
        ],
        sorted(c.present),
        None if c.found_before_offer is None else sorted(c.found_before_offer),
        c.created_at.isoformat(),
    ]


def contribution_of_row(row: object) -> Contribution:
    """The contribution `contribution_row` wrote; ValueError for anything else (a damaged or
    doctored cache), never one that the counts would trip on."""
    try:
        return _contribution_of_row(row)
    except (TypeError, OverflowError) as exc:
        raise ValueError(str(exc)) from None


def _contribution_of_row(row: object) -> Contribution:
    if type(row) is not list or len(row) != 10:
        raise ValueError(row)
    stage, company, depth, stays, reason, evidence, flags, present, found, created = row
    if type(company) is not str or type(reason) is not str:
        raise ValueError(row)
    if type(depth) is not int or not 0 <= depth < len(FUNNEL_STAGES):
        raise ValueError(depth)
    return Contribution(
        stage=Stage(stage),
        company=company,
        furthest=depth,
        stays=tuple((_active(s), _length(n)) for s, n in _rows(stays, 2)),
        reason=reason,
        evidence=tuple((_text_or_none(p), _text(label)) for p, label in _rows(evidence, 2)),
        flags=tuple(
            Flag(
                kind if kind in ("red", "green") else _never(kind),
                _text_or_none(preset),
                _text(label),
                _text_or_none(dealbreaker),
                _text(who),
                round_ if type(round_) is int else _never(round_),
                _moment(at),
            )
            for kind, preset, label, dealbreaker, who, round_, at in _rows(flags, 7)
        ),
        present=frozenset(map(_text, _list(present))),
        found_before_offer=None if found is None else frozenset(map(_text, _list(found))),
        created_at=_moment(created),
    )


def _never(value: object) -> Any:
    raise ValueError(value)


def _list(value: object) -> list[Any]:
    return value if type(value) is list else _never(value)


def _rows(value: object, width: int) -> list[list[Any]]:
    rows = _list(value)
    if not all(type(r) is list and len(r) == width for r in rows):
        raise ValueError(value)
    return rows


def _text(value: object) -> str:
    return value if type(value) is str else _never(value)


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _active(value: object) -> Stage:
    stage = Stage(_text(value))
    return stage if stage.is_active else _never(value)


def _length(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    if not 0 <= value <= LONGEST_STAY:  # NaN fails too
        raise ValueError(value)
    return float(value)


def _moment(value: object) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(value)
    return moment


# ---- the counts, kept up to date one opportunity at a time ----------------------------------


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _bump(counter: Counter[Any], key: object, by: int) -> None:
    counter[key] += by
    if not counter[key]:
        del counter[key]


def _bump_in(counters: dict[str, Counter[Any]], key: str, item: object, by: int) -> None:
    counter = counters.setdefault(key, Counter())
    _bump(counter, item, by)
    if not counter:
        del counters[key]


def _spelling(spellings: Counter[str]) -> str:
    """The label a group is shown with: its most frequent spelling, the first of the ties
    in code-point order (a rule that does not depend on the order things were counted)."""
    return min(spellings, key=lambda s: (-spellings[s], s))


def _flag_key(preset: str | None, label: str) -> str:
    """Flags are grouped by preset if they have one, else by their text."""
    return f"preset:{preset}" if preset else f"text:{_key(label)}"


class _Groups:
    """Things counted by group, each group with the spellings it was seen under."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._spellings: dict[str, Counter[str]] = {}
        self._stored: dict[str, list[Any]] = {}
        """key → its spellings as a cache stored them ([spelling, count, …]), until the
        group is next counted or shown (a workspace of 10,000 has as many people as
        opportunities, and most are never shown)."""
        self._shown: dict[str, str] = {}
        """key → its most frequent spelling, worked out when first asked for after a change
        to that group."""

    def spellings(self, key: str) -> Counter[str]:
        stored = self._stored.pop(key, None)
        if stored is not None:
            self._spellings[key] = Counter(dict(zip(stored[0::2], stored[1::2], strict=True)))
        return self._spellings[key]

    def bump(self, key: str, spelling: str, by: int) -> None:
        if key in self._stored:
            self.spellings(key)
        _bump(self.counts, key, by)
        _bump_in(self._spellings, key, spelling, by)
        self._shown.pop(key, None)

    def label(self, key: str, profile: Profile) -> str:
        if key.startswith("preset:"):
            preset = profile.preset(key.removeprefix("preset:"))
            if preset is not None:
                return preset.label  # its label in the profile today
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = _spelling(self.spellings(key))
        return shown

    def top(self, profile: Profile) -> tuple[Count, ...]:
        counts = self.counts
        # Only the groups counted at least as often as the TOP-th can be among the TOP.
        floor = min(heapq.nlargest(TOP, counts.values()), default=0)
        keys = [key for key, n in counts.items() if n >= floor]
        labels = {key: self.label(key, profile) for key in keys}
        ranked = heapq.nsmallest(TOP, keys, key=lambda k: (-counts[k], labels[k].casefold()))
        return tuple(Count(labels[key], counts[key]) for key in ranked)

    def texts(self) -> Iterator[str]:
        """Every spelling of every group."""
        for spellings in self._spellings.values():
            yield from spellings
        for stored in self._stored.values():
            yield from stored[0::2]

    def state(self) -> dict[str, list[Any]]:
        """The groups' keys, their counts, and the spellings of each, [spelling, count…]."""
        rows = [
            [x for pair in self._spellings[key].items() for x in pair] for key in self._spellings
        ]
        return {
            "keys": [*self._spellings, *self._stored],
            "counts": [self.counts[key] for key in (*self._spellings, *self._stored)],
            "spellings": [*rows, *self._stored.values()],
        }

    @classmethod
    def from_state(cls, state: object) -> _Groups:
        s = _dict(state)
        keys, counts, rows = _list(s["keys"]), _list(s["counts"]), _list(s["spellings"])
        if not len(keys) == len(counts) == len(rows) == len(set(keys)):
            raise ValueError("not groups")
        if not all(type(row) is list and row and len(row) % 2 == 0 for row in rows):
            raise ValueError("not groups")
        texts = [t for row in rows for t in row[0::2]]
        numbers = [n for row in rows for n in row[1::2]]
        for values, kind in ((keys, str), (texts, str), (counts, int), (numbers, int)):
            if values and set(map(type, values)) != {kind}:
                raise ValueError("not groups")
        if (counts and min(counts) <= 0) or (numbers and min(numbers) <= 0):
            raise ValueError("not groups")
        groups = cls()
        groups.counts = Counter(dict(zip(keys, counts, strict=True)))
        groups._stored = dict(zip(keys, rows, strict=True))
        return groups


class Tally:
    """The counts behind `Insights`, kept as sums of each opportunity's `Contribution`:
    `add` one, `remove` one (the one it replaces), and read them with `insights`. Adding the
    same contributions in any order, with any removals between, gives the same insights as
    counting the end result afresh (`compute` is a fresh tally)."""

    def __init__(self, contributions: Iterable[Contribution] = ()) -> None:
        self.total = self.active = self.closed = 0
        self.depth: Counter[int] = Counter()
        self.stays: dict[Stage, list[float]] = defaultdict(list)
        """Finished stays by stage, in seconds, kept sorted (the median is the middle)."""
        self.current: Counter[Stage] = Counter()
        self.closed_by: Counter[Stage] = Counter()
        self.reasons = _Groups()
        self.evidence = _Groups()
        self.flags = {"red": _Groups(), "green": _Groups()}
        self.flag_companies: dict[str, Counter[str]] = {}
        """(kind + flag key) → company → flags."""
        self.dealbreaker_flags: Counter[str] = Counter()
        self.present: dict[str, Counter[str]] = {}
        """criterion → company → opportunities where its latest evidence says yes."""
        self.offers = 0
        self.found: Counter[str] = Counter()
        self.people = _Groups()
        self.rounds: Counter[int] = Counter()
        self.created: list[float] = []
        """When each opportunity was added (POSIX seconds), kept sorted: the weeks counted
        look at the recent ones only."""
        self.red_at: list[float] = []
        """When each red flag was logged, the same way."""
        for c in contributions:
            self.add(c)

    def add(self, c: Contribution) -> None:
        self._count(c, 1)

    def remove(self, c: Contribution) -> None:
        """Take back a contribution added before."""
        self._count(c, -1)

    def _count(self, c: Contribution, by: int) -> None:
        self.total += by
        company = _key(c.company)
        if c.stage.is_active:
            self.active += by
            _bump(self.current, c.stage, by)
        if c.stage.is_closed:
            self.closed += by
            _bump(self.closed_by, c.stage, by)
        _bump(self.depth, c.furthest, by)
        for stage, seconds in c.stays:
            _sorted_bump(self.stays[stage], seconds, by)
        if c.reason.strip():
            self.reasons.bump(_key(c.reason), re.sub(r"\s+", " ", c.reason).strip(), by)
        for preset, label in c.evidence:
            self.evidence.bump(_flag_key(preset, label), label, by)
        for flag in c.flags:
            key = _flag_key(flag.preset, flag.label)
            self.flags[flag.kind].bump(key, flag.label, by)
            _bump_in(self.flag_companies, f"{flag.kind}|{key}", company, by)
            if flag.kind != "red":
                continue
            _sorted_bump(self.red_at, flag.at.timestamp(), by)
            _bump(self.rounds, flag.round, by)
            if flag.dealbreaker:
                _bump(self.dealbreaker_flags, flag.dealbreaker, by)
            if flag.who:
                self.people.bump(f"{_key(flag.who)}|{company}", f"{flag.who} ({c.company})", by)
        for criterion in c.present:
            _bump_in(self.present, criterion, company, by)
        if c.found_before_offer is not None:
            self.offers += by
            for criterion in c.found_before_offer:
                _bump(self.found, criterion, by)
        _sorted_bump(self.created, c.created_at.timestamp(), by)

    def texts(self) -> Iterator[str]:
        """Every text of the counts shown as it is (the spellings of what is grouped)."""
        for groups in (*self.flags.values(), self.reasons, self.evidence, self.people):
            yield from groups.texts()

    def state(self) -> dict[str, object]:
        """Everything counted, as plain JSON values (`from_state` makes the tally again):
        what a cache keeps so that opening the insights need not add up every opportunity."""
        return {
            "totals": [self.total, self.active, self.closed, self.offers],
            "depth": _pairs(self.depth),
            "stays": {stage.value: _packed(v) for stage, v in self.stays.items() if v},
            "current": {stage.value: n for stage, n in self.current.items()},
            "closed_by": {stage.value: n for stage, n in self.closed_by.items()},
            "reasons": self.reasons.state(),
            "evidence": self.evidence.state(),
            "red": self.flags["red"].state(),
            "green": self.flags["green"].state(),
            "flag_companies": {k: dict(v) for k, v in self.flag_companies.items()},
            "dealbreaker_flags": dict(self.dealbreaker_flags),
            "present": {k: dict(v) for k, v in self.present.items()},
            "found": dict(self.found),
            "people": self.people.state(),
            "rounds": _pairs(self.rounds),
            "created": _packed(self.created),
            "red_at": _packed(self.red_at),
        }

    @classmethod
    def from_state(cls, state: object) -> Tally:
        """The tally `state()` described; ValueError for anything else (a damaged or
        doctored cache), never a tally whose `insights` would trip on it."""
        try:
            return cls._from_state(_dict(state))
        except (KeyError, TypeError, OverflowError) as exc:
            raise ValueError(str(exc)) from None

    @classmethod
    def _from_state(cls, s: dict[str, object]) -> Tally:
        tally = cls()
        totals = s["totals"]
        if not (type(totals) is list and len(totals) == 4 and all(type(n) is int for n in totals)):
            raise ValueError(totals)
        tally.total, tally.active, tally.closed, tally.offers = totals
        tally.depth = Counter(dict(_int_pairs(s["depth"])))
        stays = _dict(s["stays"])
        tally.stays = defaultdict(
            list, {Stage(k): _ordered(_unpacked(v), LONGEST_STAY) for k, v in stays.items()}
        )
        tally.current = Counter({Stage(k): n for k, n in _counter(s["current"], str).items()})
        tally.closed_by = Counter({Stage(k): n for k, n in _counter(s["closed_by"], str).items()})
        tally.reasons = _Groups.from_state(s["reasons"])
        tally.evidence = _Groups.from_state(s["evidence"])
        tally.flags = {"red": _Groups.from_state(s["red"]), "green": _Groups.from_state(s["green"])}
        companies = _dict(s["flag_companies"])
        tally.flag_companies = {k: _counter(v, str) for k, v in companies.items()}
        tally.dealbreaker_flags = _counter(s["dealbreaker_flags"], str)
        present = _dict(s["present"])
        tally.present = {k: _counter(v, str) for k, v in present.items()}
        tally.found = _counter(s["found"], str)
        tally.people = _Groups.from_state(s["people"])
        tally.rounds = Counter(dict(_int_pairs(s["rounds"])))
        tally.created = _ordered(_unpacked(s["created"]), LAST_STAMP, FIRST_STAMP)
        tally.red_at = _ordered(_unpacked(s["red_at"]), LAST_STAMP, FIRST_STAMP)
        for kind, groups in tally.flags.items():
            if any(f"{kind}|{key}" not in tally.flag_companies for key in groups.counts):
                raise ValueError("a flag counted at no company")
        return tally

    def insights(self, profile: Profile | None = None, *, at: datetime | None = None) -> Insights:
        """Every number the insights screen shows, as of `at` (default now)."""
        profile = profile or Profile()
        moment = at or now()
        return Insights(
            total=self.total,
            active=self.active,
            closed=self.closed,
            funnel=self._funnel(),
            time_in_stage=tuple(
                StageTime(
                    stage,
                    _median(self.stays.get(stage, [])),
                    len(self.stays.get(stage, [])),
                    self.current[stage],
                )
                for stage in ACTIVE_STAGES
            ),
            closed_by_stage=tuple(
                Count(stage.value, self.closed_by[stage]) for stage in CLOSED_STAGES
            ),
            reasons=self.reasons.top(profile),
            evidence=self.evidence.top(profile),
            red_flags=self._flag_counts(profile, "red"),
            green_flags=self._flag_counts(profile, "green"),
            dealbreakers=self._dealbreakers(profile),
            found_before_offer=self._found_before_offer(profile),
            flags_by_person=self.people.top(profile),
            flags_by_round=tuple(Count(f"round {n}", self.rounds[n]) for n in sorted(self.rounds)),
            added_per_week=_per_week_sorted(self.created, moment),
            flags_per_week=_per_week_sorted(self.red_at, moment),
            weeks_end=moment.date(),
        )

    def _funnel(self) -> tuple[FunnelStep, ...]:
        steps: list[FunnelStep] = []
        previous: int | None = None
        for index, stage in enumerate(FUNNEL_STAGES):
            reached = sum(n for d, n in self.depth.items() if d >= index)
            conversion = reached / previous if previous else None
            steps.append(FunnelStep(stage, reached, conversion))
            previous = reached
        return tuple(steps)

    def _flag_counts(self, profile: Profile, kind: str) -> tuple[FlagCount, ...]:
        groups = self.flags[kind]
        labels = {key: groups.label(key, profile) for key in groups.counts}
        companies = {key: len(self.flag_companies[f"{kind}|{key}"]) for key in groups.counts}
        times = groups.counts
        ranked = sorted(times, key=lambda k: (-companies[k], -times[k], labels[k].casefold(), k))
        return tuple(FlagCount(labels[k], kind, times[k], companies[k]) for k in ranked[:TOP])

    def _dealbreakers(self, profile: Profile) -> tuple[DealbreakerCount, ...]:
        rows = [
            DealbreakerCount(
                d.id, d.text, self.dealbreaker_flags[d.id], len(self.present.get(d.id, ()))
            )
            for d in profile.dealbreakers
        ]
        order = {d.id: n for n, d in enumerate(profile.dealbreakers)}
        rows.sort(key=lambda r: (-r.companies, -r.flags, order[r.id]))
        return tuple(rows)

    def _found_before_offer(self, profile: Profile) -> tuple[CriterionFound, ...]:
        from catbird.model.profile import GROUP_NOUN

        if not self.offers:
            return ()
        rows = [
            CriterionFound(c.text, GROUP_NOUN[group], self.found[c.id], self.offers)
            for group, c in profile.criteria()
        ]
        order = {row.text: n for n, row in enumerate(rows)}
        rows.sort(key=lambda r: (-r.found, order[r.text]))
        return tuple(rows)


def _pairs(counter: Counter[int]) -> list[list[int]]:
    return [[k, n] for k, n in counter.items()]


def _dict(value: object) -> dict[Any, Any]:
    if type(value) is not dict:
        raise ValueError(value)
    return value


def _counter(value: object, kind: type) -> Counter[Any]:
    """A counter as a cache keeps it: keys of `kind`, positive whole counts."""
    counts = _dict(value)
    if counts and (
        set(map(type, counts)) != {kind}
        or set(map(type, counts.values())) != {int}
        or min(counts.values()) <= 0
    ):
        raise ValueError(value)
    return Counter(counts)


def _int_pairs(value: object) -> list[tuple[int, int]]:
    if type(value) is not list:
        raise ValueError(value)
    pairs: list[tuple[int, int]] = []
    for pair in value:
        if not (type(pair) is list and len(pair) == 2 and all(type(n) is int for n in pair)):
            raise ValueError(pair)
        if pair[1] <= 0:
            raise ValueError(pair)
        pairs.append((pair[0], pair[1]))
    return pairs


def _packed(numbers: list[float]) -> str:
    """Numbers as the bytes of doubles (little-endian), in base64: a tenth of the time of
    JSON's numbers to read back, and 40,000 red flags are 40,000 moments."""
    packed = array("d", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return b64encode(packed.tobytes()).decode()


def _unpacked(value: object) -> list[float]:
    try:
        data = b64decode(_text(value), validate=True)
    except (ValueError, binascii.Error):
        raise ValueError("not packed numbers") from None
    if len(data) % 8:
        raise ValueError("not packed numbers")
    numbers = array("d", data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tolist()


def _ordered(value: object, highest: float, lowest: float = 0.0) -> list[float]:
    """A sorted list of numbers from `lowest` to `highest`, as a cache keeps it."""
    if type(value) is not list:
        raise ValueError(value)
    types = set(map(type, value))
    numbers = value if types <= {float} else [float(n) for n in value]
    if not types <= {int, float}:
        raise ValueError(value)
    if numbers and not lowest <= numbers[0] <= numbers[-1] <= highest:
        raise ValueError("out of range")
    if numbers != sorted(numbers) or not math.isfinite(sum(numbers)):  # NaN compares as equal
        raise ValueError("not in order")
    return numbers


def _sorted_bump(ordered: list[float], value: float, by: int) -> None:
    """Add `value` to a sorted list (by > 0) or take one equal to it back."""
    if by > 0:
        insort(ordered, value)
    else:
        at = bisect_left(ordered, value)
        if at == len(ordered) or ordered[at] != value:
            raise ValueError(f"{value} was never counted")
        del ordered[at]


def _median(ordered: Sequence[float]) -> timedelta | None:
    """The median of finished stays (already sorted), as `statistics.median` reckons it."""
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return timedelta(seconds=ordered[middle])
    return timedelta(seconds=(ordered[middle - 1] + ordered[middle]) / 2)


# ---- activity -----------------------------------------------------------------------------


def per_week(moments: Iterable[datetime], until: datetime, weeks: int = WEEKS) -> tuple[int, ...]:
    """How many of `moments` fall in each of the `weeks` seven-day spans ending on `until`'s
    day (the last span is the seven days up to and including that day), oldest first."""
    return _per_week_sorted(sorted(m.timestamp() for m in moments), until, weeks)


def _per_week_sorted(
    stamps: Sequence[float], until: datetime, weeks: int = WEEKS
) -> tuple[int, ...]:
    """`per_week` of moments given as sorted POSIX seconds. On a clock of a fixed offset (what
    `now` gives), a week begins at an instant: the counts are differences of two bisections.
    Otherwise (a zone with daylight saving) each recent moment's day is worked out."""
    last_day = until.date()
    zone = until.tzinfo
    if isinstance(zone, timezone):
        starts = [
            datetime.combine(last_day - timedelta(days=7 * (weeks - n) - 1), time(), zone)
            for n in range(weeks + 1)
        ]
        at = [bisect_left(stamps, start.timestamp()) for start in starts]
        return tuple(b - a for a, b in pairwise(at))
    first = datetime.combine(last_day - timedelta(days=weeks * 7 + 1), time(), zone)
    counts = [0] * weeks
    for stamp in stamps[bisect_left(stamps, first.timestamp()) :]:
        age = (last_day - datetime.fromtimestamp(stamp, zone).date()).days
        if 0 <= age < weeks * 7:
            counts[weeks - 1 - age // 7] += 1
    return tuple(counts)
