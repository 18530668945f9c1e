"""The offer worksheet's arithmetic and our texts: gaps, statuses, totals, score, talking
points and the decline note — and the operations that change a worksheet on disk."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catbird import ops
from catbird.exchange.export import markdown
from catbird.model import (
    Contact,
    Item,
    OfferTerm,
    OfferWorksheet,
    Opportunity,
    Phrasing,
    Profile,
    Question,
    Stage,
    Visit,
    WalkAwayNumbers,
    today,
)
from catbird.model.worksheet import (
    MUST_BELOW_CAP,
    AgainstTarget,
    against_target,
    compensation,
    default_terms,
    format_gap,
    format_value,
    gap,
    line_problem,
    money,
    offer_score,
    parse_value,
    status,
    term_points,
    term_role,
)
from catbird.store import CatbirdError, Workspace
from catbird.store.paths import sample_data_dir
from catbird.texts.offer_texts import decline_note, talking_points

SAMPLE = sample_data_dir()
RANK = {"below": 0, "acceptable": 1, "meets": 2}

amounts = st.integers(min_value=0, max_value=2_000_000)
directions = st.sampled_from(["higher", "lower"])


def money_term(**values: object) -> OfferTerm:
    return OfferTerm.model_validate(
        {"name": "Base salary", "role": "base", "kind": "money", **values}
    )


# ---- gap and status ---------------------------------------------------------------------


@given(offered=amounts, target=amounts, better=directions)
def test_gap_is_positive_exactly_when_the_offer_beats_the_target(
    offered: int, target: int, better: str
) -> None:
    term = money_term(offered=offered, target=target, better=better)
    difference = gap(term)
    assert difference is not None
    assert abs(difference) == abs(offered - target)
    beats = offered > target if better == "higher" else offered < target
    assert (difference > 0) == beats
    assert (difference == 0) == (offered == target)


@given(first=amounts, second=amounts, target=amounts, line=amounts, better=directions)
def test_status_never_gets_worse_as_the_offer_gets_better(
    first: int, second: int, target: int, line: int, better: str
) -> None:
    low, high = sorted((first, second))
    worse, better_offer = (low, high) if better == "higher" else (high, low)
    target_value, line_value = (
        (max(target, line), min(target, line))
        if better == "higher"
        else (min(target, line), max(target, line))
    )
    a = money_term(offered=worse, target=target_value, walk_away=line_value, better=better)
    b = money_term(offered=better_offer, target=target_value, walk_away=line_value, better=better)
    assert RANK[status(a)] <= RANK[status(b)]
    points_a, points_b = term_points(a), term_points(b)
    assert points_a is not None and points_b is not None
    assert points_a <= points_b


@pytest.mark.parametrize(
    ("offered", "expected"),
    [(250_000, "meets"), (245_000, "meets"), (230_000, "acceptable"), (215_000, "acceptable")],
)
def test_status_between_the_line_and_the_target(offered: int, expected: str) -> None:
    term = money_term(offered=offered, target=245_000, walk_away=215_000)
    assert status(term) == expected


def test_status_below_the_line_and_unknown_without_anything_to_compare() -> None:
    assert status(money_term(offered=205_000, target=245_000, walk_away=215_000)) == "below"
    assert status(money_term(target=245_000)) == "unknown"
    assert status(money_term(offered=100)) == "unknown"
    # No target: reaching the line is all that was asked.
    assert status(money_term(offered=220_000, walk_away=215_000)) == "meets"
    # Under target with no line drawn: acceptable, not below.
    assert status(money_term(offered=0, target=20_000)) == "acceptable"


def test_less_is_better_for_travel_and_office_days() -> None:
    travel = OfferTerm(
        name="Travel", kind="percent", better="lower", offered=30, target=5, walk_away=15
    )
    assert status(travel) == "below"
    assert gap(travel) == -25
    assert format_gap(travel, gap(travel)) == "−25 pts"
    office = OfferTerm(
        name="On-site days per week", kind="days", better="lower", offered=1, walk_away=2
    )
    assert status(office) == "meets"


def test_dates_count_in_days_and_earlier_is_better_when_lower() -> None:
    start = OfferTerm(
        name="Start date",
        kind="date",
        better="lower",
        offered=date(2027, 1, 4),
        target=date(2027, 1, 11),
        walk_away=date(2027, 2, 1),
    )
    assert gap(start) == 7
    assert status(start) == "meets"
    later = start.model_copy(update={"offered": date(2027, 1, 20)})
    assert status(later) == "acceptable"
    assert format_gap(later, gap(later)) == "−9 days"
    too_late = start.model_copy(update={"offered": date(2027, 3, 1)})
    assert status(too_late) == "below"


def test_text_terms_match_ignoring_case_and_spacing() -> None:
    title = OfferTerm(
        name="Title / level",
        kind="text",
        offered="staff  engineer",
        target="Staff Engineer",
    )
    assert status(title) == "meets"
    assert gap(title) is None
    lower = title.model_copy(update={"offered": "Senior Engineer", "walk_away": "senior engineer"})
    assert status(lower) == "acceptable"
    other = title.model_copy(update={"offered": "Engineer II"})
    assert status(other) == "unknown"


def test_a_target_on_the_wrong_side_of_the_line_is_named() -> None:
    assert line_problem(money_term(target=200_000, walk_away=215_000))
    assert line_problem(money_term(target=245_000, walk_away=215_000)) is None


# ---- totals and score -------------------------------------------------------------------


@given(base=amounts, bonus=amounts, equity=amounts, sign_on=amounts)
def test_yearly_total_is_base_bonus_and_equity_with_sign_on_apart(
    base: int, bonus: int, equity: int, sign_on: int
) -> None:
    offer = OfferWorksheet(
        terms=[
            OfferTerm(name="Base salary", role="base", kind="money", offered=base),
            OfferTerm(name="Annual bonus", role="bonus", kind="money", offered=bonus),
            OfferTerm(name="Equity per year", role="equity", kind="money", offered=equity),
            OfferTerm(name="Sign-on bonus", role="sign_on", kind="money", offered=sign_on),
            OfferTerm(name="Relocation", kind="money", offered=99),  # not yearly pay
        ]
    )
    pay = compensation(offer)
    assert pay.yearly == base + bonus + equity
    assert pay.first_year == base + bonus + equity + sign_on
    assert pay.sign_on == sign_on


def test_a_bonus_in_percent_is_a_share_of_the_base_and_no_base_means_no_total() -> None:
    offer = OfferWorksheet(
        terms=[
            OfferTerm(name="Salary", role="base", kind="money", offered=200_000, target=220_000),
            OfferTerm(name="Target bonus", role="bonus", kind="percent", offered=15, target=20),
        ]
    )
    pay = compensation(offer)
    assert pay.bonus == 30_000
    assert pay.yearly == 230_000
    assert pay.target_yearly == 264_000
    assert pay.shortfall == -34_000
    assert compensation(OfferWorksheet(terms=offer.terms[1:])).yearly is None


def test_the_total_against_the_target_is_said_once_for_every_view() -> None:
    """The worksheet, compare, the talking points and the export all take the comparison
    from `against_target`: one place for the figures and the words."""
    terms = [
        OfferTerm(name="Base salary", role="base", kind="money", offered=140_000, target=180_000),
        OfferTerm(name="Annual bonus", role="bonus", kind="money", offered=20_000),
    ]
    short = against_target(compensation(OfferWorksheet(terms=terms)))
    assert short == AgainstTarget(target="$180,000", gap="$20,000", short=True)
    assert short.signed_gap == "−$20,000"
    assert short.clause("target") == ", $20,000 short of the $180,000 target"
    above = against_target(
        compensation(
            OfferWorksheet(currency="EUR", terms=[terms[0].model_copy(update={"offered": 180_000})])
        )
    )
    assert above is not None and above.signed_gap == "+€0"
    assert above.clause("you aim for") == ", at or above the €180,000 you aim for"
    assert against_target(compensation(OfferWorksheet(terms=terms[1:]))) is None
    no_target = [terms[0].model_copy(update={"target": None})]
    assert against_target(compensation(OfferWorksheet(terms=no_target))) is None

    o = Opportunity(company="Acme", offer=OfferWorksheet(terms=terms))
    assert (
        "$160,000 a year (base, bonus and equity), $20,000 short of the $180,000 you aim for."
        in (talking_points(o, Profile()))
    )
    assert (
        "**Yearly total:** $160,000 (base, bonus, equity per year), $20,000 short of the "
        "$180,000 target" in markdown([o], None)
    )


def test_the_profile_target_total_is_what_the_yearly_total_is_held_against() -> None:
    profile = Profile(numbers=WalkAwayNumbers(target_base=180_000, target_total=220_000))
    terms = default_terms(profile)
    offer = OfferWorksheet(
        terms=[
            terms[0].model_copy(update={"offered": 140_000}),
            terms[1].model_copy(update={"offered": 20_000}),
            *terms[2:],
        ]
    )
    pay = compensation(offer, profile)
    assert (pay.yearly, pay.target_yearly, pay.shortfall) == (160_000, 220_000, -60_000)
    o = Opportunity(slug="northwind", company="Northwind", stage=Stage.OFFER, offer=offer)
    assert "$60,000 short of the $220,000" in talking_points(o, profile)
    assert "$60,000 short of the $220,000 target" in markdown([o], profile)
    # Without a target total, the targets of the terms add up to the yardstick.
    assert compensation(offer, Profile()).target_yearly == 180_000
    elsewhere = Profile(numbers=WalkAwayNumbers(currency="EUR", target_total=220_000))
    assert compensation(offer, elsewhere).target_yearly == 180_000


def test_a_term_counts_by_its_role_whatever_it_is_called() -> None:
    base = OfferTerm(name="Base salary", role="base", kind="money", offered=140_000)
    renamed = OfferWorksheet(terms=[base.model_copy(update={"name": "140k"})])
    assert compensation(renamed).yearly == 140_000
    # A term of the user's own is never taken for a standard one because of its name.
    own = OfferWorksheet(terms=[OfferTerm(name="Base salary", kind="money", offered=1)])
    assert term_role(own.terms[0]) is None and compensation(own).yearly is None


def test_the_sample_offer_adds_up() -> None:
    ws = Workspace(SAMPLE)
    offer = ws.read("fernhollow-software").offer
    assert offer is not None
    pay = compensation(offer, ws.read_profile())
    assert (pay.yearly, pay.target_yearly, pay.shortfall) == (290_800, 330_000, -39_200)
    score = offer_score(offer)
    assert score.score is not None and 40 <= score.score <= 80
    assert not score.capped


@given(
    offers=st.lists(
        st.tuples(amounts, st.sampled_from(["must", "want", "flexible"])), min_size=1, max_size=6
    )
)
def test_score_is_0_to_100_and_a_must_below_its_line_caps_it(
    offers: list[tuple[int, str]],
) -> None:
    terms = [
        OfferTerm(
            name=f"Term {i}",
            kind="money",
            offered=value,
            target=1_000_000,
            walk_away=500_000,
            priority=priority,
        )
        for i, (value, priority) in enumerate(offers)
    ]
    score = offer_score(OfferWorksheet(terms=terms))
    assert score.score is not None and 0 <= score.score <= 100
    musts_below = [t.name for t in terms if t.priority == "must" and status(t) == "below"]
    assert list(score.below_musts) == musts_below
    if musts_below:
        assert score.score <= MUST_BELOW_CAP


@settings(max_examples=60)
@given(low=amounts, high=amounts)
def test_a_better_offer_never_scores_lower(low: int, high: int) -> None:
    low, high = sorted((low, high))

    def score_with(value: int) -> int:
        terms = [
            money_term(offered=value, target=300_000, walk_away=150_000, priority="must"),
            OfferTerm(name="PTO days", kind="days", offered=20, target=25, walk_away=15),
        ]
        result = offer_score(OfferWorksheet(terms=terms)).score
        assert result is not None
        return result

    assert score_with(low) <= score_with(high)


def test_nothing_known_means_no_score() -> None:
    assert offer_score(OfferWorksheet(terms=[money_term()])).score is None


# ---- defaults, parsing, formatting ------------------------------------------------------


def test_default_terms_carry_the_profile_lines() -> None:
    profile = Profile(
        numbers=WalkAwayNumbers(
            min_base=215_000,
            target_base=245_000,
            max_travel_pct=15,
            max_onsite_days=2,
            min_pto_days=20,
        )
    )
    terms = {term_role(t): t for t in default_terms(profile)}
    assert set(terms) == {
        "base",
        "bonus",
        "equity",
        "sign_on",
        "pto",
        "onsite",
        "travel",
        "title",
        "start",
        "deadline",
        "manager",
    }
    assert (terms["base"].target, terms["base"].walk_away) == (245_000, 215_000)
    assert terms["travel"].better == "lower" and terms["travel"].walk_away == 15
    assert terms["onsite"].better == "lower" and terms["onsite"].priority == "must"
    assert terms["pto"].walk_away == 20
    assert terms["start"].kind == terms["deadline"].kind == "date"
    bare = {term_role(t): t for t in default_terms(Profile())}
    assert bare["travel"].priority == "want" and bare["base"].walk_away is None


@pytest.mark.parametrize(
    ("kind", "typed", "value"),
    [
        ("money", "228000", 228_000),
        ("money", "$228,000", 228_000),
        ("money", "228k", 228_000),
        ("money", "1.2m", 1_200_000),
        ("money", "EUR 90 000", 90_000),
        ("percent", "10%", 10),
        ("days", "25 days", 25),
        ("number", "2.5", 2.5),
        ("date", "2027-01-04", date(2027, 1, 4)),
        ("text", "  Staff Engineer (L6) ", "Staff Engineer (L6)"),
        ("money", "", None),
        ("money", "—", None),
    ],
)
def test_values_are_read_as_people_type_them(kind: str, typed: str, value: object) -> None:
    assert parse_value(kind, typed) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("money", "-5000", "negative"),
        ("money", "$−5,000", "negative"),
        ("money", "lots", "not a number"),
        ("percent", "120", "0 to 100"),
        ("date", "next week", "not a date"),
    ],
)
def test_bad_values_get_a_message(kind: str, typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_value(kind, typed)  # type: ignore[arg-type]


def test_amounts_are_written_with_their_currency() -> None:
    assert money(228_000) == "$228,000"
    assert money(1250.5, "EUR") == "€1,250.5"
    assert money(90_000, "CHF") == "CHF 90,000"
    pto = OfferTerm(name="PTO", kind="days", offered=1)
    assert format_value(pto, 1) == "1 day"
    assert format_value(pto, None) == "—"


# ---- our texts --------------------------------------------------------------------------


def sample(slug: str) -> tuple[Opportunity, Profile]:
    ws = Workspace(SAMPLE)
    return ws.read(slug), ws.read_profile()


def test_talking_points_use_the_users_own_figures_names_and_preparation() -> None:
    o, profile = sample("fernhollow-software")
    text = talking_points(o, profile)
    for expected in (
        "Fernhollow Software",
        "Priya Raman",
        "Thank Priya",
        "$228,000",
        "$245,000",
        "$17,000 more",
        "$290,800",
        "$39,200 short",
        "Senior Staff Engineer (L7)",
        "Headcount for one more platform engineer in 2027",  # an open need
        "Merge the open developer-experience role",  # a role idea
        "Tomasz Wierzbicki",  # still to meet
        "2026-12-04",  # the decision deadline
    ):
        assert expected in text, expected
    assert "Same two office days every week" not in text  # that need is settled
    # Musts come before wants, wants before flexibles.
    assert text.index("Base salary (must)") < text.index("Equity per year (want)")
    assert text.index("Equity per year (want)") < text.index("Sign-on bonus (flexible)")
    assert "{" not in text and "}" not in text


def test_talking_points_name_the_walk_away_line_privately() -> None:
    o, profile = sample("ambergate-insurance")
    text = talking_points(o, profile)
    assert "walk-away line of $215,000 (keep that figure to yourself)" in text
    assert "Desmond" in text


def test_decline_note_uses_the_users_own_words_filled_in() -> None:
    o, profile = sample("fernhollow-software")
    note = decline_note(o, profile)
    assert note.startswith("Hi Priya,")
    assert "Maren" in note
    assert "{" not in note and "}" not in note


def test_our_decline_note_is_honest_appreciative_and_leaves_the_door_open() -> None:
    o, profile = sample("ambergate-insurance")
    ours = profile.model_copy(update={"phrasing": Phrasing()})
    note = decline_note(o, ours)
    assert note.startswith("Hi Desmond,")
    assert "Ambergate Insurance" in note and "Staff Engineer, Claims Platform" in note
    assert "decided not to accept" in note
    assert "on-site days per week" in note and "travel" in note  # the honest reason
    assert "$" not in note  # never the figures
    assert "stay in touch" in note
    assert note.rstrip().endswith("Maren")
    assert "{" not in note
    assert decline_note(o, ours, name="Talia").startswith("Hi Talia,")


@given(
    company=st.text(min_size=1, max_size=30).filter(lambda s: not set(s) & set("{}")),
    person=st.text(min_size=1, max_size=20).filter(lambda s: not set(s) & set("{}")),
)
@settings(max_examples=50)
def test_every_known_placeholder_is_filled_in_the_texts(company: str, person: str) -> None:
    try:
        o = Opportunity(company=company, role="Engineer", contacts=[Contact(name=person)])
    except ValueError:
        return  # a name that cleans to nothing is refused by the model
    o = o.model_copy(
        update={
            "offer": OfferWorksheet(
                terms=default_terms(Profile(numbers=WalkAwayNumbers(min_base=1, target_base=2)))
            )
        }
    )
    for phrasing in (
        Phrasing(),
        Phrasing(decline_note="Dear {name}, no to {company} ({role}) from {me}. {unknown}"),
    ):
        profile = Profile(name="Sam", phrasing=phrasing)
        for text in (decline_note(o, profile, name=person), talking_points(o, profile)):
            # The one unknown placeholder stays as typed (texts/fill.py); nothing else is left.
            rest = text.replace("{unknown}", "", 1)
            assert "{" not in rest and "}" not in rest
        assert "{unknown}" in decline_note(o, profile, name=person) or not phrasing.decline_note


# ---- operations on disk -----------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    shutil.copytree(SAMPLE, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


def on_disk(ws: Workspace, slug: str) -> dict[str, object]:
    return tomllib.loads(ws.path_for(slug).read_text("utf-8"))


def test_starting_a_worksheet_writes_the_standard_terms(ws: Workspace) -> None:
    profile = ws.read_profile()
    change = ops.start_offer(ws, "saltmarsh-robotics", profile)
    assert change.after is not None and change.after.offer is not None
    data = on_disk(ws, "saltmarsh-robotics")
    offer = data["offer"]
    assert isinstance(offer, dict)
    names = [t["name"] for t in offer["terms"]]
    assert names[0] == "Base salary" and "Decision deadline" in names
    assert offer["terms"][0]["walk_away"] == 215_000
    with pytest.raises(CatbirdError, match="already has"):
        ops.start_offer(ws, "saltmarsh-robotics", profile)


def test_terms_refuse_negative_money_past_deadlines_and_crossed_lines(ws: Workspace) -> None:
    o = ws.read("fernhollow-software")
    assert o.offer is not None
    base = o.offer.terms[0].id
    deadline = next(t.id for t in o.offer.terms if t.name == "Decision deadline")
    before = ws.path_for("fernhollow-software").read_bytes()
    with pytest.raises(CatbirdError, match="cannot be negative"):
        ops.set_term(ws, "fernhollow-software", base, offered=-1)
    with pytest.raises(CatbirdError, match="in the past"):
        ops.set_term(ws, "fernhollow-software", deadline, offered=today() - timedelta(days=1))
    with pytest.raises(CatbirdError, match="walk-away line"):
        ops.set_term(ws, "fernhollow-software", base, target=200_000)
    with pytest.raises(CatbirdError, match="already has a term"):
        ops.add_term(ws, "fernhollow-software", "base salary", kind="money")
    assert ws.path_for("fernhollow-software").read_bytes() == before  # nothing written
    ops.set_term(ws, "fernhollow-software", base, offered=240_000)
    terms = on_disk(ws, "fernhollow-software")["offer"]["terms"]  # type: ignore[index]
    assert terms[0]["offered"] == 240_000


def test_renaming_a_term_keeps_what_it_counts_as(ws: Workspace) -> None:
    slug = "fernhollow-software"
    profile = ws.read_profile()
    o = ws.read(slug)
    assert o.offer is not None
    yearly = compensation(o.offer, profile).yearly
    ops.set_term(ws, slug, o.offer.terms[0].id, name="Salary (London)")
    offer = ws.read(slug).offer
    assert offer is not None and offer.terms[0].name == "Salary (London)"
    assert compensation(offer, profile).yearly == yearly
    assert on_disk(ws, slug)["offer"]["terms"][0]["role"] == "base"  # type: ignore[index]
    # A new term takes the role its name usually means, unless another term has it already.
    ops.add_term(ws, slug, "Relocation bonus", kind="money", offered=5_000)
    ops.add_term(ws, slug, "Base salary", kind="money", offered=1)
    offer = ws.read(slug).offer
    assert offer is not None
    assert [t.role for t in offer.terms[-2:]] == [None, None]
    assert compensation(offer, profile).yearly == yearly


def test_lists_are_added_to_ticked_answered_and_removed(ws: Workspace) -> None:
    slug = "fernhollow-software"
    ops.add_item(ws, slug, "needs", "A written promotion path")
    ops.add_item(ws, slug, "visits", "Lisbon office", kind="place")
    ops.add_item(ws, slug, "questions", "Who approves the budget?")
    offer = ws.read(slug).offer
    assert offer is not None
    need, visit, question = offer.needs[-1], offer.visits[-1], offer.questions[-1]
    ops.toggle_item(ws, slug, "needs", need.id)
    ops.answer_question(ws, slug, question.id, "Priya, up to 50k")
    ops.remove_item(ws, slug, "visits", visit.id)
    data = on_disk(ws, slug)["offer"]
    assert isinstance(data, dict)
    assert data["needs"][-1] == {"id": need.id, "text": "A written promotion path", "done": True}
    assert data["questions"][-1]["answer"] == "Priya, up to 50k"
    assert all(v["id"] != visit.id for v in data["visits"])
    with pytest.raises(CatbirdError, match="answer"):
        ops.toggle_item(ws, slug, "questions", question.id)
    with pytest.raises(CatbirdError, match="no list"):
        ops.add_item(ws, slug, "wishes", "x")


def test_declining_closes_and_plans_and_the_note_follows_the_worksheet(ws: Workspace) -> None:
    change = ops.decide(ws, "fernhollow-software", "decline", ws.read_profile())
    assert change.after is not None
    data = on_disk(ws, "fernhollow-software")
    assert data["stage"] == "declined"
    offer = data["offer"]
    assert isinstance(offer, dict)
    assert offer["decision"] == "decline"
    # No snapshot: the note is drafted from the worksheet as it is whenever it is shown.
    assert not offer.get("decline_note")
    assert decline_note(change.after, ws.read_profile()).startswith("Hi Priya,")
    kinds = [f["kind"] for f in data["follow_ups"]]  # type: ignore[union-attr]
    assert kinds[0] == "decline" and "thanks" in kinds and "network" in kinds
    # Undo puts everything back as it was.
    ops.undo(ws, change)
    assert ws.read("fernhollow-software") == change.before


def test_negotiating_keeps_talking_points_already_written(ws: Workspace) -> None:
    slug = "fernhollow-software"
    written = ws.read(slug).offer
    assert written is not None
    ops.decide(ws, slug, "negotiate", ws.read_profile())
    assert ws.read(slug).offer.talking_points == written.talking_points  # type: ignore[union-attr]
    ops.set_offer(ws, slug, talking_points="")
    ops.decide(ws, slug, "negotiate", ws.read_profile())
    # Not saved as a snapshot: drafted from the worksheet as it is now, when shown.
    assert ws.read(slug).offer.talking_points == ""  # type: ignore[union-attr]
    points = talking_points(ws.read(slug), ws.read_profile())
    assert "$17,000 more" in points and ws.read(slug).stage == Stage.OFFER


def test_accepting_and_walking_away(ws: Workspace) -> None:
    ops.decide(ws, "fernhollow-software", "accept", ws.read_profile())
    assert on_disk(ws, "fernhollow-software")["stage"] == "accepted"
    ops.decide(ws, "saltmarsh-robotics", "walk away", ws.read_profile())
    data = on_disk(ws, "saltmarsh-robotics")
    assert data["stage"] == "walked-away"
    assert data["offer"]["decision"] == "walk-away"  # type: ignore[index]
    assert data["follow_ups"]
    with pytest.raises(CatbirdError, match="unknown decision"):
        ops.decide(ws, "fernhollow-software", "maybe")


def test_the_markdown_export_has_the_offer(ws: Workspace) -> None:
    o = ws.read("fernhollow-software")
    text = markdown([o], ws.read_profile())
    assert "## Offer" in text
    assert "| Base salary | $228,000 | $245,000 | $215,000 | must | −$17,000 | ~ ok |" in text
    assert "$39,200 short of the $330,000 target" in text
    assert "- [x] Same two office days every week" in text
    assert "*(no answer yet)*" in text
    assert "### Talking points" in text


def test_markup_in_a_term_is_escaped_in_markdown() -> None:
    o = Opportunity(
        company="Acme",
        offer=OfferWorksheet(
            terms=[OfferTerm(name="Perks | *all*", kind="text", offered="[x](http://e)")],
            needs=[Item(text="<b>x</b>")],
            questions=[Question(text="# q")],
            visits=[Visit(name="`v`")],
        ),
    )
    text = markdown([o], None)
    assert "Perks \\| \\*all\\*" in text
    assert "\\[x\\](http://e)" in text
    assert "\\<b\\>x\\</b\\>" in text
