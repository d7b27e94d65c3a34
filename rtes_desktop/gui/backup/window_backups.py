"""The window's part for the user's own data: the three « Fichier » commands
(restore a backup, export, import), the automatic backup during the session, and
the bar that explains a recovery at start.

It receives what it uses — the library, the job runner, `say(sentence)` for the
status bar and `sync_now()` for « Synchroniser maintenant » — and the window
places `bar` over its central area. `changed()` once a restore or an import
changed notes, tags or sessions: the window reloads what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.gui.backup.import_dialog import (
    ImportPreviewDialog,
    default_export_name,
    export_to,
)
from rtes_desktop.gui.backup.restore_dialog import RestoreDialog
from rtes_desktop.gui.backup.upkeep import BackupUpkeep, RecoveryBar
from rtes_desktop.gui.common.jobs import Jobs


class WindowBackups(QObject):
    """Restore, export, import; the automatic backup; the recovery bar."""

    changed = Signal()

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        parent: QWidget,
        say: Callable[[str], None],
        sync_now: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.parent_widget = parent
        self.say = say
        self.restore_dialog: RestoreDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.bar = RecoveryBar()
        self.bar.sync_requested.connect(sync_now)
        self.upkeep = BackupUpkeep(library, jobs, say, self)

    def start(self) -> None:
        """The hourly check of the automatic backup (the first run of the window)."""
        self.upkeep.start()

    def show_recovery(self, sentence: str) -> None:
        """The sentence `open_or_recover` returned, once, over the window."""
        self.bar.show_message(sentence)

    def after_sync(self) -> None:
        """A sync may have changed what personal data refers to: back up if due."""
        self.upkeep.check()

    # -- the « Fichier » commands -----------------------------------------------------------

    def restore(self) -> RestoreDialog:
        """« Restaurer une sauvegarde… »"""
        if self.restore_dialog is not None and self.restore_dialog.isVisible():
            self.restore_dialog.raise_()
            return self.restore_dialog
        self._drop(self.restore_dialog)
        dialog = RestoreDialog(self.library, self.jobs, self.parent_widget)
        dialog.restored.connect(lambda _r: self.changed.emit())
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def export_data(self, path: str | None = None) -> None:
        """« Exporter mes données… »: asks where (a dated .json), then writes it."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.parent_widget,
                self.tr("Exporter mes données"),
                str(Path.home() / default_export_name()),
                self.tr("Données personnelles RTES (*.json);;Tous les fichiers (*)"),
            )
        if path:
            self.say(self.tr("Export de vos données…"))
            export_to(self.library, path, self.jobs, self.say)

    def import_data(self, path: str | None = None) -> ImportPreviewDialog | None:
        """« Importer mes données… »: asks which file, then previews it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.parent_widget,
                self.tr("Importer mes données"),
                str(Path.home()),
                self.tr("Données personnelles RTES (*.json);;Tous les fichiers (*)"),
            )
        if not path:
            return None
        self._drop(self.import_dialog)
        dialog = ImportPreviewDialog(self.library, path, self.jobs, self.parent_widget)
        dialog.imported.connect(lambda _r: self.changed.emit())
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def stop(self) -> None:
        self.upkeep.stop()

    @staticmethod
    def _drop(dialog: Any) -> None:
        # Not WA_DeleteOnClose: a dialog closed while its file is read still gets the
        # answer; the previous one goes when the next opens, idle by then or not shown.
        if dialog is not None and not dialog.isVisible() and not getattr(dialog, "busy", False):
            dialog.deleteLater()
