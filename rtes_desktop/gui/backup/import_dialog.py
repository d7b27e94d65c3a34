"""« Importer mes données… » and « Exporter mes données… »: moving one's notes,
tags and sessions to another computer.

The import dialog first runs the core's dry run (the very merge, rolled back) and
says what would be added; « Importer » then merges for real. A refused file is
said in one sentence, and nothing is changed. The dry run and the import go on
the job runner's write lane (the dry run is the merge in a transaction rolled
back: it takes the write lock too), the export on the long lane (a read).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.library import Library
from rtes_desktop.core.personal_data import ImportReport, export_personal, import_personal
from rtes_desktop.gui.backup.restore_dialog import ERROR_STYLE, counts_text, error_text
from rtes_desktop.gui.common.i18n import format_count
from rtes_desktop.gui.common.jobs import LONG, WRITE, Jobs


def default_export_name(today: date | None = None) -> str:
    """« rtes-mes-donnees-2026-12-02.json »: the date tells two exports apart."""
    return f"rtes-mes-donnees-{(today or date.today()).isoformat()}.json"


def report_lines(report: ImportReport) -> list[str]:
    """What an import adds (or would add), one line per kind, in the interface language."""

    notes = format_count(
        report.notes,
        QCoreApplication.translate("ImportDialog", "note"),
        QCoreApplication.translate("ImportDialog", "notes"),
    )
    if report.conflicts:
        notes += QCoreApplication.translate(
            "ImportDialog",
            " (dont {0} modifiée(s) des deux côtés : les deux versions sont gardées)",
        ).format(report.conflicts)
    lines = [
        notes,
        QCoreApplication.translate("ImportDialog", "{0}, posés {1} fois").format(
            format_count(
                report.tags,
                QCoreApplication.translate("ImportDialog", "tag"),
                QCoreApplication.translate("ImportDialog", "tags"),
            ),
            report.tag_links,
        ),
        QCoreApplication.translate("ImportDialog", "{0} ({1} éléments)").format(
            format_count(
                report.sessions,
                QCoreApplication.translate("ImportDialog", "session"),
                QCoreApplication.translate("ImportDialog", "sessions"),
            ),
            report.session_items,
        ),
    ]
    if report.settings:
        lines.append(
            format_count(
                len(report.settings),
                QCoreApplication.translate("ImportDialog", "réglage"),
                QCoreApplication.translate("ImportDialog", "réglages"),
            )
        )
    if report.sources:
        lines.append(
            QCoreApplication.translate("ImportDialog", "sources : {0}").format(
                ", ".join(report.sources)
            )
        )
    if report.keys:
        lines.append(
            format_count(
                len(report.keys),
                QCoreApplication.translate("ImportDialog", "clé de confiance"),
                QCoreApplication.translate("ImportDialog", "clés de confiance"),
            )
        )
    return lines


class ImportPreviewDialog(QDialog):
    """Opens on a chosen file: reads it (dry run), shows what it would add, imports
    on « Importer ». `imported(ImportReport)` once the library changed."""

    imported = Signal(object)

    def __init__(
        self, library: Library, path: Path | str, jobs: Jobs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.path = Path(path)
        self.jobs = jobs
        self.busy = True
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Importer mes données"))
        self.setAccessibleName(self.tr("Importer mes données"))
        self.resize(560, 320)

        self.file_label = QLabel(self.tr("Fichier : {0}").format(self.path))
        self.file_label.setWordWrap(True)
        self.summary = QLabel(self.tr("Lecture du fichier…"))
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary.setAccessibleName(self.tr("Ce que l’import ajoutera"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(
            self.tr(
                "L’import ajoute seulement ce qui manque : rien n’est remplacé ni supprimé. "
                "Une sauvegarde de l’état actuel est prise juste avant."
            )
        )
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.import_button = QPushButton(self.tr("Importer"))
        self.import_button.setAccessibleName(self.tr("Importer ces données"))
        self.import_button.clicked.connect(lambda _c=False: self.start_import())
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(
            self.tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._update_buttons()
        library_, path_ = library, self.path
        self.jobs.run(
            lambda _p, _c: import_personal(library_, path_, dry_run=True),
            lane=WRITE,
            label="import-preview",
        ).on_done(self._previewed).on_error(self._failed)

    def summary_text(self) -> str:
        """What the dialog says, as plain text (tests, accessibility)."""
        return self.summary.text()

    def _previewed(self, report: ImportReport) -> None:
        self.busy = False
        self.report = report
        if report.empty:
            self._show(
                self.tr(
                    "Rien à ajouter : tout ce que contient ce fichier est déjà dans la "
                    "bibliothèque."
                )  # fmt: skip
            )
            self.close_button.setText(self.tr("Fermer"))
        else:
            self._show_lines(self.tr("Seront ajoutés à votre bibliothèque :"), report)
        self._update_buttons()

    def start_import(self) -> None:
        """Merge the file for real (off the GUI thread)."""
        if self.report is None or self.report.empty or self.busy:
            return
        self.busy = True
        self._update_buttons()
        self._show(self.tr("Import en cours…"))
        library, path = self.library, self.path
        self.jobs.run(
            lambda _p, _c: import_personal(library, path), lane=WRITE, label="import"
        ).on_done(self._imported).on_error(self._failed)

    def _imported(self, report: ImportReport) -> None:
        self.busy = False
        self.report = None  # done: nothing more to import from this dialog
        self._show_lines(self.tr("Importé dans votre bibliothèque :"), report)
        self.import_button.hide()
        self.close_button.setText(self.tr("Fermer"))
        self._update_buttons()
        self.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.report = None
        self._show(error_text(exc), error=True)
        self.note.hide()  # nothing was changed: the promise about the import is moot
        self.close_button.setText(self.tr("Fermer"))
        self._update_buttons()

    def _show_lines(self, heading: str, report: ImportReport) -> None:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in report_lines(report))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("")
        self.summary.setText(f"<p>{html.escape(heading)}</p><ul>{items}</ul>")

    def _show(self, text: str, error: bool = False) -> None:
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(ERROR_STYLE if error else "")
        self.summary.setText(text)

    def _update_buttons(self) -> None:
        ready = self.report is not None and not self.report.empty
        self.import_button.setEnabled(ready and not self.busy)
        self.close_button.setEnabled(not self.busy or self.report is None)

    def reject(self) -> None:
        if self.busy and self.report is not None:
            return  # the import is running: its result must have somewhere to go
        super().reject()


def export_summary(path: Path | str, counts: dict[str, int]) -> str:
    """« 3 notes, 1 tag, 0 session exportés dans /home/…/x.json »."""
    return QCoreApplication.translate("ImportDialog", "{0} exportés dans {1}").format(
        counts_text(counts["notes"], counts["tags"], counts["sessions"]), path
    )


def export_to(library: Library, path: Path | str, jobs: Jobs, say: Callable[[str], None]) -> None:
    """Write the export file off the GUI thread; `say(sentence)` tells how it went."""
    target = Path(path)
    if target.suffix.lower() != ".json":
        target = target.with_name(target.name + ".json")
    jobs.run(lambda _p, _c: export_personal(library, target), lane=LONG, label="export").on_done(
        lambda counts: say(export_summary(target, counts))
    ).on_error(lambda exc: say(error_text(exc)))
