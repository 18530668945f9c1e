"""Catbird's data model: pydantic only — no Textual, no file I/O.

The stages, the clock and the card summaries (`stage.py`, `summary.py`) are plain Python and
imported at once; the pydantic models are imported the first time one of them is asked for
(PEP 562). The board paints from the cached summaries before that, so the ~40 ms pydantic
and our models cost at start-up are paid after the first frame, not before it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from catbird.model.clean import clean_line, clean_text
from catbird.model.stage import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    ENDINGS,
    FOLLOW_UP_STAGES,
    Stage,
    now,
    today,
)
from catbird.model.summary import CardSummary, company_key, summarize

if TYPE_CHECKING:
    from catbird.model.common import new_id
    from catbird.model.merge import three_way, three_way_kept
    from catbird.model.offer import Item, OfferTerm, OfferWorksheet, Question, Visit
    from catbird.model.opportunity import (
        OPPORTUNITY_SCHEMA_VERSION,
        SLUG_PATTERN,
        Closing,
        Contact,
        Debrief,
        Elsewhere,
        FlagEvent,
        FollowUp,
        Interview,
        NextAction,
        Note,
        Opportunity,
        StageChange,
    )
    from catbird.model.profile import (
        PROFILE_SCHEMA_VERSION,
        Criterion,
        FlagPreset,
        Phrasing,
        Profile,
        TallySettings,
        WalkAwayNumbers,
    )

_LAZY = {
    "common": ("new_id",),
    "merge": ("three_way", "three_way_kept"),
    "offer": ("Item", "OfferTerm", "OfferWorksheet", "Question", "Visit"),
    "opportunity": (
        "OPPORTUNITY_SCHEMA_VERSION",
        "SLUG_PATTERN",
        "Closing",
        "Contact",
        "Debrief",
        "Elsewhere",
        "FlagEvent",
        "FollowUp",
        "Interview",
        "NextAction",
        "Note",
        "Opportunity",
        "StageChange",
    ),
    "profile": (
        "PROFILE_SCHEMA_VERSION",
        "Criterion",
        "FlagPreset",
        "Phrasing",
        "Profile",
        "TallySettings",
        "WalkAwayNumbers",
    ),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once: later lookups are plain module attributes
    return value


__all__ = [
    "ACTIVE_STAGES",
    "CLOSED_STAGES",
    "ENDINGS",
    "FOLLOW_UP_STAGES",
    "OPPORTUNITY_SCHEMA_VERSION",
    "PROFILE_SCHEMA_VERSION",
    "SLUG_PATTERN",
    "CardSummary",
    "Closing",
    "Contact",
    "Criterion",
    "Debrief",
    "Elsewhere",
    "FlagEvent",
    "FlagPreset",
    "FollowUp",
    "Interview",
    "Item",
    "NextAction",
    "Note",
    "OfferTerm",
    "OfferWorksheet",
    "Opportunity",
    "Phrasing",
    "Profile",
    "Question",
    "Stage",
    "StageChange",
    "TallySettings",
    "Visit",
    "WalkAwayNumbers",
    "clean_line",
    "clean_text",
    "company_key",
    "new_id",
    "now",
    "summarize",
    "three_way",
    "three_way_kept",
    "today",
]
