"""The import graph of `catbird` has no circle: every module can be read, and tested, after
the ones it imports. Imports inside functions and under `TYPE_CHECKING` count too (grimp
reads them all), so a circle cannot hide behind a lazy import."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("catbird", cache_dir=None)


def _where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    lines = ", ".join(str(d["line_number"]) for d in details)
    return f"{importer} -> {imported} (line {lines})"


def test_no_module_imports_itself_through_others(graph: grimp.ImportGraph) -> None:
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        tuple(TopologicalSorter(imports).static_order())
    except CycleError as exc:
        circle: list[str] = exc.args[1]
        steps = [_where(graph, b, a) for a, b in pairwise(circle)]
        pytest.fail("an import circle:\n  " + "\n  ".join(steps))


def test_the_door_does_not_lead_to_the_app(graph: grimp.ImportGraph) -> None:
    # The app imports the screens, which import the door: a door that knew the app would
    # close the circle, and screens could reach the app's internals again.
    for module in ("catbird.tui.door", "catbird.tui.messages"):
        assert not graph.chain_exists(importer=module, imported="catbird.tui.app")


def test_screens_go_to_other_screens_through_the_app(graph: grimp.ImportGraph) -> None:
    # Only the shared base of the screens about one opportunity is imported by others.
    screens = graph.find_children("catbird.tui.screens")
    found = [
        _where(graph, importer, imported)
        for importer in screens
        for imported in graph.find_modules_directly_imported_by(importer) & screens
        if imported != "catbird.tui.screens.opportunity"
    ]
    assert found == []
