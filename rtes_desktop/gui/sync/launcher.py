"""The dialogs that change the library: sync (from the sources, a URL, a .zip chosen
or dropped), settings, tag management. They come from their own modules, loaded
when present; this object opens them and says, by signals, what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.gui.common.integrations import optional
from rtes_desktop.gui.common.jobs import Jobs


class LibraryDialogs(QObject):
    """Opens sync, settings and tag dialogs over `window`; never blocks it."""

    synced = Signal(object)  # the SyncReport list (or None: a source was removed)
    settings_changed = Signal()
    tags_changed = Signal()
    unavailable = Signal(str)  # one sentence: this build lacks that dialog

    def __init__(self, library: Library, jobs: Jobs, search: Any, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self.jobs = jobs
        self.search = search
        self.window = window
        self.sync_dialog: Any = None

    # -- sync --------------------------------------------------------------------------

    def sync_now(self) -> None:
        """F5: every configured source; with none yet, ask where from."""
        if any(src.url and not src.is_demo for src in self.library.sources()):
            self.start_sync(None)
            return
        choose = optional("sync.sync_dialog", "choose_sync_location")
        if choose is None:
            self.sync_from_file()
            return
        location = choose(self.window)
        if location:
            self.start_sync(location)

    def sync_from_file(self) -> None:
        """« Synchroniser depuis un fichier… »: a .zip export (a USB key, say)."""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Synchroniser depuis un fichier"),
            str(Path.home()),
            self.tr("Exports RTES (*.zip);;Tous les fichiers (*)"),
        )
        if path:
            self.start_sync(path)

    def start_sync(self, location: str | None, allow_unsigned: bool = False) -> None:
        """Open the sync dialog on `location` (None: every configured source)."""
        dialog_cls = optional("sync.sync_dialog", "SyncDialog")
        if dialog_cls is None:
            self.unavailable.emit(
                self.tr("La synchronisation n’est pas disponible dans cette version.")
            )
            return
        if self.sync_dialog is None:
            # The dialog catches the index up itself, through the window's service.
            self.sync_dialog = dialog_cls(self.library, self.jobs, self.window, search=self.search)
            self.sync_dialog.sync_finished.connect(self.synced.emit)
        self.sync_dialog.start(location, allow_unsigned)
        if not self.sync_dialog.isVisible():
            self.sync_dialog.open()

    # -- settings, tags -------------------------------------------------------------------

    def open_settings(self, tab: str | None = None) -> None:
        dialog_cls = optional("settings.settings_dialog", "SettingsDialog")
        if dialog_cls is None:
            self.unavailable.emit(
                self.tr("Les paramètres ne sont pas disponibles dans cette version.")
            )
            return
        dialog = dialog_cls(self.library, self.jobs, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "settings_changed"):
            dialog.settings_changed.connect(self.settings_changed.emit)
        if hasattr(dialog, "sync_requested"):  # a source was added: sync it now
            dialog.sync_requested.connect(lambda location: self.start_sync(location))
        if hasattr(dialog, "library_changed"):  # a source (or the demo) was removed
            dialog.library_changed.connect(lambda: self.synced.emit(None))
        dialog.open()
        if tab == "sources" and hasattr(dialog, "add_source"):
            # « Ajouter la source du réseau… »: straight to the address field.
            QTimer.singleShot(0, dialog.add_source)

    def manage_tags(self) -> None:
        dialog_cls = optional("notes.tag_editor", "ManageTagsDialog")
        if dialog_cls is None:
            self.unavailable.emit(
                self.tr("La gestion des tags n’est pas disponible dans cette version.")
            )
            return
        dialog = dialog_cls(self.library, self.jobs, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.tags_changed.emit())
        dialog.open()


def summary_of(reports: Any) -> str:
    """« 12 nouvelles fiches, 3 mises à jour » for one report or a list of them."""
    items = reports if isinstance(reports, list) else [reports]
    return " ; ".join(r.summary_fr() for r in items if hasattr(r, "summary_fr"))


def dropped_zip(event: Any) -> str | None:
    """The local .zip file a drag brings, if any (what the window accepts)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip"):
            return url.toLocalFile()
    return None
