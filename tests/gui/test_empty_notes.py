"""A note left empty is not kept (issue 13, item 9): « Note vide » rows stayed in the
list and in the counts after a « Nouvelle note » never written in."""

from __future__ import annotations

from panel_helpers import type_text
from PySide6.QtCore import Qt

from rtes_desktop.gui.notes.notes_panel import NotesPanel

pytest_plugins = ["conftest_panels"]


def make_panel(qtbot, jobs, library, key):
    panel = NotesPanel(library, jobs)
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    panel.set_entry(key)
    return panel


def new_note(qtbot, panel):
    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)


def test_an_empty_note_goes_when_the_user_moves_on(qtbot, demo_lib, jobs):
    first, second = [e.key for e in demo_lib.entries(limit=2)]
    panel = make_panel(qtbot, jobs, demo_lib, first)
    new_note(qtbot, panel)
    assert len(demo_lib.notes(first)) == 1  # created at once, empty
    type_text(panel.editor, "   ")  # blanks only: still nothing written
    panel.set_entry(second)
    assert panel.flush()
    assert demo_lib.notes(first) == []  # before: a « Note vide » stayed and counted
    panel.set_entry(first)
    assert panel.list.count() == 0 and panel.empty_label.isVisible()


def test_a_written_note_stays_and_an_empty_one_beside_it_goes(qtbot, demo_lib, jobs):
    key = demo_lib.entries(limit=1)[0].key
    panel = make_panel(qtbot, jobs, demo_lib, key)
    new_note(qtbot, panel)
    type_text(panel.editor, "à garder")
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)  # a second, left empty
    # (its notes_changed may be the first one's save: wait for the row itself)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=5000)
    panel.list.setCurrentRow(0)  # back to the first: the empty one is left
    assert panel.flush()
    assert [n.body for n in demo_lib.notes(key)] == ["à garder"]
    assert panel.list.count() == 1 and panel.editor.toPlainText() == "à garder"


def test_closing_with_an_empty_note_open_leaves_nothing(qtbot, demo_lib, jobs):
    key = demo_lib.entries(limit=1)[0].key
    panel = make_panel(qtbot, jobs, demo_lib, key)
    new_note(qtbot, panel)
    panel.close()  # flushes
    assert demo_lib.notes(key) == []
