"""« Mes notes » wraps long titles and notes instead of hiding them behind a
horizontal scroll bar (issue 13, item 9)."""

from __future__ import annotations

from rtes_desktop.gui.notes.notes_list import NotesListView


def test_long_titles_and_notes_wrap_within_the_width(qtbot, demo_lib):
    entry = max(demo_lib.entries(), key=lambda e: len(e.title))
    long_start = "Point à vérifier avec le service juridique de la collectivité " * 3
    demo_lib.add_note(entry.key, long_start)
    view = NotesListView(demo_lib)
    qtbot.addWidget(view)
    view.resize(520, 400)
    view.show()
    qtbot.waitExposed(view)
    tree = view.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)

    def widths() -> int:
        return sum(tree.columnWidth(c) for c in range(tree.columnCount()))

    # before: about 1,600 px in a 500 px list, the rest behind a scroll bar
    qtbot.waitUntil(lambda: widths() <= tree.viewport().width() + 1, timeout=5000)
    assert tree.horizontalScrollBar().maximum() == 0
    item = tree.topLevelItem(0)
    line = tree.fontMetrics().height()
    assert tree.visualItemRect(item).height() >= 2 * line  # wrapped onto several lines
