"""The notes panel and « Mes notes », used like a person would."""

from __future__ import annotations

from panel_helpers import first_entry_key, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import click_tab

from rtes_desktop.core.library import Library
from rtes_desktop.gui.notes.notes_panel import (
    AUTOSAVE_MS,
    MAX_UNSAVED_MS,
    NotesListView,
    NotesPanel,
)

pytest_plugins = ["conftest_panels"]


def make_panel(qtbot, jobs, library, key):
    panel = NotesPanel(library, jobs)
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    panel.set_entry(key)
    return panel


def click_new_note(qtbot, panel):
    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.editor.hasFocus() or panel.editor.isEnabled(), timeout=2000)


def test_typed_note_is_autosaved_and_found_again(qtbot, demo_lib, tmp_path, jobs):
    key = first_entry_key(demo_lib)
    panel = make_panel(qtbot, jobs, demo_lib, key)
    assert panel.empty_label.isVisible()
    click_new_note(qtbot, panel)
    panel.editor.setFocus()
    type_text(panel.editor, "Idée : proposer un **SIEG** à la commune")
    # No focus change, no close: only the autosave timer writes it.
    with qtbot.waitSignal(panel.notes_changed, timeout=AUTOSAVE_MS + 3000) as sig:
        pass
    assert sig.args == [key]
    assert panel.status_label.text() == "Enregistrée"

    # Another process (a restart) opens the same data folder and finds the note.
    other = Library.open(tmp_path / "data")
    try:
        bodies = [n.body for n in other.notes(key)]
    finally:
        other.close()
    assert bodies == ["Idée : proposer un **SIEG** à la commune"]

    panel.close()
    again = make_panel(qtbot, jobs, demo_lib, key)
    assert again.list.count() == 1
    assert again.editor.toPlainText() == "Idée : proposer un **SIEG** à la commune"
    assert "Idée : proposer un SIEG" in again.list.item(0).text().replace("**", "")
    assert again.dates_label.text().startswith("Créée le ")


def test_changing_entry_saves_immediately(qtbot, demo_lib, jobs):
    first, second = [e.key for e in demo_lib.entries(limit=2)]
    panel = make_panel(qtbot, jobs, demo_lib, first)
    click_new_note(qtbot, panel)
    type_text(panel.editor, "à relire")
    panel.set_entry(second)  # before the autosave timer fires
    assert panel.flush()
    assert [n.body for n in demo_lib.notes(first)] == ["à relire"]
    assert panel.list.count() == 0


def test_focus_out_saves(qtbot, demo_lib, jobs):
    key = first_entry_key(demo_lib)
    panel = make_panel(qtbot, jobs, demo_lib, key)
    click_new_note(qtbot, panel)
    panel.editor.setFocus()
    type_text(panel.editor, "sortie")
    with qtbot.waitSignal(panel.notes_changed, timeout=2000):
        panel.new_button.setFocus()  # tab away
        QApplication.processEvents()
    assert [n.body for n in demo_lib.notes(key)] == ["sortie"]


def test_preview_renders_markdown(qtbot, demo_lib, jobs):
    panel = make_panel(qtbot, jobs, demo_lib, first_entry_key(demo_lib))
    click_new_note(qtbot, panel)
    type_text(panel.editor, "# Titre\n\n- un point\n")
    click_tab(qtbot, panel.tabs, "Aperçu")
    html = panel.preview.toHtml()
    assert "Titre" in html and "un point" in html
    assert "# Titre" not in panel.preview.toPlainText()


def test_delete_then_undo_with_button_and_ctrl_z(qtbot, demo_lib, jobs):
    key = first_entry_key(demo_lib)
    demo_lib.add_note(key, "première")
    demo_lib.add_note(key, "seconde")
    panel = make_panel(qtbot, jobs, demo_lib, key)
    assert panel.list.count() == 2

    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 1
    assert panel.undo_bar.isVisible()
    assert "première" in panel.undo_label.text()
    assert [n.body for n in demo_lib.notes(key)] == ["seconde"]

    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert not panel.undo_bar.isVisible()
    assert sorted(n.body for n in demo_lib.notes(key)) == ["première", "seconde"]
    assert panel.list.count() == 2

    # Ctrl+Z, with the focus in the panel's list.
    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    panel.list.setFocus()
    with qtbot.waitSignal(panel.notes_changed, timeout=5000):
        qtbot.keyClick(panel.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(demo_lib.notes(key)) == 2


def test_free_notes(qtbot, demo_lib, jobs):
    panel = make_panel(qtbot, jobs, demo_lib, None)
    assert panel.header.text() == "Notes libres"
    with qtbot.waitSignal(panel.notes_changed, timeout=5000) as sig:
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert sig.args == [""]
    type_text(panel.editor, "liste de courses ESS")
    assert panel.flush()
    free = demo_lib.notes(None, free_only=True)
    assert [n.body for n in free] == ["liste de courses ESS"]
    assert free[0].entry_id is None


def test_marker_when_the_entry_changed_since_the_note(qtbot, demo_lib, jobs):
    key = first_entry_key(demo_lib)
    demo_lib.add_note(key, "écrite sur l'ancienne version")
    entry = demo_lib.get_entry(key)
    entry.body += "\n\nUn paragraphe ajouté par l'éditeur."
    entry.sha256 = "0" * 64
    demo_lib.write_entry(entry)

    panel = make_panel(qtbot, jobs, demo_lib, key)
    assert panel.stale_label.isVisible()
    assert panel.stale_label.text() == "La fiche a été mise à jour depuis cette note"
    assert "⚠" in panel.list.item(0).text()


def test_notes_list_view_filters_and_opens(qtbot, demo_lib):
    first, second = demo_lib.entries(limit=2)
    demo_lib.add_note(first.key, "Rencontre avec la Région sur les marchés publics")
    demo_lib.add_note(second.key, "Penser à l'économie circulaire")
    demo_lib.add_note(None, "Une note libre sur les élus")

    view = NotesListView(demo_lib)
    qtbot.addWidget(view)
    view.show()
    assert view.tree.topLevelItemCount() == 3
    assert view.count_label.text() == "3 notes"
    titles = {view.tree.topLevelItem(i).text(0) for i in range(3)}
    assert titles == {first.title, second.title, "Note libre"}

    type_text(view.filter_edit, "eLUS")  # case and accents ignored
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() == 1, timeout=2000)
    assert view.tree.topLevelItem(0).text(0) == "Note libre"

    view.filter_edit.clear()
    type_text(view.filter_edit, "marches publics")
    qtbot.waitUntil(
        lambda: [n.entry_key for n in view.visible_notes()] == [first.key], timeout=2000
    )
    item = view.tree.topLevelItem(0)
    view.tree.setCurrentItem(item)
    view.tree.setFocus()
    with qtbot.waitSignal(view.open_entry, timeout=2000) as sig:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert sig.args == [first.key]

    view.set_filter("introuvable")
    assert view.tree.topLevelItemCount() == 0
    assert "introuvable" in view.empty_label.text()


def test_typing_without_a_pause_is_still_saved(qtbot, demo_lib, jobs):
    panel = make_panel(qtbot, jobs, demo_lib, None)
    click_new_note(qtbot, panel)
    saved = []
    panel.notes_changed.connect(saved.append)
    typed = ""
    # A key every 0.1 s for 2 s: the 0.5 s debounce alone would never fire.
    for ch in "Bilan du club régional ":
        type_text(panel.editor, ch)
        typed += ch
        qtbot.wait(int(MAX_UNSAVED_MS * 2 / 23))
    assert saved, "nothing was saved while typing went on"
    body = demo_lib.notes(None, free_only=True)[0].body
    assert body and typed.startswith(body)
