"""Make a realistic workspace of N opportunities, like the end of a long job search.

    python bench/generate.py DIR --count 2000 [--seed 7]

About 90 % of the opportunities are closed (accepted, declined, walked away, rejected,
ghosted); the rest are spread over the active stages. Each has a stage history, contacts,
notes and, for most, interviews with the people met, red and green flags from the profile's
presets (most tied to who raised them), findings on the profile's criteria and, now and then,
a pay range they said; active
ones have a next action (some overdue), closed ones a closing and often a follow-up plan.
The profile carries criteria, walk-away numbers and flag presets.

Every file goes through the real model (`Opportunity.model_validate`) and the real writer
(`tomlio.dumps`), so what the benchmarks read is exactly what Catbird writes. Files are
written directly, without the per-file lock and fsync of a real save: generation is a
one-off, and 10,000 opportunities take a few seconds rather than minutes.

The same seed gives the same workspace for the same day (dates are relative to today, so
that "overdue" and "due" mean something whenever the workspace is made).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from catbird.model import Opportunity, Profile, Stage
from catbird.store import slugify
from catbird.store.tomlio import dumps

# Shares of the pipeline by stage, in per mille: 90 % closed, like a long search.
STAGE_SHARES: dict[Stage, int] = {
    Stage.LEAD: 30,
    Stage.APPLIED: 30,
    Stage.SCREENING: 18,
    Stage.INTERVIEWING: 15,
    Stage.OFFER: 7,
    Stage.ACCEPTED: 10,
    Stage.DECLINED: 80,
    Stage.WALKED_AWAY: 120,
    Stage.REJECTED: 400,
    Stage.GHOSTED: 290,
}
PATH_TO: dict[Stage, tuple[Stage, ...]] = {
    Stage.LEAD: (),
    Stage.APPLIED: (Stage.LEAD,),
    Stage.SCREENING: (Stage.APPLIED,),
    Stage.INTERVIEWING: (Stage.APPLIED, Stage.SCREENING),
    Stage.OFFER: (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING),
}

_PREFIXES = (
    "North", "Blue", "Bright", "Cedar", "Iron", "Quiet", "Silver", "Copper", "Harbor", "Maple",
    "Summit", "Lumen", "Orbit", "Granite", "Willow", "Beacon", "Falcon", "Meadow", "Vector",
    "Atlas", "Kite", "Prairie", "Tidal", "Ember", "Juniper", "Cobalt", "Fern", "Nimbus",
)  # fmt: skip
_SUFFIXES = (
    "Labs", "Systems", "Health", "Logistics", "Analytics", "Robotics", "Bank", "Foods",
    "Energy", "Software", "Media", "Works", "Networks", "Insurance", "Games", "Bio",
    "Mobility", "Security", "Retail", "Cloud",
)  # fmt: skip
_TAILS = ("", "", "", " Group", " Partners", " Collective", " & Co", " Studio")
_ROLES = (
    "Staff Engineer", "Senior Backend Engineer", "Engineering Manager", "Principal Engineer",
    "Platform Lead", "Director of Engineering", "Data Engineer", "Site Reliability Engineer",
    "Solutions Architect", "Head of Infrastructure", "Tech Lead", "Senior Developer",
)  # fmt: skip
_SOURCES = ("referral", "recruiter", "job board", "company site", "meetup", "former colleague")
_PLACES = ("Remote", "Berlin", "Lisbon", "Toronto", "Austin", "London", "Hybrid — Paris")
_TAGS = ("python", "rust", "fintech", "climate", "remote", "startup", "enterprise", "ml", "infra")
_FIRST = ("Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kai")
_LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Silva", "Berg", "Haddad", "Kim")
_CONTACT_ROLES = ("recruiter", "hiring manager", "team lead", "peer engineer", "VP Engineering")
_NOTE_BITS = (
    "Team of six, on call one week in five.",
    "They asked a lot about incident response; the last outage still stings.",
    "Recruiter says the band tops out below my target.",
    "Hiring manager seemed distracted, checked the phone twice.",
    "Liked the engineering blog; they write postmortems in public.",
    "Travel is 'occasional' — need a number before going further.",
    "Office is two hours away; they say hybrid means three days.",
    "Good questions about design trade-offs, felt like a real conversation.",
    "Take-home is eight hours of work; asked whether it can be a pairing session.",
    "Comp conversation deferred to 'later' again.",
    "The team lead would be my manager; calm, direct, gave honest answers.",
    "Roadmap is mostly maintenance of a legacy billing system.",
)
_REASONS = {
    Stage.ACCEPTED: ("Signed: revised title and scope after the offer talk.",),
    Stage.DECLINED: (
        "Declined: the base stayed below my walk-away number.",
        "Declined: the role was mostly maintenance.",
    ),
    Stage.WALKED_AWAY: (
        "Walked away: the manager was dismissive in two rounds.",
        "Walked away: travel turned out to be 60 %.",
        "Walked away: a cut-throat culture, stack ranking every quarter.",
    ),
    Stage.REJECTED: ("They went with an internal candidate.", "Not enough domain experience."),
    Stage.GHOSTED: ("No answer after three follow-ups.",),
}

# (key, label, kind, severity, dealbreaker index or None)
_PRESETS = (
    ("1", "Interviewer rude or patronising", "red", 3, 0),
    ("2", "Kept waiting", "red", 1, None),
    ("3", "Put on hold during the call", "red", 2, None),
    ("4", "Travel not in the posting", "red", 2, 1),
    ("5", "Numbers-heavy work not mentioned", "red", 2, None),
    ("6", "Repetitive work", "red", 2, None),
    ("7", "Cut-throat culture", "red", 3, 2),
    ("8", "Clear growth path", "green", 2, None),
    ("9", "Honest answers about problems", "green", 2, None),
    ("0", "Autonomy over how work is done", "green", 3, None),
)


class Ids:
    """Short random ids from the seeded generator, so a seed gives the same files."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return f"{self.rng.getrandbits(40):010x}"


def make_profile(rng: random.Random) -> dict[str, Any]:
    new_id = Ids(rng)

    def criteria(texts: tuple[str, ...]) -> list[dict[str, Any]]:
        return [{"id": new_id(), "text": t, "weight": rng.randint(2, 5)} for t in texts]

    dealbreakers = criteria(
        ("A manager who belittles people", "More than 20 % travel", "Stack-ranking culture")
    )
    presets = []
    for key, label, kind, severity, breaker in _PRESETS:
        preset: dict[str, Any] = {
            "id": new_id(),
            "key": key,
            "label": label,
            "kind": kind,
            "severity": severity,
        }
        if breaker is not None:
            preset["dealbreaker"] = dealbreakers[breaker]["id"]
        presets.append(preset)
    return {
        "name": "Sam Rivera",
        "headline": "Staff engineer, platform and reliability",
        "must_haves": criteria(("Remote or hybrid ≤ 2 days", "Team that writes things down")),
        "dealbreakers": dealbreakers,
        "nice_to_haves": criteria(("Conference budget", "Four-day week")),
        "flexibles": criteria(("Title", "Start date")),
        "numbers": {
            "currency": "EUR",
            "min_base": 95_000,
            "target_base": 120_000,
            "max_travel_pct": 20,
            "max_onsite_days": 2,
        },
        "flags": presets,
        "tally": {"threshold": 8},
    }


def _moment(day: date, rng: random.Random, tz: Any) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.randint(0, 59), 0, 0, tz)


def make_opportunity(
    rng: random.Random, stage: Stage, profile: dict[str, Any], today: date, tz: Any
) -> dict[str, Any]:
    new_id = Ids(rng)
    company = f"{rng.choice(_PREFIXES)} {rng.choice(_SUFFIXES)}{rng.choice(_TAILS)}"
    closed = stage not in PATH_TO
    # Closed ones are spread over the last three years; active ones are recent.
    age = rng.randint(20, 1100) if closed else rng.randint(1, 60)
    created = today - timedelta(days=age)
    if closed:
        reached = rng.choice((Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER))
        if stage in (Stage.ACCEPTED, Stage.DECLINED):
            reached = Stage.OFFER
        path = [*PATH_TO[reached], reached, stage]
    else:
        path = [*PATH_TO[stage], stage]
    # The first stage is entered at creation; the others on later days, in order.
    days = [0, *sorted(rng.choices(range(1, age + 1), k=len(path) - 1))]
    # Everything else (notes, interviews) happens between creation and the last change.
    span = days[-1]
    history = []
    previous: Stage | None = None
    for step, offset in zip(path, days, strict=True):
        change: dict[str, Any] = {
            "id": new_id(),
            "at": _moment(created + timedelta(days=offset), rng, tz),
            "stage": step.value,
        }
        if previous is not None:
            change["from_stage"] = previous.value
        history.append(change)
        previous = step
    contacts = [
        {
            "id": new_id(),
            "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "role": rng.choice(_CONTACT_ROLES),
            "email": f"person{rng.randint(1, 9999)}@example.com",
            "met": rng.random() < 0.7,
            "clicked": rng.random() < 0.25,
        }
        for _ in range(rng.randint(1, 4))
    ]
    notes = [
        {
            "id": new_id(),
            "at": _moment(created + timedelta(days=rng.randint(0, span)), rng, tz),
            "text": " ".join(rng.sample(_NOTE_BITS, rng.randint(1, 4))),
        }
        for _ in range(rng.randint(1, 5))
    ]
    presets = profile["flags"]
    reached_interviews = any(s in path for s in (Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER))
    interviews: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    # A dealbreaker found "yes" is there (fit 0 %): rare, as in a search that filters well.
    criteria = [
        (
            c,
            ("no", "no", "no", "mixed", "yes")
            if group == "dealbreakers"
            else ("yes", "yes", "no", "mixed"),
        )
        for group in ("must_haves", "dealbreakers", "nice_to_haves", "flexibles")
        for c in profile[group]
    ]
    for number in range(rng.randint(1, 4) if reached_interviews else 0):
        start = _moment(created + timedelta(days=rng.randint(0, span)), rng, tz)
        flags = []
        for _ in range(rng.randint(0, 6)):
            preset = rng.choice(presets)
            flags.append(
                {
                    "id": new_id(),
                    "at": start + timedelta(minutes=rng.randint(1, 55)),
                    "kind": preset["kind"],
                    "label": preset["label"],
                    "severity": preset["severity"],
                    "preset": preset["id"],
                    **({"dealbreaker": preset["dealbreaker"]} if "dealbreaker" in preset else {}),
                }
            )
        if rng.random() < 0.2:
            flags.append({"id": new_id(), "at": start, "label": "Whiteboard puzzle, no context"})
        people = rng.sample(contacts, rng.randint(1, min(3, len(contacts))))
        for flag in flags:
            if rng.random() < 0.6:
                flag["by"] = rng.choice(people)["id"]
        interview_id = new_id()
        for criterion, answers in rng.sample(criteria, rng.randint(0, 3)):
            finding: dict[str, Any] = {
                "id": new_id(),
                "at": start + timedelta(minutes=rng.randint(1, 55)),
                "criterion": criterion["id"],
                "answer": rng.choice(answers),
                "by": rng.choice(people)["id"],
                "interview": interview_id,
            }
            if rng.random() < 0.5:
                finding["quote"] = rng.choice(_NOTE_BITS)
            findings.append(finding)
        if rng.random() < 0.4:
            low = rng.randint(90, 130)
            claims.append(
                {
                    "id": new_id(),
                    "at": start + timedelta(minutes=rng.randint(1, 55)),
                    "topic": "pay",
                    "text": f"{low}-{low + 20}k",
                    "low": low * 1000,
                    "high": (low + 20) * 1000,
                    "by": rng.choice(people)["id"],
                    "interview": interview_id,
                }
            )
        interviews.append(
            {
                "id": interview_id,
                "started_at": start,
                "ended_at": start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
                "round": number + 1,
                "kind": rng.choice(("phone", "video", "onsite")),
                "with_whom": people[0]["name"],
                "people": [person["id"] for person in people],
                "flags": flags,
                "debrief": {
                    "at": start + timedelta(hours=2),
                    "gut": rng.randint(1, 5),
                    "verdict": rng.choice(("continue", "not-for-me", "undecided")),
                    "summary": rng.choice(_NOTE_BITS),
                },
            }
        )
    data: dict[str, Any] = {
        "company": company,
        "role": rng.choice(_ROLES),
        "link": f"https://jobs.example.com/{rng.randint(10_000, 99_999)}",
        "source": rng.choice(_SOURCES),
        "location": rng.choice(_PLACES),
        "tags": rng.sample(_TAGS, rng.randint(0, 3)),
        "stage": stage.value,
        "created_at": _moment(created, rng, tz),
        "stage_history": history,
        "contacts": contacts,
        "notes": notes,
        "interviews": interviews,
        "findings": findings,
        "claims": claims,
    }
    if stage in (Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED):
        data["offer"] = {
            "received_on": history[-1 if stage == Stage.OFFER else -2]["at"].date(),
            "currency": "EUR",
            "terms": [
                {
                    "id": new_id(),
                    "name": "Base",
                    "kind": "money",
                    "offered": rng.randint(85, 140) * 1000,
                    "target": 120_000,
                    "walk_away": 95_000,
                    "priority": "must",
                },
                {"id": new_id(), "name": "PTO", "kind": "days", "offered": rng.randint(20, 30)},
                {"id": new_id(), "name": "Title", "kind": "text", "offered": "Staff Engineer"},
            ],
            "questions": [{"id": new_id(), "text": "How is on-call paid?", "answer": ""}],
            "pros": [{"id": new_id(), "text": "Strong team"}],
            "cons": [{"id": new_id(), "text": "Long commute"}],
        }
    if closed:
        ended: datetime = history[-1]["at"]
        data["closing"] = {
            "at": ended,
            "stage": stage.value,
            "reason": rng.choice(_REASONS[stage]),
        }
        if stage == Stage.WALKED_AWAY and interviews:
            data["closing"]["evidence"] = [
                f["id"] for f in interviews[-1]["flags"] if f.get("kind", "red") == "red"
            ]
        if stage in (Stage.REJECTED, Stage.DECLINED, Stage.WALKED_AWAY) and rng.random() < 0.6:
            start_day = ended.date()
            follow_ups = [
                {"kind": "thanks", "title": "Thank the people I met", "due": 1},
                {"kind": "review", "title": "Review what to improve", "due": 2},
                {"kind": "network", "title": "Connect on LinkedIn", "due": 3},
                {"kind": "check-in", "title": "Check back in", "due": 150},
            ]
            data["follow_ups"] = [
                {
                    "id": new_id(),
                    "kind": f["kind"],
                    "title": f["title"],
                    "due": start_day + timedelta(days=f["due"]),
                    **(
                        {"done_at": _moment(start_day + timedelta(days=f["due"]), rng, tz)}
                        if start_day + timedelta(days=f["due"]) < today and rng.random() < 0.8
                        else {}
                    ),
                }
                for f in follow_ups
            ]
    else:
        data["next_action"] = {
            "text": rng.choice(
                ("Send the thank-you note", "Prepare the system design round", "Ask about travel")
            ),
            "due": today + timedelta(days=rng.randint(-5, 14)),
        }
    return data


def stage_plan(count: int, rng: random.Random) -> list[Stage]:
    """`count` stages in the shares of STAGE_SHARES (largest remainder), shuffled."""
    total = sum(STAGE_SHARES.values())
    exact = {s: count * share / total for s, share in STAGE_SHARES.items()}
    numbers = {s: int(x) for s, x in exact.items()}
    leftovers = sorted(exact, key=lambda s: exact[s] - numbers[s], reverse=True)
    for stage in leftovers[: count - sum(numbers.values())]:
        numbers[stage] += 1
    stages = [s for s, n in numbers.items() for _ in range(n)]
    rng.shuffle(stages)
    return stages


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def generate(home: Path, count: int, seed: int = 7) -> int:
    """Write the workspace into `home` (which must be empty or absent); returns files written."""
    rng = random.Random(seed)
    folder = home / "opportunities"
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty; remove it or choose another folder")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    raw_profile = make_profile(rng)
    profile = Profile.model_validate(raw_profile)
    _write(home / "profile.toml", dumps(profile))
    today = date.today()
    tz = datetime.now().astimezone().tzinfo
    taken: set[str] = set()
    for stage in stage_plan(count, rng):
        data = make_opportunity(rng, stage, raw_profile, today, tz)
        base = slugify(data["company"])
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        opportunity = Opportunity.model_validate({**data, "slug": slug})
        _write(folder / f"{slug}.toml", dumps(opportunity))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, help="the workspace folder to create")
    parser.add_argument("--count", type=int, required=True, help="how many opportunities")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = generate(args.home, args.count, args.seed)
    took = time.perf_counter() - started
    print(f"{args.home}: {written} opportunities in {took:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
