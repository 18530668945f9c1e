"""`?`: the keys of the screen you are on, with what each does."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_NOTE = "ctrl+p opens the command palette with every action of this screen."
SCROLL_NOTE = "↑/↓ or j/k scroll · ctrl+p opens the palette with every action"


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
    """The keys of a screen. The list scrolls inside the box, and the box is never taller
    than the terminal, so every key can be reached at 80×24; the palette line stays put."""

    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    KeysScreen .title { text-style: bold; color: $primary; }
    KeysScreen .about { color: $text-muted; margin: 1 0; }
    KeysScreen .note { color: $text-muted; margin: 1 0 0 0; }
    KeysScreen VerticalScroll { height: auto; }
    KeysScreen Grid { grid-size: 2; grid-columns: auto 1fr; grid-gutter: 0 2; height: auto; }
    KeysScreen .keys { color: $accent; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
        Binding("j", "scroll(1)", show=False, id="help.down"),
        Binding("k", "scroll(-1)", show=False, id="help.up"),
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
            with VerticalScroll():
                if about:
                    yield Static(Content(about), classes="about")
                with Grid():
                    for keys, what in rows:
                        yield Static(Content(keys), classes="keys")
                        yield Static(Content(what))
            yield Static(Content(GLOBAL_NOTE), classes="note", id="note")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # ↑/↓, pgup/pgdn, home/end scroll the list

    def on_resize(self) -> None:
        # A scroll of height auto grows with its content: cap it at what the terminal leaves
        # once the border, the title and the palette line are drawn, so nothing is cut off.
        box = self.query_one(Vertical)
        chrome = box.styles.gutter.height + 1 + 2  # border + padding, title, the note + margin
        self.query_one(VerticalScroll).styles.max_height = max(3, self.size.height - chrome)
        self.call_after_refresh(self._say_if_it_scrolls)

    def _say_if_it_scrolls(self) -> None:
        more = self.query_one(VerticalScroll).max_scroll_y > 0
        self.query_one("#note", Static).update(Content(SCROLL_NOTE if more else GLOBAL_NOTE))

    def action_scroll(self, rows: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=rows, animate=False)

    def action_close(self) -> None:
        self.dismiss()
