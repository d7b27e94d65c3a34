"""« Ajouter à une session » from the reader, and the window's side of « Mes sessions ».

- `AddToSessionMenu`: the sessions (checked: those already holding the entry),
  then « Nouvelle session… ». Built each time it opens, so it is never stale.
- `SessionsSection`: beside the reader, under « Mes tags »: which sessions hold
  the entry, and the « Ajouter à une session » button.
- `WindowSessions`: builds the « Mes sessions » view, the section and the menu
  from the library, the job runner and the reader it is given. The window keeps
  one, shows its view and calls `add_current_entry()` from its actions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.gui.common.elided_label import ElidedLabel
from rtes_desktop.gui.common.jobs import Jobs
from rtes_desktop.gui.common.links import plain_tooltip
from rtes_desktop.gui.notes.notes_list import fold
from rtes_desktop.gui.reader.reader_view import ReaderView
from rtes_desktop.gui.sessions.sessions_view import SessionsView


class AddToSessionMenu(QMenu):
    """The sessions to add entry `key_fn()` to, and « Nouvelle session… »."""

    def __init__(
        self, view: SessionsView, key_fn: Callable[[], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.key_fn = key_fn
        self.setTitle(self.tr("Ajouter à une &session"))
        self.setAccessibleName(self.tr("Ajouter à une session"))
        self.aboutToShow.connect(self.rebuild)

    def rebuild(self) -> None:
        """Fill the menu for the entry shown now."""
        self.clear()
        key = self.key_fn()
        library = self.view.library
        try:
            sessions = sorted(library.sessions(), key=lambda c: fold(c.name))
            holding = {c.id for c in library.sessions_with(key)} if key else set()
        except RtesError:
            sessions, holding = [], set()
        for c in sessions:
            # « & » in a name would become a mnemonic: double it.
            action = QAction(c.name.replace("&", "&&"), self)
            action.setCheckable(True)
            action.setChecked(c.id in holding)
            action.setEnabled(bool(key))
            if c.id in holding:
                action.setToolTip(self.tr("Déjà dans cette session : l’ajouter une autre fois"))
            action.triggered.connect(lambda _c=False, cid=c.id: self._add(cid))
            self.addAction(action)
        if sessions:
            self.addSeparator()
        new = QAction(self.tr("&Nouvelle session…"), self)
        new.setEnabled(bool(key))
        new.triggered.connect(lambda: self.view.new_session(with_entry=self.key_fn()))
        self.addAction(new)
        if not key:
            hint = QAction(self.tr("Ouvrez d’abord une fiche"), self)
            hint.setEnabled(False)
            self.insertAction(self.actions()[0], hint)

    def _add(self, cid: int) -> None:
        key = self.key_fn()
        if key:
            self.view.add_entry(cid, key)


class SessionsSection(QWidget):
    """« Mes sessions » [Ajouter à une session ▾] over « Dans : Formation élus 2026, … »."""

    def __init__(self, view: SessionsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._key: str | None = None
        self.setAccessibleName(self.tr("Mes sessions"))
        heading = QLabel(self.tr("Mes sessions"))
        heading.setObjectName("columnHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.label = ElidedLabel()
        self.label.setObjectName("muted")
        self.button = QPushButton(self.tr("Ajouter à une session"))
        self.button.setAccessibleName(self.tr("Ajouter à une session"))
        self.button.setToolTip(self.tr("Ajouter la fiche à une session de formation (Ctrl+Maj+S)"))
        self.menu = AddToSessionMenu(view, lambda: self._key, self.button)
        self.button.setMenu(self.menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        layout.addWidget(self.label)
        self.set_entry(None)

    def set_entry(self, key: str | None) -> None:
        """Show which sessions hold entry `key` (None: no entry shown)."""
        self._key = key or None
        self.button.setEnabled(self._key is not None)
        names: list[str] = []
        if self._key:
            try:
                names = sorted(
                    (c.name for c in self.view.library.sessions_with(self._key)), key=fold
                )
            except RtesError:
                names = []
        if not self._key:
            text = ""
        elif not names:
            text = self.tr("Dans aucune session")
        else:
            text = self.tr("Dans : {names}").format(names=", ".join(names))
        self.label.setText(text)
        self.label.setToolTip(plain_tooltip("\n".join(names)))

    def refresh(self) -> None:
        self.set_entry(self._key)


class WindowSessions(QObject):
    """The window's « Mes sessions »: the view for the central stack, the section
    beside the reader, the menu of « Ajouter à une session » (Ctrl+Maj+S).

    It is given what it uses: the library and the job runner (for the view), the
    reader (the entry shown, the place of its context menu), and the handout's
    `export_handout(session_id)` (« Exporter la session… »). The window connects
    `view`'s signals (open an entry or a note, a message, `changed`)."""

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        reader: ReaderView,
        export_handout: Callable[[int], object],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.view = SessionsView(library, jobs, export_handout, parent)
        self.section = SessionsSection(self.view, parent)
        self.menu = AddToSessionMenu(self.view, self._current_key, parent)
        self.view.changed.connect(self.section.refresh)

    def notes_changed(self, _key: str) -> None:
        """A note of a session edited or deleted beside the reader: show it as it is now."""
        if self.view.isVisible():
            self.view.refresh()

    def _current_key(self) -> str | None:
        return self.reader.current_key

    def entry_shown(self, key: str | None) -> None:
        self.section.set_entry(key)

    def add_current_entry(self) -> None:
        """Ctrl+Maj+S: the menu under the column's button, or over the reader."""
        if not self._current_key():
            self.view.message.emit(
                self.tr("Ouvrez d’abord une fiche pour l’ajouter à une session.")
            )
            return
        button = self.section.button
        if button.isVisible():
            # Under the button, right edges aligned: the column is the window's last.
            self.menu.rebuild()
            width = self.menu.sizeHint().width()
            pos = button.mapToGlobal(QPoint(button.width() - width, button.height()))
        else:
            reader = self.reader
            pos = reader.mapToGlobal(QPoint(24, 24))
        self.menu.popup(pos)
        first = next((a for a in self.menu.actions() if a.isEnabled()), None)
        if first is not None:
            self.menu.setActiveAction(first)  # ↓/↑ and Entrée from here

    def reader_context_menu(self, pos: QPoint) -> None:
        """The reader's own menu (copy, select all) plus « Ajouter à une session »."""
        reader = self.reader
        # Qt wants document coordinates (for « Copier l'adresse du lien »).
        scrolled = QPoint(reader.horizontalScrollBar().value(), reader.verticalScrollBar().value())
        menu = reader.createStandardContextMenu(pos + scrolled)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._current_key():
            menu.addSeparator()
            menu.addMenu(AddToSessionMenu(self.view, self._current_key, menu))
        menu.popup(reader.viewport().mapToGlobal(pos))
