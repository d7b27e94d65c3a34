"""A note survives the application being killed: the autosave (no flush, no close)
writes it for good. The parent kills the child as soon as the write lane says the
save landed, so nothing but the autosave itself can have written it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from rtes_desktop.core.library import Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from rtes_desktop.core.library import Library
    from rtes_desktop.gui.common.jobs import Jobs
    from rtes_desktop.gui.notes.notes_panel import NotesPanel

    app = QApplication([])
    library = Library.open(sys.argv[1])
    panel = NotesPanel(library, Jobs())
    panel.show()
    panel.set_entry(None)
    text = "Réunion du club régional : relancer la SCIC"

    def type_all():
        panel.editor.setFocus()
        for ch in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                ev = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
                QApplication.sendEvent(panel.editor, ev)
        print("typed", flush=True)
        # The next notes_changed is the autosave's write, delivered from the write
        # lane once on disk: the parent kills us when it reads « saved ».
        panel.notes_changed.connect(saved, Qt.ConnectionType.SingleShotConnection)
        # A broken autosave must fail the test, not hang it.
        QTimer.singleShot(30_000, lambda: print("not saved", flush=True))

    def saved(_key):
        print("saved", panel.status_label.text(), flush=True)

    def created(_key):
        QTimer.singleShot(0, type_all)

    panel.notes_changed.connect(created, Qt.ConnectionType.SingleShotConnection)
    panel.new_note()
    app.exec()
    """
)


def test_typing_survives_a_kill(tmp_path):
    folder = tmp_path / "data"
    Library.open(folder).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "typed"
        assert child.stdout.readline().strip() == "saved Enregistrée"
        child.send_signal(signal.SIGKILL)  # no close, no flush, no goodbye
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    library = Library.open(folder)
    try:
        bodies = [n.body for n in library.notes(None, free_only=True)]
    finally:
        library.close()
    assert bodies == ["Réunion du club régional : relancer la SCIC"]
