"""« Annuler » in the sync dialog while the server accepts and never answers (issue 9,
item 5): the blocked read is interrupted, the library unchanged, sync.lock released."""

from __future__ import annotations

import socket
import threading

from panel_helpers import snapshot
from PySide6.QtCore import Qt

from rtes_desktop.core.paths import InstanceLock
from rtes_desktop.gui.sync.sync_dialog import SyncDialog

pytest_plugins = ["conftest_panels"]


def test_cancel_interrupts_a_server_that_never_answers(qtbot, empty_library, jobs):
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept_and_say_nothing() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_say_nothing, daemon=True)
    thread.start()
    try:
        before = snapshot(empty_library)
        dialog = SyncDialog(empty_library, jobs)
        qtbot.addWidget(dialog)
        task = dialog.start(f"http://127.0.0.1:{listener.getsockname()[1]}/export/")
        qtbot.waitUntil(lambda: len(accepted) == 1, timeout=10_000)  # blocked in its read
        # The default deadlines wait 30 s for a first byte: only the cancel can be this quick.
        with qtbot.waitSignal(task.cancelled, timeout=10_000):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.summary_label.text() == (
            "Synchronisation annulée : la bibliothèque n'a pas été modifiée."
        )
        assert snapshot(empty_library) == before
        lock = InstanceLock(empty_library.folder, "sync.lock")
        lock.acquire()  # free again: another sync can start
        lock.release()
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
