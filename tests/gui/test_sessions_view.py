"""The « Mes sessions » view on its own: rename and delete (with confirmation),
comments, remove and undo, drag and drop, the buttons, « Exporter la session… »
through the handout's dialog, and writes that wait for a sync's write lock without
freezing the window."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from window_helpers import save_as, type_text, wait_until

from rtes_desktop.gui.common.jobs import WRITE
from rtes_desktop.gui.handout.controller import HandoutController
from rtes_desktop.gui.sessions.sessions_view import SessionsView

pytest_plugins = ["conftest_panels"]


@pytest.fixture
def session(demo_lib):
    """A session holding three demo entries and a free note, in that order."""
    lib = demo_lib
    entries = lib.entries(limit=3)
    coll = lib.create_session("Formation des élus")
    for e in entries:
        lib.add_to_session(coll.id, ref=e.key)
    note = lib.add_note(None, "Tour de table\n\net attentes")
    lib.add_to_session(coll.id, note_id=note.id, comment="10 minutes")
    lib.create_session("Atelier CRESS")
    return lib, coll, entries, note


def handout_for(qtbot, lib, jobs) -> HandoutController:
    """The window's handout controller (gui/handout), on a window of its own: the
    view is given its `export_session`, as the main window does."""
    host = QWidget()
    qtbot.addWidget(host)
    return HandoutController(lib, jobs, host, lambda: None, lambda: None)


@pytest.fixture
def handout(qtbot, session, jobs):
    return handout_for(qtbot, session[0], jobs)


@pytest.fixture
def view(qtbot, session, jobs, handout):
    lib, coll, _entries, _note = session
    v = SessionsView(lib, jobs, handout.export_session)
    qtbot.addWidget(v)
    v.resize(460, 720)
    v.show()
    v.refresh(select=coll.id)
    yield v
    assert jobs.drain(WRITE, 10.0)
    QApplication.processEvents()


def titles(v) -> list[str]:
    return [r.title for r in v.item_rows()]


def stored(lib, cid) -> list[tuple[str | None, int | None]]:
    return [(i.entry_id, i.note_id) for i in lib.session_items(cid)]


def answer(qtbot, v, text: str, *, replace: bool = True) -> None:
    wait_until(qtbot, lambda: isinstance(v.dialog, QInputDialog) and v.dialog.isVisible())
    dialog = v.dialog
    edit = dialog.findChild(QPlainTextEdit)
    if edit is None or not edit.isVisible():
        edit = dialog.findChild(QLineEdit)
    edit.setFocus()
    if replace:
        edit.selectAll()
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(edit, Qt.Key.Key_Return)  # a new line in the comment
        type_text(edit, line)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_view_lists_sessions_and_items(view, session):
    lib, coll, entries, _note = session
    assert view.session_names() == ["Atelier CRESS", "Formation des élus"]  # by name
    assert view.session_title.text() == "Formation des élus"
    assert view.session_info.text().startswith("4 éléments · modifiée le ")
    assert titles(view) == [e.title for e in entries] + ["Tour de table"]
    rows = view.item_rows()
    assert rows[3].kind == "Note personnelle" and rows[3].comment == "10 minutes"
    spoken = view.items.item(3).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "4. Tour de table, Note personnelle, commentaire : 10 minutes"
    counts = [view.sessions.topLevelItem(i).text(1) for i in range(2)]
    assert counts == ["0", "4"]
    # Every control a screen reader meets has a name.
    for w in (view.sessions, view.items, view.new_button, view.export_button, view.up_button):
        assert w.accessibleName()


def test_rename_with_f2_and_delete_after_confirmation(qtbot, view, session):
    lib, coll, entries, note = session
    view.sessions.setFocus()
    qtbot.keyClick(view.sessions, Qt.Key.Key_F2)
    answer(qtbot, view, "Formation élus 2026")
    wait_until(qtbot, lambda: lib.session(coll.id).name == "Formation élus 2026")
    wait_until(qtbot, lambda: view.session_title.text() == "Formation élus 2026")

    # Suppr asks first; « Annuler » keeps it.
    view.sessions.setFocus()
    qtbot.keyClick(view.sessions, Qt.Key.Key_Delete)
    wait_until(qtbot, lambda: isinstance(view.dialog, QMessageBox))
    box = view.dialog
    assert "« Formation élus 2026 »" in box.text()
    assert "restent dans la bibliothèque" in box.informativeText()
    cancel = next(b for b in box.buttons() if b.text() == "Annuler")
    assert box.defaultButton() is cancel
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert {c.id for c in lib.sessions()} >= {coll.id}

    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: isinstance(view.dialog, QMessageBox))
    delete = next(b for b in view.dialog.buttons() if b.text() == "Supprimer")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: view.session_names() == ["Atelier CRESS"])
    assert coll.id not in {c.id for c in lib.sessions()}
    # The fiches and the note are still in the library.
    assert lib.note(note.id).body.startswith("Tour de table")
    assert all(lib.get_entry(e.key) for e in entries)


def test_export_is_the_handout_dialog_in_the_format_chosen(qtbot, view, session, handout, tmp_path):
    """« Exporter la session… » opens the handout's export dialog (the one of
    Fichier › Exporter en PDF…); HTML chosen there, the file is the handout's page.
    Ctrl+E opens it too, for the session selected, with the choices remembered."""
    lib, coll, entries, _note = session
    said: list[str] = []
    handout.message.connect(said.append)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: handout.dialog is not None and handout.dialog.isVisible())
    dialog = handout.dialog
    assert dialog.windowTitle() == "Exporter la session" and dialog.format == "pdf"
    dialog.format_box.setFocus()
    qtbot.keyClick(dialog.format_box, Qt.Key.Key_H)  # « HTML », typed
    assert dialog.format == "html"
    qtbot.mouseClick(dialog.comments_box, Qt.MouseButton.LeftButton)  # « 10 minutes » too
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "formation.html"
    save_as(qtbot, handout, target)
    wait_until(qtbot, lambda: any("Support écrit" in m for m in said))
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Formation des élus</title>" in page
    assert all(f"{n}. " in page for n in range(1, 5)) and "Tour de table" in page
    assert "10 minutes" in page and "Sommaire" in page
    # Ctrl+E on the other session: the same dialog, for it, HTML remembered; Échap.
    view.sessions.setCurrentItem(view.sessions.topLevelItem(0))
    wait_until(qtbot, lambda: view.session_title.text() == "Atelier CRESS")
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.items.setFocus()
    qtbot.keyClick(view.items, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait_until(qtbot, lambda: handout.dialog is not dialog and handout.dialog.isVisible())
    again = handout.dialog
    assert "« Atelier CRESS »" in " ".join(w.text() for w in again.findChildren(QLabel))
    assert again.format == "html" and again.comments_box.isChecked()
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    wait_until(qtbot, lambda: not again.isVisible())
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix) == ["formation.html"]


def test_comment_with_f2(qtbot, view, session):
    lib, coll, entries, _note = session
    view.items.setCurrentRow(1)
    view.items.setFocus()
    qtbot.keyClick(view.items, Qt.Key.Key_F2)
    answer(qtbot, view, "À présenter avec\nl'exemple de Rennes")
    item_id = view.item_rows()[1].item_id
    wait_until(
        qtbot,
        lambda: lib.session_items(coll.id)[1].comment == "À présenter avec\nl'exemple de Rennes",
    )
    wait_until(qtbot, lambda: view.item_rows()[1].comment.startswith("À présenter"))
    assert view.item_rows()[1].item_id == item_id
    assert "commentaire : À présenter" in view.items.item(1).data(
        Qt.ItemDataRole.AccessibleTextRole
    )


def test_remove_with_suppr_then_undo(qtbot, view, session):
    lib, coll, entries, note = session
    before = stored(lib, coll.id)
    view.items.setCurrentRow(3)  # the note, with its comment
    view.items.setFocus()
    qtbot.keyClick(view.items, Qt.Key.Key_Delete)
    assert titles(view) == [e.title for e in entries]  # gone at once
    wait_until(qtbot, lambda: len(stored(lib, coll.id)) == 3)
    wait_until(qtbot, view.undo_bar.isVisible)
    assert view.undo_label.text() == "« Tour de table » retiré de la session."
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: stored(lib, coll.id) == before)
    assert lib.session_items(coll.id)[3].comment == "10 minutes"
    wait_until(qtbot, lambda: titles(view)[3:] == ["Tour de table"])
    assert not view.undo_bar.isVisible()


def test_buttons_move_the_selected_item(qtbot, view, session):
    lib, coll, entries, note = session
    view.items.setCurrentRow(0)
    assert not view.up_button.isEnabled()
    qtbot.mouseClick(view.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.down_button, Qt.MouseButton.LeftButton)
    assert titles(view)[:3] == [entries[1].title, entries[2].title, entries[0].title]
    assert view.items.currentRow() == 2
    qtbot.mouseClick(view.up_button, Qt.MouseButton.LeftButton)
    expected = [entries[1].id, entries[0].id, entries[2].id, None]
    wait_until(qtbot, lambda: [e for e, _n in stored(lib, coll.id)] == expected)


def _drag(view, source_row: int, target: QPoint) -> None:
    """What Qt sends the list while a person drags row `source_row` to `target`."""
    lst = view.items
    data = lst.model().mimeData([lst.model().index(source_row, 0)])
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    vp = lst.viewport()
    QApplication.sendEvent(vp, QDragEnterEvent(target, actions, data, buttons, mods))
    QApplication.sendEvent(vp, QDragMoveEvent(target, actions, data, buttons, mods))
    drop = QDropEvent(QPointF(target), actions, data, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(vp, drop)
    assert drop.isAccepted()
    # A copy, never a move: Qt would otherwise delete the dragged row after the drop.
    assert drop.dropAction() == Qt.DropAction.CopyAction


def test_drag_and_drop_reorders(qtbot, view, session):
    lib, coll, entries, note = session
    lst = view.items
    top = lst.visualRect(lst.model().index(0, 0))
    _drag(view, 3, QPoint(top.center().x(), top.top() + 3))  # the note onto the top half of row 1
    assert titles(view) == ["Tour de table"] + [e.title for e in entries]
    wait_until(qtbot, lambda: stored(lib, coll.id)[0] == (None, note.id))
    # Below the last row: to the end.
    below = lst.visualRect(lst.model().index(3, 0)).bottomLeft() + QPoint(20, 30)
    _drag(view, 0, below)
    assert titles(view) == [e.title for e in entries] + ["Tour de table"]
    wait_until(qtbot, lambda: stored(lib, coll.id)[-1] == (None, note.id))


def test_a_move_while_a_sync_holds_the_write_lock(qtbot, view, session):
    """The window answers at once; the write follows when the sync lets go."""
    lib, coll, entries, note = session
    before = stored(lib, coll.id)
    holding, release = threading.Event(), threading.Event()

    def sync_like() -> None:
        with lib.transaction():  # what a sync does for its whole apply
            holding.set()
            release.wait(20)

    t = threading.Thread(target=sync_like)
    t.start()
    assert holding.wait(10)
    try:
        view.items.setCurrentRow(0)
        view.items.setFocus()
        qtbot.keyClick(view.items, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert titles(view)[:2] == [entries[1].title, entries[0].title]
        assert stored(lib, coll.id) == before  # not written yet: the sync holds the lock
    finally:
        release.set()
        t.join()
    wait_until(
        qtbot, lambda: [e for e, _n in stored(lib, coll.id)][:2] == [entries[1].id, entries[0].id]
    )


def test_opening_items_and_a_deleted_note(qtbot, view, session):
    lib, coll, entries, note = session
    opened, notes, said = [], [], []
    view.open_entry.connect(opened.append)
    view.open_note.connect(lambda key, nid: notes.append((key, nid)))
    view.message.connect(said.append)
    view.items.setCurrentRow(1)
    view.items.setFocus()
    qtbot.keyClick(view.items, Qt.Key.Key_Return)
    assert opened == [entries[1].key]
    view.items.setCurrentRow(3)
    qtbot.keyClick(view.items, Qt.Key.Key_Return)
    assert notes == [("", note.id)]

    lib.delete_note(note.id)
    view.refresh()
    row = view.item_rows()[3]
    assert row.missing and row.title == "Note supprimée"
    view.items.setCurrentRow(3)
    qtbot.keyClick(view.items, Qt.Key.Key_Return)
    assert said[-1] == "Cet élément n’existe plus dans la bibliothèque."
    qtbot.keyClick(view.items, Qt.Key.Key_Delete)
    wait_until(qtbot, lambda: len(stored(lib, coll.id)) == 3)


def test_no_session_yet_says_what_to_do(qtbot, empty_library, jobs):
    v = SessionsView(empty_library, jobs, handout_for(qtbot, empty_library, jobs).export_session)
    qtbot.addWidget(v)
    v.show()
    assert v.no_sessions.isVisible() and not v.detail.isVisible()
    assert not v.rename_button.isEnabled() and not v.delete_button.isEnabled()
    qtbot.mouseClick(v.new_button, Qt.MouseButton.LeftButton)
    answer(qtbot, v, "   ")  # blank: nothing is created
    QApplication.processEvents()
    assert jobs.drain(WRITE, 5.0)
    assert empty_library.sessions() == []
    qtbot.mouseClick(v.new_button, Qt.MouseButton.LeftButton)
    answer(qtbot, v, "Atelier")
    wait_until(qtbot, lambda: v.session_names() == ["Atelier"])
    assert v.detail.isVisible() and v.items_empty.isVisible()
    assert jobs.drain(WRITE, 5.0)


def test_the_view_in_english(qtbot, qapp, session, jobs):
    from rtes_desktop.gui.common import i18n
    from rtes_desktop.gui.sessions.session_menu import AddToSessionMenu

    lib, coll, entries, _note = session
    i18n.install_translator(qapp, "en")
    try:
        v = SessionsView(lib, jobs, handout_for(qtbot, lib, jobs).export_session)
        qtbot.addWidget(v)
        v.refresh(select=coll.id)
        assert v.export_button.text() == "&Export the session…"
        assert v.up_button.text() == "Move &up" and v.down_button.text() == "Move &down"
        assert v.session_info.text().startswith("4 items · changed on ")
        assert v.item_rows()[3].kind == "Personal note"
        menu = AddToSessionMenu(v, lambda: entries[0].key)
        qtbot.addWidget(menu)
        menu.rebuild()
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert texts == ["Atelier CRESS", "Formation des élus", "&New session…"]
        assert [a.isChecked() for a in menu.actions()[:2]] == [False, True]
    finally:
        i18n.remove_translators(qapp)
