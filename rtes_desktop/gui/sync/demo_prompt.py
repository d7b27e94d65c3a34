"""Asking before a real source replaces the demo: retire it (the default, as the
sync would) or keep it beside the real source. Window-modal, never blocking the
event loop (`open`, an answer callback), so a test or a screen reader sees it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

KEEP = "keep"
REMOVE = "remove"


class DemoPrompt(QMessageBox):
    """« Retirer la démonstration » / « Garder la démonstration » / « Annuler »."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoPrompt")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Bibliothèque de démonstration"))
        self.setText(self.tr("Retirer la bibliothèque de démonstration ?"))
        self.setInformativeText(
            self.tr(
                "Vous ajoutez une vraie source. Les fiches de démonstration ne sont que des "
                "exemples : retirées, elles ne se mêlent pas aux fiches du réseau. Celles que "
                "vous avez annotées restent lisibles depuis vos notes, vos tags et vos "
                "sessions. Vous pouvez aussi garder la démonstration et la retirer plus tard "
                "dans les Paramètres."
            )
        )
        self.remove_button: QPushButton = self.addButton(
            self.tr("Retirer la démonstration"), QMessageBox.ButtonRole.AcceptRole
        )
        self.keep_button: QPushButton = self.addButton(
            self.tr("Garder la démonstration"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button: QPushButton = self.addButton(
            self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.remove_button)
        self.setEscapeButton(self.cancel_button)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def answer(self) -> str | None:
        """KEEP, REMOVE, or None (cancelled)."""
        clicked = self.clickedButton()
        if clicked is self.keep_button:
            return KEEP
        if clicked is self.remove_button:
            return REMOVE
        return None


def ask_about_demo(parent: QWidget, on_answer: Callable[[str | None], None]) -> DemoPrompt:
    """Show the question; `on_answer(KEEP | REMOVE | None)` once the user chose."""
    box = DemoPrompt(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: on_answer(box.answer()))
    box.open()
    return box
