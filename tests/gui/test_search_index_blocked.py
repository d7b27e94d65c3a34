"""A file where the search index belongs is said in the window's status, in one
sentence, instead of search silently answering from nothing (issue 9, item 13)."""

from __future__ import annotations

from window_helpers import entry_keys_with, type_text, wait_until


def test_a_blocked_index_is_said_and_search_falls_back(qtbot, make_window, demo_lib):
    index = demo_lib.folder / "index"
    index.write_text("pas un dossier")
    window = make_window()  # with its search service: the index is built at start
    wait_until(qtbot, lambda: str(index) in window.statusBar().currentMessage(), timeout=20_000)
    said = window.statusBar().currentMessage()
    assert "index de recherche" in said and "\n" not in said
    wait_until(qtbot, lambda: window.controller.index_state == "unavailable", timeout=20_000)
    # Searching still answers, from the library itself.
    window.search_field.setFocus()
    type_text(window.search_field, "filières")
    wait_until(qtbot, lambda: window.result_keys(), timeout=20_000)
    titled = entry_keys_with(demo_lib, "filières")
    assert titled and set(window.result_keys()) >= titled
    assert index.read_text() == "pas un dossier"  # the user's file is left alone
