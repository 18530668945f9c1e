"""The pipeline: finding an opportunity, adding, editing and moving it through the stages."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import ValidationError

from catbird.model import (
    ACTIVE_STAGES,
    SLUG_PATTERN,
    Closing,
    Elsewhere,
    NextAction,
    Note,
    Opportunity,
    Stage,
    StageChange,
    company_key,
    now,
)
from catbird.ops.common import apply, invalid, not_past, with_stage
from catbird.store import Ambiguous, CatbirdError, Change, FileProblem, NotFound, Workspace, slugify
from catbird.store.files import read_regular

# ---- finding an opportunity ---------------------------------------------------------------


def resolve(ws: Workspace, ref: str) -> str:
    """The slug REF names: a slug, a unique slug prefix, or a unique part of a company name."""
    needle = ref.strip()
    if not needle:
        raise CatbirdError("an empty reference names no opportunity")
    lowered = needle.casefold()
    # A whole slug (what the TUI, scripts and most people pass) is found without listing the
    # folder, which at 10,000 opportunities costs more than the rest of a `catbird flag`.
    if re.fullmatch(SLUG_PATTERN, lowered) and ws.path_for(lowered).is_file():
        return lowered
    slugs = ws.slugs()
    if lowered in slugs:
        return lowered
    by_prefix = [s for s in slugs if s.startswith(lowered)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    companies = _companies(ws, slugs)
    candidates = by_prefix or [s for s in slugs if lowered in companies.get(s, "").casefold()]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFound(f"no opportunity matches {ref!r} (try `catbird list`)")
    raise Ambiguous(ref, [(s, companies.get(s, "?")) for s in candidates])


def namesakes(ws: Workspace, company: str, besides: str = "") -> list[str]:
    """The slugs of the opportunities (other than `besides`) at a company of this very name.

    Such a company name is no longer a REF that names one opportunity, so `add` says so and
    gives the slug to use. Only files whose slug starts as this company's would can hold it
    (a slug is made from the company), so this reads a few lines, not the whole workspace.
    """
    base = slugify(company)
    key = company_key(company)
    slugs = [s for s in ws.slugs() if s.startswith(base) and s != besides]
    return [s for s, name in _companies(ws, slugs).items() if company_key(name) == key]


def _companies(ws: Workspace, slugs: Iterable[str]) -> dict[str, str]:
    """Company names, read from the top of each file without parsing the whole of it."""
    import tomllib

    out: dict[str, str] = {}
    for slug in slugs:
        try:
            head = read_regular(ws.path_for(slug), 4096, head=True).decode("utf-8", "replace")
        except (OSError, FileProblem):
            continue  # not a file we can read: `check` says why
        for line in head.splitlines():
            if line.startswith("company"):
                with contextlib.suppress(tomllib.TOMLDecodeError):
                    out[slug] = str(tomllib.loads(line).get("company", ""))
                break
    return out


def add(
    ws: Workspace,
    company: str,
    *,
    role: str = "",
    stage: Stage = Stage.LEAD,
    link: str = "",
    source: str = "",
    location: str = "",
    tags: Iterable[str] = (),
    next_action: str = "",
    due: date | None = None,
) -> Change:
    not_past(due, "the due date")
    try:
        created = now()
        opportunity = Opportunity(
            company=company,
            role=role,
            stage=stage,
            link=link,
            source=source,
            location=location,
            tags=list(tags),
            created_at=created,
            stage_history=[StageChange(at=created, stage=stage)],
            next_action=NextAction(text=next_action, due=due) if next_action else None,
            closing=Closing(at=created, stage=stage) if stage.is_closed else None,
        )
    except ValidationError as exc:
        raise invalid(exc) from None
    return ws.create(opportunity, f"add {opportunity.company}")


EDITABLE = ("company", "role", "link", "source", "location", "tags")


def edit(
    ws: Workspace,
    slug: str,
    *,
    next_action: str | None = None,
    due: date | None = None,
    **fields: object,
) -> Change:
    """Change the card's own fields and, if `next_action` is given, its next action.

    A due date in the past is refused unless it is the one already there (editing the
    text of an overdue action must not force a new date).
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CatbirdError(f"cannot edit {', '.join(sorted(unknown))}")

    def change(o: Opportunity) -> Opportunity:
        data = o.model_dump() | fields | {"slug": o.slug}
        if next_action is not None:
            if o.next_action is None or o.next_action.due != due:
                not_past(due, "the due date")
            text = next_action.strip()
            data["next_action"] = {"text": text, "due": due} if text else None
        return Opportunity.model_validate(data)

    return apply(ws, slug, change, f"edit {slug}")


def set_next_action(ws: Workspace, slug: str, text: str, due: date | None = None) -> Change:
    not_past(due, "the due date")

    def change(o: Opportunity) -> Opportunity:
        action = NextAction(text=text, due=due) if text.strip() else None
        return o.model_copy(update={"next_action": action})

    return apply(ws, slug, change, f"next action for {slug}")


def move(ws: Workspace, slug: str, stage: Stage, note: str = "") -> Change:
    """Change the stage, time-stamped; into an ending, with its reason and its plan."""

    def change(o: Opportunity) -> Opportunity:
        return with_stage(o, stage, note.strip(), elsewhere=_elsewhere(ws, slug, stage))

    return apply(ws, slug, change, f"move {slug} to {stage.value}")


def _elsewhere(ws: Workspace, slug: str, stage: Stage) -> list[Elsewhere]:
    """The other searches' people, for the "I landed" plan: read only on accepting."""
    from catbird.ops.endings import elsewhere_for

    return elsewhere_for(ws, slug) if stage is Stage.ACCEPTED else []


def neighbour_stage(opportunity: Opportunity, delta: Literal[-1, 1]) -> Stage:
    """The stage `H` (-1) or `L` (+1) moves a card to.

    Forward from an offer is acceptance; back from a closed stage is the last active stage.
    """
    stage = opportunity.stage
    if stage.is_closed:
        if delta > 0:
            raise CatbirdError(
                f"{opportunity.company} is closed ({stage.value}); move it back first"
            )
        previous = [c.stage for c in opportunity.stage_history if c.stage.is_active]
        return previous[-1] if previous else Stage.LEAD
    index = ACTIVE_STAGES.index(stage) + delta
    if index < 0:
        raise CatbirdError(f"{opportunity.company} is already at the first stage")
    if index >= len(ACTIVE_STAGES):
        return Stage.ACCEPTED
    return ACTIVE_STAGES[index]


def step(ws: Workspace, slug: str, delta: Literal[-1, 1]) -> Change:
    def change(o: Opportunity) -> Opportunity:
        stage = neighbour_stage(o, delta)
        return with_stage(o, stage, elsewhere=_elsewhere(ws, slug, stage))

    return apply(ws, slug, change, f"move {slug}")


def note(ws: Workspace, slug: str, text: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        return o.model_copy(update={"notes": [*o.notes, Note(text=text)]})

    return apply(ws, slug, change, f"note on {slug}")


def import_opportunity(ws: Workspace, opportunity: Opportunity, source: str = "") -> Change:
    """Save an opportunity read from a spreadsheet (already validated) under a free slug."""
    what = f"import {opportunity.company}" + (f" from {source}" if source else "")
    return ws.create(opportunity.model_copy(update={"slug": ""}), what)
