"""« Mes sessions »: the trainer's sessions (ordered lists of fiches and notes).

Above, the list of sessions (create, rename, delete with confirmation); below, the
items of the one selected, in order: reorder them by dragging or with Alt+↑ /
Alt+↓ (or « Monter » / « Descendre »), comment them (F2), remove them (Suppr,
with « Annuler »), open them (Entrée), add a free note, and « Exporter la
session… » (Ctrl+E): the handout's export dialog, the same as the menu's « Exporter
en PDF… » (PDF, HTML or Markdown), which the window passes in as `export_handout`.

Reads come straight from the library (small, and SQLite's WAL lets them run
while a sync writes). Every write goes through the runner's write lane: one thread, in
order, so the window never waits on the write lock a sync holds. Dialogs are opened
window-modal with `open()` (never a nested event loop); the one showing is `self.dialog`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Session, SessionItem
from rtes_desktop.core.session_view import changed_count, session_rows
from rtes_desktop.gui.common.elided_label import ElidedLabel
from rtes_desktop.gui.common.i18n import format_datetime
from rtes_desktop.gui.common.jobs import Jobs
from rtes_desktop.gui.notes.notes_list import fold
from rtes_desktop.gui.sessions.session_dialogs import ask_text, confirm_delete
from rtes_desktop.gui.sessions.session_items import (
    SESSION_ID_ROLE,
    ItemRow,
    SessionItemsList,
    SessionsList,
    item_rows,
)

log = logging.getLogger(__name__)


class SessionsView(QWidget):
    """The sessions and the items of the selected one.

    `open_entry(key)` and `open_note(key, note_id)` ask the window to show an item;
    `changed()` fires after every write (sidebar counts, the reader's column);
    `message(str)` is one sentence for the status bar. `export_handout(session_id)`
    opens the handout's export dialog (gui/handout: the window's HandoutController).
    """

    open_entry = Signal(str)
    open_note = Signal(str, int)
    changed = Signal()
    count_changed = Signal(int)  # how many sessions there are, after each re-read
    note_count_changed = Signal(int)  # +1: a free note was written into a session
    message = Signal(str)

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        export_handout: Callable[[int], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.export_handout = export_handout
        self.library = library
        self.jobs = jobs
        self.dialog: QDialog | None = None
        self._session_list: list[Session] = []
        self._current_id: int | None = None
        self._removed: SessionItem | None = None
        self.setObjectName("sessionsView")
        self.setAccessibleName(self.tr("Mes sessions"))
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        if tip:
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build(self) -> None:
        title = QLabel(self.tr("Mes sessions"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.count_label.setAccessibleName(self.tr("Nombre de sessions"))

        self.sessions = SessionsList()
        self.sessions.rename_requested.connect(self.rename_session)
        self.sessions.delete_requested.connect(self.delete_session)
        self.sessions.setAccessibleName(self.tr("Liste des sessions"))
        self.sessions.setAccessibleDescription(
            self.tr("F2 pour renommer la session choisie, Suppr pour la supprimer.")
        )
        self.sessions.currentItemChanged.connect(self._on_session_chosen)

        self.new_button = self._button(
            self.tr("&Nouvelle session…"),
            self.tr("Créer une session de formation vide"),
            self.new_session,
        )
        self.rename_button = self._button(
            self.tr("&Renommer…"), self.tr("Renommer la session choisie (F2)"), self.rename_session
        )
        self.delete_button = self._button(
            self.tr("Supprimer…"),
            self.tr("Supprimer la session choisie (Suppr) ; ses fiches et vos notes restent"),
            self.delete_session,
        )
        self.no_sessions = QLabel(
            self.tr(
                "Aucune session pour l’instant.\n\nUne session rassemble, dans l’ordre, les "
                "fiches et les notes d’une formation. « Nouvelle session… » pour en "
                "préparer une, puis ajoutez-y des fiches depuis le lecteur (Ctrl+Maj+S)."
            )
        )
        self.no_sessions.setWordWrap(True)
        self.no_sessions.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_sessions.setContentsMargins(24, 32, 24, 0)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        top_layout.addLayout(head)
        top_layout.addWidget(self.sessions, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        top_layout.addLayout(row)
        top_layout.addWidget(self.no_sessions, 1)  # in place of the list and the items

        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 8, 0, 0)
        self.session_title = ElidedLabel()
        font = self.session_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.session_title.setFont(font)
        self.session_info = QLabel()
        self.session_info.setObjectName("muted")
        self.session_info.setAccessibleName(self.tr("Contenu de la session"))
        self.add_note_button = self._button(
            self.tr("Ajouter une &note…"),
            self.tr("Écrire une note libre et l’ajouter à la fin de la session"),
            self.add_note,
        )
        self.export_button = self._button(
            self.tr("&Exporter la session…"),
            self.tr("Le support de la session en PDF, HTML ou Markdown (Ctrl+E)"),
            self.export_session,
        )
        export_shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        export_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        export_shortcut.activated.connect(self.export_session)

        self.items = SessionItemsList()
        self.items.setAccessibleName(self.tr("Éléments de la session"))
        self.items.setAccessibleDescription(
            self.tr(
                "Dans l’ordre de la session. Alt+Haut et Alt+Bas déplacent l’élément choisi, "
                "F2 modifie son commentaire, Suppr le retire, Entrée l’ouvre."
            )
        )
        self.items.move_requested.connect(self._write_move)
        self.items.remove_requested.connect(lambda _id: self.remove_item())
        self.items.comment_requested.connect(lambda _id: self.edit_comment())
        self.items.activated_row.connect(self._open_row)
        self.items.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.items_empty = QLabel()
        self.items_empty.setWordWrap(True)
        self.items_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.items_empty.setText(
            self.tr(
                "Cette session est vide. Ouvrez une fiche et choisissez « Ajouter à une "
                "session » (Ctrl+Maj+S), ou ajoutez-y une note."
            )
        )

        self.up_button = self._button(
            self.tr("&Monter"),
            self.tr("Placer l’élément choisi plus haut (Alt+Haut)"),
            self.move_up,
        )
        self.down_button = self._button(
            self.tr("&Descendre"),
            self.tr("Placer l’élément choisi plus bas (Alt+Bas)"),
            self.move_down,
        )
        self.comment_button = self._button(
            self.tr("&Commentaire…"),
            self.tr("Écrire ou modifier le commentaire de l’élément choisi (F2)"),
            self.edit_comment,
        )
        self.remove_button = self._button(
            self.tr("Re&tirer"),
            self.tr("Retirer l’élément choisi de la session (Suppr)"),
            self.remove_item,
        )

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(6, 2, 6, 2)
        self.undo_label = ElidedLabel()
        self.undo_button = self._button(
            self.tr("Annuler"), self.tr("Remettre l’élément retiré (Ctrl+Z)"), self.undo_remove
        )
        self.undo_button.setAccessibleName(self.tr("Annuler le retrait"))
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_shortcut.activated.connect(self.undo_remove)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.add_note_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        moves = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.comment_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        detail.addWidget(self.session_title)
        detail.addWidget(self.session_info)
        detail.addLayout(actions)
        detail.addWidget(self.undo_bar)
        detail.addWidget(self.items, 1)
        detail.addWidget(self.items_empty, 1)
        detail.addLayout(moves)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        # The list of sessions as tall as a few of them; the items take the rest.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.sessions, self.new_button)

    # -- reading -----------------------------------------------------------------------

    @property
    def current_session_id(self) -> int | None:
        return self._current_id

    def session_names(self) -> list[str]:
        """The sessions listed, top to bottom."""
        return [c.name for c in self._session_list]

    def item_rows(self) -> list[ItemRow]:
        """The items of the selected session, as shown."""
        return self.items.rows()

    def refresh(self, select: int | None = None, select_item: int | None = None) -> None:
        """Read the sessions again (and the items of the selected one)."""
        try:
            sessions_read = self.library.sessions()
            sizes = self.library.session_sizes()
        except RtesError as exc:
            self._show_error(str(exc))
            return
        self._session_list = sorted(sessions_read, key=lambda c: fold(c.name))
        wanted = select if select is not None else self._current_id
        if wanted not in {c.id for c in self._session_list}:
            # The one touched last is most likely the one being prepared.
            latest = max(self._session_list, key=lambda c: c.updated_at, default=None)
            wanted = latest.id if latest else None
        self.sessions.set_sessions(self._session_list, sizes, wanted, self._count)
        n = len(self._session_list)
        self.count_label.setText(
            self.tr("1 session") if n == 1 else self.tr("{n} sessions").format(n=n) if n else ""
        )
        self.sessions.setVisible(bool(n))
        # F6 and the window's setFocus() land on something that takes keys.
        self.setFocusProxy(self.sessions if n else self.new_button)
        self.detail.setVisible(bool(n))
        self.no_sessions.setVisible(not n)
        self.rename_button.setEnabled(bool(n))
        self.delete_button.setEnabled(bool(n))
        self._show_session(wanted, select_item)
        self.count_changed.emit(n)

    def _count(self, n: int) -> str:
        if n == 0:
            return self.tr("vide")
        return self.tr("1 élément") if n == 1 else self.tr("{n} éléments").format(n=n)

    def _on_session_chosen(self, item: QTreeWidgetItem | None, _prev: Any) -> None:
        if item is not None:
            self._hide_undo()
            self._show_session(int(item.data(0, SESSION_ID_ROLE)))

    def _show_session(self, cid: int | None, select_item: int | None = None) -> None:
        self._current_id = cid
        session = next((c for c in self._session_list if c.id == cid), None)
        if session is None:
            self.items.set_rows([])
            self._update_buttons()
            return
        try:
            rows = item_rows(self.library, self.library.session_items(session.id))
        except RtesError as exc:
            self._show_error(str(exc))
            rows = []
        self.session_title.setText(session.name)
        info = self._count(len(rows)).capitalize()
        info += " · " + self.tr("modifiée le {date}").format(
            date=format_datetime(session.updated_at)
        )
        changed = changed_count(session_rows(self.library, session.id))
        if changed:  # issue 11: fiches updated since they were added
            info += " · " + self.tr("⚠ {n} fiche(s) mise(s) à jour depuis leur ajout").format(
                n=changed
            )
        self.session_info.setText(info)
        self.items.set_rows(rows, select_item)
        self.items.setVisible(bool(rows))
        self.items_empty.setVisible(not rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.items.currentRow()
        count = self.items.count()
        has = row >= 0 and count > 0
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < count - 1)
        self.comment_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.export_button.setEnabled(self._current_id is not None)
        self.add_note_button.setEnabled(self._current_id is not None)

    def _open_row(self, row: ItemRow | None) -> None:
        if row is None:
            return
        if row.missing:
            self.message.emit(self.tr("Cet élément n’existe plus dans la bibliothèque."))
        elif row.note_id is not None:
            self.open_note.emit(row.key, row.note_id)
        elif row.key:
            self.open_entry.emit(row.key)

    # -- writing ---------------------------------------------------------------------------

    def _write(self, fn: Any, on_done: Any = None, *, reload: bool = True) -> None:
        """Run `fn()` on the write lane; then `on_done(result)`, re-read, `changed`."""

        def done(result: Any) -> None:
            self.error_label.hide()
            if on_done is not None:
                on_done(result)
            elif reload:
                self.refresh()
            self.changed.emit()

        self.jobs.write(fn).on_done(done).on_error(self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, RtesError):
            self._show_error(str(exc))
        else:
            log.error("sessions: write failed", exc_info=exc)
            self._show_error(
                self.tr("La session n’a pas pu être modifiée : {reason}").format(
                    reason=str(exc) or type(exc).__name__
                )
            )
        self.refresh()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.message.emit(message)

    def new_session(self, with_entry: str | None = None) -> None:
        """Ask for a name, create the session (with entry `with_entry` in it) and show it."""
        library = self.library

        def create(name: str) -> None:
            def job() -> SessionItem | Session:
                with library.transaction():
                    coll = library.create_session(name)
                    if with_entry:
                        library.add_to_session(coll.id, ref=with_entry)
                return coll

            def done(coll: Any) -> None:
                self.refresh(select=coll.id)
                if with_entry:
                    self.message.emit(
                        self.tr("Ajoutée à la nouvelle session « {name} ».").format(name=coll.name)
                    )
                else:
                    self.sessions.setFocus(Qt.FocusReason.OtherFocusReason)

            self._write(job, done)

        self._ask_text(
            self.tr("Nouvelle session"),
            self.tr("Nom de la session (par exemple « Formation des élus, 12 mars ») :"),
            "",
            create,
        )

    def rename_session(self) -> None:
        session = self._current()
        if session is None:
            return
        cid = session.id
        self._ask_text(
            self.tr("Renommer la session"),
            self.tr("Nouveau nom de la session :"),
            session.name,
            lambda name: self._write(lambda: self.library.rename_session(cid, name)),
        )

    def delete_session(self) -> None:
        """Ask, then delete the selected session (its fiches and notes stay)."""
        session = self._current()
        if session is None:
            return
        cid = session.id

        def delete() -> None:
            self._current_id = None
            self._write(lambda: self.library.delete_session(cid))
            self.message.emit(self.tr("Session « {name} » supprimée.").format(name=session.name))

        self._opened(confirm_delete(self, session.name, delete))

    def add_entry(self, cid: int, key: str) -> None:
        """Append entry `key` (SOURCE:ID) to session `cid`."""
        name = next((c.name for c in self._session_list if c.id == cid), "")

        def done(item: SessionItem) -> None:
            self.refresh(select=cid, select_item=item.id)
            self.message.emit(self.tr("Ajoutée à la session « {name} ».").format(name=name))

        self._write(lambda: self.library.add_to_session(cid, ref=key), done)

    def add_note(self) -> None:
        """Ask for a note's text, create it as a free note at the end of the session."""
        cid = self._current_id
        if cid is None:
            return
        library = self.library

        def create(text: str) -> None:
            def job() -> SessionItem:
                with library.transaction():
                    note = library.add_note(None, text)
                    return library.add_to_session(cid, note_id=note.id)

            def done(item: SessionItem) -> None:
                self.note_count_changed.emit(1)
                self.refresh(select=cid, select_item=item.id)

            self._write(job, done)

        self._ask_text(
            self.tr("Ajouter une note à la session"),
            self.tr("Texte de la note (Markdown accepté) :"),
            "",
            create,
            multiline=True,
        )

    def move_up(self) -> None:
        self.items.move_current(-1)
        self.items.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_down(self) -> None:
        self.items.move_current(1)
        self.items.setFocus(Qt.FocusReason.OtherFocusReason)

    def _write_move(self, item_id: int, position: int) -> None:
        self._update_buttons()
        self._write(
            lambda: self.library.move_session_item(item_id, position),
            lambda _r: None,  # already shown
        )

    def edit_comment(self) -> None:
        row = self.items.current_row_data()
        if row is None:
            return
        item_id = row.item_id

        def save(text: str) -> None:
            def done(item: SessionItem) -> None:
                current = next((r for r in self.items.rows() if r.item_id == item_id), None)
                if current is not None:
                    fields = {**current.__dict__, "comment": item.comment}
                    self.items.replace_row(ItemRow(**fields))
                    self.items.viewport().update()

            self._write(lambda: self.library.set_session_item_comment(item_id, text), done)

        self._ask_text(
            self.tr("Commentaire"),
            self.tr("Votre commentaire sur « {title} » :").format(title=row.title),
            row.comment,
            save,
            multiline=True,
            allow_empty=True,
        )

    def remove_item(self) -> None:
        """Remove the selected item from the session; « Annuler » puts it back."""
        row = self.items.current_row_data()
        if row is None:
            return
        index = self.items.currentRow()
        self.items.takeItem(index)  # gone at once; written behind
        self.items.set_rows(self.items.rows())
        self.items.setCurrentRow(min(index, self.items.count() - 1))
        self._update_buttons()

        def done(item: SessionItem) -> None:
            self._removed = item
            self.undo_label.setText(
                self.tr("« {title} » retiré de la session.").format(title=row.title)
            )
            self.undo_bar.show()
            self.refresh()

        self._write(lambda: self.library.remove_session_item(row.item_id), done)

    def undo_remove(self) -> None:
        item = self._removed
        if item is None:
            return
        self._removed = None
        self._hide_undo()
        self._write(
            lambda: self.library.restore_session_item(item),
            lambda back: self.refresh(select=back.session_id, select_item=back.id),
        )

    def _hide_undo(self) -> None:
        self._removed = None
        self.undo_bar.hide()

    def export_session(self) -> None:
        """« Exporter la session… » (Ctrl+E): the handout's export dialog for the
        session selected, where the format (PDF, HTML, Markdown) is chosen."""
        session = self._current()
        if session is not None:
            self.export_handout(session.id)

    # -- dialogs ------------------------------------------------------------------------

    def _current(self) -> Session | None:
        return next((c for c in self._session_list if c.id == self._current_id), None)

    def _opened(self, dialog: QDialog) -> None:
        """Keep the dialog showing now (tests find it here) until it closes."""
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _ask_text(self, title: str, label: str, initial: str, on_ok: Any, **kw: Any) -> None:
        self._opened(ask_text(self, title, label, initial, on_ok, **kw))
