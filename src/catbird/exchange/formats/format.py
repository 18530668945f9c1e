"""What a tracker's export is, as the modules beside this one describe it (`Format`), and the
small helpers they write their tables with. Apart from `__init__` so that each format module
imports this one and the package imports them: no import circle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from catbird.exchange.dates import DateOrder
from catbird.exchange.statuses import normal
from catbird.model import Stage


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """Short and stable: part of the import key of every row it reads."""
    label: str
    """How the dry run names it: "a Huntr export"."""
    signature: frozenset[str]
    """Headers, exactly as the program writes them, that together say the file is its
    export (exactly: `JobTitle` is JobSync's, `Job Title` anyone's)."""
    columns: Mapping[str, str]
    """Header (as `normal` words) → field; headers not listed go through the general mapper."""
    statuses: Mapping[str, Stage] = field(default_factory=dict)
    """The program's own status or list names (as `normal` words) → stage."""
    date_order: DateOrder | None = None
    """How it writes day/month dates, when a column's own values do not tell."""
    stage_default: Stage | None = None
    source: str = ""
    """Where a row was found, when the row does not say."""
    identity: tuple[str, ...] = ()
    """Headers of the program's own row id: the import key is made from them when present."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Yes/no columns (as `normal` words) → the tag a yes gives."""


def statuses(words: Mapping[str, Stage]) -> dict[str, Stage]:
    """A status table written in readable words, keyed as `normal` text."""
    return {normal(k): v for k, v in words.items()}


def headers(words: Mapping[str, str]) -> dict[str, str]:
    """A column table written with the program's own headers, keyed as `normal` text."""
    return {normal(k): v for k, v in words.items()}


def signature(*names: str) -> frozenset[str]:
    return frozenset(names)
