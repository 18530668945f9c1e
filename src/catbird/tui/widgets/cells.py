"""The cells of the offer worksheet's and the comparison's tables: widths, short texts and a
term's status in colour."""

from __future__ import annotations

from rich.text import Text
from textual.style import Style
from textual.widget import Widget

from catbird.model.worksheet import (
    STATUS_LABELS,
    STATUS_MARKS,
    TermReading,
)

TERM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Term"),
    ("offered", "Offered"),
    ("target", "Target"),
    ("walk_away", "Walk-away"),
    ("priority", "Priority"),
    ("gap", "Gap"),
    ("status", "Status"),
)


def cell(widget: Widget, text: str, style: str = "") -> Text:
    """A table cell: the text kept literal (never read as markup), theme colours resolved."""
    rich_style = Style.parse(style, widget.app.theme_variables).rich_style if style else ""
    return Text(text, style=rich_style, no_wrap=True, overflow="ellipsis", end="")


def term_widths(screen_width: int) -> dict[str, int]:
    """Column widths of the terms table that fit `screen_width` (80 and up) without
    scrolling sideways: the fixed columns first, then the name and the three values."""
    padding = 2 * len(TERM_COLUMNS) + 2  # a cell's padding on both sides, the scrollbar
    total = max(64, screen_width - padding)
    fixed = {"priority": 4 if total < 80 else 8, "gap": 9, "status": 7}
    rest = total - sum(fixed.values())
    value = max(8, min(24, (rest - min(28, rest * 28 // 100)) // 3))
    name = min(30, rest - 3 * value)
    return {"name": name, "offered": value, "target": value, "walk_away": value, **fixed}


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def status_text(reading: TermReading) -> str:
    return f"{STATUS_MARKS[reading.status]} {STATUS_LABELS[reading.status]}"
