"""Finding words in the open fiche: the query's words highlighted when a result is
opened (`ReaderMarks.show_query`, by the search's own analysis), and Ctrl+F's find
bar (next/previous with Entrée/Maj+Entrée and F3, Échap closes).

Both paint extra selections over the reader's document: the page's HTML is never
rewritten, so a link or a table stays what the renderer made it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from rtes_desktop.core.search import QueryHighlighter


def _fold_char(ch: str) -> str:
    """One character, lower case, without its accent (« É » -> « e »), and always
    one character, so offsets in the folded text are offsets in the page."""
    low = ch.lower()
    if len(low) != 1:
        return ch
    base = unicodedata.normalize("NFD", low)[0]
    return "'" if base in "’ʼ" else base


def fold_keeping_offsets(text: str) -> str:
    """`text` folded character by character (same length): what the find bar searches."""
    return "".join(_fold_char(c) for c in text)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of `needle` in `text`, accents and case ignored."""
    folded_needle = fold_keeping_offsets(needle.strip())
    if not folded_needle:
        return []
    hay = fold_keeping_offsets(text)
    out = []
    i = hay.find(folded_needle)
    while i >= 0:
        out.append((i, i + len(folded_needle)))
        i = hay.find(folded_needle, i + len(folded_needle))
    return out


class ReaderMarks(QObject):
    """The reader's highlights, in two layers: the query's words and the find bar's
    matches (the current one stronger)."""

    def __init__(self, editor: QTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.query_spans: list[tuple[int, int]] = []
        self.find_spans: list[tuple[int, int]] = []
        self.current = -1

    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat, QTextCharFormat]:
        dark = self.editor.palette().color(QPalette.ColorRole.Base).lightness() < 128
        query, found, current = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        query.setBackground(QColor("#5b4f00" if dark else "#fff0a0"))
        found.setBackground(QColor("#2f5a86" if dark else "#cfe3ff"))
        current.setBackground(QColor("#b85c00" if dark else "#ff9f40"))
        text = QColor("#ffffff" if dark else "#000000")
        for fmt in (query, found, current):
            fmt.setForeground(text)
        return query, found, current

    def apply(self) -> None:
        query_fmt, found_fmt, current_fmt = self._formats()
        selections = []
        doc = self.editor.document()
        layers = (
            (self.query_spans, lambda _i: query_fmt),
            (self.find_spans, lambda i: current_fmt if i == self.current else found_fmt),
        )
        for spans, fmt_of in layers:
            for i, (start, end) in enumerate(spans):
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(doc)
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor  # type: ignore[attr-defined]
                sel.format = fmt_of(i)  # type: ignore[attr-defined]
                selections.append(sel)
        self.editor.setExtraSelections(selections)

    def show_query(self, query: str, thesaurus: object | None = None) -> int:
        """Highlight `query`'s words in the page (by the search's analysis) and scroll
        to the first. Returns how many places were highlighted."""
        highlighter = QueryHighlighter(query, thesaurus)  # type: ignore[arg-type]
        spans: list[tuple[int, int]] = []
        if highlighter:
            block = self.editor.document().begin()
            while block.isValid():
                base = block.position()
                spans.extend((base + s, base + e) for s, e in highlighter.spans(block.text()))
                block = block.next()
        self.query_spans = spans
        self.apply()
        if spans:
            self.scroll_to(spans[0][0])
        return len(spans)

    def clear(self) -> None:
        """A new page: nothing highlighted."""
        self.query_spans, self.find_spans, self.current = [], [], -1
        self.apply()

    def scroll_to(self, position: int) -> None:
        """Bring `position` into view, a third down the reader (context above it)."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(position)
        rect = self.editor.cursorRect(cursor)
        bar = self.editor.verticalScrollBar()
        viewport_h = self.editor.viewport().height()
        if rect.top() < 0 or rect.bottom() > viewport_h:
            bar.setValue(bar.value() + rect.top() - viewport_h // 3)


class FindBar(QWidget):
    """« Rechercher dans la fiche » under the reader: Entrée (or F3) for the next
    match, Maj+Entrée (or Maj+F3) for the previous one, Échap to close."""

    closed = Signal()

    def __init__(self, marks: ReaderMarks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.marks = marks
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findField")
        self.edit.setPlaceholderText(self.tr("Rechercher dans la fiche"))
        self.edit.setAccessibleName(self.tr("Rechercher dans la fiche"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("000 / 000") + 8)
        self.prev_button = self._button(
            "‹", self.tr("Précédent (Maj+Entrée, Maj+F3)"), self.previous
        )
        self.next_button = self._button("›", self.tr("Suivant (Entrée, F3)"), self.next)
        self.close_button = self._button("✕", self.tr("Fermer (Échap)"), self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        self.hide()

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- opening and closing ------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar, the field focused and selected (the words chosen in the
        reader, if any, become what is searched)."""
        chosen = self.marks.editor.textCursor().selectedText().strip()
        if chosen and "\u2029" not in chosen:
            self.edit.setText(chosen)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        self.marks.find_spans, self.marks.current = [], -1
        self.marks.apply()
        self.marks.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def page_changed(self) -> None:
        """Another fiche in the reader: search it again if the bar is open."""
        if self.isVisible():
            self._search()

    # -- moving -------------------------------------------------------------------

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        spans = self.marks.find_spans
        if not spans:
            return
        self.marks.current = (self.marks.current + delta) % len(spans)
        self._show_current()

    def _search(self) -> None:
        text = self.marks.editor.document().toPlainText()
        spans = find_all(text, self.edit.text())
        self.marks.find_spans = spans
        # Start at the first match in view or below, as a reader expects.
        top = self.marks.editor.cursorForPosition(self.marks.editor.viewport().rect().topLeft())
        start = top.position()
        self.marks.current = next((i for i, s in enumerate(spans) if s[0] >= start), 0)
        if not spans:
            self.marks.current = -1
        self._show_current()

    def _show_current(self) -> None:
        spans, current = self.marks.find_spans, self.marks.current
        self.marks.apply()
        if current >= 0:
            self.marks.scroll_to(spans[current][0])
            self.count.setText(self.tr("{0} / {1}").format(current + 1, len(spans)))
        elif self.edit.text().strip():
            self.count.setText(self.tr("Aucun résultat"))
        else:
            self.count.setText("")
        self.count.setAccessibleName(self.count.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                self._step(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
