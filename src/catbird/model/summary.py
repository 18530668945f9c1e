"""The few facts a board card or a `catbird list` line needs, derived from an opportunity.

Summaries are small and plain, so thousands of them cost little memory and can be cached
on disk: the board paints from them and loads a whole opportunity only when it is opened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from catbird.model.common import Stage
from catbird.model.opportunity import Opportunity
from catbird.model.profile import Profile
from catbird.model.scoring import fit_score, red_score


@dataclass(frozen=True, slots=True)
class CardSummary:
    slug: str
    company: str
    role: str
    stage: Stage
    tags: tuple[str, ...] = ()
    next_action: str = ""
    next_due: date | None = None
    red: int = 0
    green: int = 0
    red_weight: int = 0
    fit: int | None = None
    interviewing_now: bool = False
    follow_ups_open: int = 0
    next_follow_up: date | None = None
    stage_since: date | None = None
    closed_reason: str = ""
    search_text: str = field(default="", compare=False)

    def is_overdue(self, today: date) -> bool:
        return self.next_due is not None and self.next_due < today

    def matches(self, query: str) -> bool:
        """Case-insensitive match on company, role and tags (the board's `/` filter)."""
        return query.casefold() in self.search_text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("search_text")
        data["stage"] = self.stage.value
        data["tags"] = list(self.tags)
        for key in ("next_due", "next_follow_up", "stage_since"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CardSummary:
        data = dict(data)
        data["stage"] = Stage(data["stage"])
        data["tags"] = tuple(data.get("tags", ()))
        for key in ("next_due", "next_follow_up", "stage_since"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        return cls(**data, search_text=_search_text(data["company"], data["role"], data["tags"]))


def _search_text(company: str, role: str, tags: tuple[str, ...]) -> str:
    return " ".join((company, role, *tags)).casefold()


def summarize(opportunity: Opportunity, profile: Profile | None = None) -> CardSummary:
    open_follow_ups = sorted(f.due for f in opportunity.follow_ups if not f.is_done)
    action = opportunity.next_action
    return CardSummary(
        slug=opportunity.slug,
        company=opportunity.company,
        role=opportunity.role,
        stage=opportunity.stage,
        tags=tuple(opportunity.tags),
        next_action=action.text if action else "",
        next_due=action.due if action else None,
        red=opportunity.red_count,
        green=opportunity.green_count,
        red_weight=red_score(opportunity.flags),
        fit=fit_score(opportunity, profile) if profile else None,
        interviewing_now=opportunity.open_interview is not None,
        follow_ups_open=len(open_follow_ups),
        next_follow_up=open_follow_ups[0] if open_follow_ups else None,
        stage_since=opportunity.stage_entered_at().date(),
        closed_reason=opportunity.closing.reason if opportunity.closing else "",
        search_text=_search_text(opportunity.company, opportunity.role, tuple(opportunity.tags)),
    )
