"""Tab follows the layout (issue 13, item 7): the search field, the sidebar, the
results pane top to bottom (sort, facet chips row by row, list), the reader, then
the notes column top to bottom; never back to an earlier part before the cycle ends."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication


def test_tab_visits_the_parts_in_the_order_they_are_laid_out(qtbot, make_window):
    window = make_window(search=False)
    window.resize(1400, 900)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.run_search_now("SCIC", wait=True)
    window.open_entry(window.result_keys()[0])
    assert window.wait_idle()
    qtbot.waitUntil(lambda: bool(window.results.facets.chips))
    parts = [
        ("recherche", window.search_field),
        ("menu", window.sidebar),
        ("résultats", window.results),
        ("lecteur", window.reader),
        ("notes", window.notes_column),
    ]

    def part_of(widget):
        for index, (_name, part) in enumerate(parts):
            if widget is part or part.isAncestorOf(widget):
                return index
        return None

    window.search_field.setFocus()
    visited = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        where = part_of(widget)
        top = widget.mapTo(window, QPoint(0, 0))
        if visited and where == 0:
            break  # round the cycle
        visited.append((where, top.y(), top.x(), widget))
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    order = [where for where, *_ in visited]
    assert order == sorted(order), [parts[i][0] if i is not None else "?" for i in order]
    assert sorted(set(order)) == [0, 1, 2, 3, 4]
    # Inside the results pane and the notes column: top to bottom, left to right.
    for part in (2, 4):
        spots = [(y, x) for where, y, x, _w in visited if where == part]
        rows = [y for y, _x in spots]
        assert rows == sorted(rows), parts[part][0]
