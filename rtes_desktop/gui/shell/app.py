"""Starting the window: data folder, log, one instance per data folder, look,
language, first run, and a last line of defence against tracebacks."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from rtes_desktop import __version__
from rtes_desktop.core.errors import InstanceLocked, RtesError

log = logging.getLogger("rtes_desktop.gui")

APP_DISPLAY_NAME = "Bibliothèque RTES"


def parse_gui_args(args: list[str]) -> argparse.Namespace:
    """The window's options (unknown ones are left to Qt or to other handlers)."""
    parser = argparse.ArgumentParser(prog="rtes-desktop", add_help=False)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--lang", default=None, choices=["fr", "en"])
    ns, rest = parser.parse_known_args(args)
    from rtes_desktop.gui.shell.single_instance import location_argument

    ns.location = location_argument(rest)  # a .zip or an address to sync (a USB key…)
    return ns


def _headless() -> bool:
    """No screen to show a box on (tests, CI, the self-test): say it on stderr."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() in ("offscreen", "minimal")


def tell_user(message: str, *, title: str = APP_DISPLAY_NAME, blocking: bool = False) -> None:
    """One sentence for the user: a message box, or a line on stderr when headless."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None or _headless():
        if sys.stderr is not None:  # None in the windowed .exe on Windows
            sys.stderr.write(f"rtes-desktop : {message}\n")
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, message)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if blocking:
        box.exec()
    else:
        box.open()


class ExceptionHook:
    """sys.excepthook for the window: log the traceback, show one sentence."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._showing = False

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        if isinstance(exc, RtesError):
            message = str(exc)
        else:
            from PySide6.QtCore import QCoreApplication

            message = QCoreApplication.translate(
                "ExceptionHook",
                "Une erreur inattendue s’est produite ; elle est consignée dans le fichier "
                "journal ({0}). Vous pouvez continuer à travailler.",
            ).format(self.log_path)
        if self._showing:
            return  # one box at a time: a loop of errors must not bury the window
        self._showing = True
        try:
            tell_user(message)
        finally:
            self._showing = False

    def install(self) -> None:
        sys.excepthook = self
        # Threads (workers) log theirs; their callers report failures to the user.
        threading.excepthook = lambda a: log.error(
            "unexpected error in thread %s",
            a.thread.name if a.thread else "?",
            exc_info=(a.exc_type, a.exc_value, a.exc_traceback),  # type: ignore[arg-type]
        )


def _first_run_callable(library: Any) -> Any:
    """The machine configuration's first run (it falls back to the demo)."""
    from rtes_desktop.core.first_run import first_run

    return lambda: first_run(library)


def _search_service(library: Any) -> Any:
    from rtes_desktop.core.search import SearchService

    try:
        return SearchService(library)
    except Exception:  # the index is derived data: the window works without it
        log.exception("search service could not be created")
        return None


def run_gui(args: list[str]) -> int:
    """Open the window; returns the exit status."""
    if "--self-test" in args:  # the build check (gui/shell/selftest.py): offscreen, temporary data
        from rtes_desktop.gui.shell.selftest import run_self_test

        return run_self_test()
    ns = parse_gui_args(args)
    from rtes_desktop.core.paths import InstanceLock, data_dir, setup_logging

    try:
        folder = data_dir(ns.data_dir)
    except (RtesError, OSError) as exc:
        # data_dir() explains itself with RtesError; an OSError is the system's own words.
        # Either way one sentence in a box (the windowed .exe has no console to print to).
        from PySide6.QtWidgets import QApplication

        _box_app = QApplication.instance() or QApplication(  # noqa: F841 - kept alive
            [sys.argv[0] if sys.argv else "rtes-desktop"]
        )
        message = str(exc) if isinstance(exc, RtesError) else f"{exc.strerror or exc}"
        tell_user(f"dossier de données inutilisable : {message}", blocking=True)
        return 2
    log_path = setup_logging(folder)
    log.info("rtes-desktop %s starting on %s", __version__, folder)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "rtes-desktop"])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("RTES")
    QCoreApplication.setApplicationName("rtes-desktop")
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName("rtes-desktop")
    hook = ExceptionHook(log_path)
    hook.install()

    lock = InstanceLock(folder)
    try:
        lock.acquire("la bibliothèque RTES")
    except InstanceLocked as exc:
        from rtes_desktop.gui.shell.single_instance import hand_over

        # The window open on this folder comes forward and takes what we were given.
        if hand_over(folder, [ns.location] if ns.location else []):
            log.info("second launch handed over to the running window (%s)", ns.location)
            return 0
        log.info("second instance refused: %s", exc)
        tell_user(str(exc), blocking=True)
        return exc.exit_code

    from rtes_desktop.core.backup import maybe_backup
    from rtes_desktop.core.recovery import open_or_recover

    try:  # a damaged or missing library.db is rebuilt from the newest backup (issue 12)
        library, recovered = open_or_recover(folder)
    except RtesError as exc:
        tell_user(str(exc), blocking=True)
        lock.release()
        return exc.exit_code
    if recovered:
        log.warning("library recovered at start: %s", recovered)
    try:
        return _run_window(app, library, folder, ns, recovered)
    finally:
        maybe_backup(library)  # after the window closed: at most once a day, after a change
        library.close()
        lock.release()
        log.info("rtes-desktop stopped")


def _run_window(
    app: Any, library: Any, folder: Path, ns: argparse.Namespace, recovered: str | None = None
) -> int:
    from rtes_desktop.core import settings
    from rtes_desktop.gui.common.i18n import install_translator
    from rtes_desktop.gui.common.palette import Theme
    from rtes_desktop.gui.shell.main_window import MainWindow, app_icon
    from rtes_desktop.gui.shell.responsive import freeze_startup_objects, share_the_gil

    share_the_gil()  # work on other threads must not make the window wait

    lang = ns.lang or library.get_setting(settings.UI_LANGUAGE)
    install_translator(app, lang)
    # Dialog titles end with it: « Paramètres — RTES Library » would mix languages.
    app.setApplicationDisplayName(app.translate("MainWindow", APP_DISPLAY_NAME))
    app.setWindowIcon(app_icon())
    theme = Theme(app)
    theme.install(library.get_setting(settings.UI_THEME))
    service = _search_service(library)
    freeze_startup_objects()  # shorter garbage collections from now on
    window = MainWindow(library, service, folder)
    window.queue_first_run(_first_run_callable(library))
    from rtes_desktop.gui.shell.single_instance import InstanceServer

    server = InstanceServer(folder, window)  # a second launch hands its request here
    server.request_received.connect(window.handle_launch_request)
    server.listen()
    window.show()
    if recovered:  # once, over the window, with « Synchroniser maintenant » (never blocking)
        window.show_recovery(recovered)
    if ns.location:
        window.handle_launch_request([ns.location])
    status = app.exec()
    server.close()
    window.shutdown()
    return int(status)
