"""The offer-shaping worksheet: each term against what the candidate needs, and the preparation."""

from __future__ import annotations

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
Priority = Literal["must", "want", "flexible"]
Decision = Literal["accept", "negotiate", "decline", "walk-away"]
# nan and inf are not amounts (and never equal themselves after a save): not numbers here.
TermValue: TypeAlias = int | Annotated[float, Field(allow_inf_nan=False)] | date | Name
NUMERIC_KINDS = ("money", "percent", "days", "number")


class OfferTerm(Model):
    """One term of an offer: what is offered, what the candidate aims for, and their line."""

    id: Id = Field(default_factory=new_id)
    name: Name
    kind: TermKind = "text"
    better: Literal["higher", "lower"] = "higher"
    """Whether more is better (base, PTO) or less is (travel %, on-site days)."""
    offered: TermValue | None = None
    target: TermValue | None = None
    walk_away: TermValue | None = None
    priority: Priority = "want"
    note: Line = ""

    @model_validator(mode="after")
    def _values_fit_kind(self) -> OfferTerm:
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
