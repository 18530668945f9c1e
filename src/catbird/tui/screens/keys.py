"""`?`: the keys of the screen you are on, with what each does."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_NOTE = "ctrl+p opens the command palette: every action of this screen is there too."


def key_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what it does) for every binding that applies on `screen`, in declared order."""
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # Ours all carry ids; Textual's own widgets (lists, inputs) explain themselves.
        if not binding.description or binding.system or binding.id is None:
            continue
        action = f"{id(active.node)}:{binding.action}"
        display = screen.app.get_key_display(binding)
        rows.setdefault(action, [])
        if display not in rows[action]:
            rows[action].append(display)
        descriptions[action] = binding.tooltip or binding.description
    return [(" ".join(keys), descriptions[action]) for action, keys in rows.items()]


class KeysScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    KeysScreen .title { text-style: bold; color: $primary; }
    KeysScreen .about { color: $text-muted; margin: 1 0; }
    KeysScreen VerticalScroll { height: auto; max-height: 80vh; }
    KeysScreen Grid { grid-size: 2; grid-columns: auto 1fr; grid-gutter: 0 2; height: auto; }
    KeysScreen .keys { color: $accent; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        screen = self.for_screen
        name = type(screen).__name__.removesuffix("Screen") or "Catbird"
        about = getattr(screen, "HELP_TEXT", "")
        rows = key_rows(screen)
        with Vertical():
            yield Static(Content(f"Keys — {name}"), classes="title")
            if about:
                yield Static(Content(about), classes="about")
            with VerticalScroll(), Grid():
                for keys, what in rows:
                    yield Static(Content(keys), classes="keys")
                    yield Static(Content(what))
            yield Static(Content(GLOBAL_NOTE), classes="about")

    def action_close(self) -> None:
        self.dismiss()
