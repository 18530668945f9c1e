"""The offer-shaping worksheet: each term against what the candidate needs, and the preparation.

A term's *role* (base salary, bonus, equity per year…) says which standard term it is, so the
yearly total and the texts find it whatever the user calls it: renaming "Base salary" to
"Salary (London)" changes a label, never what the term means. Files written before roles
existed have them inferred from the names, once, by the schema migration (`role_from_name`).
"""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

import re
from datetime import date
from typing import Annotated, Literal, TypeAlias

from pydantic import Field, model_validator

from catbird.model.common import (
    Currency,
    Gut,
    Id,
    Line,
    Model,
    Name,
    Text,
    empty_list,
    new_id,
)

TermKind = Literal["money", "percent", "days", "number", "text", "date"]
TermRole = Literal[
    "base",
    "bonus",
    "equity",
    "sign_on",
    "pto",
    "onsite",
    "travel",
    "title",
    "start",
    "deadline",
    "manager",
]
Priority = Literal["must", "want", "flexible"]
Decision = Literal["accept", "negotiate", "decline", "walk-away"]
# nan and inf are not amounts (and never equal themselves after a save): not numbers here.
TermValue: TypeAlias = int | Annotated[float, Field(allow_inf_nan=False)] | date | Name
NUMERIC_KINDS = ("money", "percent", "days", "number")

# The names a person might give the standard terms. Read only when a role is first given:
# migrating a file written before roles, or adding a term ("Signing bonus", "RSUs per year").
_ROLE_NAMES: dict[TermRole, tuple[str, ...]] = {
    "base": ("base", "base salary", "salary", "base pay"),
    "bonus": ("bonus", "annual bonus", "target bonus", "yearly bonus", "cash bonus"),
    "equity": (
        "equity",
        "equity per year",
        "equity / year",
        "equity a year",
        "stock per year",
        "rsus per year",
        "options per year",
    ),
    "sign_on": (
        "sign-on",
        "sign-on bonus",
        "sign on bonus",
        "signon bonus",
        "signing bonus",
        "joining bonus",
    ),
    "pto": ("pto", "pto days", "paid time off", "vacation", "vacation days", "holiday days"),
    "onsite": (
        "on-site days",
        "on-site days per week",
        "on-site days / week",
        "onsite days",
        "office days",
        "office days per week",
        "remote / on-site",
    ),
    "travel": ("travel", "travel %", "travel percent"),
    "title": ("title", "level", "title / level", "title and level"),
    "start": ("start date", "start"),
    "deadline": ("decision deadline", "deadline", "answer by", "decide by"),
    "manager": ("manager", "reports to", "reporting to", "reporting line"),
}
_NAME_TO_ROLE: dict[str, TermRole] = {
    name: role for role, names in _ROLE_NAMES.items() for name in names
}


def role_from_name(name: str) -> TermRole | None:
    """The standard term a name usually means (forgiving case and spacing), or None."""
    normal = re.sub(r"\s*/\s*", " / ", name.casefold())
    return _NAME_TO_ROLE.get(re.sub(r"\s+", " ", normal).strip())


class OfferTerm(Model):
    """One term of an offer: what is offered, what the candidate aims for, and their line."""

    id: Id = Field(default_factory=new_id)
    name: Name
    kind: TermKind = "text"
    role: TermRole | None = None
    """Which standard term this is, whatever its name; None for a term of the user's own."""
    better: Literal["higher", "lower"] = "higher"
    """Whether more is better (base, PTO) or less is (travel %, on-site days)."""
    offered: TermValue | None = None
    target: TermValue | None = None
    walk_away: TermValue | None = None
    priority: Priority = "want"
    note: Line = ""

    @model_validator(mode="after")
    def _values_fit_kind(self) -> "OfferTerm":
        for field in ("offered", "target", "walk_away"):
            value = getattr(self, field)
            if value is None:
                continue
            if self.kind in NUMERIC_KINDS:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{field} of {self.name!r} must be a number, not {value!r}")
                if value < 0:
                    raise ValueError(f"{field} of {self.name!r} cannot be negative")
                if self.kind == "percent" and value > 100:
                    raise ValueError(f"{field} of {self.name!r} is a percentage (0–100)")
            elif self.kind == "date":
                if isinstance(value, str):
                    try:
                        object.__setattr__(self, field, date.fromisoformat(value))
                    except ValueError:
                        raise ValueError(
                            f"{field} of {self.name!r} must be a date like 2026-12-01"
                        ) from None
                elif not isinstance(value, date):
                    raise ValueError(f"{field} of {self.name!r} must be a date like 2026-12-01")
            elif not isinstance(value, str):
                object.__setattr__(self, field, str(value))
        return self


class Item(Model):
    """A line in one of the worksheet's lists (needs, role ideas, pros, cons)."""

    id: Id = Field(default_factory=new_id)
    text: Name
    done: bool = False


class Question(Model):
    id: Id = Field(default_factory=new_id)
    text: Name
    answer: Text = ""


class Visit(Model):
    """Someone still to meet, or a place still to see, before deciding."""

    id: Id = Field(default_factory=new_id)
    name: Name
    kind: Literal["person", "place"] = "person"
    role: Line = ""
    done: bool = False


class OfferWorksheet(Model):
    received_on: date | None = None
    currency: Currency = "USD"
    terms: list[OfferTerm] = Field(default_factory=empty_list)
    needs: list[Item] = Field(default_factory=empty_list)
    questions: list[Question] = Field(default_factory=empty_list)
    visits: list[Visit] = Field(default_factory=empty_list)
    role_ideas: list[Item] = Field(default_factory=empty_list)
    pros: list[Item] = Field(default_factory=empty_list)
    cons: list[Item] = Field(default_factory=empty_list)
    gut: Gut | None = None
    decision: Decision | None = None
    talking_points: Text = ""
    decline_note: Text = ""

    def term(self, name: str) -> OfferTerm | None:
        key = name.casefold()
        return next((t for t in self.terms if t.name.casefold() == key), None)
