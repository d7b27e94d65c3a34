"""Notes and tags through the window: written beside the reader, found again after
a restart, shown as markers in the list, and the sidebar filtering by tag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import type_text, wait_until


def test_a_note_written_in_the_window_is_there_after_a_restart(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    panel = window.notes_panel
    assert panel is not None
    entry = demo_lib.entries(limit=1)[0]
    window.open_entry(entry.key)
    # The notes beside it follow once the page is shown (a render may take its time
    # on a busy machine): a note made before that would be a free note.
    wait_until(qtbot, lambda: panel.entry_key == entry.key)
    window.actions_.new_note.trigger()  # Édition › Nouvelle note (Ctrl+N)
    wait_until(qtbot, lambda: len(panel.notes()) == 1 and panel.editor.isEnabled())
    panel.editor.setFocus()
    type_text(panel.editor, "Relire le paragraphe sur les filières avant la réunion")
    window.close()  # flushes what was typed

    again = make_window(search=False)
    assert again.current_entry_key == entry.key  # the reader reopens where it was
    notes = demo_lib.notes(entry.key)
    assert [n.body for n in notes] == ["Relire le paragraphe sur les filières avant la réunion"]
    # Beside the reader, the note is listed and shown in the editor.
    wait_until(qtbot, lambda: again.notes_panel.notes())
    assert [n.body for n in again.notes_panel.notes()] == [notes[0].body]
    wait_until(qtbot, lambda: "filières" in again.notes_panel.editor.toPlainText())


def test_tagging_an_entry_then_filtering_by_the_tag(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    editor = window.tag_editor
    assert editor is not None
    entry = demo_lib.entries(limit=1)[0]
    window.open_entry(entry.key)
    window.actions_.edit_tags.trigger()  # Édition › Tags de la ressource (Ctrl+T)
    type_text(editor.edit, "à présenter")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    wait_until(qtbot, lambda: demo_lib.entry_tags(entry.key) == ["à présenter"])
    # The sidebar lists the tag with its count; choosing it narrows the list.
    sidebar = window.sidebar
    wait_until(
        qtbot,
        lambda: any(
            i.data(0, Qt.ItemDataRole.UserRole + 1) == ("tag", "à présenter")
            for i in sidebar._items()
        ),
    )
    item = next(
        i
        for i in sidebar._items()
        if i.data(0, Qt.ItemDataRole.UserRole + 1) == ("tag", "à présenter")
    )
    assert item.text(1) == "1"
    sidebar.scrollToItem(item)
    qtbot.mouseClick(
        sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualItemRect(item).center()
    )
    wait_until(qtbot, lambda: window.result_keys() == [entry.key])
    # The row carries the tag (drawn as a chip, and said to screen readers).
    spoken = window.results.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "à présenter" in spoken


def test_note_markers_follow_the_notes(qtbot, make_window, demo_lib):
    entry = demo_lib.entries(limit=1)[0]
    demo_lib.add_note(entry.key, "une")
    demo_lib.add_note(entry.key, "deux")
    window = make_window(search=False)
    assert window.wait_idle()  # the first answer and the sidebar's counts (two jobs)
    assert entry.key in window.result_keys()
    row = window.result_keys().index(entry.key)
    data = window.results.model.index(row).data(Qt.ItemDataRole.UserRole + 3)
    assert data["notes"] == 2
    # « Mes notes » in the sidebar counts them and opens the notes view.
    notes_item = next(
        i
        for i in window.sidebar._items()
        if i.data(0, Qt.ItemDataRole.UserRole + 1) == ("notes", "")
    )
    assert notes_item.text(1) == "2"
    window.show_my_notes()
    assert window.center.currentWidget() is window.notes_list
