"""The search field: always at hand (Ctrl+K, Ctrl+F), searches as you type,
completes the word being typed from the index's vocabulary.

The keyboard (issue 13): ↓ always goes to the results, even while suggestions show;
a suggestion replaces the query only when chosen (Tab into the list, then Entrée, or
a click), never by being highlighted; Échap first closes what is open (the
suggestions, then whatever the window registered in `closers`), and clearing the
query takes a second Échap.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolTip, QWidget


class SearchBar(QLineEdit):
    """A QLineEdit that reports edits, Enter, Escape and ↓ to the window."""

    query_edited = Signal(str)  # every keystroke (the controller debounces)
    submitted = Signal(str)  # Enter, or a completion chosen
    wants_suggestions = Signal(str)  # the word being typed
    go_down = Signal()  # ↓: move to the results
    escape_armed = Signal(str)  # a first Échap on a query: the sentence saying what a second does

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Rechercher dans la bibliothèque… (Ctrl+K)"))
        self.setAccessibleName(self.tr("Rechercher"))
        self.setAccessibleDescription(
            self.tr(
                "Tapez des mots : les résultats s'affichent au fur et à mesure. "
                "Flèche bas pour parcourir les résultats, Tab pour parcourir les "
                "suggestions, Échap deux fois pour effacer."
            )
        )
        #: tried in order on Échap before the query is touched; each closes what it
        #: owns (a find bar, the reading mode…) and returns True if it closed something
        self.closers: list[Callable[[], bool]] = []
        self._escape_armed = False
        self.setMinimumWidth(320)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # Suggestions are folded (accents, case) by the index: no filtering by Qt.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(8)
        self._completer.popup().setAccessibleName(self.tr("Suggestions de recherche"))
        self._completer.activated.connect(self._on_completion)
        # Not QLineEdit.setCompleter: that one writes every highlighted suggestion into
        # the field (« sieg », ↓, Entrée searched « siéger »). Only `activated` (Entrée
        # on a suggestion the user moved to, or a click) changes the query here.
        self._completer.setWidget(self)
        self._completer.popup().installEventFilter(self)
        self.textEdited.connect(self._on_edited)
        self.returnPressed.connect(lambda: self.submitted.emit(self.text()))

    def _last_word(self) -> tuple[str, str]:
        text = self.text()
        if not text or text.endswith(" "):
            return text, ""
        head, _, word = text.rpartition(" ")
        return (head + " " if head else ""), word

    def _on_edited(self, text: str) -> None:
        self.query_edited.emit(text)
        _head, word = self._last_word()
        if len(word) >= 2:
            self.wants_suggestions.emit(word)
        else:
            self._model.setStringList([])

    def show_suggestions(self, prefix: str, words: list[str]) -> None:
        """Offer `words` to complete the current last word, if it is still `prefix`."""
        head, word = self._last_word()
        if word != prefix or not self.hasFocus():
            return
        choices = [head + w for w in words if w.casefold() != word.casefold()]
        self._model.setStringList(choices)
        if choices:
            self._completer.complete()
            # Shown, not chosen: no row preselected, so ↓, Entrée and Tab keep their
            # meaning until the user moves into the list (Tab) or points at a row.
            self._completer.popup().setCurrentIndex(QModelIndex())
        else:
            self._completer.popup().hide()

    def _on_completion(self, text: str) -> None:
        self._completer.popup().hide()
        self.setText(text)
        self.submitted.emit(text)

    def suggestions_shown(self) -> bool:
        return bool(self._completer.popup().isVisible())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Keys reach the suggestions popup first while it shows (it grabs the keyboard).
        popup = self._completer.popup()
        if watched is popup and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            chosen = popup.currentIndex().isValid()  # the user moved into the list
            if key == Qt.Key.Key_Tab and not chosen:
                popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not chosen:
                popup.hide()
                if key == Qt.Key.Key_Down:
                    self.go_down.emit()
                return True
            if key == Qt.Key.Key_Escape:  # closes the list only; the query stays
                popup.hide()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not chosen:
                popup.hide()
                self.submitted.emit(self.text())  # the query as typed
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        armed, self._escape_armed = self._escape_armed, False
        if key == Qt.Key.Key_Escape:
            self._on_escape(armed)
            return
        if key == Qt.Key.Key_Down:
            self._completer.popup().hide()
            self.go_down.emit()
            return
        super().keyPressEvent(event)

    def _on_escape(self, armed: bool) -> None:
        """Close what is open first; a query is cleared by a second Échap only."""
        if self.suggestions_shown():
            self._completer.popup().hide()
            return
        for close in self.closers:
            if close():
                return
        if not self.text():
            return
        if not armed:
            self._escape_armed = True
            message = self.tr("Échap de nouveau pour effacer la recherche")
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
            self.escape_armed.emit(message)
            return
        QToolTip.hideText()
        self.clear()
        self.query_edited.emit("")
        self.submitted.emit("")
