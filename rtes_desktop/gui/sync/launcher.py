"""Starting a sync from the window: every configured source (F5), an address or a
.zip chosen or dropped. One `SyncDialog` is kept and shows the sync running;
`synced` says the library changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import demo_would_be_removed, keep_demo
from rtes_desktop.core.sync.pending import remove_pending, set_pending_error
from rtes_desktop.core.sync.report import SyncReport
from rtes_desktop.gui.common.jobs import Jobs
from rtes_desktop.gui.sync.demo_prompt import KEEP, DemoPrompt, ask_about_demo
from rtes_desktop.gui.sync.sync_dialog import SyncDialog, choose_sync_location


class SyncLauncher(QObject):
    """Opens the sync dialog over `parent`; never blocks it."""

    synced = Signal(object)  # the SyncReport list (or None: a source was removed)
    news_wanted = Signal(int)  # show what the syncs after this sync id brought

    def __init__(self, library: Library, jobs: Jobs, search: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.search = search  # the window's SearchService: the sync catches it up
        self.parent_widget = parent
        self.sync_dialog: SyncDialog | None = None
        self.waiting: tuple[str | None, bool] | None = None  # until a modal dialog closes
        self.demo_prompt: DemoPrompt | None = None
        self._news_after = 0  # the last sync logged before this one started

    def sync_now(self) -> None:
        """F5: every configured source; with none yet, ask where from."""
        if any(src.url and not src.is_demo for src in self.library.sources()):
            self.start_sync(None)
            return
        location = choose_sync_location(self.parent_widget)
        if location:
            self.start_sync(location)

    def sync_from_file(self) -> None:
        """« Synchroniser depuis un fichier… »: a .zip export (a USB key, say)."""
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget,
            self.tr("Synchroniser depuis un fichier"),
            str(Path.home()),
            self.tr("Exports RTES (*.zip);;Tous les fichiers (*)"),
        )
        if path:
            self.start_sync(path)

    def start_sync(self, location: str | None, allow_unsigned: bool = False) -> None:
        """Open the sync dialog on `location` (None: every configured source). When
        this first real sync would remove the demo, ask first (keep it, or not).

        While another modal dialog is open (the settings), the sync waits for it to
        close: under a modal dialog the sync window could be neither clicked nor
        cancelled, and stayed behind the main window afterwards (issue 13)."""
        if self.demo_prompt is not None:
            return  # already asking
        blocker = self._modal_over_window()
        if blocker is not None:
            self.waiting = (location, allow_unsigned)
            blocker.finished.connect(self._start_waiting, Qt.ConnectionType.QueuedConnection)
            return
        if demo_would_be_removed(self.library) and not (
            self.sync_dialog is not None and self.sync_dialog.state == "running"
        ):

            def answered(answer: str | None) -> None:
                self.demo_prompt = None
                if answer is None:
                    return  # « Annuler »: nothing synced, nothing changed
                if answer == KEEP:  # remembered before the sync starts (and reads it)
                    library = self.library
                    self.jobs.write(lambda: keep_demo(library), label="keep demo").on_done(
                        lambda _r: self._start(location, allow_unsigned)
                    )
                    return
                self._start(location, allow_unsigned)

            # Over the dialog that asked for the sync (Settings), if any: a question
            # parented to the window would be blocked behind a window-modal dialog.
            over = QApplication.activeModalWidget() or self.parent_widget
            self.demo_prompt = ask_about_demo(over, answered)
            return
        self._start(location, allow_unsigned)

    def _start(self, location: str | None, allow_unsigned: bool) -> None:
        if self.sync_dialog is None or self.sync_dialog.state != "running":
            self._news_after = self.library.last_sync_id()
        if self.sync_dialog is None:
            self.sync_dialog = SyncDialog(
                self.library, self.jobs, self.parent_widget, search=self.search
            )
            self.sync_dialog.sync_finished.connect(self._finished)
            self.sync_dialog.sync_failed.connect(self._failed)
            self.sync_dialog.news_requested.connect(lambda: self.news_wanted.emit(self._news_after))
        self.sync_dialog.start(location, allow_unsigned)
        # Non-modal, above the window: the window stays usable, « Annuler » reachable.
        self.sync_dialog.show()
        self.sync_dialog.raise_()
        self.sync_dialog.activateWindow()

    def _modal_over_window(self) -> QDialog | None:
        """The modal dialog that blocks this window now (the settings, say), if any."""
        blocker = QApplication.activeModalWidget()
        if not isinstance(blocker, QDialog) or blocker is self.sync_dialog:
            return None
        if not blocker.isVisible():
            return None
        if blocker.windowModality() == Qt.WindowModality.ApplicationModal:
            return blocker
        window = self.parent_widget.window()
        parent = blocker.parentWidget()
        while parent is not None:  # window-modal over this window (or over its dialogs)
            if parent.window() is window:
                return blocker
            parent = parent.parentWidget()
        return None

    def _start_waiting(self, _result: int = 0) -> None:
        if self.waiting is not None:
            location, allow_unsigned = self.waiting
            self.waiting = None
            self.start_sync(location, allow_unsigned)

    def _finished(self, reports: Any) -> None:
        location = self.sync_dialog.location if self.sync_dialog else None
        if location:  # a first sync that worked: the source is a real one now
            self.jobs.write(lambda: remove_pending(self.library, location))
        self.synced.emit(reports)

    def _failed(self, location: str, sentence: str) -> None:
        if location:  # kept, with why, for « Synchroniser » in the settings
            self.jobs.write(lambda: set_pending_error(self.library, location, sentence))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Installed on the window: a .zip export dragged onto it is synced."""
        if event.type() == QEvent.Type.DragEnter:
            if dropped_zip(event):
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            path = dropped_zip(event)
            if path:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.start_sync(path)
                return True
        return super().eventFilter(watched, event)


def summary_of(reports: list[SyncReport] | None) -> str:
    """« 12 nouvelles fiches, 3 mises à jour » for the reports of a sync."""
    return " ; ".join(r.summary_fr() for r in reports or [])


def dropped_zip(event: Any) -> str | None:
    """The local .zip file a drag brings, if any (what the window accepts)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip"):
            return url.toLocalFile()
    return None
