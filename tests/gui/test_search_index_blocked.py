"""A file where the search index belongs is said in the window's status, in one
sentence, instead of search silently answering from nothing (issue 9, item 13)."""

from __future__ import annotations

from rtes_desktop.core.search import SearchService
from rtes_desktop.gui.search.search_controller import SearchController

pytest_plugins = ["conftest_panels"]


def test_a_blocked_index_is_said_and_search_falls_back(qtbot, demo_lib, jobs):
    index = demo_lib.folder / "index"
    index.write_text("pas un dossier")
    service = SearchService(demo_lib)
    controller = SearchController(demo_lib, service, jobs)
    try:
        with qtbot.waitSignal(controller.search_failed, timeout=20_000) as said:
            controller.start_index()
        assert str(index) in said.args[0] and "index de recherche" in said.args[0]
        qtbot.waitUntil(lambda: controller.index_state == "unavailable", timeout=20_000)
        # Searching still answers, from the library itself.
        with qtbot.waitSignal(controller.results_ready, timeout=20_000) as got:
            controller.set_query("filières", immediate=True)
        assert got.args[0].total > 0
    finally:
        controller.stop()
        jobs.shutdown(10.0)
        service.close()
