"""The demo: a throw-away copy of the sample search, its days moved up to today.

The sample search was written as it stood on `SAMPLE_DAY`. Opened as it is a month later,
every next action would be overdue and every interview in the past; so the copy has every
day and time in it moved by the days between then and now, and reads like a search under
way, whenever it is opened. The sample data itself (what the tests read, with the clock
stopped on that day) is never changed.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catbird.store.paths import sample_data_dir
from catbird.store.workspace import Workspace

if TYPE_CHECKING:
    from catbird.model import Opportunity

SAMPLE_DAY = date(2026, 11, 22)
"""The day the sample search reads as "today" (the tests stop the clock on it)."""


def make_demo(target: Path, today: date) -> Workspace:
    """A copy of the sample search at `target`, its days moved so that `SAMPLE_DAY` falls
    on `today` (through the store's own saves: hand-written comments are kept)."""
    shutil.copytree(sample_data_dir(), target)
    workspace = Workspace(target)
    days = (today - SAMPLE_DAY).days
    if days:
        for slug in workspace.slugs():
            workspace.update(slug, lambda o: shifted(o, days), "the demo moved to today")
    return workspace


def shifted(opportunity: Opportunity, days: int) -> Opportunity:
    """`opportunity` with every date and time in it `days` later (earlier if negative)."""
    from catbird.model.calendar import zone_of
    from catbird.model.opportunity import Opportunity

    by = timedelta(days=days)
    moved = Opportunity.model_validate(_moved(opportunity.model_dump(), by))
    # An interview booked in a time zone keeps its hour there, on whichever side of a
    # daylight-saving change the new day falls (its offset follows the zone).
    scheduled = []
    for before, after in zip(opportunity.scheduled, moved.scheduled, strict=True):
        zone = zone_of(before.zone)
        if zone is not None:
            wall = before.at.astimezone(zone).replace(tzinfo=None) + by
            after = after.model_copy(update={"at": wall.replace(tzinfo=zone)})
        scheduled.append(after)
    return moved.model_copy(update={"scheduled": scheduled})


def _moved(value: Any, by: timedelta) -> Any:
    if isinstance(value, datetime | date):  # a datetime is a date too
        return value + by
    if isinstance(value, dict):
        return {key: _moved(item, by) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item, by) for item in value]
    return value
