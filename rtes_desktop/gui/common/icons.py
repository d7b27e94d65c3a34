"""Toolbar icons drawn in the palette's colours, so they read in light and dark
(the style's stock arrows are black whatever the background)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 20
SCALE = 3  # drawn large, shown small: crisp on high-density screens too


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(SIZE * SCALE, SIZE * SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(SCALE)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _pen(color: QColor) -> QPen:
    pen = QPen(color, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def arrow_icon(direction: str, color: QColor, disabled: QColor) -> QIcon:
    """A chevron-and-stem arrow pointing "left" or "right"."""
    icon = QIcon()
    for mode, c in ((QIcon.Mode.Normal, color), (QIcon.Mode.Disabled, disabled)):
        pixmap, p = _canvas()
        p.setPen(_pen(c))
        sign = -1 if direction == "left" else 1
        mid = SIZE / 2
        tip = QPointF(mid + sign * 6, mid)
        p.drawLine(QPointF(mid - sign * 6, mid), tip)
        p.drawLine(tip, QPointF(mid + sign * 1, mid - 5))
        p.drawLine(tip, QPointF(mid + sign * 1, mid + 5))
        p.end()
        icon.addPixmap(pixmap, mode)
    return icon


def sync_icon(color: QColor) -> QIcon:
    """Two circling arrows."""
    pixmap, p = _canvas()
    p.setPen(_pen(color))
    box = QRectF(4, 4, SIZE - 8, SIZE - 8)
    p.drawArc(box, 30 * 16, 150 * 16)
    p.drawArc(box, 210 * 16, 150 * 16)
    for x, y, dx in ((4.2, 8.0, 1), (SIZE - 4.2, SIZE - 8.0, -1)):
        head = QPainterPath(QPointF(x - 2.8 * dx, y - 0.2))
        head.lineTo(QPointF(x, y + 2.6 * dx))
        head.lineTo(QPointF(x + 2.6 * dx, y - 0.4))
        p.drawPath(head)
    p.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    """The application icon from resources/icons (empty when missing)."""
    from rtes_desktop.core.paths import resources_dir

    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = folder / f"rtes-desktop-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
