"""Bars and sparklines drawn with block characters: the insights screen's charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"


FULL = "█"


SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar of `width` cells at most, in eighths of a cell.

    Any value above zero shows at least a sliver, so "one" never looks like "none"."""
    if value <= 0 or maximum <= 0 or width <= 0:
        return ""
    eighths = min(round(value / maximum * width * 8), width * 8)
    full, rest = divmod(max(eighths, 1), 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


def sparkline(values: Sequence[int]) -> str:
    """One character per value, scaled to the largest; zero is a dot so gaps stay visible."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    return "".join(
        "·" if v <= 0 else SPARKS[min(len(SPARKS) - 1, max(0, round(v / top * 8) - 1))]
        for v in values
    )


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    """User text or ours: always drawn literally."""
    value: float
    figure: str
    """The number(s) shown after the bar: the chart must read without the bar's colour."""


class BarChart(Widget):
    """Labelled horizontal bars sized to the widget's width, one row each, numbers aligned."""

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    """

    def __init__(
        self,
        rows: Sequence[BarRow],
        *,
        style: str = "$primary",
        maximum: float | None = None,
        label_width: int = 0,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.bar_style = style
        self.maximum = maximum
        self.label_width = label_width
        """The least room for labels, so charts of stages line up with each other."""
        self.styles.height = max(len(self.rows), 1)

    def show(
        self,
        rows: Sequence[BarRow],
        *,
        style: str = "$primary",
        maximum: float | None = None,
        label_width: int = 0,
    ) -> None:
        """Draw these bars instead: nothing happens if they are the ones drawn, and the
        screen is laid out again only if the number of rows changed."""
        rows = list(rows)
        if (rows, style, maximum, label_width) == (
            self.rows,
            self.bar_style,
            self.maximum,
            self.label_width,
        ):
            return
        height = max(len(rows), 1)
        taller_or_shorter = height != max(len(self.rows), 1)
        self.rows, self.bar_style, self.maximum, self.label_width = (
            rows,
            style,
            maximum,
            label_width,
        )
        if taller_or_shorter:
            self.styles.height = height  # a layout: what is below moves
        else:
            self.refresh()  # the same height: drawn again where it is

    def render(self) -> RenderResult:
        if not self.rows:
            return Content.styled("  none yet", "dim")
        width = max(self.size.width, 30)
        longest = max(self.label_width, *(Content(r.label).cell_length for r in self.rows))
        label_width = min(longest, max(12, width * 2 // 5))
        figure_width = max(len(r.figure) for r in self.rows)
        bar_width = max(width - label_width - figure_width - 4, 4)
        maximum = self.maximum or max(r.value for r in self.rows)
        lines = []
        for row in self.rows:
            drawn = bar(row.value, maximum, bar_width)
            lines.append(
                Content.assemble(
                    Content(row.label).truncate(label_width, ellipsis=True, pad=True),
                    "  ",
                    (drawn, self.bar_style),
                    " " * (bar_width - len(drawn) + 1),
                    (row.figure.rjust(figure_width), "bold"),
                )
            )
        return Content("\n").join(lines)
