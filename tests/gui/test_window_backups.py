"""Backups from the main window: the « Fichier » commands, the recovery bar after a
damaged library.db with « Synchroniser maintenant », the second backup folder in the
settings, and its problems said once in the status bar."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from window_helpers import (
    answer_demo_question,
    choose_menu_item,
    click_tab,
    run_app_and_report,
    wait_until,
)

from rtes_desktop.core import settings
from rtes_desktop.core.backup import backups_dir, create_backup, list_backups
from rtes_desktop.core.paths import DB_FILE
from rtes_desktop.core.recovery import open_or_recover


def file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_file_menu_restores_a_backup_and_the_window_shows_the_note_again(
    qtbot, make_window, demo_lib
):
    key = demo_lib.entries()[0].key
    note = demo_lib.add_note(key, "Tour de table des élus", title="Budget participatif")
    create_backup(demo_lib, "auto", now=datetime(2026, 11, 28, 9, 30, tzinfo=UTC))
    demo_lib.delete_note(note.id)
    window = make_window(search=False)
    assert window.wait_idle()
    assert {
        "Restaurer une sauvegarde…",
        "Exporter mes données…",
        "Importer mes données…",
    } <= set(file_menu_texts(window))
    window.show_my_notes()
    assert window.notes_list.visible_notes() == []

    choose_menu_item(qtbot, window, "Fichier", "Restaurer une sauvegarde…")
    dialog = window.backups.restore_dialog
    assert dialog is not None and dialog.isVisible()
    wait_until(qtbot, lambda: dialog.restore_button.isEnabled())
    assert dialog.backup_rows()[0][1] == "1 note, 0 tag, 0 session"
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: isinstance(dialog.confirm_box, QMessageBox))
    yes = next(b for b in dialog.confirm_box.buttons() if b.text() == "Restaurer")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: "restaurée" in dialog.message.text())
    # The window followed: « Mes notes » lists the note brought back.
    wait_until(
        qtbot,
        lambda: [n.title for n in window.notes_list.visible_notes()] == ["Budget participatif"],
    )
    assert [b.reason for b in list_backups(backups_dir(demo_lib.folder))] == ["auto", "restore"]


def test_a_damaged_library_is_recovered_and_synchronise_now_brings_the_content_back(
    qtbot, make_window, demo_lib, network_zip, data_dir
):
    from rtes_desktop.core.sync.engine import sync_source

    # A user's library: the network's source (a .zip on a USB key), a note on one of
    # its entries, the automatic backup.
    demo_lib.save_source("rtes", "RTES", url=str(network_zip))
    sync_source(demo_lib, str(network_zip))
    key = demo_lib.entries(source_id="rtes")[0].key
    demo_lib.add_note(key, "À reprendre pour la formation", title="Préparation")
    create_backup(demo_lib, "auto")
    demo_lib.close()
    db = data_dir / DB_FILE
    raw = bytearray(db.read_bytes())
    raw[4096:12288] = b"\xa5" * 8192  # bytes overwritten in its middle
    db.write_bytes(bytes(raw))

    library, sentence = open_or_recover(data_dir)
    assert sentence and "endommagée" in sentence
    try:
        window = make_window(search=False, library=library, data_dir=data_dir)
        window.show_recovery(sentence)
        bar = window.backups.bar
        assert bar.isVisible() and bar.label.text() == sentence
        assert library.count_entries(source_id="rtes") == 0  # content comes from the sync

        qtbot.mouseClick(bar.sync_button, Qt.MouseButton.LeftButton)
        assert not bar.isVisible()
        dialog = window.sync_launcher.sync_dialog
        assert dialog is not None and dialog.isVisible()
        wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
        assert dialog.state == "done", dialog.error
        assert library.count_entries(source_id="rtes") > 0
        assert library.get_entry(key) is not None
        assert [n.title for n in library.notes(key)] == ["Préparation"]
        assert window.wait_idle()
    finally:
        window.close()  # before its library (the fixture's teardown comes later)
        window.shutdown()
        library.close()


def test_settings_show_the_it_preset_then_save_the_users_second_folder(
    qtbot, make_window, demo_lib, tmp_path, monkeypatch
):
    preset = tmp_path / "partage" / "rtes"
    config = tmp_path / "rtes-desktop.toml"
    config.write_text(f"version = 1\nbackup_dir = '{preset}'\n", encoding="utf-8")
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(config))
    window = make_window(search=False)
    dialog = window.open_settings()
    field = dialog.backup_folder
    assert field.edit.text() == str(preset)
    assert "service informatique" in field.origin.text()

    mine = tmp_path / "Nextcloud"
    mine.mkdir()
    # The system's folder chooser is modal and native: the folder the person picks is
    # given at that one boundary; the field, the button and the setting are real.
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(mine))
    )
    click_tab(qtbot, dialog.tabs, "Général")
    qtbot.mouseClick(field.choose_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: demo_lib.get_setting(settings.BACKUP_SECOND_DIR) == str(mine))
    assert field.edit.text() == str(mine)
    dialog.close()


def test_a_missing_second_folder_is_said_in_the_status_bar_after_a_sync(
    qtbot, make_window, demo_lib, tmp_path, network_zip
):
    missing = tmp_path / "lecteur-reseau"
    demo_lib.set_setting(settings.BACKUP_SECOND_DIR, str(missing))
    demo_lib.add_note(None, "Une note à garder")
    window = make_window(search=False)
    assert window.wait_idle()
    window.sync_launcher.start_sync(str(network_zip))
    answer_demo_question(qtbot, window)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done", dialog.error
    wait_until(qtbot, lambda: "introuvable" in window.statusBar().currentMessage())
    assert str(missing) in window.statusBar().currentMessage()
    assert len(list_backups(backups_dir(demo_lib.folder))) == 1  # never blocked


def test_the_application_says_the_recovery_once_in_its_window(tmp_path):
    from rtes_desktop.core.library import Library

    data = tmp_path / "data"
    library = Library.open(data)
    library.add_note(None, "Accueil et tour de table", title="Tour de table")
    create_backup(library, "auto")
    library.close()
    (data / DB_FILE).write_bytes(b"\x00garbage" * 4096)  # replaced by random-ish bytes

    # The application's own start, on the damaged library.db: what its window says.
    done = run_app_and_report(
        data,
        """
        bar = window.backups.bar
        print(bar.isVisible(), bar.sync_button.text(), "|", bar.label.text(), flush=True)
        print("notes:", [n.title for n in window.library.notes()], flush=True)
        """,
    )
    first, second = done.stdout.splitlines()[:2]
    shown, sentence = first.split(" | ")
    assert shown == "True Synchroniser maintenant"
    assert sentence.startswith("La bibliothèque était endommagée")
    assert "synchronisez" in sentence
    assert second == "notes: ['Tour de table']"
    assert "endommagée" not in done.stderr  # said in the window, not in a box or on stderr
    assert list(data.glob("library.db.damaged-*"))
