"""Insights: the funnel, time in stage, why things closed, the flags seen most often.

Charts are text: bars drawn with eighth blocks (▏▎▍▌▋▊▉█) and sparklines (▁▂▃▄▅▆▇█), each
with its number beside it, so they read without colour (NO_COLOR, 16-colour terminals, a
screen share) and colours come only from theme variables. User text (flag labels, reasons,
dealbreakers) is always a plain part of a Content, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from catbird.model import Stage
from catbird.model.insights import Insights, format_duration
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.charts import BarChart, BarRow, sparkline
from catbird.tui.widgets.keybar import KeyBar
from catbird.tui.widgets.text_box import TextBox

STAGE_LABEL = max(len(stage.label) for stage in Stage)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class Chart(NamedTuple):
    """What a `BarChart` on the page draws."""

    rows: tuple[BarRow, ...]
    style: str = "$primary"
    maximum: float | None = None
    label_width: int = 0


class Part(NamedTuple):
    """One piece of the page: a text (the summary, a heading, lines) or a chart."""

    classes: str
    content: Content | None = None
    chart: Chart | None = None


def _heading(title: str, caption: str = "") -> Part:
    parts: list[str | tuple[str, str]] = [(title, "bold $accent")]
    if caption:
        parts += ["  ", (caption, "dim")]
    return Part("heading", Content.assemble(*parts))


def _lines(lines: Sequence[Content], classes: str = "lines") -> Part:
    return Part(classes, Content("\n").join(lines))


def _chart(
    rows: Sequence[BarRow],
    *,
    style: str = "$primary",
    maximum: float | None = None,
    label_width: int = 0,
) -> Part:
    return Part("chart", chart=Chart(tuple(rows), style, maximum, label_width))


def _widget(part: Part) -> Widget:
    if part.chart is not None:
        rows, style, maximum, label_width = part.chart
        return BarChart(rows, style=style, maximum=maximum, label_width=label_width)
    box = TextBox(classes=part.classes)
    box.show(part.content or Content())
    return box


def _update(widget: Widget, part: Part) -> None:
    """Put `part` in the widget that shows its like: only what changed is drawn again."""
    if part.chart is not None and isinstance(widget, BarChart):
        rows, style, maximum, label_width = part.chart
        widget.show(rows, style=style, maximum=maximum, label_width=label_width)
    elif isinstance(widget, TextBox):
        widget.show(part.content or Content())


def _shape_of(parts: Sequence[Part]) -> tuple[tuple[str, bool], ...]:
    """What kinds of widget a page is made of, top to bottom."""
    return tuple((part.classes, part.chart is None) for part in parts)


def insight_parts(data: Insights, unread: int = 0) -> list[Part]:
    """What the page shows for `data`, top to bottom."""
    out: list[Part] = []
    summary: list[str | tuple[str, str]] = [
        (_plural(data.total, "opportunity", "opportunities"), "bold"),
        f" · {data.active} active · {data.closed} closed",
    ]
    if unread:
        summary.append((f"   {_plural(unread, 'file')} could not be read; not counted", "$error"))
    out.append(Part("summary", Content.assemble(*summary)))
    if data.total == 0:
        out.append(
            Part(
                "lines",
                Content(
                    "Nothing to count yet. Add opportunities on the board (n), or bring in a "
                    "spreadsheet tracker from the shell: catbird import FILE.csv"
                ),
            )
        )
        return out

    # Funnel
    out.append(_heading("Funnel", "how many got at least this far · share of the step above"))
    out.append(
        _chart(
            [
                BarRow(
                    step.stage.label,
                    step.reached,
                    f"{step.reached:>3} {_percent(step.conversion):>4}",
                )
                for step in data.funnel
            ],
            maximum=max(data.total, 1),
            label_width=STAGE_LABEL,
        )
    )

    # Time in stage
    out.append(_heading("Time in stage", "median of finished stays · stays counted · there now"))
    out.append(
        _chart(
            [
                BarRow(
                    t.stage.label,
                    t.median.total_seconds() if t.median else 0,
                    f"{format_duration(t.median):>6}  {t.stays:>3} {_plural_word(t.stays, 'stay')}"
                    f"  {t.current:>3} now",
                )
                for t in data.time_in_stage
            ],
            style="$secondary",
            label_width=STAGE_LABEL,
        )
    )

    # Why closed
    out.append(
        _heading(
            "Why things closed", _plural(data.closed, "closed opportunity", "closed opportunities")
        )
    )
    out.append(
        _chart(
            [BarRow(Stage(c.label).label, c.count, str(c.count)) for c in data.closed_by_stage],
            style="$warning",
            maximum=max(data.closed, 1),
            label_width=STAGE_LABEL,
        )
    )
    if data.reasons:
        out.append(_heading("Reasons given", "when closing"))
        out.append(
            _lines(
                [Content.assemble((f"{r.count:>3}× ", "bold"), r.label) for r in data.reasons],
                classes="lines reasons",
            )
        )
    if data.evidence:
        out.append(_heading("Flags named as evidence", "when walking away or declining"))
        out.append(
            _chart([BarRow(e.label, e.count, f"{e.count}×") for e in data.evidence], style="$error")
        )

    # Flags
    out.append(_heading("Red flags seen most", "companies where seen · times logged"))
    out.append(
        _chart(
            [
                BarRow(
                    f.label,
                    f.companies,
                    f"{_plural(f.companies, 'company', 'companies')} · {f.times}×",
                )
                for f in data.red_flags
            ],
            style="$error",
        )
    )
    out.append(_heading("Dealbreakers", "companies where one fired · linked red flags"))
    out.append(
        _chart(
            [
                BarRow(
                    d.text,
                    d.companies,
                    f"{_plural(d.companies, 'company', 'companies')} · {_plural(d.flags, 'flag')}",
                )
                for d in data.dealbreakers
            ],
            style="$error",
        )
    )
    if data.green_flags:
        out.append(_heading("Green flags seen most", "companies where seen · times logged"))
        out.append(
            _chart(
                [
                    BarRow(
                        f.label,
                        f.companies,
                        f"{_plural(f.companies, 'company', 'companies')} · {f.times}×",
                    )
                    for f in data.green_flags
                ],
                style="$success",
            )
        )

    # Interviewing the company
    if data.found_before_offer:
        offers = data.found_before_offer[0].offers
        out.append(
            _heading(
                "Found out before an offer",
                f"of {_plural(offers, 'offer')}: at how many each was known in time",
            )
        )
        out.append(
            _chart(
                [
                    BarRow(f"{c.text} ({c.noun})", c.found, f"{c.found} of {c.offers}")
                    for c in data.found_before_offer
                ],
                style="$primary",
            )
        )
    if data.flags_by_person:
        out.append(_heading("Red flags by person", "who was speaking · times"))
        out.append(
            _chart(
                [BarRow(p.label, p.count, f"{p.count}×") for p in data.flags_by_person],
                style="$error",
            )
        )
    if data.flags_by_round:
        out.append(_heading("Red flags by round", "times"))
        out.append(
            _chart(
                [BarRow(r.label, r.count, f"{r.count}×") for r in data.flags_by_round],
                style="$error",
            )
        )

    # Activity
    weeks = len(data.added_per_week)
    caption = f"the last {weeks} weeks to {data.weeks_end:%Y-%m-%d}, a mark a week"
    out.append(_heading("Activity", caption))
    out.append(
        _lines(
            [
                _spark_row("Added", data.added_per_week, "$primary"),
                _spark_row("Red flags", data.flags_per_week, "$error"),
            ]
        )
    )
    return out


def _spark_row(label: str, values: Sequence[int], style: str) -> Content:
    return Content.assemble(
        (f"{label:<11}", "dim"),
        (sparkline(values), style),
        f"  {sum(values)} in all, at most {max(values, default=0)} a week",
    )


def _plural_word(count: int, one: str) -> str:
    return one if count == 1 else one + "s"


class InsightsScreen(FollowsView[None]):
    """The view from above, recomputed whenever the workspace changes."""

    WHOLE_WORKSPACE = True
    CSS_PATH = "insights.tcss"
    HELP_TEXT = (
        "The view from above. Funnel: how many opportunities got at least as far as each "
        "stage, and the share of the step above. Time in stage: the median of finished stays "
        "(a stay still under way is not counted). Why things closed, the reasons you gave and "
        "the flags you named as evidence. The red flags you met most often, counted by "
        "company, and which of your dealbreakers fired; which criteria you find out before "
        "an offer (the ones at the bottom are the ones you forget to ask about); red flags by "
        "person and by round. Bars carry their numbers, so they "
        "read without colour. Updates by itself when anything changes."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="insights.back", tooltip="Back to where you were"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="insights.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="insights.up"),
    ]

    insights: Insights | None = None
    """What is on screen now (None until first computed)."""
    _page_shape: tuple[tuple[str, bool], ...] = ()
    """The kinds of widget on the page now (see `_shape_of`)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="body"):
            yield Static(Content.styled("Counting…", "dim"), classes="summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Insights"
        # Count once the workspace is read (the profile names the presets and
        # dealbreakers), then again after every change.
        self.follow_view(self._changed)

    def _changed(self, view: WorkspaceView) -> None:
        # Only the opportunities whose cards changed are counted again, so every change is
        # counted at once (a burst cancels the counts it overtakes). Drawn only once every
        # card is in (WHOLE_WORKSPACE).
        self.recompute(view)

    # A description, or Textual writes one from the arguments: the repr of a view of
    # 10,000 cards, on the UI thread, at every change.
    @work(thread=True, exclusive=True, group="insights", description="insights")
    def recompute(self, view: WorkspaceView) -> None:
        """Count (off the UI thread), from each file's facts (kept across runs): only the
        files changed since they were counted are read."""
        worker = get_current_worker()
        data = door(self).insights(view.cards, lambda: worker.is_cancelled)
        unread = len(view.problems)  # opportunity files; the profile's is apart
        if data is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._show, data, unread)

    def _show(self, data: Insights, unread: int) -> None:
        """Show `data`: a page of the same shape as the one shown (the same charts and texts,
        top to bottom) keeps its widgets and only what changed is drawn again, without a
        layout unless something grew or shrank; another shape is built anew."""
        self.insights = data
        parts = insight_parts(data, unread)
        body = self.query_one("#body", VerticalScroll)
        shape = _shape_of(parts)
        if shape == self._page_shape and len(body.children) == len(parts):
            for widget, part in zip(body.children, parts, strict=True):
                _update(widget, part)
            return
        self._page_shape = shape
        with self.app.batch_update():
            body.remove_children()
            body.mount_all([_widget(part) for part in parts])

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#body", VerticalScroll).scroll_relative(y=delta * 2, animate=False)
