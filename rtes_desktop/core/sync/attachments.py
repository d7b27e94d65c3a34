"""Attachments (the PDFs of the fiches): objects like entries, kept in the data folder.

A sync fetches attachments up to the `attachments_max_auto_bytes` setting; bigger
ones are fetched on demand with `fetch_attachment`. Every file in
`<data>/objects/<h[:2]>/<h>` has been verified against its SHA-256.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from rtes_desktop.core.errors import NotFound, RtesError
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import DEMO_SOURCE_ID
from rtes_desktop.core.machine_config import proxy_config
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.sync.cleanup import sweep_viewer_copies, viewer_copies_dir
from rtes_desktop.core.sync.engine import (
    objects_dir,
    staging_dir,
)
from rtes_desktop.core.sync.export_format import DEFAULT_LIMITS
from rtes_desktop.core.sync.export_reader import copy_object, open_export
from rtes_desktop.core.sync.http_client import HttpClient
from rtes_desktop.core.sync.media_types import viewer_file_name
from rtes_desktop.core.sync.report import Phase, Progress
from rtes_desktop.core.text_safety import visible

__all__ = [
    "attachment_path",
    "fetch_attachment",
    "missing_attachments",
    "viewer_copy",
]


def attachment_path(library: Library, sha256: str) -> Path | None:
    """The local file of an attachment, or None when it has not been downloaded."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        return None
    path = objects_dir(library) / sha256[:2] / sha256
    return path if path.is_file() else None


def missing_attachments(library: Library, source_id: str | None = None) -> list[dict[str, object]]:
    """Attachments named by entries but not downloaded (deferred for their size)."""
    sql = (
        "SELECT DISTINCT e.source_id, a.sha256, a.size, a.name FROM attachments a "
        "JOIN entries e ON e.pk = a.entry_pk"
    )
    params: tuple[str, ...] = ()
    if source_id:
        sql += " WHERE e.source_id = ?"
        params = (source_id,)
    out = []
    for r in library.conn.execute(sql, params):
        if attachment_path(library, r[1]) is None:
            out.append({"source_id": r[0], "sha256": r[1], "size": r[2], "name": r[3]})
    return out


def fetch_attachment(
    library: Library,
    source_id: str,
    sha256: str,
    *,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    token: str | None = None,
    client: HttpClient | None = None,
) -> Path:
    """Download one attachment of `source_id` now (verified); return its local path."""
    found = attachment_path(library, sha256)
    if found:
        return found
    row = library.conn.execute(
        "SELECT a.size, a.name FROM attachments a JOIN entries e ON e.pk = a.entry_pk "
        "WHERE e.source_id=? AND a.sha256=? LIMIT 1",
        (source_id, sha256),
    ).fetchone()
    if row is None:
        raise NotFound(
            _("aucune pièce jointe {sha256}… dans la source « {source_id} »").format(
                sha256=sha256[:12], source_id=source_id
            )
        )
    size = int(row[0])
    source = library.source(source_id)
    if source_id == DEMO_SOURCE_ID or (source is not None and source.is_demo):
        location = str(resources_dir() / "demo-export")
    elif source is not None and source.url:
        location = source.url
    else:
        raise RtesError(
            _(
                "la source « {source_id} » n'a plus d'adresse : impossible de "
                "télécharger la pièce jointe"
            ).format(source_id=source_id)
        )
    if client is None:
        client = HttpClient(
            token=token, token_accounts=[source_id, location], cancel=cancel, proxy=proxy_config()
        )
    reader = open_export(location, client=client, limits=DEFAULT_LIMITS)
    done = 0

    def on_bytes(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(Progress(Phase.ATTACHMENT, 0, 1, done, size))

    staged = staging_dir(library) / sha256[:2] / sha256
    try:
        copy_object(reader, sha256, size, staged, on_bytes=on_bytes, cancel=cancel)
    finally:
        reader.close()
    final = objects_dir(library) / sha256[:2] / sha256
    final.parent.mkdir(parents=True, exist_ok=True)
    replace_with_retry(staged, final)
    return final


def viewer_copy(library: Library, sha256: str, name: str, media_type: str) -> Path:
    """A copy of a downloaded attachment, for the system's viewer (which needs an
    extension). NotFound when it is not downloaded; RtesError when its media type
    is not one the system may open (see `media_types.VIEWER_EXTENSIONS`).

    The copy's name is rebuilt by `viewer_file_name`: its extension always comes
    from the media type, so `fiche\u202efdp.exe` declared PDF is `fichefdp.exe.pdf`.
    """
    file_name = viewer_file_name(name, media_type, sha256[:12])
    if file_name is None:
        raise RtesError(
            _(
                "« {name} » est de type {media_type}, que l'application ne confie pas "
                "au système (seuls les PDF, images, documents bureautiques et textes "
                "s'ouvrent)"
            ).format(name=visible(name), media_type=visible(media_type)[:80])
        )
    src = attachment_path(library, sha256)
    if src is None:
        raise NotFound(_("pièce jointe pas encore téléchargée"))
    sweep_viewer_copies(library)
    dest = viewer_copies_dir(library) / sha256[:16] / file_name
    if not dest.is_file() or dest.stat().st_size != src.stat().st_size:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return dest
