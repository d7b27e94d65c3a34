"""The sidebar's counts follow each change (a note, a tag, a session) without the
sidebar being gathered again from the whole library: a note autosaves about once a
second while typing, and regathering scans every entry, note and tag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import type_text, wait_until

from rtes_desktop.gui.shell.sidebar import NOTES


def tag_row(sidebar, name):
    return next(
        (i for i in sidebar._items() if i.data(0, Qt.ItemDataRole.UserRole + 1) == ("tag", name)),
        None,
    )


def test_typing_a_note_moves_the_notes_count_and_never_regathers(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    assert window.wait_idle()
    sidebar = window.sidebar
    before = sidebar.count_of(NOTES)
    assert before == len(demo_lib.notes())
    regathered: list[object] = []
    window.controller.sidebar_ready.connect(regathered.append)

    entry = demo_lib.entries(limit=1)[0]
    window.open_entry(entry.key)
    panel = window.notes_panel
    window.actions_.new_note.trigger()
    wait_until(qtbot, lambda: len(panel.notes()) == 1 and panel.editor.isEnabled())
    assert sidebar.count_of(NOTES) == before + 1
    panel.editor.setFocus()
    for word in ("Relire ", "les ", "filières ", "avant ", "la réunion"):
        # Each pause autosaves the note: notes_changed says the write landed.
        with qtbot.waitSignal(panel.notes_changed, timeout=10_000):
            type_text(panel.editor, word)
    assert window.wait_idle()
    assert [n.body for n in demo_lib.notes(entry.key)] == ["Relire les filières avant la réunion"]
    assert regathered == []
    assert sidebar.count_of(NOTES) == before + 1 == len(demo_lib.notes())

    panel.delete_current()
    wait_until(qtbot, lambda: sidebar.count_of(NOTES) == before)
    assert regathered == []


def test_a_tag_gets_its_row_and_loses_it_from_the_change(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    assert window.wait_idle()
    sidebar, editor = window.sidebar, window.tag_editor
    regathered: list[object] = []
    window.controller.sidebar_ready.connect(regathered.append)
    first, second = [e.key for e in demo_lib.entries(limit=2)]

    window.open_entry(first)
    editor.add_tag("à présenter")
    wait_until(qtbot, lambda: tag_row(sidebar, "à présenter") is not None)
    assert tag_row(sidebar, "à présenter").text(1) == "1"
    editor.add_tag("à présenter")  # already there: nothing changes
    window.open_entry(second)
    editor.add_tag("à présenter")
    wait_until(qtbot, lambda: demo_lib.entry_tags(second) == ["à présenter"])
    assert window.wait_idle()
    assert tag_row(sidebar, "à présenter").text(1) == "2"

    editor.remove_tag("à présenter")
    window.open_entry(first)
    editor.remove_tag("à présenter")
    assert window.wait_idle()
    assert tag_row(sidebar, "à présenter") is None
    assert regathered == []
