"""The demo is the sample search moved up to the day it is opened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from catbird.model import Stage
from catbird.store import Workspace
from catbird.store.demo import SAMPLE_DAY, make_demo
from catbird.store.paths import sample_data_dir


def test_the_demo_opened_later_reads_as_a_search_under_way(tmp_path: Path) -> None:
    sample = Workspace(sample_data_dir())
    later = SAMPLE_DAY + timedelta(days=100)
    demo = make_demo(tmp_path / "demo", later)
    assert demo.slugs() == sample.slugs()
    for slug in sample.slugs():
        before, after = sample.read(slug), demo.read(slug)
        moved = timedelta(days=100)
        assert after.created_at == before.created_at + moved
        assert [h.at for h in after.stage_history] == [h.at + moved for h in before.stage_history]
        assert [f.due for f in after.follow_ups] == [f.due + moved for f in before.follow_ups]
        if before.next_action is not None and before.next_action.due is not None:
            assert after.next_action is not None
            assert after.next_action.due == before.next_action.due + moved
        # Everything else is as it was: the words, the people, the flags.
        assert (after.company, after.notes[0].text if after.notes else "") == (
            before.company,
            before.notes[0].text if before.notes else "",
        )
        assert len(after.flags) == len(before.flags)
    # As the sample read on its own day: the active cards' next actions are not long overdue.
    dues = [
        o.next_action.due
        for o in demo.load_all()[0]
        if o.stage.is_active and o.next_action and o.next_action.due
    ]
    assert dues and min(dues) >= later - timedelta(days=7)
    # The hand-written comments in the sample files are kept in the copy.
    name = "wrenfield-maps.toml"
    comments = [
        line for line in (sample.opportunities_dir / name).read_text().splitlines() if "# " in line
    ]
    copied = (demo.opportunities_dir / name).read_text()
    assert comments and all(line in copied for line in comments)


def test_the_demo_on_the_sample_day_is_the_sample_byte_for_byte(tmp_path: Path) -> None:
    demo = make_demo(tmp_path / "demo", SAMPLE_DAY)
    for path in sorted(sample_data_dir().rglob("*.toml")):
        copy = demo.home / path.relative_to(sample_data_dir())
        assert copy.read_bytes() == path.read_bytes()
    assert Stage.ACCEPTED in {o.stage for o in demo.load_all()[0]}


def test_an_interview_booked_in_a_zone_keeps_its_hour_there_across_a_clock_change(
    tmp_path: Path,
) -> None:
    from zoneinfo import ZoneInfo

    sample = Workspace(sample_data_dir())
    [booked] = [(o, s) for o in sample.load_all()[0] for s in o.scheduled if s.zone]
    zone = ZoneInfo(booked[1].zone)
    summer = SAMPLE_DAY + timedelta(days=200)  # New York is on summer time by then
    demo = make_demo(tmp_path / "demo", summer)
    [moved] = demo.read(booked[0].slug).scheduled
    before, after = booked[1].at.astimezone(zone), moved.at.astimezone(zone)
    assert (after.hour, after.minute) == (before.hour, before.minute)
    assert after.date() == before.date() + timedelta(days=200)
    assert after.utcoffset() != before.utcoffset()
