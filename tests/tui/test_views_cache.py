"""The insights and the agenda open from the facts cache a run left behind, and still show a
file changed behind it: edited in place with the same size and mtime before the app starts,
or while the view is open (the watcher's news). Real files, the real app, checked on screen."""

from __future__ import annotations

from pathlib import Path

from helpers import loaded, press, screen_text, wait_for

from catbird.model.insights import Insights
from catbird.store import Workspace
from catbird.store.facts import FactsCache, facts_path
from catbird.tui.app import CatbirdApp
from catbird.tui.screens.agenda import AgendaScreen
from catbird.tui.screens.insights import InsightsScreen
from conftest import edit_in_place

SIZE = (120, 40)


def _reasons(data: Insights | None) -> set[str]:
    assert data is not None
    return {reason.label for reason in data.reasons}


OLD = b'reason = "Four office days and about 30% travel'
NEW = b'reason = "Five office days and about 30% travel'


async def _insights(app: CatbirdApp, pilot) -> InsightsScreen:  # type: ignore[no-untyped-def]
    await loaded(app, pilot)
    await press(pilot, "i")
    screen = app.screen
    assert isinstance(screen, InsightsScreen)
    await wait_for(pilot, lambda: screen.insights is not None, "the insights")
    return screen


async def _agenda(app: CatbirdApp, pilot) -> AgendaScreen:  # type: ignore[no-untyped-def]
    await loaded(app, pilot)
    await press(pilot, "ctrl+t")
    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    await wait_for(pilot, lambda: screen.shown and bool(screen.items), "the agenda")
    return screen


def _cached(home: Path) -> set[str]:
    return set(FactsCache.read(facts_path(Workspace(home))).entries)


async def test_insights_from_the_cache_see_a_file_edited_in_place_behind_it(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _insights(app, pilot)
        assert any(r.startswith(OLD[10:].decode()) for r in _reasons(screen.insights))
    # What the run left on disk: the app writes the facts as it quits.
    assert "ambergate-insurance" in _cached(sample_home)

    ambergate = sample_home / "opportunities" / "ambergate-insurance.toml"
    edit_in_place(ambergate, OLD, NEW)
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _insights(app, pilot)
        assert any(r.startswith(NEW[10:].decode()) for r in _reasons(screen.insights))
        assert not any(r.startswith(OLD[10:].decode()) for r in _reasons(screen.insights))
        assert NEW[10:40].decode() in page_of(screen)

        # While it is open, behind its back again: the watcher's news is counted.
        edit_in_place(ambergate, NEW, OLD)
        await wait_for(
            pilot,
            lambda: any(r.startswith(OLD[10:].decode()) for r in _reasons(screen.insights)),
            "the insights to count the file as it is now",
        )
        await wait_for(pilot, lambda: OLD[10:40].decode() in page_of(screen), "it drawn")


def page_of(screen: InsightsScreen) -> str:
    """The whole scrolling page as drawn, below the fold too."""
    from textual.geometry import Region

    lines: list[str] = []
    for widget in screen.query_one("#body").children:
        region = Region(0, 0, widget.size.width, widget.size.height)
        lines += [strip.text for strip in widget.render_lines(region)]
    return "\n".join(lines)


async def test_the_agenda_from_the_cache_sees_a_file_edited_in_place_behind_it(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(app, pilot)
        first = agenda.items[0]
    assert first.slug in _cached(sample_home)

    path = sample_home / "opportunities" / f"{first.slug}.toml"
    name = first.company.encode()
    renamed = b"Q" + name[1:]
    edit_in_place(path, b'company = "%s"' % name, b'company = "%s"' % renamed)
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(app, pilot)
        companies = {item.company for item in agenda.items if item.slug == first.slug}
        assert companies == {renamed.decode()}
        assert renamed.decode()[:20] in screen_text(app)

        # While it is open: the name put back in place, and the agenda follows.
        edit_in_place(path, b'company = "%s"' % renamed, b'company = "%s"' % name)
        await wait_for(
            pilot,
            lambda: {i.company for i in agenda.items if i.slug == first.slug} == {first.company},
            "the agenda to show the file as it is now",
        )


async def test_what_the_views_learnt_is_on_disk_when_the_app_quits_and_no_temp_file_left(
    sample_home: Path,
) -> None:
    cache = facts_path(Workspace(sample_home))
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await _insights(app, pilot)
        # Quit straight after, well before the quiet moment the cache waits for.
    assert "ambergate-insurance" in _cached(sample_home)
    assert [p.name for p in cache.parent.iterdir() if p.name.endswith(".tmp")] == []
    written = cache.stat().st_mtime_ns
    # A library closed at exit writes nothing more, whatever asks it to afterwards.
    app.library._save_facts_soon()
    assert app.library._timer is None and cache.stat().st_mtime_ns == written
