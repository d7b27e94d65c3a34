"""Opening an entry's attachment with the system's viewer, downloading it first
(in the background) when the sync left it for later because of its size."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
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


def is_available(library: Library, att: Attachment) -> bool:
    """True when the attachment's verified file is in the data folder."""
    return _core().attachment_path(library, att.sha256) is not None


def open_attachment(
    library: Library,
    entry: Entry,
    index: int,
    jobs: Jobs,
    *,
    say: Callable[[str], None],
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> None:
    """Open attachment `index` of `entry`; download it first if needed.
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

    def job(progress: Any, cancel: Any) -> str:
        # Off the GUI thread: a download may take long (the library is thread-safe).
        if core.attachment_path(library, att.sha256) is None:
            core.fetch_attachment(
                library, entry.source_id, att.sha256, progress=progress, cancel=cancel
            )
        return str(core.viewer_copy(library, att.sha256, att.name, att.media_type))

    def done(path: str) -> None:
        if on_finished:
            on_finished()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            say(
                QCoreApplication.translate(
                    "Attachments",
                    "Aucune application ne sait ouvrir « {0} » ; le fichier est ici : {1}",
                ).format(shown, path)
            )
        else:
            say(
                QCoreApplication.translate(
                    "Attachments", "« {0} » ouvert dans l’application du système."
                ).format(shown)
            )

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
