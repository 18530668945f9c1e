"""The insights counted one change at a time (the library's tally) and the agenda from each
file's facts equal the insights and the agenda worked out afresh from every file, after any
sequence of changes made through the real store — edits in place that keep the size and the
mtime, and restarts (a new library on the same workspace, reading the facts cache) among them."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catbird import ops
from catbird.model import FlagEvent, Stage, now, summarize
from catbird.model.agenda import agenda, on_agenda_by
from catbird.model.calendar import local
from catbird.model.insights import compute
from catbird.model.opportunity import ANSWERS
from catbird.store import CatbirdError, NotFound, Workspace
from catbird.store.library import Library
from catbird.store.paths import sample_data_dir
from conftest import edit_in_place

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
    st.tuples(st.just("in place"), st.integers(0, 99)),
    st.tuples(st.just("schedule"), st.integers(0, 99), st.integers(1, 40)),
    st.tuples(st.just("done"), st.integers(0, 99)),
    st.tuples(st.just("restart")),
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
    if kind == "in place":
        _edit_in_place(ws, slug)
        return slug
    if kind == "schedule":
        at = now() + timedelta(days=int(step[2]))  # type: ignore[call-overload]
        return ops.schedule(ws, slug, at, people=["Dana"]).slug
    if kind == "done":
        o = ws.read(slug)
        open_ = [f for f in o.follow_ups if not f.is_done]
        return ops.complete_follow_up(ws, slug, open_[0].id).slug if open_ else None
    raise AssertionError(kind)


def _edit_in_place(ws: Workspace, slug: str) -> None:
    """Another letter for the company's first, written over the file in place, its size and
    mtime kept: only the change time (which only the kernel sets) tells."""
    path = ws.path_for(slug)
    key = b'company = "'
    data = path.read_bytes()
    first = data[data.index(key) + len(key) :][:1]
    edit_in_place(path, key + first, key + (b"Z" if first == b"Q" else b"Q"))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(change, max_size=12), handed=st.lists(st.booleans(), max_size=12))
def test_counting_one_change_at_a_time_equals_counting_afresh(
    steps: list[tuple[object, ...]], handed: list[bool]
) -> None:
    moment, days = now(), 60
    until = local(moment).date() + timedelta(days=days)

    def on_agenda(cards: dict[str, object]) -> dict[str, object]:
        return {s: c for s, c in cards.items() if on_agenda_by(c, until)}  # type: ignore[arg-type]

    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(Path(folder) / "home")
        shutil.copytree(sample_data_dir(), ws.home)
        profile = ws.read_profile()
        library = Library(ws)
        # What the app does: a card per file, replaced when its file changes.
        cards = {card.slug: card for card in ws.summaries(profile)[0]}
        library.insights(cards, profile, at=AT)
        library.agenda(on_agenda(cards), moment, days)  # type: ignore[arg-type]
        for n, step in enumerate(steps):
            if step[0] == "restart":  # what this run worked out is on disk; a new run reads it
                library.save_facts()
                library = Library(ws)
                continue
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
            if n % 2 == 0:
                library.agenda(on_agenda(cards), moment, days)  # type: ignore[arg-type]
        library.save_facts()
        for slug in sorted(on_agenda(cards))[:1]:  # behind the cache's back, before a restart
            _edit_in_place(ws, slug)
            cards[slug] = summarize(ws.read(slug), profile)
        for fresh in (True, False):  # the next run, from the cache; then as it goes on
            if fresh:
                library = Library(ws)
            everything = ws.load_all()[0]
            counted = library.insights(cards, profile, at=AT)
            assert counted == compute(everything, profile, at=AT)
            wanted = on_agenda(cards)
            shown = library.agenda(wanted, moment, days)  # type: ignore[arg-type]
            assert shown == agenda([o for o in everything if o.slug in wanted], moment, days)


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
