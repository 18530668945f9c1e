"""Exports: Markdown a mentor can read, CSV for a spreadsheet, JSON with a stable schema.

The JSON schema is documented in docs/json.md; `version` changes only when it breaks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from catbird.model import Opportunity, Profile, summarize
from catbird.model.scoring import fit_score, red_score
from catbird.store import CatbirdError, Workspace

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
)


def opportunity_json(o: Opportunity) -> dict[str, Any]:
    return {"slug": o.slug, **o.model_dump(mode="json", exclude_none=True)}


def render(fmt: str, opportunities: Sequence[Opportunity], profile: Profile | None) -> str:
    if fmt == "json":
        return json_text(opportunities)
    if fmt == "csv":
        return csv_text(opportunities, profile)
    return markdown(opportunities, profile)


def json_text(opportunities: Iterable[Opportunity]) -> str:
    data = {"version": JSON_VERSION, "opportunities": [opportunity_json(o) for o in opportunities]}
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
        ]
        writer.writerow([_csv_safe(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def _md(text: str) -> str:
    """User text inside Markdown: escape what would change its meaning."""
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def markdown(opportunities: Sequence[Opportunity], profile: Profile | None) -> str:
    lines: list[str] = []
    if len(opportunities) != 1:
        lines += [f"# Job search — {len(opportunities)} opportunities", ""]
    for o in opportunities:
        lines += _markdown_one(o, profile, heading="#" if len(opportunities) == 1 else "##")
    return "\n".join(lines).rstrip() + "\n"


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
        if fit is not None:
            facts.append(f"**Fit:** {fit}/100")
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
            out.append(f"- {_md(c.name)}{role}{marks}")
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
            for f in i.flags:
                mark = "▲" if f.kind == "red" else "●"
                out.append(f"  - {f.at:%H:%M} {mark} {_md(f.label)} (severity {f.severity})")
            if i.debrief:
                gut = f"gut {i.debrief.gut}/5, " if i.debrief.gut else ""
                out.append(f"  - Debrief: {gut}{i.debrief.verdict}. {_md(i.debrief.summary)}")
        out.append("")
    if o.closing and o.closing.evidence:
        by_id = {f.id: f for f in o.flags}
        out += [f"{heading}# Evidence", ""]
        out += [f"- {_md(by_id[e].label)}" for e in o.closing.evidence if e in by_id]
        out.append("")
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
            out.append(f"- [{box}] {task.due.isoformat()} {_md(task.title)}")
        out.append("")
    if o.stage_history:
        out += [f"{heading}# Stage history", ""]
        for h in o.stage_history:
            source = f"{h.from_stage.value} → " if h.from_stage else ""
            note = f" — {_md(h.note)}" if h.note else ""
            out.append(f"- {h.at:%Y-%m-%d %H:%M} {source}{h.stage.value}{note}")
        out.append("")
    return out


def check_output_path(ws: Workspace, target: Path, *, force: bool) -> None:
    """Refuse to overwrite without --force, and never write into the workspace's own files."""
    resolved = target.resolve()
    home = ws.home.resolve()
    if resolved == home or home in resolved.parents:
        raise CatbirdError(f"{target}: refusing to write an export inside the workspace")
    if resolved.is_dir():
        raise CatbirdError(f"{target}: is a folder; name a file")
    if resolved.exists() and not force:
        raise CatbirdError(f"{target}: already exists (add --force to overwrite)")
    if not resolved.parent.is_dir():
        raise CatbirdError(f"{target.parent}: no such folder")
