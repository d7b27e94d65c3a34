"""Errors the core raises on purpose: each carries a message fit for the user."""

from __future__ import annotations

from rtes_desktop.core.i18n import _


class RtesError(Exception):
    """A refusal or failure explained in one sentence (French), never a traceback.

    `detail` keeps the technical account (file, serials, key ids) when the message
    itself is worded for an agent: the command line prints it with --verbose, the
    window under « Détails ». `code` names the kind of refusal (e.g. "rollback").
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        detail: str | None = None,
        code: str | None = None,
    ) -> None:
        self.path = path
        self.detail = detail
        self.code = code
        self.message = message  # without the path, for a caller that names the file itself
        # « fichier : raison » in French, "file: reason" in English
        super().__init__(
            _("{path} : {message}").format(path=path, message=message) if path else message
        )


class NotFound(RtesError):
    """An id that names nothing in the library."""

    exit_code = 3


class BadInput(RtesError):
    """Input from the outside world (file, argument, export) that is refused."""

    exit_code = 2


class InstanceLocked(RtesError):
    """Another instance of the application already uses this data folder."""

    exit_code = 4


class Cancelled(RtesError):
    """The user cancelled a long operation; nothing was changed."""

    exit_code = 130


class StorageError(RtesError):
    """The disk or the operating system refused a write or a read of the data folder
    (full, read-only, no permission, busy): the files themselves are fine."""

    exit_code = 1


#: How many characters of a publisher's or user's value an error message repeats.
ECHO_CHARS = 80


def echo(value: object, limit: int = ECHO_CHARS) -> str:
    """`value` as repeated in a message: at most `limit` characters, « … » when cut.

    A hostile export can put a 4,000-digit number or a megabyte of text where a
    short value is due; a message names it, it does not reproduce it.
    """
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:  # an int past Python's digit limit for str()
        return "un nombre de plusieurs milliers de chiffres"
    if len(text) > limit:
        return text[: limit - 1] + "…"
    return text


# errno values and SQLite result codes (primary, the low byte) that say the medium,
# not the file, is the problem. Numbers are SQLite's stable C API constants.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED = 3, 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26


def _disk_full() -> str:
    return _("le disque est plein : libérez de la place puis recommencez ; rien n'a été modifié")


def _read_only() -> str:
    return _(
        "le dossier de données est en lecture seule (support protégé en écriture ou monté "
        "en lecture seule) : rien n'a été modifié ; choisissez un dossier modifiable (--data-dir)"
    )


def _no_permission() -> str:
    return _(
        "accès refusé par le système (droits insuffisants sur ce fichier ou dossier) : "
        "rien n'a été modifié"
    )


def storage_error(exc: BaseException, path: object = None) -> StorageError | None:
    """The true sentence for a disk or permission failure, or None for anything else.

    Disk full, read-only media and missing permissions each get their own advice;
    only a database that SQLite itself finds damaged is called unreadable, because
    "restore a backup" on a healthy file would replace good data with old.
    """
    import errno
    import sqlite3

    where = None if path is None else str(path)
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, str) else where
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return StorageError(_disk_full(), path=where)
        if exc.errno == errno.EROFS:
            return StorageError(_read_only(), path=where)
        if exc.errno in (errno.EACCES, errno.EPERM):
            return StorageError(_no_permission(), path=where)
        if exc.errno == errno.EIO:
            return StorageError(
                _(
                    "erreur d'entrée/sortie du disque : vérifiez le support (clé USB retirée, "
                    "disque défaillant) ; rien n'a été modifié"
                ),
                path=where,
            )
        return None
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code == _SQLITE_FULL:
            return StorageError(_disk_full(), path=where)
        if code == _SQLITE_READONLY:
            return StorageError(_read_only(), path=where)
        if code in (_SQLITE_PERM, _SQLITE_CANTOPEN):
            return StorageError(
                _(
                    "la base de données ne peut pas être ouverte (droits insuffisants, dossier "
                    "en lecture seule ou absent) : rien n'a été modifié"
                ),
                path=where,
            )
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StorageError(
                _(
                    "la base de données est occupée par un autre programme : réessayez dans "
                    "un instant ; rien n'a été modifié"
                ),
                path=where,
            )
        if code == _SQLITE_IOERR:
            return StorageError(
                _(
                    "erreur d'entrée/sortie en écrivant la base de données (disque plein, retiré "
                    "ou défaillant ?) : rien n'a été modifié"
                ),
                path=where,
            )
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return StorageError(
                _(
                    "la base de données est endommagée (SQLite la trouve illisible) ; "
                    "restaurez une sauvegarde"
                ),
                path=where,
            )
    return None
