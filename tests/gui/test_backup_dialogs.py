"""Restoring a backup and moving one's data, from the window's dialogs: real
libraries, real backup files, real widgets offscreen, clicked like a person."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from window_helpers import choose_menu_item, wait_until

from rtes_desktop.core.backup import backups_dir, create_backup, list_backups
from rtes_desktop.core.library import Library
from rtes_desktop.core.personal_data import export_personal
from rtes_desktop.gui.backup.import_dialog import ImportPreviewDialog, default_export_name
from rtes_desktop.gui.backup.restore_dialog import RestoreDialog

pytest_plugins = ["conftest_panels"]

DAY1 = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
DAY2 = datetime(2026, 11, 30, 16, 5, tzinfo=UTC)


@pytest.fixture
def personal(demo_lib):
    """The demo library with a user's work: two notes, a tag, a session."""
    lib = demo_lib
    first, second = (e.key for e in lib.entries()[:2])
    budget = lib.add_note(
        first, "Tour de table des élus\nPuis les chiffres.", title="Budget participatif"
    )
    lib.add_note(second, "Relire avant la formation du 4 décembre")
    lib.add_tag(first, "à relire")
    session = lib.create_session("Formation élus 2026")
    lib.add_to_session(session.id, ref=first)
    lib.add_to_session(session.id, note_id=budget.id)
    return lib, budget


def restore_dialog(qtbot, lib, jobs):
    dialog = RestoreDialog(lib, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_restore_dialog_lists_backups_with_counts_and_previews_the_chosen_one(
    qtbot, personal, jobs
):
    lib, _budget = personal
    create_backup(lib, "auto", now=DAY1)
    lib.add_note(None, "Une note libre, sans fiche", title="Idées")
    create_backup(lib, "manual", now=DAY2)

    dialog = restore_dialog(qtbot, lib, jobs)
    wait_until(qtbot, lambda: len(dialog.backup_rows()) == 2)
    newest, oldest = dialog.backup_rows()
    assert "30 novembre 2026" in newest[0]
    assert newest[1] == "3 notes, 1 tag, 1 session"
    assert newest[2] == "manuelle"
    assert "28 novembre 2026" in oldest[0]
    assert oldest[1] == "2 notes, 1 tag, 1 session"
    assert oldest[2] == "automatique"

    # The newest is chosen at once and previewed: its notes, tags and sessions by name.
    wait_until(qtbot, lambda: "Idées" in dialog.preview.toPlainText())
    text = dialog.preview.toPlainText()
    assert "Notes (3)" in text
    assert "Budget participatif — Tour de table des élus" in text
    assert "Relire avant la formation du 4 décembre" in text
    assert "à relire" in text
    assert "Formation élus 2026" in text

    # Choosing the older one shows its own content (no free note yet).
    second = dialog.backups.topLevelItem(1)
    rect = dialog.backups.visualItemRect(second)
    qtbot.mouseClick(dialog.backups.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_until(qtbot, lambda: "Notes (2)" in dialog.preview.toPlainText())
    assert "Idées" not in dialog.preview.toPlainText()


def test_restore_after_confirmation_brings_a_deleted_note_back_and_can_be_undone(
    qtbot, personal, jobs
):
    lib, budget = personal
    create_backup(lib, "auto", now=DAY1)
    lib.delete_note(budget.id)
    assert budget.id not in {n.id for n in lib.notes()}

    dialog = restore_dialog(qtbot, lib, jobs)
    restored = []
    dialog.restored.connect(restored.append)
    wait_until(qtbot, lambda: dialog.restore_button.isEnabled())

    # « Annuler » changes nothing.
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: isinstance(dialog.confirm_box, QMessageBox))
    box = dialog.confirm_box
    assert "28 novembre 2026" in box.text()
    assert "L’état actuel est d’abord sauvegardé" in box.informativeText()
    assert "2 notes, 1 tag, 1 session" in box.informativeText()
    cancel = next(b for b in box.buttons() if b.text() == "Annuler")
    assert box.defaultButton() is cancel
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert len(list_backups(backups_dir(lib.folder))) == 1
    assert budget.id not in {n.id for n in lib.notes()}

    # « Restaurer » brings the note back, after backing up the current state.
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: isinstance(dialog.confirm_box, QMessageBox))
    yes = next(b for b in dialog.confirm_box.buttons() if b.text() == "Restaurer")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: "restaurée" in dialog.message.text())
    assert "revenir en arrière" in dialog.message.text()
    assert "Budget participatif" in {n.title for n in lib.notes()}
    assert len(restored) == 1

    # The undo is listed first: the state before the restore (one note).
    wait_until(qtbot, lambda: len(dialog.backup_rows()) == 2)
    undo_row = dialog.backup_rows()[0]
    assert undo_row[2] == "avant une restauration"
    assert undo_row[1] == "1 note, 1 tag, 1 session"
    undo = list_backups(backups_dir(lib.folder))[-1]
    assert undo.reason == "restore" and undo.notes == 1


def test_a_restore_that_fails_says_one_sentence(qtbot, personal, jobs):
    lib, _budget = personal
    info = create_backup(lib, "auto", now=DAY1).info
    dialog = restore_dialog(qtbot, lib, jobs)
    wait_until(qtbot, lambda: dialog.restore_button.isEnabled())
    info.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # damaged since listed
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: isinstance(dialog.confirm_box, QMessageBox))
    yes = next(b for b in dialog.confirm_box.buttons() if b.text() == "Restaurer")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: dialog.message.text() and not dialog.busy)
    message = dialog.message.text()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert "sauvegarde" in message and str(info.path.name) in message
    assert "Budget participatif" in {n.title for n in lib.notes()}


def test_restore_dialog_without_backups_says_when_the_first_comes(qtbot, lib, jobs):
    dialog = restore_dialog(qtbot, lib, jobs)
    wait_until(qtbot, lambda: "Aucune sauvegarde" in dialog.preview.toPlainText())
    assert "dès que vous avez écrit une note" in dialog.preview.toPlainText()  # the when
    assert not dialog.restore_button.isEnabled()


@pytest.fixture
def other_library(tmp_path):
    library = Library.open(tmp_path / "new-pc")
    yield library
    library.close()


def import_dialog(qtbot, lib, path, jobs):
    dialog = ImportPreviewDialog(lib, path, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_import_preview_shows_what_will_be_added_then_imports(
    qtbot, personal, other_library, jobs, tmp_path
):
    lib, _budget = personal
    path = tmp_path / default_export_name()
    export_personal(lib, path)

    dialog = import_dialog(qtbot, other_library, path, jobs)
    wait_until(qtbot, lambda: "Seront ajoutés" in dialog.summary_text())
    text = dialog.summary_text()
    assert "2 notes" in text
    assert "1 tag, posés 1 fois" in text
    assert "1 session (2 éléments)" in text
    assert other_library.notes() == []  # a preview changes nothing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: "Importé" in dialog.summary_text())
    assert {n.title for n in other_library.notes()} == {"Budget participatif", ""}
    assert [c.name for c in other_library.sessions()] == ["Formation élus 2026"]
    assert dialog.import_button.isHidden()

    # The same file again: nothing to add, and nothing to click.
    again = import_dialog(qtbot, other_library, path, jobs)
    wait_until(qtbot, lambda: "Rien à ajouter" in again.summary_text())
    assert not again.import_button.isEnabled()
    assert len(other_library.notes()) == 2


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "rtes-desktop-personal", "version": 1, "notes": [',  # truncated
        json.dumps({"format": "zotero", "items": []}).encode(),  # foreign
        json.dumps({"format": "rtes-desktop-personal", "version": 9}).encode(),  # newer
    ],
    ids=["truncated", "foreign", "newer"],
)
def test_a_refused_import_file_is_said_in_one_sentence(
    qtbot, other_library, jobs, tmp_path, content
):
    path = tmp_path / "mes-donnees.json"
    path.write_bytes(content)
    dialog = import_dialog(qtbot, other_library, path, jobs)
    wait_until(qtbot, lambda: not dialog.busy)
    text = dialog.summary_text()
    assert str(path) in text
    assert "\n" not in text and "Traceback" not in text
    assert not dialog.import_button.isEnabled()
    assert dialog.close_button.text() == "Fermer"
    assert other_library.notes() == []


def test_export_then_import_through_the_menu(
    qtbot, make_window, personal, other_library, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    lib, _budget = personal
    window = make_window(search=False)
    offered = {}

    # The system's file dialogs are modal and native: what the person would pick is
    # given at that one boundary; the menus, the window and the files are real.
    def fake_save(parent, caption, start, filters):
        offered["start"] = start
        return str(tmp_path / "export"), filters  # typed without the extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    choose_menu_item(qtbot, window, "Fichier", "Exporter mes données…")
    assert Path(offered["start"]).name == default_export_name()
    assert default_export_name().startswith("rtes-mes-donnees-20")
    wait_until(qtbot, lambda: "exportés dans" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        f"2 notes, 1 tag, 1 session exportés dans {tmp_path / 'export.json'}"
    )

    # On the new computer: the other library, in a window of its own.
    target = make_window(search=False, library=other_library, data_dir=tmp_path / "new-pc")
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *a: (str(tmp_path / "export.json"), "")),
    )
    choose_menu_item(qtbot, target, "Fichier", "Importer mes données…")
    dialog = target.backups.import_dialog
    assert dialog is not None and dialog.isVisible()
    wait_until(qtbot, lambda: dialog.import_button.isEnabled())
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: len(other_library.notes()) == 2)
    assert {n.title for n in other_library.notes()} == {n.title for n in lib.notes()}


def test_the_restore_dialog_and_import_preview_speak_english(
    qtbot, qapp, personal, other_library, jobs, tmp_path
):
    from rtes_desktop.gui.common import i18n

    lib, _budget = personal
    create_backup(lib, "auto", now=DAY1)
    path = tmp_path / "export.json"
    export_personal(lib, path)
    i18n.install_translator(qapp, "en")
    try:
        dialog = restore_dialog(qtbot, lib, jobs)
        assert dialog.windowTitle() == "Restore a backup"
        wait_until(qtbot, lambda: dialog.backup_rows())
        date, contents, why = dialog.backup_rows()[0]
        assert "28 November 2026" in date
        assert (contents, why) == ("2 notes, 1 tag, 1 session", "automatic")
        assert dialog.restore_button.text() == "Restore…"
        preview = import_dialog(qtbot, other_library, path, jobs)
        wait_until(qtbot, lambda: "Will be added" in preview.summary_text())
        assert "1 session (2 items)" in preview.summary_text()
        assert preview.import_button.text() == "Import"
    finally:
        i18n.remove_translators(qapp)  # the other tests read French
