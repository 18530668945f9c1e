"""Exports: Markdown a mentor can read, CSV for a spreadsheet, JSON with a stable schema.

The JSON schema is documented in docs/json.md; `version` changes only when it breaks.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from catbird.model import Opportunity, Profile, summarize
from catbird.model.findings import answer_words, describe_evidence, mark, standings
from catbird.model.people import raised_red_flags
from catbird.model.profile import GROUP_NOUN
from catbird.model.scoring import fit_score, red_score, unknown_count
from catbird.store import CatbirdError

JSON_VERSION = 1
CSV_COLUMNS = (
    "slug",
    "company",
    "role",
    "stage",
    "link",
    "source",
    "location",
    "tags",
    "created",
    "stage_since",
    "next_action",
    "next_due",
    "red_flags",
    "green_flags",
    "red_weight",
    "fit",
    "interviews",
    "closed_reason",
    # Added later: new columns only ever go at the end.
    "applied_on",
    "closed_on",
    "people",
    "latest_note",
    "unknown",
    "interview_notes",
)


def opportunity_json(o: Opportunity) -> dict[str, Any]:
    data = {"slug": o.slug, **o.model_dump(mode="json", exclude_none=True)}
    # `fit` was stored before findings replaced it; it stays in the record, derived from
    # them (criterion id → found there), so readers of version 1 keep working.
    data["fit"] = derived_fit(o)
    return data


def derived_fit(o: Opportunity) -> dict[str, bool]:
    """Criterion id → whether the latest finding says it is there (mixed and unknown left out)."""
    latest: dict[str, str] = {}
    for finding in sorted(o.findings, key=lambda f: f.at):
        latest[finding.criterion] = finding.answer
    return {cid: answer == "yes" for cid, answer in latest.items() if answer in ("yes", "no")}


def render(fmt: str, opportunities: Sequence[Opportunity], profile: Profile | None) -> str:
    if fmt == "json":
        return json_text(opportunities, profile)
    if fmt == "csv":
        return csv_text(opportunities, profile)
    return markdown(opportunities, profile)


def json_text(opportunities: Iterable[Opportunity], profile: Profile | None = None) -> str:
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "opportunities": [opportunity_json(o) for o in opportunities],
    }
    if profile is not None:
        data["profile"] = profile.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets: keep it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(opportunities: Iterable[Opportunity], profile: Profile | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for o in opportunities:
        s = summarize(o, profile)
        row = [
            o.slug,
            o.company,
            o.role,
            o.stage.value,
            o.link,
            o.source,
            o.location,
            "; ".join(o.tags),
            o.created_at.date().isoformat(),
            s.stage_since.isoformat() if s.stage_since else "",
            s.next_action,
            s.next_due.isoformat() if s.next_due else "",
            s.red,
            s.green,
            s.red_weight,
            "" if s.fit is None else s.fit,
            len(o.interviews),
            o.closing.reason if o.closing else "",
            _applied_on(o),
            o.closing.at.date().isoformat() if o.closing else "",
            "; ".join(c.name for c in o.contacts),
            o.notes[-1].text if o.notes else "",
            s.unknown if profile is not None else "",
            _interview_notes(o),
        ]
        writer.writerow([_csv_safe(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def _interview_notes(o: Opportunity) -> str:
    """Every note taken during an interview, one a line, each with its round and time."""
    return "\n".join(
        f"Round {i.round}, {n.at:%Y-%m-%d %H:%M}: {n.text}" for i in o.interviews for n in i.notes
    )


def _applied_on(o: Opportunity) -> str:
    """The day it first reached `applied` (or a later step), if the history says."""
    from catbird.model import ACTIVE_STAGES, Stage

    later = ACTIVE_STAGES[ACTIVE_STAGES.index(Stage.APPLIED) :]
    days = [c.at for c in o.stage_history if c.stage in later or c.stage == Stage.ACCEPTED]
    return min(days).date().isoformat() if days else ""


def md_text(text: str) -> str:
    """User text inside Markdown: escape what would change its meaning."""
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


_md = md_text


def markdown(opportunities: Sequence[Opportunity], profile: Profile | None) -> str:
    lines: list[str] = []
    if len(opportunities) != 1:
        # The whole search, for a mentor: the overview first, then every opportunity, the
        # active ones first, in pipeline order.
        from catbird.model import Stage

        order = {stage: n for n, stage in enumerate(Stage)}
        opportunities = sorted(
            opportunities, key=lambda o: (order[o.stage], o.company.casefold(), o.slug)
        )
        lines += [f"# Job search — {len(opportunities)} opportunities", ""]
        lines += _markdown_overview(opportunities, profile)
    for o in opportunities:
        lines += _markdown_one(o, profile, heading="#" if len(opportunities) == 1 else "##")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return _md(" ".join(text.split())) or " "


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _markdown_overview(opportunities: Sequence[Opportunity], profile: Profile | None) -> list[str]:
    """At a glance, the homework and the insights: what a mentor reads before the details."""
    from catbird.model import today
    from catbird.model.insights import compute, format_duration

    data = compute(opportunities, profile)
    out = [f"Exported {today().isoformat()}: {data.active} active, {data.closed} closed.", ""]
    active = [o for o in opportunities if o.stage.is_active]
    if active:
        out += ["## At a glance", ""]
        rows = []
        for o in active:
            action = o.next_action
            rows.append(
                [
                    _cell(o.company),
                    _cell(o.role),
                    o.stage.value,
                    f"{o.stage_entered_at():%Y-%m-%d}",
                    _cell(action.text) if action else " ",
                    action.due.isoformat() if action and action.due else " ",
                ]
            )
        out += _table(["Company", "Role", "Stage", "Since", "Next", "Due"], rows)
    closed = [o for o in opportunities if o.stage.is_closed]
    if closed:
        out += ["## Closed", ""]
        out += _table(
            ["Company", "Role", "Outcome", "On", "Why"],
            [
                [
                    _cell(o.company),
                    _cell(o.role),
                    o.stage.value,
                    f"{o.closing.at:%Y-%m-%d}" if o.closing else " ",
                    _cell(o.closing.reason) if o.closing else " ",
                ]
                for o in closed
            ],
        )
    if profile is not None:
        out += _markdown_homework(profile)
    if data.total:
        out += ["## Insights", "", "### Funnel", ""]
        out += _table(
            ["Stage", "Got this far", "Of the step above"],
            [
                [
                    s.stage.value,
                    str(s.reached),
                    f"{round(s.conversion * 100)}%" if s.conversion is not None else " ",
                ]
                for s in data.funnel
            ],
        )
        out += [
            "### Time in stage",
            "",
            "Median of finished stays; stays still under way are not counted.",
            "",
        ]
        out += _table(
            ["Stage", "Median", "Stays", "There now"],
            [
                [t.stage.value, format_duration(t.median), str(t.stays), str(t.current)]
                for t in data.time_in_stage
            ],
        )
        out += ["### Why things closed", ""]
        out += _table(["Outcome", "Count"], [[c.label, str(c.count)] for c in data.closed_by_stage])
        if data.red_flags:
            out += ["### Red flags seen most", ""]
            out += _table(
                ["Flag", "Companies", "Times"],
                [[_cell(f.label), str(f.companies), str(f.times)] for f in data.red_flags],
            )
        fired = [d for d in data.dealbreakers if d.companies or d.flags]
        if fired:
            out += ["### Dealbreakers that fired", ""]
            out += _table(
                ["Dealbreaker", "Companies", "Linked flags"],
                [[_cell(d.text), str(d.companies), str(d.flags)] for d in fired],
            )
    return out


def _markdown_homework(profile: Profile) -> list[str]:
    out: list[str] = []
    for title, criteria in (
        ("Must-haves", profile.must_haves),
        ("Dealbreakers", profile.dealbreakers),
        ("Nice-to-haves", profile.nice_to_haves),
        ("Flexibles", profile.flexibles),
    ):
        if criteria:
            out += [f"### {title}", ""]
            out += [f"- {_md(c.text)} (weight {c.weight})" for c in criteria]
            out.append("")
    n = profile.numbers
    numbers: list[str] = []
    for amount, what in (
        (n.min_base, "minimum base"),
        (n.target_base, "target base"),
        (n.target_total, "target total"),
    ):
        if amount is not None:
            numbers.append(f"{what} {amount:,} {n.currency}")
    for limit, template in (
        (n.max_travel_pct, "travel at most {}%"),
        (n.max_onsite_days, "on site at most {} days a week"),
        (n.min_pto_days, "at least {} days off"),
        (n.max_commute_minutes, "commute at most {} minutes"),
    ):
        if limit is not None:
            numbers.append(template.format(limit))
    if numbers:
        out += ["### Walk-away numbers", "", "- " + _md("; ".join(numbers)), ""]
    return ["## What I am looking for", "", *out] if out else []


def _markdown_one(o: Opportunity, profile: Profile | None, heading: str) -> list[str]:
    title = _md(o.company) + (f" — {_md(o.role)}" if o.role else "")
    out = [f"{heading} {title}", ""]
    facts = [f"**Stage:** {o.stage.value} (since {o.stage_entered_at():%Y-%m-%d})"]
    if o.link:
        facts.append(f"**Link:** {_md(o.link)}")
    if o.location:
        facts.append(f"**Location:** {_md(o.location)}")
    if o.source:
        facts.append(f"**Source:** {_md(o.source)}")
    if o.tags:
        facts.append("**Tags:** " + ", ".join(_md(t) for t in o.tags))
    if o.next_action:
        due = f" (due {o.next_action.due.isoformat()})" if o.next_action.due else ""
        facts.append(f"**Next:** {_md(o.next_action.text)}{due}")
    if profile is not None:
        fit = fit_score(o, profile)
        unknown = unknown_count(o, profile)
        open_ = f" ({unknown} must-haves and dealbreakers still unknown)" if unknown else ""
        if fit is not None:
            facts.append(f"**Fit:** {fit}/100{open_}")
        elif unknown:
            facts.append(f"**Fit:** not known yet{open_}")
    if o.closing:
        reason = f": {_md(o.closing.reason)}" if o.closing.reason else ""
        facts.append(f"**Closed:** {o.closing.stage.value} on {o.closing.at:%Y-%m-%d}{reason}")
    out += [f"- {fact}" for fact in facts] + [""]
    if o.contacts:
        out += [f"{heading}# People", ""]
        for c in o.contacts:
            role = f", {_md(c.role)}" if c.role else ""
            marks = " (met)" if c.met else ""
            marks += " — clicked" if c.clicked else ""
            marks += " — raised the red flags" if raised_red_flags(o, c) else ""
            out.append(f"- {_md(c.name)}{role}{marks}")
        out.append("")
    coming = [item for item in o.scheduled if item.is_ahead]
    if coming:
        from catbird.model.agenda import interview_title
        from catbird.model.calendar import describe_minutes, describe_time

        out += [f"{heading}# Scheduled", ""]
        for item in sorted(coming, key=lambda item: item.at):
            names = ", ".join(o.who(p) for p in item.people)
            extra = [f"with {names}" if names else "", item.place, item.link, item.note]
            said = "; ".join(_md(e) for e in extra if e)
            out.append(
                f"- {describe_time(item.at, item.zone)}, {describe_minutes(item.minutes)}: "
                f"{_md(interview_title(o, item))}" + (f" ({said})" if said else "")
            )
        out.append("")
    if o.interviews:
        out += [f"{heading}# Interviews", ""]
        for i in o.interviews:
            who = f" with {_md(i.with_whom)}" if i.with_whom else ""
            score = red_score(i.flags)
            out.append(
                f"- Round {i.round}, {i.kind}{who}, {i.started_at:%Y-%m-%d %H:%M}"
                f" — red score {score}"
            )
            # Flags and notes in the order they were written, as the interview went.
            lines: list[tuple[datetime, str]] = []
            for f in i.flags:
                mark = "▲" if f.kind == "red" else "●"
                note = f" — {_md(f.note)}" if f.note else ""
                lines.append(
                    (f.at, f"  - {f.at:%H:%M} {mark} {_md(f.label)} (severity {f.severity}){note}")
                )
            for n in i.notes:
                body = _md(n.text).replace("\n", "\n    ")
                lines.append((n.at, f"  - {n.at:%H:%M} Note: {body}"))
            out += [line for _, line in sorted(lines, key=lambda pair: pair[0])]
            if i.debrief:
                gut = f"gut {i.debrief.gut}/5, " if i.debrief.gut else ""
                out.append(f"  - Debrief: {gut}{i.debrief.verdict}. {_md(i.debrief.summary)}")
        out.append("")
    if profile is not None:
        out += _markdown_findings(o, profile, heading)
    if o.closing and o.closing.evidence:
        by_id = {f.id: f for f in o.flags}
        out += [f"{heading}# Evidence", ""]
        out += [f"- {_md(by_id[e].label)}" for e in o.closing.evidence if e in by_id]
        out.append("")
    out += _markdown_offer(o, profile, heading)
    if o.notes:
        out += [f"{heading}# Notes", ""]
        for n in o.notes:
            body = _md(n.text).replace("\n", "\n  ")
            out.append(f"- {n.at:%Y-%m-%d}: {body}")
        out.append("")
    if o.follow_ups:
        out += [f"{heading}# Follow-ups", ""]
        for task in o.follow_ups:
            box = "x" if task.is_done else " "
            sent = f" — sent {task.sent_at:%Y-%m-%d}" if task.sent_at else ""
            out.append(f"- [{box}] {task.due.isoformat()} {_md(task.title)}{sent}")
            # The candidate's own letter (edited or sent); a draft is made afresh each time.
            if task.letter.strip():
                out += [f"  > {_md(line)}".rstrip() for line in task.letter.strip().splitlines()]
        out.append("")
    if o.stage_history:
        out += [f"{heading}# Stage history", ""]
        for h in o.stage_history:
            source = f"{h.from_stage.value} → " if h.from_stage else ""
            note = f" — {_md(h.note)}" if h.note else ""
            out.append(f"- {h.at:%Y-%m-%d %H:%M} {source}{h.stage.value}{note}")
        out.append("")
    return out


def _markdown_findings(o: Opportunity, profile: Profile, heading: str) -> list[str]:
    known = [s for s in standings(o, profile) if s.evidence]
    if not known:
        return []
    out = [f"{heading}# Findings", ""]
    for s in known:
        noun = GROUP_NOUN[s.group]
        words = answer_words(s.group, s.answer)
        out.append(f"- {mark(s.group, s.answer)} {noun}: {_md(s.criterion.text)} — {words}")
        out += [f"  - {_md(describe_evidence(o, e))}" for e in s.evidence]
    return [*out, ""]


def check_output_path(workspace_home: Path, target: Path, *, force: bool) -> None:
    """Refuse to overwrite without --force, and never write into the workspace's own files."""
    if target.is_symlink() and not target.exists():
        # Following it would create a file wherever the link points, which the kernel's
        # protected-symlinks rule forbids in shared folders for good reason.
        raise CatbirdError(
            f"{target}: a link to {os.readlink(target)}, which does not exist; "
            "refusing to create a file through it"
        )
    resolved = target.resolve()
    home = workspace_home.resolve()
    if resolved == home or home in resolved.parents:
        raise CatbirdError(f"{target}: refusing to write an export inside the workspace")
    if resolved.is_dir():
        raise CatbirdError(f"{target}: is a folder; name a file")
    if resolved.exists() and not resolved.is_file():
        # A device, a pipe, a socket: replacing it would not write to it but destroy it.
        raise CatbirdError(f"{target}: is not a regular file; name a file")
    if resolved.exists() and not force:
        raise CatbirdError(f"{target}: already exists (add --force to overwrite)")
    if not resolved.parent.is_dir():
        raise CatbirdError(f"{target.parent}: no such folder")


def write_export(workspace_home: Path, target: Path, text: str, *, force: bool) -> None:
    """Write an export (or a text the user saves as a file) to `target`, checked first by
    `check_output_path` and written atomically: a file never half-written, never one of the
    workspace's own. The CLI's `--output` and the worksheet's text export both write here."""
    from catbird.store.atomic import atomic_write

    check_output_path(workspace_home, target, force=force)
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise CatbirdError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _markdown_offer(o: Opportunity, profile: Profile | None, heading: str) -> list[str]:
    """The offer worksheet as a mentor would read it: terms against the lines, the totals,
    the preparation, and the texts drafted for the conversation or the decline."""
    from catbird.model.worksheet import (
        STATUS_LABELS,
        STATUS_MARKS,
        against_target,
        compensation,
        format_gap,
        format_value,
        money,
        offer_score,
        read_terms,
    )

    offer = o.offer
    if offer is None:
        return []
    currency = offer.currency
    sub = f"{heading}##"
    out = [f"{heading}# Offer", ""]
    facts = []
    if offer.received_on:
        facts.append(f"**Received:** {offer.received_on.isoformat()}")
    if offer.decision:
        facts.append(f"**Decision:** {offer.decision}")
    if offer.gut:
        facts.append(f"**Gut check:** {offer.gut}/5")
    pay = compensation(offer, profile)
    if pay.yearly is not None:
        total = f"**Yearly total:** {money(pay.yearly, currency)} (base, bonus, equity per year)"
        versus = against_target(pay)
        if versus is not None:
            total += versus.clause("target")
        facts.append(total)
        if pay.sign_on:
            facts.append(
                f"**Sign-on (one-off):** {money(pay.sign_on, currency)}; first year "
                f"{money(pay.first_year or 0, currency)}"
            )
    score = offer_score(offer)
    if score.score is not None:
        line = f"**Score:** {score.score}/100 from {score.counted} term(s)"
        if score.below_musts:
            musts = ", ".join(_md(n) for n in score.below_musts)
            line += f", capped: a must is past its walk-away line ({musts})"
        facts.append(line)
    out += [f"- {fact}" for fact in facts]
    if facts:
        out.append("")
    readings = read_terms(offer)
    if readings:
        out += [
            "| Term | Offered | Target | Walk-away | Priority | Gap | Status |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in readings:
            t = r.term
            cells = [
                t.name,
                format_value(t, t.offered, currency),
                format_value(t, t.target, currency),
                format_value(t, t.walk_away, currency),
                t.priority,
                format_gap(t, r.gap, currency),
                f"{STATUS_MARKS[r.status]} {STATUS_LABELS[r.status]}",
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
        notes = [r.term for r in readings if r.term.note]
        out += [f"- *{_md(t.name)}:* {_md(t.note)}" for t in notes]
        if notes:
            out.append("")

    def checklist(title: str, items: list[tuple[bool, str]]) -> None:
        if items:
            out.extend([f"{sub} {title}", ""])
            out.extend(f"- [{'x' if done else ' '}] {_md(text)}" for done, text in items)
            out.append("")

    checklist("Needs and demands", [(n.done, n.text) for n in offer.needs])
    if offer.questions:
        out += [f"{sub} Questions", ""]
        for q in offer.questions:
            answer = _md(q.answer).replace("\n", " ") if q.answer else "*(no answer yet)*"
            out.append(f"- **{_md(q.text)}** {answer}")
        out.append("")
    checklist(
        "People to meet and places to see",
        [(v.done, f"{v.name} ({v.kind}{', ' + v.role if v.role else ''})") for v in offer.visits],
    )
    checklist("Ideas for reshaping the role", [(i.done, i.text) for i in offer.role_ideas])
    for title, items in (("Pros", offer.pros), ("Cons", offer.cons)):
        if items:
            out += [f"{sub} {title}", "", *(f"- {_md(i.text)}" for i in items), ""]
    for title, text in (
        ("Talking points", offer.talking_points),
        ("Decline note", offer.decline_note),
    ):
        if text.strip():
            out += [f"{sub} {title}", ""]
            out += [f"> {_md(line)}".rstrip() for line in text.strip().splitlines()]
            out.append("")
    return out
