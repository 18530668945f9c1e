"""The question before walking away: only for a real no."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from catbird.texts.scripts import FOR_REAL_NO_ONLY
from catbird.tui.dialogs.confirm import ConfirmDialog


class ConfirmWalkAway(ConfirmDialog):
    """w in the tally: the last word before walking away (neutral words when discreet)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Walk away", id="walk.yes"),
        Binding("n,escape", "answer(False)", "Stay", id="walk.no"),
    ]

    def __init__(self, company: str, evidence: int, *, discreet: bool = False) -> None:
        if discreet:  # someone may be watching the screen: say nothing telling
            super().__init__("Close this session?")
            return
        super().__init__(
            Content.assemble("Walk away from ", company, "?"),
            f"This ends the interview and closes the opportunity as walked away, "
            f"keeping {evidence} flag(s) as evidence. {FOR_REAL_NO_ONLY}",
            yes="walk away",
            no="stay",
        )
