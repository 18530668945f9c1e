"""The keys that apply now, on the bottom line: Textual's footer, drawn as one widget.

Textual's `Footer` builds a widget per key and rebuilds them all whenever the bindings change
(a card selected or not, a field focused): ~35 ms at start-up and 12–20 ms a time after.
This bar draws the same line in one `render`: the screen's shown bindings, one per action, a
disabled one dimmed, those that do not fit left out whole. A click on a key presses it, and
hovering over a key shows what it does.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    tooltip: str
    enabled: bool


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;

        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, _Key]] = []
        """Where each key was drawn: start and end cell, for the mouse."""
        self._keys: list[_Key] | None = None
        """The keys last drawn (None: none yet, or their look may have changed)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # The bindings are "updated" on every focus change and card selected, two or three
        # times per key press; most leave the keys as they were, and drawing the bar again
        # costs more than asking which keys it shows.
        if screen is self.screen and self.shown_keys() != self._keys:
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._keys = None

    def shown_keys(self) -> list[_Key]:
        """The keys to show, in binding order: the first key of each shown action."""
        seen: set[str] = set()
        keys: list[_Key] = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(
                _Key(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    active.tooltip or binding.tooltip or binding.description,
                    active.enabled,
                )
            )
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        dim = Style(dim=True)
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, _Key]] = []
        self._keys = keys = self.shown_keys()
        for key in keys:
            piece = Text.assemble(
                (f" {key.display} ", key_style),
                (f"{key.description} ", description_style),
            )
            if not key.enabled:
                piece.stylize(dim)
            if line.cell_len + piece.cell_len > width:
                break  # leave the rest out whole rather than cut one in half
            spans.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        self._spans = spans
        return line

    def _key_at(self, x: int) -> _Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        self.tooltip = key.tooltip if key is not None else None
