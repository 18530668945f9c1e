"""The live red-flag tally: one key per flag during an interview, and a graceful way out.

Every key press is saved at once (a crash loses nothing). A flag linked to a dealbreaker, or
a weighted red score at the profile's threshold, raises the "definite no" panel with a polite
exit script; `w` walks away, recording the flags that led there as evidence. Discreet mode
shows nothing that reads "red flag", for screen shares."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive

from catbird import ops
from catbird.model import (
    Debrief,
    FlagEvent,
    FlagPreset,
    Interview,
    Opportunity,
    Profile,
    now,
)
from catbird.model.findings import Standing, answer_words, open_questions, quoted, standings
from catbird.model.findings import mark as mark_of
from catbird.model.opportunity import Contact, Finding
from catbird.model.scoring import (
    confirmed_dealbreakers,
    definite_no,
    definite_no_reasons,
    green_score,
    red_score,
)
from catbird.texts.scripts import FOR_REAL_NO_ONLY, exit_script
from catbird.tui.dialogs.confirm_walk_away import ConfirmWalkAway
from catbird.tui.dialogs.custom_flag import CustomFlagForm
from catbird.tui.dialogs.debrief import DebriefDialog
from catbird.tui.dialogs.finding_form import FindingForm
from catbird.tui.dialogs.prompt import PromptDialog
from catbird.tui.door import door
from catbird.tui.screens.opportunity import OpportunityScreen
from catbird.tui.widgets.keybar import KeyBar
from catbird.tui.widgets.log_lines import LogLines
from catbird.tui.widgets.text_box import TextBox

QUESTION_ROWS = 4
"""Open questions shown at once in the tally (the highlighted one also shows what to ask)."""
LABEL_INDENT = 9
"""Cells before a preset's label on the pad: " 1 ", the count, the dealbreaker mark."""


class TallyScreen(OpportunityScreen):
    CSS_PATH = "tally.tcss"
    HELP_TEXT = (
        "Count flags while they happen. Each preset from your profile has its key (shown on "
        "the pad); every press is saved at once with the time. c and g log a red or green "
        "flag you type; n a one-line note; u undoes the last. When a dealbreaker shows up or "
        "the red score reaches your threshold, a panel offers a polite way out: w walks away "
        "and keeps the flags as evidence. The questions still open are listed heaviest first: "
        "↑↓ picks one, Enter records the answer heard (y / n / m, a short quote); an answer "
        "that confirms a dealbreaker raises the panel too. + adds someone across the table "
        "and [ ] switch who is speaking: every flag and answer records them. d switches "
        "discreet mode for screen shares. Esc ends the interview with a short debrief."
    )
    BINDINGS = [
        Binding("escape", "end", "End", id="tally.end", tooltip="End the interview: debrief"),
        Binding("u", "undo", "Undo", id="tally.undo", tooltip="Undo the last flag or note"),
        Binding("n", "note", "Note", id="tally.note", tooltip="A one-line note"),
        Binding(
            "c",
            "custom('red')",
            "Custom ▲",
            id="tally.custom-red",
            tooltip="Type a red flag that is not on the pad",
        ),
        Binding(
            "g",
            "custom('green')",
            "Custom ●",
            id="tally.custom-green",
            tooltip="Type a green flag that is not on the pad",
        ),
        Binding(
            "w",
            "walk_away",
            "Walk away",
            id="tally.walk-away",
            tooltip="Close this opportunity as walked away",
        ),
        Binding(
            "d",
            "discreet",
            "Discreet",
            id="tally.discreet",
            tooltip="Neutral labels and colours for screen shares",
        ),
        Binding(
            "enter",
            "answer",
            "Answer",
            id="tally.answer",
            tooltip="Record the answer heard to the highlighted question (y / n / m, a quote)",
        ),
        Binding("up", "question(-1)", "Previous question", show=False, id="tally.question-up"),
        Binding("down", "question(1)", "Next question", show=False, id="tally.question-down"),
        Binding(
            "right_square_bracket",
            "speaker(1)",
            "Speaker ▶",
            id="tally.next-speaker",
            tooltip="Who is speaking now: the next person across the table",
        ),
        Binding(
            "left_square_bracket",
            "speaker(-1)",
            "◀ Speaker",
            id="tally.previous-speaker",
            show=False,
            tooltip="Who is speaking now: the previous person",
        ),
        Binding(
            "quotation_mark",
            "said",
            "They said",
            id="tally.said",
            tooltip='What they said, to hold the offer against ("pay: 180-200k")',
        ),
        Binding(
            "plus",
            "add_person",
            "Person",
            id="tally.add-person",
            tooltip="Someone else across the table (a contact, or a new one)",
        ),
        Binding(
            "x",
            "dismiss_panel",
            "Dismiss",
            id="tally.dismiss",
            show=False,
            tooltip="Hide the definite-no panel",
        ),
    ]

    WAITS_FOR_DIALOGS = True

    discreet: reactive[bool] = reactive(False)
    """Neutral wording and colours: nothing on screen reads "red flag"."""

    def __init__(self, slug: str, interview_id: str) -> None:
        super().__init__(slug)
        self.interview_id = interview_id
        self._dismissed: set[str] = set()
        """The reasons the panel was dismissed for; a new one raises it again."""
        self.speaker = ""
        """The contact id of who is speaking now ("" for no one in particular): every flag
        and answer records them."""
        self.question = 0
        """The highlighted open question (an index into the heaviest-first unknowns)."""

    def compose(self) -> ComposeResult:
        yield TextBox(id="tally-header")
        with Horizontal(id="tally-body"):
            yield TextBox(id="pad")
            with Vertical(id="right"):
                yield TextBox(id="score")
                yield TextBox(id="questions")
                yield LogLines(id="log")
        with Vertical(id="definite-no"):
            yield TextBox(id="definite-no-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#definite-no").display = False
        self.set_interval(1, self._tick)

    # ---- state ---------------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        return door(self).profile

    @property
    def interview(self) -> Interview | None:
        if self.opportunity is None:
            return None
        return next((i for i in self.opportunity.interviews if i.id == self.interview_id), None)

    def show_opportunity(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        interview = self.interview
        if interview is None:
            self.notify("this interview is gone from the file", severity="warning")
            self.dismiss()
            return
        self._render_header()
        self._render_pad(interview)
        self._render_questions()
        self._render_log(interview)
        self._render_panel(interview)
        self.refresh_bindings()

    @property
    def people(self) -> list[Contact]:
        """Who is across the table, in the order they joined."""
        o, interview = self.opportunity, self.interview
        if o is None or interview is None:
            return []
        return [c for c in (o.contact(i) for i in interview.people) if c is not None]

    def _interview_findings(self) -> list[Finding]:
        o = self.opportunity
        return [f for f in o.findings if f.interview == self.interview_id] if o else []

    def _open_questions(self) -> list[Standing]:
        o = self.opportunity
        return open_questions(o, self.profile) if o is not None else []

    def _tick(self) -> None:
        self._render_header()

    def on_resize(self) -> None:
        # The header and the pad fit what they show to the width (see below).
        interview = self.interview
        if interview is not None:
            self.call_after_refresh(self._render_header)
            self.call_after_refresh(self._render_pad, interview)
            self.call_after_refresh(self._render_panel, interview)

    def watch_discreet(self) -> None:
        self.set_class(self.discreet, "discreet")
        # The footer names the keys ("Walk away", "Custom ▲"): hidden while discreet; the
        # keys keep working, and `d` brings it back.
        self.query_one(KeyBar).display = not self.discreet
        if self.opportunity is not None:
            self.show_opportunity(self.opportunity)

    # ---- drawing -------------------------------------------------------------------------

    def _render_header(self) -> None:
        o, interview = self.opportunity, self.interview
        if o is None or interview is None:
            return
        seconds = max(0, int((now() - interview.started_at).total_seconds()))
        clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        title = "Session" if self.discreet else "Interview"
        names = ", ".join(c.name for c in self.people) or interview.with_whom
        who = [" · with ", names] if names else []
        header = self.query_one("#tally-header", TextBox)

        def line(role: bool, kind: bool) -> Content:
            return Content.assemble(
                (f" ⏱ {clock} ", "bold reverse"),
                (f" {title} · ", "bold"),
                (o.company, "bold"),
                *([" — ", o.role] if role and o.role and not self.discreet else []),
                (f" · round {interview.round}", "dim"),
                (f" · {interview.kind}" if kind else "", "dim"),
                *who,
            )

        # Who is across the table matters more than the role's title or the kind of call:
        # on a narrow terminal those give way rather than the end of the line being cut.
        width = header.size.width or self.app.size.width
        shapes = [line(True, True), line(False, True), line(False, False)]
        header.show(next((c for c in shapes if c.cell_length <= width), shapes[-1]))

    def _render_questions(self) -> None:
        """The criteria still unknown, heaviest first; the highlighted one with its question."""
        unknown = self._open_questions()
        self.question = max(0, min(self.question, len(unknown) - 1))
        widget = self.query_one("#questions", TextBox)
        if not unknown:
            widget.show(Content.styled("Nothing left to find out.", "dim"))
            return
        if self.discreet:
            widget.show(Content.styled(f"{len(unknown)} open · ↑↓ Enter", "dim"))
            return
        # At 80 columns the pad takes the larger share: the keys' words give way first.
        heading = f"To find out ({len(unknown)}) · ↑↓ Enter answers"
        if len(heading) > (widget.content_region.width or self.app.size.width):
            heading = f"To find out ({len(unknown)}) · ↑↓ Enter"
        rows = [Content.styled(heading, "bold dim")]
        start = max(0, min(self.question - 1, len(unknown) - QUESTION_ROWS))
        for index in range(start, min(len(unknown), start + QUESTION_ROWS)):
            standing = unknown[index]
            here = index == self.question
            rows.append(
                Content.assemble(
                    ("▸ " if here else "  ", "bold $accent"),
                    (standing.criterion.text, "bold" if here else ""),
                )
            )
            if here and standing.criterion.questions:
                rows.append(
                    Content.assemble(
                        ("    ask ", "dim"), (standing.criterion.questions[0], "italic")
                    )
                )
        widget.show(Content("\n").join(rows))

    def _pad_label(self, preset: FlagPreset, index: int) -> str:
        return f"item {index}" if self.discreet else preset.label

    def _render_pad(self, interview: Interview) -> None:
        counts: dict[str, int] = {}
        for flag in interview.flags:
            if flag.preset:
                counts[flag.preset] = counts.get(flag.preset, 0) + 1
        rows: list[Content] = []
        pad = self.query_one("#pad", TextBox)
        # The width a preset's label may take on one line: the pad's, less the key, count
        # and mark before it. A longer label goes on to the next line, under itself.
        room = max(8, (pad.content_region.width or self.app.size.width // 2 - 5) - LABEL_INDENT)
        reds = [p for p in self.profile.flags if p.kind == "red"]
        greens = [p for p in self.profile.flags if p.kind == "green"]
        if not reds and not greens:
            rows.append(Content.styled("No presets yet: add them in your profile (p).", "dim"))
        for title, presets, style in (("red", reds, "$error"), ("green", greens, "$success")):
            if not presets:
                continue
            heading = "A" if title == "red" else "B"
            rows.append(Content.styled(heading if self.discreet else f"{title} flags", "bold dim"))
            for index, preset in enumerate(presets, 1):
                count = counts.get(preset.id, 0)
                mark_style = "bold" if self.discreet else f"bold {style}"
                # The count comes right after the key: a long label is cut at the right
                # edge of a narrow terminal, and the count is what matters most.
                label = Content.assemble(
                    self._pad_label(preset, index),
                    ("" if self.discreet else f" ×{preset.severity}", "dim"),
                )
                first, *rest = label.wrap(room) if label.cell_length > room else [label]
                rows.append(
                    Content.assemble(
                        (f" {preset.key} ", "bold reverse"),
                        (f" {count:>2} " if count else "  · ", mark_style if count else "dim"),
                        (
                            "⚑ " if preset.dealbreaker and not self.discreet else "  ",
                            "bold $warning",
                        ),
                        first,
                    )
                )
                rows += [Content.assemble(" " * LABEL_INDENT, more) for more in rest]
            rows.append(Content(""))
        pad.show(Content("\n").join(rows))

    def _render_log(self, interview: Interview) -> None:
        o = self.opportunity
        entries: list[tuple[Any, int, Content]] = []
        labels = {
            p.id: (i, p)
            for group in ("red", "green")
            for i, p in enumerate((q for q in self.profile.flags if q.kind == group), 1)
        }
        for flag in interview.flags:
            if self.discreet:
                known = labels.get(flag.preset or "")
                label = f"item {known[0]}" if known else "custom"
                mark = ("• ", "")
            else:
                label = flag.label
                mark = ("▲ ", "$error") if flag.kind == "red" else ("● ", "$success")
            aside = (
                [("  — ", "dim"), (flag.note, "italic")] if flag.note and not self.discreet else []
            )
            who = o.who(flag.by) if o is not None and flag.by else ""
            by = [(f" · {who}", "dim")] if who and not self.discreet else []
            line = Content.assemble((f"{flag.at:%H:%M:%S} ", "dim"), mark, label, *by, *aside)
            entries.append((flag.at, len(entries), line))
        for finding in self._interview_findings() if not self.discreet else []:
            found = self.profile.criterion(finding.criterion)
            if found is None:
                continue
            group, criterion = found
            sign = mark_of(group, finding.answer)
            who = o.who(finding.by) if o is not None and finding.by else ""
            line = Content.assemble(
                (f"{finding.at:%H:%M:%S} ", "dim"),
                (f"{sign} ", "bold"),
                criterion.text,
                (f": {answer_words(group, finding.answer)}", "bold"),
                *([(" · ", "dim"), (quoted(finding.quote), "italic")] if finding.quote else []),
                *([(f" · {who}", "dim")] if who else []),
            )
            entries.append((finding.at, len(entries), line))
        heard = o.claims if o is not None and not self.discreet else []
        for claim in (c for c in heard if c.interview == interview.id):
            who = o.who(claim.by) if o is not None and claim.by else ""
            line = Content.assemble(
                (f"{claim.at:%H:%M:%S} ", "dim"),
                ("» ", "bold"),
                (f"{claim.topic}: ", "bold"),
                quoted(claim.text),
                *([(f" · by {claim.by_date:%a %d %b}", "dim")] if claim.by_date else []),
                *([(f" · {who}", "dim")] if who else []),
            )
            entries.append((claim.at, len(entries), line))
        for note in interview.notes:
            line = Content.assemble((f"{note.at:%H:%M:%S} ", "dim"), ("✎ ", ""), note.text)
            entries.append((note.at, len(entries), line))
        entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
        lines = [c for _, _, c in entries] or [Content.styled("Nothing logged yet.", "dim")]
        self.query_one("#log", LogLines).show(lines)

    def _render_panel_score(self, interview: Interview) -> Content:
        red, green = red_score(interview.flags), green_score(interview.flags)
        threshold = self.profile.tally.threshold
        filled = min(red, threshold)
        bar = "▮" * filled + "▯" * (threshold - filled)
        if self.discreet:
            return Content.assemble(("Σ ", "dim"), (f"{red}", "bold"), (f" / {green}", "dim"))
        score = Content.assemble(
            ("red score ", "dim"),
            (str(red), "bold $error"),
            (f" / {threshold}  ", "dim"),
            (bar, "$error"),
            ("   green ", "dim"),
            (str(green), "bold $success"),
        )
        return Content("\n").join([score, self._speaker_line()])

    def _speaker_line(self) -> Content:
        people = self.people
        if self.speaker and self.speaker not in {c.id for c in people}:
            self.speaker = ""
        who = next((c.name for c in people if c.id == self.speaker), "no one")
        shorter = more = " · + adds"
        if people:
            at = [c.id for c in people].index(self.speaker) + 1 if self.speaker else 0
            more = f" · {at} of {len(people)} · [ ]" if at else " · [ ] picks"
            shorter = " · [ ]" if at else more
        # At 80 columns the pad takes the larger share: the place in the panel gives way
        # before the name or the keys do, rather than the line wrapping under the score.
        width = self.query_one("#score", TextBox).content_region.width or self.app.size.width
        shapes = [
            Content.assemble(("speaking ", "dim"), (who, "bold"), (tail, "dim"))
            for tail in (more, shorter)
        ]
        return next((c for c in shapes if c.cell_length <= width), shapes[-1])

    def _render_panel(self, interview: Interview) -> None:
        self.query_one("#score", TextBox).show(self._render_panel_score(interview))
        findings = self._interview_findings()
        reason = definite_no(interview.flags, self.profile, findings)
        panel = self.query_one("#definite-no")
        reasons = definite_no_reasons(interview.flags, self.profile, findings)
        show = bool(set(reasons) - self._dismissed)
        panel.display = show
        if not show or self.opportunity is None:
            return
        o = self.opportunity
        script = exit_script(
            self.profile.phrasing.exit_script,
            company=o.company,
            role=o.role,
            name=interview.with_whom,
        )
        if self.discreet:
            body = Content.assemble(("Wrap-up  ", "bold"), ("w to close · x to hide", "dim"))
        else:
            # The reason, the words to say, then the reminder and the keys to act on it: the
            # panel is as tall as this needs (tally.tcss), so none of it is cut at 80×24.
            body = Content("\n").join(
                [
                    Content.assemble(
                        ("This looks like a definite no", "bold"), (" — ", "dim"), reason or ""
                    ),
                    Content(""),
                    Content(script),
                    Content(""),
                    Content.styled(FOR_REAL_NO_ONLY, "italic dim"),
                    Content.styled("w walk away · x dismiss", "bold $accent"),
                ]
            )
        self.query_one("#definite-no-text", TextBox).show(body)

    # ---- keys ----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A preset's key logs that flag (presets come from the profile, so not BINDINGS)."""
        if event.character is None or not isinstance(self.app.screen, TallyScreen):
            return
        preset = next((p for p in self.profile.flags if p.key == event.character), None)
        if preset is not None:
            event.stop()
            event.prevent_default()
            self._log(FlagEvent.from_preset(preset).model_copy(update={"by": self.speaker}))

    def _log(self, event: FlagEvent) -> bool:
        change = door(self).perform(ops.log_flag, self.slug, event, self.interview_id)
        return change is not None

    def action_custom(self, kind: str) -> None:
        title = "Custom item" if self.discreet else ""

        def save(values: dict[str, Any]) -> bool:
            return self._log(FlagEvent.model_validate({**values, "by": self.speaker}))

        dealbreakers = [] if self.discreet else self.profile.dealbreakers
        self.app.push_screen(CustomFlagForm(kind, dealbreakers, title=title).saving(save))

    def action_question(self, delta: int) -> None:
        self.question += delta
        self._render_questions()

    def action_speaker(self, delta: int) -> None:
        """Who is speaking now: one key to the next person (after the last: no one)."""
        ids = ["", *(c.id for c in self.people)]
        at = ids.index(self.speaker) if self.speaker in ids else 0
        self.speaker = ids[(at + delta) % len(ids)]
        interview = self.interview
        if interview is not None:
            self.query_one("#score", TextBox).show(self._render_panel_score(interview))

    def action_add_person(self) -> None:
        def save(text: str) -> bool:
            name, _, role = text.partition(",")
            change = door(self).perform(
                ops.add_person, self.slug, self.interview_id, name.strip(), role=role.strip()
            )
            if change is None:
                return False
            if change.after is not None:  # drawn when the dialog has closed (the view)
                interview = next(i for i in change.after.interviews if i.id == self.interview_id)
                self.speaker = interview.people[-1] if interview.people else ""
            return True

        self.app.push_screen(
            PromptDialog("Across the table", "Name, role (e.g. Dana Reyes, CTO)").saving(save)
        )

    def action_said(self) -> None:
        """Keep what the company just said: "topic: words" (pay, office-days, travel, title,
        start, decision), or just the words."""
        from catbird.model.claims import split_topic

        def save(text: str) -> bool:
            topic, words = split_topic(text)
            change = door(self).perform(
                ops.record_claim,
                self.slug,
                topic,
                words,
                by=self.speaker,
                interview_id=self.interview_id,
            )
            return change is not None  # drawn when the dialog has closed (the view)

        self.app.push_screen(
            PromptDialog(
                "They said", "pay: 180-200k · office-days: two · decision: by Friday"
            ).saving(save)
        )

    def action_answer(self) -> None:
        o = self.opportunity
        unknown = self._open_questions()
        if o is None or not self.profile.criteria():
            self.notify("your homework has no criteria yet: p opens it", severity="warning")
            return
        selected = unknown[self.question].criterion.id if unknown else None

        def save(values: dict[str, Any]) -> bool:
            change = door(self).perform(
                ops.answer, self.slug, interview_id=self.interview_id, **values
            )
            return change is not None  # drawn when the dialog has closed (the view)

        form = FindingForm(
            standings(o, self.profile),
            self.people or o.contacts,
            criterion=selected,
            by=self.speaker,
        )
        self.app.push_screen(form.saving(save))

    def action_note(self) -> None:
        def save(text: str) -> bool:
            change = door(self).perform(ops.interview_note, self.slug, self.interview_id, text)
            return change is not None

        self.app.push_screen(PromptDialog("Note", "one line", longer=True).saving(save))

    def action_undo(self) -> None:
        door(self).undo(quiet=self.discreet)

    def action_discreet(self) -> None:
        self.discreet = not self.discreet

    def action_dismiss_panel(self) -> None:
        interview = self.interview
        if interview is not None:
            self._dismissed = set(
                definite_no_reasons(interview.flags, self.profile, self._interview_findings())
            )
            self.query_one("#definite-no").display = False

    def action_walk_away(self) -> None:
        interview, o = self.interview, self.opportunity
        if interview is None or o is None:
            return
        reds = [f for f in interview.flags if f.kind == "red"]
        findings = self._interview_findings()
        # The evidence: the red flags, and the answers that confirmed a dealbreaker.
        evidence = [f.id for f in reds] + [
            f.id for f in confirmed_dealbreakers(findings, self.profile)
        ]

        def done(yes: bool | None) -> None:
            if not yes:
                return
            reason = (
                definite_no(interview.flags, self.profile, findings)
                or "walked away during the interview"
            )
            # The record names who: the person behind the latest red flag or answer.
            events = [(f.at, f.by) for f in reds] + [
                (f.at, f.by) for f in confirmed_dealbreakers(findings, self.profile)
            ]
            who = o.who(max(events, key=lambda e: e[0])[1]) if events else ""
            reason += f" ({who}, round {interview.round})" if who else f" (round {interview.round})"
            change = door(self).perform(ops.walk_away, self.slug, reason, evidence)
            if change is not None:
                message = (
                    "Session closed."
                    if self.discreet
                    else f"Walked away from {o.company}. The flags are kept as evidence."
                )
                self.notify(message, markup=False)
                self.dismiss()

        self.app.push_screen(ConfirmWalkAway(o.company, len(reds), discreet=self.discreet), done)

    def action_end(self) -> None:
        interview = self.interview
        if interview is None:
            self.dismiss()
            return

        def save(values: dict[str, Any] | None) -> bool:
            if values is None:
                return True
            try:
                record = Debrief(
                    gut=values["gut"], verdict=values["verdict"], summary=values["summary"]
                )
            except ValueError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return False
            change = door(self).perform(
                ops.debrief,
                self.slug,
                self.interview_id,
                record,
                values["next_action"],
                values["due"],
            )
            return change is not None

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:  # saved: the interview is over
                self.dismiss()

        self.app.push_screen(DebriefDialog(interview).saving(save), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_panel":
            return self.query_one("#definite-no").display
        return True
