"""The offer worksheet. Values are checked here with messages a person can act on (negative
money, a deadline already past, a target on the wrong side of the walk-away line) before the
model sees them; every change goes through `apply`, like the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from pydantic import ValidationError

from catbird.model import (
    Item,
    OfferTerm,
    OfferWorksheet,
    Opportunity,
    Profile,
    Question,
    Stage,
    Visit,
    today,
)
from catbird.model import worksheet as offer_math
from catbird.model.offer import role_from_name
from catbird.ops.common import apply, invalid, with_stage
from catbird.store import CatbirdError, Change, NotFound, Workspace

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
    role: str | None = None,
) -> Change:
    """Add a term. Without a `role` it takes the one its name usually means ("Salary" is the
    base), unless another term has that role already; renaming it later keeps the role."""
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
        given = role if role is not None else role_from_name(name)
        if role is None and any(t.role == given for t in offer.terms):
            given = None
        term = check_term({**data, "role": given}, TERM_FIELDS)
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

    accept → stage accepted; negotiate → back to (or still at) the offer stage; decline →
    stage declined; walk-away → stage walked-away. An ending brings its plan (unless not
    `plan`). The talking points and the decline note follow the worksheet until the
    candidate edits them (`catbird.texts.offer_texts`); `name` is kept for callers that
    named the person the note goes to.
    """
    key = _decision(decision)
    profile = profile or Profile()
    stage = {
        "accept": Stage.ACCEPTED,
        "negotiate": Stage.OFFER,
        "decline": Stage.DECLINED,
        "walk-away": Stage.WALKED_AWAY,
    }[key]

    from catbird.ops.endings import elsewhere_for

    elsewhere = elsewhere_for(ws, slug) if stage is Stage.ACCEPTED else []

    def change(o: Opportunity) -> Opportunity:
        if o.offer is None:
            o = o.model_copy(update={"offer": OfferWorksheet(currency=profile.numbers.currency)})
        offer = _offer_of(o)
        # The talking points and the decline note are not saved here: until the candidate
        # edits them they are drafted afresh from the worksheet each time they are shown.
        o = _with_offer(o, decision=key)
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
            o = with_stage(o, stage, reason, elsewhere=elsewhere, plan=plan)
        return o

    verb = {"accept": "accept", "negotiate": "negotiate", "decline": "decline"}.get(
        key, "walk away from"
    )
    return apply(ws, slug, change, f"{verb} the offer at {slug}")
