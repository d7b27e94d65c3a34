"""The search field: always at hand (Ctrl+K, Ctrl+F), searches as you type,
completes the word being typed from the index's vocabulary."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class SearchBar(QLineEdit):
    """A QLineEdit that reports edits, Enter, Escape and ↓ to the window."""

    query_edited = Signal(str)  # every keystroke (the controller debounces)
    submitted = Signal(str)  # Enter, or a completion chosen
    wants_suggestions = Signal(str)  # the word being typed
    go_down = Signal()  # ↓ with no completion popup: move to the results

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Rechercher dans la bibliothèque… (Ctrl+K)"))
        self.setAccessibleName(self.tr("Rechercher"))
        self.setAccessibleDescription(
            self.tr(
                "Tapez des mots : les résultats s'affichent au fur et à mesure. "
                "Flèche bas pour parcourir les résultats, Échap pour effacer."
            )
        )
        self.setMinimumWidth(320)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # Suggestions are folded (accents, case) by the index: no filtering by Qt.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(8)
        self._completer.popup().setAccessibleName(self.tr("Suggestions de recherche"))
        self._completer.activated.connect(self._on_completion)
        self.setCompleter(self._completer)
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
        else:
            self._completer.popup().hide()

    def _on_completion(self, text: str) -> None:
        self.setText(text)
        self.submitted.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        popup = self._completer.popup()
        if event.key() == Qt.Key.Key_Escape and not popup.isVisible() and self.text():
            self.clear()
            self.query_edited.emit("")
            self.submitted.emit("")
            return
        if event.key() == Qt.Key.Key_Down and not popup.isVisible():
            self.go_down.emit()
            return
        super().keyPressEvent(event)
