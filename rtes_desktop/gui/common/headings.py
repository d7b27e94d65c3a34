"""The title at the top of a view of the main area (« Mes notes », « Mes sessions »,
« Nouveautés »): bold, a fifth larger than the text, the same everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def view_title(text: str, parent: QWidget | None = None) -> QLabel:
    """A view's title label (the caller adds it to its layout)."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    label.setFont(font)
    return label
