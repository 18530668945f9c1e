"""Text that wraps under itself, not under its prefix: a time, a bullet, a label."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Part = str | tuple[str, str]


Line = tuple[int, Content]


"""A line of the view and the indent its wrapped continuation lines get (in cells)."""


Block = list[Line]


def hang(prefix: Part, *rest: Part) -> Line:
    """A line whose text, when it wraps, continues under itself rather than under `prefix`
    (a note's time, a label): `hang(("  12:05  ", "dim"), text)`."""
    text = prefix if isinstance(prefix, str) else prefix[0]
    return cell_len(text), Content.assemble(prefix, *rest)


class HangingText(Widget):
    """Lines of text that wrap with a hanging indent, so a long note reads as one column
    beside its time instead of running back under it."""

    DEFAULT_CSS = """
    HangingText { height: auto; }
    """

    def __init__(self, lines: Block, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.lines = lines

    def wrapped(self, width: int) -> list[Content]:
        out: list[Content] = []
        for indent, line in self.lines:
            if line.cell_length <= width or width <= indent + 8:
                out.extend(line.wrap(max(1, width)))
                continue
            first = line.wrap(width)[0]
            rest = line[len(first.plain) :]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
            pad = Content(" " * indent)
            out.append(first)
            out.extend(pad + part for part in rest.wrap(width - indent))
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self.wrapped(self.content_region.width))
