"""Personal notes: the panel beside the reader, and the « Mes notes » view.

A note is saved 0.5 s after the last keystroke (and at least every 0.9 s while
typing goes on without a pause), when the editor loses focus,
when another note or entry is shown and when the panel closes, so a crash or a
kill loses at most the last second of typing. Writes go through the runner's
write lane (one thread, in order): while a sync holds SQLite's write lock the
window keeps responding and the saves follow as soon as it is released.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Entry, Note
from rtes_desktop.core.render import render_markdown
from rtes_desktop.gui.common.elided_label import ElidedLabel
from rtes_desktop.gui.common.i18n import format_datetime
from rtes_desktop.gui.common.jobs import WRITE, Jobs
from rtes_desktop.gui.notes.notes_list import (
    NOTE_ID_ROLE,
    NotesListView,
    first_line,
    fold,
    open_link,
)
from rtes_desktop.gui.reader.reader_view import EntryBrowser

log = logging.getLogger(__name__)

__all__ = ["NotesListView", "NotesPanel", "first_line", "fold"]

AUTOSAVE_MS = 500  # after the last keystroke
MAX_UNSAVED_MS = 900  # while typing without a pause: never more than this unsaved


class NotesPanel(QWidget):
    """The notes of one entry (or the free-standing notes), with editor and preview.

    `set_entry(key)` shows the notes of entry `key` (SOURCE:ID), or the free notes
    when `key` is None. `notes_changed(key)` fires after a note of that entry
    (or "" for free notes) was written. `open_entry(key)` asks for an entry a
    link in a preview points to.
    """

    notes_changed = Signal(str)
    note_count_changed = Signal(int)  # +1 created or restored, -1 deleted
    open_entry = Signal(str)

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self._key: str | None = None
        self._entry: Entry | None = None
        self._notes: list[Note] = []
        self._current: Note | None = None
        self._dirty = False
        self._loading = False
        self._inflight: dict[int, str] = {}  # note id -> body submitted, not yet written
        self._deleted: Note | None = None

        self.setAccessibleName(self.tr("Notes personnelles"))
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(AUTOSAVE_MS)
        self._save_timer.timeout.connect(self.save_now)
        # A debounce alone never fires while someone types without pausing.
        self._max_timer = QTimer(self)
        self._max_timer.setSingleShot(True)
        self._max_timer.setInterval(MAX_UNSAVED_MS)
        self._max_timer.timeout.connect(self.save_now)
        self._build()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.set_entry(None)

    # -- layout ----------------------------------------------------------------

    def _build(self) -> None:
        # One line, elided: a long title wrapped into a tall block in the narrow column.
        self.header = ElidedLabel()
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)

        self.new_button = QPushButton(self.tr("Nouvelle note"))
        self.new_button.setAccessibleName(self.tr("Nouvelle note"))
        self.new_button.setToolTip(self.tr("Écrire une nouvelle note (Ctrl+Maj+N)"))
        self.new_button.clicked.connect(self.new_note)
        new_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_shortcut.activated.connect(self.new_note)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Liste des notes"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_current_item)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.dates_label = QLabel()
        self.dates_label.setWordWrap(True)
        self.dates_label.setAccessibleName(self.tr("Dates de la note"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("État de l'enregistrement"))
        self.stale_label = QLabel(self.tr("La fiche a été mise à jour depuis cette note"))
        self.stale_label.setWordWrap(True)
        self.stale_label.setAccessibleName(self.stale_label.text())
        self.stale_label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 4px; border-radius: 3px; }"
        )
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()

        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Texte de la note"))
        self.editor.setAccessibleDescription(
            self.tr("Texte en Markdown, enregistré automatiquement pendant la frappe")
        )
        self.editor.setPlaceholderText(self.tr("Écrivez votre note (Markdown accepté)…"))
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.installEventFilter(self)

        self.preview = EntryBrowser()  # fetches nothing, like the reader
        self.preview.setAccessibleName(self.tr("Aperçu de la note"))
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(lambda url: open_link(url, self.open_entry.emit))

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Écrire ou prévisualiser la note"))
        self.tabs.addTab(self.editor, self.tr("Écrire"))
        self.tabs.addTab(self.preview, self.tr("Aperçu"))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_preview())

        self.delete_button = QPushButton(self.tr("Supprimer la note"))
        self.delete_button.setAccessibleName(self.tr("Supprimer la note"))
        self.delete_button.clicked.connect(self.delete_current)

        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        info = QHBoxLayout()
        info.addWidget(self.dates_label, 1)
        info.addWidget(self.status_label)
        detail_layout.addLayout(info)
        detail_layout.addWidget(self.stale_label)
        detail_layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        detail_layout.addLayout(buttons)

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_bar.setAccessibleName(self.tr("Note supprimée"))
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(6, 2, 6, 2)
        self.undo_label = QLabel(self.tr("Note supprimée."))
        self.undo_button = QPushButton(self.tr("Annuler"))
        self.undo_button.setAccessibleName(self.tr("Annuler la suppression de la note"))
        self.undo_button.setToolTip(self.tr("Remettre la note supprimée (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_shortcut.activated.connect(self._undo_shortcut)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 3)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the column has its margins: align with « Mes tags »
        layout.addLayout(top)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.splitter, 1)

    # -- public ------------------------------------------------------------------

    @property
    def entry_key(self) -> str | None:
        return self._key

    def notes(self) -> list[Note]:
        """The notes shown, with what is typed but not yet written."""
        return list(self._notes)

    def set_entry(self, key: str | None, *, select_note: int | None = None) -> None:
        """Show the notes of entry `key` (SOURCE:ID), or the free notes (None)."""
        if (key or None) != self._key:  # leaving this entry (a re-show of it is not)
            self._drop_if_empty()
        self.save_now()
        self._hide_undo()
        self.error_label.hide()
        self._key = key or None
        self._entry = None
        if self._key:
            try:
                self._entry = self.library.get_entry(self._key)
            except RtesError as exc:
                log.warning("notes for %s: %s", self._key, exc)
        self.header.setAccessibleDescription(self._entry.title if self._entry else "")
        if self._entry is not None:
            self.header.setText(self.tr("Notes sur « {title} »").format(title=self._entry.title))
        elif self._key:
            self.header.setText(self.tr("Notes sur {key}").format(key=self._key))
        else:
            self.header.setText(self.tr("Notes libres"))
        self.reload(select_note=select_note)

    def reload(self, *, select_note: int | None = None) -> None:
        """Read the notes again from the library (keeping what is being saved)."""
        keep = select_note if select_note is not None else (self._current and self._current.id)
        try:
            if self._key:
                notes = self.library.notes(self._key)
            else:
                notes = self.library.notes(None, free_only=True)
        except RtesError as exc:
            self._show_error(str(exc))
            notes = []
        # A save still queued is newer than what the database holds.
        self._notes = [
            _with_body(n, self._inflight[n.id]) if n.id in self._inflight else n for n in notes
        ]
        self._fill_list(keep)

    def save_now(self) -> None:
        """Write the note being edited now, if it changed (also called by the timer)."""
        self._save_timer.stop()
        self._max_timer.stop()
        if not self._dirty or self._current is None:
            return
        self._dirty = False
        note_id, body = self._current.id, self.editor.toPlainText()
        key = self._current.entry_key or ""
        self._inflight[note_id] = body
        self.status_label.setText(self.tr("Enregistrement…"))
        self.jobs.write(lambda: self.library.update_note(note_id, body)).on_done(
            lambda note: self._saved(note, body, key)
        ).on_error(lambda exc: self._save_failed(note_id, body, exc))

    def flush(self, timeout_ms: int = 10_000) -> bool:
        """Save now and wait until every write is on disk (closing the window)."""
        self._drop_if_empty()
        self.save_now()
        return self.jobs.drain(WRITE, timeout_ms / 1000)

    def new_note(self) -> None:
        """Create an empty note for the entry shown, select it and focus its editor."""
        if self._drop_if_empty():
            self._fill_list(None)
        self.save_now()
        key = self._key
        self.new_button.setEnabled(False)

        def created(note: Note) -> None:
            self.new_button.setEnabled(True)
            self.notes_changed.emit(note.entry_key or "")
            self.note_count_changed.emit(1)
            if key != self._key:
                return  # the user moved to another entry meanwhile
            # A reload between the write and this callback (the page shown again) has
            # already read the new note from the library: it must not be listed twice.
            if all(n.id != note.id for n in self._notes):
                if self._key:
                    self._notes.append(note)
                else:
                    self._notes.insert(0, note)
            self._fill_list(note.id)
            self.tabs.setCurrentWidget(self.editor)
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

        def failed(exc: BaseException) -> None:
            self.new_button.setEnabled(True)
            self._show_error(str(exc))

        self.jobs.write(lambda: self.library.add_note(key, "")).on_done(created).on_error(failed)

    def delete_current(self) -> None:
        """Delete the selected note; « Annuler » (or Ctrl+Z) puts it back."""
        if self._current is None:
            return
        note_id = self._current.id
        self.save_now()  # queued first: the note that undo restores has the last text
        # Gone from the screen at once, so nothing more can be typed into it.
        self._notes = [n for n in self._notes if n.id != note_id]
        self._current = None
        self._fill_list(None)

        def deleted(old: Note) -> None:
            self._inflight.pop(note_id, None)
            self._deleted = old
            label = first_line(old.body) or self.tr("note vide")
            self.undo_label.setText(self.tr("Note « {name} » supprimée.").format(name=label))
            self.undo_bar.show()
            self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.notes_changed.emit(old.entry_key or "")
            self.note_count_changed.emit(-1)

        def failed(exc: BaseException) -> None:
            self._on_error(exc)
            self.reload()

        self.jobs.write(lambda: self.library.delete_note(note_id)).on_done(deleted).on_error(failed)

    def undo_delete(self) -> None:
        """Put back the note deleted last."""
        note = self._deleted
        if note is None:
            return
        self._deleted = None
        self._hide_undo()

        def restored(back: Note) -> None:
            self.notes_changed.emit(back.entry_key or "")
            self.note_count_changed.emit(1)
            if (back.entry_key or None) == self._key:
                self.reload(select_note=back.id)

        self.jobs.write(lambda: self.library.restore_note(note)).on_done(restored).on_error(
            self._on_error
        )

    # -- internals ----------------------------------------------------------------

    def _fill_list(self, select_id: int | None) -> None:
        self._loading = True
        try:
            self.list.clear()
            row_to_select = 0
            for row, note in enumerate(self._notes):
                item = QListWidgetItem(self._item_text(note))
                item.setData(NOTE_ID_ROLE, note.id)
                if self._is_stale(note):
                    item.setToolTip(self.stale_label.text())
                self.list.addItem(item)
                if note.id == select_id:
                    row_to_select = row
        finally:
            self._loading = False
        has_notes = bool(self._notes)
        self.splitter.setVisible(has_notes)
        self.empty_label.setVisible(not has_notes)
        if self._key:
            self.empty_label.setText(
                self.tr("Aucune note sur cette fiche. « Nouvelle note » pour en écrire une.")
            )
        else:
            self.empty_label.setText(
                self.tr("Aucune note libre. « Nouvelle note » pour en écrire une.")
            )
        if has_notes:
            self.list.setCurrentRow(row_to_select)
            self._show_note(self._notes[row_to_select])
        else:
            self._show_note(None)

    def _drop_if_empty(self) -> bool:
        """Delete the note being left if nothing was written in it: « Note vide » rows
        stayed, and counted, after a « Nouvelle note » never used (issue 13)."""
        note = self._current
        if note is None or (note.title or "").strip() or self.editor.toPlainText().strip():
            return False
        note_id = note.id
        self._save_timer.stop()
        self._max_timer.stop()
        self._dirty = False
        self._inflight.pop(note_id, None)
        self._notes = [n for n in self._notes if n.id != note_id]
        self._current = None

        def gone(old: Note) -> None:
            self.notes_changed.emit(old.entry_key or "")
            self.note_count_changed.emit(-1)

        self.jobs.write(lambda: self.library.delete_note(note_id)).on_done(gone).on_error(
            self._on_error
        )
        return True

    def _item_text(self, note: Note) -> str:
        title = note.title or first_line(note.body) or self.tr("Note vide")
        marker = " ⚠" if self._is_stale(note) else ""
        return f"{title}{marker}\n{format_datetime(note.updated_at)}"

    def _is_stale(self, note: Note) -> bool:
        return bool(
            self._entry is not None
            and note.entry_sha256
            and note.entry_sha256 != self._entry.sha256
        )

    def _on_current_item(self, item: QListWidgetItem | None, _prev: Any) -> None:
        if self._loading or item is None:
            return
        note_id = item.data(NOTE_ID_ROLE)
        if self._current is not None and self._current.id == note_id:
            return
        if self._drop_if_empty():
            self._fill_list(note_id)
            return
        self.save_now()
        note = next((n for n in self._notes if n.id == note_id), None)
        self._show_note(note)

    def _show_note(self, note: Note | None) -> None:
        self._current = note
        self._dirty = False
        self._loading = True
        try:
            self.editor.setPlainText(note.body if note else "")
        finally:
            self._loading = False
        self.detail.setEnabled(note is not None)
        self.status_label.clear()
        self._update_dates()
        self.stale_label.setVisible(note is not None and self._is_stale(note))
        self._refresh_preview()

    def _update_dates(self) -> None:
        note = self._current
        if note is None:
            self.dates_label.clear()
            return
        created = format_datetime(note.created_at)
        if note.updated_at and note.updated_at != note.created_at:
            text = self.tr("Créée le {created} · modifiée le {updated}").format(
                created=created, updated=format_datetime(note.updated_at)
            )
        else:
            text = self.tr("Créée le {created}").format(created=created)
        self.dates_label.setText(text)

    def _refresh_preview(self) -> None:
        if self.tabs.currentWidget() is self.preview:
            self.preview.setHtml(render_markdown(self.editor.toPlainText()))

    def _on_text_changed(self) -> None:
        if self._loading or self._current is None:
            return
        self._dirty = True
        self.status_label.setText(self.tr("Modifiée"))
        self._save_timer.start()
        if not self._max_timer.isActive():
            self._max_timer.start()
        item = self.list.currentItem()
        if item is not None:
            note = _with_body(self._current, self.editor.toPlainText())
            item.setText(self._item_text(note))

    def _saved(self, note: Note, body: str, key: str) -> None:
        if self._inflight.get(note.id) == body:
            del self._inflight[note.id]
        self._notes = [note if n.id == note.id else n for n in self._notes]
        if self._current is not None and self._current.id == note.id:
            self._current = note
            self._update_dates()
            self.stale_label.setVisible(self._is_stale(note))
            if not self._dirty and note.id not in self._inflight:
                self.status_label.setText(self.tr("Enregistrée"))
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(NOTE_ID_ROLE) == note.id and item is not self.list.currentItem():
                item.setText(self._item_text(note))
        self.error_label.hide()
        self.notes_changed.emit(key)

    def _save_failed(self, note_id: int, body: str, exc: BaseException) -> None:
        # Keep the text in the editor and try again at the next keystroke.
        if self._current is not None and self._current.id == note_id:
            self._dirty = True
            self.status_label.setText(self.tr("Non enregistrée"))
        self._on_error(exc)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, RtesError):
            self._show_error(str(exc))
        else:
            log.error("notes: write failed", exc_info=exc)
            self._show_error(
                self.tr("La note n'a pas pu être enregistrée : {reason}").format(
                    reason=str(exc) or type(exc).__name__
                )
            )

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _hide_undo(self) -> None:
        self.undo_bar.hide()

    def _undo_shortcut(self) -> None:
        if self.undo_bar.isVisible():
            self.undo_delete()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self.editor and event.type() == QEvent.Type.FocusOut:
            self.save_now()
        return super().eventFilter(obj, event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.save_now()
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.flush()
        super().closeEvent(event)


def _with_body(note: Note, body: str) -> Note:
    return replace(note, body=body)
