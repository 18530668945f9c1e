"""One opportunity in full: people, notes, interviews with their flags, follow-ups, history."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header

from catbird import ops
from catbird.model import (
    FOLLOW_UP_STAGES,
    CardSummary,
    FlagEvent,
    Note,
    Opportunity,
    Profile,
    Stage,
    today,
)
from catbird.model.findings import answer_words, describe_evidence, mark, quoted, standings
from catbird.model.profile import GROUP_NOUN
from catbird.model.scoring import fit_score, red_score, unknown_count
from catbird.tui import messages
from catbird.tui.door import door
from catbird.tui.screens.opportunity import OpportunityScreen
from catbird.tui.widgets.hanging_text import (
    Block,
    Chain,
    HangingLines,
    LazyLines,
    Line,
    Part,
    hang,
)
from catbird.tui.widgets.keybar import KeyBar


def _section(title: str, lines: Block) -> Block:
    if not lines:
        return []
    return Chain([[(0, Content.styled(title, "bold $accent"))], lines])


def _flag_line(f: FlagEvent) -> Line:
    mark = "▲ " if f.kind == "red" else "● "
    return hang(
        (f"    {f.at:%H:%M} ", "dim"),
        (mark, "$error" if f.kind == "red" else "$success"),
        f.label,
        (f"  ×{f.severity}", "dim"),
        *([("  — ", "dim"), (f.note, "italic")] if f.note else []),
    )


def _note_line(n: Note) -> Line:
    return hang((f"    {n.at:%H:%M} ✎ ", "dim"), n.text)


def render_opportunity(o: Opportunity, profile: Profile) -> list[Block]:
    """The detail view as blocks of lines. User text is always a plain part, never markup."""
    day = today()
    blocks: list[Block] = []
    head: list[Part] = [(o.company, "bold")]
    if o.role:
        head += [" — ", o.role]
    facts: list[Part] = [
        ("stage ", "dim"),
        (o.stage.value, "bold"),
        (f" since {o.stage_entered_at():%Y-%m-%d}", "dim"),
    ]
    fit = fit_score(o, profile)
    if fit is not None:
        facts += [("   fit ", "dim"), (f"{fit}/100", "bold")]
    unknown = unknown_count(o, profile)
    if unknown:
        facts += [("   still unknown ", "dim"), (str(unknown), "bold")]
    lines: list[Line] = [(0, Content.assemble(*head)), (0, Content.assemble(*facts))]
    for label, value in (
        ("link", o.link),
        ("location", o.location),
        ("source", o.source),
        ("tags", ", ".join(o.tags)),
    ):
        if value:
            lines.append(hang((f"{label:<9}", "dim"), value))
    if o.next_action:
        action = o.next_action
        due: list[Part] = []
        if action.due:
            late = action.due < day
            due = [("  due ", "dim"), (action.due.isoformat(), "bold $error" if late else "")]
            if late:
                due.append((" overdue", "$error"))
        lines.append(hang(("next     ", "dim"), action.text, *due))
    if o.closing:
        reason = o.closing.reason
        lines.append(
            hang(
                ("closed   ", "dim"),
                (o.closing.stage.value, "bold"),
                f" on {o.closing.at:%Y-%m-%d}",
                *([": ", reason] if reason else []),
            )
        )
        if o.closing.retired_action:
            lines.append(hang(("retired  ", "dim"), (o.closing.retired_action, "dim strike")))
    blocks.append(lines)

    if o.closing and o.closing.evidence:
        blocks.append(_section("Evidence", evidence_block(o, profile)))

    people: list[Line] = []
    for c in o.contacts:
        parts: list[Part] = [(c.name, "bold")]
        if c.role:
            parts += [", ", c.role]
        if c in ops.met(o):
            parts.append(("  ✓ met", "$success"))
        if c.clicked:
            parts.append(("  ♥ clicked", "$accent"))
        if ops.raised_red_flags(o, c):
            parts.append(("  ▲ red flags", "$error"))
        people.append(hang(("  • ", "dim"), *parts))
        reach = "  ".join(x for x in (c.email, c.phone, c.link) if x)
        rounds = ops.rounds_of(o, c.id)
        more = [reach] if reach else []
        if rounds:
            more.append("rounds " + ", ".join(map(str, rounds)))
        if more:
            people.append(hang("    ", (" · ".join(more), "dim")))
        if c.notes:
            people.append(hang("    ", (c.notes, "dim")))
    blocks.append(_section("People", people))

    interviews: list[Block] = []
    for i in o.interviews:
        who = [" with ", i.with_whom] if i.with_whom else []
        state = ("  under way", "bold $warning") if i.is_open else ("", "")
        round_line = hang(
            "  ",
            (f"Round {i.round} · {i.kind}", "bold"),
            *who,
            (f"  {i.started_at:%Y-%m-%d %H:%M}", "dim"),
            (f"  red score {red_score(i.flags)}", "$error" if i.flags else "dim"),
            state,
        )
        # An interview may hold thousands of flags: their lines are made when first drawn.
        interviews += [[round_line], LazyLines(i.flags, _flag_line), LazyLines(i.notes, _note_line)]
        if i.debrief:
            d = i.debrief
            gut = f"gut {d.gut}/5 · " if d.gut else ""
            debrief = hang(("    debrief: ", "dim"), f"{gut}{d.verdict}", "  ", d.summary)
            interviews.append([debrief])
    blocks.append(_section("Scheduled", scheduled_block(o)))
    blocks.append(_section("Interviews", Chain(interviews)))
    blocks.append(_section("Findings", findings_block(o, profile)))

    from catbird.texts.letters import has_letter

    follow_ups: list[Line] = []
    for task in o.follow_ups:
        box = "  [x] " if task.is_done else "  [ ] "
        late = not task.is_done and task.due < day
        if task.sent_at is not None:
            letter: Part = (f"  ✉ sent {task.sent_at:%Y-%m-%d}", "$success")
        elif has_letter(task):
            letter = ("  ✉ your letter" if task.letter.strip() else "  ✉ draft", "dim")
        else:
            letter = ("", "")
        follow_ups.append(
            hang(
                (box, "$success" if task.is_done else ""),
                (f"{task.due.isoformat()} ", "bold $error" if late else "dim"),
                task.title,
                letter,
            )
        )
    blocks.append(_section("Follow-ups", follow_ups))

    notes = [hang((f"  {n.at:%Y-%m-%d %H:%M}  ", "dim"), n.text) for n in reversed(o.notes)]
    blocks.append(_section("Notes", notes))

    history: list[Line] = []
    for h in reversed(o.stage_history):
        source = f"{h.from_stage.value} → " if h.from_stage else ""
        note: list[Part] = ["  ", (h.note, "dim")] if h.note else []
        history.append(
            hang((f"  {h.at:%Y-%m-%d %H:%M}  ", "dim"), source, (h.stage.value, "bold"), *note)
        )
    blocks.append(_section("Stage history", history))
    return [b for b in blocks if b]


def scheduled_block(o: Opportunity) -> list[Line]:
    """The interviews in the calendar still to come, with where, who, and what changed."""
    from catbird.model.agenda import ahead, interview_title
    from catbird.model.calendar import describe_minutes, describe_time

    lines: list[Line] = []
    for s in ahead(o):
        parts: list[Part] = [
            ("  ◆ ", "$accent"),
            (describe_time(s.at, s.zone), "bold"),
            (f"  {describe_minutes(s.minutes)} · ", "dim"),
            interview_title(o, s),
        ]
        lines.append(hang(*parts))
        names = [o.who(p) for p in s.people]
        if names:
            lines.append(hang(("      with ", "dim"), ", ".join(names)))
        for where in (s.place, s.link, s.note):
            if where:
                lines.append(hang("      ", where))
        for change in s.changes:
            if change.what == "moved" and change.from_time is not None:
                was = describe_time(change.from_time, s.zone)
                said: list[Part] = [
                    ("      moved ", "dim"),
                    (f"{change.at:%Y-%m-%d}", "dim"),
                    (" from ", "dim"),
                    was,
                ]
                if change.reason:
                    said += [("  — ", "dim"), change.reason]
                lines.append(hang(*said))
    return lines


def evidence_block(o: Opportunity, profile: Profile) -> list[Line]:
    """What a closing kept as evidence: each red flag and answer, with who and in which round."""
    assert o.closing is not None
    rounds = {f.id: i.round for i in o.interviews for f in i.flags}
    rounds |= {i.id: i.round for i in o.interviews}
    flags = {f.id: f for f in o.flags}
    findings = {f.id: f for f in o.findings}
    lines: list[Line] = []
    for e in o.closing.evidence:
        if e in flags:
            flag = flags[e]
            what, by, round_ = flag.label, flag.by, rounds.get(e)
        elif e in findings:
            finding = findings[e]
            found = profile.criterion(finding.criterion)
            text = found[1].text if found else finding.criterion
            what = f"{text}: {quoted(finding.quote)}" if finding.quote else text
            by, round_ = finding.by, rounds.get(finding.interview or "")
        else:
            continue
        where = ", ".join([*([o.who(by)] if by else []), *([f"round {round_}"] if round_ else [])])
        lines.append(
            hang(("  ▲ ", "$error"), what, *([("  — ", "dim"), (where, "dim")] if where else []))
        )
    return lines


ANSWER_STYLE = {"✓": "$success", "✗": "$error", "±": "$warning", "?": "dim"}


def findings_block(o: Opportunity, profile: Profile) -> list[Line]:
    """What was found out about each criterion, with its evidence; then what is still open."""
    lines: list[Line] = []
    found = standings(o, profile)
    for s in found:
        if not s.evidence:
            continue
        sign = mark(s.group, s.answer)
        lines.append(
            hang(
                ("  ", ""),
                (f"{sign} ", f"bold {ANSWER_STYLE[sign]}"),
                (f"{GROUP_NOUN[s.group]}: ", "dim"),
                s.criterion.text,
                (f"  {answer_words(s.group, s.answer)}", "bold"),
            )
        )
        lines += [hang("      ", (describe_evidence(o, e), "dim")) for e in s.evidence]
    still = sum(1 for s in found if s.is_unknown and s.group in ("must_haves", "dealbreakers"))
    if still:
        # The list itself, heaviest first with its questions, is the prep sheet's (P).
        count = (
            f"{still} must-have{'s' if still > 1 else ''} or dealbreaker{'s' if still > 1 else ''}"
        )
        lines.append(hang(("  ? ", "dim"), (f"{count} still to find out: P shows them", "dim")))
    return lines


class DetailScreen(OpportunityScreen):
    HELP_TEXT = (
        "Everything about one opportunity. Add a note with a; c shows the people (add, edit, "
        "mark who you met, clicked with, or who raised the red flags); s schedules an "
        "interview (the agenda, ctrl+t, moves or calls it off); r records what you found out "
        "about a criterion of your homework, P shows the prep sheet for the next "
        "conversation. x closes it as any ending, with a reason: the plan that keeps the "
        "door open comes with it, and l shows its follow-ups and their letters (f plans "
        "them for a card closed before)."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("e", "edit", "Edit", id="detail.edit", tooltip="Edit the card's fields"),
        Binding("a", "add_note", "Note", id="detail.note", tooltip="Add a note"),
        Binding(
            "c",
            "people",
            "People",
            id="detail.people",
            tooltip="The people: add, edit, remove; met, clicked, raised the red flags",
        ),
        Binding(
            "x",
            "close_as",
            "Close as…",
            id="detail.close-as",
            tooltip="Close as rejected, ghosted, declined, withdrawn, walked away or accepted",
        ),
        Binding(
            "l",
            "letters",
            "Letters",
            id="detail.letters",
            tooltip="The follow-ups of this card and their letters",
        ),
        Binding(
            "r",
            "record_finding",
            "Finding",
            id="detail.finding",
            tooltip="Record what you found out about a criterion of your homework",
        ),
        Binding(
            "N",
            "new_lead",
            "New lead here",
            id="detail.new-lead",
            tooltip="After walking away: a new lead here for the role you really want, "
            "with the same people",
        ),
        Binding(
            "s",
            "schedule",
            "Schedule",
            id="detail.schedule",
            tooltip="Schedule an interview: when, how long, with whom, where",
        ),
        Binding(
            "P",
            "prep",
            "Prep",
            id="detail.prep",
            tooltip="The prep sheet for the next conversation",
        ),
        Binding(
            "f",
            "plan",
            "Follow-ups",
            id="detail.follow-ups",
            tooltip="Plan the follow-ups after this outcome",
        ),
        Binding("j,down", "scroll(1)", "Down", show=False, id="detail.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="detail.up"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield HangingLines(id="body")
        yield KeyBar()

    READ_BIG_IN_THREAD = True

    def reading(self, card: CardSummary) -> None:
        self.sub_title = card.company
        flags = f"{card.red + card.green:,} flags"
        line = (0, Content.assemble((f"Reading {card.company} ", "bold"), (f"({flags})…", "dim")))
        self.query_one("#body", HangingLines).set_blocks([[line]])

    def show_opportunity(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        self.sub_title = opportunity.company
        self.query_one("#body", HangingLines).set_blocks(
            render_opportunity(opportunity, door(self).profile)
        )
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#body", HangingLines).scroll_relative(y=delta * 2, animate=False)

    def action_edit(self) -> None:
        from catbird.tui.dialogs.opportunity_form import OpportunityForm

        if self.opportunity is not None:
            self.app.push_screen(
                OpportunityForm(opportunity=self.opportunity).saving(self._save_edit)
            )

    def _save_edit(self, values: dict[str, Any]) -> bool:
        change = door(self).perform(ops.edit, values.pop("slug"), **values)
        return change is not None

    def action_add_note(self) -> None:
        from catbird.tui.dialogs.text_dialog import TextDialog

        def save(text: str) -> bool:
            return door(self).perform(ops.note, self.slug, text) is not None

        dialog = TextDialog("Note", "what happened, what you learned", file_name="note.md")
        self.app.push_screen(dialog.saving(save))

    def action_people(self) -> None:
        self.post_message(messages.OpenPeople(self.slug))

    def action_close_as(self) -> None:
        from catbird.tui.dialogs.close_as import close_as

        if self.opportunity is not None:
            close_as(self, self.slug, self.opportunity.company, self.opportunity.stage)

    def action_letters(self) -> None:
        self.post_message(messages.OpenDue(self.slug))

    def action_record_finding(self) -> None:
        from catbird.tui.dialogs.finding_form import FindingForm

        profile = door(self).profile
        o = self.opportunity
        if o is None:
            return
        if not profile.criteria():
            self.notify("your homework has no criteria yet: p opens it", severity="warning")
            return

        def save(values: dict[str, Any]) -> bool:
            return door(self).perform(ops.answer, self.slug, **values) is not None

        self.app.push_screen(FindingForm(standings(o, profile), o.contacts).saving(save))

    def action_new_lead(self) -> None:
        from catbird.tui.dialogs.prompt import PromptDialog

        def save(role: str) -> bool:
            change = door(self).perform(ops.lead_after_walking_away, self.slug, role)
            if change is None:
                return False
            self.notify(
                f"A new lead at {change.after.company if change.after else ''}, "
                "with the same people: on the board under Lead.",
                markup=False,
            )
            return True

        self.app.push_screen(
            PromptDialog(
                "The role you really want here", "e.g. Platform lead, reporting to the CTO"
            ).saving(save)
        )

    def action_prep(self) -> None:
        self.post_message(messages.OpenPrep(self.slug))

    def action_schedule(self) -> None:
        from catbird.tui.dialogs.schedule_form import schedule_for

        if self.opportunity is not None:
            schedule_for(self, self.opportunity)

    def action_plan(self) -> None:
        door(self).perform(ops.plan_follow_ups, self.slug)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_lead":
            return self.opportunity is not None and self.opportunity.stage is Stage.WALKED_AWAY
        if action == "plan":
            o = self.opportunity
            return (
                o is not None
                and o.stage in FOLLOW_UP_STAGES
                and not any(not f.is_done for f in o.follow_ups)
            )
        if action == "letters":
            return self.opportunity is not None and bool(self.opportunity.follow_ups)
        return True
