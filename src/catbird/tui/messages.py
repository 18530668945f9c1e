"""Messages more than one screen sends: asking the app to open a screen or start a card.

Screens never import each other (the import graph has no circle): to go somewhere they post
one of these, which bubbles up to the app, and the app — which imports the screens — opens
the screen asked for. A message only one widget sends lives with it instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from catbird.model.stage import Stage


class Open(Message):
    """Ask the app to show another screen (one of the subclasses below says which)."""


@dataclass
class OpenDetail(Open):
    """One opportunity in full."""

    slug: str


@dataclass
class OpenTally(Open):
    """The live tally of one interview."""

    slug: str
    interview_id: str


@dataclass
class OpenOffer(Open):
    """The offer worksheet of one opportunity."""

    slug: str


@dataclass
class OpenPrep(Open):
    """The prep sheet for the next interview of one opportunity."""

    slug: str


@dataclass
class OpenCompare(Open):
    """Offers side by side, in this order."""

    slugs: tuple[str, ...]


@dataclass
class OpenDue(Open):
    """What is due across the workspace (or, with a slug, everything open on one card)."""

    slug: str | None = None


@dataclass
class OpenPeople(Open):
    """The people of one opportunity."""

    slug: str


@dataclass
class OpenAgenda(Open):
    """Today and the coming days across the workspace."""


@dataclass
class OpenInsights(Open):
    """Funnel, time in stage, reasons and flags."""


@dataclass
class OpenSearch(Open):
    """Search every text of the workspace, starting from `query`."""

    query: str = ""


@dataclass
class AddOpportunity(Message):
    """Ask the app for the form that adds an opportunity, at `stage` (the board and the
    welcome screen both offer it; the board puts its cursor on the new card)."""

    stage: Stage = Stage.LEAD
