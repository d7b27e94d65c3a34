"""Reading files a user or a publisher names: regular files only, size checked first.

`keys add /dev/zero` once read until the machine ran out of memory, and a FIFO in
an export folder blocked a sync for ever. Every file named from outside (keys,
machine configuration, export folders, publisher sources) is opened here:

- without blocking (O_NONBLOCK: opening a FIFO with no writer returns at once),
- then checked with fstat on the open descriptor (not stat then open: the file
  could be swapped in between), refused unless it is a regular file,
- and its size checked before a byte is read; at most `limit` + 1 bytes are read
  anyway, for a file that grows while it is read.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.i18n import _

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("c'est un dossier")
    if stat.S_ISFIFO(mode):
        return _("c'est un tube (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("c'est un périphérique")
    if stat.S_ISSOCK(mode):
        return _("c'est une socket")
    return _("ce n'est pas un fichier ordinaire")


def open_regular(path: str | os.PathLike[str], what: str | None = None) -> IO[bytes]:
    """A binary stream on `path`, which must be a regular file; BadInput otherwise
    (missing, unreadable, folder, FIFO, device…), naming the file and the reason.
    `what` names it in the sentence (default « fichier », in the interface language)."""
    name = str(path)
    what = what or _("fichier")
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise BadInput(
            _("lecture impossible ({what} introuvable)").format(what=what), path=name
        ) from None
    except IsADirectoryError:
        raise BadInput(
            _("{what} : c'est un dossier, pas un fichier").format(what=what), path=name
        ) from None
    except OSError as exc:
        raise BadInput(
            _("lecture impossible ({strerror})").format(strerror=exc.strerror or exc), path=name
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BadInput(
                _("{what} refusé : {value}, pas un fichier ordinaire").format(
                    what=what, value=_kind(mode)
                ),
                path=name,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # no effect on a regular file; explicit all the same
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_bounded(
    path: str | os.PathLike[str],
    what: str | None,
    limit: int,
    too_big: Callable[[int], str],
    grown: str,
    io_error: Callable[[object], str],
) -> bytes:
    """At most `limit` bytes of the regular file `path`: its size is checked before
    anything is read, and again after (a file that grew while read). The callers
    give their own sentences (`too_big(size)`, `grown`, `io_error(reason)`)."""
    name = str(path)
    with open_regular(path, what) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise BadInput(too_big(size), path=name)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise BadInput(io_error(exc.strerror or exc), path=name) from None
    if len(data) > limit:  # it grew while being read
        raise BadInput(grown, path=name)
    return data


def read_small_file(path: str | os.PathLike[str], limit: int, what: str | None = None) -> bytes:
    """The bytes of the regular file `path`, refused (BadInput) beyond `limit` bytes
    before anything is read."""
    what = what or _("fichier")
    return _read_bounded(
        path,
        what,
        limit,
        lambda size: _("{what} trop gros ({size} octets, {limit} au plus)").format(
            what=what, size=size, limit=limit
        ),
        _("{what} trop gros (plus de {limit} octets)").format(what=what, limit=limit),
        lambda reason: _("lecture impossible ({strerror})").format(strerror=reason),
    )


def read_small_text(path: str | os.PathLike[str], limit: int, what: str | None = None) -> str:
    """`read_small_file` decoded as UTF-8 (a leading BOM is dropped)."""
    what = what or _("fichier")
    data = read_small_file(path, limit, what)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise BadInput(
            _("lecture impossible ({what} : pas un texte UTF-8)").format(what=what),
            path=str(Path(path)),
        ) from None


def read_json_file(path: str | os.PathLike[str], limit: int, what: str, unreadable: str) -> Any:
    """The JSON document in the regular file `path` (a file the user chose to import:
    personal data, a shared session). BadInput naming the file when it is not a
    regular file, is over `limit` bytes (« fichier trop gros pour {what} », in Mo)
    or is not UTF-8 JSON (`unreadable`, a whole sentence)."""
    raw = _read_bounded(
        path,
        None,
        limit,
        lambda size: _("fichier trop gros pour {what} ({size} Mo, {limit} Mo au plus)").format(
            what=what, size=size // 1000000, limit=limit // 1000000
        ),
        _("fichier trop gros pour {what}").format(what=what),
        lambda reason: _("fichier illisible ({strerror})").format(strerror=reason),
    )
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInput(unreadable, path=str(path)) from None
