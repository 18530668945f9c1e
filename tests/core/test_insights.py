"""Insights numbers against a small search worked out by hand (see the comments)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catbird.model import (
    Closing,
    Criterion,
    FlagEvent,
    FlagPreset,
    Interview,
    Opportunity,
    Profile,
    Stage,
    StageChange,
)
from catbird.model.insights import (
    FUNNEL_STAGES,
    compute,
    format_duration,
    furthest,
    per_week,
)
from catbird.model.opportunity import Finding

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


PROFILE = Profile(
    dealbreakers=[
        Criterion(id="d1d1d1d1", text="A boss who belittles people"),
        Criterion(id="d2d2d2d2", text="Travel every week"),
        Criterion(id="d3d3d3d3", text="The only one on call"),
    ],
    flags=[
        FlagPreset(id="p1p1p1p1", key="1", label="Kept waiting", severity=1),
        FlagPreset(id="p2p2p2p2", key="2", label="Rude boss", severity=3, dealbreaker="d1d1d1d1"),
        FlagPreset(id="p3p3p3p3", key="3", label="Travel", dealbreaker="d2d2d2d2"),
        FlagPreset(id="g1g1g1g1", key="!", label="Listens", kind="green"),
    ],
)


def history(*steps: tuple[Stage, float]) -> list[StageChange]:
    out: list[StageChange] = []
    for stage, when in steps:
        out.append(
            StageChange(at=day(when), stage=stage, from_stage=out[-1].stage if out else None)
        )
    return out


def flag(label: str, preset: str | None = None, **kw: object) -> FlagEvent:
    return FlagEvent.model_validate({"at": day(9), "label": label, "preset": preset, **kw})


def interview(*flags: FlagEvent) -> list[Interview]:
    return [Interview(started_at=day(9), ended_at=day(9), flags=list(flags))]


def search() -> list[Opportunity]:
    S = Stage
    rude = flag("Rude boss", "p2p2p2p2", dealbreaker="d1d1d1d1", severity=3)
    waited_c = flag("Kept waiting", "p1p1p1p1")
    return [
        # Alpha: every step. Stays: lead 2d, applied 4d, screening 4d, interviewing 10d, offer 4d.
        Opportunity(
            company="Alpha",
            stage=S.ACCEPTED,
            created_at=T0,
            stage_history=history(
                (S.LEAD, 0),
                (S.APPLIED, 2),
                (S.SCREENING, 6),
                (S.INTERVIEWING, 10),
                (S.OFFER, 20),
                (S.ACCEPTED, 24),
            ),
            interviews=interview(
                flag("Kept waiting", "p1p1p1p1"), flag("Listens", "g1g1g1g1", kind="green")
            ),
            closing=Closing(at=day(24), stage=S.ACCEPTED, reason="Great team"),
        ),
        # Beta: rejected after the screen. Stays: lead 1d, applied 2d, screening 5d. Its flag
        # still carries an old label; the preset's label today is what is counted.
        Opportunity(
            company="Beta",
            stage=S.REJECTED,
            created_at=T0,
            stage_history=history((S.LEAD, 0), (S.APPLIED, 1), (S.SCREENING, 3), (S.REJECTED, 8)),
            interviews=interview(flag("Waited ages (old label)", "p1p1p1p1")),
            closing=Closing(at=day(8), stage=S.REJECTED, reason="Internal candidate"),
        ),
        # Gamma (role A): added at applied, jumped to interviewing, walked away.
        # Stays: applied 4d, interviewing 1d.
        Opportunity(
            company="Gamma",
            role="A",
            stage=S.WALKED_AWAY,
            created_at=T0,
            stage_history=history((S.APPLIED, 0), (S.INTERVIEWING, 4), (S.WALKED_AWAY, 5)),
            interviews=interview(rude, waited_c, flag("Vague scope")),
            closing=Closing(
                at=day(5),
                stage=S.WALKED_AWAY,
                reason="Rude boss",
                evidence=[rude.id, waited_c.id],
            ),
        ),
        # Gamma (role B), same company: lead 3d, then interviewing now (an open stay). Its
        # travel flag was marked a false alarm (a later "no"), so the dealbreaker did not fire.
        Opportunity(
            company="gamma",
            role="B",
            stage=S.INTERVIEWING,
            created_at=T0,
            stage_history=history((S.LEAD, 0), (S.INTERVIEWING, 3)),
            interviews=interview(
                flag("Kept waiting", "p1p1p1p1"),
                flag("vague   SCOPE"),
                flag("Travel", "p3p3p3p3", dealbreaker="d2d2d2d2"),
            ),
            findings=[Finding(at=day(10), criterion="d2d2d2d2", answer="no")],
        ),
        # Delta: a lead, assessed as having the belittling boss (a finding "yes"): fired, no flag.
        Opportunity(
            company="Delta",
            stage=S.LEAD,
            created_at=T0,
            stage_history=history((S.LEAD, 0)),
            findings=[Finding(at=day(1), criterion="d1d1d1d1", answer="yes")],
        ),
        # Echo: ghosted. Stays: lead 1d, applied 30d. Same reason as Beta, typed differently.
        Opportunity(
            company="Echo",
            stage=S.GHOSTED,
            created_at=T0,
            stage_history=history((S.LEAD, 0), (S.APPLIED, 1), (S.GHOSTED, 31)),
            closing=Closing(at=day(31), stage=S.GHOSTED, reason="  internal   CANDIDATE "),
        ),
    ]


@pytest.fixture
def insights():
    return compute(search(), PROFILE, at=day(35))


def test_totals(insights) -> None:
    assert (insights.total, insights.active, insights.closed) == (6, 2, 4)


def test_furthest_step_reached() -> None:
    # Alpha accepted, Beta screening, Gamma A interviewing, Gamma B interviewing, Delta lead,
    # Echo applied.
    assert [FUNNEL_STAGES[furthest(o)] for o in search()] == [
        Stage.ACCEPTED,
        Stage.SCREENING,
        Stage.INTERVIEWING,
        Stage.INTERVIEWING,
        Stage.LEAD,
        Stage.APPLIED,
    ]


def test_funnel(insights) -> None:
    reached = [(s.stage.value, s.reached) for s in insights.funnel]
    assert reached == [
        ("lead", 6),
        ("applied", 5),
        ("screening", 4),
        ("interviewing", 3),
        ("offer", 1),
        ("accepted", 1),
    ]
    conversions = [s.conversion for s in insights.funnel]
    assert conversions[0] is None
    assert conversions[1:] == pytest.approx([5 / 6, 4 / 5, 3 / 4, 1 / 3, 1.0])


def test_median_time_in_stage(insights) -> None:
    expected = {
        # finished stays, in days                     median  current
        Stage.LEAD: (1.5, 4, 1),  # Alpha 2, Beta 1, Gamma B 3, Echo 1; Delta is still a lead
        Stage.APPLIED: (4.0, 4, 0),  # Alpha 4, Beta 2, Gamma A 4, Echo 30
        Stage.SCREENING: (4.5, 2, 0),  # Alpha 4, Beta 5
        Stage.INTERVIEWING: (5.5, 2, 1),  # Alpha 10, Gamma A 1; Gamma B is there now
        Stage.OFFER: (4.0, 1, 0),  # Alpha 4
    }
    for stage, (median_days, stays, current) in expected.items():
        got = insights.stage_time(stage)
        assert got.median == timedelta(days=median_days), stage
        assert (got.stays, got.current) == (stays, current), stage


def test_why_closed(insights) -> None:
    assert [(c.label, c.count) for c in insights.closed_by_stage] == [
        ("accepted", 1),
        ("declined", 0),
        ("withdrawn", 0),
        ("walked-away", 1),
        ("rejected", 1),
        ("ghosted", 1),
    ]
    assert [(r.label, r.count) for r in insights.reasons] == [
        ("Internal candidate", 2),
        ("Great team", 1),
        ("Rude boss", 1),
    ]
    assert [(e.label, e.count) for e in insights.evidence] == [
        ("Kept waiting", 1),
        ("Rude boss", 1),
    ]


def test_red_flags_by_company(insights) -> None:
    # Kept waiting: Alpha, Beta (old label, same preset), Gamma A and Gamma B: 4 times at
    # 3 companies. "Vague scope" twice, both at Gamma.
    assert [(f.label, f.companies, f.times) for f in insights.red_flags] == [
        ("Kept waiting", 3, 4),
        ("Vague scope", 1, 2),
        ("Rude boss", 1, 1),
        ("Travel", 1, 1),
    ]
    assert [(f.label, f.companies, f.times) for f in insights.green_flags] == [("Listens", 1, 1)]


def test_dealbreakers(insights) -> None:
    # d1 fired at Gamma (linked flag) and Delta (assessed); d2's only flag was a false alarm.
    assert [(d.text, d.companies, d.flags) for d in insights.dealbreakers] == [
        ("A boss who belittles people", 2, 1),
        ("Travel every week", 0, 1),
        ("The only one on call", 0, 0),
    ]


def test_empty_search() -> None:
    data = compute([], None, at=T0)
    assert data.total == 0
    assert all(s.reached == 0 and s.conversion is None for s in data.funnel)
    assert all(t.median is None and t.stays == 0 for t in data.time_in_stage)
    assert data.red_flags == () and data.reasons == () and data.dealbreakers == ()


def test_history_out_of_order_is_sorted() -> None:
    o = Opportunity(
        company="Zed",
        stage=Stage.SCREENING,
        stage_history=[
            StageChange(at=day(5), stage=Stage.SCREENING),
            StageChange(at=day(0), stage=Stage.LEAD),
        ],
    )
    data = compute([o], None, at=day(6))
    assert data.stage_time(Stage.LEAD).median == timedelta(days=5)


def test_per_week() -> None:
    until = day(35)
    moments = [day(35), day(29), day(28), day(0), day(-100)]
    # ages 0, 6 → last week; 7 → the week before; 35 → five weeks back; -100 days → too old
    counts = per_week(moments, until, weeks=6)
    assert counts == (1, 0, 0, 0, 1, 2)


def test_format_duration() -> None:
    assert format_duration(None) == "–"
    assert format_duration(timedelta(minutes=45)) == "45 min"
    assert format_duration(timedelta(hours=6)) == "6 h"
    assert format_duration(timedelta(days=3, hours=12)) == "3.5 d"
    assert format_duration(timedelta(days=12)) == "12 d"
    assert format_duration(timedelta(days=84)) == "12 wk"


def test_what_was_found_out_before_an_offer_and_flags_by_person_and_round() -> None:
    from catbird.model import Contact, Criterion
    from catbird.model.insights import compute

    profile = Profile(
        must_haves=[Criterion(id="remote1", text="Remote"), Criterion(id="pay1", text="Pay")],
        dealbreakers=[Criterion(id="boss1", text="Rude boss")],
    )
    dana = Contact(name="Dana")
    offer = Opportunity(
        company="Acme",
        stage=Stage.OFFER,
        created_at=T0,
        stage_history=history((Stage.LEAD, 0), (Stage.OFFER, 10)),
        contacts=[dana],
        findings=[
            Finding(at=day(5), criterion="remote1", answer="yes"),  # before the offer
            Finding(at=day(12), criterion="pay1", answer="no"),  # after it: too late
        ],
        interviews=[
            Interview(round=1, started_at=day(5), flags=[flag("Late", at=day(5), by=dana.id)]),
            Interview(
                round=2,
                started_at=day(8),
                flags=[flag("Rude", at=day(8), by=dana.id), flag("Vague", at=day(8))],
            ),
        ],
    )
    lead = Opportunity(
        company="Beta", created_at=T0, findings=[Finding(criterion="pay1", answer="yes")]
    )
    data = compute([offer, lead], profile, at=day(20))
    assert [(c.text, c.noun, c.found, c.offers) for c in data.found_before_offer] == [
        ("Remote", "must-have", 1, 1),
        ("Pay", "must-have", 0, 1),  # found out only after the offer: forgotten
        ("Rude boss", "dealbreaker", 0, 1),
    ]
    assert [(c.label, c.count) for c in data.flags_by_person] == [("Dana (Acme)", 2)]
    assert [(c.label, c.count) for c in data.flags_by_round] == [("round 1", 1), ("round 2", 2)]
    assert compute([lead], profile).found_before_offer == ()  # no offers, nothing to say
