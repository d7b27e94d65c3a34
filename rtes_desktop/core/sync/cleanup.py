"""Collecting what syncs and viewers leave in the data folder, so it does not grow.

Three kinds of leftovers, none of them the user's own data (notes, tags, sessions,
settings live in SQLite and are never touched here):

- `objects/`: attachments no entry in the library still offers (the publisher
  withdrew the entry or changed the file, or a refused sync fetched them);
- `staging/`: documents downloaded by a sync that was then refused or abandoned;
- `cache/open/`: copies handed to the system's viewer, kept a day so a document
  the user has open is not pulled from under the viewer.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

VIEWER_COPY_MAX_AGE = 24 * 3600
_SHA = re.compile(r"[0-9a-f]{64}")


def viewer_copies_dir(library: Library) -> Path:
    """Where copies of attachments wait for the system's viewer."""
    return library.folder / "cache" / "open"


def sweep_viewer_copies(library: Library, max_age: float = VIEWER_COPY_MAX_AGE) -> int:
    """Remove viewer copies older than `max_age` seconds; return how many went."""
    root = viewer_copies_dir(library)
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age
    removed = 0
    for folder in root.iterdir():
        if folder.is_symlink() or not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()  # may fail on Windows while a viewer holds it: next time
                    removed += 1
            except OSError:
                pass
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
    return removed


def collect_objects(library: Library, objects: Path) -> int:
    """Remove attachments no live (non-withdrawn) entry names; return how many went.

    Only files named by a SHA-256 in `objects/<h[:2]>/<h>` are considered.
    """
    if not objects.is_dir():
        return 0
    live = {
        r[0]
        for r in library.conn.execute(
            "SELECT DISTINCT a.sha256 FROM attachments a JOIN entries e ON e.pk = a.entry_pk "
            "WHERE e.withdrawn_at IS NULL"
        )
    }
    removed = 0
    for path in objects.glob("*/*"):
        if _SHA.fullmatch(path.name) and path.name not in live:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    _drop_empty_folders(objects)
    return removed


def collect_staging(staging: Path, older_than: float) -> int:
    """Remove what earlier (refused, cancelled, killed) syncs left in `staging/`:
    every file not modified since `older_than` (the start of the sync that just
    succeeded, which applied and removed its own files)."""
    if not staging.is_dir():
        return 0
    removed = 0
    for path in staging.glob("*/*"):
        try:
            if path.is_dir() and not path.is_symlink():
                if path.stat().st_mtime < older_than:
                    shutil.rmtree(path)
                    removed += 1
            elif path.lstat().st_mtime < older_than:
                path.unlink()
                removed += 1
        except OSError:
            pass
    _drop_empty_folders(staging)
    return removed


def _drop_empty_folders(root: Path) -> None:
    for folder in root.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            with contextlib.suppress(OSError):
                folder.rmdir()


def collect_after_sync(library: Library, staging: Path, objects: Path, started: float) -> None:
    """Everything above, at the end of a successful sync (under its lock)."""
    collect_objects(library, objects)
    collect_staging(staging, started)
    sweep_viewer_copies(library)
