"""Personal tags: the chips of one entry with completion, and the dialog that
renames, merges and deletes tags.

Writes go through the runner's write lane: a tag added while a sync applies waits for
it off the GUI thread instead of freezing the window.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library, normalize_tag
from rtes_desktop.gui.common.confirm import ask_confirmation
from rtes_desktop.gui.common.jobs import WRITE, Jobs

log = logging.getLogger(__name__)


class FlowLayout(QLayout):
    """Lays widgets left to right, wrapping to the next line (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 - Qt API
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():  # a hidden widget takes no room
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagEditor(QWidget):
    """The personal tags of one entry: removable chips and a field with completion.

    `set_entry(key)` shows the tags of entry `key` (SOURCE:ID; None disables the
    editor). `tags_changed(key)` fires after a tag was added to or removed from it.
    """

    tags_changed = Signal(str)
    tag_count_changed = Signal(str, int)  # tag name, +1 put on / -1 taken off one entry

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self._key: str | None = None
        self._tags: list[str] = []
        self.setAccessibleName(self.tr("Mes tags de la fiche"))

        self.chips = QWidget()
        self.chips.setAccessibleName(self.tr("Tags de la fiche"))
        self.chip_layout = FlowLayout(self.chips)
        self._chips: list[QToolButton] = []

        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Ajouter un tag…"))
        self.edit.setAccessibleName(self.tr("Ajouter un tag"))
        self.edit.setAccessibleDescription(
            self.tr("Tapez un tag puis Entrée ; les tags existants sont proposés")
        )
        self.edit.setMaxLength(80)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._add_text)
        self.edit.setCompleter(self.completer)
        self.completer.popup().setAccessibleName(self.tr("Tags existants"))
        self.edit.returnPressed.connect(self._on_return)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chips)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        self.set_entry(None)

    # -- public ------------------------------------------------------------------

    @property
    def entry_key(self) -> str | None:
        return self._key

    def tags(self) -> list[str]:
        """The tags the chips show."""
        return list(self._tags)

    def set_entry(self, key: str | None) -> None:
        """Show the tags of entry `key` (SOURCE:ID), or nothing (None)."""
        self._key = key or None
        self.error_label.hide()
        self.edit.clear()
        self.edit.setEnabled(self._key is not None)
        self.refresh()

    def refresh(self) -> None:
        """Read the entry's tags and the completion list again."""
        tags: list[str] = []
        if self._key:
            try:
                tags = self.library.entry_tags(self._key)
            except RtesError as exc:
                self._show_error(str(exc))
        self._tags = tags
        self._fill_chips()
        self.model.setStringList([t.name for t in self.library.tags()])

    def add_tag(self, name: str) -> None:
        """Tag the entry shown (as pressing Enter in the field does)."""
        self._add_text(name)

    def remove_tag(self, name: str) -> None:
        """Untag the entry shown (as clicking a chip's × does)."""
        key = self._key
        if key is None:
            return
        self.jobs.write(lambda: self.library.remove_tag(key, name)).on_done(
            lambda _r: self._written(key, name, -1)
        ).on_error(self._on_error)

    # -- internals ----------------------------------------------------------------

    def _on_return(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            # Enter on a highlighted completion: the line edit sees the key first,
            # then the completer emits `activated` with the chosen tag. Add that one only.
            return
        self._add_text(self.edit.text())

    def _add_text(self, text: str) -> None:
        key = self._key
        if key is None or not text.strip():
            return
        try:
            name = normalize_tag(text)
        except RtesError as exc:
            self._show_error(str(exc))
            return
        self.edit.clear()
        self.error_label.hide()
        self.jobs.write(lambda: self.library.add_tag(key, name)).on_done(
            lambda added: self._written(key, name, 1 if added else 0)
        ).on_error(self._on_error)

    def _written(self, key: str, name: str, delta: int) -> None:
        if key == self._key:
            self.refresh()
        if delta:
            self.tag_count_changed.emit(name, delta)
        self.tags_changed.emit(key)

    def _fill_chips(self) -> None:
        # Chips are reused, never deleted: a chip is often destroyed from its own
        # click (removing its tag), and a QToolButton deleted that way under a
        # Python layout crashed Qt. Unused chips are hidden.
        for i, name in enumerate(self._tags):
            if i == len(self._chips):
                chip = QToolButton()
                chip.setAutoRaise(False)
                chip.setStyleSheet(
                    "QToolButton { border: 1px solid palette(mid); border-radius: 9px; "
                    "padding: 1px 8px; }"
                )
                chip.clicked.connect(lambda _c=False, b=chip: self.remove_tag(b.property("tag")))
                self._chips.append(chip)
                self.chip_layout.addWidget(chip)
            chip = self._chips[i]
            label = self.tr("Retirer le tag « {name} »").format(name=name)
            chip.setText(f"{name}  ×")
            chip.setToolTip(label)
            chip.setAccessibleName(label)
            chip.setProperty("tag", name)
            chip.show()
        for chip in self._chips[len(self._tags) :]:
            chip.hide()
        self.chips.setVisible(bool(self._tags))
        self.chip_layout.invalidate()
        self.chips.updateGeometry()

    def chip_buttons(self) -> list[QToolButton]:
        """The chips shown, in order (for keyboard navigation and tests)."""
        return self._chips[: len(self._tags)]

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.jobs.drain(WRITE, 10.0)  # a tag being written lands before the editor goes
        super().closeEvent(event)

    def _on_error(self, exc: BaseException) -> None:
        if not isinstance(exc, RtesError):
            log.error("tag write failed", exc_info=exc)
        self._show_error(str(exc))
        self.refresh()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


class ManageTagsDialog(QDialog):
    """Every personal tag with its number of entries: rename (F2), merge, delete.

    Renaming onto an existing tag merges the two (after asking). `tags_changed()`
    fires after each change.
    """

    tags_changed = Signal()

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self._filling = False
        self.setWindowTitle(self.tr("Gérer mes tags"))
        self.setAccessibleName(self.tr("Gérer mes tags"))
        self.resize(460, 420)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Mes tags"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Fiches")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.itemChanged.connect(self._item_edited)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())

        self.rename_button = QPushButton(self.tr("Renommer…"))
        self.rename_button.setAccessibleName(self.tr("Renommer le tag"))
        self.rename_button.setToolTip(
            self.tr("Renommer le tag (F2) ; un nom existant fusionne les deux tags")
        )
        self.rename_button.clicked.connect(self._start_rename)
        self.delete_button = QPushButton(self.tr("Supprimer"))
        self.delete_button.setAccessibleName(self.tr("Supprimer le tag de toutes les fiches"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.empty_label = QLabel(
            self.tr("Aucun tag pour l'instant : ajoutez-en depuis une fiche.")
        )
        self.empty_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        side = QHBoxLayout()
        side.addWidget(self.rename_button)
        side.addWidget(self.delete_button)
        side.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(side)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Read the tags and their counts again."""
        current = select or self.selected_tag()
        self._filling = True
        try:
            self.tree.clear()
            for tag in self.library.tags():
                item = QTreeWidgetItem([tag.name, str(tag.count)])
                item.setData(0, Qt.ItemDataRole.UserRole, tag.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                self.tree.addTopLevelItem(item)
                if tag.name == current:
                    self.tree.setCurrentItem(item)
        finally:
            self._filling = False
        self.tree.resizeColumnToContents(0)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        has = self.tree.topLevelItemCount() > 0
        self.tree.setVisible(has)
        self.empty_label.setVisible(not has)
        self._update_buttons()

    def selected_tag(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def tag_counts(self) -> dict[str, int]:
        """What the list shows: tag -> number of entries."""
        return {
            self.tree.topLevelItem(i).text(0): int(self.tree.topLevelItem(i).text(1))
            for i in range(self.tree.topLevelItemCount())
        }

    def rename(self, old: str, new: str) -> None:
        """Rename `old` to `new`; onto an existing tag, ask, then merge."""
        try:
            new_name = normalize_tag(new)
        except RtesError as exc:
            self._show_error(str(exc))
            self.refresh(select=old)
            return
        if new_name == old:
            return
        existing = {t.name.casefold(): t.name for t in self.library.tags()}
        target = existing.get(new_name.casefold())
        if target is not None and target != old:
            question = self.tr(
                "Le tag « {new} » existe déjà. Fusionner « {old} » dans « {new} » ? "
                "Les fiches des deux tags porteront « {new} »."
            ).format(old=old, new=target)
            if not ask_confirmation(self, self.tr("Fusionner les tags"), question):
                self.refresh(select=old)
                return
            new_name = target
        self.jobs.write(lambda: self.library.rename_tag(old, new_name)).on_done(
            lambda _r: self._changed(new_name)
        ).on_error(self._on_error)

    def delete_selected(self) -> None:
        """Remove the selected tag from every entry (after asking)."""
        name = self.selected_tag()
        if name is None:
            return
        count = self.tag_counts().get(name, 0)
        question = self.tr(
            "Retirer le tag « {name} » de {count} fiche(s) ? Les fiches elles-mêmes ne sont "
            "pas supprimées."
        ).format(name=name, count=count)
        if not ask_confirmation(self, self.tr("Supprimer le tag"), question):
            return
        library = self.library

        def delete() -> None:
            with library.transaction():  # all entries untagged, or none
                for entry in library.entries(tag=name):
                    library.remove_tag(entry.key, name)

        self.jobs.write(delete).on_done(lambda _r: self._changed(None)).on_error(self._on_error)

    # -- internals ----------------------------------------------------------------

    def _start_rename(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.editItem(item, 0)

    def _item_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        old = item.data(0, Qt.ItemDataRole.UserRole)
        self.rename(old, item.text(0))

    def _changed(self, select: str | None) -> None:
        self.error_label.hide()
        self.refresh(select=select)
        self.tags_changed.emit()

    def _on_error(self, exc: BaseException) -> None:
        if not isinstance(exc, RtesError):
            log.error("tag change failed", exc_info=exc)
        self._show_error(str(exc))
        self.refresh()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _update_buttons(self) -> None:
        has = self.tree.currentItem() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def done(self, result: Any) -> None:  # noqa: D401 - Qt API
        self.jobs.drain(WRITE, 10.0)  # let queued changes land before the dialog goes
        super().done(result)
