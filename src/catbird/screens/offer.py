"""Once an offer is in hand: the worksheet that shapes it, offers side by side, and what is due.

`OfferScreen` is the worksheet of one opportunity: each term against the candidate's target
and walk-away line, the totals and score, and the preparation (needs, questions, visits,
role ideas, pros and cons). Its decision (`D`) accepts, negotiates, declines or walks away
through `ops.decide`; the talking points and the decline note open in an editor that saves
back, copies to the clipboard (OSC 52, which works over SSH) and exports Markdown.

`CompareScreen` puts two or more worksheets side by side. `DueScreen` lists the follow-ups
and next actions due across the workspace.

Every user text goes to the terminal as data: `Content` parts, or rich `Text` built without
markup for the tables; colours come from the theme, and a mark (✓ ~ ✗ ?) carries each status
without colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from catbird import ops
from catbird.model import CardSummary, OfferTerm, OfferWorksheet, Opportunity, Profile, today
from catbird.model.worksheet import (
    STATUS_LABELS,
    STATUS_MARKS,
    STATUS_STYLES,
    TermReading,
    compensation,
    format_gap,
    format_value,
    money,
    offer_score,
    parse_value,
    read_terms,
    term_role,
    value_text,
)
from catbird.screens.forms import ConfirmScreen, Dialog, PromptScreen
from catbird.screens.opportunity import OpportunityScreen
from catbird.store import CatbirdError
from catbird.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from catbird.app import CatbirdApp

TextField = Literal["talking_points", "decline_note"]

SECTIONS: tuple[tuple[str, str], ...] = (
    ("needs", "Needs & demands"),
    ("questions", "Probing questions"),
    ("visits", "People to meet, places to see"),
    ("role_ideas", "Ideas for reshaping the role"),
    ("pros", "Pros"),
    ("cons", "Cons"),
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
KINDS = (
    ("Money", "money"),
    ("Percent", "percent"),
    ("Days", "days"),
    ("Number", "number"),
    ("Text", "text"),
    ("Date", "date"),
)
BETTER = (("Higher is better", "higher"), ("Lower is better", "lower"))
PRIORITIES = (("Must", "must"), ("Want", "want"), ("Flexible", "flexible"))
TEXT_TITLES: dict[str, str] = {"talking_points": "Talking points", "decline_note": "Decline note"}


def _catbird(widget: Widget) -> CatbirdApp:
    return cast("CatbirdApp", widget.app)


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


# ---- small modal forms ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormField:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """When given, the field is a choice (label, value) instead of free text."""


class FieldsForm(Dialog[dict[str, str] | None]):
    """A few labelled fields; Enter (or ctrl+s) saves, Esc cancels.

    `check` sees the values before the form closes and returns a message to keep it open.
    """

    DEFAULT_CSS = """
    FieldsForm Grid { grid-columns: 12 1fr; grid-gutter: 1 1; }
    FieldsForm Grid Label { padding: 0; }
    FieldsForm .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        *,
        check: Callable[[dict[str, str]], str | None] | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.check = check
        self.focus_key = focus

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.form_title), classes="title")
            with Grid():
                for field in self.fields:
                    yield Label(field.label)
                    if field.options:
                        values = [v for _, v in field.options]
                        yield Select(
                            field.options,
                            value=field.value if field.value in values else values[0],
                            allow_blank=False,
                            compact=True,
                            id=f"field-{field.key}",
                        )
                    else:
                        yield Input(
                            field.value,
                            placeholder=field.placeholder,
                            compact=True,
                            id=f"field-{field.key}",
                        )
            yield Static("", classes="error", id="error")
            yield Static(Content("Enter or ctrl+s saves · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        key = self.focus_key or (self.fields[0].key if self.fields else None)
        if key is not None:
            self.query_one(f"#field-{key}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, Select):
                out[field.key] = str(widget.value)
            elif isinstance(widget, Input):
                out[field.key] = widget.value
        return out

    @on(Input.Submitted)
    def action_submit(self) -> None:
        values = self.values()
        problem = self.check(values) if self.check else None
        if problem:
            self.query_one("#error", Static).update(Content(problem))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DecideScreen(Dialog[str | None]):
    """D on the worksheet: accept, negotiate, decline or walk away."""

    DEFAULT_CSS = """
    DecideScreen OptionList { height: auto; border: none; padding: 0; margin: 0 0 1 0; }
    DecideScreen .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("a", "choose('accept')", "Accept", id="decide.accept"),
        Binding("n", "choose('negotiate')", "Negotiate", id="decide.negotiate"),
        Binding("d", "choose('decline')", "Decline", id="decide.decline"),
        Binding("w", "choose('walk-away')", "Walk away", id="decide.walk-away"),
        Binding("escape", "cancel", "Cancel", id="decide.cancel"),
    ]
    CHOICES: tuple[tuple[str, str, str], ...] = (
        ("accept", "a  Accept", "close it as accepted"),
        (
            "negotiate",
            "n  Negotiate",
            "draft talking points from the gaps, demands and role ideas",
        ),
        (
            "decline",
            "d  Decline",
            "close it as declined, draft a gracious note, plan the follow-ups",
        ),
        (
            "walk-away",
            "w  Walk away",
            "a definite no: close it as walked away and plan the follow-ups",
        ),
    )

    def __init__(self, company: str, summary: str) -> None:
        super().__init__()
        self.company = company
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble("Decide on the offer from ", self.company), classes="title"
            )
            if self.summary:
                yield Static(Content(self.summary), classes="hint")
            yield OptionList(
                *(
                    Option(Content.assemble((label, "bold"), ("  " + what, "dim")), id=key)
                    for key, label, what in self.CHOICES
                ),
                id="choices",
            )
            yield Static(
                Content("Each choice is saved at once; u undoes it. Esc changes nothing."),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, decision: str) -> None:
        self.dismiss(decision)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OfferTextScreen(ModalScreen[None]):
    """The talking points or the decline note: read, edit, copy, export, redraft."""

    DEFAULT_CSS = """
    OfferTextScreen { align: center middle; }
    OfferTextScreen > Vertical {
        width: 100; max-width: 100%; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    OfferTextScreen .title { text-style: bold; color: $primary; }
    OfferTextScreen .hint { color: $text-muted; height: auto; }
    OfferTextScreen TextArea { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="text.close", tooltip="Save and close"),
        Binding("e", "edit", "Edit", id="text.edit", tooltip="Edit the text (Esc when done)"),
        Binding(
            "y", "copy", "Copy", id="text.copy", tooltip="Copy to the clipboard (OSC 52, over SSH)"
        ),
        Binding("x", "export", "Export", id="text.export", tooltip="Save as a Markdown file"),
        Binding("r", "redraft", "Redraft", id="text.redraft", tooltip="A fresh draft from now"),
    ]

    editing: reactive[bool] = reactive(False)
    """True while the text area takes the keys; Esc hands them back."""

    def __init__(
        self,
        slug: str,
        field: TextField,
        company: str,
        text: str,
        draft: Callable[[], str],
        *,
        saved: str | None = None,
    ) -> None:
        super().__init__()
        self.slug = slug
        self.field = field
        self.company = company
        self.initial = text
        self.draft = draft
        self.saved = text if saved is None else saved
        """What is on disk: the text is saved on close when it differs."""

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical():
            yield Static(
                Content.assemble(TEXT_TITLES[self.field], " — ", self.company), classes="title"
            )
            yield Static(id="text-hint", classes="hint")
            yield TextArea(self.initial, read_only=True, soft_wrap=True, id="text")

    def on_mount(self) -> None:
        self._hint()
        self.query_one("#text").focus()

    def _area(self) -> Any:
        from textual.widgets import TextArea

        return self.query_one("#text", TextArea)

    @property
    def text(self) -> str:
        return str(self._area().text)

    def _hint(self) -> None:
        if self.editing:
            hint = "Editing: type freely; Esc when done (it is saved)."
        else:
            hint = "e edit · y copy · x export to Markdown · r fresh draft · Esc save and close"
        self.query_one("#text-hint", Static).update(Content(hint))

    def watch_editing(self, editing: bool) -> None:
        if self.is_mounted:
            self._area().read_only = not editing
            self._hint()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.editing and action in ("edit", "copy", "export", "redraft"))

    def save(self) -> bool:
        text = self.text
        if text.strip() == self.saved.strip():
            return True
        change = _catbird(self).perform(ops.set_offer, self.slug, **{self.field: text})
        if change is None:
            return False
        self.saved = text
        return True

    def action_edit(self) -> None:
        self.editing = True
        self._area().focus()

    def action_close(self) -> None:
        if self.editing:
            self.editing = False
            self.save()
            return
        if self.save():
            self.dismiss()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(
            "Copied. Over SSH or in tmux this needs a terminal that allows OSC 52 "
            "(tmux: set -g set-clipboard on).",
            timeout=4,
        )

    def action_redraft(self) -> None:
        fresh = self.draft()

        def replace(yes: bool | None) -> None:
            if yes:
                self._area().load_text(fresh)

        if self.text.strip() and self.text.strip() != fresh.strip():
            self.app.push_screen(
                ConfirmScreen(
                    "Replace this text with a fresh draft?",
                    "The draft is built from the worksheet as it is now. Once saved, u undoes.",
                    "replace",
                ),
                replace,
            )
        else:
            replace(True)

    def action_export(self) -> None:
        suggestion = f"{self.slug}-{self.field.replace('_', '-')}.md"

        def chosen(answer: str | None) -> None:
            if answer:
                self._export_to(Path(answer).expanduser())

        self.app.push_screen(
            PromptScreen("Export to a Markdown file", "a path", value=suggestion), chosen
        )

    def _export_to(self, path: Path) -> None:
        from catbird.export import check_output_path

        target = path if path.is_absolute() else Path.cwd() / path
        workspace = _catbird(self).workspace
        try:
            check_output_path(workspace, target, force=True)
        except CatbirdError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        body = f"# {TEXT_TITLES[self.field]} — {self.company}\n\n{self.text.strip()}\n"

        def write(yes: bool | None = True) -> None:
            if not yes:
                self.notify("Nothing written.", timeout=2)
                return
            from catbird.store.atomic import atomic_write

            try:
                atomic_write(target, body.encode("utf-8"))
            except OSError as exc:
                self.notify(f"{target}: {exc.strerror or exc}", severity="error", markup=False)
                return
            self.notify(f"Saved {target}", timeout=3, markup=False)

        if target.exists():
            self.app.push_screen(
                ConfirmScreen("Overwrite the file?", f"{target} already exists.", "overwrite"),
                write,
            )
        else:
            write()


# ---- the worksheet ----------------------------------------------------------------------


class OfferScreen(OpportunityScreen):
    """The offer worksheet of one opportunity."""

    CSS_PATH = "offer.tcss"
    HELP_TEXT = (
        "The offer, term by term, against what you aim for and the line you will not cross. "
        "Each row shows the gap and a status: ✓ meets your target, ~ acceptable (between the "
        "line and the target), ✗ below your walk-away line, ? not known yet. Tab moves "
        "between the terms and the lists below them. Enter or e edits what is under the "
        "cursor, a adds, d deletes, space ticks a list item off. D takes the decision; T "
        "opens the talking points for the conversation with the hiring manager and N the "
        "decline note, both editable, copyable and exportable. c compares this offer with "
        "your other offers."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="offer.back"),
        Binding("s", "start", "Start worksheet", id="offer.start", tooltip="Start a worksheet"),
        Binding("e", "edit", "Edit", id="offer.edit", tooltip="Edit the term or the item"),
        Binding("a", "add", "Add", id="offer.add", tooltip="Add a term, or an item to this list"),
        Binding("d", "delete", "Delete", id="offer.delete", tooltip="Delete it (u undoes)"),
        Binding(
            "space",
            "toggle_done",
            "Done",
            id="offer.toggle",
            tooltip="Tick the item off (or back on)",
        ),
        Binding(
            "D",
            "decide",
            "Decide",
            id="offer.decide",
            tooltip="Accept, negotiate, decline or walk away",
        ),
        Binding(
            "T",
            "text('talking_points')",
            "Talking points",
            id="offer.talking-points",
            tooltip="Talking points for the conversation with the hiring manager",
        ),
        Binding(
            "N",
            "text('decline_note')",
            "Decline note",
            id="offer.decline-note",
            tooltip="A gracious note that declines and leaves the door open",
        ),
        Binding("g", "gut", "Gut", id="offer.gut", tooltip="Your gut check, 1 to 5"),
        Binding("c", "compare", "Compare", id="offer.compare", tooltip="Compare with other offers"),
        Binding(
            "tab",
            "app.focus_next",
            "Section",
            id="offer.next-section",
            show=False,
            tooltip="Next section: the terms, then each list",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Section",
            id="offer.previous-section",
            show=False,
            tooltip="Previous section",
        ),
        Binding("j", "cursor(1)", "Down", id="offer.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="offer.up", show=False),
        Binding("h", "column(-1)", "Left", id="offer.left", show=False),
        Binding("l", "column(1)", "Right", id="offer.right", show=False),
    ]

    # ---- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="offer-title")
        yield Static(id="offer-empty")
        table: DataTable[Text] = DataTable(id="terms", cursor_type="cell", zebra_stripes=True)
        yield table
        yield Static(id="offer-summary")
        with VerticalScroll(id="sections", can_focus=False):
            for key, title in SECTIONS:
                with Vertical(classes="section-box", id=f"box-{key}"):
                    yield Static(Content(title), classes="section-title", id=f"title-{key}")
                    yield OptionList(id=f"list-{key}", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _: self._redraw())

    @property
    def profile(self) -> Profile:
        return _catbird(self).profile

    @property
    def worksheet(self) -> OfferWorksheet | None:
        return self.opportunity.offer if self.opportunity else None

    def show_opportunity(self, opportunity: Opportunity) -> None:
        self.show(opportunity)

    def _redraw(self) -> None:
        if self.opportunity is not None:
            self.show(self.opportunity)

    def on_resize(self) -> None:
        self._redraw()  # the terms table's columns follow the width

    def show(self, opportunity: Opportunity) -> None:
        """Draw the worksheet of `opportunity`, keeping the cursors where they were."""
        self.opportunity = opportunity
        self.sub_title = opportunity.company
        offer = opportunity.offer
        self._render_title(opportunity)
        has_offer = offer is not None
        self.query_one("#offer-empty").display = not has_offer
        for selector in ("#terms", "#offer-summary", "#sections"):
            self.query_one(selector).display = has_offer
        if offer is None:
            self.query_one("#offer-empty", Static).update(
                Content.assemble(
                    "No offer worksheet yet for ",
                    (opportunity.company, "bold"),
                    ".\n\nPress ",
                    ("s", "bold $accent"),
                    " to start one: the usual terms (base, bonus, equity, sign-on, time off, "
                    "office days, travel, title, start date, decision deadline, manager), with "
                    "the targets and walk-away lines from your profile filled in.",
                )
            )
        else:
            self._render_terms(offer)
            self._render_summary(offer)
            for key, _ in SECTIONS:
                self._render_section(offer, key)
            if self.focused is None:
                self.query_one("#terms").focus()
        self.refresh_bindings()

    def _render_title(self, o: Opportunity) -> None:
        # The role comes last: on a narrow terminal it is the part that gets cut short.
        parts: list[str | tuple[str, str]] = [(o.company, "bold")]
        parts += [("  · ", "dim"), (o.stage.value, "bold")]
        if o.offer is not None and o.offer.decision:
            parts += [("  · decision ", "dim"), (o.offer.decision, "bold $accent")]
        if o.role:
            parts += [("  · ", "dim"), o.role]
        self.query_one("#offer-title", Static).update(Content.assemble(*parts))

    def _render_terms(self, offer: OfferWorksheet) -> None:
        table: DataTable[Text] = self.query_one("#terms", DataTable)
        keep_row = self._current_term_id()
        keep_column = table.cursor_coordinate.column
        widths = term_widths(self.size.width or self.app.size.width)
        table.clear(columns=True)
        for key, label in TERM_COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        currency = offer.currency
        w = widths
        for reading in read_terms(offer):
            t = reading.term
            style = STATUS_STYLES[reading.status]
            priority = t.priority if w["priority"] >= 8 else t.priority[:4]
            table.add_row(
                cell(self, short(t.name, w["name"]), "bold" if t.priority == "must" else ""),
                cell(self, short(format_value(t, t.offered, currency), w["offered"])),
                cell(self, short(format_value(t, t.target, currency), w["target"]), "dim"),
                cell(self, short(format_value(t, t.walk_away, currency), w["walk_away"]), "dim"),
                cell(self, priority),
                cell(self, format_gap(t, reading.gap, currency), style),
                cell(self, status_text(reading), style),
                key=t.id,
            )
        if offer.terms:
            ids = [t.id for t in offer.terms]
            row = ids.index(keep_row) if keep_row in ids else 0
            table.move_cursor(row=min(row, len(ids) - 1), column=keep_column, animate=False)

    def _render_summary(self, offer: OfferWorksheet) -> None:
        currency = offer.currency
        pay = compensation(offer, self.profile)
        score = offer_score(offer)
        parts: list[str | tuple[str, str]] = []
        if pay.yearly is not None:
            parts += [("Yearly ", "dim"), (money(pay.yearly, currency), "bold")]
            if pay.target_yearly is not None and pay.shortfall is not None:
                style = "$success" if pay.shortfall >= 0 else "$warning"
                sign = "+" if pay.shortfall >= 0 else "−"
                parts += [
                    (" vs ", "dim"),
                    money(pay.target_yearly, currency),
                    " (",
                    (f"{sign}{money(abs(pay.shortfall), currency)}", style),
                    ")",
                ]
            if pay.sign_on:
                parts += [("  + sign-on ", "dim"), money(pay.sign_on, currency)]
        else:
            parts.append(("Yearly total: add the base salary", "dim"))
        parts.append(("   score ", "dim"))
        if score.score is None:
            parts.append(("—", "dim"))
        else:
            style = "bold $error" if score.capped else "bold"
            parts.append((f"{score.score}/100", style))
        parts += [("   gut ", "dim"), (f"{offer.gut}/5" if offer.gut else "—", "bold")]
        lines = [Content.assemble(*parts)]
        if score.below_musts:
            lines.append(
                Content.assemble(
                    ("✗ past your line on a must: ", "bold $error"),
                    ", ".join(score.below_musts),
                )
            )
        texts = []
        if offer.received_on:
            texts.append(Content.styled(f"received {offer.received_on.isoformat()}", "dim"))
        for key, field, label in (
            ("T", offer.talking_points, "talking points"),
            ("N", offer.decline_note, "decline note"),
        ):
            state = "saved" if field.strip() else "not drafted"
            texts.append(Content.assemble((key, "bold $accent"), f" {label} ({state})"))
        lines.append(Content("   ").join(texts))
        self.query_one("#offer-summary", Static).update(Content("\n").join(lines))

    def _options(self, offer: OfferWorksheet, key: str) -> list[Option]:
        options: list[Option] = []
        for item in getattr(offer, key):
            if key == "questions":
                answer: tuple[str, str] = (
                    (item.answer, "") if item.answer else ("no answer yet", "dim italic")
                )
                prompt = Content.assemble(
                    ("? ", "bold $accent"), item.text, "\n", ("  → ", "dim"), answer
                )
            elif key == "visits":
                verb = "see " if item.kind == "place" else "meet "
                role = [("  ", ""), (item.role, "dim")] if item.role else []
                prompt = Content.assemble(
                    ("[x] " if item.done else "[ ] ", "$success" if item.done else ""),
                    (verb, "dim"),
                    (item.name, "dim strike" if item.done else ""),
                    *role,
                )
            elif key in ("pros", "cons"):
                mark = "+ " if key == "pros" else "− "
                prompt = Content.assemble(
                    (mark, "bold $success" if key == "pros" else "bold $error"),
                    (item.text, "dim" if item.done else ""),
                    ("  ✓ settled" if item.done else "", "dim"),
                )
            else:
                prompt = Content.assemble(
                    ("[x] " if item.done else "[ ] ", "$success" if item.done else ""),
                    (item.text, "dim strike" if item.done else ""),
                )
            options.append(Option(prompt, id=item.id))
        if not options:
            options.append(Option(Content.styled("nothing yet: a adds one", "dim"), disabled=True))
        return options

    def _render_section(self, offer: OfferWorksheet, key: str) -> None:
        items = getattr(offer, key)
        title = dict(SECTIONS)[key]
        open_count = (
            sum(1 for i in items if not i.answer)
            if key == "questions"
            else sum(1 for i in items if not getattr(i, "done", False))
        )
        counts = f"  {open_count} open of {len(items)}" if items else ""
        if items and key in ("pros", "cons"):
            counts = f"  {len(items)}"
        self.query_one(f"#title-{key}", Static).update(Content.assemble(title, (counts, "dim")))
        widget = self.query_one(f"#list-{key}", OptionList)
        keep = widget.highlighted
        widget.set_options(self._options(offer, key))
        if items:
            widget.highlighted = min(keep or 0, len(items) - 1)

    # ---- what is under the cursor --------------------------------------------------------

    def _current_term_id(self) -> str | None:
        table = self.query_one("#terms", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # the cursor is outside the rows while the table is rebuilt
            return None
        return str(key.value) if key.value is not None else None

    def _current_term(self) -> OfferTerm | None:
        term_id = self._current_term_id()
        offer = self.worksheet
        if offer is None or term_id is None:
            return None
        return next((t for t in offer.terms if t.id == term_id), None)

    def _focused_list(self) -> str | None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id and focused.id.startswith("list-"):
            return focused.id.removeprefix("list-")
        return None

    def _current_item(self, key: str) -> Any:
        offer = self.worksheet
        widget = self.query_one(f"#list-{key}", OptionList)
        if offer is None or widget.highlighted is None:
            return None
        items = getattr(offer, key)
        index = widget.highlighted
        return items[index] if 0 <= index < len(items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        has_offer = self.worksheet is not None
        if action == "start":
            return self.opportunity is not None and not has_offer
        if not has_offer and action in ("edit", "add", "delete", "toggle_done", "gut", "text"):
            return False
        if action == "compare" and not has_offer:
            return False
        if action == "toggle_done":
            key = self._focused_list()
            return key is not None and key in ops.DONE_LISTS
        if action == "delete":
            key = self._focused_list()
            if key is not None:
                return self._current_item(key) is not None
            return self._current_term() is not None
        if action == "decide":
            return self.opportunity is not None
        return True

    # ---- changes -------------------------------------------------------------------------

    def _perform(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        change = _catbird(self).perform(operation, *args, **kwargs)
        if change is not None and change.after is not None:
            self.show(change.after)
        return change

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        focused = self.focused
        if isinstance(focused, DataTable | OptionList):
            if delta > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()

    def action_column(self, delta: int) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            if delta > 0:
                focused.action_cursor_right()
            else:
                focused.action_cursor_left()

    def action_start(self) -> None:
        if self._perform(ops.start_offer, self.slug, self.profile) is not None:
            self.query_one("#terms").focus()

    @on(DataTable.CellSelected, "#terms")
    def _term_selected(self) -> None:
        self.action_edit()

    @on(OptionList.OptionSelected, ".section")
    def _item_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        key = self._focused_list()
        if key is not None:
            item = self._current_item(key)
            if item is not None:
                self._edit_item(key, item)
            return
        term = self._current_term()
        if term is not None:
            column = TERM_COLUMNS[self.query_one("#terms", DataTable).cursor_coordinate.column][0]
            self._edit_term(term, column)

    def action_add(self) -> None:
        key = self._focused_list()
        if key is None:
            self._edit_term(None, "name")
        else:
            self._edit_item(key, None)

    def action_delete(self) -> None:
        key = self._focused_list()
        if key is not None:
            item = self._current_item(key)
            if item is not None and self._perform(ops.remove_item, self.slug, key, item.id):
                self.notify("Deleted (u undoes).", timeout=2)
            return
        term = self._current_term()
        if term is not None and self._perform(ops.remove_term, self.slug, term.id):
            self.notify(
                Content.assemble("Deleted the term ", term.name, " (u undoes).").plain,
                timeout=2,
                markup=False,
            )

    def action_toggle_done(self) -> None:
        key = self._focused_list()
        if key is None or key not in ops.DONE_LISTS:
            return
        item = self._current_item(key)
        if item is not None:
            self._perform(ops.toggle_item, self.slug, key, item.id)

    # ---- forms ---------------------------------------------------------------------------

    def _term_fields(self, term: OfferTerm | None) -> list[FormField]:
        kind = term.kind if term else "money"
        examples = {
            "money": "228000, 228k or $228,000",
            "percent": "10 or 10%",
            "days": "a number of days",
            "number": "a number",
            "text": "as written in the offer",
            "date": "2027-01-04, today or +30",
        }[kind]

        def current(field: str) -> str:
            return value_text(term, getattr(term, field)) if term else ""

        return [
            FormField("name", "Term", term.name if term else "", "e.g. Relocation"),
            FormField("kind", "Kind", kind, options=KINDS),
            FormField("better", "Better", term.better if term else "higher", options=BETTER),
            FormField("offered", "Offered", current("offered"), examples),
            FormField("target", "Target", current("target"), "what you aim for"),
            FormField("walk_away", "Walk-away", current("walk_away"), "your line; kept private"),
            FormField(
                "priority", "Priority", term.priority if term else "want", options=PRIORITIES
            ),
            FormField("note", "Note", term.note if term else "", "why it matters"),
        ]

    @staticmethod
    def term_values(values: dict[str, str]) -> dict[str, object]:
        """The form's text turned into a term's values (raises ValueError on bad input)."""
        kind = values["kind"]
        out: dict[str, object] = {
            "name": values["name"].strip(),
            "kind": kind,
            "better": values["better"],
            "priority": values["priority"],
            "note": values["note"],
        }
        labels = {"offered": "Offered", "target": "Target", "walk_away": "Walk-away"}
        for field, label in labels.items():
            try:
                out[field] = parse_value(kind, values[field])  # type: ignore[arg-type]
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        if not out["name"]:
            raise ValueError("The term needs a name.")
        return out

    def _edit_term(self, term: OfferTerm | None, column: str) -> None:
        offer = self.worksheet
        if offer is None:
            return

        def check(values: dict[str, str]) -> str | None:
            try:
                parsed = self.term_values(values)
                base = term.model_dump() if term else {}
                changed = [k for k, v in parsed.items() if base.get(k) != v]
                ops.check_term(base | parsed, changed)
                name_key = str(parsed["name"]).casefold()
                if any(
                    t.name.casefold() == name_key and (term is None or t.id != term.id)
                    for t in offer.terms
                ):
                    return f"There is already a term called {parsed['name']!s}."
            except (ValueError, CatbirdError) as exc:
                return str(exc)
            return None

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            parsed = self.term_values(values)
            if term is None:
                name = str(parsed.pop("name"))
                if self._perform(ops.add_term, self.slug, name, **parsed) is not None:
                    table = self.query_one("#terms", DataTable)
                    table.move_cursor(row=table.row_count - 1, column=0)
            else:
                changed = {k: v for k, v in parsed.items() if getattr(term, k) != v}
                if changed:
                    self._perform(ops.set_term, self.slug, term.id, **changed)

        focus = column if column in ("name", "offered", "target", "walk_away", "priority") else None
        title = f"Edit {term.name}" if term else "New term"
        self.app.push_screen(
            FieldsForm(title, self._term_fields(term), check=check, focus=focus or "offered"),
            done,
        )

    def _edit_item(self, key: str, item: Any) -> None:
        if key == "questions":
            fields = [
                FormField("text", "Question", item.text if item else "", "what you want to know"),
                FormField("answer", "Answer", item.answer if item else "", "what you learned"),
            ]
            focus = "answer" if item is not None else "text"
        elif key == "visits":
            fields = [
                FormField("text", "Who / where", item.name if item else "", "a person or a place"),
                FormField(
                    "kind",
                    "Kind",
                    item.kind if item else "person",
                    options=(("Person to meet", "person"), ("Place to see", "place")),
                ),
                FormField("role", "Role / why", item.role if item else "", "optional"),
            ]
            focus = "text"
        else:
            fields = [FormField("text", dict(SECTIONS)[key], item.text if item else "")]
            focus = "text"

        def check(values: dict[str, str]) -> str | None:
            return None if values["text"].strip() else "Write something first (Esc cancels)."

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            if item is None:
                text = values.pop("text")
                if self._perform(ops.add_item, self.slug, key, text, **values) is not None:
                    widget = self.query_one(f"#list-{key}", OptionList)
                    widget.highlighted = widget.option_count - 1
            else:
                self._perform(ops.edit_item, self.slug, key, item.id, **values)

        title = ("Edit: " if item else "Add to: ") + dict(SECTIONS)[key]
        self.app.push_screen(FieldsForm(title, fields, check=check, focus=focus), done)

    def action_gut(self) -> None:
        offer = self.worksheet
        if offer is None:
            return

        def check(values: dict[str, str]) -> str | None:
            text = values["gut"].strip()
            if text and not (text.isdigit() and 1 <= int(text) <= 5):
                return "A number from 1 (no) to 5 (yes!), or empty to clear."
            return None

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                text = values["gut"].strip()
                self._perform(ops.set_offer, self.slug, gut=int(text) if text else None)

        field = FormField("gut", "Gut, 1–5", str(offer.gut or ""), "1 no · 3 unsure · 5 yes!")
        self.app.push_screen(FieldsForm("Gut check", [field], check=check), done)

    # ---- decisions and texts -------------------------------------------------------------

    def action_decide(self) -> None:
        o = self.opportunity
        if o is None:
            return
        summary = ""
        if o.offer is not None:
            score = offer_score(o.offer)
            if score.score is not None:
                summary = f"Score {score.score}/100."
            if score.below_musts:
                summary += " Past your line on: " + ", ".join(score.below_musts) + "."

        def done(decision: str | None) -> None:
            if decision:
                self.take_decision(decision)

        self.app.push_screen(DecideScreen(o.company, summary.strip()), done)

    def take_decision(self, decision: str) -> None:
        from catbird.texts.offer_texts import unfilled_placeholders

        change = self._perform(ops.decide, self.slug, decision, self.profile)
        if change is None or change.after is None:
            return
        after: Opportunity = change.after
        planned = len(after.follow_ups) - len(change.before.follow_ups) if change.before else 0
        plan = (
            f" {planned} follow-up tasks are planned (see them in the due list)." if planned else ""
        )
        company = after.company
        if decision == "accept":
            self.notify(f"Accepted the offer from {company}. Congratulations!", markup=False)
        elif decision == "walk-away":
            self.notify(f"Walked away from {company}.{plan}", markup=False, timeout=6)
        elif decision == "decline":
            self.notify(f"Declined the offer from {company}.{plan}", markup=False, timeout=6)
            unknown = unfilled_placeholders(self.profile.phrasing.decline_note)
            if unknown:
                names = ", ".join("{" + u + "}" for u in unknown)
                self.notify(
                    f"Your decline note uses {names}, which Catbird does not fill: "
                    "left out; check the wording.",
                    severity="warning",
                    markup=False,
                    timeout=8,
                )
            self.action_text("decline_note")
        elif decision == "negotiate":
            self.action_text("talking_points")

    def action_text(self, field: str) -> None:
        from catbird.texts import offer_texts

        o = self.opportunity
        if o is None or o.offer is None or field not in TEXT_TITLES:
            return
        text_field = cast(TextField, field)
        saved = str(getattr(o.offer, text_field))

        def draft() -> str:
            current = self.opportunity or o
            if text_field == "talking_points":
                return offer_texts.talking_points(current, self.profile)
            return offer_texts.decline_note(current, self.profile)

        text = saved if saved.strip() else draft()
        self.app.push_screen(
            OfferTextScreen(self.slug, text_field, o.company, text, draft, saved=saved)
        )

    def action_compare(self) -> None:
        summaries = _catbird(self).summaries
        others = [
            s.slug
            for s in summaries.values()
            if s.slug != self.slug and s.stage.value in ("offer", "accepted", "declined")
        ]
        slugs = [self.slug, *sorted(others)]
        if len(slugs) < 2:
            self.notify("No other offer to compare with yet.", timeout=3)
            return
        self.app.push_screen(CompareScreen(slugs))


# ---- offers side by side ----------------------------------------------------------------


def _row_key(term: OfferTerm) -> str:
    return term_role(term) or term.name.casefold()


class CompareScreen(Screen[None]):
    """Two or more offers side by side: terms as rows, offers as columns."""

    CSS_PATH = "offer.tcss"
    HELP_TEXT = (
        "Your offers side by side: one column per offer, one row per term, each with its "
        "status against your own target and line (✓ meets, ~ acceptable, ✗ below your line, "
        "? unknown), then the yearly totals and the score. Enter opens the worksheet of the "
        "offer under the cursor."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
        Binding("enter", "open", "Open", id="compare.open", tooltip="Open this offer's worksheet"),
    ]

    def __init__(self, slugs: Sequence[str]) -> None:
        super().__init__()
        self.slugs = list(dict.fromkeys(slugs))
        self.offers: list[Opportunity] = []

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        table: DataTable[Text] = DataTable(id="compare", cursor_type="column", zebra_stripes=True)
        yield table
        yield Static(id="compare-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Offers side by side"
        self.watch(self.app, "summaries", self._summaries_changed)

    def _summaries_changed(self, summaries: dict[str, CardSummary]) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        app = _catbird(self)
        offers: list[Opportunity] = []
        missing: list[str] = []
        for slug in self.slugs:
            try:
                o = app.workspace.read(slug)
            except CatbirdError:
                missing.append(slug)
                continue
            if o.offer is None:
                missing.append(o.company)
            else:
                offers.append(o)
        self.offers = offers
        table: DataTable[Text] = self.query_one("#compare", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.fixed_columns = 1
        table.add_column(cell(self, "Term", "bold"), key="term")
        for o in offers:
            table.add_column(cell(self, short(o.company, 24), "bold"), key=o.slug)
        names: dict[str, str] = {}
        by_offer: list[dict[str, TermReading]] = []
        for o in offers:
            assert o.offer is not None
            readings = {_row_key(r.term): r for r in read_terms(o.offer)}
            for r in read_terms(o.offer):
                names.setdefault(_row_key(r.term), r.term.name)
            by_offer.append(readings)
        for key, name in names.items():
            row = [cell(self, short(name, 24))]
            for o, readings in zip(offers, by_offer, strict=True):
                found = readings.get(key)
                if found is None:
                    row.append(cell(self, "—", "dim"))
                    continue
                assert o.offer is not None
                value = format_value(found.term, found.term.offered, o.offer.currency)
                mark = STATUS_MARKS[found.status]
                style = STATUS_STYLES[found.status]
                row.append(cell(self, short(f"{mark} {value}", 26), style))
            table.add_row(*row, key=key)
        for label, what in (
            ("Yearly total", "yearly"),
            ("vs your target", "gap"),
            ("Sign-on, one-off", "sign_on"),
            ("Score", "score"),
            ("Decision", "decision"),
        ):
            row = [cell(self, label, "bold")]
            for o in offers:
                assert o.offer is not None
                row.append(self._total_cell(o.offer, what))
            table.add_row(*row, key=f"total-{what}")
        if offers:
            table.move_cursor(
                row=min(keep.row, table.row_count - 1),
                column=max(1, min(keep.column, len(offers))),
                animate=False,
            )
        count = len(offers)
        self.query_one("#compare-title", Static).update(
            Content.assemble((f"{count} offers", "bold"), (" · ✓ meets  ~ ok  ✗ below  ?", "dim"))
        )
        note = ""
        if missing:
            note = "No worksheet yet: " + ", ".join(missing)
        self.query_one("#compare-note", Static).update(Content.styled(note, "dim"))

    def _total_cell(self, offer: OfferWorksheet, what: str) -> Text:
        currency = offer.currency
        pay = compensation(offer, _catbird(self).profile)
        if what == "yearly":
            return cell(
                self, money(pay.yearly, currency) if pay.yearly is not None else "—", "bold"
            )
        if what == "gap":
            if pay.shortfall is None:
                return cell(self, "—", "dim")
            sign = "+" if pay.shortfall >= 0 else "−"
            style = "$success" if pay.shortfall >= 0 else "$warning"
            return cell(self, f"{sign}{money(abs(pay.shortfall), currency)}", style)
        if what == "sign_on":
            return cell(self, money(pay.sign_on, currency) if pay.sign_on else "—")
        if what == "score":
            score = offer_score(offer)
            if score.score is None:
                return cell(self, "—", "dim")
            text = f"{score.score}/100" + (" ✗ must below line" if score.capped else "")
            return cell(self, text, "bold $error" if score.capped else "bold")
        return cell(self, offer.decision or "—")

    def action_back(self) -> None:
        self.dismiss()

    @on(DataTable.ColumnSelected)
    def action_open(self) -> None:
        table = self.query_one("#compare", DataTable)
        index = table.cursor_coordinate.column - 1
        if 0 <= index < len(self.offers):
            self.app.push_screen(OfferScreen(self.offers[index].slug))


# ---- what is due ------------------------------------------------------------------------


class DueScreen(Screen[None]):
    """Follow-ups and next actions due or overdue, across the whole workspace."""

    CSS_PATH = "offer.tcss"
    HELP_TEXT = (
        "What needs doing: overdue first, then today, then the coming week (w shows "
        "everything still open). Space ticks a follow-up off, e rewords or re-dates it, d "
        "removes it; Enter opens the card. A next "
        "action is done when you set the next one on the card."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="due.back"),
        Binding("space", "done", "Done", id="due.done", tooltip="Tick the follow-up off"),
        Binding("e", "edit", "Edit", id="due.edit", tooltip="Reword or re-date the follow-up"),
        Binding(
            "d", "remove", "Remove", id="due.remove", tooltip="Remove the follow-up (u undoes)"
        ),
        Binding("enter", "open", "Open", id="due.open", tooltip="Open the card"),
        Binding(
            "w", "range", "Week / all", id="due.range", tooltip="The coming week or everything"
        ),
        Binding("j", "cursor(1)", "Down", id="due.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="due.up", show=False),
    ]
    WEEK = 7

    everything: reactive[bool] = reactive(False)
    """Show everything still open, not only what falls due within the coming week."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ops.DueItem] = []

    def compose(self) -> ComposeResult:
        yield Static(id="due-title")
        table: DataTable[Text] = DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="due-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Due"
        self.watch(self.app, "summaries", self._summaries_changed)

    def on_resize(self) -> None:
        self.show(self.items)

    def watch_everything(self) -> None:
        if self.is_mounted:
            self.reload()

    def _summaries_changed(self, summaries: dict[str, CardSummary]) -> None:
        self.reload()

    def until(self) -> date:
        return date.max if self.everything else today() + timedelta(days=self.WEEK)

    def reload(self) -> None:
        """Read only the opportunities whose card says something falls due in range."""
        app = _catbird(self)
        until = self.until()
        wanted = [
            s.slug
            for s in app.summaries.values()
            if (s.next_due is not None and s.next_due <= until and s.stage.is_active)
            or (s.next_follow_up is not None and s.next_follow_up <= until)
        ]
        opportunities: list[Opportunity] = []
        for slug in wanted:
            try:
                opportunities.append(app.workspace.read(slug))
            except CatbirdError:
                continue
        self.show(ops.due_items(opportunities, until))

    def show(self, items: list[ops.DueItem]) -> None:
        self.items = items
        day = today()
        table: DataTable[Text] = self.query_one("#due", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # Long tasks wrap onto a second line rather than run off the right edge.
        width = max(60, (self.size.width or self.app.size.width) - 8)
        company_width = min(24, max(12, width // 5))
        table.add_column("When", key="when", width=11)
        table.add_column("Company", key="company", width=company_width)
        table.add_column("What", key="what", width=width - 11 - company_width)
        for index, item in enumerate(items):
            late = (day - item.due).days
            if late > 0:
                when, style = f"✗ {late}d late", "bold $error"
            elif late == 0:
                when, style = "! today", "bold $warning"
            else:
                when, style = f"  {item.due:%a %m-%d}", ""
            mark = "↻ " if item.kind == "follow-up" else "→ "
            table.add_row(
                cell(self, when, style),
                cell(self, short(item.company, 24), "bold"),
                Text(mark + item.text, overflow="fold", end=""),
                key=f"{index}",
                height=None,
            )
        if items:
            table.move_cursor(row=min(keep, len(items) - 1), animate=False)
        overdue = sum(1 for i in items if i.due < day)
        due_today = sum(1 for i in items if i.due == day)
        scope = "everything open" if self.everything else f"the next {self.WEEK} days"
        self.query_one("#due-title", Static).update(
            Content.assemble(
                (f"{len(items)} due", "bold"),
                (f" · {overdue} overdue", "bold $error" if overdue else "dim"),
                (f" · {due_today} today", "dim"),
                (f" · showing {scope} (w switches)", "dim"),
            )
        )
        empty = self.query_one("#due-empty", Static)
        empty.display = not items
        empty.update(Content.styled("Nothing due. Well done.", "dim"))
        self.refresh_bindings()

    def _current(self) -> ops.DueItem | None:
        table = self.query_one("#due", DataTable)
        if not self.items or table.row_count == 0:
            return None
        index = table.cursor_row
        return self.items[index] if 0 <= index < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "edit", "remove"):
            item = self._current()
            return item is not None and item.kind == "follow-up"
        if action == "open":
            return self._current() is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#due", DataTable)
        if delta > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_range(self) -> None:
        self.everything = not self.everything

    def action_done(self) -> None:
        item = self._current()
        if item is None or item.follow_up_id is None:
            if item is not None:
                self.notify("Set the card's next action to move on from this one (Enter).")
            return
        change = _catbird(self).perform(ops.complete_follow_up, item.slug, item.follow_up_id)
        if change is not None:
            self.notify(f"Done: {item.text} (u undoes)", timeout=2, markup=False)
            self.reload()

    def action_edit(self) -> None:
        from catbird.screens.forms import FollowUpForm

        item = self._current()
        if item is None or item.follow_up_id is None:
            return
        follow_up_id = item.follow_up_id

        def done(values: dict[str, Any] | None) -> None:
            if values:
                change = _catbird(self).perform(
                    ops.edit_follow_up, item.slug, follow_up_id, **values
                )
                if change is not None:
                    self.reload()

        self.app.push_screen(FollowUpForm(item.text, item.due), done)

    def action_remove(self) -> None:
        item = self._current()
        if item is None or item.follow_up_id is None:
            return
        change = _catbird(self).perform(ops.remove_follow_up, item.slug, item.follow_up_id)
        if change is not None:
            self.notify(f"Removed: {item.text} (u undoes)", timeout=2, markup=False)
            self.reload()

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        from catbird.screens.detail import DetailScreen

        item = self._current()
        if item is not None:
            self.app.push_screen(DetailScreen(item.slug))
