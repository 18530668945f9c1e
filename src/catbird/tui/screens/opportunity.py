"""The base of the screens about one opportunity: its details, its tally, its offer."""

from __future__ import annotations

from textual.screen import Screen

from catbird.model import CardSummary, Opportunity


class OpportunityScreen(Screen[None]):
    """Shows one opportunity, and shows it again whenever its card changes — by this app,
    the CLI, an editor or a sync — and leaves when it is gone from the workspace.

    Subclasses draw it in `show_opportunity`."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.opportunity: Opportunity | None = None
        self._shown: CardSummary | None = None

    def on_mount(self) -> None:
        # Textual runs each class's own on_mount: subclasses need not call this one.
        self.watch(self.app, "summaries", self._card_changed)

    def _card_changed(self, summaries: dict[str, CardSummary]) -> None:
        card = summaries.get(self.slug)
        if card is None and self.opportunity is not None:
            self.notify("this opportunity is gone from the workspace", severity="warning")
            self.dismiss()
            return
        if card is not self._shown or self.opportunity is None:
            self._shown = card
            opportunity = self.app.read(self.slug)  # type: ignore[attr-defined]
            if opportunity is not None:
                self.show_opportunity(opportunity)

    def show_opportunity(self, opportunity: Opportunity) -> None:
        raise NotImplementedError
