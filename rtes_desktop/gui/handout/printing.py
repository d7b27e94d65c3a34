"""Print preview, printing and « Exporter en PDF… » of a handout (a session, or the
open fiche alone). The layout is `rtes_desktop/printing/pdf.py`'s, so what the
preview shows is what the PDF holds.

The preview paints on the GUI thread (Qt's preview asks for its pages there); a PDF
export runs on the job runner's long lane with progress: the core gathers the
handout in the worker (its own SQLite connection), and Qt lays it out there too
(QTextDocument and QPdfWriter are not widgets; images load as QImage off the GUI
thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from rtes_desktop.core.handout import Handout
from rtes_desktop.printing.pdf import a4_layout, paint_handout, write_pdf


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def make_printer() -> QPrinter:
    """A printer set to the handout's page (A4, 2 cm margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_layout())
    printer.setFullPage(False)
    return printer


def print_preview(parent: QWidget, doc: Handout) -> QPrintPreviewDialog:
    """Open the print preview of `doc` (window-modal); printing from it prints the
    same pages. Returned so that a test can look at it (its `exec` patched)."""
    printer = make_printer()
    printer.setDocName(doc.name)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_tr("Aperçu avant impression — {name}").format(name=doc.name))
    dialog.paintRequested.connect(lambda p: paint_handout(doc, p))
    dialog.resize(900, 1000)
    dialog.exec()
    return dialog


def print_directly(parent: QWidget, doc: Handout) -> QPrintDialog:
    """The system's print dialog, then printing (no preview)."""
    printer = make_printer()
    printer.setDocName(doc.name)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        paint_handout(doc, printer)
    return dialog


def export_pdf(
    jobs: Any,
    gather: Callable[[], Handout],
    path: Path | str,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_waiting: Callable[[], None] | None = None,
) -> Any:
    """Gather the handout and write it as a PDF at `path` off the GUI thread (the job
    runner's long lane), once the writes queued before this call have landed.
    `on_progress(page, pages)`, `on_done(PdfResult)`, `on_error(exc)` and
    `on_waiting()` (it waits for those writes) run on the GUI thread. Returns the job."""

    def work(progress: Callable[[Any], None], _cancel: Callable[[], bool]) -> Any:
        doc = gather()
        return write_pdf(doc, path, progress=lambda done, total: progress((done, total)))

    job = jobs.run(work, lane="long", label=_tr("Export PDF"), after_writes=True)
    if on_waiting is not None:
        job.on_waiting(on_waiting)
    if on_progress is not None:
        job.on_progress(lambda p: on_progress(*p))
    if on_done is not None:
        job.on_done(on_done)
    if on_error is not None:
        job.on_error(on_error)
    return job
