"""The two lists of « Mes sessions ».

`SessionsList`: the sessions with their sizes; F2 renames, Suppr deletes.

`SessionItemsList`: the ordered items of one session, drawn two lines per item
(number and title; kind or « Note » and the trainer's comment), reordered by drag
and drop or with Alt+↑ / Alt+↓, F2 for the comment, Suppr to remove, Entrée to open.

The list only shows and asks: every change goes out as a signal
(`move_requested(item_id, position)`, …) and the view writes it. A move is shown
at once (so Alt+↓ held down walks the item down smoothly) and written behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import is_demo_example
from rtes_desktop.core.models import Session, SessionItem
from rtes_desktop.gui.common.links import plain_tooltip
from rtes_desktop.gui.notes.notes_list import first_line
from rtes_desktop.gui.search.result_delegate import blend

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME = "application/x-rtes-session-item"
PAD_X = 10
PAD_Y = 7
NUMBER_W = 30

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ItemRow:
    """What one row shows, read from the library by the view."""

    item_id: int
    title: str
    kind: str  # « Fiche », « Guide »… or « Note personnelle »; « Introuvable »
    comment: str
    key: str = ""  # the entry (SOURCE:ID), for an entry or a note on an entry
    note_id: int | None = None
    missing: bool = False  # its note was deleted, or its entry is gone


def item_rows(library: Library, items: list[SessionItem]) -> list[ItemRow]:
    """What the list shows for `items`: an entry's title and kind, a note's title
    or first line; an item whose entry or note is gone says so."""
    keys = {(i.source_id, i.entry_id) for i in items if i.source_id and i.entry_id}
    entries = {(e.source_id, e.id): e for e in library.entries(keys=keys)} if keys else {}
    kinds = {(k.source_id, k.id): k.label for k in library.kinds()}
    rows = []
    for it in items:
        if it.source_id and it.entry_id:
            key = f"{it.source_id}:{it.entry_id}"
            entry = entries.get((it.source_id, it.entry_id))
            if entry is None:
                snap = _snapshot(it)
                if snap:  # received in a kit (issue 11): its snapshot until a sync brings it
                    source = snap.get("source_name") or it.source_id
                    detail = QCoreApplication.translate(
                        "SessionItems",
                        "absente de votre bibliothèque : synchronisez la source {source}",
                    ).format(source=source)
                    title = str(snap.get("title") or key)
                else:
                    title = key
                    detail = QCoreApplication.translate("SessionItems", "Ressource introuvable")
                rows.append(ItemRow(it.id, title, detail, it.comment, key, None, True))
                continue
            kind = kinds.get((entry.source_id, entry.kind), entry.kind)
            if is_demo_example(entry):
                kind += " · " + QCoreApplication.translate(
                    "SessionItems", "exemple de la bibliothèque de démonstration"
                )
            elif entry.withdrawn_at:
                kind += " · " + QCoreApplication.translate("SessionItems", "retirée par l’éditeur")
            rows.append(ItemRow(it.id, entry.title, kind, it.comment, key))
            continue
        note = None
        if it.note_id is not None:
            try:
                note = library.note(it.note_id)
            except RtesError:
                note = None
        if note is None:  # its note was deleted
            rows.append(
                ItemRow(
                    it.id,
                    QCoreApplication.translate("SessionItems", "Note supprimée"),
                    QCoreApplication.translate(
                        "SessionItems", "Elle n’existe plus : retirez-la de la session"
                    ),
                    it.comment,
                    missing=True,
                )
            )
            continue
        title = (
            note.title
            or first_line(note.body)
            or QCoreApplication.translate("SessionItems", "Note vide")
        )
        kind = (
            QCoreApplication.translate("SessionItems", "Note sur une fiche")
            if note.entry_key
            else QCoreApplication.translate("SessionItems", "Note personnelle")
        )
        rows.append(ItemRow(it.id, title, kind, it.comment, note.entry_key or "", note.id))
    return rows


class ItemDelegate(QStyledItemDelegate):
    """Number | title (bold) / kind — comment (muted), each on one elided line."""

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        title = QFont(base)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        title, small = self._fonts(option.font)
        height = (
            2 * PAD_Y + QFontMetrics(title).lineSpacing() + 2 + QFontMetrics(small).lineSpacing()
        )
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: ItemRow | None = index.data(ROW_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        painter.save()
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = QRect(option.rect)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
            text = pal.color(QPalette.ColorRole.HighlightedText)
            muted = text
        else:
            muted = blend(text, base, 0.42)
            painter.setPen(blend(base, text, 0.12))
            painter.drawLine(
                rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom()
            )
        title_font, small_font = self._fonts(option.font)
        x = rect.left() + PAD_X
        y = rect.top() + PAD_Y
        width = max(20, rect.width() - 2 * PAD_X - NUMBER_W)
        lh_title = QFontMetrics(title_font).lineSpacing()
        painter.setFont(title_font)
        painter.setPen(muted)
        number = f"{index.row() + 1}."
        painter.drawText(
            QRect(x, y, NUMBER_W - 8, lh_title),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            number,
        )
        x += NUMBER_W
        painter.setPen(muted if row.missing else text)
        title = QFontMetrics(title_font).elidedText(row.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, lh_title), int(Qt.AlignmentFlag.AlignVCenter), title)
        y += lh_title + 2
        painter.setFont(small_font)
        fm = QFontMetrics(small_font)
        kind = fm.elidedText(row.kind, Qt.TextElideMode.ElideRight, width)
        painter.setPen(muted)
        painter.drawText(QRect(x, y, width, fm.lineSpacing()), 0, kind)
        if row.comment:
            sep = " — "
            cx = x + fm.horizontalAdvance(kind) + fm.horizontalAdvance(sep)
            rest = x + width - cx
            if rest > 20:
                painter.drawText(
                    QRect(cx - fm.horizontalAdvance(sep), y, width, fm.lineSpacing()), 0, sep
                )
                comment_font = QFont(small_font)
                comment_font.setItalic(True)
                painter.setFont(comment_font)
                painter.setPen(text)
                shown = QFontMetrics(comment_font).elidedText(
                    " ".join(row.comment.split()), Qt.TextElideMode.ElideRight, rest
                )
                painter.drawText(QRect(cx, y, rest, fm.lineSpacing()), 0, shown)
        if option.state & QStyle.StateFlag.State_HasFocus:
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            painter.setPen(pal.color(role))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class SessionItemsList(QListWidget):
    """The items of a session, in order. Keyboard: ↑/↓ move the selection,
    Alt+↑/Alt+↓ move the item, F2 edits its comment, Suppr removes it,
    Entrée opens it. The mouse: drag an item to its new place, double-click opens."""

    move_requested = Signal(int, int)  # item id, new position (0-based)
    remove_requested = Signal(int)
    comment_requested = Signal(int)
    activated_row = Signal(object)  # ItemRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionItems")
        self.setItemDelegate(ItemDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.itemActivated.connect(lambda it: self.activated_row.emit(it.data(ROW_ROLE)))

    # -- filling ---------------------------------------------------------------

    def set_rows(self, rows: list[ItemRow], select_id: int | None = None) -> None:
        """Show `rows` in order, selecting `select_id` (else keeping the row index)."""
        keep_row = self.currentRow()
        self.clear()
        for row in rows:
            self.addItem(self._make_item(row))
        self._speak_all()
        if not rows:
            return
        target = next((i for i, r in enumerate(rows) if r.item_id == select_id), None)
        if target is None:
            target = min(max(keep_row, 0), len(rows) - 1)
        self.setCurrentRow(target)

    def _make_item(self, row: ItemRow) -> QListWidgetItem:
        item = QListWidgetItem(row.title)
        item.setData(ROW_ROLE, row)
        item.setToolTip(plain_tooltip(row.title + (f"\n{row.comment}" if row.comment else "")))
        return item

    def _speak_all(self) -> None:
        # What a screen reader says, with the position the picture shows.
        for i in range(self.count()):
            item = self.item(i)
            row: ItemRow = item.data(ROW_ROLE)
            spoken = f"{i + 1}. {row.title}, {row.kind}"
            if row.comment:
                spoken += self.tr(", commentaire : {comment}").format(comment=row.comment)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)

    def rows(self) -> list[ItemRow]:
        """The rows in the order shown."""
        return [self.item(i).data(ROW_ROLE) for i in range(self.count())]

    def current_row_data(self) -> ItemRow | None:
        item = self.currentItem()
        return item.data(ROW_ROLE) if item is not None else None

    def replace_row(self, row: ItemRow) -> None:
        """Show new data for one item (its comment changed), in place."""
        for i in range(self.count()):
            item = self.item(i)
            if item.data(ROW_ROLE).item_id == row.item_id:
                item.setData(ROW_ROLE, row)
                item.setToolTip(
                    plain_tooltip(row.title + (f"\n{row.comment}" if row.comment else ""))
                )
                self._speak_all()
                return

    # -- moving ----------------------------------------------------------------

    def move_current(self, delta: int) -> bool:
        """Move the selected item up (-1) or down (+1): shown now, then asked for."""
        row = self.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.count():
            return False
        self._move_row(row, target)
        return True

    def _move_row(self, row: int, target: int) -> None:
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self._speak_all()
        self.move_requested.emit(item.data(ROW_ROLE).item_id, target)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key, mods = event.key(), event.modifiers()
        if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        row = self.current_row_data()
        if row is not None and mods == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_Delete:
                self.remove_requested.emit(row.item_id)
                event.accept()
                return
            if key == Qt.Key.Key_F2:
                self.comment_requested.emit(row.item_id)
                event.accept()
                return
        super().keyPressEvent(event)

    # -- drag and drop: our own mime type, the move decided here ----------------

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [MIME]

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802 - Qt API
        data = QMimeData()
        if items:
            row: ItemRow = items[0].data(ROW_ROLE)
            data.setData(MIME, QByteArray(str(row.item_id).encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt API
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(MIME):
            super().dragEnterEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(MIME):
            super().dragMoveEvent(event)  # draws the drop indicator
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        data = event.mimeData()
        if not data.hasFormat(MIME):
            event.ignore()
            return
        try:
            item_id = int(bytes(data.data(MIME).data()).decode())
        except ValueError:
            event.ignore()
            return
        source = next(
            (i for i in range(self.count()) if self.item(i).data(ROW_ROLE).item_id == item_id), -1
        )
        if source < 0:
            event.ignore()
            return
        gap = self.drop_gap(event.position().toPoint())
        target = gap - 1 if gap > source else gap
        # Copy, not Move: a Move would make the view delete the dragged row itself.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
        if target != source:
            self._move_row(source, target)

    def drop_gap(self, pos: Any) -> int:
        """The gap (0 = before the first row, count = after the last) at `pos`."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.count()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)


class SessionsList(QTreeWidget):
    """The sessions (name | number of items). F2 asks to rename the one chosen,
    Suppr to delete it."""

    rename_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionsList")
        self.setStyleSheet("QTreeWidget#sessionsList::item { padding: 4px 2px; }")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def set_sessions(
        self,
        sessions: list[Session],
        sizes: dict[int, int],
        current: int | None,
        spoken_count: Callable[[int], str],
    ) -> None:
        """Show `collections` in this order, `current` chosen, without emitting."""
        self.blockSignals(True)
        try:
            self.clear()
            for c in sessions:
                n = sizes.get(c.id, 0)
                item = QTreeWidgetItem([c.name, str(n)])
                item.setData(0, SESSION_ID_ROLE, c.id)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setForeground(1, self.palette().placeholderText())
                item.setToolTip(0, plain_tooltip(c.name))
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{c.name}, {spoken_count(n)}")
                self.addTopLevelItem(item)
                if c.id == current:
                    self.setCurrentItem(item)
        finally:
            self.blockSignals(False)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # Three to six rows: enough to choose among, without crowding the items out.
        rows = min(max(self.topLevelItemCount(), 3), 6)
        row_h = (
            self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 8
        )
        return QSize(super().sizeHint().width(), rows * row_h + 2 * self.frameWidth() + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and self.currentItem():
            if event.key() == Qt.Key.Key_F2:
                self.rename_requested.emit()
                return
            if event.key() == Qt.Key.Key_Delete:
                self.delete_requested.emit()
                return
        super().keyPressEvent(event)


def _snapshot(item: SessionItem) -> dict[str, Any]:
    """The kit's snapshot of an item's entry (title, source_name…), or {}."""
    if not item.snapshot:
        return {}
    try:
        data = json.loads(item.snapshot)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
