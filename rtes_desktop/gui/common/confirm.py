"""One question before a destructive action, « Confirmer » / « Annuler »."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_confirmation(parent: QWidget, title: str, text: str) -> bool:
    """A modal question; True only when the user chose « Confirmer »."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(
        QCoreApplication.translate("Confirmation", "Confirmer"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("Confirmation", "Annuler"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes
