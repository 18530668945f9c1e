"""The insights counted one change at a time (the library's tally) equal the insights counted
afresh from every file, after any sequence of changes made through the real store."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catbird import ops
from catbird.model import FlagEvent, Stage, summarize
from catbird.model.insights import compute
from catbird.model.opportunity import ANSWERS
from catbird.store import CatbirdError, NotFound, Workspace
from catbird.store.library import Library
from catbird.store.paths import sample_data_dir

AT = datetime.fromisoformat("2026-11-22T10:00:00-05:00")
COMPANIES = ["Acme", "acme ", "Globex", "Initech"]
LABELS = ["Kept waiting", "kept  WAITING", "Vague scope", "On call"]
REASONS = ["", "Internal candidate", "internal candidate", "Pay too low"]

change = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(COMPANIES)),
    st.tuples(st.just("move"), st.integers(0, 99), st.sampled_from(list(Stage))),
    st.tuples(st.just("close"), st.integers(0, 99), st.sampled_from(REASONS)),
    st.tuples(
        st.just("flag"),
        st.integers(0, 99),
        st.sampled_from(LABELS),
        st.booleans(),
        st.sampled_from(["", "Dana", "dana"]),
    ),
    st.tuples(st.just("preset"), st.integers(0, 99), st.integers(0, 20)),
    st.tuples(st.just("answer"), st.integers(0, 99), st.integers(0, 20), st.sampled_from(ANSWERS)),
    st.tuples(st.just("remove"), st.integers(0, 99)),
    st.tuples(st.just("count")),
)


def _apply(ws: Workspace, step: tuple[object, ...]) -> str | None:
    """Make one change on disk; the slug changed (None if none)."""
    profile = ws.read_profile()
    slugs = ws.slugs()
    kind = step[0]
    if kind == "add":
        return ops.add(ws, str(step[1])).slug
    if not slugs or kind == "count":
        return None
    slug = slugs[int(step[1]) % len(slugs)]  # type: ignore[call-overload]
    if kind == "move":
        stage = step[2]
        assert isinstance(stage, Stage)
        if stage.is_closed:
            return ops.close(ws, slug, stage).slug if stage is not Stage.ACCEPTED else None
        return ops.move(ws, slug, stage).slug
    if kind == "close":
        return ops.close(ws, slug, Stage.REJECTED, str(step[2])).slug
    if kind == "flag":
        label, green, by = str(step[2]), bool(step[3]), str(step[4])
        event = FlagEvent(label=label, kind="green" if green else "red", at=AT)
        return ops.log_flag(ws, slug, event, by=by).slug
    if kind == "preset":
        preset = profile.flags[int(step[2]) % len(profile.flags)]  # type: ignore[call-overload]
        return ops.log_flag(ws, slug, FlagEvent.from_preset(preset)).slug
    if kind == "answer":
        criteria = [c for _, c in profile.criteria()]
        criterion = criteria[int(step[2]) % len(criteria)]  # type: ignore[call-overload]
        return ops.answer(ws, slug, criterion.id, str(step[3])).slug
    if kind == "remove":
        ws.remove(slug)
        return slug
    raise AssertionError(kind)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(change, max_size=12), handed=st.lists(st.booleans(), max_size=12))
def test_counting_one_change_at_a_time_equals_counting_afresh(
    steps: list[tuple[object, ...]], handed: list[bool]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(Path(folder) / "home")
        shutil.copytree(sample_data_dir(), ws.home)
        profile = ws.read_profile()
        library = Library(ws)
        # What the app does: a card per file, replaced when its file changes.
        cards = {card.slug: card for card in ws.summaries(profile)[0]}
        library.insights(cards, profile, at=AT)
        for n, step in enumerate(steps):
            try:
                slug = _apply(ws, step)
            except CatbirdError:  # refused (already at that stage…): nothing changed
                slug = None
            if slug is not None:
                cards.pop(slug, None)
                try:
                    opportunity = ws.read(slug)
                except NotFound:  # removed
                    library.forget(slug)
                else:
                    cards[slug] = summarize(opportunity, profile)
                    if n < len(handed) and handed[n]:  # the app's own save: handed over
                        library.hold(cards[slug], opportunity)
            if step[0] == "count" or n % 3 == 0:
                library.insights(cards, profile, at=AT)
        counted = library.insights(cards, profile, at=AT)
        afresh = compute(ws.load_all()[0], profile, at=AT)
        assert counted == afresh


def test_a_cancelled_count_is_taken_up_where_it_stopped(workspace: Workspace) -> None:
    for company in ("Acme", "Globex", "Initech"):
        ops.add(workspace, company)
    library = Library(workspace)
    cards = {card.slug: card for card in workspace.summaries()[0]}
    asked: list[int] = []

    def after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert library.insights(cards, None, after_one, at=AT) is None
    counted = library.insights(cards, None, at=AT)
    assert counted is not None and counted.total == 3
    assert counted == compute(workspace.load_all()[0], None, at=AT)
