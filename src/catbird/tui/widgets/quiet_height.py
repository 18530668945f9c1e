"""Growing or shrinking a Line API widget without laying out the screen.

A `ScrollView`'s height is its `virtual_size`, a layout reactive: every change lays out the
whole screen and repaints every widget on it. A list that gains or loses a line (a card
moved, a flag logged) does not move on screen, only its scrollbar changes; so while the
scrollbar stays shown or hidden as it was, the size is set quietly and the scrollbar put
right in place. Only a scrollbar that must appear or go needs the layout.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_height(view: ScrollView, lines: int) -> None:
    """Make `view` `lines` lines tall (its scrollable height), laying out only if needed."""
    size = Size(0, lines)
    if size == view.virtual_size:
        return
    height = view.container_size.height
    if height and view.is_mounted and (lines > height) == view.show_vertical_scrollbar:
        view.set_reactive(Widget.virtual_size, size)
        view._scroll_update(size)  # Textual's own update of the scrollbars and offsets
    else:
        view.virtual_size = size
