"""« Mes notes »: every note in one list, searchable (also helpers shared with the
notes panel). Import `NotesListView` from here or from `notes_panel`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Note
from rtes_desktop.core.text import first_line, fold
from rtes_desktop.gui.common.headings import view_title
from rtes_desktop.gui.common.i18n import format_datetime
from rtes_desktop.gui.common.links import open_external, plain_tooltip

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_DELAY_MS = 150


def open_link(url: QUrl, on_entry: Callable[[str], None]) -> None:
    """entry: links open in the app; http(s) and mailto in the system's applications."""
    if url.scheme() == "entry":
        on_entry(url.toString()[len("entry:") :].lstrip("/"))
    elif url.scheme() in ("http", "https", "mailto"):
        open_external(url)


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights measured at each column's width, so wrapped text gets its lines
    (the tree view asks for a height without saying the width)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        natural = super().sizeHint(option, index)  # the width it would like
        at_width = QStyleOptionViewItem(option)
        at_width.rect = QRect(0, 0, self.tree.columnWidth(index.column()), 10_000)
        return QSize(natural.width(), super().sizeHint(at_width, index).height())


class NotesListView(QWidget):
    """Every note (entry title or « Note libre », date, first line), filtered as you type.

    Activating a row (Enter, double-click) emits `open_entry(key)` ("" for a free
    note) and `open_note(key, note_id)`. Call `refresh()` when notes changed.
    """

    open_entry = Signal(str)
    open_note = Signal(str, int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._rows: list[tuple[Note, str, str]] = []  # note, entry title, folded text
        self.setAccessibleName(self.tr("Mes notes"))

        title = view_title(self.tr("Mes notes"))
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Nombre de notes"))

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Rechercher dans mes notes…"))
        self.filter_edit.setAccessibleName(self.tr("Rechercher dans mes notes"))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._apply_filter)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Liste de toutes les notes"))
        self.tree.setRootIsDecorated(False)
        # Long titles and first lines wrap inside the width: nothing hides behind a
        # horizontal scroll bar (issue 13). Rows then differ in height.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.viewport().installEventFilter(self)  # the columns follow its width
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(
            [self.tr("Fiche"), self.tr("Modifiée le"), self.tr("Début de la note")]
        )
        self.tree.itemActivated.connect(self._activated)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        self.refresh()

    def refresh(self) -> None:
        """Read every note again from the library (most recently changed first)."""
        notes = self.library.notes()
        keys = {(n.source_id, n.entry_id) for n in notes if n.entry_id}
        titles = {e.key: e.title for e in self.library.entries(keys=keys)} if keys else {}
        free = self.tr("Note libre")
        self._rows = []
        for note in notes:
            key = note.entry_key
            entry_title = titles.get(key, key) if key else free
            text = fold(f"{entry_title}\n{note.title}\n{note.body}")
            self._rows.append((note, entry_title or "", text))
        self._apply_filter()

    def set_filter(self, text: str) -> None:
        """Show only the notes containing `text` (accents and case ignored)."""
        self.filter_edit.setText(text)
        self._apply_filter()

    def visible_notes(self) -> list[Note]:
        """The notes the list shows now, top to bottom."""
        ids = [
            self.tree.topLevelItem(i).data(0, NOTE_ID_ROLE)
            for i in range(self.tree.topLevelItemCount())
        ]
        by_id = {n.id: n for n, _t, _f in self._rows}
        return [by_id[i] for i in ids]

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        words = fold(self.filter_edit.text()).split()
        self.tree.clear()
        items = []
        for note, entry_title, text in self._rows:
            if words and not all(w in text for w in words):
                continue
            start = note.title or first_line(note.body) or self.tr("Note vide")
            item = QTreeWidgetItem([entry_title, format_datetime(note.updated_at), start])
            item.setData(0, NOTE_ID_ROLE, note.id)
            item.setData(0, KEY_ROLE, note.entry_key or "")
            item.setToolTip(2, plain_tooltip(note.body[:500]))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self._fit_columns()
        shown, total = len(items), len(self._rows)
        if shown == total:
            if total == 0:
                text = self.tr("Aucune note")
            elif total == 1:
                text = self.tr("1 note")
            else:
                text = self.tr("{n} notes").format(n=total)
            self.count_label.setText(text)
        else:
            self.count_label.setText(
                self.tr("{shown} sur {total} notes").format(shown=shown, total=total)
            )
        if not total:
            self.empty_label.setText(
                self.tr(
                    "Aucune note pour l'instant. Ouvrez une fiche et choisissez "
                    "« Nouvelle note » dans le panneau des notes."
                )
            )
        elif not shown:
            self.empty_label.setText(
                self.tr("Aucune note ne contient « {text} ».").format(
                    text=self.filter_edit.text().strip()
                )
            )
        self.empty_label.setVisible(not shown)
        self.tree.setVisible(bool(shown))

    def _fit_columns(self) -> None:
        """The date at its width, the entry title at most 40 % of the list, the note's
        start in the rest: text wraps instead of running off to the right."""
        width = self.tree.viewport().width()
        if width <= 0:
            return
        self.tree.resizeColumnToContents(1)
        title = min(self.tree.sizeHintForColumn(0) + 12, int(width * 0.4))
        self.tree.setColumnWidth(0, max(title, 80))
        self.tree.doItemsLayout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE) or ""
        self.open_note.emit(key, int(item.data(0, NOTE_ID_ROLE)))
        self.open_entry.emit(key)
