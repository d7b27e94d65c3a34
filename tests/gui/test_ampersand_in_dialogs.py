"""« & » shows in the comment dialog's label (issue 13, item 9): a label that is a
field's buddy reads « & » as a shortcut marker and hid it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from rtes_desktop.gui.sessions.session_dialogs import ask_text


def shown_text(label: QLabel) -> str:
    """What the label displays (and a screen reader says): mnemonics resolved."""
    return QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)


def test_the_comment_dialog_shows_the_ampersand(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    got: list[str] = []
    dialog = ask_text(
        parent, "Commentaire", "Votre commentaire sur « Filières & ESS » :", "", got.append
    )
    labels = [shown_text(label) for label in dialog.findChildren(QLabel) if label.text()]
    assert "Votre commentaire sur « Filières & ESS » :" in labels
    field = dialog.findChild(QLineEdit)
    qtbot.keyClicks(field, "R&D")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert got == ["R&D"]
