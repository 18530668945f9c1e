"""Findings: what the candidate learned about each criterion of the homework, with evidence.

`answer` records one finding (yes / no / mixed / unknown, a short quote, who said it, in which
interview) on one opportunity. `resolve_criterion` and `resolve_person` turn what a person
typed into the profile's criterion and the opportunity's contact. `start_from_suggestions`
fills an empty homework with the suggested starting set (`use_suggestions`): a profile edit,
kept here beside the findings it makes possible rather than in ops.profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from pydantic import ValidationError

from catbird.model import Opportunity, Profile, today
from catbird.model.opportunity import ANSWERS, CLAIM_TOPICS, Claim, Finding
from catbird.model.profile import CRITERION_GROUPS, GROUP_NOUN, Criterion
from catbird.ops.common import apply, apply_profile, invalid
from catbird.store import CatbirdError, Change, NotFound, ProfileChange, Workspace


def resolve_criterion(profile: Profile, ref: str) -> Criterion:
    """The criterion REF names: its id, a unique case-insensitive prefix of its text, or a
    unique part of it. An ambiguous REF lists the candidates."""
    needle = ref.strip().casefold()
    if not needle:
        raise CatbirdError("an empty criterion names nothing")
    criteria = profile.criteria()
    if not criteria:
        raise NotFound("your homework has no criteria yet (add them with `p` in the board)")
    for _, c in criteria:
        if c.id == needle:
            return c
    for match in (
        lambda c: c.text.casefold().startswith(needle),
        lambda c: needle in c.text.casefold(),
    ):
        found = [(g, c) for g, c in criteria if match(c)]
        if len(found) == 1:
            return found[0][1]
        if found:
            lines = [f"  {c.id}  {GROUP_NOUN[g]}: {c.text}" for g, c in found[:8]]
            if len(found) > 8:
                lines.append(f"  … and {len(found) - 8} more")
            listed = "\n".join(lines)
            raise CatbirdError(f"{ref!r} matches {len(found)} criteria:\n{listed}")
    raise NotFound(f"no criterion of your homework matches {ref!r}")


def resolve_person(opportunity: Opportunity, name: str) -> str:
    """What a finding or a flag stores for `name`: the id of the contact it names (a whole
    name, else a unique part of one, case-insensitive), or the name itself."""
    needle = name.strip().casefold()
    if not needle:
        return ""
    by_id = opportunity.contact(needle)
    if by_id is not None:
        return by_id.id
    whole = [c for c in opportunity.contacts if c.name.casefold() == needle]
    if len(whole) == 1:
        return whole[0].id
    parts = [c for c in opportunity.contacts if needle in c.name.casefold()]
    if len(parts) == 1:
        return parts[0].id
    return name.strip()


def _interview_now(o: Opportunity) -> str | None:
    """The interview an answer heard now belongs to: the open one, else one held today."""
    if o.open_interview is not None:
        return o.open_interview.id
    day = today()
    latest = next((i for i in reversed(o.interviews) if i.started_at.date() == day), None)
    return latest.id if latest is not None else None


def answer(
    ws: Workspace,
    slug: str,
    criterion: str,
    answer: str,
    *,
    quote: str = "",
    by: str = "",
    interview_id: str | None = None,
) -> Change:
    """Record what was found out about `criterion` (an id) at `slug`.

    `by` is a contact's id or a name (a name that matches one contact is stored as its id);
    without `interview_id` the finding goes with the interview under way or held today, if
    any. "unknown" puts the criterion back to open, keeping the earlier evidence.
    """
    if answer not in ANSWERS:
        raise CatbirdError(f"an answer is one of {', '.join(ANSWERS)}, not {answer!r}")

    def change(o: Opportunity) -> Opportunity:
        data = {"criterion": criterion, "answer": answer, "quote": quote}
        return _with_heard(o, slug, "findings", Finding, data, by, interview_id)

    return apply(ws, slug, change, f"finding at {slug}: {answer}")


def _with_heard(
    o: Opportunity,
    slug: str,
    field: Literal["findings", "claims"],
    model: type[Finding] | type[Claim],
    data: Mapping[str, object],
    by: str,
    interview_id: str | None,
) -> Opportunity:
    """`o` with one more thing heard (a finding or a claim) at the end of `field`: said by
    the person `by` names, in `interview_id` or else the interview of the moment."""
    if interview_id is not None and not any(i.id == interview_id for i in o.interviews):
        raise NotFound(f"{slug}: interview {interview_id} is gone")
    try:
        heard = model.model_validate(
            {**data, "by": resolve_person(o, by), "interview": interview_id or _interview_now(o)}
        )
    except ValidationError as exc:
        raise invalid(exc) from None
    return o.model_copy(update={field: [*getattr(o, field), heard]})


def start_from_suggestions(ws: Workspace) -> ProfileChange:
    """Put the suggested homework in every list of the profile still empty (an operation on
    the app's one history: `u` takes it back)."""
    return apply_profile(ws, use_suggestions, "start from the suggested homework")


def record_claim(
    ws: Workspace,
    slug: str,
    topic: str,
    text: str,
    *,
    by: str = "",
    by_date: date | None = None,
    interview_id: str | None = None,
) -> Change:
    """Keep something the company said ("180-200k", "two office days", "decision by…"),
    with its numbers read from the words, to hold the written offer against it. `by_date`
    is the day a promise falls due; without `interview_id` it goes with the interview under
    way or held today, if any."""
    from catbird.model.claims import numbers_of

    if topic not in CLAIM_TOPICS:
        raise CatbirdError(f"a claim is about one of {', '.join(CLAIM_TOPICS)}, not {topic!r}")

    def change(o: Opportunity) -> Opportunity:
        data = {"topic": topic, "text": text, **numbers_of(text, topic), "by_date": by_date}
        return _with_heard(o, slug, "claims", Claim, data, by, interview_id)

    return apply(ws, slug, change, f"what {slug} said about {topic}")


def use_suggestions(profile: Profile) -> Profile:
    """`profile` with the suggested starting homework put in each list that is empty
    (criteria with their questions, flag presets linked to their dealbreakers); a list the
    user already filled is left as it is. The caller saves it (`Workspace.update_profile`)."""
    from catbird.texts.starter import suggested_profile

    starter = suggested_profile().model_dump()
    data = profile.model_dump()
    for key in CRITERION_GROUPS:
        if not data[key]:
            data[key] = starter[key]
    if not data["flags"]:
        known = {d["id"] for d in data["dealbreakers"]}
        data["flags"] = [
            {**p, "dealbreaker": p["dealbreaker"] if p["dealbreaker"] in known else None}
            for p in starter["flags"]
        ]
    return Profile.model_validate(data)
