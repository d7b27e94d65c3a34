"""Sync in the window: progress, the current step, « Annuler », and the result in French.

The sync engine runs on the runner's long lane; it applies an export entirely or
not at all, so « Annuler » (or a failure) leaves the library as it was. Then the
search index catches up with what changed (a failure there is logged, never
fatal: the index is rebuilt from SQLite on next open).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.index_upkeep import catch_up_quietly
from rtes_desktop.core.library import Library
from rtes_desktop.core.sync.report import Phase, Progress
from rtes_desktop.gui.common.i18n import format_bytes
from rtes_desktop.gui.common.jobs import LONG, Job, Jobs
from rtes_desktop.gui.sync.source_dialog import LocationEdit, check_location

log = logging.getLogger(__name__)


def error_sentence(exc: BaseException) -> str:
    """An RtesError as one sentence: « Reason (file). » The file is never capitalised."""
    message = str(exc)
    path = getattr(exc, "path", None)
    if path and message.startswith(f"{path} : "):
        reason = message[len(path) + 3 :].rstrip(". ")
        return _sentence(f"{reason} ({path})")
    return _sentence(message)


def _sentence(message: str) -> str:
    """A core message (« signature manquante : … ») as a sentence: capital, full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?", "…")) else message + "."


class SyncDialog(QDialog):
    """Runs a sync and shows it. `start(location)` (None: every configured source).

    `sync_finished(reports)` carries the list of `SyncReport` (one per source)
    once the sync was applied; `sync_failed(location, sentence)` after a failure
    (location "" for every source); neither on cancel. Cancel and failure change
    nothing. `state` is "idle", "running", "done", "failed" or "cancelled".
    """

    sync_finished = Signal(object)
    sync_failed = Signal(str, str)
    news_requested = Signal()  # « Voir les nouveautés » after a sync that brought some

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        parent: QWidget | None = None,
        *,
        search: Any = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.search = search  # the window's SearchService (thread-safe), or None
        self.task: Job | None = None
        self.location: str | None = None
        self.state = "idle"
        self.reports: list[Any] = []
        self.error: BaseException | None = None
        self._phases = {
            Phase.MANIFEST: self.tr("Lecture du manifeste"),
            Phase.DOWNLOAD: self.tr("Téléchargement des fiches"),
            Phase.ATTACHMENTS: self.tr("Téléchargement des pièces jointes"),
            Phase.ATTACHMENT: self.tr("Téléchargement de la pièce jointe"),
            Phase.APPLY: self.tr("Application des changements"),
            Phase.DONE: self.tr("Terminé"),
            Phase.INDEX: self.tr("Mise à jour de l'index de recherche"),
        }
        self.setWindowTitle(self.tr("Synchronisation"))
        self.setAccessibleName(self.tr("Synchronisation"))
        self.setMinimumWidth(460)
        self._build()

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.phase_label = QLabel()
        self.phase_label.setAccessibleName(self.tr("Étape en cours"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Avancement de la synchronisation"))
        self.bar.setTextVisible(True)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Fiches et octets reçus"))

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("Résultat de la synchronisation"))
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setAccessibleName(self.tr("Avertissements"))
        self.warnings_label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
        )
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Erreur"))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Détails"))
        self.details_button.setAccessibleName(self.tr("Afficher les détails de l'erreur"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Détails de l'erreur"))
        self.details.setMaximumHeight(140)

        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setAccessibleName(self.tr("Annuler la synchronisation"))
        self.cancel_button.clicked.connect(self.cancel)
        self.news_button = QPushButton(self.tr("Voir les nouveautés"))
        self.news_button.setObjectName("newsButton")
        self.news_button.setToolTip(
            self.tr("Les fiches nouvelles et mises à jour par cette synchronisation")
        )
        self.news_button.clicked.connect(self._show_news)
        self.close_button = QPushButton(self.tr("Fermer"))
        self.close_button.setAccessibleName(self.tr("Fermer"))
        self.close_button.clicked.connect(self.accept)
        buttons = QDialogButtonBox()
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.news_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)

        details_row = QHBoxLayout()
        details_row.addWidget(self.details_button)
        details_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.error_label)
        layout.addLayout(details_row)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._set_visible(result=False, error=False)

    # -- running -------------------------------------------------------------------

    def start(self, location: str | None, allow_unsigned: bool = False) -> Job:
        """Sync `location` (URL, .zip or folder), or every configured source (None)."""
        if self.state == "running" and self.task is not None:
            return self.task
        library, search = self.library, self.search
        self.state, self.reports, self.error = "running", [], None
        self.location = location
        if location is None:
            self.title_label.setText(self.tr("Synchronisation de toutes les sources"))
        else:
            self.title_label.setText(
                self.tr("Synchronisation depuis {where}").format(where=location)
            )
        self.phase_label.setText(self.tr("Préparation…"))
        self.bar.setRange(0, 0)  # busy until the engine knows the totals
        self.count_label.clear()
        self._set_visible(result=False, error=False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Annuler"))

        def job(progress: Any, cancel: Any) -> list[Any]:
            from rtes_desktop.core.sync.engine import sync_all, sync_source

            if location is None:
                reports = sync_all(
                    library, allow_unsigned=allow_unsigned, progress=progress, cancel=cancel
                )
            else:
                reports = [
                    sync_source(
                        library,
                        location,
                        allow_unsigned=allow_unsigned,
                        progress=progress,
                        cancel=cancel,
                    )
                ]
            progress(Progress(Phase.INDEX))
            catch_up_quietly(library, search)
            return reports

        task = (
            self.jobs.run(job, lane=LONG, label="sync")
            .on_progress(self._on_progress)
            .on_done(self._on_finished)
            .on_error(self._on_failed)
            .on_cancel(self._on_cancelled)
        )
        self.task = task
        if not self.isVisible():
            self.show()
        self.cancel_button.setFocus()
        return task

    def cancel(self) -> None:
        """Stop the sync: the library stays exactly as it was."""
        if self.state != "running" or self.task is None:
            return
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Annulation…"))
        self.phase_label.setText(self.tr("Annulation en cours…"))

    def _on_progress(self, p: Progress) -> None:
        if p.phase is Phase.INDEX:
            # Applied already: cancelling now would undo nothing.
            self.cancel_button.setEnabled(False)
            self.phase_label.setText(self._phases[Phase.INDEX])
            self.bar.setRange(0, 0)
            self.count_label.clear()
            return
        if self.cancel_button.isEnabled():
            self.phase_label.setText(self._phases[p.phase])
        done, total, bytes_done, bytes_total = p.done, p.total, p.bytes_done, p.bytes_total
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        elif bytes_total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, bytes_done * 1000 // bytes_total))
        else:
            self.bar.setRange(0, 0)
        parts = []
        if total > 0:
            parts.append(self.tr("{done} sur {total}").format(done=done, total=total))
        if bytes_total > 0:
            parts.append(
                self.tr("{done} sur {total}").format(
                    done=format_bytes(bytes_done), total=format_bytes(bytes_total)
                )
            )
        elif bytes_done > 0:
            parts.append(format_bytes(bytes_done))
        self.count_label.setText(" · ".join(parts))

    def _on_finished(self, reports: list[Any]) -> None:
        self.state = "done"
        self.reports = list(reports)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.phase_label.setText(self.tr("Terminé"))
        self.count_label.clear()
        lines, warnings, failed = [], [], False
        for report in self.reports:
            text = self.summary(report)
            if len(self.reports) > 1:
                text = f"{report.source_id} : {text}"
            failed = failed or bool(getattr(report, "error", None))
            lines.append(text)
            warnings.extend(_sentence(w) for w in report.warnings)
        if not self.reports:
            lines.append(
                self.tr(
                    "Aucune source à synchroniser : ajoutez l'adresse de votre réseau dans les "
                    "paramètres, ou choisissez une exportation (.zip ou dossier)."
                )
            )
        self.summary_label.setText("\n".join(lines))
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self._set_visible(result=True, error=False)
        self.warnings_label.setVisible(bool(warnings))
        self.news_button.setVisible(any(r.new or r.updated for r in self.reports))
        if failed:
            self.summary_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.close_button.setFocus()
        self.sync_finished.emit(self.reports)

    def _on_failed(self, exc: BaseException) -> None:
        self.state, self.error = "failed", exc
        if isinstance(exc, RtesError):
            message = error_sentence(exc)
        else:
            message = self.tr(
                "Une erreur inattendue a interrompu la synchronisation ; la bibliothèque n'a pas "
                "été modifiée."
            )
        self.error_label.setText(message)
        self.details.setPlainText(self._details_text(exc))
        self.phase_label.setText(self.tr("Échec"))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self._set_visible(result=False, error=True)
        self.close_button.setFocus()
        self.sync_failed.emit(self.location or "", message)

    def _on_cancelled(self) -> None:
        self.state = "cancelled"
        self.phase_label.setText(self.tr("Annulée"))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.count_label.clear()
        self.summary_label.setText(
            self.tr("Synchronisation annulée : la bibliothèque n'a pas été modifiée.")
        )
        self._set_visible(result=True, error=False)
        self.warnings_label.hide()
        self.close_button.setFocus()

    # -- presentation -----------------------------------------------------------------

    def summary(self, report: Any) -> str:
        """« 12 nouvelles fiches, 3 mises à jour, 1 retirée » (in the interface language)."""
        if getattr(report, "error", None):
            return self.tr("Échec : {reason}").format(reason=report.error)
        parts = []
        for items, one, many in (
            (report.new, self.tr("{n} nouvelle fiche"), self.tr("{n} nouvelles fiches")),
            (report.updated, self.tr("{n} mise à jour"), self.tr("{n} mises à jour")),
            (report.withdrawn, self.tr("{n} retirée"), self.tr("{n} retirées")),
        ):
            if items:
                parts.append((one if len(items) == 1 else many).format(n=len(items)))
        return ", ".join(parts) if parts else self.tr("Aucun changement")

    def _details_text(self, exc: BaseException) -> str:
        # What support needs, without a traceback: the kind of error, the file,
        # the causes, and where the full log is.
        lines = [self.tr("Type : {kind}").format(kind=type(exc).__name__)]
        path = getattr(exc, "path", None)
        if path:
            lines.append(self.tr("Fichier ou adresse : {path}").format(path=path))
        lines.append(self.tr("Message : {message}").format(message=str(exc)))
        detail = getattr(exc, "detail", None)
        if detail:  # the technical account behind a refusal worded for the agent
            lines.append(self.tr("Détail technique : {detail}").format(detail=detail))
        cause, seen = exc.__cause__ or exc.__context__, 0
        while cause is not None and seen < 5:
            lines.append(
                self.tr("Cause : {kind} : {message}").format(
                    kind=type(cause).__name__, message=str(cause)
                )
            )
            cause, seen = cause.__cause__ or cause.__context__, seen + 1
        from rtes_desktop.core.paths import LOG_FILE

        lines.append(self.tr("Journal : {path}").format(path=self.library.folder / LOG_FILE))
        return "\n".join(lines)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _set_visible(self, *, result: bool, error: bool) -> None:
        running = not result and not error and self.state == "running"
        self.summary_label.setVisible(result)
        self.summary_label.setStyleSheet("")
        self.warnings_label.setVisible(False)
        self.error_label.setVisible(error)
        self.details_button.setVisible(error)
        self.details_button.setChecked(False)
        self.details.setVisible(False)
        self.count_label.setVisible(not error)
        self.cancel_button.setVisible(running)
        self.close_button.setVisible(not running)
        self.news_button.setVisible(False)

    def _show_news(self) -> None:
        self.news_requested.emit()
        self.accept()

    def reject(self) -> None:
        # Escape or the window's close button while running: cancel, do not vanish.
        if self.state == "running":
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if self.state == "running":
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


class _LocationDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Synchroniser depuis…"))
        self.setAccessibleName(self.tr("Synchroniser depuis une adresse ou un fichier"))
        self._location = ""
        intro = QLabel(
            self.tr(
                "Adresse de l'exportation de votre réseau (https://…), ou fichier .zip ou "
                "dossier reçu sur une clé USB."
            )
        )
        intro.setWordWrap(True)
        self.location_edit = LocationEdit()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Synchroniser"))
        ok.setAccessibleName(self.tr("Synchroniser"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.location_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.location_edit.setFocus()

    def accept(self) -> None:
        try:
            self._location = check_location(self.location_edit.text())
        except RtesError as exc:
            self.error_label.setText(error_sentence(exc))
            self.error_label.show()
            return
        super().accept()


def choose_sync_location(parent: QWidget | None = None) -> str | None:
    """Ask where to sync from (an address, a .zip or a folder); None if cancelled."""
    dialog = _LocationDialog(parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog._location
        return None
    finally:
        dialog.deleteLater()
