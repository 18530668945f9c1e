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
without colour."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from catbird import ops
from catbird.model import OfferTerm, OfferWorksheet, Opportunity, Profile
from catbird.model.claims import held_against
from catbird.model.worksheet import (
    STATUS_STYLES,
    against_target,
    compensation,
    format_gap,
    format_value,
    money,
    offer_score,
    parse_value,
    read_terms,
    value_text,
)
from catbird.store import CatbirdError
from catbird.tui import messages
from catbird.tui.dialogs.decide import DecideDialog
from catbird.tui.dialogs.fields_form import BETTER, KINDS, PRIORITIES, FieldsForm, FormField
from catbird.tui.dialogs.offer_text import TEXT_TITLES, OfferTextDialog, TextField
from catbird.tui.door import door
from catbird.tui.screens.opportunity import OpportunityScreen
from catbird.tui.widgets.cells import TERM_COLUMNS, cell, short, status_text, term_widths
from catbird.tui.widgets.keybar import KeyBar

SECTIONS: tuple[tuple[str, str], ...] = (
    ("needs", "Needs & demands"),
    ("questions", "Probing questions"),
    ("visits", "People to meet, places to see"),
    ("role_ideas", "Ideas for reshaping the role"),
    ("pros", "Pros"),
    ("cons", "Cons"),
)


class TermValues(TypedDict):
    """A term as the form gives it, checked and parsed (`ops.add_term`'s arguments)."""

    name: str
    kind: str
    better: str
    priority: str
    note: str
    offered: object
    target: object
    walk_away: object


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
        return door(self).profile

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
            versus = against_target(pay)
            if versus is not None:
                parts += [
                    (" vs ", "dim"),
                    versus.target,
                    " (",
                    (versus.signed_gap, "$warning" if versus.short else "$success"),
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
        # What they said that the written offer does not keep, one line for them all: a
        # small terminal keeps its room for the terms and the lists.
        broken = [h for h in held_against(self.opportunity) if h.broken] if self.opportunity else []
        if broken:
            kept = [
                Content.assemble(
                    ((h.term.name if h.term else h.claim.topic) + ": ", "dim"), h.line(currency)
                )
                for h in broken
            ]
            lines.append(
                Content.assemble(
                    ("✗ not what they said: ", "bold $error"), Content(" · ").join(kept)
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
        if door(self).perform(ops.start_offer, self.slug, self.profile) is not None:
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
            if item is not None and door(self).perform(ops.remove_item, self.slug, key, item.id):
                self.notify("Deleted (u undoes).", timeout=2)
            return
        term = self._current_term()
        if term is not None and door(self).perform(ops.remove_term, self.slug, term.id):
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
            door(self).perform(ops.toggle_item, self.slug, key, item.id)

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
    def term_values(values: dict[str, str]) -> TermValues:
        """The form's text turned into a term's values (raises ValueError on bad input)."""
        kind = values["kind"]
        parsed: dict[str, object] = {}
        labels = {"offered": "Offered", "target": "Target", "walk_away": "Walk-away"}
        for field, label in labels.items():
            try:
                parsed[field] = parse_value(kind, values[field])  # type: ignore[arg-type]
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        out = TermValues(
            name=values["name"].strip(),
            kind=kind,
            better=values["better"],
            priority=values["priority"],
            note=values["note"],
            offered=parsed["offered"],
            target=parsed["target"],
            walk_away=parsed["walk_away"],
        )
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
                ops.check_term(base | dict(parsed), changed)
                name_key = str(parsed["name"]).casefold()
                if any(
                    t.name.casefold() == name_key and (term is None or t.id != term.id)
                    for t in offer.terms
                ):
                    return f"There is already a term called {parsed['name']!s}."
            except (ValueError, CatbirdError) as exc:
                return str(exc)
            return None

        def save(values: dict[str, str] | None) -> bool:
            if values is None:
                return True
            parsed = self.term_values(values)
            if term is None:
                if door(self).perform(ops.add_term, self.slug, **parsed) is None:
                    return False
                table = self.query_one("#terms", DataTable)
                table.move_cursor(row=table.row_count - 1, column=0)
                return True
            changed = {k: v for k, v in parsed.items() if getattr(term, k) != v}
            if not changed:
                return True
            return door(self).perform(ops.set_term, self.slug, term.id, **changed) is not None

        # Editing a term starts on a figure (the name is a label, one shift+tab away): typing
        # "140k" over a selected name would rename the term, not change what is offered.
        figures = ("offered", "target", "walk_away", "priority")
        focus = "name" if term is None else column if column in figures else "offered"
        title = f"Edit {term.name}" if term else "New term"
        form = FieldsForm(title, self._term_fields(term), check=check, focus=focus)
        self.app.push_screen(form.saving(save))

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

        def save(values: dict[str, str] | None) -> bool:
            if values is None:
                return True
            values = dict(values)  # kept as typed, should the save fail and be tried again
            if item is not None:
                change = door(self).perform(ops.edit_item, self.slug, key, item.id, **values)
                return change is not None
            text = values.pop("text")
            if door(self).perform(ops.add_item, self.slug, key, text, **values) is None:
                return False
            widget = self.query_one(f"#list-{key}", OptionList)
            widget.highlighted = widget.option_count - 1
            return True

        title = ("Edit: " if item else "Add to: ") + dict(SECTIONS)[key]
        self.app.push_screen(FieldsForm(title, fields, check=check, focus=focus).saving(save))

    def action_gut(self) -> None:
        offer = self.worksheet
        if offer is None:
            return

        def check(values: dict[str, str]) -> str | None:
            text = values["gut"].strip()
            if text and not (text.isdigit() and 1 <= int(text) <= 5):
                return "A number from 1 (no) to 5 (yes!), or empty to clear."
            return None

        def save(values: dict[str, str] | None) -> bool:
            if values is None:
                return True
            text = values["gut"].strip()
            gut = int(text) if text else None
            return door(self).perform(ops.set_offer, self.slug, gut=gut) is not None

        field = FormField("gut", "Gut, 1–5", str(offer.gut or ""), "1 no · 3 unsure · 5 yes!")
        self.app.push_screen(FieldsForm("Gut check", [field], check=check).saving(save))

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
            if decision == "accept":
                self.confirm_accept()
            elif decision:
                self.take_decision(decision)

        self.app.push_screen(DecideDialog(o.company, summary.strip()), done)

    def confirm_accept(self) -> None:
        """Accept, once the must-haves still open are named: the moment to ask about them
        is now, while the offer is in hand."""
        from catbird.model.findings import before_signing
        from catbird.tui.dialogs.confirm import ConfirmDialog

        o = self.opportunity
        open_items = before_signing(o, self.profile) if o is not None else []
        if o is None or not open_items:
            self.take_decision("accept")
            return
        body = Content("\n").join(
            [
                *(Content.assemble(("  • ", "$warning"), item) for item in open_items),
                Content(""),
                Content.styled(
                    "You hold the offer: this is the moment to ask. Accept anyway?", "italic"
                ),
            ]
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.take_decision("accept")

        title = Content.assemble("Before you accept ", o.company, ":")
        self.app.push_screen(ConfirmDialog(title, body, yes="accept anyway", no="not yet"), done)

    def take_decision(self, decision: str) -> None:
        from catbird.texts.offer_texts import unfilled_placeholders

        change = door(self).perform(ops.decide, self.slug, decision, self.profile)
        if change is None or change.after is None:
            return
        after: Opportunity = change.after
        plan = ""  # the app says what the ending planned
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
                    "they stay as typed; check the wording.",
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
            OfferTextDialog(self.slug, text_field, o.company, text, draft, saved=saved)
        )

    def action_compare(self) -> None:
        others = [
            s.slug
            for s in door(self).view.cards.values()
            if s.slug != self.slug and s.stage.value in ("offer", "accepted", "declined")
        ]
        slugs = [self.slug, *sorted(others)]
        if len(slugs) < 2:
            self.notify("No other offer to compare with yet.", timeout=3)
            return
        self.post_message(messages.OpenCompare(tuple(slugs)))
