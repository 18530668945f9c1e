"""Offers side by side: every term of every worksheet, the best one marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from catbird.model import CardSummary, OfferTerm, OfferWorksheet, Opportunity
from catbird.model.worksheet import (
    STATUS_MARKS,
    STATUS_STYLES,
    TermReading,
    against_target,
    compensation,
    format_value,
    money,
    offer_score,
    read_terms,
    term_role,
)
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.cells import cell, short
from catbird.tui.widgets.keybar import KeyBar


def _row_key(term: OfferTerm) -> str:
    return term_role(term) or term.name.casefold()


class CompareScreen(FollowsView[None]):
    """Two or more offers side by side: terms as rows, offers as columns."""

    WHOLE_WORKSPACE = True
    CSS_PATH = "offer.tcss"
    HELP_TEXT = (
        "Your offers side by side: one column per offer, one row per term, each with its "
        "status against your own target and line (✓ meets, ~ acceptable, ✗ below your line, "
        "? unknown), then the yearly totals and the score. Enter opens the worksheet of the "
        "offer under the cursor."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
        Binding("enter", "open", "Open", id="compare.open", tooltip="Open this offer's worksheet"),
        Binding(
            "h", "offer(-1)", "◀ Offer", id="compare.left", show=False, tooltip="Previous offer"
        ),
        Binding("l", "offer(1)", "Offer ▶", id="compare.right", show=False, tooltip="Next offer"),
    ]

    def __init__(self, slugs: Sequence[str]) -> None:
        super().__init__()
        self.slugs = list(dict.fromkeys(slugs))
        self.offers: list[Opportunity] = []
        self._wholes: dict[str, Opportunity] | None = None
        """The compared opportunities as last read (None until read)."""
        self._drawn_for: Mapping[str, CardSummary] | None = None
        """The cards of the view they were read for."""

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        table: DataTable[Text] = DataTable(id="compare", cursor_type="column", zebra_stripes=True)
        yield table
        yield Static(id="compare-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Offers side by side"
        self.follow_view(self._view_changed)

    def on_resize(self) -> None:
        self.refresh_table()  # the columns share the width (see _widths)

    def _widths(self, names: Sequence[str], offers: int) -> tuple[int, int]:
        """The widths of the term column and of each offer's, so that every offer fits on
        screen without scrolling sideways (which leaves the tail of a cut column showing
        beside the fixed one) for as many offers as a column of 12 allows."""
        padding = 2 * (offers + 1) + 2  # a cell's padding on both sides, the scrollbar
        term = max(12, min(24, max((len(n) for n in names), default=4)))
        rest = (self.size.width or self.app.size.width) - padding - term
        return term, max(12, min(26, rest // max(1, offers)))

    def _view_changed(self, view: WorkspaceView) -> None:
        changed = view.changed_slugs(self._drawn_for) if self._drawn_for is not None else None
        # Cards changed, none of them compared: nothing to draw again. (No card changed
        # at all is the profile's news: the targets the offers are held against.)
        if changed and not changed & set(self.slugs):
            self._drawn_for = view.cards
            return
        self.reread(view)

    # A description, or Textual writes one from the arguments: the repr of a view of
    # 10,000 cards, on the UI thread, at every change.
    @work(thread=True, exclusive=True, group="compare", description="compare")
    def reread(self, view: WorkspaceView) -> None:
        """The offers' files, off the UI thread: only those changed since they were last
        read (the app holds the rest)."""
        worker = get_current_worker()
        cards = view.cards
        wanted = {slug: cards[slug] for slug in self.slugs if slug in cards}
        wholes = door(self).whole(wanted, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._read, view, wholes)

    def _read(self, view: WorkspaceView, wholes: dict[str, Opportunity]) -> None:
        self._drawn_for = view.cards
        self._wholes = wholes
        self.refresh_table()

    def refresh_table(self) -> None:
        if self._wholes is None:
            return  # not read yet
        wholes = self._wholes
        offers: list[Opportunity] = []
        missing: list[str] = []
        for slug in self.slugs:
            o = wholes.get(slug)
            if o is None:
                missing.append(slug)
                continue
            if o.offer is None:
                missing.append(o.company)
            else:
                offers.append(o)
        self.offers = offers
        table: DataTable[Text] = self.query_one("#compare", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.fixed_columns = 1
        names: dict[str, str] = {}
        by_offer: list[dict[str, TermReading]] = []
        for o in offers:
            assert o.offer is not None
            readings = {_row_key(r.term): r for r in read_terms(o.offer)}
            for r in read_terms(o.offer):
                names.setdefault(_row_key(r.term), r.term.name)
            by_offer.append(readings)
        term_width, width = self._widths([*names.values(), "Sign-on, one-off"], len(offers))
        table.add_column(cell(self, "Term", "bold"), key="term", width=term_width)
        for o in offers:
            table.add_column(cell(self, short(o.company, width), "bold"), key=o.slug, width=width)
        for key, name in names.items():
            row = [cell(self, short(name, term_width))]
            for o, readings in zip(offers, by_offer, strict=True):
                found = readings.get(key)
                if found is None:
                    row.append(cell(self, "—", "dim"))
                    continue
                assert o.offer is not None
                value = format_value(found.term, found.term.offered, o.offer.currency)
                mark = STATUS_MARKS[found.status]
                style = STATUS_STYLES[found.status]
                row.append(cell(self, short(f"{mark} {value}", width), style))
            table.add_row(*row, key=key)
        for label, what in (
            ("Yearly total", "yearly"),
            ("vs your target", "gap"),
            ("Sign-on, one-off", "sign_on"),
            ("Score", "score"),
            ("Decision", "decision"),
        ):
            row = [cell(self, label, "bold")]
            for o in offers:
                assert o.offer is not None
                row.append(self._total_cell(o.offer, what))
            table.add_row(*row, key=f"total-{what}")
        if offers:
            table.move_cursor(
                row=min(keep.row, table.row_count - 1),
                column=max(1, min(keep.column, len(offers))),
                animate=False,
            )
        count = len(offers)
        self.query_one("#compare-title", Static).update(
            Content.assemble((f"{count} offers", "bold"), (" · ✓ meets  ~ ok  ✗ below  ?", "dim"))
        )
        note = ""
        if missing:
            note = "No worksheet yet: " + ", ".join(missing)
        self.query_one("#compare-note", Static).update(Content.styled(note, "dim"))

    def _total_cell(self, offer: OfferWorksheet, what: str) -> Text:
        currency = offer.currency
        pay = compensation(offer, door(self).profile)
        if what == "yearly":
            return cell(
                self, money(pay.yearly, currency) if pay.yearly is not None else "—", "bold"
            )
        if what == "gap":
            versus = against_target(pay)
            if versus is None:
                return cell(self, "—", "dim")
            return cell(self, versus.signed_gap, "$warning" if versus.short else "$success")
        if what == "sign_on":
            return cell(self, money(pay.sign_on, currency) if pay.sign_on else "—")
        if what == "score":
            score = offer_score(offer)
            if score.score is None:
                return cell(self, "—", "dim")
            text = f"{score.score}/100" + (" ✗ must below line" if score.capped else "")
            return cell(self, text, "bold $error" if score.capped else "bold")
        return cell(self, offer.decision or "—")

    def action_back(self) -> None:
        self.dismiss()

    def action_offer(self, delta: int) -> None:
        """h/l: the previous or next offer, as on the board (the arrows work too)."""
        table = self.query_one("#compare", DataTable)
        if delta < 0:
            table.action_cursor_left()
        else:
            table.action_cursor_right()

    @on(DataTable.ColumnSelected)
    def action_open(self) -> None:
        table = self.query_one("#compare", DataTable)
        index = table.cursor_coordinate.column - 1
        if 0 <= index < len(self.offers):
            self.post_message(messages.OpenOffer(self.offers[index].slug))
