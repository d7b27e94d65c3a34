"""« À revérifier »: my notes whose fiche changed since I wrote them, and what changed.

A list of the stale notes on the left; on the right the note, and the changes of
the fiche since the note was written, word by word (struck in red, added in green;
`core/stale_notes.py`), and « Marquer comme revérifiée ». The view only shows and
asks: loading (`load`) and verifying (`verify_requested`) go through the caller's
job runner.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.formatting import date_fr
from rtes_desktop.core.stale_notes import StaleNote, changes_as_html


class RecheckView(QWidget):
    """The stale notes, one shown with its fiche's changes."""

    verify_requested = Signal(int)  # note id
    open_entry_requested = Signal(str)  # SOURCE:ID

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("À revérifier"))
        self._stale: dict[int, StaleNote] = {}
        self.title = QLabel(self.tr("À revérifier"))
        self.title.setObjectName("recheckTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.explain = QLabel(
            self.tr(
                "Ces notes portent sur des fiches mises à jour depuis que vous les avez "
                "écrites. Relisez les changements, puis marquez la note comme revérifiée."
            )
        )
        self.explain.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Notes à revérifier"))
        self.list.currentItemChanged.connect(self._show_current)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.note_text = QLabel()
        self.note_text.setWordWrap(True)
        self.note_text.setTextFormat(Qt.TextFormat.PlainText)
        self.note_text.setStyleSheet(
            "QLabel { background: #fff8e1; border-left: 4px solid #e0a800; padding: 6px; }"
        )
        self.diff = QTextBrowser()
        self.diff.setOpenLinks(False)
        self.diff.setAccessibleName(self.tr("Changements de la fiche"))
        self.verify_button = QPushButton(self.tr("&Marquer comme revérifiée"))
        self.verify_button.clicked.connect(self._verify)
        self.open_button = QPushButton(self.tr("&Ouvrir la fiche"))
        self.open_button.clicked.connect(self._open)
        self.empty = QLabel(self.tr("Aucune note à revérifier."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.header)
        rl.addWidget(self.note_text)
        rl.addWidget(QLabel(self.tr("Ce qui a changé dans la fiche :")))
        rl.addWidget(self.diff, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        rl.addLayout(buttons)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(right)
        self.splitter.setSizes([260, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.load([])

    def load(self, stale: list[StaleNote]) -> None:
        """Show these stale notes (keeps the current one selected when still there)."""
        current = self.current_note_id()
        self._stale = {s.note.id: s for s in stale}
        self.list.blockSignals(True)
        self.list.clear()
        for s in stale:
            first = (s.note.title or s.note.body).strip().splitlines()
            label = f"« {s.entry_title} »\n{(first[0] if first else '')[:80]}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, s.note.id)
            item.setToolTip(s.entry_title)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.title.setText(self.tr("À revérifier ({n})").format(n=len(stale)))
        self.empty.setVisible(not stale)
        self.splitter.setVisible(bool(stale))
        row = next((i for i, s in enumerate(stale) if s.note.id == current), 0)
        if stale:
            self.list.setCurrentRow(row)
            self._show_current()

    def current_note_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _show_current(self, *_: object) -> None:
        note_id = self.current_note_id()
        s = self._stale.get(note_id) if note_id is not None else None
        if s is None:
            return
        self.header.setText(
            self.tr("Note n°{id} sur <b>{title}</b> — fiche mise à jour le {date}").format(
                id=s.note.id, title=html.escape(s.entry_title), date=date_fr(s.entry_updated_at)
            )
        )
        self.note_text.setText(s.note.body.strip())
        if s.changes is None:
            self.diff.setPlainText(self.tr("L'ancienne version de la fiche n'a pas été conservée."))
        else:
            self.diff.setHtml(changes_as_html(s.changes))

    def _verify(self) -> None:
        note_id = self.current_note_id()
        if note_id is not None:
            self.verify_requested.emit(note_id)

    def _open(self) -> None:
        note_id = self.current_note_id()
        s = self._stale.get(note_id) if note_id is not None else None
        if s is not None and s.note.entry_key:
            self.open_entry_requested.emit(s.note.entry_key)
