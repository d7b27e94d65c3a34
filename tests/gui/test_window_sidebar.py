"""The sidebar's counts follow each change (a note, a tag, a session) without the
sidebar being gathered again from the whole library: a note autosaves about once a
second while typing, and regathering scans every entry, note and tag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import choose_menu_item, type_text, wait_until

from rtes_desktop.gui.shell.sidebar import NOTES


def tag_count(sidebar, name):
    """The count the sidebar shows beside tag `name` (None: no row for it)."""
    return sidebar.count_of(("tag", name))


def tag(qtbot, editor, name):
    """Type `name` in the tag field and press Enter."""
    editor.edit.setFocus()
    type_text(editor.edit, name)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)


def untag(qtbot, editor, name):
    """Click the × chip of tag `name`."""
    chip = next(c for c in editor.chip_buttons() if c.property("tag") == name)
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)


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
    choose_menu_item(qtbot, window, "Édition", "Nouvelle note")
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

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
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
    tag(qtbot, editor, "à présenter")
    wait_until(qtbot, lambda: tag_count(sidebar, "à présenter") is not None)
    assert tag_count(sidebar, "à présenter") == 1
    tag(qtbot, editor, "à présenter")  # already there: nothing changes
    assert window.wait_idle()
    assert tag_count(sidebar, "à présenter") == 1
    window.open_entry(second)
    tag(qtbot, editor, "à présenter")
    wait_until(qtbot, lambda: demo_lib.entry_tags(second) == ["à présenter"])
    assert window.wait_idle()
    assert tag_count(sidebar, "à présenter") == 2

    untag(qtbot, editor, "à présenter")
    wait_until(qtbot, lambda: demo_lib.entry_tags(second) == [])
    window.open_entry(first)
    wait_until(qtbot, lambda: [c.property("tag") for c in editor.chip_buttons()] == ["à présenter"])
    untag(qtbot, editor, "à présenter")
    assert window.wait_idle()
    assert demo_lib.entry_tags(first) == []
    assert tag_count(sidebar, "à présenter") is None
    assert regathered == []
