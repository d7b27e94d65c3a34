"""The handout as a PDF, laid out by Qt itself (QTextDocument + QPdfWriter, no
other dependency). Outside the core: the core never imports Qt; the command line
imports this module only for `--format pdf`.

A4, 2 cm margins. The document is paginated by hand so that each page gets a running
footer (the source and the date of the last update of the fiche on that page, and
« page N / M ») and so that the table of contents gets its page numbers: lay out,
read the page of each section's heading, write the numbers in, lay out again (the
numbers take the room the placeholders took, so the pages do not move; the loop
checks it). A heading that would end a page alone is pushed to the next page;
images are scaled down to the page's width; tables are as wide as the page and split
between rows; links stay links in the PDF.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.handout import Handout, render_html_handout

RESOLUTION = 300  # dpi of the layout; text is vector whatever it is
MARGIN_MM = 20.0
FOOTER_MM = 8.0  # room under the text for the footer
MAX_TOC_PASSES = 4

Progress = Callable[[int, int], None]
_IMG = re.compile(r'<img src="(file:[^"]*)"')

#: The CSS QTextDocument understands. Its px are 1/96 inch whatever the device's
#: resolution (Qt scales them to the 300-dpi layout).
PRINT_CSS = """
body { font-family: "DejaVu Serif"; font-size: 10.5pt; color: #1d1d1f; }
h1 { font-size: 22pt; margin-bottom: 14px; }
h2 { font-size: 15pt; margin-top: 20px; margin-bottom: 8px; }
h3 { font-size: 12.5pt; margin-top: 14px; margin-bottom: 6px; }
h4, h5, h6 { font-size: 11pt; margin-top: 12px; margin-bottom: 4px; }
p { margin-top: 0px; margin-bottom: 7px; }
li { margin-bottom: 3px; }
.meta { color: #555555; font-size: 9.5pt; }
.summary { font-style: italic; }
.missing { color: #8a4b00; }
a { color: #1f5fa8; }
.spacer { font-size: 150pt; }
"""


def ensure_gui_app() -> None:
    """Fonts and text layout need a Qt application: create one on the offscreen
    platform when the caller (the command line) has none. A QApplication, not a
    QGuiApplication, so that widgets may still be made in the same process later
    (the test suite; Qt allows one application object per process)."""
    if QGuiApplication.instance() is None:
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui_app.app = QApplication(["rtes-desktop"])  # type: ignore[attr-defined]


@dataclass
class PdfResult:
    path: Path
    pages: int
    toc: dict[str, int]  # section anchor -> page (from 1)


class _Layout:
    """One QTextDocument laid out on the device's pages at the device's resolution."""

    def __init__(self, writer: QPagedPaintDevice) -> None:
        self.resolution = writer.logicalDpiY()
        rect = writer.pageLayout().paintRectPixels(self.resolution)
        self.page_w = float(rect.width())
        self.footer_h = FOOTER_MM / 25.4 * self.resolution
        self.page_h = float(rect.height()) - self.footer_h
        self.writer = writer

    def build(self, html_text: str) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.writer)
        font = QFont("DejaVu Serif")
        font.setPointSizeF(10.5)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(self.fit_images(html_text))
        doc.setPageSize(QSizeF(self.page_w, self.page_h))
        # Qt lays out lazily; changing formats before a first full layout left
        # later blocks unlaid (zero height, not drawn): lay out first.
        doc.documentLayout().documentSize()
        self._keep_headings_with_next(doc)
        return doc

    def fit_images(self, html_text: str) -> str:
        """Give each local image a size that fits the page: its own pixels at 96 dpi,
        but no wider than the text and no taller than 90 % of a page (aspect kept)."""

        def sized(m: re.Match[str]) -> str:
            src = html.unescape(m.group(1))
            image = QImage(QUrl(src).toLocalFile())
            if image.isNull():
                return m.group(0)
            # HTML sizes are in 1/96 inch, like the CSS: the page's text in those units.
            room_w = self.page_w * 96.0 / self.resolution
            room_h = self.page_h * 96.0 / self.resolution * 0.9
            scale = min(1.0, room_w / image.width(), room_h / image.height())
            w, h = int(image.width() * scale), int(image.height() * scale)
            return f'{m.group(0)} width="{w}" height="{h}"'

        return _IMG.sub(sized, html_text)

    def page_of(self, doc: QTextDocument, y: float) -> int:
        return int(y // self.page_h)

    def text_top(self, block: object) -> float:
        """Where a block's first line of text is (its rectangle starts with its margin,
        which may be at the bottom of the previous page)."""
        rect = block.document().documentLayout().blockBoundingRect(block)  # type: ignore[attr-defined]
        layout = block.layout()  # type: ignore[attr-defined]
        if layout.lineCount():
            return float(rect.top() + layout.lineAt(0).y() + 1)
        return float(rect.top())

    def _keep_headings_with_next(self, doc: QTextDocument) -> None:
        """A heading whose next block starts on the next page moves there too."""
        layout = doc.documentLayout()
        for _ in range(200):  # each fix moves what follows: rescan until none
            moved = False
            block = doc.begin()
            while block.isValid():
                nxt = block.next()
                if block.blockFormat().headingLevel() and nxt.isValid():
                    top = self.text_top(block)
                    nrect = layout.blockBoundingRect(nxt)
                    first_line = nxt.layout().lineAt(0) if nxt.layout().lineCount() else None
                    nbottom = nrect.top() + (first_line.height() if first_line else 0)
                    if self.page_of(doc, top) != self.page_of(doc, nbottom - 1):
                        fmt = QTextBlockFormat()
                        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                        QTextCursor(block).mergeBlockFormat(fmt)
                        layout.documentSize()
                        moved = True
                        break
                block = nxt
            if not moved:
                return

    def anchors(self, doc: QTextDocument) -> dict[str, tuple[int, float]]:
        """Anchor name -> (page from 1, height on the page from 0 to 1) of each
        heading carrying one."""
        layout = doc.documentLayout()
        out: dict[str, tuple[int, float]] = {}
        layout.documentSize()  # lay the whole document out
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name not in out:
                        top = self.text_top(block)
                        page = self.page_of(doc, top)
                        out[name] = (page + 1, (top - page * self.page_h) / self.page_h)
                it += 1
            block = block.next()
        return out


def _footer_for_pages(doc: Handout, anchors: dict[str, tuple[int, float]], pages: int) -> list[str]:
    """The footer's left text on each page: the source and last update of the fiche
    read at the top of that page (the session's name on other pages)."""
    starts = sorted(
        (anchors[item.anchor] + (item.number,), item)
        for item in doc.items
        if item.anchor in anchors
    )
    sources_page = anchors.get("sources", (pages + 1, 0.0))[0]
    out = []
    for page in range(1, pages + 1):
        on_top = [it for (p, y, _), it in starts if p < page or (p == page and y < 0.05)]
        here = [it for (p, _, _), it in starts if p == page]
        current = on_top[-1] if on_top else (here[0] if here else None)
        if page >= sources_page or current is None or current.kind != "entry":
            out.append(doc.name + (" · Sources" if page >= sources_page else ""))
        else:
            when = f" · fiche mise à jour le {current.updated_on}" if current.updated_on else ""
            out.append(f"{current.source_name}{when}")
    return out


def a4_layout() -> QPageLayout:
    """A4 portrait, 2 cm margins: the handout's page."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(doc: Handout, path: Path | str, *, progress: Progress | None = None) -> PdfResult:
    """Lay out and write the handout as a PDF at `path` (replaced atomically)."""
    ensure_gui_app()
    path = Path(path)
    if not path.parent.is_dir():
        raise RtesError("le dossier n'existe pas", path=str(path))
    tmp = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(RESOLUTION)
    writer.setTitle(doc.name)
    writer.setCreator("rtes-desktop")
    writer.setPageLayout(a4_layout())
    try:
        pages, toc = paint_handout(doc, writer, progress=progress)
    except BaseException:
        del writer
        tmp.unlink(missing_ok=True)
        raise
    del writer  # closes the file
    try:
        replace_with_retry(tmp, path)  # an antivirus may hold the previous file a moment
    except RtesError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RtesError(f"impossible d'écrire le PDF ({exc.strerror})", path=str(path)) from exc
    return PdfResult(path, pages, toc)


def paint_handout(
    doc: Handout, device: QPagedPaintDevice, *, progress: Progress | None = None
) -> tuple[int, dict[str, int]]:
    """Lay the handout out on `device` (a QPdfWriter, or the QPrinter of a print or a
    print preview, whose page layout is used) and paint every page. Returns the page
    count and the page of each section."""
    lay = _Layout(device)
    toc: dict[str, int] = {}
    text_doc = lay.build(render_html_handout(doc, for_print=True, css=PRINT_CSS))
    anchors = lay.anchors(text_doc)
    for _ in range(MAX_TOC_PASSES):  # two passes, more only if the numbers moved pages
        found = {name: page for name, (page, _) in anchors.items()}
        if found == toc or not doc.title_page:
            break
        toc = found
        text_doc = lay.build(render_html_handout(doc, for_print=True, pages=toc, css=PRINT_CSS))
        anchors = lay.anchors(text_doc)
    toc = {name: page for name, (page, _) in anchors.items()}
    pages = max(1, text_doc.pageCount())
    footers = _footer_for_pages(doc, anchors, pages)
    painter = QPainter()
    if not painter.begin(device):
        raise RtesError("impossible d'écrire le document (imprimante ou fichier indisponible)")
    try:
        footer_font = QFont("DejaVu Sans")
        footer_font.setPointSizeF(8)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * lay.page_h)
            # Inset by a hair: a block whose margin starts on this page and whose text
            # is on the next must not be drawn (clipped, but still in the PDF's text) here.
            ctx.clip = QRectF(0, page * lay.page_h + 1, lay.page_w, lay.page_h - 2)
            painter.setClipRect(ctx.clip)
            text_doc.documentLayout().draw(painter, ctx)
            painter.restore()
            if page or not doc.title_page:  # no footer on the title page
                painter.setFont(footer_font)
                painter.setPen(Qt.GlobalColor.darkGray)
                y = lay.page_h + lay.footer_h * 0.25
                box = QRectF(0, y, lay.page_w, lay.footer_h * 0.75)
                painter.drawLine(QPointF(0, y), QPointF(lay.page_w, y))
                painter.drawText(
                    box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                    footers[page],
                )  # fmt: skip
                painter.drawText(
                    box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                    f"{page + 1} / {pages}",
                )  # fmt: skip
            if progress:
                progress(page + 1, pages)
    finally:
        painter.end()
    return pages, toc
