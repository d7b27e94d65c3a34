"""The window's trainer commands: Ctrl+P and « Exporter en PDF… » (the open fiche,
or the session shown), the session's export dialog, « Partager la session… »,
« Importer une session… » (menu, or a `.rtes-session` file dropped on the window),
and « À revérifier » (the stale notes, kept up to date after syncs and edits).

It receives what it uses (the library, the job runner, and two callables saying
which fiche or session is in front of the user) and reports through signals; the
window binds its actions to the methods here. Reads and writes of the library go
through the job runner, exports and previews on the long lane (after the writes
queued before them: they show the user's last edits); nothing long runs on the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from rtes_desktop.core import handout as core_handout
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.session_kit import SUFFIX, import_kit, share_session
from rtes_desktop.core.session_view import session_rows
from rtes_desktop.core.stale_notes import stale_notes, verify_note
from rtes_desktop.gui.handout import printing
from rtes_desktop.gui.handout.export_dialog import SETTING, HandoutDialog

EXTENSIONS = {"pdf": ".pdf", "html": ".html", "markdown": ".md"}


class HandoutController(QObject):
    """Printing, exporting, sharing, importing sessions, and the stale notes."""

    message = Signal(str)  # a sentence for the status bar
    sessions_changed = Signal(int)  # a session was imported: its id
    stale_changed = Signal(list)  # the stale notes (list of StaleNote), after each read

    def __init__(
        self,
        library: Any,
        jobs: Any,
        window: QWidget,
        current_entry: Callable[[], str | None],
        current_session: Callable[[], int | None],
    ) -> None:
        super().__init__(window)
        self.library = library
        self.jobs = jobs
        self.window = window
        self.current_entry = current_entry
        self.current_session = current_session
        self.dialog: HandoutDialog | None = None  # the export dialog, for tests
        self.file_dialog: QFileDialog | None = None  # the last file dialog opened
        self._folder = ""  # where the last file was written
        self.last_job: Any = None
        self.stale: list[Any] = []

    # -- what is in front of the user ----------------------------------------------------

    def _target(self) -> tuple[str, Any] | None:
        session_id = self.current_session()
        if session_id is not None:
            return "session", session_id
        key = self.current_entry()
        if key:
            return "entry", key
        self.message.emit(self.tr("Ouvrez une fiche ou une session pour l'imprimer."))
        return None

    # -- print ------------------------------------------------------------------------------

    def print_current(self) -> None:
        """Ctrl+P: the print preview of the session shown, or of the open fiche."""
        target = self._target()
        if target is None:
            return
        kind, ref = target
        if kind == "session":
            # The remembered options are read with the rest: they may be a queued write too.
            self._preview(
                self.window,
                lambda: core_handout.handout_document(
                    self.library, ref, self._remembered_options(ref)
                ),
            )
        else:
            self._preview(self.window, lambda: core_handout.entry_handout(self.library, ref))

    def export_pdf_current(self) -> None:
        """« Exporter en PDF… »: the session (through its dialog) or the open fiche."""
        target = self._target()
        if target is None:
            return
        kind, ref = target
        if kind == "session":
            self.export_session(ref)
            return
        entry_key = str(ref)
        name = entry_key.split(":", 1)[-1]
        self._ask_path(
            self.tr("Exporter la fiche en PDF"),
            f"{name}.pdf",
            "pdf",
            lambda path: self._export(
                lambda: core_handout.entry_handout(self.library, entry_key), path, "pdf"
            ),
        )

    # -- the session's export dialog ------------------------------------------------------------

    def _remembered(self) -> dict[str, Any]:
        value = self.library.get_setting(SETTING, {})
        return value if isinstance(value, dict) else {}

    def _remembered_options(self, session_id: int) -> core_handout.HandoutOptions:
        mem = self._remembered()
        own = (mem.get("items") or {}).get(str(session_id), {})
        return core_handout.HandoutOptions(
            full_text=bool(mem.get("full_text", True)),
            item_modes={int(k): v for k, v in own.items() if str(k).isdigit()},
            with_comments=bool(mem.get("with_comments", False)),
            with_notes=bool(mem.get("with_notes", True)),
            with_attachments=bool(mem.get("with_attachments", True)),
            trainer=str(mem.get("trainer", "")),
            organisation=str(mem.get("organisation", "")),
        )

    def export_session(self, session_id: int | None = None) -> HandoutDialog | None:
        """Open the export dialog of a session (the one shown when not given)."""
        session_id = session_id if session_id is not None else self.current_session()
        if session_id is None:
            return None
        session = self.library.session(session_id)
        rows = session_rows(self.library, session_id)
        dialog = HandoutDialog(session_id, session.name, rows, self._remembered(), self.window)
        self.dialog = dialog

        def preview() -> None:
            options = dialog.options()
            self._preview(
                dialog, lambda: core_handout.handout_document(self.library, session_id, options)
            )

        def accepted() -> None:
            remembered, options, fmt = dialog.remembered(), dialog.options(), dialog.format
            self.jobs.write(lambda: self.library.set_setting(SETTING, remembered), "settings")
            self._ask_path(
                self.tr("Exporter la session"),
                f"{session.name}{EXTENSIONS[fmt]}",
                fmt,
                lambda path: self._export(
                    lambda: core_handout.handout_document(self.library, session_id, options),
                    path,
                    fmt,
                ),
            )

        dialog.preview_requested.connect(preview)
        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _ask_path(
        self, title: str, name: str, fmt: str, on_chosen: Callable[[str], None]
    ) -> QFileDialog:
        """Where to write: a save dialog opened window-modal (no nested event loop),
        kept as `file_dialog` (tests fill it in); `on_chosen(path)` once chosen."""
        folder = self._folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        filters = {
            "pdf": self.tr("Document PDF (*.pdf)"),
            "html": self.tr("Page web (*.html)"),
            "markdown": self.tr("Markdown (*.md)"),
            "kit": self.tr("Session partagée (*.rtes-session)"),
        }
        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "-" for ch in name).strip()
        dialog = QFileDialog(self.window, title, str(Path(folder) / safe))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(filters[fmt])
        dialog.setDefaultSuffix(Path(safe).suffix.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(path: str) -> None:
            self._folder = str(Path(path).parent)
            on_chosen(path)

        dialog.fileSelected.connect(chosen)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def _preview(self, parent: QWidget, gather: Callable[[], Any]) -> None:
        """Gather off the GUI thread, once the writes queued so far have landed (a note
        edited just before Ctrl+P is in it), then open the print preview."""
        job = self.jobs.run(lambda _p, _c: gather(), lane="long", label="preview",
                            after_writes=True)  # fmt: skip
        # The preview's own event loop is entered after the job's end is delivered, so
        # the runner does not count the job as running while the preview is open.
        job.on_waiting(self._waiting).on_done(
            lambda doc: QTimer.singleShot(0, lambda: printing.print_preview(parent, doc))
        ).on_error(self._failed)
        self.last_job = job

    def _waiting(self) -> None:
        self.message.emit(self.tr("En attente de vos dernières modifications…"))

    def _export(self, gather: Callable[[], Any], path: str, fmt: str) -> None:
        """Write the handout off the GUI thread, saying how far it is. The gathering
        reads the library only once the writes queued before it have landed: an edit
        made just before choosing the file is in the handout."""

        def progress(page: int, pages: int) -> None:
            self.message.emit(
                self.tr("Export PDF : page {n} sur {total}…").format(n=page, total=pages)
            )

        def done(result: Any) -> None:
            self.message.emit(self.tr("Support écrit dans {path}").format(path=path))

        if fmt == "pdf":
            self.last_job = printing.export_pdf(
                self.jobs, gather, path, on_progress=progress, on_done=done,
                on_error=self._failed, on_waiting=self._waiting,
            )  # fmt: skip
            return

        def work(_p: Any, _c: Any) -> Path:
            return core_handout.export_text_handout(gather(), path, fmt)

        self.last_job = self.jobs.run(work, lane="long", label="export", after_writes=True)
        self.last_job.on_waiting(self._waiting).on_done(done).on_error(self._failed)

    # -- the kit --------------------------------------------------------------------------------

    def share_session(self, session_id: int | None = None) -> None:
        """« Partager la session… »: write its `.rtes-session` file (comments if asked)."""
        session_id = session_id if session_id is not None else self.current_session()
        if session_id is None:
            self.message.emit(self.tr("Choisissez d'abord une session à partager."))
            return
        session = self.library.session(session_id)
        self._ask_path(
            self.tr("Partager la session"),
            f"{session.name}{SUFFIX}",
            "kit",
            lambda path: self._share(session_id, path),
        )

    def _share(self, session_id: int, path: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Partager la session"),
            self.tr("Joindre vos commentaires sur les fiches ? « Non » les garde privés."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)  # a kit is for a colleague
        self.comments_box = box

        def answered(button: Any) -> None:
            with_comments = box.standardButton(button) == QMessageBox.StandardButton.Yes

            def work(_p: Any, _c: Any) -> Path:
                return share_session(self.library, session_id, path, with_comments=with_comments)

            self.last_job = self.jobs.run(work, lane="long", label="share")
            self.last_job.on_done(
                lambda p: self.message.emit(self.tr("Session partagée dans {path}").format(path=p))
            ).on_error(self._failed)

        box.buttonClicked.connect(answered)
        box.open()

    def import_dialog(self) -> QFileDialog:
        """« Importer une session… »: choose a `.rtes-session` file."""
        dialog = QFileDialog(
            self.window,
            self.tr("Importer une session"),
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation),
            self.tr("Session partagée (*.rtes-session);;Tous les fichiers (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def import_file(self, path: str | Path) -> Any:
        """Add a received session to « Mes sessions » (the write lane); a refused file
        is said in one sentence and nothing changes."""
        self.last_job = self.jobs.write(lambda: import_kit(self.library, path), "import")

        def done(report: Any) -> None:
            if not report.added:
                self.message.emit(
                    self.tr("Session « {name} » déjà importée : rien n'a changé").format(
                        name=report.name
                    )
                )
            else:
                text = self.tr("Session « {name} » importée ({n} éléments)").format(
                    name=report.name, n=report.items
                )
                if report.missing:
                    text += self.tr(" ; {n} fiche(s) absente(s) : synchronisez leur source").format(
                        n=report.missing
                    )
                self.message.emit(text)
            self.sessions_changed.emit(report.session_id)

        self.last_job.on_done(done).on_error(self._failed)
        return self.last_job

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A `.rtes-session` file dropped on the window is imported."""
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = _kit_paths(event)  # type: ignore[arg-type]
            if paths:
                if event.type() == QEvent.Type.Drop:
                    for path in paths:
                        self.import_file(path)
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        return False

    # -- « À revérifier » ------------------------------------------------------------------------

    def refresh_stale(self) -> Any:
        """Re-read the stale notes (search lane: a read) and emit `stale_changed`."""
        job = self.jobs.run(lambda _p, _c: stale_notes(self.library), lane="search", key="stale")
        job.on_done(self._stale_read)
        return job

    def _stale_read(self, stale: list[Any]) -> None:
        self.stale = stale
        self.stale_changed.emit(stale)

    def verify(self, note_id: int) -> Any:
        """« Marquer comme revérifiée », then re-read the list."""
        job = self.jobs.write(lambda: verify_note(self.library, note_id), "verify")
        job.on_done(lambda _n: self.refresh_stale()).on_error(self._failed)
        return job

    # -- errors ------------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        self._error(
            str(exc)
            if isinstance(exc, RtesError)
            else self.tr("Erreur inattendue : {e}").format(e=exc)
        )

    def _error(self, text: str) -> None:
        self.message.emit(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Bibliothèque RTES"), text,
                          QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.open()
        self.error_box = box


def _kit_paths(event: QDropEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [
        u.toLocalFile()
        for u in mime.urls()
        if u.isLocalFile() and u.toLocalFile().lower().endswith(SUFFIX)
    ]
