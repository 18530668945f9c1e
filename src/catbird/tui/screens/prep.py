"""`P`: the prep sheet for the next conversation with a company.

What is still unknown (heaviest first, with the questions that find it out), what came out
mixed, the people, what they said before and the red flags already seen — the same sheet
`catbird prep` prints as Markdown (`catbird.model.prep`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header

from catbird.model import Opportunity
from catbird.model.findings import quoted
from catbird.model.prep import PrepSheet, prep_sheet
from catbird.model.profile import GROUP_NOUN
from catbird.tui.door import door
from catbird.tui.screens.opportunity import OpportunityScreen
from catbird.tui.widgets.hanging_text import Block, HangingLines, Line, Part, hang
from catbird.tui.widgets.keybar import KeyBar


def _section(title: str, lines: list[Line]) -> Block:
    return [(0, Content.styled(title, "bold $accent")), *lines] if lines else []


def render_prep(sheet: PrepSheet) -> list[Block]:
    """The sheet as blocks of lines. User text is always a plain part, never markup."""
    head: list[Part] = [(sheet.company, "bold")]
    if sheet.role:
        head += [" — ", sheet.role]
    when: list[Part] = [(f"Round {sheet.next_round}", "bold")]
    if sheet.next_at:
        when.append(f"  {sheet.next_at:%Y-%m-%d %H:%M}")
    if sheet.next_with:
        when += [("  with ", "dim"), sheet.next_with]
    when.append((f"  · {sheet.stage}", "dim"))
    blocks: list[Block] = [[(0, Content.assemble(*head)), (0, Content.assemble(*when))]]

    unknown: list[Line] = []
    for s in sheet.unknown:
        c = s.criterion
        unknown.append(
            hang(
                ("  ? ", "bold $warning"),
                (c.text, "bold"),
                (f"  {GROUP_NOUN[s.group]} · weight {c.weight}", "dim"),
            )
        )
        unknown += [hang(("      ask ", "dim"), q) for q in c.questions]
        unknown += [hang(("    watch ", "dim"), (sig, "italic")) for sig in c.signals]
        if not c.questions and not c.signals:
            unknown.append(hang("      ", ("no question written yet (p: your homework)", "dim")))
    if not unknown:
        unknown = [hang("  ", ("Every criterion of your homework has an answer here.", "dim"))]
    blocks.append(_section("Still to find out", unknown))

    mixed: list[Line] = []
    for s in sheet.mixed:
        last = s.evidence[-1]
        quote: list[Part] = [("  ", ""), (quoted(last.quote), "italic")] if last.quote else []
        mixed.append(hang(("  ± ", "bold $warning"), s.criterion.text, *quote))
        mixed += [hang(("      ask ", "dim"), q) for q in s.criterion.questions]
    blocks.append(_section("Mixed so far: ask again", mixed))

    people: list[Line] = []
    for p in sheet.people:
        parts: list[Part] = [(p.name, "bold")]
        if p.role:
            parts += [", ", p.role]
        if p.met:
            parts.append(("  met", "$success"))
        if p.clicked:
            parts.append(("  clicked", "$accent"))
        if p.rounds:
            parts.append((f"  told you things in round {', '.join(map(str, p.rounds))}", "dim"))
        people.append(hang(("  • ", "dim"), *parts))
        if p.notes:
            people.append(hang("    ", (p.notes, "dim")))
    blocks.append(_section("The people", people))

    said: list[Line] = []
    for item in sheet.said:
        where = f"round {item.round} · " if item.round else ""
        who: list[Part] = [("  — ", "dim"), item.who] if item.who else []
        said.append(
            hang(
                (f"  {where}{item.at:%Y-%m-%d}  ", "dim"),
                quoted(item.text),
                *who,
                (f"  ({item.about})", "dim"),
            )
        )
    blocks.append(_section("What they said before", said))

    flags: list[Line] = []
    for f in sheet.flags:
        times = f" ×{f.count}" if f.count > 1 else ""
        rounds = ", ".join(map(str, f.rounds))
        linked: list[Part] = [("  ⇒ ", "dim"), (f.dealbreaker, "italic")] if f.dealbreaker else []
        flags.append(
            hang(("  ▲ ", "$error"), f.label, (f"{times}  round {rounds}", "dim"), *linked)
        )
    blocks.append(_section("Red flags to watch", flags))
    return [b for b in blocks if b]


class PrepScreen(OpportunityScreen):
    HELP_TEXT = (
        "The prep sheet for your next conversation with this company: the criteria of your "
        "homework still unknown, heaviest first, with the questions that find them out and "
        "the signs to watch for; what came out mixed; the people; what they said before; the "
        "red flags already seen. `catbird prep REF` prints the same sheet as Markdown."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="prep.back"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="prep.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="prep.up"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield HangingLines(id="body")
        yield KeyBar()

    def show_opportunity(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        self.sub_title = f"Prep · {opportunity.company}"
        sheet = prep_sheet(opportunity, door(self).profile)
        self.query_one("#body", HangingLines).set_blocks(render_prep(sheet))

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#body", HangingLines).scroll_relative(y=delta * 2, animate=False)
