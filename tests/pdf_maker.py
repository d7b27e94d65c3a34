"""Real text PDFs made with Qt's QPdfWriter, for the tests and the benches.

Qt embeds a subset of the font with a ToUnicode map, shapes the text with HarfBuzz
(so "fi", "fl" become ligature glyphs when the font has them, as in real documents
made by word processors), and writes FlateDecode content streams: what the
extraction meets in the network's PDFs, without shipping any third-party file.

    make_pdf(path, [Page(lines=[...]), Page(columns=([...], [...]))], header="…")

A line ending in "-" is written as is, so a word can be hyphenated across two
lines as a typesetter would. Needs a QGuiApplication (pytest-qt's `qapp`, or
`ensure_app()` outside pytest); QT_QPA_PLATFORM=offscreen works.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter


@dataclass
class Page:
    """One page: lines in one column, or two columns side by side."""

    lines: list[str] = field(default_factory=list)
    columns: tuple[list[str], list[str]] | None = None
    title: str | None = None


def ensure_app() -> QGuiApplication:
    """The QGuiApplication QPdfWriter needs (created offscreen when missing)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance()
    return app if app is not None else QGuiApplication([])  # type: ignore[return-value]


def make_pdf(
    path: Path | str,
    pages: list[Page],
    *,
    header: str | None = None,
    footer: str | None = None,
    family: str = "DejaVu Serif",
    point_size: float = 10.5,
    title: str = "",
) -> Path:
    """Write `pages` as an A4 PDF at `path` (headers, footers with the page number)."""
    ensure_app()
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # 1 unit = 1 point: coordinates read like a typesetter's
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setTitle(title)
    writer.setCreator("rtes-desktop tests")
    painter = QPainter(writer)
    try:
        body = QFont(family)
        body.setPointSizeF(point_size)
        small = QFont(family)
        small.setPointSizeF(8)
        heading = QFont(family)
        heading.setPointSizeF(15)
        heading.setBold(True)
        width, height = 595.0, 842.0
        left, right, top = 56.0, 56.0, 70.0
        for n, page in enumerate(pages, start=1):
            if n > 1:
                writer.newPage()
            if header:
                painter.setFont(small)
                painter.drawText(QRectF(left, 28, width - left - right, 14), header)
            if footer is not None:
                painter.setFont(small)
                painter.drawText(
                    QRectF(left, height - 40, width - left - right, 14),
                    int(Qt.AlignmentFlag.AlignHCenter),
                    f"{footer} – page {n}" if footer else f"page {n}",
                )
            y = top
            if page.title:
                painter.setFont(heading)
                painter.drawText(QRectF(left, y, width - left - right, 24), page.title)
                y += 36
            painter.setFont(body)
            step = point_size * 1.45
            if page.columns is None:
                for line in page.lines:
                    painter.drawText(QRectF(left, y, width - left - right, step + 2), line)
                    y += step
            else:
                gap = 24.0
                col = (width - left - right - gap) / 2
                for c, lines in enumerate(page.columns):
                    x = left + c * (col + gap)
                    yy = y
                    for line in lines:
                        painter.drawText(QRectF(x, yy, col, step + 2), line)
                        yy += step
    finally:
        painter.end()
    return path


def wrap(text: str, width: int = 80) -> list[str]:
    """Split prose into lines of about `width` characters (no hyphenation)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
