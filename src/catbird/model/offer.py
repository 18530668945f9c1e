"""The offer-shaping worksheet: each term against what the candidate needs, and the preparation."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from catbird.model.common import Gut, Id, Line, Model, Name, Text, new_id

TermKind = Literal["money", "percent", "days", "number", "text", "date"]
Priority = Literal["must", "want", "flexible"]
Decision = Literal["accept", "negotiate", "decline", "walk-away"]
TermValue = int | float | date | Name


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
    currency: Line = "USD"
    terms: list[OfferTerm] = Field(default_factory=list)
    needs: list[Item] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    visits: list[Visit] = Field(default_factory=list)
    role_ideas: list[Item] = Field(default_factory=list)
    pros: list[Item] = Field(default_factory=list)
    cons: list[Item] = Field(default_factory=list)
    gut: Gut | None = None
    decision: Decision | None = None
    talking_points: Text = ""
    decline_note: Text = ""

    def term(self, name: str) -> OfferTerm | None:
        key = name.casefold()
        return next((t for t in self.terms if t.name.casefold() == key), None)
