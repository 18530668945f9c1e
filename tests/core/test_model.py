"""The pydantic model: clean text in, bad values refused, scores and merges computed right."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from catbird.model import (
    CardSummary,
    Closing,
    Contact,
    Criterion,
    FlagEvent,
    FlagPreset,
    FollowUp,
    Interview,
    NextAction,
    Note,
    OfferTerm,
    Opportunity,
    Profile,
    Stage,
    StageChange,
    WalkAwayNumbers,
    summarize,
    three_way,
)
from catbird.model.opportunity import Finding
from catbird.model.scoring import (
    fired_dealbreakers,
    fit_score,
    green_score,
    red_score,
    unknown_count,
)
from catbird.model.summary import Due
from conftest import SUMMARY_KEYS

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
T1, T2, T3 = (T0 + timedelta(hours=n) for n in (1, 2, 3))

# (typed or pasted, what a one-line field keeps)
HOSTILE_LINES = [
    ("\x1b[31mred\x1b[0m text", "red text"),
    ("\x1b[1;38;5;196mbold red", "bold red"),
    ("copy\x1b]52;c;aGk=\x07me", "copyme"),
    ("copy\x1b]52;c;aGk=\x1b\\me", "copyme"),
    ("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ here", "click here"),
    ("\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "click"),
    ("\x9b31m8-bit CSI", "8-bit CSI"),
    ("\x9d52;c;aGk=\x9c8-bit OSC", "8-bit OSC"),
    ("\x1bPdcs payload\x1b\\after", "after"),
    ("bell\x07 back\x08space del\x7f nul\x00", "bell backspace del nul"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("two\nlines\r\nand\ttab", "two lines and tab"),
    ("[bold]x[/]", "[bold]x[/]"),
    ("[@click=app.quit]Quit[/]", "[@click=app.quit]Quit[/]"),
    ("[link=http://x]y[/link]", "[link=http://x]y[/link]"),
    ("  padded  ", "padded"),
]


def _no_controls(text: str, *, newlines: bool) -> None:
    for char in text:
        if char == "\n" and newlines:
            continue
        assert not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F), repr(text)


@pytest.mark.parametrize(("raw", "kept"), HOSTILE_LINES)
def test_line_fields_drop_escapes_and_controls_but_keep_markup(raw: str, kept: str) -> None:
    o = Opportunity(company=raw, role=raw, tags=[raw])
    assert o.company == o.role == o.tags[0] == kept
    _no_controls(o.company, newlines=False)
    # Assignment goes through the same cleaning (validate_assignment).
    o.location = raw
    assert o.location == kept


def test_text_fields_keep_newlines_and_drop_everything_else() -> None:
    note = Note(text="first\x1b[2J line\r\nsecond\x1b]52;c;aGk=\x07 line\n\tindented\x9b0m")
    assert note.text == "first line\nsecond line\n    indented"
    _no_controls(note.text, newlines=True)


def test_names_that_clean_to_nothing_are_refused() -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        Opportunity(company="\x1b[31m\x07  ")
    with pytest.raises(ValidationError, match="must not be empty"):
        Note(text="\x1b]52;c;aGk=\x07")


def test_long_lines_are_refused_not_truncated() -> None:
    Opportunity(company="x" * 500)
    with pytest.raises(ValidationError, match="at most 500"):
        Opportunity(company="x" * 501)


def test_numbers_typed_where_text_is_expected_are_kept_as_text() -> None:
    assert Opportunity.model_validate({"company": 3, "role": 2.5}).role == "2.5"


def test_negative_money_is_refused() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        WalkAwayNumbers(min_base=-1)
    with pytest.raises(ValidationError):
        WalkAwayNumbers(target_total=-100_000)
    assert WalkAwayNumbers(min_base=0, max_travel_pct=100).min_base == 0
    with pytest.raises(ValidationError):
        WalkAwayNumbers(max_travel_pct=101)


def test_negative_amounts_in_an_offer_term_are_refused() -> None:
    with pytest.raises(ValidationError, match="cannot be negative"):
        OfferTerm(name="Base", kind="money", offered=-150_000)
    with pytest.raises(ValidationError, match="cannot be negative"):
        OfferTerm(name="PTO", kind="days", walk_away=-3)
    assert OfferTerm(name="Base", kind="money", offered=0, target=1.5).target == 1.5
    assert OfferTerm(name="Title", kind="text", offered="Staff").offered == "Staff"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_offer_numbers_are_never_stored_as_numbers(value: float) -> None:
    # nan never equals itself, so a worksheet holding one would not load back equal.
    with pytest.raises(ValidationError, match="must be a number"):
        OfferTerm(name="Bonus", kind="money", offered=value)
    term = OfferTerm(name="Note", kind="text", offered=value)
    assert isinstance(term.offered, str)
    assert term == OfferTerm.model_validate(term.model_dump())


def test_an_empty_currency_means_the_default() -> None:
    # Files leave empty values out, so an empty currency could not load back as itself.
    assert WalkAwayNumbers(currency="").currency == "USD"
    assert WalkAwayNumbers(currency="\x1b[31m").currency == "USD"
    assert WalkAwayNumbers(currency="EUR").currency == "EUR"


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(ValidationError, match="'lead', 'applied'"):
        Opportunity(company="Acme", stage="hired")
    with pytest.raises(ValidationError):
        StageChange(stage="Offer")  # stored values are exact; parsing is for user input


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Walked away", Stage.WALKED_AWAY),
        ("WALKED_AWAY", Stage.WALKED_AWAY),
        ("walked-away", Stage.WALKED_AWAY),
        ("  walked \t away ", Stage.WALKED_AWAY),
        ("Lead", Stage.LEAD),
        ("OFFER", Stage.OFFER),
    ],
)
def test_stage_parse_accepts_what_people_type(text: str, stage: Stage) -> None:
    assert Stage.parse(text) is stage


def test_stage_parse_names_the_stages_when_it_refuses() -> None:
    with pytest.raises(ValueError, match="unknown stage 'hired'; stages are: lead, applied"):
        Stage.parse("hired")


def test_stage_groups() -> None:
    assert [s.value for s in Stage if s.is_active] == [
        "lead",
        "applied",
        "screening",
        "interviewing",
        "offer",
    ]
    assert Stage.WALKED_AWAY.is_closed and Stage.WALKED_AWAY.label == "Walked away"
    with pytest.raises(ValidationError, match="closed stage"):
        Closing(stage=Stage.OFFER)


@pytest.mark.parametrize("severity", [0, 4, -1])
def test_severity_outside_1_to_3_is_refused(severity: int) -> None:
    with pytest.raises(ValidationError):
        FlagEvent(label="Rude", severity=severity)
    with pytest.raises(ValidationError):
        FlagPreset(key="1", label="Rude", severity=severity)


def test_severity_1_to_3_is_accepted() -> None:
    assert [FlagEvent(label="x", severity=s).severity for s in (1, 2, 3)] == [1, 2, 3]


def test_a_preset_logs_its_label_kind_severity_and_dealbreaker() -> None:
    rude = FlagPreset(id="rude1", key="1", label="Rude", severity=3, dealbreaker="boss1")
    event = FlagEvent.from_preset(rude)
    assert (event.label, event.kind, event.severity) == ("Rude", "red", 3)
    assert (event.preset, event.dealbreaker) == ("rude1", "boss1")
    # Logged green, it is no evidence of the dealbreaker; a severity given wins.
    green = FlagEvent.from_preset(rude, green=True, severity=1)
    assert (green.kind, green.severity, green.dealbreaker, green.preset) == (
        "green",
        1,
        None,
        "rude1",
    )
    kind = FlagEvent.from_preset(FlagPreset(key="2", label="Warm", kind="green"))
    assert (kind.kind, kind.severity, kind.dealbreaker) == ("green", 2, None)


def test_profile_refuses_two_presets_on_one_key() -> None:
    with pytest.raises(ValidationError, match="key '1' is used by both 'Late' and 'Rude'"):
        Profile(flags=[FlagPreset(key="1", label="Late"), FlagPreset(key="1", label="Rude")])


def test_profile_refuses_a_preset_linked_to_a_missing_dealbreaker() -> None:
    with pytest.raises(ValidationError, match="links to dealbreaker 'gone1'"):
        Profile(flags=[FlagPreset(key="1", label="Rude", dealbreaker="gone1")])
    deal = Criterion(id="boss1", text="A boss who belittles people")
    profile = Profile(
        dealbreakers=[deal], flags=[FlagPreset(key="1", label="Rude", dealbreaker="boss1")]
    )
    assert profile.dealbreaker("boss1") == deal
    assert profile.preset(profile.flags[0].id) == profile.flags[0]


def _many_flags(count: int) -> dict[str, object]:
    at = "2026-11-20T09:00:00+00:00"
    flags = [{"id": f"f{n:07d}", "at": at, "label": f"Flag {n}"} for n in range(count)]
    return {
        "company": "Bigco",
        "notes": [{"id": "note0001", "text": "hello"}],
        "interviews": [{"id": "int00001", "flags": flags}],
    }


@pytest.mark.parametrize(
    ("where", "twin"),
    [
        ("first", "f0000000"),
        ("middle", "f0020000"),
        ("last", "f0039999"),
        ("a note's id", "note0001"),
        ("the interview's id", "int00001"),
    ],
)
def test_a_duplicate_id_among_40000_flags_is_found_wherever_it_is(where: str, twin: str) -> None:
    # The check is linear: it was O(n²) and took minutes on a file of 40,000 flags.
    data = _many_flags(40_000)
    flags = data["interviews"][0]["flags"]  # type: ignore[index]
    copy = {**flags[0], "label": "again"}
    if where == "last":  # the twin comes first, the original at the very end
        flags.insert(0, {**copy, "id": twin})
    else:
        flags.append({**copy, "id": twin})
    with pytest.raises(ValidationError) as error:
        Opportunity.model_validate(data)
    assert error.value.error_count() == 1
    assert f"ids must be unique; used more than once: {twin}" in str(error.value)


def test_40000_flags_with_unique_ids_validate() -> None:
    opportunity = Opportunity.model_validate(_many_flags(40_000))
    assert opportunity.red_count == 40_000
    assert opportunity.flags[-1].label == "Flag 39999"


def test_many_duplicates_are_named_a_few_and_counted() -> None:
    data = _many_flags(100)
    data["notes"] = [{"id": f"f{n:07d}", "text": "twin"} for n in range(30)]
    with pytest.raises(ValidationError, match=r"f0000000, .*f0000009 and 20 more"):
        Opportunity.model_validate(data)


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Opportunity.model_validate({"company": "Acme", "compnay": "typo"})


# ---- scoring -------------------------------------------------------------------------------


def _profile() -> Profile:
    return Profile(
        must_haves=[
            Criterion(id="must1", text="Remote", weight=5),
            Criterion(id="must2", text="Mentoring", weight=3),
        ],
        nice_to_haves=[Criterion(id="nice1", text="Conference budget", weight=2)],
        flexibles=[Criterion(id="flex1", text="Title", weight=1)],
        dealbreakers=[Criterion(id="deal1", text="Constant travel")],
    )


def found(*answers: tuple[str, str], start: datetime = T0) -> list[Finding]:
    """Findings in the order given, a minute apart: (criterion id, answer)."""
    return [
        Finding(criterion=c, answer=a, at=start + timedelta(minutes=n))  # type: ignore[arg-type]
        for n, (c, a) in enumerate(answers)
    ]


def test_fit_score_is_the_weighted_share_of_what_was_found_out() -> None:
    profile = _profile()
    o = Opportunity(company="Acme")
    assert fit_score(o, profile) is None  # nothing found out yet
    assert unknown_count(o, profile) == 3  # two must-haves and the dealbreaker
    # must1 (5) there, must2 (3) missing, nice1 (2) there; flex1 unknown: 7 / 10.
    o = o.model_copy(
        update={"findings": found(("must1", "yes"), ("must2", "no"), ("nice1", "yes"))}
    )
    assert fit_score(o, profile) == 70
    assert unknown_count(o, profile) == 1  # the dealbreaker
    # A mixed answer counts half its weight: (5 + 1.5 + 2) / 10.
    o = o.model_copy(update={"findings": [*o.findings, *found(("must2", "mixed"), start=T1)]})
    assert fit_score(o, profile) == 85
    # The latest finding of a criterion decides; "unknown" puts it back to open.
    o = o.model_copy(update={"findings": [*o.findings, *found(("must1", "unknown"), start=T2)]})
    assert fit_score(o, profile) == 70  # (1.5 + 2) / 5
    assert unknown_count(o, profile) == 2
    # A dealbreaker found absent changes nothing; present makes it 0.
    o = o.model_copy(update={"findings": [*o.findings, *found(("deal1", "no"), start=T2)]})
    assert fit_score(o, profile) == 70 and unknown_count(o, profile) == 1
    o = o.model_copy(update={"findings": [*o.findings, *found(("deal1", "yes"), start=T3)]})
    assert fit_score(o, profile) == 0
    assert fired_dealbreakers(o, profile) == ["deal1"]
    # Findings about criteria the profile no longer has are ignored.
    assert fit_score(o, Profile()) is None and unknown_count(o, Profile()) == 0


def test_a_flag_linked_to_a_dealbreaker_makes_the_fit_zero_until_a_later_no() -> None:
    profile = _profile()
    flag = FlagEvent(at=T1, label="Travel 80%", severity=3, dealbreaker="deal1")
    o = Opportunity(
        company="Acme",
        findings=found(("must1", "yes")),
        interviews=[Interview(started_at=T1, flags=[flag])],
    )
    assert fit_score(o, profile) == 0
    # A link to a dealbreaker the profile no longer has is ignored.
    other = Profile(must_haves=profile.must_haves)
    assert fit_score(o, other) == 100
    # A later "no" is the candidate's verdict that the flag was a false alarm...
    cleared = o.model_copy(update={"findings": [*o.findings, *found(("deal1", "no"), start=T2)]})
    assert fit_score(cleared, profile) == 100
    # ...and a flag logged after that "no" fires again.
    again = FlagEvent(at=T3, label="Travel again", dealbreaker="deal1")
    interview = cleared.interviews[0]
    later = cleared.model_copy(
        update={"interviews": [interview.model_copy(update={"flags": [flag, again]})]}
    )
    assert fit_score(later, profile) == 0


def test_a_finding_needs_a_known_answer_and_clean_text() -> None:
    with pytest.raises(ValidationError, match="answer"):
        Finding.model_validate({"criterion": "must1", "answer": "maybe"})
    f = Finding(criterion="must1", answer="yes", quote="[bold]two days[/] \x1b[2J", by="Dana")
    assert f.quote == "[bold]two days[/]" and f.by == "Dana"


def test_red_and_green_scores_weigh_by_severity() -> None:
    flags = [
        FlagEvent(label="Rude", severity=3),
        FlagEvent(label="Late", severity=2),
        FlagEvent(label="On hold", severity=1),
        FlagEvent(label="Kind", kind="green", severity=3),
    ]
    assert red_score(flags) == 6
    assert green_score(flags) == 3
    o = Opportunity(
        company="Acme", interviews=[Interview(flags=flags[:2]), Interview(flags=flags[2:])]
    )
    assert (o.red_count, o.green_count, red_score(o.flags)) == (3, 1, 6)


# ---- three-way merge -------------------------------------------------------------------------


def _base() -> Opportunity:
    return Opportunity(
        company="Acme",
        role="Engineer",
        created_at=T0,
        notes=[Note(id="note1", at=T0, text="first")],
        interviews=[Interview(id="int1", started_at=T0)],
    )


def test_three_way_keeps_what_each_side_added() -> None:
    base = _base()
    ours = base.model_copy(
        update={"role": "Staff Engineer", "notes": [*base.notes, Note(id="note2", text="ours")]}
    )
    theirs = base.model_copy(
        update={"location": "Berlin", "notes": [*base.notes, Note(id="note3", text="theirs")]}
    )
    merged = three_way(base, ours, theirs)
    assert merged.role == "Staff Engineer"  # our change
    assert merged.location == "Berlin"  # their change
    assert [n.id for n in merged.notes] == ["note1", "note3", "note2"]


def test_three_way_merges_nested_keyed_lists() -> None:
    base = _base()
    interview = base.interviews[0]
    ours = base.model_copy(
        update={
            "interviews": [
                interview.model_copy(update={"flags": [FlagEvent(id="ours1", label="Late")]})
            ]
        }
    )
    theirs = base.model_copy(
        update={
            "interviews": [
                interview.model_copy(update={"flags": [FlagEvent(id="thr1", label="Rude")]})
            ]
        }
    )
    merged = three_way(base, ours, theirs)
    assert [f.id for f in merged.interviews[0].flags] == ["thr1", "ours1"]


def test_three_way_removal_on_our_side_wins_and_their_additions_stay() -> None:
    base = _base()
    ours = base.model_copy(update={"notes": []})
    theirs = base.model_copy(update={"notes": [*base.notes, Note(id="note3", text="theirs")]})
    assert [n.id for n in three_way(base, ours, theirs).notes] == ["note3"]


def test_three_way_shortcuts() -> None:
    base = _base()
    changed = base.model_copy(update={"role": "CTO"})
    assert three_way(base, base, changed) == changed
    assert three_way(base, changed, base) == changed


def test_undo_is_the_inverse_change_applied_to_what_is_there_now() -> None:
    before = _base()
    after = before.model_copy(
        update={
            "stage": Stage.INTERVIEWING,
            "stage_history": [
                StageChange(id="move1", stage=Stage.INTERVIEWING, from_stage=Stage.LEAD)
            ],
        }
    )
    # Meanwhile, another writer logged a flag and a note.
    flagged = after.interviews[0].model_copy(
        update={"flags": [FlagEvent(id="flag1", label="Late")]}
    )
    current = after.model_copy(
        update={"interviews": [flagged], "notes": [*after.notes, Note(id="note9", text="later")]}
    )
    undone = three_way(after, before, current)
    assert undone.stage == Stage.LEAD
    assert undone.stage_history == []
    assert [f.id for f in undone.interviews[0].flags] == ["flag1"]
    assert [n.id for n in undone.notes] == ["note1", "note9"]
    # Redo is the same move the other way round.
    redone = three_way(before, after, undone)
    assert redone.stage == Stage.INTERVIEWING
    assert [c.id for c in redone.stage_history] == ["move1"]
    assert [f.id for f in redone.interviews[0].flags] == ["flag1"]


# ---- summaries -----------------------------------------------------------------------------


def test_summary_facts_and_json_round_trip() -> None:
    profile = _profile()
    today = date(2026, 3, 10)
    o = Opportunity(
        slug="acme",
        company="Acme [bold]Corp[/]",
        role="Staff Engineer",
        tags=["remote", "Rust"],
        stage=Stage.REJECTED,
        created_at=T0,
        next_action=NextAction(text="Send thanks", due=date(2026, 3, 9)),
        stage_history=[
            StageChange(at=T0, stage=Stage.LEAD),
            StageChange(at=T0 + timedelta(days=3), stage=Stage.REJECTED, from_stage=Stage.LEAD),
        ],
        contacts=[Contact(name="Dana", met=True)],
        interviews=[
            Interview(
                flags=[
                    FlagEvent(label="Rude", severity=3),
                    FlagEvent(label="Kind", kind="green"),
                ]
            )
        ],
        follow_ups=[
            FollowUp(title="Thank Dana", due=date(2026, 3, 12)),
            FollowUp(title="Check in", due=date(2026, 8, 1)),
            FollowUp(title="Done already", due=date(2026, 3, 1), done_at=T0),
        ],
        closing=Closing(at=T0 + timedelta(days=3), stage=Stage.REJECTED, reason="Went internal"),
        findings=found(("must1", "yes"), ("must2", "no")),
    )
    s = summarize(o, profile)
    assert (
        s
        == CardSummary(
            slug="acme",
            company="Acme [bold]Corp[/]",
            role="Staff Engineer",
            stage=Stage.REJECTED,
            tags=("remote", "Rust"),
            next_action="Send thanks",
            next_due=date(2026, 3, 9),
            red=1,
            green=1,
            red_weight=3,
            fit=62,  # 5 / 8
            unknown=1,  # the dealbreaker
            interviewing_now=True,
            follow_ups_open=2,
            next_follow_up=date(2026, 3, 12),
            stage_since=date(2026, 3, 5),
            closed_reason="Went internal",
            contacts=("Dana",),
            last_news=o.interviews[0].started_at.date(),  # the latest thing that happened
            # What falls due: the open follow-ups; a closed card's next action no longer is.
            due=tuple(Due("follow-up", f.title, f.due, f.id, f.kind) for f in o.follow_ups[:2]),
        )
    )
    assert s.is_overdue(today) and not s.is_overdue(date(2026, 3, 9))
    assert s.matches("RUST") and s.matches("[bold]corp") and not s.matches("berlin")
    assert summarize(o).fit is None  # no profile, no fit

    data = json.loads(json.dumps(s.to_json()))
    assert set(data) == SUMMARY_KEYS
    assert data["stage"] == "rejected" and data["next_due"] == "2026-03-09"
    back = CardSummary.from_json(data)
    # `catbird list --json` leaves out what falls due (`catbird due --json` lists that).
    assert back == s._replace(due=())
    assert back.search_text == s.search_text
    assert CardSummary.from_row(s.to_row()) == s  # the summary index keeps all of it


def test_summary_of_a_bare_card() -> None:
    s = summarize(Opportunity(slug="x", company="X", created_at=T0))
    assert (s.next_action, s.next_due, s.fit, s.follow_ups_open, s.stage_since) == (
        "",
        None,
        None,
        0,
        date(2026, 3, 2),
    )
    assert CardSummary.from_json(json.loads(json.dumps(s.to_json()))) == s
