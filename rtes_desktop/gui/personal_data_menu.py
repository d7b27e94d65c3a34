"""The three « Fichier » commands about the user's own data: restore a backup,
export it, import it. Opens the dialogs over `parent`; `changed()` once a restore
or an import changed notes, tags or sessions (the window reloads its views)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.gui.backup_dialogs import RestoreDialog, Run
from rtes_desktop.gui.import_dialog import ImportPreviewDialog, default_export_name, export_to


class PersonalDataMenu(QObject):
    """Restore, export, import: each receives the library, `run` and `say`."""

    changed = Signal()

    def __init__(
        self, library: Library, run: Run, parent: QWidget, say: Callable[[str], None]
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.run = run
        self.parent_widget = parent
        self.say = say
        self.restore_dialog: RestoreDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None

    def restore(self) -> RestoreDialog:
        """« Restaurer une sauvegarde… »"""
        if self.restore_dialog is not None and self.restore_dialog.isVisible():
            self.restore_dialog.raise_()
            return self.restore_dialog
        self._drop(self.restore_dialog)
        dialog = RestoreDialog(self.library, self.run, self.parent_widget)
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
            export_to(self.library, path, self.run, self.say)

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
        dialog = ImportPreviewDialog(self.library, path, self.run, self.parent_widget)
        dialog.imported.connect(lambda _r: self.changed.emit())
        self.import_dialog = dialog
        dialog.open()
        return dialog

    @staticmethod
    def _drop(dialog: Any) -> None:
        # Not WA_DeleteOnClose: a dialog closed while its file is read still gets the
        # answer; the previous one goes when the next opens, idle by then or not shown.
        if dialog is not None and not dialog.isVisible() and not getattr(dialog, "busy", False):
            dialog.deleteLater()
