"""`p`: the homework editor — criteria, walk-away numbers, flag presets and the user's own words.

Every change is saved to profile.toml as soon as it is made (forms on Enter or ctrl+s), as an
operation (`catbird.ops.profile`) run through the door's `perform` like every other change: it
re-reads the file under its lock and applies the change to the profile on disk by id, so an
edit made elsewhere in the meantime is kept, and it lands on the app's one history, so `u` and
ctrl+r undo and redo it as anywhere else. A change is checked against the whole `Profile` model
before it is written, so nothing half-valid reaches the file. The screen draws the profile the
app holds, after each change and after each undo."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, cast

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    ContentSwitcher,
    Header,
    Input,
    Label,
    OptionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from catbird import ops
from catbird.model.errors import field_errors
from catbird.model.profile import (
    CRITERION_GROUPS,
    Criterion,
    FlagPreset,
    FollowUpSettings,
    Phrasing,
    Profile,
    TallySettings,
    WalkAwayNumbers,
)
from catbird.tui.dialogs.criterion_form import CriterionForm
from catbird.tui.dialogs.flag_form import FlagForm
from catbird.tui.dialogs.item_form import (
    NUMBER_FIELDS,
    PHRASES,
    SEVERITIES,
    Section,
    SectionKind,
)
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.keybar import KeyBar

CriteriaKey = Literal["must_haves", "dealbreakers", "nice_to_haves", "flexibles"]


Item = Criterion | FlagPreset


SECTIONS: tuple[Section, ...] = (
    Section(
        "must_haves",
        "Must-haves",
        "criteria",
        "What a job has to give you. The weight (1–5) says how much each one counts in "
        "the fit score of a card.",
        "must-have",
        "e.g. a team that ships to real users every week",
    ),
    Section(
        "dealbreakers",
        "Dealbreakers",
        "criteria",
        "What ends it, however good the rest looks. Link a red flag to a dealbreaker "
        "(in Flags) and logging that flag in an interview means a definite no.",
        "dealbreaker",
        "e.g. more than a week of travel a month",
    ),
    Section(
        "nice_to_haves",
        "Nice-to-haves",
        "criteria",
        "What would make a good job better, but is no reason to walk away without it.",
        "nice-to-have",
        "e.g. a conference budget",
    ),
    Section(
        "flexibles",
        "Flexibles",
        "criteria",
        "Where you are ready to bend. Knowing it before an offer makes the "
        "conversation about the offer easier.",
        "flexible",
        "e.g. title, if the scope is right",
    ),
    Section(
        "numbers",
        "Walk-away numbers",
        "numbers",
        "The lines an offer has to clear and the targets you aim for. Whole numbers; "
        "leave a box empty when it does not matter to you. Enter or ctrl+s saves.",
    ),
    Section(
        "flags",
        "Flags",
        "flags",
        "The flags you expect to meet, each on one key of the tally pad. Severity (1–3) "
        "weighs a red flag in the tally; a flag linked to a dealbreaker is decisive.",
        "flag",
    ),
    Section(
        "tally",
        "Tally threshold",
        "tally",
        "The weighted red-flag score at which the tally raises the “definite no” panel "
        "with your exit script. A severity-3 flag counts three. Enter or ctrl+s saves.",
    ),
    Section(
        "phrasing",
        "Phrasing",
        "phrasing",
        "Your own words for the texts Catbird drafts for you. Leave a box empty to use "
        "ours. Catbird fills {name}, {first_name}, {company}, {role} and {me}; in the thanks "
        "and check-in notes also {topics} (what you talked about) and {why} (why you wanted "
        "the role). ctrl+s saves.",
    ),
    Section(
        "you",
        "You",
        "you",
        "Your name signs the letters Catbird drafts. An application with no news for the "
        "quiet days gets a nudge in the due list; after twice as long, Catbird proposes "
        "closing it as ghosted. Enter or ctrl+s saves.",
    ),
)


SECTION_BY_KEY = {s.key: s for s in SECTIONS}


LIST_KINDS: tuple[SectionKind, ...] = ("criteria", "flags")


FORM_KINDS: tuple[SectionKind, ...] = ("numbers", "tally", "phrasing", "you")


QUIET_DEFAULT = FollowUpSettings().quiet_days


def you_texts(profile: Profile) -> dict[str, str]:
    quiet = profile.follow_ups.quiet_days
    return {
        "you_name": profile.name,
        "you_headline": profile.headline,
        "quiet_days": "" if quiet == QUIET_DEFAULT else str(quiet),
    }


MONEY_FIELDS = ("min_base", "target_base", "target_total")


TALLY_DEFAULT = TallySettings().threshold


def parse_whole(text: str) -> int | None:
    """A whole number of 0 or more as typed by a person (`120,000`, `120 000`); empty: None."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return None
    if cleaned.startswith("-") and cleaned[1:].isdecimal():
        raise ValueError("cannot be negative")
    if not cleaned.isascii() or not cleaned.isdecimal():
        raise ValueError("a whole number, like 120000 (or leave it empty)")
    return int(cleaned)


def criterion_prompt(c: Criterion) -> Content:
    head = Content.assemble(("●" * c.weight, "bold"), ("○" * (5 - c.weight), "dim"), "  ", c.text)
    lines = [head]
    if c.note:
        lines.append(Content.assemble("       ", (c.note, "italic dim")))
    asks = [f"{len(c.questions)} question{'s' if len(c.questions) != 1 else ''}"]
    if c.signals:
        asks.append(f"{len(c.signals)} signal{'s' if len(c.signals) != 1 else ''}")
    if c.questions or c.signals:
        lines.append(Content.assemble("       ", (" · ".join(asks), "dim")))
    return Content("\n").join(lines)


def flag_prompt(p: FlagPreset, profile: Profile) -> Content:
    mark = ("▲ red  ", "bold $error") if p.kind == "red" else ("● green", "bold $success")
    parts: list[str | tuple[str, str] | Content] = [
        (f" {p.key} ", "reverse bold"),
        "  ",
        mark,
        "  ",
        p.label,
        (f"  ×{p.severity} {SEVERITIES.get(p.severity, '')}", "dim"),
    ]
    head = Content.assemble(*parts)
    linked = profile.dealbreaker(p.dealbreaker) if p.dealbreaker else None
    if linked is None:
        return head
    link = Content.assemble("              ", ("⇒ dealbreaker: ", "dim"), (linked.text, "italic"))
    return Content("\n").join([head, link])


def has_empty_lists(profile: Profile) -> bool:
    """Whether the suggested homework would add anything (`S`)."""
    return not all(getattr(profile, key) for key in (*CRITERION_GROUPS, "flags"))


def section_prompt(section: Section, profile: Profile) -> Content:
    count = ""
    if section.kind == "criteria":
        count = str(len(getattr(profile, section.key)))
    elif section.kind == "flags":
        count = str(len(profile.flags))
    return Content.assemble(section.title.ljust(18), (count, "dim"))


def number_texts(numbers: WalkAwayNumbers) -> dict[str, str]:
    out = {}
    for name, _, _ in NUMBER_FIELDS:
        value = getattr(numbers, name)
        out[name] = "" if value is None else str(value)
    return out


def tally_text(tally: TallySettings) -> str:
    return "" if tally.threshold == TALLY_DEFAULT else str(tally.threshold)


class ProfileScreen(FollowsView[None]):
    CSS_PATH = "profile.tcss"
    HELP_TEXT = (
        "Your homework, done before the search starts: what a job must give you, what ends "
        "it, what would be nice and where you will bend (each weighted 1–5), the numbers an "
        "offer has to clear, the flags you count during interviews, and your own words for "
        "the notes Catbird drafts. Choose a section on the left with j/k, go in with Enter or "
        "l (h or Esc comes back; Tab works too). In a list, a adds, e or Enter edits, J/K "
        "move the item down or up, and d removes it at once — u undoes the last change, here "
        "as everywhere, and ctrl+r redoes it. In a form the letters are typed: Tab and "
        "shift+Tab (or ↓ and ↑ between boxes) move, Esc comes back to the sections, keeping "
        "what you typed. Forms save with Enter or ctrl+s, and only when every box is valid; "
        "a problem is shown under its box. Esc on the sections goes back to the board. "
        "Each criterion can carry the questions that find it out and the signals that give "
        "it away: the prep sheet and the tally show them. S fills the lists still empty with "
        "our suggested homework, to edit after. Everything is written to profile.toml."
    )
    BINDINGS = [
        Binding(
            "escape",
            "back",
            "Back",
            id="profile.back",
            tooltip="Out of a section to the sections; from there, back to the board",
        ),
        Binding("a", "add", "Add", id="profile.add", tooltip="Add an item to this list"),
        Binding("e,enter", "edit", "Edit", id="profile.edit", tooltip="Edit the highlighted item"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="profile.remove",
            tooltip="Remove the highlighted item (u puts it back)",
        ),
        Binding("K,shift+up", "move(-1)", "Up", id="profile.move-up", tooltip="Move the item up"),
        Binding(
            "J,shift+down",
            "move(1)",
            "Down",
            id="profile.move-down",
            tooltip="Move the item down",
        ),
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Save this form"),
        Binding(
            "S",
            "suggest",
            "Suggestions",
            id="profile.suggest",
            tooltip="Fill the empty lists with our suggested homework, to edit after",
        ),
        Binding("j", "cursor(1)", "Next", id="profile.next", show=False),
        Binding("k", "cursor(-1)", "Previous", id="profile.previous", show=False),
        # A one-line box does not use ↓/↑ (a list or a text area does, before this): they
        # move between the boxes of a form, like Tab.
        Binding("down", "next_box(1)", "Next box", id="profile.next-box", show=False),
        Binding("up", "next_box(-1)", "Previous box", id="profile.previous-box", show=False),
        Binding(
            "l,right",
            "enter_section",
            "Go in",
            id="profile.in",
            show=False,
            tooltip="Into the section",
        ),
        Binding(
            "h,left",
            "to_sections",
            "Sections",
            id="profile.sections",
            show=False,
            tooltip="Back to the list of sections",
        ),
        Binding(
            "q",
            "quit_app",
            "Quit",
            id="profile.quit",
            show=False,
            tooltip="Leave Catbird (asks first if a form is not saved)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profile = Profile()
        """The profile on show: replaced after every save and on changes from outside."""
        self.current = SECTIONS[0]
        self._leave_armed = False
        self._statuses: dict[str, str] = {}

    # ---- building ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="profile-problem")
        with Horizontal(id="profile-body"):
            yield OptionList(*(Option(Content(s.title), id=s.key) for s in SECTIONS), id="sections")
            with ContentSwitcher(initial=f"pane-{SECTIONS[0].key}", id="panes"):
                for section in SECTIONS:
                    yield from self._pane(section)
        yield KeyBar()

    def _heading(self, section: Section) -> Iterable[Widget]:
        yield Static(Content(section.title), classes="pane-title")
        yield Static(Content(section.about), classes="pane-about")

    def _pane(self, section: Section) -> Iterable[Widget]:
        pane_id = f"pane-{section.key}"
        if section.kind in LIST_KINDS:
            hint = f"Nothing here yet: press a to add a {section.noun}."
            yield Vertical(
                *self._heading(section),
                OptionList(id=f"list-{section.key}", classes="items"),
                Static(Content(hint), classes="empty-hint", id=f"empty-{section.key}"),
                id=pane_id,
                classes="list-pane",
            )
        elif section.kind == "numbers":
            cells: list[Widget] = []
            for name, label, hint in NUMBER_FIELDS:
                cells += [
                    Label(label),
                    Input(
                        id=f"number-{name}",
                        placeholder="USD" if name == "currency" else "not set",
                        max_length=12 if name == "currency" else 16,
                        compact=True,
                        classes="number",
                    ),
                    Static(Content(hint), classes="field-hint"),
                    Static("", classes="field-error", id=f"error-{name}"),
                ]
            yield VerticalScroll(
                *self._heading(section),
                Grid(*cells, id="numbers-grid"),
                Static("", classes="form-status", id="status-numbers"),
                id=pane_id,
                classes="form-pane",
                can_focus=False,  # Tab goes straight to the first box
            )
        elif section.kind == "tally":
            yield VerticalScroll(
                *self._heading(section),
                Grid(
                    Label("Threshold"),
                    Input(
                        id="tally-threshold",
                        placeholder=str(TALLY_DEFAULT),  # the box is narrow: the hint says why
                        max_length=5,
                        compact=True,
                    ),
                    Static(
                        Content(f"1–100; empty: our default, {TALLY_DEFAULT}"),
                        classes="field-hint",
                    ),
                    Static("", classes="field-error", id="error-threshold"),
                    id="tally-grid",
                ),
                Static("", classes="form-status", id="status-tally"),
                id=pane_id,
                classes="form-pane",
                can_focus=False,  # Tab goes straight to the first box
            )
        elif section.kind == "you":
            cells = []
            for key, label, hint, limit in (
                ("you_name", "Your name", "signs your letters", 80),
                ("you_headline", "Headline", "optional", 120),
                ("quiet_days", "Quiet days", f"1–365, else {QUIET_DEFAULT}", 4),
            ):
                cells += [
                    Label(label),
                    Input(
                        id=key.replace("_", "-"),
                        placeholder=str(QUIET_DEFAULT) if key == "quiet_days" else "",
                        max_length=limit,
                        compact=True,
                        classes="you",
                    ),
                    Static(Content(hint), classes="field-hint"),
                    Static("", classes="field-error", id=f"error-{key}"),
                ]
            yield VerticalScroll(
                *self._heading(section),
                Grid(*cells, id="you-grid"),
                Static("", classes="form-status", id="status-you"),
                id=pane_id,
                classes="form-pane",
                can_focus=False,  # Tab goes straight to the first box
            )
        else:
            boxes: list[Widget] = []
            for name, label in PHRASES:
                boxes += [
                    Label(Content(label), classes="phrase-label"),
                    TextArea(
                        id=f"phrase-{name}",
                        placeholder="Empty: Catbird uses its own wording.",
                        soft_wrap=True,
                        show_line_numbers=False,
                        classes="phrase",
                    ),
                    Static("", classes="field-error", id=f"error-{name}"),
                ]
            yield VerticalScroll(
                *self._heading(section),
                *boxes,
                Static("", classes="form-status", id="status-phrasing"),
                id=pane_id,
                classes="form-pane",
                can_focus=False,  # Tab goes straight to the first box
            )

    def on_mount(self) -> None:
        self.sub_title = "Homework"
        self.show_profile(door(self).profile, forms=True)
        self.query_one("#sections", OptionList).focus()
        # profile.toml changed elsewhere (CLI, editor, sync): the app re-reads it and then
        # publishes a new view, so that is when to look at the door's profile again.
        self.follow_view(self._view_changed, init=False)
        self._show_problem(door(self).view.profile_problem)

    def _view_changed(self, view: WorkspaceView) -> None:
        self._show_problem(view.profile_problem)
        self._maybe_changed_outside()

    def _show_problem(self, problem: str | None) -> None:
        """A profile.toml that cannot be read is never overwritten: say so, and why."""
        banner = self.query_one("#profile-problem", Static)
        banner.display = problem is not None
        if problem is not None:
            banner.update(
                Content.assemble(
                    (
                        "⚠ profile.toml could not be read, so nothing here is saved until it "
                        "is fixed (see `catbird check`): ",
                        "bold",
                    ),
                    problem,
                )
            )

    def _maybe_changed_outside(self) -> None:
        profile = door(self).profile
        if profile != self.profile:
            self.show_profile(profile)
        else:
            self.profile = profile  # the same content, read back after our own save

    # ---- showing the profile -----------------------------------------------------------

    def show_profile(self, profile: Profile, *, forms: bool = False) -> None:
        """Show `profile`; forms with unsaved edits keep them unless `forms` is true."""
        previous = self.profile
        dirty = set() if forms else {s.key for s in SECTIONS if self.is_dirty(s, previous)}
        self.profile = profile
        self._leave_armed = False  # what is unsaved may have changed: ask again before leaving
        sections = self.query_one("#sections", OptionList)
        for section in SECTIONS:
            sections.replace_option_prompt(section.key, section_prompt(section, profile))
            if section.kind in LIST_KINDS:
                self._fill_list(section)
            elif section.key not in dirty:
                self._fill_form(section)
        self.refresh_bindings()

    def _items(self, section: Section, profile: Profile | None = None) -> list[Item]:
        return list(getattr(profile or self.profile, section.key))

    def _fill_list(self, section: Section, select: str | None = None) -> None:
        items = self._items(section)
        listing = self.query_one(f"#list-{section.key}", OptionList)
        highlighted = listing.highlighted_option
        shown = {option.id for option in listing.options}
        # An item that came back (an undo, a redo) is where the cursor goes: the user sees it.
        back = next((i.id for i in items if shown and i.id not in shown), None)
        keep = select or back or (highlighted.id if highlighted else None)
        old_index = listing.highlighted or 0
        if section.kind == "flags":
            prompts = [flag_prompt(cast(FlagPreset, i), self.profile) for i in items]
        else:
            prompts = [criterion_prompt(cast(Criterion, i)) for i in items]
        listing.set_options(
            Option(prompt, id=i.id) for prompt, i in zip(prompts, items, strict=True)
        )
        if not items and listing.has_focus:
            self.query_one("#sections", OptionList).focus()  # the list is about to hide
        listing.display = bool(items)
        self.query_one(f"#empty-{section.key}", Static).display = not items
        if items:
            ids = [i.id for i in items]
            index = ids.index(keep) if keep in ids else min(old_index, len(items) - 1)
            listing.highlighted = index

    def _fill_form(self, section: Section) -> None:
        if section.kind == "numbers":
            for name, text in number_texts(self.profile.numbers).items():
                self.query_one(f"#number-{name}", Input).value = text
                self._field_error(name, "")
        elif section.kind == "tally":
            self.query_one("#tally-threshold", Input).value = tally_text(self.profile.tally)
            self._field_error("threshold", "")
        elif section.kind == "you":
            for key, text in you_texts(self.profile).items():
                self.query_one(f"#{key.replace('_', '-')}", Input).value = text
                self._field_error(key, "")
        elif section.kind == "phrasing":
            for name, _ in PHRASES:
                area = self.query_one(f"#phrase-{name}", TextArea)
                text = getattr(self.profile.phrasing, name)
                if area.text != text:
                    area.load_text(text)
                self._field_error(name, "")
        self._status(section, "")

    def _field_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(Content(f"↑ {message}" if message else ""))
        error.set_class(bool(message), "-shown")

    def _status(self, section: Section, message: str, *, problem: bool = False) -> None:
        status = self.query_one(f"#status-{section.key}", Static)
        self._statuses[section.key] = message
        status.update(Content(message))
        status.set_class(problem, "-problem")

    # ---- where the user is -------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id or SECTIONS[0].key
        self.current = SECTION_BY_KEY[key]
        self.query_one("#panes", ContentSwitcher).current = f"pane-{key}"
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#sections")
    def _section_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_enter_section()

    @on(OptionList.OptionSelected, ".items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    @on(OptionList.OptionHighlighted, ".items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def go_to(self, key: str) -> None:
        """Show the section `key` (as if chosen in the list on the left)."""
        sections = self.query_one("#sections", OptionList)
        sections.highlighted = sections.get_option_index(key)
        self.current = SECTION_BY_KEY[key]
        pane = self.query_one(f"#pane-{key}")
        focused = self.focused
        if focused is not None and focused is not sections and pane not in focused.ancestors:
            sections.focus()  # the cursor was in a section that is now hidden
        self.query_one("#panes", ContentSwitcher).current = pane.id
        self.refresh_bindings()

    def _listing(self) -> OptionList | None:
        if self.current.kind not in LIST_KINDS:
            return None
        return self.query_one(f"#list-{self.current.key}", OptionList)

    def _selected(self) -> Item | None:
        listing = self._listing()
        if listing is None or listing.highlighted_option is None:
            return None
        wanted = listing.highlighted_option.id
        return next((i for i in self._items(self.current) if i.id == wanted), None)

    def action_enter_section(self) -> None:
        if not isinstance(self.focused, OptionList) or self.focused.id != "sections":
            return
        listing = self._listing()
        if listing is not None:
            if listing.display:
                listing.focus()
            return
        pane = self.query_one(f"#pane-{self.current.key}")
        first = next((w for w in pane.query("Input, TextArea") if w.focusable), None)
        if first is not None:
            first.focus()

    def action_to_sections(self) -> None:
        self.query_one("#sections", OptionList).focus()

    def action_next_box(self, delta: int) -> None:
        if isinstance(self.focused, Input):
            self.focus_next() if delta > 0 else self.focus_previous()

    def action_cursor(self, delta: int) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            if delta > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_list = self.current.kind in LIST_KINDS
        if action == "add":
            return in_list
        if action in ("edit", "remove", "move"):
            if not in_list:
                return False
            return True if self._selected() is not None else None
        if action == "save":
            return self.current.kind in FORM_KINDS
        if action == "suggest":
            return has_empty_lists(self.profile)
        return True

    def action_suggest(self) -> None:
        """Put the suggested criteria, questions and flags in every list still empty."""
        if door(self).perform(ops.start_from_suggestions):
            self.notify("Suggested homework added: edit it to make it yours", timeout=3)
            self.refresh_bindings()

    # ---- saving: every change is an operation the app performs (and `u` undoes); the app
    # then holds the new profile and publishes it, and `_maybe_changed_outside` draws it.

    # ---- list sections: add, edit, remove, reorder ---------------------------------------

    def action_add(self) -> None:
        section = self.current
        if section.kind == "criteria":
            self.app.push_screen(
                CriterionForm(section).saving(self._criterion_saver(section, True))
            )
        elif section.kind == "flags":
            used = {p.key for p in self.profile.flags}
            free = next((k for k in "123456789" if k not in used), "")
            form = FlagForm(self.profile.dealbreakers, self._check_flag, free_key=free)
            self.app.push_screen(form.saving(self._flag_saver(True)))

    def action_edit(self) -> None:
        section = self.current
        item = self._selected()
        if item is None:
            return
        if isinstance(item, Criterion):
            form = CriterionForm(section, item)
            self.app.push_screen(form.saving(self._criterion_saver(section, False)))
        else:
            flag_form = FlagForm(self.profile.dealbreakers, self._check_flag, preset=item)
            self.app.push_screen(flag_form.saving(self._flag_saver(False)))

    # The item forms save through these and stay open when a save fails (a full disk), with
    # what was typed still in them.

    def _criterion_saver(self, section: Section, new: bool) -> Callable[[Criterion | None], bool]:
        group = cast(ops.CriteriaGroup, section.key)

        def save(criterion: Criterion | None) -> bool:
            if criterion is None:
                return True
            operation = ops.add_criterion if new else ops.edit_criterion
            if not door(self).perform(operation, group, criterion):
                return False
            self._show_item(section, criterion.id)
            return True

        return save

    def _flag_saver(self, new: bool) -> Callable[[FlagPreset | None], bool]:
        def save(preset: FlagPreset | None) -> bool:
            if preset is None:
                return True
            operation = ops.add_flag_preset if new else ops.edit_flag_preset
            if not door(self).perform(operation, preset):
                return False
            self._show_item(SECTION_BY_KEY["flags"], preset.id)
            return True

        return save

    def _check_flag(self, preset: FlagPreset) -> Profile:
        return ops.with_item(self.profile, "flags", preset)

    def _show_item(self, section: Section, item_id: str) -> None:
        self._fill_list(section, select=item_id)
        listing = self.query_one(f"#list-{section.key}", OptionList)
        if not listing.has_focus and not isinstance(self.focused, Input | TextArea):
            listing.focus()

    def action_remove(self) -> None:
        item = self._selected()
        if item is None:
            return
        section = self.current
        if isinstance(item, Criterion):
            group = cast(ops.CriteriaGroup, section.key)
            linked = [f for f in self.profile.flags if f.dealbreaker == item.id]
            done = door(self).perform(ops.remove_criterion, group, item.id)
            name = item.text
        else:
            linked = []
            done = door(self).perform(ops.remove_flag_preset, item.id)
            name = item.label
        if done:
            unlinked = f" and unlinked it from {len(linked)} flag(s)" if linked else ""
            self.notify(f"Removed “{name}”{unlinked}. u puts it back.", timeout=4, markup=False)

    def action_move(self, delta: int) -> None:
        section = self.current
        item = self._selected()
        if item is None:
            return
        items = self._items(section)
        index = [i.id for i in items].index(item.id)
        if not 0 <= index + delta < len(items):
            return
        if isinstance(item, Criterion):
            group = cast(ops.CriteriaGroup, section.key)
            moved = door(self).perform(ops.move_criterion, group, item.id, delta)
        else:
            moved = door(self).perform(ops.move_flag_preset, item.id, delta)
        if moved:
            self._fill_list(section, select=item.id)

    # ---- form sections: numbers, threshold, phrasing ------------------------------------

    def is_dirty(self, section: Section, profile: Profile | None = None) -> bool:
        """Whether the form on screen differs from what `profile` (the one shown) says."""
        shown = profile or self.profile
        if section.kind == "numbers":
            saved = number_texts(shown.numbers)
            return any(
                self.query_one(f"#number-{n}", Input).value.strip() != saved[n] for n in saved
            )
        if section.kind == "tally":
            typed = self.query_one("#tally-threshold", Input).value.strip()
            return typed != tally_text(shown.tally) and typed != str(shown.tally.threshold)
        if section.kind == "you":
            saved = you_texts(shown)
            return any(
                self.query_one(f"#{k.replace('_', '-')}", Input).value.strip() != v
                for k, v in saved.items()
            )
        if section.kind == "phrasing":
            return any(
                self.query_one(f"#phrase-{n}", TextArea).text != getattr(shown.phrasing, n)
                for n, _ in PHRASES
            )
        return False

    @on(Input.Changed, ".number, #tally-threshold, .you")
    @on(TextArea.Changed, ".phrase")
    def _form_changed(self) -> None:
        self._leave_armed = False
        section = self.current
        if section.kind not in FORM_KINDS:
            return
        if self.is_dirty(section):
            save_keys = "ctrl+s saves" if section.kind == "phrasing" else "Enter or ctrl+s saves"
            self._status(section, f"Changed — {save_keys}.")
        elif self._statuses.get(section.key, "").startswith("Changed"):
            self._status(section, "")

    @on(Input.Submitted, ".number, #tally-threshold, .you")
    def _form_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        kind = self.current.kind
        if kind == "numbers":
            self._save_numbers()
        elif kind == "tally":
            self._save_tally()
        elif kind == "phrasing":
            self._save_phrasing()
        elif kind == "you":
            self._save_you()

    def _report(self, section: Section, errors: dict[str, str], names: Iterable[str]) -> None:
        names = list(names)
        for name in names:
            self._field_error(name, errors.get(name, ""))
        general = errors.get("", "")
        count = sum(1 for n in names if n in errors)
        what = f"{count} box{'es' if count != 1 else ''} to fix" if count else general
        self._status(section, f"Not saved: {what}.", problem=True)

    def _save_numbers(self) -> None:
        section = SECTION_BY_KEY["numbers"]
        names = [n for n, _, _ in NUMBER_FIELDS]
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name in names:
            text = self.query_one(f"#number-{name}", Input).value
            if name == "currency":
                values[name] = text.strip().upper() or WalkAwayNumbers().currency
                continue
            try:
                values[name] = parse_whole(text)
            except ValueError as exc:
                errors[name] = str(exc)
        try:
            # Checked even when a box could not be read, so every problem shows at once.
            numbers = WalkAwayNumbers.model_validate(values)
        except ValidationError as exc:
            errors = field_errors(exc) | errors
        if errors:
            self._report(section, errors, names)
            self._focus_first(f"#number-{n}" for n in names if n in errors)
            return
        if door(self).perform(ops.set_walk_away, numbers):
            self._saved(section)

    def _save_tally(self) -> None:
        section = SECTION_BY_KEY["tally"]
        text = self.query_one("#tally-threshold", Input).value
        errors: dict[str, str] = {}
        try:
            number = parse_whole(text)
            tally = TallySettings(threshold=TALLY_DEFAULT if number is None else number)
        except ValidationError as exc:
            errors = field_errors(exc)
        except ValueError as exc:
            errors = {"threshold": str(exc)}
        if errors:
            self._report(section, errors, ["threshold"])
            self._focus_first(["#tally-threshold"])
            return
        if door(self).perform(ops.set_tally_threshold, tally.threshold):
            self._saved(section)

    def _save_phrasing(self) -> None:
        section = SECTION_BY_KEY["phrasing"]
        names = [n for n, _ in PHRASES]
        values = {n: self.query_one(f"#phrase-{n}", TextArea).text for n in names}
        try:
            phrasing = Phrasing.model_validate(values)
        except ValidationError as exc:
            errors = field_errors(exc)
            self._report(section, errors, names)
            self._focus_first(f"#phrase-{n}" for n in names if n in errors)
            return
        if door(self).perform(ops.set_phrasing, phrasing):
            self._saved(section)

    def _save_you(self) -> None:
        section = SECTION_BY_KEY["you"]
        names = ["you_name", "you_headline", "quiet_days"]
        typed = {n: self.query_one(f"#{n.replace('_', '-')}", Input).value for n in names}
        errors: dict[str, str] = {}
        quiet: int | None = None
        try:
            quiet = parse_whole(typed["quiet_days"])
            if quiet is not None:
                FollowUpSettings(quiet_days=quiet)
        except ValidationError:
            errors["quiet_days"] = "1 to 365 days"
        except ValueError as exc:
            errors["quiet_days"] = str(exc)
        if errors:
            self._report(section, errors, names)
            self._focus_first(["#quiet-days"])
            return
        if door(self).perform(ops.set_about_you, typed["you_name"], typed["you_headline"], quiet):
            self._saved(section)

    def _saved(self, section: Section) -> None:
        self._fill_form(section)
        self._status(section, "Saved.")
        self.notify(f"{section.title}: saved.", timeout=2)

    def _focus_first(self, selectors: Iterable[str]) -> None:
        for selector in selectors:
            self.query_one(selector).focus()
            return

    # ---- leaving ----------------------------------------------------------------------------

    def _unsaved(self) -> list[Section]:
        return [s for s in SECTIONS if s.kind in FORM_KINDS and self.is_dirty(s)]

    def _may_leave(self, again: str) -> bool:
        unsaved = self._unsaved()
        if not unsaved or self._leave_armed:
            return True
        self._leave_armed = True
        names = ", ".join(s.title for s in unsaved)
        self.notify(
            f"Not saved yet: {names}. ctrl+s saves; {again} again leaves without saving.",
            severity="warning",
            timeout=6,
        )
        self.go_to(unsaved[0].key)
        return False

    def action_back(self) -> None:
        sections = self.query_one("#sections", OptionList)
        if self.focused is not None and self.focused is not sections:
            sections.focus()  # out of the section first (a form keeps what was typed)
            return
        if self._may_leave("Esc"):
            self.dismiss()

    def action_quit_app(self) -> None:
        if self._may_leave("q"):
            self.app.exit()
