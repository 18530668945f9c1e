"""The base of the screens about one opportunity: its details, its tally, its offer."""

from __future__ import annotations

from catbird.model import CardSummary, Opportunity
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView


class OpportunityScreen(FollowsView[None]):
    """Shows one opportunity, and shows it again whenever its card changes — by this app,
    the CLI, an editor or a sync — and leaves when it is gone from the workspace.

    Subclasses draw it in `show_opportunity`, and only there: a change made on this screen
    comes back as a new view like any other, so it is drawn once."""

    READ_BIG_IN_THREAD = False
    """Read a card of more than BIG_CARD flags in a thread (the screen shows `reading`)."""
    BIG_CARD = 5_000
    """A file of 100,000 flags takes seconds to parse: the app stays responsive meanwhile."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.opportunity: Opportunity | None = None
        self._shown: CardSummary | None = None

    def on_mount(self) -> None:
        # Textual runs each class's own on_mount: subclasses need not call this one.
        self.follow_view(self._card_changed)

    def _card_changed(self, view: WorkspaceView) -> None:
        card = view.cards.get(self.slug)
        if card is None and self.opportunity is not None:
            self.notify("this opportunity is gone from the workspace", severity="warning")
            self.dismiss()
            return
        if card is not self._shown or self.opportunity is None:
            self._shown = card
            if (
                self.READ_BIG_IN_THREAD
                and card is not None
                and card.red + card.green > self.BIG_CARD
            ):
                self.reading(card)
                self.run_worker(self._read_in_thread, thread=True, exclusive=True, group="read")
                return
            opportunity = door(self).read(self.slug)
            if opportunity is not None:
                self.show_opportunity(opportunity)

    def _read_in_thread(self) -> None:
        shown = self._shown
        opportunity = door(self).read(self.slug)
        if opportunity is not None:
            self.app.call_from_thread(self._read_done, opportunity, shown)

    def _read_done(self, opportunity: Opportunity, card: CardSummary | None) -> None:
        if self.is_attached and card is self._shown:  # still here, and nothing newer came
            self.show_opportunity(opportunity)

    def reading(self, card: CardSummary) -> None:
        """Say that the card is being read (only screens that read big cards in a thread)."""

    def show_opportunity(self, opportunity: Opportunity) -> None:
        raise NotImplementedError
