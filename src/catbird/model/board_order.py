"""The board's columns and the order of the cards in each: one rule, used by the board to
draw and by the summary index to keep each column's first cards at its top (the board's
first frame is drawn from those: see `catbird.store.index`). Plain Python, no pydantic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from catbird.model.stage import ACTIVE_STAGES, Stage
from catbird.model.summary import CardSummary

CLOSED_COLUMN = "closed"
COLUMNS: tuple[str, ...] = (*(stage.value for stage in ACTIVE_STAGES), CLOSED_COLUMN)
"""The board's columns, left to right: one per active stage, then every closed stage."""


def column_of(stage: Stage) -> str:
    """The column a card of `stage` is in."""
    return stage.value if stage.is_active else CLOSED_COLUMN


def active_order(card: CardSummary) -> tuple[Any, ...]:
    """An active column's order: overdue and soonest due first, then the rest by company."""
    return (card.next_due is None, card.next_due or date.max, card.company.casefold(), card.slug)


def closed_order(card: CardSummary) -> tuple[Any, ...]:
    """The closed column's order: most recently closed first."""
    return (-(card.stage_since or date.min).toordinal(), card.company.casefold(), card.slug)


def order_of(column: str) -> Callable[[CardSummary], tuple[Any, ...]]:
    return closed_order if column == CLOSED_COLUMN else active_order
