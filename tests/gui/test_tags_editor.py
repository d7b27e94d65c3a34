"""Personal tags: chips with completion, and renaming, merging, deleting tags."""

from __future__ import annotations

from panel_helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from window_helpers import answer_message_boxes

from rtes_desktop.gui.notes.tag_editor import ManageTagsDialog, TagEditor

pytest_plugins = ["conftest_panels"]


def make_editor(qtbot, jobs, library, key):
    editor = TagEditor(library, jobs)
    qtbot.addWidget(editor)
    editor.resize(300, 120)
    editor.show()
    editor.set_entry(key)
    return editor


def test_tag_with_enter_and_remove_with_chip(qtbot, demo_lib, jobs):
    key = demo_lib.entries(limit=1)[0].key
    editor = make_editor(qtbot, jobs, demo_lib, key)
    assert editor.chip_buttons() == []

    editor.edit.setFocus()
    type_text(editor.edit, "à relire")
    with qtbot.waitSignal(editor.tags_changed, timeout=5000) as sig:
        qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert sig.args == [key]
    assert demo_lib.entry_tags(key) == ["à relire"]
    assert [c.text() for c in editor.chip_buttons()] == ["à relire  ×"]
    assert editor.edit.text() == ""

    chip = editor.chip_buttons()[0]
    assert chip.accessibleName() == "Retirer le tag « à relire »"
    with qtbot.waitSignal(editor.tags_changed, timeout=5000):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert demo_lib.entry_tags(key) == []
    qtbot.waitUntil(lambda: editor.chip_buttons() == [], timeout=2000)


def test_completion_offers_existing_tags(qtbot, demo_lib, jobs):
    first, second = [e.key for e in demo_lib.entries(limit=2)]
    demo_lib.add_tag(first, "Financement")
    demo_lib.add_tag(first, "formation des élus")
    editor = make_editor(qtbot, jobs, demo_lib, second)

    editor.edit.setFocus()
    type_text(editor.edit, "fin")
    popup = editor.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    shown = [
        editor.completer.completionModel().index(i, 0).data()
        for i in range(editor.completer.completionCount())
    ]
    assert shown == ["Financement"]

    # Down arrow then Enter picks the completion, as a person would.
    with qtbot.waitSignal(editor.tags_changed, timeout=5000):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert demo_lib.entry_tags(second) == ["Financement"]
    counts = {t.name: t.count for t in demo_lib.tags()}
    assert counts == {"Financement": 2, "formation des élus": 1}


def test_empty_or_too_long_tag_is_refused_clearly(qtbot, demo_lib, jobs):
    key = demo_lib.entries(limit=1)[0].key
    editor = make_editor(qtbot, jobs, demo_lib, key)
    editor.edit.setFocus()
    type_text(editor.edit, "   ")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert demo_lib.entry_tags(key) == []
    editor.edit.setMaxLength(1000)  # the field stops at 80: lift it to reach the check
    editor.edit.clear()
    type_text(editor.edit, "x" * 81)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert editor.error_label.isVisible()
    assert "trop long" in editor.error_label.text()
    assert demo_lib.tags() == []


def test_no_entry_disables_the_field(qtbot, demo_lib, jobs):
    editor = make_editor(qtbot, jobs, demo_lib, None)
    assert not editor.edit.isEnabled()


def rename_by_editing(qtbot, dialog, old, new):
    """Click the row of tag `old`, « Renommer… », type `new` in place and press Enter."""
    item = next(
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0) == old
    )
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.selected_tag() == old
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    line = dialog.tree.viewport().findChild(QLineEdit)
    assert line is not None and line.text() == old
    line.selectAll()
    type_text(line, new)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_rename_a_tag_by_editing_it(qtbot, demo_lib, jobs):
    key = demo_lib.entries(limit=1)[0].key
    demo_lib.add_tag(key, "a relire")
    dialog = ManageTagsDialog(demo_lib, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tag_counts() == {"a relire": 1}

    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    line = dialog.tree.viewport().findChild(QLineEdit)
    assert line is not None and line.text() == "a relire"  # the inline editor (F2 too)
    line.selectAll()
    type_text(line, "À relire")
    with qtbot.waitSignal(dialog.tags_changed, timeout=5000):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert demo_lib.entry_tags(key) == ["À relire"]
    assert dialog.tag_counts() == {"À relire": 1}


def test_rename_onto_existing_tag_merges_after_asking(qtbot, demo_lib, monkeypatch, jobs):
    first, second, third = [e.key for e in demo_lib.entries(limit=3)]
    demo_lib.add_tag(first, "ESS")
    demo_lib.add_tag(second, "ESS")
    demo_lib.add_tag(second, "économie sociale")
    demo_lib.add_tag(third, "économie sociale")
    asked = answer_message_boxes(monkeypatch, "Confirmer")
    dialog = ManageTagsDialog(demo_lib, jobs)
    qtbot.addWidget(dialog)
    dialog.show()

    with qtbot.waitSignal(dialog.tags_changed, timeout=5000):
        rename_by_editing(qtbot, dialog, "économie sociale", "ess")
    assert "Fusionner « économie sociale » dans « ESS »" in asked[0]
    assert dialog.tag_counts() == {"ESS": 3}
    assert demo_lib.entry_tags(third) == ["ESS"]


def test_merge_refused_changes_nothing(qtbot, demo_lib, monkeypatch, jobs):
    first, second = [e.key for e in demo_lib.entries(limit=2)]
    demo_lib.add_tag(first, "ESS")
    demo_lib.add_tag(second, "SIEG")
    asked = answer_message_boxes(monkeypatch, "Annuler")
    dialog = ManageTagsDialog(demo_lib, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    rename_by_editing(qtbot, dialog, "SIEG", "ESS")
    assert jobs.wait_idle(10)
    assert len(asked) == 1 and "Fusionner « SIEG » dans « ESS »" in asked[0]
    assert dialog.tag_counts() == {"ESS": 1, "SIEG": 1}
    assert {t.name for t in demo_lib.tags()} == {"ESS", "SIEG"}


def test_delete_a_tag_from_every_entry(qtbot, demo_lib, monkeypatch, jobs):
    first, second = [e.key for e in demo_lib.entries(limit=2)]
    demo_lib.add_tag(first, "obsolète")
    demo_lib.add_tag(second, "obsolète")
    demo_lib.add_tag(second, "garder")
    asked = answer_message_boxes(monkeypatch, "Confirmer")
    dialog = ManageTagsDialog(demo_lib, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    row = [dialog.tree.topLevelItem(i).text(0) for i in range(2)].index("obsolète")
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
    with qtbot.waitSignal(dialog.tags_changed, timeout=5000):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "de 2 fiche(s)" in asked[0]
    assert dialog.tag_counts() == {"garder": 1}
    assert demo_lib.entry_tags(first) == []
    assert demo_lib.entry_tags(second) == ["garder"]
