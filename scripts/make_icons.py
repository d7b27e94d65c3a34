"""Draw the application icon and write every format the installers need.

    .venv/bin/python scripts/make_icons.py

The mark: an open book (the offline library) under a warm dot (a reader, a point of the
network) on a teal rounded square. It is drawn as vectors with QPainter (offscreen) at
each size, so 16 and 32 px stay crisp instead of being shrunk from 1024 px, and the
small sizes drop the text lines that would only blur. Pillow then packs the `.ico`
(Windows) and `.icns` (macOS). Output goes to `resources/icons/` and is committed, so a
build needs neither this script nor Pillow.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

TEAL_TOP = QColor("#13867B")
TEAL_BOTTOM = QColor("#0A4F49")
PAGE = QColor("#FFFFFF")
PAGE_SHADE = QColor("#DCEFEC")
INK = QColor(10, 79, 73, 120)
GOLD = QColor("#F4B942")


def _page(spine_x: float, edge_x: float) -> QPainterPath:
    """One page of the open book, from the spine to its outer edge (1024 px grid)."""
    path = QPainterPath(QPointF(spine_x, 418))
    path.cubicTo(
        QPointF(spine_x - 0.35 * (spine_x - edge_x), 352),
        QPointF(edge_x, 352),
        QPointF(edge_x, 372),
    )
    path.lineTo(QPointF(edge_x, 744))
    path.cubicTo(
        QPointF(edge_x, 730),
        QPointF(spine_x - 0.35 * (spine_x - edge_x), 722),
        QPointF(spine_x, 790),
    )
    path.closeSubpath()
    return path


def draw(size: int) -> QImage:
    """The icon at `size` px, transparent outside the rounded square."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 1024, size / 1024)

    # Small sizes fill more of the square: a 16 px icon has no pixel to spare.
    margin = 40 if size <= 32 else 72
    tile = QRectF(margin, margin, 1024 - 2 * margin, 1024 - 2 * margin)
    grad = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    grad.setColorAt(0, TEAL_TOP)
    grad.setColorAt(1, TEAL_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(grad))
    p.drawRoundedRect(tile, 0.22 * tile.width(), 0.22 * tile.width())

    # The mark (dot and book) is centred optically: it sits a little low in the tile.
    p.translate(0, 30)
    # The book: left page white, right page faintly shaded for depth.
    p.setBrush(PAGE)
    p.drawPath(_page(512, 196))
    p.setBrush(PAGE_SHADE)
    p.drawPath(_page(512, 828))

    if size >= 48:  # lines of text on the pages; they would only blur below 48 px
        pen = QPen(INK, 26, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        for i, y in enumerate((470, 540, 610)):
            shorten = 40 if i == 2 else 0
            p.drawLine(QPointF(262, y - 18), QPointF(446 - shorten, y + 4))
            p.drawLine(QPointF(578, y + 4), QPointF(762 - shorten, y - 18))
        p.setPen(Qt.PenStyle.NoPen)

    # The dot above the spine.
    p.setBrush(GOLD)
    radius = 84 if size <= 32 else 74
    p.drawEllipse(QPointF(512, 236), radius, radius)
    p.end()
    return img


def to_pillow(img: QImage) -> Image.Image:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: to_pillow(draw(size)) for size in PNG_SIZES}
    for size, im in images.items():
        im.save(OUT / f"rtes-desktop-{size}.png", optimize=True)
    images[1024].save(OUT / "rtes-desktop.png", optimize=True)
    # Windows: one .ico holding every size, each drawn at its size.
    images[256].save(
        OUT / "rtes-desktop.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    # macOS: Pillow writes the standard icns sizes (16…1024, @2x included) from these.
    images[1024].save(
        OUT / "rtes-desktop.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)]
    )
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
