"""The Textual application: it holds the loaded workspace and wires screens, keys and themes.

State flows one way: the app publishes one immutable `WorkspaceView` (reactive) and screens
draw from it. Every change goes through `perform`, which calls the same operations as the
CLI, records the change for undo and publishes a view with the card of the one opportunity
that changed. A watcher notices files changed by other processes and refreshes those too.
Screens reach the app only through the typed door (`catbird.tui.door`), and ask it to open
other screens with messages (`catbird.tui.messages`): the app imports the screens, never
the other way round, and never calls a screen's own methods.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from catbird.model import CardSummary, summarize
from catbird.ops.undo_stack import UndoStack
from catbird.store import (
    CatbirdError,
    Change,
    FileProblem,
    NotFound,
    ProfileChange,
    Workspace,
    default_home,
)
from catbird.store.index import SUFFIX, Index
from catbird.store.library import Library
from catbird.store.pace import giving_way
from catbird.store.paths import sample_data_dir
from catbird.store.watch import Watcher
from catbird.tui import messages
from catbird.tui import settings as user_settings
from catbird.tui.door import AnyChange, WorkspaceView, install
from catbird.tui.key_order import KeysInOrder

if TYPE_CHECKING:
    from datetime import datetime

    from textual.command import Provider

    from catbird.model import Opportunity, Profile
    from catbird.model.agenda import AgendaItem
    from catbird.model.insights import Insights
    from catbird.model.search import Corpus
    from catbird.sync.engine import AutoCommitter
    from catbird.tui.screens.welcome import WelcomeChoice

POLL_SECONDS = 0.5
INPUT_BUSY_SECONDS = 0.15
"""How long after a key or a click the app counts as busy with it: a press's work and
its frame take well under this, even at 10,000 cards on a slow box."""
P = ParamSpec("P")


def _jump_provider() -> type[Provider]:
    """The palette's opportunities, imported when the palette first opens (not at start)."""
    from catbird.tui.palette import JumpProvider

    return JumpProvider


class CatbirdApp(KeysInOrder):
    TITLE = "Catbird"
    COMMANDS = KeysInOrder.COMMANDS | {_jump_provider}
    CSS_PATH = ["app.tcss", "screens/board.tcss"]  # the board is the default screen (below)
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Keys for this screen"),
        Binding(
            "q", "quit", "Quit", id="app.quit", show=False, tooltip="Leave Catbird (all is saved)"
        ),
        Binding("p", "profile", "Profile", id="app.profile", tooltip="Your homework"),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            id="app.search",
            show=False,  # every footer is full already: the palette and `?` list it
            tooltip="Find words in every note, flag, answer, contact and debrief",
        ),
        Binding(
            "ctrl+t",
            "agenda",
            "Agenda",
            id="app.agenda",
            show=False,
            tooltip="The agenda: interviews and what is due, from any screen",
        ),
        Binding("u", "undo", "Undo", id="app.undo", show=False, tooltip="Undo the last change"),
        Binding(
            "ctrl+r", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone"
        ),
    ]

    view: var[WorkspaceView] = var(WorkspaceView)
    """The workspace as screens show it: cards, problems, loaded, what changed. Replaced
    after every change, never mutated."""

    def __init__(self, workspace: Workspace, *, demo: bool = False, settings: Any = None) -> None:
        self.settings = settings or user_settings.load()
        super().__init__()
        self.workspace = workspace
        self.history = UndoStack()
        self.library = Library(workspace)
        """Whole opportunities for the views across the workspace (insights, compare…)."""
        self._watcher: Watcher | None = None
        self._scratch: Path | None = None
        self._polling = False
        self._auto_committer: AutoCommitter | None = None
        self._saves = 0
        """How many changes this app has saved; a poll remembers the count it started at."""
        self._saved_at: dict[str, int] = {}
        """slug → the save count of the app's latest change to it."""
        self._last_change: tuple[Change, CardSummary | None] | None = None
        self._profile: Profile | None = None
        self._profile_saved_at = 0
        """The save count of the app's latest change to the profile."""
        self._index: Index | None = None
        """The summary index the board first painted from, until the loader has checked it."""
        self._input_at = 0.0
        """When the latest key or click came in (time.monotonic)."""
        self._themes_loaded = False
        self._more_themes: Path | None = None
        """The shipped themes' folder while only the chosen one has been read."""
        self._theme_notes: list[tuple[str, str]] = []
        """(title, message): what was wrong with the themes or the chosen one, said once the
        app is on screen."""
        self._load_themes()
        install(self, self)  # mypy checks here that the app is a `Door`
        if demo:
            self._use_demo_copy()

    def _use_demo_copy(self) -> None:
        """Point the app at a fresh copy of the sample data, its days moved up to today,
        removed when the app exits."""
        from catbird.model import today
        from catbird.store.demo import make_demo

        scratch = Path(tempfile.mkdtemp(prefix="catbird-demo-"))
        self._scratch = scratch
        self.workspace = make_demo(scratch / "workspace", today())
        self.library = Library(self.workspace)
        self.title = "Catbird demo"

    def open_demo(self) -> None:
        """From the welcome screen: look around the demo; the user's files stay untouched."""
        self._use_demo_copy()
        self.history = UndoStack()
        if self._watcher is not None:
            self._watcher.close()
        self._watcher = None
        self._publish(loaded=False)
        self.load_workspace()
        self.notify("This is a throw-away copy of a demo search: try anything.", timeout=6)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
        self.library.close(save=self._scratch is None)  # a demo's copy is thrown away
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    @property
    def home(self) -> Path:
        return self.workspace.home

    @property
    def profile(self) -> Profile:
        """The homework, as last read from profile.toml (an empty one if it cannot be read:
        the problem is shown on the board)."""
        if self._profile is None:  # asked for before the loader got to it: read it now
            self._profile = self._read_profile()[0]
        return self._profile

    @profile.setter
    def profile(self, profile: Profile) -> None:
        self._profile = profile

    def _read_profile(self) -> tuple[Profile, str | None]:
        try:
            return self.workspace.read_profile(), None
        except FileProblem as problem:
            from catbird.model import Profile

            return Profile(), str(problem)

    # ---- start-up ------------------------------------------------------------------------
    # The first frame shows the cards as the summary index has them: the first screenful of
    # each column and the count of each, from the index's head (a few hundred cards however
    # many there are: see catbird.store.index). Everything else — the rest of the index, the
    # pydantic models, the profile, a look at every file to catch changes made while the app
    # was closed — runs in a thread once that frame is on screen (`on_ready`) and corrects
    # the board if needed.

    def get_default_screen(self) -> Screen[Any]:
        from catbird.tui.screens.board import BoardScreen
        from catbird.tui.widgets.column import CARD_HEIGHT

        # Called as the app starts, before it mounts: the first frame has the cards.
        depth = self.size.height // CARD_HEIGHT + 1  # cards a column can show at most
        head = Index.read_head(self.workspace.index_path, depth)
        if head is not None:  # the loader reads the whole index (`_read_everything`)
            self._publish(cards={card.slug: card for card in head.cards})
            return BoardScreen(head.counts)
        # No head (an index of the last version, damaged, or a very tall terminal): the
        # whole index is read first.
        self._index = Index.read(self.workspace.index_path)
        if self._index.entries:
            self._publish(cards={card.slug: card for card in self._index.cards()})
        else:  # every file to be read: the workers start on the other core meanwhile
            self.workspace.prepare_reads(self._index)
        return BoardScreen()

    def on_mount(self) -> None:
        for title, note in self._theme_notes:  # the message quotes a file: never markup
            self.notify(note, title=title, severity="warning", markup=False)
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.settings.problem:
            # The message quotes a path and the file's words: never markup.
            self.notify(
                self.settings.problem, title="Settings ignored", severity="warning", markup=False
            )

    def _check_keymap(self) -> None:
        """Say which remapped keys name nothing, or take another binding's key. It imports
        every screen (about a second on a busy box), which only a user with a [keys] table
        pays for: in a thread, once the board is on screen."""
        problems = user_settings.keymap_problems(self.settings.keys, _binding_scopes(type(self)))
        for problem in problems:
            self.call_from_thread(
                self.notify, problem, title="Key remap", severity="warning", markup=False
            )

    def on_ready(self) -> None:
        # Ready comes with the first layout; the board's cards are drawn just after it. Start
        # the thread once they are on screen, or its imports slow that frame down.
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        # `catbird` turns the garbage collector off for the start-up (see cli.main): the
        # objects made so far (Textual, the screen, the cards) live as long as the app, so
        # they are frozen out of later collections; collecting starts again once the loader
        # has read the rest of the index (`_read_everything`).
        gc.freeze()
        self.load_workspace()
        self._load_more_themes()
        if self.settings.keys:
            self.run_worker(self._check_keymap, thread=True, group="keymap")

    def _load_themes(self) -> None:
        from catbird.store.paths import shipped_themes_dir, user_themes_dir
        from catbird.tui.themes import load_themes

        if self._start_in_shipped(shipped_themes_dir(), user_themes_dir()):
            return
        themes, problems = load_themes([shipped_themes_dir(), user_themes_dir()])
        for theme in themes:
            self.register_theme(theme)
        self._theme_notes = [("Theme skipped", problem) for problem in problems]
        wanted = self.settings.theme
        default = user_settings.DEFAULT_THEME
        if wanted not in self.available_themes and default in self.available_themes:
            self._theme_notes.append(
                (
                    "Settings",
                    f"there is no theme {wanted!r}; showing {default} "
                    "(ctrl+p, then “theme”, lists the themes)",
                )
            )
            wanted = default
        if wanted in self.available_themes:
            self._start_in(wanted)
        self._themes_loaded = True

    def _start_in_shipped(self, shipped: Path, user: Path) -> bool:
        """Start in the chosen theme, when we ship it and the user has no themes of their
        own (which could replace it), reading only its file: the others are read once the
        first frame is on screen (`_more_themes`; a fifth of the app's own start-up)."""
        from catbird.tui.themes import ThemeProblem, read_theme

        wanted = self.settings.theme
        try:
            if any(user.glob("*.toml")):
                return False
            theme = read_theme(shipped / f"{wanted}.toml")
        except (OSError, ThemeProblem):
            return False
        if theme.name != wanted:
            return False
        self.register_theme(theme)
        self._start_in(wanted)
        self._themes_loaded = True
        self._more_themes = shipped
        return True

    def _load_more_themes(self) -> None:
        """The shipped themes not read at start (`_start_in_shipped`), for the theme picker."""
        from catbird.tui.themes import load_themes

        folder, self._more_themes = self._more_themes, None
        if folder is None:
            return
        themes, problems = load_themes([folder])
        for theme in themes:
            if theme.name not in self.available_themes:
                self.register_theme(theme)
        for problem in problems:  # the message quotes a file: never markup
            self.notify(problem, title="Theme skipped", severity="warning", markup=False)

    def _start_in(self, theme: str) -> None:
        """Take `theme` before anything is styled, so the first frame is drawn in it and the
        style sheet is parsed once, with its colours. (Setting `self.theme` does what this
        does, and then parses the style sheet again and restyles every widget, once running:
        ~10 ms of the first frame.)"""
        self.set_reactive(CatbirdApp.theme, theme)
        current = self.current_theme
        self.set_class(True, f"-theme-{current.name}", update=False)
        self.set_class(current.dark, "-dark-mode", update=False)
        self.set_class(not current.dark, "-light-mode", update=False)
        self.stylesheet.set_variables(self.get_css_variables())
        self._refresh_truecolor_filter(self.ansi_theme)  # as Textual's own theme watcher does

    def watch_theme(self, theme: str) -> None:
        if self._themes_loaded and theme != self.settings.theme:
            self.settings.theme = theme
            try:
                user_settings.save_theme(theme)
            except OSError as exc:
                self.notify(
                    f"could not save the theme choice: {exc}", severity="warning", markup=False
                )

    def load_workspace(self) -> None:
        self.run_worker(self._read_everything, thread=True, exclusive=True, group="load")

    def _read_everything(self) -> None:
        started = self._saves
        index, self._index = self._index, None
        try:
            if index is None:  # the first frame read the head only, or loaded again
                index = Index.read(self.workspace.index_path)
        finally:
            # The cards just read live as long as the app, like the start-up's objects: the
            # collector, off until now, would walk the 10,000 of them as they are made
            # (a quarter of the read) for nothing.
            gc.freeze()
            gc.enable()
        profile, profile_problem = self._read_profile()
        # The keys first, for a board fully checked soon after the first frame; then each
        # cached card against its file's bytes (a read each, no parse), correcting any card
        # the index got wrong however it came to be wrong (see catbird.store.index).
        read = self.workspace.read_summaries(profile, index, verify=False)
        cards = read.cards
        problems = {str(p.path): str(p) for p in read.problems}
        # The watcher starts from what this check saw: its first poll (off this path to the
        # corrected board) stats every file and reports whatever changed since.
        seen = read.index or index
        watcher = Watcher(
            self.workspace.opportunities_dir,
            self.workspace.profile_path,
            seen=(
                {name[: -len(SUFFIX)]: key for name, (key, _, _) in seen.entries.items()},
                seen.profile,
            ),
        )
        self.call_from_thread(
            self._loaded, profile, profile_problem, cards, problems, watcher, started
        )
        # The index saved once the cards are on screen, not before (~0.1 s at 10,000).
        drawn = threading.Event()
        self.call_from_thread(self.call_after_refresh, drawn.set)
        drawn.wait(1.0)
        self.workspace.save_index(read)
        if not index.entries:
            return  # every card was just made from its file: nothing to verify
        # Verified against the index as that check left it (the one just saved), not a
        # second copy read from disk only to be compared and dropped (10,000 cards: ~18 MB
        # the process kept after, and ~100 ms).
        # Giving way: a key pressed meanwhile is handled as if nothing else ran
        # (catbird.store.pace).
        verified, _ = self.workspace.summaries(
            profile, read.index or index, pace=giving_way(self.handling_input)
        )
        shown = {card.slug: card for card in cards}
        wrong = {card.slug: card for card in verified if shown.get(card.slug, card) != card}
        if wrong:
            self.call_from_thread(self._apply_reads, wrong, [], None, None, started)

    def _loaded(
        self,
        profile: Profile,
        profile_problem: str | None,
        cards: list[CardSummary],
        problems: dict[str, str],
        watcher: Watcher,
        started: int = 0,
    ) -> None:
        # The cards were on screen (from the index) while the files were read: a change the
        # app saved meanwhile is newer than what was read, and is kept.
        stale = self._saved_since(started)
        shown = self.view.cards
        summaries = {card.slug: card for card in cards if card.slug not in stale}
        summaries |= {slug: card for slug, card in shown.items() if slug in stale}
        for slug in stale:
            problems.pop(str(self.workspace.path_for(slug)), None)
        if self._profile_saved_at <= started:
            self.profile = profile
        if self._watcher is not None and self._watcher is not watcher:
            self._watcher.close()
        self._watcher = watcher
        self._publish(
            cards=summaries, problems=problems, profile_problem=profile_problem, loaded=True
        )
        # Thousands of summaries live as long as the app: keep them out of the cyclic GC's
        # full collections, which otherwise pause a key press for 50–100 ms at 10,000.
        gc.freeze()
        if not self._polling:
            self._polling = True
            self.set_interval(POLL_SECONDS, self._poll, name="watch workspace")
        if (
            not cards
            and not problems
            and profile_problem is None
            and not self.workspace.profile_path.exists()
        ):
            from catbird.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.home), self._welcomed)

    def _welcomed(self, choice: WelcomeChoice | None) -> None:
        if choice == "demo":
            self.open_demo()
        elif choice == "profile":
            self.action_profile()
        elif choice == "suggested":
            from catbird import ops

            if self.perform(ops.start_from_suggestions):
                self.action_profile()
                self.notify("Suggested homework added: edit it to make it yours", timeout=3)
        elif choice == "new":
            self.post_message(messages.AddOpportunity())

    # ---- living with the disk ------------------------------------------------------------

    def _poll(self) -> None:
        if self._watcher is not None:
            self.run_worker(self._poll_in_thread, thread=True, exclusive=True, group="poll")

    def _poll_in_thread(self) -> None:
        watcher = self._watcher
        if watcher is None:
            return
        started = self._saves
        changes = watcher.poll()
        if not changes:
            return
        profile: Profile | None = None
        profile_problem: str | None = None
        if changes.profile:
            try:
                profile = self.workspace.read_profile()
            except FileProblem as problem:
                profile_problem = str(problem)
        slugs = set(self.view.cards) | changes.changed if profile else changes.changed
        wholes: dict[str, Opportunity] = {}
        results = {slug: self._read_card(slug, profile or self.profile, wholes) for slug in slugs}
        self.call_from_thread(
            self._apply_reads, results, changes.removed, profile, profile_problem, started, wholes
        )

    def _read_card(
        self, slug: str, profile: Profile, wholes: dict[str, Opportunity]
    ) -> CardSummary | FileProblem | None:
        try:
            opportunity = self.workspace.read(slug)
        except FileProblem as problem:
            return problem
        except NotFound:
            return None
        wholes[slug] = opportunity  # the views across the workspace need not read it again
        return summarize(opportunity, profile)

    def _apply_reads(
        self,
        results: dict[str, CardSummary | FileProblem | None],
        removed: Iterable[str],
        profile: Profile | None,
        profile_problem: str | None,
        started: int = 0,
        wholes: Mapping[str, Opportunity] | None = None,
    ) -> None:
        # A file the app saved after this poll began may have been read before that save:
        # the app's own change is newer, so that read is dropped (it would move the card
        # back for a moment, and the next key would act on the wrong card).
        stale = self._saved_since(started)
        results = {slug: r for slug, r in results.items() if slug not in stale}
        removed = [slug for slug in removed if slug not in stale]
        view = self.view
        summaries = dict(view.cards)
        problems = dict(view.problems)
        if profile is not None:
            self.profile = profile
            profile_problem = None
        elif profile_problem is None:
            profile_problem = view.profile_problem
        for slug, result in results.items():
            path = str(self.workspace.path_for(slug))
            if isinstance(result, CardSummary):
                summaries[slug] = result
                problems.pop(path, None)
                whole = None if wholes is None else wholes.get(slug)
                if whole is not None:
                    self.library.hold(result, whole)
            elif isinstance(result, FileProblem):
                summaries.pop(slug, None)
                problems[path] = str(result)
                self.library.forget(slug)
            else:
                summaries.pop(slug, None)
                problems.pop(path, None)
                self.library.forget(slug)
        for slug in removed:
            self.library.forget(slug)
            summaries.pop(slug, None)
            problems.pop(str(self.workspace.path_for(slug)), None)
        self._publish(
            cards=summaries,
            changed=results.keys() | set(removed),
            problems=problems,
            profile_problem=profile_problem,
        )

    def _saved_since(self, started: int) -> set[str]:
        """The slugs the app saved after its save count was `started`: what a read begun
        then may have missed, so the app's own version wins."""
        return {slug for slug, at in self._saved_at.items() if at > started}

    # ---- changing things: one path for every change --------------------------------------

    def perform(
        self,
        operation: Callable[Concatenate[Workspace, P], AnyChange],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> AnyChange | None:
        """Run an operation on the workspace (or the profile), record it for undo and publish
        the view it leads to."""
        try:
            change = operation(self.workspace, *args, **kwargs)
        except CatbirdError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        self.history.record(change)
        self._show_change(change)
        if isinstance(change, Change):
            self._say_ending(change)
        return change

    def _say_ending(self, change: Change) -> None:
        """An ending's plan is made with it, never silently: say what it planned (or, on
        reopening, what it took back)."""
        before, after = change.before, change.after
        if before is None or after is None or before.stage == after.stage:
            return
        if getattr(self.screen, "discreet", False):
            return  # a shared screen (the tally's discreet mode) names no company
        from catbird import ops

        planned = ops.planned(before, after)
        kept = {f.id for f in after.follow_ups}
        taken_back = [f for f in before.follow_ups if f.id not in kept]
        company = after.company
        if after.stage.is_closed:
            words = f"{company}: closed as {after.stage.label.lower()}."
            if planned:
                first = min(f.due for f in planned)
                count = f"{len(planned)} follow-up{'s' if len(planned) != 1 else ''}"
                words += f" {count} planned, the first on {first:%a %m-%d} (D lists them)."
            if after.closing is not None and after.closing.retired_action:
                words += " Its next action is retired."
            self.notify(words + " u takes it all back.", markup=False, timeout=6)
        elif taken_back:
            count = f"{len(taken_back)} open follow-up{'s' if len(taken_back) != 1 else ''}"
            self.notify(
                f"{company} is open again ({after.stage.value}): the ending's {count} "
                "taken back. u puts them back.",
                markup=False,
                timeout=5,
            )

    def _show_change(self, change: Change | ProfileChange) -> None:
        """Show a change this app saved (an operation, an undo, a redo)."""
        self._saves += 1
        self._commit_after()
        if isinstance(change, ProfileChange):
            self._profile_saved_at = self._saves
            self.profile = change.after  # fit scores follow when the watcher sees the file
            # Published like any change (the same cards), so that the screens showing the
            # profile redraw.
            self._publish(changed=(), last_change=change)
            return
        self._saved_at[change.slug] = self._saves
        if self._watcher is not None:
            self._watcher.note_own_write(change.slug)
        summaries = dict(self.view.cards)
        card = None if change.after is None else summarize(change.after, self.profile)
        if card is None or change.after is None:
            summaries.pop(change.slug, None)
            self.library.forget(change.slug)
        else:
            summaries[change.slug] = card
            self.library.hold(card, change.after)
        self._last_change = (change, card)
        self._publish(cards=summaries, changed={change.slug}, last_change=change)

    def _commit_after(self) -> None:
        """With `catbird sync --auto on`: commit the change in git, in the background."""
        if not (self.workspace.state_dir / "sync-auto").exists():
            return
        from catbird.sync.engine import AutoCommitter

        committer = self._auto_committer
        if committer is None or committer.ws.home != self.workspace.home:
            committer = self._auto_committer = AutoCommitter(self.workspace)
        committer.changed()

    def _publish(
        self,
        *,
        cards: Mapping[str, CardSummary] | None = None,
        changed: Iterable[str] | None = None,
        last_change: Change | ProfileChange | None = None,
        **rest: Any,
    ) -> None:
        """Publish a new view: `cards` (if given) replace the cards, `changed` says which
        slugs may differ from the ones before — a screen can then look at those alone, not
        at all 10,000 — and `rest` replaces other fields of the view."""
        before = self.view
        self.view = replace(
            before,
            cards=before.cards if cards is None else cards,
            changed=None if changed is None else frozenset(changed),
            changed_since=None if changed is None else before.cards,
            last_change=last_change,
            **rest,
        )

    def read(self, slug: str, *, quiet: bool = False) -> Opportunity | None:
        """The whole opportunity as it is now, or None (with the reason shown unless quiet).

        Just after the app's own change it is that change's result (what was written);
        otherwise it is read from disk."""
        last = self._last_change
        if last is not None:
            change, card = last
            if (
                change.slug == slug
                and change.after is not None
                and self.view.cards.get(slug) is card
            ):
                return change.after
        try:
            return self.workspace.read(slug)
        except CatbirdError as exc:
            if not quiet:
                self.notify(str(exc), severity="error", markup=False)
            return None

    def whole(
        self, cards: Mapping[str, CardSummary], cancelled: Callable[[], bool] = lambda: False
    ) -> dict[str, Opportunity]:
        """The whole opportunities behind `cards`, reading only the files changed since they
        were last read or saved (see `catbird.store.library`). From a worker thread."""
        return self.library.whole(cards, self._giving_way(cancelled))

    def insights(
        self, cards: Mapping[str, CardSummary], cancelled: Callable[[], bool] = lambda: False
    ) -> Insights | None:
        """The insights behind `cards`, recounting only what changed (see
        `catbird.store.library`). From a worker thread."""
        return self.library.insights(cards, self.profile, self._giving_way(cancelled))

    def agenda(
        self,
        cards: Mapping[str, CardSummary],
        moment: datetime,
        days: int,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[AgendaItem] | None:
        """The agenda behind `cards`, from each file's facts (see `catbird.store.library`).
        From a worker thread."""
        return self.library.agenda(cards, moment, days, self._giving_way(cancelled))

    def _giving_way(self, cancelled: Callable[[], bool]) -> Callable[[], bool]:
        """`cancelled`, asked between two cards of a view's pass: the pass gives way to
        the keyboard there (catbird.store.pace), e.g. while insights count 10,000 files
        for the first time and the user scrolls or leaves."""
        # Only keys pressed after the pass began: not the one that asked for it.
        began = time.monotonic()
        pace = giving_way(lambda: self.handling_input(since=began))

        def check() -> bool:
            pace()
            return cancelled()

        return check

    def searchable(self, *, verify: bool) -> Corpus:
        """The texts to search, from the search cache (`catbird.store.search_cache`)."""
        from catbird.store.search_cache import searchable

        return searchable(self.workspace, self.profile, verify=verify)[0]

    def undo(self, *, quiet: bool = False) -> None:
        self._replay(self.history.undo, "Undone", "nothing to undo", quiet)

    def redo(self, *, quiet: bool = False) -> None:
        self._replay(self.history.redo, "Redone", "nothing to redo", quiet)

    def action_undo(self) -> None:
        self.undo()

    def action_redo(self) -> None:
        self.redo()

    def _replay(
        self,
        step: Callable[[Workspace], Change | ProfileChange | None],
        verb: str,
        empty: str,
        quiet: bool = False,
    ) -> None:
        """Undo or redo one change; `quiet` says only that it was done (discreet mode)."""
        try:
            change = step(self.workspace)
        except CatbirdError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if change is None:
            self.notify(empty, timeout=2)
            return
        self._show_change(change)
        what = change.description.removeprefix("undo ").removeprefix("undo ")
        if change.kept:
            # Undo takes back this app's change only: what another writer changed since stays.
            fields = ", ".join(name.replace("_", " ") for name in change.kept)
            if change.before == change.after:
                said = f"Not {verb.lower()}: {what} — {fields} changed elsewhere since, kept as is"
            else:
                said = f"{verb}: {what}, except {fields} — changed elsewhere since, kept as is"
            self.notify(said, severity="warning", timeout=6, markup=False)
        else:
            self.notify(verb if quiet else f"{verb}: {what}", timeout=2, markup=False)

    # ---- global actions ------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Once `q` is handled the app is on its way out: a key typed right behind it (`e`,
        # `n` or `t` in a burst over SSH, already queued) would open a form while the
        # screens are torn down (NoMatches from its on_mount). Input after the quit is
        # dropped.
        if isinstance(event, events.InputEvent):
            if self._exit:
                return
            self._input_at = time.monotonic()
        await super().on_event(event)

    def handling_input(self, since: float = 0.0) -> bool:
        """Whether a key or a click came in a moment ago (its work and its frame are most
        likely under way), after `since` (time.monotonic) if given: background passes wait
        meanwhile (catbird.store.pace). Safe from any thread."""
        at = self._input_at
        return at > since and time.monotonic() - at < INPUT_BUSY_SECONDS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _OWN_SCREEN:
            # Asked at every footer refresh, the first frame's included: a screen module not
            # imported yet cannot be on screen, and importing it (pydantic) would delay that.
            # A module still being imported (the keymap check imports every screen in a
            # thread) has no such screen class yet, and none can be on screen.
            module_name, class_name = _OWN_SCREEN[action]
            screen_class = getattr(sys.modules.get(module_name), class_name, None)
            return screen_class is None or not isinstance(self.screen, screen_class)
        return True

    def action_help(self) -> None:
        from catbird.tui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def action_search(self) -> None:
        from catbird.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.post_message(messages.OpenSearch())

    def action_agenda(self) -> None:
        from catbird.tui.screens.agenda import AgendaScreen

        if not isinstance(self.screen, AgendaScreen):
            self.post_message(messages.OpenAgenda())

    def action_profile(self) -> None:
        from catbird.tui.screens.profile import ProfileScreen

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen())

    # ---- going places: screens ask with a message, the app opens the screen -------------

    @on(messages.Open)
    def _open_screen(self, message: messages.Open) -> None:
        # Each screen module is imported when first needed: the board paints before them.
        screen: Screen[Any]
        match message:
            case messages.OpenDetail(slug=slug):
                from catbird.tui.screens.detail import DetailScreen

                screen = DetailScreen(slug)
            case messages.OpenTally(slug=slug, interview_id=interview_id):
                from catbird.tui.screens.tally import TallyScreen

                screen = TallyScreen(slug, interview_id)
            case messages.OpenOffer(slug=slug):
                from catbird.tui.screens.offer import OfferScreen

                screen = OfferScreen(slug)
            case messages.OpenPrep(slug=slug):
                from catbird.tui.screens.prep import PrepScreen

                screen = PrepScreen(slug)
            case messages.OpenCompare(slugs=slugs):
                from catbird.tui.screens.compare import CompareScreen

                screen = CompareScreen(slugs)
            case messages.OpenDue(slug=slug):
                from catbird.tui.screens.due import DueScreen

                screen = DueScreen(slug)
            case messages.OpenPeople(slug=slug):
                from catbird.tui.screens.people import PeopleScreen

                screen = PeopleScreen(slug)
            case messages.OpenAgenda():
                from catbird.tui.screens.agenda import AgendaScreen

                screen = AgendaScreen()
            case messages.OpenInsights():
                from catbird.tui.screens.insights import InsightsScreen

                screen = InsightsScreen()
            case messages.OpenSearch(query=query):
                from catbird.tui.screens.search import SearchScreen

                screen = SearchScreen(query)
            case _:
                raise TypeError(f"no screen for {message!r}")
        self.push_screen(screen)

    def on_add_opportunity(self, message: messages.AddOpportunity) -> None:
        from catbird.tui.dialogs.opportunity_form import adding

        self.push_screen(adding(message.stage))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the current screen is also in the command palette."""
        for command in super().get_system_commands(screen):
            # Textual's own key panel is a second "Keys": ours (`?`) explains our keys.
            if command.title != "Keys":
                yield command
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(self.run_action, binding.action, active.node),
            )


_OWN_SCREEN = {
    "profile": ("catbird.tui.screens.profile", "ProfileScreen"),
    "search": ("catbird.tui.screens.search", "SearchScreen"),
}
"""App actions that open a screen, and that screen: the key is off while it is on top."""


def _binding_scopes(app: type[App[Any]]) -> dict[str, list[Binding]]:
    """Every binding that applies on each of our screens, dialogs and widgets (theirs, the
    classes' they derive from and, for a screen, the app's): what a remap can collide with."""
    import importlib
    import pkgutil
    import re

    from textual.binding import BindingsMap
    from textual.dom import DOMNode

    from catbird.tui import dialogs, screens, widgets

    for package in (screens, dialogs, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")

    def own(cls: type[DOMNode]) -> list[Binding]:
        found: list[Binding] = []
        for klass in reversed(cls.__mro__):
            declared = klass.__dict__.get("BINDINGS")
            if declared:
                for bindings in BindingsMap(declared).key_to_bindings.values():
                    found.extend(b for b in bindings if b.id)
        return found

    def subclasses(cls: type[DOMNode]) -> Iterable[type[DOMNode]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    app_bindings = own(app)
    scopes = {"app": app_bindings}
    for cls in set(subclasses(DOMNode)):
        bindings = own(cls) if cls.__module__.startswith("catbird.tui.") else []
        if bindings and cls is not app:
            name = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
            if issubclass(cls, Screen):
                # A screen's widgets (the board's columns) answer keys on it too: those
                # its module uses.
                inner = [
                    widget
                    for widget in vars(sys.modules[cls.__module__]).values()
                    if isinstance(widget, type)
                    and issubclass(widget, DOMNode)
                    and widget.__module__.startswith("catbird.tui.widgets.")
                ]
                bindings += [b for widget in inner for b in own(widget)] + app_bindings
            scopes[name] = bindings
    return scopes


def run_tui(home: Path | None = None, *, demo: bool = False) -> int:
    """Open the board on a workspace (or on a throw-away copy of the sample data)."""
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        print("catbird: the board needs a terminal; see `catbird --help` for commands")
        return 2
    if demo and not sample_data_dir().is_dir():
        print(f"catbird: the sample data is missing ({sample_data_dir()})", file=sys.stderr)
        return 1
    workspace = Workspace(home.expanduser() if home else default_home())
    app = CatbirdApp(workspace, demo=demo)
    app.run()
    return app.return_code or 0  # 1 if the app ended on an error, never a silent 0
