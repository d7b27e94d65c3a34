"""Syncing from the window: a .zip dropped on it or chosen in a file dialog, the
library and the lists refreshed after, and a bad file refused without change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from window_helpers import answer_demo_question, choose_menu_item, wait_until


def _drop(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(window.rect().center())
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)


def test_dropping_an_export_zip_syncs_and_refreshes_the_window(
    qtbot, make_window, demo_lib, network_zip
):
    window = make_window()
    assert window.wait_idle()
    _drop(window, network_zip)
    answer_demo_question(qtbot, window)
    dialog = window.sync_launcher.sync_dialog
    assert dialog is not None and dialog.isVisible()
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done", dialog.error
    assert demo_lib.source("rtes") is not None
    synced = demo_lib.count_entries(source_id="rtes")
    assert synced > 0
    # The first real source replaces the demo (asked, then the engine's rule); the window followed:
    # sources in the sidebar, the status bar, the list.
    wait_until(
        qtbot,
        lambda: any(
            i.text(0).startswith("RTES")
            for i in window.sidebar._items()
            if i.data(0, Qt.ItemDataRole.UserRole + 1) == ("source", "rtes")
        ),
    )
    assert window.lib_status.sync_label.text().startswith("Dernière synchronisation : ")
    wait_until(qtbot, lambda: all(key.startswith("rtes:") for key in window.result_keys()))
    assert window.results_count() == demo_lib.count_entries()
    dialog.close()


def test_a_bad_file_is_refused_and_nothing_changes(qtbot, make_window, demo_lib, tmp_path):
    window = make_window(search=False)
    bad = tmp_path / "pas-un-export.zip"
    bad.write_bytes(b"ceci n'est pas un zip")
    count = demo_lib.count_entries()
    _drop(window, bad)
    answer_demo_question(qtbot, window)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=30_000)
    assert dialog.state == "failed"
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.error_label.text().strip()
    assert demo_lib.count_entries() == count
    dialog.close()


def test_sync_from_a_file_uses_the_file_dialog(
    qtbot, make_window, demo_lib, network_zip, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    window = make_window(search=False)
    asked = []

    def fake_open(parent, title, folder, filters):
        asked.append((title, filters))
        return str(network_zip), filters

    # The system's file chooser is modal and native: the file the person picks is given
    # at that one boundary; the menu, the sync and the window are real.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    choose_menu_item(qtbot, window, "Fichier", "Synchroniser depuis un fichier…")
    assert asked and "*.zip" in asked[0][1]
    answer_demo_question(qtbot, window)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done"
    assert demo_lib.source("rtes") is not None
    dialog.close()


def test_other_drops_are_ignored(make_window, tmp_path):
    window = make_window(search=False)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text_file))])
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    assert window.sync_launcher.sync_dialog is None
