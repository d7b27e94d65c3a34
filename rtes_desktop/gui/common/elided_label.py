"""A one-line label that elides its text (« … ») instead of wrapping or widening
its column; the full text stays in `text()`, the tooltip and what screen readers say."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption, QWidget

from rtes_desktop.gui.common.links import plain_tooltip


class ElidedLabel(QLabel):
    """Plain text on one line, cut with « … » to the width it is given.

    `setText` keeps the whole text (so `text()` is unchanged for callers and
    tests); when it does not fit, the tooltip shows it whole, and the accessible
    name is always the whole text.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(" ".join(text.split()))  # one line: newlines would be lost anyway
        self.setAccessibleName(self.text())
        self._update_tooltip()
        self.update()

    def is_elided(self) -> bool:
        """True when the text shown is cut."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # As narrow as « W… »: the column decides the width, never the title.
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("W…"), fm.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        fm = self.fontMetrics()
        m = self.contentsMargins()
        return QSize(
            fm.horizontalAdvance(self.text()) + m.left() + m.right(),
            fm.height() + m.top() + m.bottom(),
        )

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(plain_tooltip(self.text()) if self.is_elided() else "")

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            opt.palette,
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
