"""Search everything written down: notes, flags, answers, promises, contacts, debriefs,
follow-ups, across the workspace; Enter opens the opportunity of the hit.

The texts come from the search cache (`catbird.store.search_cache`), in a thread, into a
`Corpus` (`catbird.model.search`): first as the files' identities say, then proven against
the files; after that only the opportunities whose card the app replaced (their file
changed) are read again. Each key typed is then a scan of folded strings. Every text on
screen is the user's: Content, never markup.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from catbird.model import CardSummary, Opportunity
from catbird.model.search import Corpus, Hit, excerpt, terms
from catbird.tui import messages
from catbird.tui.door import WorkspaceView, door
from catbird.tui.follows_view import FollowsView
from catbird.tui.widgets.keybar import KeyBar

SHOWN = 500
"""Hits listed at most (newest first); the count says how many there are in all."""
PROGRESS_EVERY = 500
"""While the workspace is read, the count line says how far it got every so many files."""

_kept: tuple[Corpus, dict[str, CardSummary]] | None = None
"""The corpus the last search screen made, with the cards it was read for: the next one
starts from it and reads only the files changed since (10,000 files take seconds)."""


class SearchScreen(FollowsView[None]):
    """A box to type words in, and every text of the workspace that holds them all."""

    WHOLE_WORKSPACE = True
    CSS_PATH = "search.tcss"
    HELP_TEXT = (
        "Type words to find them in notes, flags, answers, what they said, contacts, "
        "debriefs and follow-ups (every word must appear; case and accents aside). "
        "Newest first. ↓ or Tab goes to the hits, Enter opens the opportunity, Esc goes back."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "to_hits", "Hits", id="search.hits", key_display="↓"),
        Binding("enter", "open", "Open", id="search.open", tooltip="Open the opportunity"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.hits: list[Hit] = []
        self._corpus: Corpus | None = None
        self._read: dict[str, CardSummary] = {}
        """The card each opportunity in the corpus was read for: a card the app replaced
        means its file changed, and only those are read again."""
        self._proven = False
        """Whether every entry of the search cache in the corpus was proven against its file."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Input(
            self.query_text,
            placeholder="words to find (notes, flags, answers, contacts…)",
            id="search-input",
        )
        yield Static(id="search-count")
        yield OptionList(id="search-hits")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self._say(Content.styled("Reading the workspace…", "dim"))
        self.follow_view(self._view_changed)
        self.query_one("#search-input", Input).focus()

    def _view_changed(self, view: WorkspaceView) -> None:
        self.read(view)

    # A description, or Textual writes one from the arguments: the repr of a view of
    # 10,000 cards, on the UI thread, at every change.
    @work(thread=True, exclusive=True, group="search", description="search")
    def read(self, view: WorkspaceView) -> None:
        """Bring the corpus up to date with `view` (off the UI thread)."""
        worker = get_current_worker()
        reader = door(self)
        corpus, read, proven = self._corpus, self._read, self._proven
        if corpus is None and _kept is not None and _kept[0].profile is reader.profile:
            (corpus, read), proven = _kept, True
        if corpus is None:
            # First from the search cache as its files' identities say (what the board does
            # with the summary index), so the first hits come at once; then proven.
            corpus, read = reader.searchable(verify=False), dict(view.cards)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._ready, corpus, read, False)
        if not proven:
            corpus, read = reader.searchable(verify=True), dict(view.cards)
            if worker.is_cancelled:
                return
        # The one on screen is searched at every key: changes go to a copy, swapped in after.
        corpus = corpus.copy()
        read = dict(read)
        done, todo = 0, sum(1 for slug, card in view.cards.items() if read.get(slug) is not card)
        for slug in [slug for slug in read if slug not in view.cards]:
            corpus.drop(slug)
            del read[slug]
        for slug, card in view.cards.items():
            if read.get(slug) is card:
                continue
            opportunity: Opportunity | None = reader.read(slug, quiet=True)
            if worker.is_cancelled:
                return
            done += 1
            if done % PROGRESS_EVERY == 0 and self._corpus is None:
                said = f"Reading the workspace… {done:,} of {todo:,} files"
                self.app.call_from_thread(self._say, Content.styled(said, "dim"))
            if opportunity is None:
                corpus.drop(slug)  # unreadable now: the view lists it among its problems
                read.pop(slug, None)
                continue
            corpus.put(opportunity)
            read[slug] = card
        if not worker.is_cancelled:
            self.app.call_from_thread(self._ready, corpus, read, True)

    def _ready(self, corpus: Corpus, read: dict[str, CardSummary], proven: bool) -> None:
        global _kept
        self._corpus, self._read, self._proven = corpus, read, proven
        if proven:
            _kept = (corpus, read)
        self.show(self.query_one("#search-input", Input).value)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._corpus is not None:
            self.show(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.hits:
            self.action_open()

    def show(self, query: str) -> None:
        assert self._corpus is not None
        self.query_text = query
        hits = self._corpus.find(query) if terms(query) else []
        self.hits = hits[:SHOWN]
        options = self.query_one("#search-hits", OptionList)
        width = max(40, (self.size.width or self.app.size.width) - 6)
        options.set_options(
            Option(_prompt(hit, query, width), id=str(n)) for n, hit in enumerate(self.hits)
        )
        if self.hits:
            options.highlighted = 0
        if not terms(query):
            count = len(self._corpus)
            self._say(Content.styled(f"Type words to search {count:,} opportunities", "dim"))
        elif not hits:
            self._say(Content.assemble(("Nothing holds ", "dim"), (query.strip(), "bold")))
        else:
            more = f" (the newest {SHOWN} shown)" if len(hits) > SHOWN else ""
            noun = "hit" if len(hits) == 1 else "hits"
            self._say(
                Content.assemble(
                    (f"{len(hits):,} {noun}{more}", "bold"),
                    (" · Enter opens the first, ↓ goes through them", "dim"),
                )
            )
        self.refresh_bindings()

    def _say(self, content: Content) -> None:
        self.query_one("#search-count", Static).update(content)

    def _current(self) -> Hit | None:
        index = self.query_one("#search-hits", OptionList).highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self._current() is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_to_hits(self) -> None:
        if self.hits:
            self.query_one("#search-hits", OptionList).focus()

    @on(OptionList.OptionSelected, "#search-hits")
    def action_open(self) -> None:
        hit = self._current()
        if hit is not None:
            self.post_message(messages.OpenDetail(hit.slug))


def _prompt(hit: Hit, query: str, width: int) -> Content:
    """Two lines: when, where and what kind; then the text around the words found."""
    day = hit.day.isoformat() if hit.day else "—"
    where = f" · {hit.where}" if hit.where else ""
    head = Content.assemble(
        (f"{day}  ", "dim"),
        (hit.company, "bold"),
        (f"  {hit.kind}{where}", "dim"),
    ).truncate(width, ellipsis=True)
    text = excerpt(hit.text, query, width - 2)
    body = Content(text)
    lowered = text.lower()
    if len(lowered) == len(text):  # only then do positions in the lowered text hold
        for word in terms(query):
            start = lowered.find(word)
            while start != -1 and word:
                body = body.stylize("bold $accent", start, start + len(word))
                start = lowered.find(word, start + len(word))
    return Content.assemble(head, "\n", "  ", body)
