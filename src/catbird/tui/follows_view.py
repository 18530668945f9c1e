"""Screens that draw the app's view while they can be seen, and catch up when they come back.

Every screen on the stack watches the app's view, and Textual paints a change made to a
screen under the top one through to the top screen — the whole of it, even when the top
screen is opaque and hides the one below entirely. So a key press in the tally, with the
board and a card's details under it, drew three screens and repainted the tally twice.

A screen that follows the view through `FollowsView` draws a new view only when nothing
opaque covers it; otherwise it notes that one came and draws the latest when it is shown
again. Under a dialog it is drawn as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual.screen import ModalScreen, Screen

from catbird.tui.door import WorkspaceView, door

Result = TypeVar("Result")


def covered(screen: Screen[Any], *, by_dialogs: bool = False) -> bool:
    """True when a screen above `screen` on the stack hides it entirely: an opaque screen
    of its own; a dialog too if `by_dialogs` (most let the screen under them show through,
    and a change made in one may be for the screen under it to follow at once)."""
    for above in reversed(screen.app.screen_stack):
        if above is screen:
            return False
        if isinstance(above, ModalScreen):
            if by_dialogs:
                return True
        elif above.styles.background.a == 1:
            return True
    return False  # not on the stack (yet): draw


class FollowsView(Screen[Result]):
    """A screen drawn from the app's view: call `follow_view(draw)` in `on_mount`."""

    WAITS_FOR_DIALOGS: ClassVar[bool] = False
    """Draw a view that came while a dialog was open only once it closed. For a screen
    whose dialogs all close as they save (the tally's): the change is then drawn once,
    with the repaint that closing the dialog costs anyway, instead of under the dialog
    first and again when it goes."""

    WHOLE_WORKSPACE: ClassVar[bool] = False
    """Draw only a view that holds every card (`WorkspaceView.loaded`). Until then the
    cards may be only the first screenful of each column (the summary index's head, read
    for the first frame), and a view across the workspace would count that fraction as the
    whole: an agenda of 239 tasks where there are 3,317."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._draw_view: Callable[[WorkspaceView], None] | None = None
        self._view_missed = False
        self._catching_up = False

    def follow_view(self, draw: Callable[[WorkspaceView], None], *, init: bool = True) -> None:
        """Call `draw` with every new view while this screen can be seen, and with the
        latest one when it is shown again after a view came while it was covered."""
        self._draw_view = draw
        self.watch(self.app, "view", self._view_came, init=init)

    @property
    def catching_up(self) -> bool:
        """True while drawing, on its return, a view that came while this screen was
        covered: the change it brings was made elsewhere, not on this screen."""
        return self._catching_up

    def whole(self, view: WorkspaceView) -> bool:
        """Whether `view` is one to draw: every card in it, for a screen across the whole
        workspace (`WHOLE_WORKSPACE`); any view for the others."""
        return view.loaded or not self.WHOLE_WORKSPACE

    def _view_came(self, view: WorkspaceView) -> None:
        if not self.whole(view):
            return  # the view with every card follows
        if covered(self, by_dialogs=self.WAITS_FOR_DIALOGS):
            self._view_missed = True
        elif self._draw_view is not None:
            self._draw_view(view)

    def on_screen_resume(self) -> None:
        if self._view_missed and self._draw_view is not None and self.whole(door(self).view):
            self._view_missed = False
            self._catching_up = True
            try:
                self._draw_view(door(self).view)
            finally:
                self._catching_up = False
