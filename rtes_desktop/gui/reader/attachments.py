"""Opening an entry's attachment with the system's viewer, downloading it first
(in the background) when the sync left it for later because of its size.

At a page (a passage the search found in a PDF, issue 14): the system's openers
(Windows' file associations, macOS' `open`, `xdg-open`) take no page number, and a
`file://…#page=23` address is honoured by browsers' PDF viewers but not by them
(some fail to open the file at all). So the page is passed only to viewers known to
take it on their command line, found as the desktop's default PDF application on
Linux: Evince and its forks Atril and Xreader (`--page-index`), Okular and
Zathura (`--page`). Everywhere else the PDF opens at its first page and the status
bar says which page holds the passage.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QProcess, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Attachment, Entry
from rtes_desktop.core.text_safety import visible
from rtes_desktop.gui.common.jobs import LONG, Jobs

log = logging.getLogger(__name__)


def _core() -> Any:
    # Imported when an attachment is first shown, not with the window: it brings the
    # sync engine and its HTTP client, 0.23 s of the window's start measured here.
    from rtes_desktop.core.sync import attachments

    return attachments


#: xdg-open still running after this long has handed the file to an application
#: that it waits for (some desktops do): that counts as opened.
XDG_OPEN_PATIENCE_MS = 5000
_running: set[QProcess] = set()  # kept alive: a QProcess destroyed kills its process


def open_with_system(path: str, on_result: Callable[[bool], None]) -> None:
    """Open a local file with the system's application; `on_result(True)` only when
    one took it.

    On Linux `QDesktopServices.openUrl` starts xdg-open and says True even when
    xdg-open then finds no application (« ouvert » was shown and nothing opened):
    there, xdg-open is run here and its exit status read (0: opened; 3 or 4: no
    application, or it failed). Elsewhere the system call's answer is true.
    """
    if not sys.platform.startswith("linux"):
        on_result(bool(QDesktopServices.openUrl(QUrl.fromLocalFile(path))))
        return
    program = shutil.which("xdg-open")
    if program is None:
        on_result(False)
        return
    proc = QProcess()
    proc.setProgram(program)
    proc.setArguments([path])
    proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedChannels)
    answered = False

    def answer(ok: bool) -> None:
        nonlocal answered
        if not answered:
            answered = True
            on_result(ok)

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        answer(status == QProcess.ExitStatus.NormalExit and code == 0)
        _running.discard(proc)
        proc.deleteLater()

    def error(err: QProcess.ProcessError) -> None:
        if err == QProcess.ProcessError.FailedToStart:
            answer(False)
            _running.discard(proc)

    proc.finished.connect(finished)
    proc.errorOccurred.connect(error)
    _running.add(proc)
    # No answer yet by then: still running (an exit would have answered), so opened.
    QTimer.singleShot(XDG_OPEN_PATIENCE_MS, lambda: answer(True))
    proc.start()


def is_available(library: Library, att: Attachment) -> bool:
    """True when the attachment's verified file is in the data folder."""
    return _core().attachment_path(library, att.sha256) is not None


#: default PDF application (its desktop file, lower case, starts with) -> (program,
#: the arguments opening a file at a page: {page} counts from 1)
PAGE_VIEWERS: list[tuple[tuple[str, ...], str, list[str]]] = [
    (("org.gnome.evince", "evince"), "evince", ["--page-index={page}"]),
    (("atril",), "atril", ["--page-index={page}"]),
    (("xreader",), "xreader", ["--page-index={page}"]),
    (("org.kde.okular", "okular"), "okular", ["--page", "{page}"]),
    (("org.pwmt.zathura", "zathura"), "zathura", ["--page", "{page}"]),
]


def page_command(desktop_id: str, path: str, page: int) -> list[str] | None:
    """The command opening `path` at `page` with the viewer of `desktop_id` (the
    default PDF application's desktop file), or None when it takes no page."""
    name = desktop_id.strip().lower()
    for prefixes, program, args in PAGE_VIEWERS:
        if name.startswith(prefixes):
            exe = shutil.which(program)
            if exe:
                return [exe, *(a.format(page=page) for a in args), path]
    return None


def _default_pdf_viewer() -> str:
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return ""  # Windows and macOS openers take no page
    try:
        out = subprocess.run(
            ["xdg-mime", "query", "default", "application/pdf"],
            capture_output=True,
            text=True,
            timeout=3,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def open_attachment(
    library: Library,
    entry: Entry,
    index: int,
    jobs: Jobs,
    *,
    say: Callable[[str], None],
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    page: int = 0,
) -> None:
    """Open attachment `index` of `entry`; download it first if needed. `page` (from
    1; 0: none) opens a PDF at that page where the viewer allows it (module docstring).
    `say` gets one French sentence for the status bar."""
    core = _core()
    if not 0 <= index < len(entry.attachments):
        say(
            QCoreApplication.translate(
                "Attachments", "Cette pièce jointe n’est pas disponible dans cette version."
            )
        )
        return
    att = entry.attachments[index]
    # Entries synced before names were checked may hold bidi or invisible characters.
    shown = visible(att.name)

    def job(progress: Any, cancel: Any) -> tuple[str, list[str] | None]:
        # Off the GUI thread: a download may take long (the library is thread-safe).
        if core.attachment_path(library, att.sha256) is None:
            core.fetch_attachment(
                library, entry.source_id, att.sha256, progress=progress, cancel=cancel
            )
        path = str(core.viewer_copy(library, att.sha256, att.name, att.media_type))
        command = None
        if page > 0 and att.media_type == "application/pdf":
            command = page_command(_default_pdf_viewer(), path, page)
        return path, command

    def opened(path: str, ok: bool) -> None:
        if not ok:
            say(
                QCoreApplication.translate(
                    "Attachments",
                    "Aucune application ne sait ouvrir « {0} » ; le fichier est ici : {1}",
                ).format(shown, path)
            )
        elif page > 0:
            say(
                QCoreApplication.translate(
                    "Attachments",
                    "« {0} » ouvert dans l’application du système ; le passage est à la "
                    "page {1} (cette application ne s’ouvre pas à une page donnée).",
                ).format(shown, page)
            )
        else:
            say(
                QCoreApplication.translate(
                    "Attachments", "« {0} » ouvert dans l’application du système."
                ).format(shown)
            )

    def done(result: tuple[str, list[str] | None]) -> None:
        path, command = result
        if on_finished:
            on_finished()
        if command and QProcess.startDetached(command[0], command[1:])[0]:
            say(
                QCoreApplication.translate("Attachments", "« {0} » ouvert à la page {1}.").format(
                    shown, page
                )
            )
            return
        open_with_system(path, lambda ok: opened(path, ok))

    def failed(exc: BaseException) -> None:
        if on_finished:
            on_finished()
        from rtes_desktop.core.errors import RtesError

        if isinstance(exc, RtesError):
            say(
                QCoreApplication.translate("Attachments", "Pièce jointe « {0} » : {1}").format(
                    shown, exc
                )
            )
        else:
            say(
                QCoreApplication.translate(
                    "Attachments",
                    "La pièce jointe « {0} » n’a pas pu être ouverte ; détails dans le journal.",
                ).format(shown)
            )

    if core.attachment_path(library, att.sha256) is None:
        say(QCoreApplication.translate("Attachments", "Téléchargement de « {0} »…").format(shown))
    run = jobs.run(job, lane=LONG, label="attachment").on_done(done).on_error(failed)
    if on_progress is not None:
        run.on_progress(on_progress)
