"""A sync started from the settings (issue 13, item 5): its window is never under
another dialog and can always be cancelled; a source whose first sync failed is kept
with its error, and synced again without typing its address."""

from __future__ import annotations

import socket
import threading

import pytest
from panel_helpers import ExportServer, type_text, write_source_tree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rtes_desktop.core.sync.pending import pending_sources
from rtes_desktop.core.sync.publish import publish
from rtes_desktop.core.sync.signing import generate_keypair, load_public_key_file
from rtes_desktop.gui.sync.source_dialog import SourceDialog


def keep_the_demo_if_asked(qtbot, window) -> None:
    """The first real source asks about the demo (another part of issue 13): keep it."""
    from rtes_desktop.gui.sync.demo_prompt import DemoPrompt

    qtbot.waitUntil(
        lambda: (
            window.sync_launcher.sync_dialog is not None
            or any(
                w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, DemoPrompt)
            )
        )
    )
    for prompt in [w for w in QApplication.topLevelWidgets() if isinstance(w, DemoPrompt)]:
        if prompt.isVisible():
            qtbot.mouseClick(prompt.keep_button, Qt.MouseButton.LeftButton)


def add_source_typing(monkeypatch, address: str) -> None:
    """SourceDialog.exec patched: type the address like a person, press « Enregistrer »."""

    def fake_exec(dialog):
        dialog.location_edit.edit.clear()
        type_text(dialog.location_edit.edit, address)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SourceDialog, "exec", fake_exec)


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: a sync stays in its first read."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def run() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/export/", accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_sync_started_in_the_settings_can_be_clicked_and_cancelled(
    qtbot, make_window, monkeypatch, silent_server
):
    url, accepted = silent_server
    window = make_window(search=False)
    settings = window.open_settings()
    assert QApplication.activeModalWidget() is settings
    add_source_typing(monkeypatch, url)
    qtbot.mouseClick(settings.add_source_button, Qt.MouseButton.LeftButton)
    keep_the_demo_if_asked(qtbot, window)
    launcher = window.sync_launcher
    qtbot.waitUntil(lambda: launcher.sync_dialog is not None and launcher.sync_dialog.isVisible())
    dialog = launcher.sync_dialog
    qtbot.waitUntil(lambda: len(accepted) == 1, timeout=10_000)  # running, blocked in a read
    # Nothing modal above it (before: the settings stayed modal over the sync window).
    assert QApplication.activeModalWidget() is None
    assert dialog.state == "running" and dialog.cancel_button.isVisible()
    with qtbot.waitSignal(dialog.task.cancelled, timeout=10_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.state == "cancelled"


def test_a_failed_first_sync_keeps_the_source_for_a_retry(
    qtbot, make_window, demo_lib, monkeypatch, tmp_path
):
    private, public, _ = generate_keypair(tmp_path / "editeur")
    key = load_public_key_file(public)
    demo_lib.add_trusted_key(key.key_id, key.pem, key.label)
    out = tmp_path / "export"
    out.mkdir()
    server = ExportServer(out)  # nothing published yet: the first sync fails (404)
    try:
        window = make_window(search=False)
        settings = window.open_settings()
        add_source_typing(monkeypatch, server.url)
        qtbot.mouseClick(settings.add_source_button, Qt.MouseButton.LeftButton)
        keep_the_demo_if_asked(qtbot, window)
        qtbot.waitUntil(lambda: window.sync_launcher.sync_dialog is not None)
        dialog = window.sync_launcher.sync_dialog
        qtbot.waitUntil(lambda: dialog.state == "failed", timeout=20_000)
        window.jobs.wait_idle(10.0)
        (kept,) = pending_sources(demo_lib)
        assert kept["url"] == server.url and kept["error"] == dialog.error_label.text()
        dialog.accept()

        # The publisher publishes; the user retries from the settings, typing nothing.
        publish(write_source_tree(tmp_path / "src", 3), out, key=private)
        settings = window.open_settings()
        row = next(
            i
            for i in range(settings.sources_list.count())
            if server.url in settings.sources_list.item(i).text()
        )
        assert "pas encore synchronisée" in settings.sources_list.item(row).text()
        settings.sources_list.setCurrentRow(row)
        assert settings.sync_source_button.isEnabled()
        with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
            qtbot.mouseClick(settings.sync_source_button, Qt.MouseButton.LeftButton)
        window.jobs.wait_idle(10.0)
        assert pending_sources(demo_lib) == []
        assert any(s.url == server.url for s in demo_lib.sources())
        dialog.accept()
    finally:
        server.stop()
