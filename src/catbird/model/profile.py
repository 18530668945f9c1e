"""The candidate's homework: what matters, what ends it, where they bend, and their flag presets."""

# No `from __future__ import annotations` in the model modules: pydantic would then
# compile and evaluate every field's annotation string as each class is made (~12 % of
# importing the models, paid by every capture). Forward references are quoted.

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from catbird.model.common import (
    PRESET_KEY_PATTERN,
    Currency,
    Id,
    Line,
    Model,
    Money,
    Name,
    Percent,
    Severity,
    Text,
    Weight,
    empty_list,
    new_id,
    unique_ids,
)

PROFILE_SCHEMA_VERSION = 2
"""2: criteria carry the questions that find them out and the signals that reveal them."""

FlagKind = Literal["red", "green"]

# Keys the interview tally keeps for itself; a flag preset cannot use them.
TALLY_KEYS = {
    "u": "undo",
    "n": "note",
    "c": "custom red flag",
    "g": "custom green flag",
    "w": "walk away",
    "d": "discreet mode",
    "x": "dismiss",
    "q": "quit",
    "p": "profile",
}


CriterionGroup = Literal["must_haves", "dealbreakers", "nice_to_haves", "flexibles"]
CRITERION_GROUPS: tuple[CriterionGroup, ...] = (
    "must_haves",
    "dealbreakers",
    "nice_to_haves",
    "flexibles",
)
GROUP_NOUN: dict[CriterionGroup, str] = {
    "must_haves": "must-have",
    "dealbreakers": "dealbreaker",
    "nice_to_haves": "nice-to-have",
    "flexibles": "flexible",
}


class Criterion(Model):
    """One must-have, dealbreaker, nice-to-have or flexible, with how much it weighs (1–5),
    the questions that find it out and the signals that give it away."""

    id: Id = Field(default_factory=new_id)
    text: Name
    weight: Weight = 3
    note: Line = ""
    questions: list[Name] = Field(default_factory=empty_list)
    """What to ask to find out whether it is there."""
    signals: list[Name] = Field(default_factory=empty_list)
    """What would reveal it without asking (something seen or let slip)."""


class WalkAwayNumbers(Model):
    """The lines below which an offer is a no, and the targets the candidate aims for."""

    currency: Currency = "USD"
    min_base: Money | None = None
    target_base: Money | None = None
    target_total: Money | None = None
    max_travel_pct: Percent | None = None
    max_onsite_days: int | None = Field(default=None, ge=0, le=7)
    min_pto_days: int | None = Field(default=None, ge=0, le=366)
    max_commute_minutes: int | None = Field(default=None, ge=0, le=600)


class FlagPreset(Model):
    """A flag the candidate expects to meet, on one key of the tally pad."""

    id: Id = Field(default_factory=new_id)
    key: str = Field(pattern=PRESET_KEY_PATTERN)

    @field_validator("key")
    @classmethod
    def _not_a_tally_key(cls, key: str) -> str:
        if key in TALLY_KEYS:
            raise ValueError(f"key {key!r} is taken by the tally itself ({TALLY_KEYS[key]})")
        return key

    label: Annotated[Name, Field(max_length=60)]
    kind: FlagKind = "red"
    severity: Severity = 2
    dealbreaker: Id | None = None
    """The dealbreaker this flag is evidence of, if any: logging it means "definite no"."""


class Phrasing(Model):
    """The candidate's own words for the texts Catbird drafts; empty means our default."""

    exit_script: Text = ""
    decline_note: Text = ""
    thanks_note: Text = ""
    check_in_note: Text = ""


class FollowUpSettings(Model):
    quiet_days: int = Field(default=14, ge=1, le=365)
    """An application with no news for this many days gets a nudge; after twice as many,
    Catbird proposes closing it as ghosted."""


class TallySettings(Model):
    threshold: int = Field(default=8, ge=1, le=100)
    """The weighted red-flag score at which the "definite no" panel is raised."""


class Profile(Model):
    """profile.toml: the homework done before the search starts."""

    schema_version: int = PROFILE_SCHEMA_VERSION
    name: Line = ""
    headline: Line = ""
    must_haves: list[Criterion] = Field(default_factory=empty_list)
    dealbreakers: list[Criterion] = Field(default_factory=empty_list)
    nice_to_haves: list[Criterion] = Field(default_factory=empty_list)
    flexibles: list[Criterion] = Field(default_factory=empty_list)
    numbers: WalkAwayNumbers = Field(default_factory=WalkAwayNumbers)
    flags: list[FlagPreset] = Field(default_factory=empty_list)
    tally: TallySettings = Field(default_factory=TallySettings)
    phrasing: Phrasing = Field(default_factory=Phrasing)
    follow_ups: FollowUpSettings = Field(default_factory=FollowUpSettings)

    @field_validator("flags")
    @classmethod
    def _unique_keys(cls, flags: list[FlagPreset]) -> list[FlagPreset]:
        seen: dict[str, str] = {}
        for preset in flags:
            if preset.key in seen:
                raise ValueError(
                    f"key {preset.key!r} is used by both {seen[preset.key]!r} and {preset.label!r}"
                )
            seen[preset.key] = preset.label
        return flags

    @model_validator(mode="after")
    def _links_exist(self) -> "Profile":
        ids = [
            item.id
            for group in (self.must_haves, self.dealbreakers, self.nice_to_haves, self.flexibles)
            for item in group
        ] + [p.id for p in self.flags]
        unique_ids(ids)
        known = {d.id for d in self.dealbreakers}
        for preset in self.flags:
            if preset.dealbreaker is not None and preset.kind == "green":
                raise ValueError(f"green flag {preset.label!r} cannot be linked to a dealbreaker")
            if preset.dealbreaker is not None and preset.dealbreaker not in known:
                raise ValueError(
                    f"flag {preset.label!r} links to dealbreaker {preset.dealbreaker!r}, "
                    "which is not in the dealbreakers list"
                )
        return self

    def preset(self, preset_id: str) -> FlagPreset | None:
        return next((p for p in self.flags if p.id == preset_id), None)

    def dealbreaker(self, dealbreaker_id: str) -> Criterion | None:
        return next((d for d in self.dealbreakers if d.id == dealbreaker_id), None)

    def criteria(self) -> list[tuple[CriterionGroup, Criterion]]:
        """Every criterion with its group: must-haves, dealbreakers, nice-to-haves, flexibles."""
        return [(group, c) for group in CRITERION_GROUPS for c in getattr(self, group)]

    def criterion(self, criterion_id: str) -> tuple[CriterionGroup, Criterion] | None:
        return next(((g, c) for g, c in self.criteria() if c.id == criterion_id), None)
