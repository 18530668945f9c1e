"""Jump anywhere: the command palette (ctrl+p) finds any opportunity by a few letters of its
company, role, tags or people, and opens its details, its live tally or its offer worksheet.

The search runs over the card summaries the app already holds (`catbird.model.jump`), made
ready once per published view: no file is read. Typing `tally` or `offer` before or after
the letters picks where to go; otherwise each opportunity found offers its details, and
the tally of an interview under way or the worksheet of an offer come with it. Every name is
user text: it goes on screen as Content, never as markup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from catbird.model.jump import Jump, Jumps
from catbird.model.stage import Stage
from catbird.tui import messages
from catbird.tui.door import door

if TYPE_CHECKING:
    from catbird.tui.door import WorkspaceView

PLACES = {"tally": "tally", "offer": "offer", "worksheet": "offer", "details": "details"}
"""Words that say where to go rather than what to find."""

_made: tuple[WorkspaceView, Jumps] | None = None
"""The jumps made for the last view asked about (views are never changed, only replaced)."""


def jumps_for(view: WorkspaceView) -> Jumps:
    """The cards of `view`, made ready to be found (once per view)."""
    global _made
    if _made is None or _made[0] is not view:
        _made = (view, Jumps(view.cards.values()))
    return _made[1]


class JumpProvider(Provider):
    """Opportunities in the command palette."""

    async def startup(self) -> None:
        # Made while the palette opens, off the event loop (~30 ms at 10,000 cards): the
        # first key typed then finds them ready.
        await asyncio.to_thread(jumps_for, door(self.screen).view)

    async def search(self, query: str) -> Hits:
        words = query.split()
        place = None
        if words and words[0].casefold() in PLACES:
            place = PLACES[words.pop(0).casefold()]
        elif len(words) > 1 and words[-1].casefold() in PLACES:
            place = PLACES[words.pop().casefold()]
        if not words:
            return
        for jump in jumps_for(door(self.screen).view).find(" ".join(words)):
            for where, score in self._places(jump, place):
                yield self._hit(jump, where, score)

    async def discover(self) -> Hits:
        # Before anything is typed: the opportunities with an interview under way.
        for card in door(self.screen).view.cards.values():
            if card.interviewing_now:
                jump = Jump(1.0, card, "company", card.company)
                hit = self._hit(jump, "tally", 1.0)
                yield DiscoveryHit(hit.prompt, hit.command, hit.text)

    @staticmethod
    def _places(jump: Jump, place: str | None) -> list[tuple[str, float]]:
        if place is not None:
            if place == "tally" and not jump.card.interviewing_now:
                return []  # a tally is started from the card (`t`), with its round and people
            return [(place, jump.score)]
        out = [("details", jump.score)]
        if jump.card.interviewing_now:
            out.append(("tally", jump.score * 0.99))
        if jump.card.stage in (Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED):
            out.append(("offer", jump.score * 0.98))
        return out

    def _hit(self, jump: Jump, where: str, score: float) -> Hit:
        card = jump.card
        name = card.company + (f" — {card.role}" if card.role else "")
        verb = {"details": "Open", "tally": "Live tally:", "offer": "Offer worksheet:"}[where]
        about = [card.stage.label]
        if jump.field in ("tag", "contact"):
            about.append(f"{'tag' if jump.field == 'tag' else 'with'} {jump.value}")
        prompt = Content.assemble(
            f"{verb} ", (name, Style(bold=True)), "\n", (" · ".join(about), Style(dim=True))
        )
        return Hit(min(score, 1.0), prompt, self._go(card.slug, where), text=f"{verb} {name}")

    def _go(self, slug: str, where: str) -> Callable[[], None]:
        return partial(_open, self, slug, where)


def _open(provider: Provider, slug: str, where: str) -> None:
    app = provider.app
    if where == "details":
        app.post_message(messages.OpenDetail(slug))
    elif where == "offer":
        app.post_message(messages.OpenOffer(slug))
    else:
        opportunity = door(provider.screen).read(slug)
        interview = opportunity.open_interview if opportunity else None
        if interview is None:
            app.notify("no interview under way there now", timeout=3)
            app.post_message(messages.OpenDetail(slug))
        else:
            app.post_message(messages.OpenTally(slug, interview.id))
