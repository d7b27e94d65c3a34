"""Where data lives, the rotating log, and the one-instance lock on a data folder."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path
from typing import BinaryIO

from rtes_desktop import APP_AUTHOR, APP_NAME
from rtes_desktop.core.errors import InstanceLocked, RtesError

ENV_DATA_DIR = "RTES_DESKTOP_DATA_DIR"
#: One log file per kind of process: on Windows a file another process holds open
#: cannot be renamed, so a window and a command line sharing one rotating file would
#: each fail to rotate it (and lose records). The window writes LOG_FILE, the command
#: line (scheduled syncs, IT scripts) CLI_LOG_FILE.
LOG_FILE = "rtes-desktop.log"
CLI_LOG_FILE = "rtes-desktop-cli.log"
LOG_FILES = {"gui": LOG_FILE, "cli": CLI_LOG_FILE}
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
#: After a refused rotation, keep appending to the current file this long before trying
#: again (seconds): the other holder (a second command, a log viewer) is usually brief.
ROTATION_RETRY_S = 60.0
DB_FILE = "library.db"


def resources_dir() -> Path:
    """The folder of bundled resources (demo, keys, thesaurus, translations, icons)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `explicit`, else $RTES_DESKTOP_DATA_DIR, else the platform's one."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR])
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path = path.expanduser().resolve()
    if path.exists() and not path.is_dir():
        # mkdir would say "File exists" (in English, from the system): say what it means.
        raise RtesError(
            "ce n'est pas un dossier : choisissez un dossier de données (--data-dir)",
            path=str(path),
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RtesError(
            f"impossible de créer le dossier de données ({exc.strerror})", path=str(path)
        ) from None
    return path


class SafeRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that keeps writing when the file cannot be rotated.

    On Windows, renaming a log another process (a second command line, an editor, a
    backup agent) has open raises PermissionError; the standard handler then drops the
    record and tries again, and fails again, for every later one. Here a refused rotation
    is skipped: records go on being appended to the current file, and rotation is tried
    again a minute later.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._retry_at = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - logging API
        if time.monotonic() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:  # noqa: N802 - logging API
        try:
            super().doRollover()
        except OSError:
            self._retry_at = time.monotonic() + ROTATION_RETRY_S
            if self.stream is None:  # the base class closed it before renaming
                self.stream = self._open()


_log_handler: logging.Handler | None = None
_log_problem: str | None = None


class _LogFile(SafeRotatingFileHandler):
    """The rotating log, which never stops the application: a write that fails
    (disk full, read-only folder) is said once on stderr, then logging stops. A rotation
    another process prevents is not such a failure (SafeRotatingFileHandler)."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        global _log_problem, _log_handler
        exc = sys.exc_info()[1]
        if _log_problem is None:
            _log_problem = _log_warning(self.baseFilename, exc)
        logging.getLogger("rtes_desktop").removeHandler(self)
        _close_quietly(self)
        if _log_handler is self:
            _log_handler = None


def _close_quietly(handler: logging.Handler) -> None:
    try:
        handler.close()
    except (OSError, ValueError):  # its file is gone or already broken
        pass


def _log_warning(path: object, exc: BaseException | None) -> str:
    reason = getattr(exc, "strerror", None) or exc or "erreur inconnue"
    message = (
        f"rtes-desktop : avertissement : journal impossible à écrire ({path} : {reason}) ; "
        "la commande continue sans journal\n"
    )
    if sys.stderr is not None:  # None in the windowed Windows executable
        try:
            sys.stderr.write(message)
        except (OSError, ValueError):
            pass
    return message.strip()


def log_problem() -> str | None:
    """Why the log file could not be written (None when it works)."""
    return _log_problem


def setup_logging(folder: Path, level: int = logging.INFO, *, kind: str = "gui") -> Path:
    """Send the package's log records to this kind of process's rotating file in
    `folder` (`kind`: "gui" or "cli", see LOG_FILES); return its path.

    A log that cannot be opened (read-only folder, a directory in its place) never
    stops a command: one warning on stderr, and the command runs without a log.
    """
    global _log_handler, _log_problem
    log_path = folder / LOG_FILES.get(kind, LOG_FILE)
    root = logging.getLogger("rtes_desktop")
    if _log_handler is not None:
        if getattr(_log_handler, "baseFilename", None) == str(log_path):
            return log_path
        root.removeHandler(_log_handler)
        _close_quietly(_log_handler)
        _log_handler = None
    _log_problem = None
    root.setLevel(level)
    try:
        handler = _LogFile(
            log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        _log_problem = _log_warning(log_path, exc)
        return log_path
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(process)d %(threadName)s] %(message)s"
        )
    )
    root.addHandler(handler)
    _log_handler = handler
    return log_path


class InstanceLock:
    """An exclusive, advisory lock on a file of the data folder.

    The operating system releases it when the process dies, so a crash or a kill
    never leaves a stale lock behind (unlike a PID file).
    """

    def __init__(self, folder: Path, name: str = "instance.lock") -> None:
        self.path = folder / name
        self._fh: BinaryIO | None = None

    def acquire(self, what: str = "l'application") -> None:
        """Take the lock or raise InstanceLocked with a clear message."""
        fh = open(self.path, "a+b")  # noqa: SIM115 - kept open while locked
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise InstanceLocked(
                f"{what} est déjà ouverte sur ce dossier de données ; "
                "fermez l'autre fenêtre ou choisissez un autre dossier (--data-dir)",
                path=str(self.path.parent),
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        """Give the lock back (also done by the OS when the process ends)."""
        fh = self._fh
        if fh is None:
            return
        self._fh = None
        if sys.platform == "win32":
            import msvcrt

            try:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        fh.close()

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
