"""The prep sheet as Markdown, to print or to read on a phone before the conversation."""

from __future__ import annotations

from catbird.exchange.export import md_text
from catbird.model.findings import quoted
from catbird.model.opportunity import Opportunity
from catbird.model.prep import PrepSheet, prep_sheet
from catbird.model.profile import GROUP_NOUN, Profile


def prep_markdown(o: Opportunity, profile: Profile) -> str:
    return render(prep_sheet(o, profile))


def render(sheet: PrepSheet) -> str:
    md = md_text
    title = md(sheet.company) + (f" — {md(sheet.role)}" if sheet.role else "")
    when = f", {sheet.next_at:%Y-%m-%d %H:%M}" if sheet.next_at else ""
    with_whom = f" with {md(sheet.next_with)}" if sheet.next_with else ""
    out = [
        f"# Prep: {title}",
        "",
        f"Round {sheet.next_round}{when}{with_whom} · stage {sheet.stage}",
        "",
        "## Still to find out",
        "",
    ]
    if not sheet.unknown:
        out.append("Nothing: every criterion of your homework has an answer here.")
    for s in sheet.unknown:
        out.append(
            f"- **{md(s.criterion.text)}** ({GROUP_NOUN[s.group]}, weight {s.criterion.weight})"
        )
        out += [f"  - Ask: {md(q)}" for q in s.criterion.questions]
        out += [f"  - Watch for: {md(sig)}" for sig in s.criterion.signals]
        if not s.criterion.questions and not s.criterion.signals:
            out.append("  - no question written yet (add one in your homework: p)")
    out.append("")
    if sheet.mixed:
        out += ["## Mixed so far: ask again", ""]
        for s in sheet.mixed:
            last = s.evidence[-1]
            quote = f": {md(quoted(last.quote))}" if last.quote else ""
            out.append(f"- **{md(s.criterion.text)}**{quote}")
            out += [f"  - Ask: {md(q)}" for q in s.criterion.questions]
        out.append("")
    out += ["## The people", ""]
    if not sheet.people:
        out.append("No one yet.")
    for p in sheet.people:
        role = f", {md(p.role)}" if p.role else ""
        marks = " (met)" if p.met else ""
        marks += " — clicked" if p.clicked else ""
        if p.rounds:
            marks += f" — told you things in round {', '.join(map(str, p.rounds))}"
        out.append(f"- **{md(p.name)}**{role}{marks}")
        if p.notes:
            out.append(f"  - {md(p.notes)}")
    out.append("")
    if sheet.said:
        out += ["## What they said before", ""]
        for said in sheet.said:
            where = f"round {said.round}, " if said.round else ""
            who = f" — {md(said.who)}" if said.who else ""
            about = f" ({md(said.about)})" if said.about else ""
            out.append(f"- {where}{said.at:%Y-%m-%d}: {md(quoted(said.text))}{who}{about}")
        out.append("")
    if sheet.flags:
        out += ["## Red flags to watch", ""]
        for f in sheet.flags:
            rounds = ", ".join(str(r) for r in f.rounds)
            times = f" ×{f.count}" if f.count > 1 else ""
            linked = f" — dealbreaker: {md(f.dealbreaker)}" if f.dealbreaker else ""
            out.append(f"- {md(f.label)}{times} (round {rounds}){linked}")
        out.append("")
    return "\n".join(out)
