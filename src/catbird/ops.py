"""The operations on a workspace, shared by the CLI and the TUI.

Each operation validates its input, changes one opportunity through `Workspace.update` (a
locked read-modify-write of one file) and returns the `Change` it made — which is what the
TUI shows, and what undo and redo replay. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import ValidationError

from catbird.model import (
    ACTIVE_STAGES,
    FOLLOW_UP_STAGES,
    SLUG_PATTERN,
    Closing,
    Contact,
    Debrief,
    FlagEvent,
    FollowUp,
    Interview,
    NextAction,
    Note,
    Opportunity,
    Profile,
    Stage,
    StageChange,
    now,
    three_way,
    today,
)
from catbird.store import Ambiguous, CatbirdError, Change, NotFound, Workspace
from catbird.store.tomlio import field_path

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


def _companies(ws: Workspace, slugs: Iterable[str]) -> dict[str, str]:
    """Company names, read from the top of each file without parsing the whole of it."""
    import tomllib

    out: dict[str, str] = {}
    for slug in slugs:
        try:
            with open(ws.path_for(slug), "rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            continue
        for line in head.splitlines():
            if line.startswith("company"):
                with contextlib.suppress(tomllib.TOMLDecodeError):
                    out[slug] = str(tomllib.loads(line).get("company", ""))
                break
    return out


# ---- helpers ------------------------------------------------------------------------------


def invalid(exc: ValidationError) -> CatbirdError:
    """A pydantic error as one line a person can act on."""
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        where = field_path(tuple(error["loc"]))
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return CatbirdError("; ".join(parts))


def apply(
    ws: Workspace, slug: str, change: Callable[[Opportunity], Opportunity], description: str
) -> Change:
    try:
        return ws.update(slug, change, description)
    except ValidationError as exc:
        raise invalid(exc) from None


def _not_past(day: date | None, what: str) -> None:
    if day is not None and day < today():
        raise CatbirdError(f"{what} {day.isoformat()} is in the past")


def _with_stage(opportunity: Opportunity, stage: Stage, note: str = "") -> Opportunity:
    if stage == opportunity.stage:
        raise CatbirdError(f"{opportunity.slug} is already at {stage.value!r}")
    change = StageChange(stage=stage, from_stage=opportunity.stage, note=note)
    closing = Closing(at=change.at, stage=stage, reason=note) if stage.is_closed else None
    return opportunity.model_copy(
        update={
            "stage": stage,
            "stage_history": [*opportunity.stage_history, change],
            "closing": closing,
        }
    )


# ---- operations ---------------------------------------------------------------------------


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
    _not_past(due, "the due date")
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
                _not_past(due, "the due date")
            text = next_action.strip()
            data["next_action"] = {"text": text, "due": due} if text else None
        return Opportunity.model_validate(data)

    return apply(ws, slug, change, f"edit {slug}")


def set_next_action(ws: Workspace, slug: str, text: str, due: date | None = None) -> Change:
    _not_past(due, "the due date")

    def change(o: Opportunity) -> Opportunity:
        action = NextAction(text=text, due=due) if text.strip() else None
        return o.model_copy(update={"next_action": action})

    return apply(ws, slug, change, f"next action for {slug}")


def move(ws: Workspace, slug: str, stage: Stage, note: str = "") -> Change:
    return apply(ws, slug, lambda o: _with_stage(o, stage, note), f"move {slug} to {stage.value}")


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
        return _with_stage(o, neighbour_stage(o, delta))

    return apply(ws, slug, change, f"move {slug}")


def note(ws: Workspace, slug: str, text: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        return o.model_copy(update={"notes": [*o.notes, Note(text=text)]})

    return apply(ws, slug, change, f"note on {slug}")


def add_contact(
    ws: Workspace, slug: str, name: str, *, role: str = "", email: str = "", met: bool = False
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        contact = Contact(name=name, role=role, email=email, met=met)
        return o.model_copy(update={"contacts": [*o.contacts, contact]})

    return apply(ws, slug, change, f"contact at {slug}")


def _flag_event(
    text: str, profile: Profile | None, green: bool | None, severity: int | None
) -> FlagEvent:
    key = text.strip().casefold()
    # Without a profile there are no presets; not building an empty Profile spares the CLI
    # building its validator.
    presets = profile.flags if profile is not None else []
    preset = next((p for p in presets if p.label.casefold() == key or p.key == text.strip()), None)
    if preset is not None:
        kind = "green" if green else preset.kind
        return FlagEvent(
            label=preset.label,
            kind=kind,
            severity=severity or preset.severity,
            preset=preset.id,
            dealbreaker=preset.dealbreaker if kind == "red" else None,
        )
    return FlagEvent(label=text, kind="green" if green else "red", severity=severity or 2)


def current_interview(o: Opportunity) -> tuple[Opportunity, Interview]:
    """The open interview; else the latest one started today; else a new one for today."""
    open_one = o.open_interview
    if open_one is not None:
        return o, open_one
    day = today()
    for interview in reversed(o.interviews):
        if interview.started_at.date() == day:
            return o, interview
    moment = now()
    interview = Interview(
        started_at=moment, ended_at=moment, round=len(o.interviews) + 1, kind="other"
    )
    return o.model_copy(update={"interviews": [*o.interviews, interview]}), interview


def _replace_interview(o: Opportunity, interview: Interview) -> Opportunity:
    return o.model_copy(
        update={"interviews": [interview if i.id == interview.id else i for i in o.interviews]}
    )


def flag(
    ws: Workspace,
    slug: str,
    text: str,
    *,
    green: bool | None = None,
    severity: int | None = None,
    profile: Profile | None = None,
) -> Change:
    """Log a flag on the current interview; a preset's label or key brings its severity/link."""
    try:
        event = _flag_event(text, profile, green, severity)
    except ValidationError as exc:
        raise invalid(exc) from None
    return log_flag(ws, slug, event)


def log_flag(ws: Workspace, slug: str, event: FlagEvent, interview_id: str | None = None) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if interview_id is not None:
            interview = next((i for i in o.interviews if i.id == interview_id), None)
            if interview is None:
                raise NotFound(f"{slug}: interview {interview_id} is gone")
        else:
            o, interview = current_interview(o)
        updated = interview.model_copy(update={"flags": [*interview.flags, event]})
        return _replace_interview(o, updated)

    return apply(ws, slug, change, f"{event.kind} flag on {slug}: {event.label}")


def interview_note(ws: Workspace, slug: str, interview_id: str, text: str) -> Change:
    """A one-line note during an interview, kept with the interview's flags."""

    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        updated = interview.model_copy(update={"notes": [*interview.notes, Note(text=text)]})
        return _replace_interview(o, updated)

    return apply(ws, slug, change, f"note on the interview at {slug}")


def start_interview(
    ws: Workspace,
    slug: str,
    *,
    round: int | None = None,
    kind: str = "video",
    with_whom: str = "",
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if o.open_interview is not None:
            raise CatbirdError(f"{o.company} already has an interview under way")
        interview = Interview.model_validate(
            {"round": round or len(o.interviews) + 1, "kind": kind, "with_whom": with_whom}
        )
        return o.model_copy(update={"interviews": [*o.interviews, interview]})

    return apply(ws, slug, change, f"start interview at {slug}")


def end_interview(
    ws: Workspace, slug: str, interview_id: str, debrief: Debrief | None = None
) -> Change:
    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        update: dict[str, object] = {"debrief": debrief or interview.debrief}
        if interview.ended_at is None:
            update["ended_at"] = now()
        return _replace_interview(o, interview.model_copy(update=update))

    return apply(ws, slug, change, f"end interview at {slug}")


def debrief(
    ws: Workspace,
    slug: str,
    interview_id: str,
    debrief: Debrief,
    next_action: str = "",
    due: date | None = None,
) -> Change:
    """End an interview with the candidate's debrief and, optionally, the next action."""
    _not_past(due, "the due date")

    def change(o: Opportunity) -> Opportunity:
        interview = next((i for i in o.interviews if i.id == interview_id), None)
        if interview is None:
            raise NotFound(f"{slug}: interview {interview_id} is gone")
        ended = interview.ended_at or now()
        o = _replace_interview(
            o, interview.model_copy(update={"ended_at": ended, "debrief": debrief})
        )
        if next_action.strip():
            o = o.model_copy(update={"next_action": NextAction(text=next_action, due=due)})
        return o

    return apply(ws, slug, change, f"debrief at {slug}")


def walk_away(
    ws: Workspace, slug: str, reason: str = "", evidence: Iterable[str] | None = None
) -> Change:
    """Close the opportunity as walked-away, with the flags that led there as evidence."""

    def change(o: Opportunity) -> Opportunity:
        moment = now()
        interviews = [
            i.model_copy(update={"ended_at": moment}) if i.is_open else i for i in o.interviews
        ]
        if evidence is None:
            latest = o.open_interview or (o.interviews[-1] if o.interviews else None)
            ids = [f.id for f in latest.flags if f.kind == "red"] if latest else []
        else:
            ids = list(evidence)
        closed = _with_stage(o.model_copy(update={"interviews": interviews}), Stage.WALKED_AWAY)
        closing = Closing(at=moment, stage=Stage.WALKED_AWAY, reason=reason, evidence=ids)
        return closed.model_copy(update={"closing": closing})

    return apply(ws, slug, change, f"walk away from {slug}")


def follow_up_plan(o: Opportunity, start: date | None = None) -> list[FollowUp]:
    """The tasks that keep a relationship alive after an outcome, dated from `start`."""
    from catbird.texts import follow_up_titles

    start = start or today()
    met = [c for c in o.contacts if c.met] or list(o.contacts)
    plan: list[FollowUp] = []
    for contact in met:
        plan.append(
            FollowUp(
                kind="thanks",
                title=follow_up_titles.thanks(contact.name, o.company),
                due=start + timedelta(days=1),
                contact=contact.id,
            )
        )
    for contact in (c for c in o.contacts if c.clicked):
        plan.append(
            FollowUp(
                kind="call",
                title=follow_up_titles.call(contact.name),
                due=start + timedelta(days=7),
                contact=contact.id,
            )
        )
    plan += [
        FollowUp(kind="review", title=follow_up_titles.review(o.company), due=start + timedelta(2)),
        FollowUp(
            kind="network", title=follow_up_titles.network(o.company), due=start + timedelta(3)
        ),
        FollowUp(kind="help", title=follow_up_titles.help(o.company), due=start + timedelta(30)),
        FollowUp(
            kind="check-in", title=follow_up_titles.check_in(o.company), due=start + timedelta(150)
        ),
    ]
    return plan


def plan_follow_ups(ws: Workspace, slug: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if o.stage not in FOLLOW_UP_STAGES:
            raise CatbirdError(
                f"{o.company} is at {o.stage.value!r}; a follow-up plan comes after "
                "a rejection, a decline or a walk-away"
            )
        if any(not f.is_done for f in o.follow_ups):
            raise CatbirdError(f"{o.company} already has a follow-up plan")
        return o.model_copy(update={"follow_ups": [*o.follow_ups, *follow_up_plan(o)]})

    return apply(ws, slug, change, f"follow-up plan for {slug}")


def complete_follow_up(ws: Workspace, slug: str, follow_up_id: str, done: bool = True) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if not any(f.id == follow_up_id for f in o.follow_ups):
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        return o.model_copy(
            update={
                "follow_ups": [
                    f.model_copy(update={"done_at": now() if done else None})
                    if f.id == follow_up_id
                    else f
                    for f in o.follow_ups
                ]
            }
        )

    return apply(ws, slug, change, f"follow-up on {slug}")


def edit_follow_up(
    ws: Workspace,
    slug: str,
    follow_up_id: str,
    *,
    title: str | None = None,
    due: date | None = None,
) -> Change:
    """Reword or re-date one follow-up task (a new date cannot be in the past)."""

    def change(o: Opportunity) -> Opportunity:
        task = next((f for f in o.follow_ups if f.id == follow_up_id), None)
        if task is None:
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        update: dict[str, object] = {}
        if title is not None:
            update["title"] = title
        if due is not None and due != task.due:
            _not_past(due, "the new date")
            update["due"] = due
        edited = FollowUp.model_validate(task.model_dump() | update)
        return o.model_copy(
            update={"follow_ups": [edited if f.id == follow_up_id else f for f in o.follow_ups]}
        )

    return apply(ws, slug, change, f"follow-up on {slug}")


def remove_follow_up(ws: Workspace, slug: str, follow_up_id: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        if not any(f.id == follow_up_id for f in o.follow_ups):
            raise NotFound(f"{slug}: no follow-up {follow_up_id}")
        return o.model_copy(
            update={"follow_ups": [f for f in o.follow_ups if f.id != follow_up_id]}
        )

    return apply(ws, slug, change, f"remove a follow-up on {slug}")


# ---- undo and redo ------------------------------------------------------------------------


def undo(ws: Workspace, change: Change) -> Change:
    """Revert `change` on top of what is on disk now; returns the change that redoes it.

    Whatever else happened to the file since (a flag from the CLI, say) is kept.
    """
    if change.before is None:  # it was created: take it away
        removed = ws.remove(change.slug)
        return Change(change.slug, removed, None, f"undo {change.description}")
    if change.after is None:  # it was removed: put it back
        ws.restore(change.before)
        return Change(change.slug, None, change.before, f"undo {change.description}")
    before, after = change.before, change.after
    reverted = apply(
        ws, change.slug, lambda current: three_way(after, before, current), change.description
    )
    return Change(change.slug, reverted.before, reverted.after, f"undo {change.description}")


# ---- what is due --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    slug: str
    company: str
    kind: Literal["next-action", "follow-up"]
    text: str
    due: date
    follow_up_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "company": self.company,
            "kind": self.kind,
            "text": self.text,
            "due": self.due.isoformat(),
            "follow_up_id": self.follow_up_id,
        }


def due_items(opportunities: Iterable[Opportunity], until: date) -> list[DueItem]:
    """Next actions and open follow-ups due on or before `until`, soonest first."""
    items: list[DueItem] = []
    for o in opportunities:
        action = o.next_action
        if action and action.due and action.due <= until and o.stage.is_active:
            items.append(DueItem(o.slug, o.company, "next-action", action.text, action.due))
        for f in o.follow_ups:
            if not f.is_done and f.due <= until:
                items.append(DueItem(o.slug, o.company, "follow-up", f.title, f.due, f.id))
    items.sort(key=lambda i: (i.due, i.company.casefold(), i.text))
    return items


# ---- the offer worksheet ----
# Every change to an offer worksheet goes through `apply`, like the rest. Values are checked
# here with messages a person can act on (negative money, a deadline already past, a target
# on the wrong side of the walk-away line) before the model sees them.

from catbird.model import Item, OfferTerm, OfferWorksheet, Question, Visit  # noqa: E402
from catbird.model import worksheet as offer_math  # noqa: E402

OFFER_LISTS = ("needs", "questions", "visits", "role_ideas", "pros", "cons")
"""The worksheet's lists, by field name; `add_item` and friends take one of these."""
DONE_LISTS = ("needs", "visits", "role_ideas", "pros", "cons")
TERM_FIELDS = ("name", "kind", "better", "offered", "target", "walk_away", "priority", "note")
OFFER_FIELDS = ("received_on", "currency", "gut", "talking_points", "decline_note")
DECISIONS = ("accept", "negotiate", "decline", "walk-away")
_VALUE_LABELS = {"offered": "the offer", "target": "the target", "walk_away": "the walk-away line"}


def _offer_of(o: Opportunity) -> OfferWorksheet:
    if o.offer is None:
        raise CatbirdError(f"{o.company} has no offer worksheet yet; start one first")
    return o.offer


def _with_offer(o: Opportunity, **update: object) -> Opportunity:
    """A copy of `o` whose worksheet has `update` applied, each value validated."""
    offer = _offer_of(o).model_copy()
    try:
        for field, value in update.items():
            setattr(offer, field, value)  # validate_assignment checks each value
    except ValidationError as exc:
        raise invalid(exc) from None
    return o.model_copy(update={"offer": offer})


def check_term(data: dict[str, object], changed: Iterable[str]) -> OfferTerm:
    """A term built from `data`, refused with a clear message if a value does not fit.

    `changed` names the fields being set: a deadline already in the file may have passed,
    but a new one may not. The edit form calls this too, to keep the form open on an error.
    """
    name = str(data.get("name") or "the term").strip() or "the term"
    for field in ("offered", "target", "walk_away"):
        value = data.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise CatbirdError(f"{name}: {_VALUE_LABELS[field]} cannot be negative ({value})")
    try:
        term = OfferTerm.model_validate(data)
    except ValidationError as exc:
        messages = [
            str(e["msg"]).removeprefix("Value error, ") for e in exc.errors(include_url=False)
        ]
        raise CatbirdError(f"{name}: {'; '.join(messages[:2])}") from None
    if offer_math.term_role(term) == "deadline":
        for field in ("offered", "target"):
            value = getattr(term, field)
            if field in changed and isinstance(value, date) and value < today():
                raise CatbirdError(f"the decision deadline {value.isoformat()} is in the past")
    problem = offer_math.line_problem(term)
    if problem:
        raise CatbirdError(problem)
    return term


def _term_index(offer: OfferWorksheet, slug: str, term_id: str) -> int:
    for index, term in enumerate(offer.terms):
        if term.id == term_id:
            return index
    raise NotFound(f"{slug}: no offer term {term_id}")


def _same_name(offer: OfferWorksheet, name: str, except_id: str = "") -> None:
    key = name.strip().casefold()
    if any(t.name.casefold() == key and t.id != except_id for t in offer.terms):
        raise CatbirdError(f"the worksheet already has a term called {name.strip()!r}")


def start_offer(ws: Workspace, slug: str, profile: Profile | None = None) -> Change:
    """Open an offer worksheet with the standard terms, the profile's lines filled in."""
    profile = profile or Profile()

    def change(o: Opportunity) -> Opportunity:
        if o.offer is not None:
            raise CatbirdError(f"{o.company} already has an offer worksheet")
        offer = OfferWorksheet(
            received_on=today(),
            currency=profile.numbers.currency,
            terms=offer_math.default_terms(profile),
        )
        return o.model_copy(update={"offer": offer})

    return apply(ws, slug, change, f"start the offer worksheet for {slug}")


def set_offer(ws: Workspace, slug: str, **values: object) -> Change:
    """Change the worksheet's own fields: received_on, currency, gut, talking_points,
    decline_note."""
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise CatbirdError(f"cannot set {', '.join(sorted(unknown))} on an offer")
    received = values.get("received_on")
    if isinstance(received, date) and received > today():
        raise CatbirdError(f"the offer cannot arrive in the future ({received.isoformat()})")
    what = ", ".join(sorted(values)).replace("_", " ")
    return apply(ws, slug, lambda o: _with_offer(o, **values), f"offer {what} at {slug}")


def set_term(ws: Workspace, slug: str, term_id: str, **values: object) -> Change:
    """Change one term: any of name, kind, better, offered, target, walk_away, priority,
    note. None clears a value."""
    unknown = set(values) - set(TERM_FIELDS)
    if unknown:
        raise CatbirdError(f"an offer term has no {', '.join(sorted(unknown))}")

    def change(o: Opportunity) -> Opportunity:
        offer = _offer_of(o)
        index = _term_index(offer, slug, term_id)
        current = offer.terms[index]
        if "name" in values:
            _same_name(offer, str(values["name"]), except_id=term_id)
        term = check_term(current.model_dump() | values, values)
        terms = [*offer.terms[:index], term, *offer.terms[index + 1 :]]
        return _with_offer(o, terms=terms)

    return apply(ws, slug, change, f"offer term at {slug}")


def add_term(
    ws: Workspace,
    slug: str,
    name: str,
    *,
    kind: str = "text",
    better: str = "higher",
    priority: str = "want",
    offered: object = None,
    target: object = None,
    walk_away: object = None,
    note: str = "",
) -> Change:
    data: dict[str, object] = {
        "name": name,
        "kind": kind,
        "better": better,
        "priority": priority,
        "offered": offered,
        "target": target,
        "walk_away": walk_away,
        "note": note,
    }

    def change(o: Opportunity) -> Opportunity:
        offer = _offer_of(o)
        _same_name(offer, name)
        term = check_term(data, TERM_FIELDS)
        return _with_offer(o, terms=[*offer.terms, term])

    return apply(ws, slug, change, f"add offer term {name.strip()!r} at {slug}")


def remove_term(ws: Workspace, slug: str, term_id: str) -> Change:
    def change(o: Opportunity) -> Opportunity:
        offer = _offer_of(o)
        _term_index(offer, slug, term_id)
        return _with_offer(o, terms=[t for t in offer.terms if t.id != term_id])

    return apply(ws, slug, change, f"remove an offer term at {slug}")


def _list_name(list_name: str) -> str:
    key = list_name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in OFFER_LISTS:
        raise CatbirdError(f"no list {list_name!r} on an offer; lists are {', '.join(OFFER_LISTS)}")
    return key


def _new_item(list_name: str, text: str, extra: dict[str, object]) -> Item | Question | Visit:
    try:
        if list_name == "questions":
            return Question(text=text, answer=str(extra.get("answer", "")))
        if list_name == "visits":
            return Visit.model_validate({"name": text, **extra})
        return Item(text=text)
    except ValidationError as exc:
        raise invalid(exc) from None


def add_item(ws: Workspace, slug: str, list_name: str, text: str, **extra: object) -> Change:
    """Add a line to one of the worksheet's lists. Visits take kind ("person"/"place") and
    role; questions may come with their answer."""
    key = _list_name(list_name)
    item = _new_item(key, text, extra)

    def change(o: Opportunity) -> Opportunity:
        items = list(getattr(_offer_of(o), key))
        return _with_offer(o, **{key: [*items, item]})

    return apply(ws, slug, change, f"add to {key.replace('_', ' ')} at {slug}")


def _change_item(
    ws: Workspace, slug: str, list_name: str, item_id: str, how: Callable[[object], object | None]
) -> Change:
    key = _list_name(list_name)

    def change(o: Opportunity) -> Opportunity:
        items = list(getattr(_offer_of(o), key))
        index = next((i for i, item in enumerate(items) if item.id == item_id), None)
        if index is None:
            raise NotFound(f"{slug}: no {item_id} in {key.replace('_', ' ')}")
        replaced = how(items[index])
        items = [*items[:index], *([replaced] if replaced is not None else []), *items[index + 1 :]]
        return _with_offer(o, **{key: items})

    return apply(ws, slug, change, f"{key.replace('_', ' ')} at {slug}")


def edit_item(ws: Workspace, slug: str, list_name: str, item_id: str, **values: object) -> Change:
    """Change a line of a list: `text` (a visit's name), and for visits kind and role, for
    questions the answer."""

    def how(item: object) -> object:
        assert isinstance(item, Item | Question | Visit)
        data = item.model_dump() | values
        if isinstance(item, Visit) and "text" in data:
            data["name"] = data.pop("text")
        try:
            return type(item).model_validate(data)
        except ValidationError as exc:
            raise invalid(exc) from None

    return _change_item(ws, slug, list_name, item_id, how)


def remove_item(ws: Workspace, slug: str, list_name: str, item_id: str) -> Change:
    return _change_item(ws, slug, list_name, item_id, lambda item: None)


def toggle_item(ws: Workspace, slug: str, list_name: str, item_id: str) -> Change:
    """Mark a need, a visit, a role idea, a pro or a con done (or not done again)."""
    if _list_name(list_name) not in DONE_LISTS:
        raise CatbirdError("a question is done when it has an answer")

    def how(item: object) -> object:
        assert isinstance(item, Item | Visit)
        return item.model_copy(update={"done": not item.done})

    return _change_item(ws, slug, list_name, item_id, how)


def answer_question(ws: Workspace, slug: str, question_id: str, answer: str) -> Change:
    return edit_item(ws, slug, "questions", question_id, answer=answer)


def _decision(text: str) -> str:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in DECISIONS:
        raise CatbirdError(f"unknown decision {text!r}; decide one of: {', '.join(DECISIONS)}")
    return key


def decide(
    ws: Workspace,
    slug: str,
    decision: str,
    profile: Profile | None = None,
    *,
    name: str = "",
    plan: bool = True,
) -> Change:
    """Record the decision on an offer, and do what follows from it.

    accept → stage accepted. negotiate → back to (or still at) the offer stage, with
    talking points drafted from the gaps if there are none yet. decline → stage declined,
    a decline note drafted (unless one is written already) and, with `plan`, the follow-up
    plan. walk-away → stage walked-away, with the follow-up plan. Talking points or a note
    the candidate already wrote are never replaced.
    """
    from catbird.texts import offer_texts

    key = _decision(decision)
    profile = profile or Profile()
    stage = {
        "accept": Stage.ACCEPTED,
        "negotiate": Stage.OFFER,
        "decline": Stage.DECLINED,
        "walk-away": Stage.WALKED_AWAY,
    }[key]

    def change(o: Opportunity) -> Opportunity:
        if o.offer is None:
            o = o.model_copy(update={"offer": OfferWorksheet(currency=profile.numbers.currency)})
        offer = _offer_of(o)
        update: dict[str, object] = {"decision": key}
        if key == "negotiate" and not offer.talking_points.strip():
            update["talking_points"] = offer_texts.talking_points(o, profile)
        if key == "decline" and not offer.decline_note.strip():
            update["decline_note"] = offer_texts.decline_note(o, profile, name)
        o = _with_offer(o, **update)
        if o.stage != stage:
            below = offer_math.offer_score(offer).below
            reason = {
                "accept": "accepted the offer",
                "negotiate": "negotiating the offer",
                "decline": "declined the offer",
                "walk-away": "walked away from the offer",
            }[key]
            if below and key in ("decline", "walk-away"):
                reason += ": past the line on " + ", ".join(below)
            o = _with_stage(o, stage, reason)
        if plan and stage in FOLLOW_UP_STAGES and not any(not f.is_done for f in o.follow_ups):
            o = o.model_copy(update={"follow_ups": [*o.follow_ups, *follow_up_plan(o)]})
        return o

    verb = {"accept": "accept", "negotiate": "negotiate", "decline": "decline"}.get(
        key, "walk away from"
    )
    return apply(ws, slug, change, f"{verb} the offer at {slug}")


# ---- import ----


def import_opportunity(ws: Workspace, opportunity: Opportunity, source: str = "") -> Change:
    """Save an opportunity read from a spreadsheet (already validated) under a free slug."""
    what = f"import {opportunity.company}" + (f" from {source}" if source else "")
    return ws.create(opportunity.model_copy(update={"slug": ""}), what)
