"""Who is who after an outcome: the people met, the ones clicked with, and the one who raised
the red flags; and when there was last any news. One rule each, read by the plan
(`ops.endings`), the letters (`texts`) and the card summary (how long a card is quiet)."""

from __future__ import annotations

from datetime import date, datetime

from catbird.model.opportunity import Contact, Opportunity
from catbird.model.stage import Stage

QUIET_STAGES: tuple[Stage, ...] = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)
"""Where a silence is the company's: a lead has not been sent, an offer waits on the candidate."""


def last_news(o: Opportunity) -> date:
    """The last day anything happened here: a stage change, an interview, a note, a finding,
    something they said, a follow-up done."""
    moments: list[datetime] = [o.created_at]
    moments += [c.at for c in o.stage_history]
    moments += [i.started_at for i in o.interviews]
    moments += [n.at for n in o.notes]
    moments += [f.at for f in o.findings]
    moments += [c.at for c in o.claims]
    moments += [f.done_at for f in o.follow_ups if f.done_at is not None]
    return max(moments).date()


def quiet_days_now(stage: Stage, news: date | None, day: date) -> int | None:
    """How many days an application at `stage` with its last news on `news` has been quiet
    by `day` (None where a silence is not the company's, or nothing is known)."""
    if stage not in QUIET_STAGES or news is None:
        return None
    return (day - news).days


def raised_red_flags(o: Opportunity, contact: Contact) -> bool:
    """Marked as the one who raised the red flags, or named as the speaker of a red flag."""
    return contact.raised_flags or any(f.kind == "red" and f.by == contact.id for f in o.flags)


def met(o: Opportunity) -> list[Contact]:
    """The people the candidate met (marked met, or put across the table in the tally)."""
    in_interviews = {p for i in o.interviews for p in i.people}
    return [c for c in o.contacts if c.met or c.id in in_interviews]


def to_call(o: Opportunity) -> list[Contact]:
    """The ones clicked with: worth a call. Never the one who raised the red flags."""
    return [c for c in met(o) if c.clicked and not raised_red_flags(o, c)]


def warm(o: Opportunity) -> list[Contact]:
    """The people met who did not raise the red flags: those a note may thank warmly."""
    return [c for c in met(o) if not raised_red_flags(o, c)]


def main_contact(o: Opportunity) -> Contact | None:
    """Who a note to the company goes to: the first clicked with, else the first met warmly,
    else the first person at all."""
    people = warm(o)
    return (
        next((c for c in people if c.clicked), None)
        or (people[0] if people else None)
        or (o.contacts[0] if o.contacts else None)
    )
