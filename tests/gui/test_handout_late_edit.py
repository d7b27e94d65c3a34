"""A note edit still queued on the write lane when the handout is gathered is in it:
the export (chosen file) and Ctrl+P's preview read the library only once the writes
queued before them have landed, and say they wait meanwhile."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from window_helpers import save_as, wait_until

from rtes_desktop.core.session_view import add_entry, add_free_note

EDIT = "Tour de table\nChacun cite un projet de son territoire"


@pytest.fixture
def hold_writes() -> Iterator[Any]:
    """Occupy a window's write lane (as a write waiting for SQLite's lock while a sync
    applies would) until the returned event is set; always released at the end."""
    releases: list[threading.Event] = []

    def hold(jobs: Any) -> threading.Event:
        started, release = threading.Event(), threading.Event()
        releases.append(release)

        def wait() -> None:
            started.set()
            release.wait(30)

        jobs.write(wait, "held")
        assert started.wait(5)
        return release

    yield hold
    for release in releases:
        release.set()


def _session_window(qtbot: Any, make_window: Any, demo_lib: Any) -> tuple[Any, Any]:
    session = demo_lib.create_session("Atelier SIEG")
    add_entry(demo_lib, session.id, "points-repere-sieg")
    note = add_free_note(demo_lib, session.id, "Tour de table")
    window = make_window(search=False)
    window.actions_.my_sessions.trigger()
    wait_until(qtbot, lambda: window.sessions_view.current_session_id == session.id)
    return window, note


def _status(window: Any) -> str:
    return window.statusBar().currentMessage()


def test_an_edit_still_queued_is_in_the_exported_markdown(
    qtbot, make_window, demo_lib, tmp_path, hold_writes
):
    window, note = _session_window(qtbot, make_window, demo_lib)
    window.actions_.export_pdf.trigger()
    ctl = window.handout
    wait_until(qtbot, lambda: ctl.dialog is not None and ctl.dialog.isVisible())
    box = ctl.dialog.format_box
    box.setCurrentIndex(box.findData("markdown"))
    qtbot.mouseClick(ctl.dialog.export_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: ctl.file_dialog is not None and ctl.file_dialog.isVisible())
    # The note is edited while an earlier write still waits: the edit is queued.
    release = hold_writes(window.jobs)
    window.jobs.write(lambda: demo_lib.update_note(note.id, EDIT), "note")
    target = tmp_path / "atelier.md"
    save_as(qtbot, ctl, target)
    # The export says it waits for the edit (without the fix, it is written without it).
    wait_until(qtbot, lambda: "attente" in _status(window) or "Support écrit" in _status(window))
    release.set()
    wait_until(qtbot, lambda: "Support écrit" in _status(window))
    text = target.read_text(encoding="utf-8")
    assert "Atelier SIEG" in text
    assert "Chacun cite un projet de son territoire" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")
def test_ctrl_p_previews_an_edit_still_queued(
    qtbot, make_window, demo_lib, tmp_path, hold_writes, monkeypatch
):
    printed = tmp_path / "apercu.pdf"
    previews: list[str] = []

    def fake_exec(dialog: QPrintPreviewDialog) -> int:
        # What the preview shows, painted into a PDF to read it back.
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        dialog.paintRequested.emit(printer)
        previews.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window, note = _session_window(qtbot, make_window, demo_lib)
    release = hold_writes(window.jobs)
    window.jobs.write(lambda: demo_lib.update_note(note.id, EDIT), "note")
    window.actions_.print_.trigger()
    wait_until(qtbot, lambda: "attente" in _status(window) or previews)
    release.set()
    wait_until(qtbot, lambda: previews)
    assert previews == ["Aperçu avant impression — Atelier SIEG"]
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True).stdout
    assert "Chacun cite un projet de son territoire" in " ".join(text.split())
