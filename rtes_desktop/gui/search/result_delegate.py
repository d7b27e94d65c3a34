"""Draws one search hit: title (two lines at most), kind and French date, theme
chips and the user's tags, note marker, and the snippet with its words in bold."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD_X = 14
PAD_Y = 10
SNIPPET_LINES = 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the row dict the model gives and this draws

_TAGS = re.compile(r"<[^>]+>")


def plain(snippet_html: str) -> str:
    """A snippet without its markup, for screen readers and tooltips."""
    return html.unescape(_TAGS.sub("", snippet_html))


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved towards `b` by t (0..1)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`, the last one elided."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(10, width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[s : s + n].rstrip() for s, n in spans[:max_lines]]
    if len(spans) > max_lines:
        rest = text[spans[max_lines - 1][0] :]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines or [""]


class ResultDelegate(QStyledItemDelegate):
    """Paints rows from the model's ROW_ROLE dict; sizes them for the view's width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._cache: dict[tuple[str, int], dict[str, Any]] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- fonts and colours -----------------------------------------------------------

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.07)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        chip = QFont(base)
        chip.setPointSizeF(base.pointSizeF() * 0.85)
        return title, small, chip

    def _layout(self, row: dict[str, Any], width: int, base: QFont) -> dict[str, Any]:
        cache_key = (row["key"], width)
        cached = self._cache.get(cache_key)
        if cached is not None and cached["row"] is row:
            return cached
        title_font, small_font, chip_font = self._fonts(base)
        inner = max(60, width - 2 * PAD_X)
        title_lines = wrap_lines(row["title"], title_font, inner, 2)
        small_lh = QFontMetrics(small_font).lineSpacing()
        snippet_h = 0
        if row["snippet"]:
            # Sized from the plain text (cheap: every row is sized when a page
            # arrives); the rich text is laid out only for rows being painted.
            bold = QFont(small_font)
            bold.setBold(True)  # the widest the highlighted words can be
            lines = len(wrap_lines(plain(row["snippet"]), bold, inner, SNIPPET_LINES))
            snippet_h = lines * small_lh
        chip_h = QFontMetrics(chip_font).height() + 6
        has_chips = bool(row["themes"] or row["tags"])
        height = (
            PAD_Y
            + len(title_lines) * QFontMetrics(title_font).lineSpacing()
            + 3
            + small_lh
            + (6 + chip_h if has_chips else 0)
            + (6 + snippet_h if snippet_h else 0)
            + PAD_Y
        )
        cached = {
            "row": row,
            "title_lines": title_lines,
            "doc": None,
            "snippet_h": snippet_h,
            "chip_h": chip_h,
            "height": height,
            "fonts": (title_font, small_font, chip_font),
        }
        if len(self._cache) > 2000:
            self._cache.clear()
        self._cache[cache_key] = cached
        return cached

    def _width(self, option: QStyleOptionViewItem) -> int:
        return self.view.viewport().width() or option.rect.width()

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        row = index.data(ROW_ROLE)
        if not row:
            return super().sizeHint(option, index)
        width = self._width(option)
        return QSize(width, self._layout(row, width, option.font)["height"])

    # -- painting ------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if not row:
            super().paint(painter, option, index)
            return
        pal: QPalette = option.palette
        rect: QRect = option.rect
        lay = self._layout(row, rect.width(), option.font)
        title_font, small_font, chip_font = lay["fonts"]
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        muted = blend(text, base, 0.42)
        warm = QColor("#a65f00") if base.lightness() > 128 else QColor("#f0b14a")
        danger = QColor("#b3261e") if base.lightness() > 128 else QColor("#ff8a80")

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(rect, blend(base, accent, 0.16))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        elif hovered:
            painter.fillRect(rect, blend(base, accent, 0.06))
        # A hairline between rows, calmer than alternating colours.
        painter.setPen(blend(base, text, 0.12))
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        if option.state & QStyle.StateFlag.State_HasFocus and self.view.hasFocus():
            painter.setPen(accent)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

        x = rect.left() + PAD_X
        inner = rect.width() - 2 * PAD_X
        y = rect.top() + PAD_Y

        # Title
        painter.setFont(title_font)
        painter.setPen(muted if row["withdrawn"] else text)
        fm = painter.fontMetrics()
        for line in lay["title_lines"]:
            painter.drawText(QRect(x, y, inner, fm.lineSpacing()), Qt.AlignmentFlag.AlignLeft, line)
            y += fm.lineSpacing()
        y += 3

        # Kind · date · withdrawn, and the note marker on the right
        painter.setFont(small_font)
        sfm = painter.fontMetrics()  # the painter's device, not the screen's default
        meta = f"{row['kind']}  ·  {row['date']}" if row["date"] else row["kind"]
        right = ""
        if row["notes"]:
            right = f"✎ {row['notes']}"
        right_w = sfm.horizontalAdvance(right) + 8 if right else 0
        painter.setPen(muted)
        meta_w = min(sfm.horizontalAdvance(meta) + 4, inner - right_w)
        painter.drawText(
            QRect(x, y, meta_w, sfm.lineSpacing()),
            Qt.AlignmentFlag.AlignLeft,
            sfm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_w),
        )
        if row["withdrawn"]:
            label = "  ·  " + self.tr("retirée par l'éditeur")
            painter.setPen(danger)
            painter.drawText(
                QRect(x + meta_w, y, max(0, inner - right_w - meta_w), sfm.lineSpacing()),
                Qt.AlignmentFlag.AlignLeft,
                sfm.elidedText(
                    label, Qt.TextElideMode.ElideRight, max(0, inner - right_w - meta_w)
                ),
            )
        if right:
            painter.setPen(warm)
            painter.drawText(
                QRect(x + inner - right_w, y, right_w, sfm.lineSpacing()),
                Qt.AlignmentFlag.AlignRight,
                right,
            )
        y += sfm.lineSpacing()

        # Theme chips, then the user's tags (outlined, warm)
        if row["themes"] or row["tags"]:
            y += 6
            chip_h = lay["chip_h"]
            painter.setFont(chip_font)
            cfm = painter.fontMetrics()
            cx = x
            # The user's own tags first: they are what this user looks for.
            chips = [(t, True) for t in row["tags"]] + [(t, False) for t in row["themes"]]
            for i, (label, personal) in enumerate(chips):
                w = cfm.horizontalAdvance(label) + 14
                remaining = len(chips) - i
                if cx + w > x + inner:
                    if remaining:
                        painter.setPen(muted)
                        painter.drawText(
                            QRect(cx, y, x + inner - cx, chip_h),
                            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                            f"+{remaining}",
                        )
                    break
                box = QRectF(cx, y, w, chip_h)
                if personal:
                    painter.setPen(warm)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(
                        box.adjusted(0.5, 0.5, -0.5, -0.5), chip_h / 2, chip_h / 2
                    )
                    painter.setPen(warm)
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(blend(base, accent, 0.13))
                    painter.drawRoundedRect(box, chip_h / 2, chip_h / 2)
                    painter.setPen(blend(accent, text, 0.35))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
                cx += w + 6
            y += chip_h

        # Snippet (HTML with <b>), clipped to three lines
        if lay["snippet_h"]:
            y += 6
            doc: QTextDocument | None = lay["doc"]
            if doc is None:
                doc = lay["doc"] = QTextDocument()
                doc.setDocumentMargin(0)
                doc.setDefaultFont(small_font)
                doc.setTextWidth(inner)
                doc.setHtml(row["snippet"].replace("\n", " "))
            painter.translate(QPointF(x, y))
            clip = QRectF(0, 0, inner, lay["snippet_h"])
            painter.setClipRect(clip)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, blend(text, base, 0.2))
            ctx.clip = clip
            doc.documentLayout().draw(painter, ctx)
        painter.restore()
