"""Renames that survive Windows' antivirus and indexer locks.

On Windows a file or folder that an antivirus scanner, the search indexer or a backup
agent has just opened cannot be renamed or replaced for a few tens of milliseconds:
`os.replace` then raises PermissionError (winerror 5 or 32). Every rename of a staged
object, a manifest or an index generation goes through `replace_with_retry`, which waits
and tries again for a couple of seconds before giving up with one French sentence.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import time
from pathlib import Path

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.i18n import _

log = logging.getLogger(__name__)

#: Waits between attempts, in seconds (about 2.5 s in all): long enough for a scan of a
#: freshly written file, short enough that a real, lasting lock is reported quickly.
RETRY_DELAYS: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7)

# Windows error numbers of a transient lock: access denied (5), sharing violation (32),
# lock violation (33). EACCES/EBUSY are what other systems and some SMB shares report.
_WINERRORS = {5, 32, 33}
_ERRNOS = {errno.EACCES, errno.EBUSY}


def _transient(exc: OSError) -> bool:
    if isinstance(exc, PermissionError):
        return True
    winerror = getattr(exc, "winerror", None)
    return winerror in _WINERRORS or exc.errno in _ERRNOS


def replace_with_retry(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    delays: tuple[float, ...] | None = None,
) -> None:
    """`os.replace(src, dst)`, tried again while another program holds either path.

    Raises RtesError naming `dst` when the lock lasts (about 2.5 s), and lets any other
    OSError (missing file, full disk) through at once: waiting would not fix those.
    A `dst` that is a device, a FIFO or a socket is refused (RtesError), never
    replaced: an export asked to « /dev/full » would otherwise, for root, put a
    regular file in the device's place.
    """
    try:
        mode = os.lstat(dst).st_mode
    except OSError:
        mode = None  # no such file yet: the usual case
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
        raise RtesError(_("ce n'est pas un fichier ordinaire : rien n'y est écrit"), path=str(dst))
    waits = RETRY_DELAYS if delays is None else delays
    for attempt in range(len(waits) + 1):
        try:
            os.replace(src, dst)
            if attempt:
                log.info("renamed %s after %d retries (file was locked)", dst, attempt)
            return
        except OSError as exc:
            if not _transient(exc):
                raise
            if attempt == len(waits):
                log.warning("rename %s -> %s still refused: %s", src, dst, exc)
                raise RtesError(
                    _(
                        "impossible de remplacer ce fichier : un autre programme le garde "
                        "ouvert (antivirus, indexation, sauvegarde) ; réessayez dans un "
                        "moment, ou demandez au service informatique d'exclure ce dossier de "
                        "l'analyse"
                    ),
                    path=str(Path(dst)),
                ) from None
            time.sleep(waits[attempt])
