"""« Fichier › Restaurer une sauvegarde… »: the backups with their date and what
each holds, a preview of the chosen one, and the restore after confirmation.

The dialog receives what it works with: the library and the window's job runner.
Listing and previewing run on the long lane (a backup folder may sit on a slow
disk), the restore on the write lane (it is a write, queued behind the user's).
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.backup import BackupInfo, backups_dir, list_backups
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.recovery import BackupPreview, RestoreResult, preview_backup, restore_backup
from rtes_desktop.gui.common.i18n import format_count, format_datetime
from rtes_desktop.gui.common.jobs import LONG, WRITE, Jobs

log = logging.getLogger(__name__)

INFO_ROLE = Qt.ItemDataRole.UserRole
#: Notes, tags and sessions shown by name in the preview (the counts say the rest).
PREVIEW_LIMIT = 30
ERROR_STYLE = "QLabel { color: #b02a37; }"


def counts_text(notes: int, tags: int, sessions: int) -> str:
    """« 3 notes, 1 tag, 0 session » in the interface language."""
    return ", ".join(
        (
            format_count(
                notes,
                QCoreApplication.translate("BackupDialogs", "note"),
                QCoreApplication.translate("BackupDialogs", "notes"),
            ),
            format_count(
                tags,
                QCoreApplication.translate("BackupDialogs", "tag"),
                QCoreApplication.translate("BackupDialogs", "tags"),
            ),
            format_count(
                sessions,
                QCoreApplication.translate("BackupDialogs", "session"),
                QCoreApplication.translate("BackupDialogs", "sessions"),
            ),
        )
    )


def reason_text(reason: str) -> str:
    """Why a backup was taken, in words (the core's reasons are ids)."""
    words = {
        "auto": QCoreApplication.translate("BackupDialogs", "automatique"),
        "manual": QCoreApplication.translate("BackupDialogs", "manuelle"),
        "migration": QCoreApplication.translate("BackupDialogs", "avant une mise à jour"),
        "sync": QCoreApplication.translate("BackupDialogs", "avant une synchronisation"),
        "restore": QCoreApplication.translate("BackupDialogs", "avant une restauration"),
        "import": QCoreApplication.translate("BackupDialogs", "avant un import"),
    }
    return words.get(reason, reason)


def error_text(exc: BaseException) -> str:
    """One sentence for the user: the core's own, or a generic one (logged)."""
    if isinstance(exc, RtesError):
        return str(exc)
    log.error("personal data operation failed", exc_info=exc)
    return QCoreApplication.translate(
        "BackupDialogs",
        "L’opération a échoué de façon inattendue ; le détail est dans le fichier journal.",
    )


class RestoreDialog(QDialog):
    """Lists the backups (newest first), previews one, restores it once confirmed.
    `restored(RestoreResult)` after a restore: the window reloads what it shows."""

    restored = Signal(object)

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.busy = False
        self.confirm_box: QMessageBox | None = None
        self._previewing: str | None = None
        self.setWindowTitle(self.tr("Restaurer une sauvegarde"))
        self.setAccessibleName(self.tr("Restaurer une sauvegarde"))
        self.resize(720, 560)

        intro = QLabel(
            self.tr(
                "Vos notes, tags et sessions sont sauvegardés chaque jour où ils changent. "
                "Restaurer une sauvegarde remplace les vôtres par les siens ; l’état actuel "
                "est d’abord sauvegardé, pour pouvoir revenir en arrière. Le contenu des "
                "sources n’est pas dans les sauvegardes : la synchronisation le ramène."
            )
        )
        intro.setWordWrap(True)
        self.backups = QTreeWidget()
        self.backups.setAccessibleName(self.tr("Sauvegardes"))
        self.backups.setRootIsDecorated(False)
        self.backups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backups.setHeaderLabels([self.tr("Date"), self.tr("Contenu"), self.tr("Prise")])
        self.backups.currentItemChanged.connect(lambda *_a: self._on_current_changed())
        self.backups.itemActivated.connect(lambda _i, _c: self.ask_restore())
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(self.tr("Aperçu de la sauvegarde"))
        self.preview.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.backups)
        split.addWidget(self.preview)
        split.setSizes([160, 340])
        split.setChildrenCollapsible(False)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("Restaurer…"))
        self.restore_button.setAccessibleName(self.tr("Restaurer la sauvegarde choisie"))
        self.restore_button.clicked.connect(lambda _c=False: self.ask_restore())
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(
            self.tr("Fermer"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._update_buttons()
        self.reload()

    # -- listing and previewing -------------------------------------------------------

    def reload(self) -> None:
        """Read the backup folder again (off the GUI thread)."""
        folder = backups_dir(self.library.folder)
        self.jobs.run(lambda _p, _c: list_backups(folder), lane=LONG, label="backup-list").on_done(
            self._show_backups
        ).on_error(self._on_error)

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        current = self.selected()
        self.backups.clear()
        for info in reversed(backups):  # newest first
            item = QTreeWidgetItem(
                [
                    format_datetime(info.created_at),
                    counts_text(info.notes, info.tags, info.sessions),
                    reason_text(info.reason),
                ]
            )
            item.setData(0, INFO_ROLE, info)
            self.backups.addTopLevelItem(item)
            if current is not None and info.id == current.id:
                self.backups.setCurrentItem(item)
        for col in range(2):
            self.backups.resizeColumnToContents(col)
            self.backups.setColumnWidth(col, self.backups.columnWidth(col) + 24)
        if not backups:
            self.preview.setPlainText(
                self.tr(
                    "Aucune sauvegarde pour l’instant : la première est prise automatiquement "
                    "dès que vous avez écrit une note, posé un tag ou créé une session."
                )
            )
        elif self.backups.currentItem() is None:
            self.backups.setCurrentItem(self.backups.topLevelItem(0))
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        item = self.backups.currentItem()
        return item.data(0, INFO_ROLE) if item is not None else None

    def backup_rows(self) -> list[list[str]]:
        """The rows as shown (date, content, why), top to bottom."""
        rows = []
        for i in range(self.backups.topLevelItemCount()):
            item = self.backups.topLevelItem(i)
            rows.append([item.text(c) for c in range(3)])
        return rows

    def _on_current_changed(self) -> None:
        self._update_buttons()
        info = self.selected()
        if info is None:
            return
        self._previewing = info.id
        self.preview.setPlainText(self.tr("Lecture de la sauvegarde…"))

        def shown(preview: BackupPreview) -> None:
            if self._previewing == info.id:  # the user may have moved on meanwhile
                self._show_preview(info, preview)

        self.jobs.run(
            lambda _p, _c: preview_backup(info, PREVIEW_LIMIT), lane=LONG, label="backup-preview"
        ).on_done(shown).on_error(self._on_error)

    def _show_preview(self, info: BackupInfo, preview: BackupPreview) -> None:
        esc = html.escape
        # Translated outside the f-strings: lupdate does not look inside them.
        title = self.tr("Sauvegarde du {0}").format(format_datetime(info.created_at))
        nothing = self.tr("aucun élément")
        none = f"<p><i>{esc(nothing)}</i></p>"
        empty_note = self.tr("(note vide)")
        parts = [f"<p><b>{esc(title)}</b> — {esc(reason_text(info.reason))}</p>"]

        def heading(label: str, total: int) -> None:
            parts.append(f"<h4>{esc(label)} ({total})</h4>")

        heading(self.tr("Notes"), info.notes)
        if preview.notes:
            items = []
            for note_title, first in preview.notes:
                if note_title and first:
                    items.append(f"<li><b>{esc(note_title)}</b> — {esc(first)}</li>")
                else:
                    items.append(f"<li>{esc(note_title or first or empty_note)}</li>")
            parts.append("<ul>" + "".join(items) + "</ul>")
        else:
            parts.append(none)
        self._more(parts, info.notes - len(preview.notes))
        heading(self.tr("Tags"), info.tags)
        parts.append(f"<p>{esc(', '.join(preview.tags))}</p>" if preview.tags else none)
        self._more(parts, info.tags - len(preview.tags))
        heading(self.tr("Sessions"), info.sessions)
        if preview.sessions:
            parts.append("<ul>" + "".join(f"<li>{esc(s)}</li>" for s in preview.sessions) + "</ul>")
        else:
            parts.append(none)
        self._more(parts, info.sessions - len(preview.sessions))
        self.preview.setHtml("".join(parts))

    def _more(self, parts: list[str], n: int) -> None:
        if n > 0:
            more = self.tr("… et {0} de plus").format(n)
            parts.append(f"<p><i>{html.escape(more)}</i></p>")

    # -- restoring -------------------------------------------------------------------

    def ask_restore(self) -> None:
        """The confirmation (not blocking the window); « Restaurer » then restores."""
        info = self.selected()
        if info is None or self.busy:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restaurer une sauvegarde"),
            self.tr("Restaurer la sauvegarde du {0} ?").format(format_datetime(info.created_at)),
            parent=self,
        )
        box.setInformativeText(
            self.tr(
                "Vos notes, tags et sessions actuels seront remplacés par ceux de cette "
                "sauvegarde ({0}). L’état actuel est d’abord sauvegardé : vous pourrez "
                "revenir en arrière en restaurant cette nouvelle sauvegarde."
            ).format(counts_text(info.notes, info.tags, info.sessions))
        )
        yes = box.addButton(self.tr("Restaurer"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self.start_restore(info) if b is yes else None)
        self.confirm_box = box
        box.open()

    def start_restore(self, info: BackupInfo) -> None:
        """Restore `info` off the GUI thread (the core backs up the current state first)."""
        self.confirm_box = None
        self.busy = True
        self._update_buttons()
        self._say(self.tr("Restauration en cours…"))
        library = self.library
        # By its file, not its id: a backup damaged since it was listed is then
        # refused naming the file, rather than said not to exist.
        self.jobs.run(
            lambda _p, _c: restore_backup(library, str(info.path)), lane=WRITE, label="restore"
        ).on_done(self._restored).on_error(self._restore_failed)

    def _restored(self, result: RestoreResult) -> None:
        self.busy = False
        when = format_datetime(result.restored.created_at)
        if result.undo is not None:
            undo_when = format_datetime(result.undo.info.created_at)
            text = self.tr(
                "Sauvegarde du {0} restaurée. L’état d’avant est gardé dans la sauvegarde "
                "du {1} : restaurez-la pour revenir en arrière."
            ).format(when, undo_when)
        else:
            text = self.tr("Sauvegarde du {0} restaurée.").format(when)
        self._say(text)
        self.reload()
        self.restored.emit(result)

    def _restore_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._on_error(exc)

    # -- helpers -----------------------------------------------------------------------

    def _on_error(self, exc: BaseException) -> None:
        self._say(error_text(exc), error=True)
        self._update_buttons()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.busy)
        self.close_button.setEnabled(not self.busy)

    def reject(self) -> None:
        if self.busy:
            return  # a restore is running: its result must have somewhere to go
        super().reject()
