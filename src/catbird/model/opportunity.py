"""One opportunity: the card, its stage history, people, notes, interviews, offer and follow-ups."""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from catbird.model.calendar import ScheduledInterview
from catbird.model.common import (
    Body,
    Gut,
    Id,
    Line,
    Model,
    Name,
    Severity,
    Text,
    empty_list,
    new_id,
    unique_ids,
)
from catbird.model.moments import Day, Moment
from catbird.model.offer import OfferWorksheet
from catbird.model.stage import Stage, now

if TYPE_CHECKING:
    from catbird.model.profile import FlagPreset

OPPORTUNITY_SCHEMA_VERSION = 3
"""2: offer terms carry a role; 3: `findings` (what was learned about each criterion, with
evidence) replace `fit` (see `catbird.store.migrate`)."""
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"


class StageChange(Model):
    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    stage: Stage
    from_stage: Stage | None = None
    note: Line = ""


class Contact(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    role: Line = ""
    email: Line = ""
    phone: Line = ""
    notes: Text = ""
    met: bool = False
    clicked: bool = False
    """The candidate felt a real connection: worth a call after the outcome."""
    link: Line = ""
    """A profile page (LinkedIn, a personal site)."""
    raised_flags: bool = False
    """Marked by the candidate as the one who raised the red flags: thanked plainly, never
    praised, never called (see `catbird.ops.endings`)."""


class Note(Model):
    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    text: Body


class FlagEvent(Model):
    """A red or green flag noticed during an interview, at the moment it was noticed."""

    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    kind: Literal["red", "green"] = "red"
    label: Name
    severity: Severity = 2
    preset: Id | None = None
    dealbreaker: Id | None = None
    note: Line = ""
    by: Line = ""
    """Who was speaking: a contact's id, or a name as given ("" if no one in particular)."""

    @classmethod
    def from_preset(
        cls, preset: "FlagPreset", *, green: bool | None = None, severity: int | None = None
    ) -> "FlagEvent":
        """The flag a preset logs, now: its label, kind, severity and linked dealbreaker.

        `green` logs it as a green flag instead, and a green flag is never evidence of a
        dealbreaker; `severity` overrides the preset's. The tally's keys and `catbird flag`
        both log presets through here.
        """
        kind = "green" if green else preset.kind
        return cls(
            label=preset.label,
            kind=kind,
            severity=severity or preset.severity,
            preset=preset.id,
            dealbreaker=preset.dealbreaker if kind == "red" else None,
        )


Answer = Literal["yes", "no", "mixed", "unknown"]
"""Whether a criterion is there: for a must-have "yes" means met; for a dealbreaker, present."""
ANSWERS: tuple[Answer, ...] = ("yes", "no", "mixed", "unknown")


class Finding(Model):
    """One piece of evidence about a criterion of the homework: what was said or seen, by
    whom, in which interview, and what it says. The latest finding of a criterion is where
    it stands; earlier ones stay as its history (and two writers' findings merge by id)."""

    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    criterion: Id
    answer: Answer
    quote: Line = ""
    """What was said or seen, in a few words."""
    by: Line = ""
    """Who said or showed it: a contact's id, or a name as given."""
    interview: Id | None = None


ClaimTopic = Literal["pay", "office-days", "travel", "title", "start", "decision", "other"]
CLAIM_TOPICS: tuple[ClaimTopic, ...] = (
    "pay",
    "office-days",
    "travel",
    "title",
    "start",
    "decision",
    "other",
)


class Claim(Model):
    """Something the company said, kept with its round so the written offer can be held
    against it: a pay range, office days, travel, a title, a start date, "decision by…"."""

    id: Id = Field(default_factory=new_id)
    at: Moment = Field(default_factory=now)
    topic: ClaimTopic = "other"
    text: Name
    """What they said, in their words ("180-200k", "two office days")."""
    low: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    high: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """The numbers in it, if any (a range, or one number as both)."""
    by_date: date | None = None
    """The day they promised something by (a decision, an answer): due once it passes."""
    by: Line = ""
    interview: Id | None = None


Verdict = Literal["continue", "not-for-me", "undecided"]


class Debrief(Model):
    at: Moment = Field(default_factory=now)
    gut: Gut | None = None
    verdict: Verdict = "undecided"
    summary: Text = ""


class Interview(Model):
    id: Id = Field(default_factory=new_id)
    started_at: Moment = Field(default_factory=now)
    ended_at: Moment | None = None
    round: int = Field(default=1, ge=1, le=99)
    kind: Literal["phone", "video", "onsite", "other"] = "video"
    with_whom: Line = ""
    people: list[Id] = Field(default_factory=empty_list)
    """The contacts across the table (a panel, an afternoon of four principals...)."""
    flags: list[FlagEvent] = Field(default_factory=empty_list)
    notes: list[Note] = Field(default_factory=empty_list)
    debrief: Debrief | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class NextAction(Model):
    text: Name
    due: Day | None = None


FollowUpKind = Literal[
    "thanks",
    "call",
    "review",
    "network",
    "help",
    "check-in",
    "landed",
    "withdraw",
    "decline",
    "nudge",
    "other",
]


class Elsewhere(Model):
    """The people of another search, for the "I landed" news sent to them."""

    slug: str = ""
    company: Line = ""
    people: list[Name] = Field(default_factory=empty_list)
    emails: list[Line] = Field(default_factory=empty_list)


class FollowUp(Model):
    id: Id = Field(default_factory=new_id)
    kind: FollowUpKind = "other"
    title: Name
    due: Day
    contact: Id | None = None
    done_at: Moment | None = None
    note: Line = ""
    letter: Text = ""
    """The letter as the candidate edited (or sent) it; empty: Catbird's draft, made afresh
    from the card each time it is shown (see `catbird.texts.letters`)."""
    sent_at: Moment | None = None
    """When its letter was marked sent (the task is then done, and `letter` is what went)."""
    planned_for: Stage | None = None
    """The ending whose plan made it: reopening the card takes the plan's open tasks back."""
    elsewhere: Elsewhere | None = None
    """For the "I landed" news: the other search whose people it goes to."""

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Closing(Model):
    """Why an opportunity ended, with the flags and findings that led there as evidence."""

    at: Moment = Field(default_factory=now)
    stage: Stage
    reason: Text = ""
    evidence: list[Id] = Field(default_factory=empty_list)
    retired_action: Line = ""
    """The next action the card had when it closed, kept here rather than left to go stale."""

    @model_validator(mode="after")
    def _closed_stage(self) -> "Closing":
        if self.stage.is_active:
            raise ValueError(f"a closing needs a closed stage, not {self.stage.value!r}")
        return self


class Opportunity(Model):
    """opportunities/<slug>.toml. The slug is the file name, so it is not stored inside."""

    merged_together: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("stage", "stage_history", "closing"),
    )
    """Fields a merge takes from one side only (see `catbird.model.merge`): a stage, the
    history that leads to it and the closing that goes with it must agree."""

    schema_version: int = OPPORTUNITY_SCHEMA_VERSION
    slug: str = Field(default="", exclude=True, pattern=r"^$|" + SLUG_PATTERN)
    company: Name
    role: Line = ""
    link: Line = ""
    source: Line = ""
    location: Line = ""
    tags: list[Annotated[Name, Field(max_length=40)]] = Field(default_factory=empty_list)
    stage: Stage = Stage.LEAD
    created_at: Moment = Field(default_factory=now)
    next_action: NextAction | None = None
    stage_history: list[StageChange] = Field(default_factory=empty_list)
    contacts: list[Contact] = Field(default_factory=empty_list)
    notes: list[Note] = Field(default_factory=empty_list)
    interviews: list[Interview] = Field(default_factory=empty_list)
    offer: OfferWorksheet | None = None
    follow_ups: list[FollowUp] = Field(default_factory=empty_list)
    closing: Closing | None = None
    findings: list[Finding] = Field(default_factory=empty_list)
    """What was learned about the profile's criteria here, oldest first (see model.findings)."""
    claims: list[Claim] = Field(default_factory=empty_list)
    """What the company said (pay range, office days, "decision by…"), oldest first."""
    scheduled: list[ScheduledInterview] = Field(default_factory=empty_list)
    """Interviews in the calendar, to come or past (see model.calendar)."""

    @model_validator(mode="after")
    def _consistent(self) -> "Opportunity":
        if self.closing is not None and self.closing.stage != self.stage:
            raise ValueError(
                f"closing.stage is {self.closing.stage.value!r} but stage is {self.stage.value!r}"
            )
        if self.closing is not None and self.closing.evidence:
            known = {f.id for f in self.flags} | {f.id for f in self.findings}
            missing = [e for e in self.closing.evidence if e not in known]
            if missing:
                raise ValueError(
                    f"closing.evidence names unknown flags or findings: {', '.join(missing)}"
                )
        unique_ids(self._ids())
        return self

    def _ids(self) -> Iterator[str]:
        """Every event's id, in the file's order."""
        for group in (
            self.stage_history,
            self.contacts,
            self.notes,
            self.follow_ups,
            self.findings,
            self.claims,
        ):
            for item in group:
                yield item.id
        for interview in self.interviews:
            yield interview.id
            for flag in interview.flags:
                yield flag.id
            for note in interview.notes:
                yield note.id
        for planned in self.scheduled:
            yield planned.id
            for moved in planned.changes:
                yield moved.id

    @property
    def open_interview(self) -> Interview | None:
        return next((i for i in reversed(self.interviews) if i.is_open), None)

    @property
    def flags(self) -> list[FlagEvent]:
        return [f for i in self.interviews for f in i.flags]

    @property
    def red_count(self) -> int:
        return sum(1 for i in self.interviews for f in i.flags if f.kind == "red")

    @property
    def green_count(self) -> int:
        return sum(1 for i in self.interviews for f in i.flags if f.kind == "green")

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def who(self, by: str) -> str:
        """The name behind a finding's or a flag's `by`: a contact's name, else `by` itself."""
        contact = self.contact(by) if by else None
        return contact.name if contact is not None else by

    def stage_entered_at(self) -> datetime:
        """When the opportunity entered its current stage."""
        for change in reversed(self.stage_history):
            if change.stage == self.stage:
                return change.at
        return self.created_at
