"""The profile: adding, editing, removing and ordering criteria and flag presets, and setting
the walk-away numbers, the tally threshold and the user's own phrasing.

Each operation changes profile.toml through `Workspace.update_profile` (a locked
read-modify-write, checked as a whole before it is written) and returns the `ProfileChange` it
made, which undo and redo replay on the app's one history like any other change: a removed
item comes back at its old place, and an edit made elsewhere since is kept.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ValidationError

from catbird.model import Criterion, FlagPreset, Phrasing, Profile, TallySettings, WalkAwayNumbers
from catbird.ops.common import apply_profile, invalid
from catbird.store import CatbirdError, ProfileChange, Workspace

CriteriaGroup = Literal["must_haves", "dealbreakers", "nice_to_haves", "flexibles"]
ProfileList = Literal["must_haves", "dealbreakers", "nice_to_haves", "flexibles", "flags"]

NOUNS: dict[str, str] = {
    "must_haves": "must-have",
    "dealbreakers": "dealbreaker",
    "nice_to_haves": "nice-to-have",
    "flexibles": "flexible",
    "flags": "flag",
}
"""What one item of each list of the profile is called."""

GONE = "that item is no longer in the profile (changed elsewhere?)"


def with_item(profile: Profile, key: ProfileList, item: Criterion | FlagPreset) -> Profile:
    """`profile` with `item` in the list `key` (replacing the one with its id, or added last),
    checked as a whole (unique keys, links): raises ValidationError rather than be half-valid."""
    items: list[Any] = list(getattr(profile, key))
    ids = [i.id for i in items]
    if item.id in ids:
        items[ids.index(item.id)] = item
    else:
        items.append(item)
    return Profile.model_validate(dict(profile.model_copy(update={key: items})))


def _name(item: Criterion | FlagPreset) -> str:
    return item.text if isinstance(item, Criterion) else item.label


def _ids(profile: Profile, key: ProfileList) -> list[str]:
    return [i.id for i in getattr(profile, key)]


def _put(ws: Workspace, key: ProfileList, item: Criterion | FlagPreset, new: bool) -> ProfileChange:
    def change(p: Profile) -> Profile:
        there = item.id in _ids(p, key)
        if new and there:
            raise CatbirdError(f"the profile has that {NOUNS[key]} already")
        if not new and not there:
            raise CatbirdError(GONE)
        return with_item(p, key, item)

    verb = "add" if new else "edit"
    return apply_profile(ws, change, f"{verb} {NOUNS[key]} “{_name(item)}”")


def _remove(ws: Workspace, key: ProfileList, item_id: str) -> ProfileChange:
    removed: list[str] = []

    def change(p: Profile) -> Profile:
        items = list(getattr(p, key))
        ids = [i.id for i in items]
        if item_id not in ids:
            raise CatbirdError(GONE)
        removed[:] = [_name(items.pop(ids.index(item_id)))]
        update: dict[str, Any] = {key: items}
        if key == "dealbreakers":  # a flag may not point at a dealbreaker that is not there
            update["flags"] = [
                f.model_copy(update={"dealbreaker": None}) if f.dealbreaker == item_id else f
                for f in p.flags
            ]
        return p.model_copy(update=update)

    done = apply_profile(ws, change, f"remove {NOUNS[key]}")
    return ProfileChange(done.before, done.after, f"{done.description} “{removed[0]}”")


def _move(ws: Workspace, key: ProfileList, item_id: str, delta: int) -> ProfileChange:
    moved: list[str] = []

    def change(p: Profile) -> Profile:
        items = list(getattr(p, key))
        ids = [i.id for i in items]
        if item_id not in ids:
            raise CatbirdError(GONE)
        at = ids.index(item_id)
        to = max(0, min(len(items) - 1, at + delta))
        items.insert(to, items.pop(at))
        moved[:] = [_name(items[to])]
        return p.model_copy(update={key: items})

    done = apply_profile(ws, change, f"move {NOUNS[key]}")
    return ProfileChange(done.before, done.after, f"{done.description} “{moved[0]}”")


# ---- criteria: must-haves, dealbreakers, nice-to-haves, flexibles ----------------------------


def add_criterion(ws: Workspace, group: CriteriaGroup, criterion: Criterion) -> ProfileChange:
    return _put(ws, group, criterion, new=True)


def edit_criterion(ws: Workspace, group: CriteriaGroup, criterion: Criterion) -> ProfileChange:
    """Replace the criterion with `criterion`'s id (its text, weight and note)."""
    return _put(ws, group, criterion, new=False)


def remove_criterion(ws: Workspace, group: CriteriaGroup, criterion_id: str) -> ProfileChange:
    """Remove a criterion; flags linked to a removed dealbreaker are unlinked (undo links
    them again)."""
    return _remove(ws, group, criterion_id)


def move_criterion(
    ws: Workspace, group: CriteriaGroup, criterion_id: str, delta: int
) -> ProfileChange:
    """Move a criterion `delta` places down (negative: up), stopping at either end."""
    return _move(ws, group, criterion_id, delta)


# ---- flag presets -----------------------------------------------------------------------------


def add_flag_preset(ws: Workspace, preset: FlagPreset) -> ProfileChange:
    return _put(ws, "flags", preset, new=True)


def edit_flag_preset(ws: Workspace, preset: FlagPreset) -> ProfileChange:
    return _put(ws, "flags", preset, new=False)


def remove_flag_preset(ws: Workspace, preset_id: str) -> ProfileChange:
    return _remove(ws, "flags", preset_id)


def move_flag_preset(ws: Workspace, preset_id: str, delta: int) -> ProfileChange:
    return _move(ws, "flags", preset_id, delta)


# ---- the numbers, the threshold, the words -----------------------------------------------------


def _set(ws: Workspace, description: str, **update: Any) -> ProfileChange:
    def change(p: Profile) -> Profile:
        return p.model_copy(update=update)  # checked as a whole by update_profile

    return apply_profile(ws, change, description)


def set_walk_away(ws: Workspace, numbers: WalkAwayNumbers) -> ProfileChange:
    return _set(ws, "walk-away numbers", numbers=numbers)


def set_tally_threshold(ws: Workspace, threshold: int | None) -> ProfileChange:
    """The weighted red-flag score that raises the "definite no" panel; None: our default."""
    try:
        tally = TallySettings() if threshold is None else TallySettings(threshold=threshold)
    except ValidationError as exc:
        raise invalid(exc) from None
    return _set(ws, "tally threshold", tally=tally)


def set_phrasing(ws: Workspace, phrasing: Phrasing) -> ProfileChange:
    return _set(ws, "phrasing", phrasing=phrasing)


def set_identity(ws: Workspace, name: str, headline: str = "") -> ProfileChange:
    """The user's name (signed under the notes Catbird drafts) and headline."""
    return _set(ws, "name", name=name, headline=headline)


def set_about_you(
    ws: Workspace, name: str, headline: str = "", quiet_days: int | None = None
) -> ProfileChange:
    """Who you are (your name signs the letters Catbird drafts) and how many quiet days
    earn an application a nudge (None: our default)."""
    from catbird.model.profile import FollowUpSettings

    try:
        settings = (
            FollowUpSettings() if quiet_days is None else FollowUpSettings(quiet_days=quiet_days)
        )
    except ValidationError as exc:
        raise invalid(exc) from None
    return _set(ws, "about you", name=name.strip(), headline=headline.strip(), follow_ups=settings)
