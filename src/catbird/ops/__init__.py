"""The operations on a workspace, one module per noun, shared by the CLI and the TUI.

Each operation validates its input, changes one opportunity through `Workspace.update` (a
locked read-modify-write of one file) and returns the `Change` it made — which is what the
TUI shows, and what undo and redo replay (`catbird.ops.undo_stack`). Nothing here imports Textual.

The names are gathered here so that a caller writes `ops.move(...)`, whichever noun it is of.

They are imported on first use (PEP 562): the board's undo stack lives here too, and the board
paints its first frame before pydantic is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catbird.ops.common import (
        apply,
        apply_profile,
        invalid,
        not_past,
        with_stage,
    )
    from catbird.ops.findings import (
        answer,
        record_claim,
        resolve_criterion,
        resolve_person,
        start_from_suggestions,
        use_suggestions,
    )
    from catbird.ops.follow_ups import (
        DueItem,
        complete_follow_up,
        due_items,
        due_items_of_cards,
        edit_follow_up,
        follow_up_plan,
        plan_follow_ups,
        remove_follow_up,
    )
    from catbird.ops.interview import (
        add_person,
        current_interview,
        debrief,
        end_interview,
        flag,
        interview_note,
        lead_after_walking_away,
        log_flag,
        start_interview,
        walk_away,
    )
    from catbird.ops.offer import (
        DECISIONS,
        DONE_LISTS,
        OFFER_FIELDS,
        OFFER_LISTS,
        TERM_FIELDS,
        add_item,
        add_term,
        answer_question,
        check_term,
        decide,
        edit_item,
        remove_item,
        remove_term,
        set_offer,
        set_term,
        start_offer,
        toggle_item,
    )
    from catbird.ops.pipeline import (
        EDITABLE,
        add,
        add_contact,
        edit,
        import_opportunity,
        move,
        namesakes,
        neighbour_stage,
        note,
        resolve,
        set_next_action,
        step,
    )
    from catbird.ops.profile import (
        CriteriaGroup,
        ProfileList,
        add_criterion,
        add_flag_preset,
        edit_criterion,
        edit_flag_preset,
        move_criterion,
        move_flag_preset,
        remove_criterion,
        remove_flag_preset,
        set_identity,
        set_phrasing,
        set_tally_threshold,
        set_walk_away,
        with_item,
    )
    from catbird.ops.undo_stack import (
        UndoStack,
        undo,
    )

_LAZY = {
    "common": (
        "apply",
        "apply_profile",
        "invalid",
        "not_past",
        "with_stage",
    ),
    "findings": (
        "answer",
        "record_claim",
        "resolve_criterion",
        "resolve_person",
        "start_from_suggestions",
        "use_suggestions",
    ),
    "follow_ups": (
        "DueItem",
        "complete_follow_up",
        "due_items",
        "due_items_of_cards",
        "edit_follow_up",
        "follow_up_plan",
        "plan_follow_ups",
        "remove_follow_up",
    ),
    "interview": (
        "add_person",
        "current_interview",
        "debrief",
        "end_interview",
        "flag",
        "interview_note",
        "lead_after_walking_away",
        "log_flag",
        "start_interview",
        "walk_away",
    ),
    "offer": (
        "DECISIONS",
        "DONE_LISTS",
        "OFFER_FIELDS",
        "OFFER_LISTS",
        "TERM_FIELDS",
        "add_item",
        "add_term",
        "answer_question",
        "check_term",
        "decide",
        "edit_item",
        "remove_item",
        "remove_term",
        "set_offer",
        "set_term",
        "start_offer",
        "toggle_item",
    ),
    "pipeline": (
        "EDITABLE",
        "add",
        "add_contact",
        "edit",
        "import_opportunity",
        "move",
        "namesakes",
        "neighbour_stage",
        "note",
        "resolve",
        "set_next_action",
        "step",
    ),
    "profile": (
        "CriteriaGroup",
        "ProfileList",
        "add_criterion",
        "add_flag_preset",
        "edit_criterion",
        "edit_flag_preset",
        "move_criterion",
        "move_flag_preset",
        "remove_criterion",
        "remove_flag_preset",
        "set_identity",
        "set_phrasing",
        "set_tally_threshold",
        "set_walk_away",
        "with_item",
    ),
    "undo_stack": ("UndoStack", "undo"),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"catbird.ops.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DECISIONS",
    "DONE_LISTS",
    "EDITABLE",
    "OFFER_FIELDS",
    "OFFER_LISTS",
    "TERM_FIELDS",
    "CriteriaGroup",
    "DueItem",
    "ProfileList",
    "UndoStack",
    "add",
    "add_contact",
    "add_criterion",
    "add_flag_preset",
    "add_item",
    "add_person",
    "add_term",
    "answer",
    "answer_question",
    "apply",
    "apply_profile",
    "check_term",
    "complete_follow_up",
    "current_interview",
    "debrief",
    "decide",
    "due_items",
    "due_items_of_cards",
    "edit",
    "edit_criterion",
    "edit_flag_preset",
    "edit_follow_up",
    "edit_item",
    "end_interview",
    "flag",
    "follow_up_plan",
    "import_opportunity",
    "interview_note",
    "invalid",
    "lead_after_walking_away",
    "log_flag",
    "move",
    "move_criterion",
    "move_flag_preset",
    "namesakes",
    "neighbour_stage",
    "not_past",
    "note",
    "plan_follow_ups",
    "record_claim",
    "remove_criterion",
    "remove_flag_preset",
    "remove_follow_up",
    "remove_item",
    "remove_term",
    "resolve",
    "resolve_criterion",
    "resolve_person",
    "set_identity",
    "set_next_action",
    "set_offer",
    "set_phrasing",
    "set_tally_threshold",
    "set_term",
    "set_walk_away",
    "start_from_suggestions",
    "start_interview",
    "start_offer",
    "step",
    "toggle_item",
    "undo",
    "use_suggestions",
    "walk_away",
    "with_item",
    "with_stage",
]
