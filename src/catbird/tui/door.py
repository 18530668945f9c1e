"""How screens, dialogs and widgets reach the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widget import Widget

if TYPE_CHECKING:
    from catbird.tui.app import CatbirdApp


def catbird_app(widget: Widget) -> CatbirdApp:
    return cast("CatbirdApp", widget.app)
