"""`rtes-desktop --self-test`: prove that this build works, in one line.

Run on every build (scripts/build.py, the release workflow) and usable by IT on an
installed computer. Works frozen and from source. It opens the real main window
offscreen on a temporary library, so it touches neither the user's data nor the
machine configuration, and checks the chain a user relies on: the demo export loads
(sync engine, signature, bundled resources), the search index builds (whoosh, the
French analyzer found by module path), a search through the window finds entries, and
an opened entry shows its accented text.

Output: exactly one line on stdout, exit status 0 or 1:
    self-test OK: 25 entries, search "filiere" -> 3 results, opened reperess-9-filieres (0.42 s)
    self-test FAILED: <step>: <reason>
With RTES_DESKTOP_LAUNCH_T0=<epoch seconds> (set by whoever launched the process), the
OK line also tells the time from that launch to the window shown.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

QUERY = "filiere"  # unaccented on purpose: the French analysis must fold accents
ENV_LAUNCH_T0 = "RTES_DESKTOP_LAUNCH_T0"
STEP_TIMEOUT_S = 60.0  # per wait; a stuck worker thread fails the test instead of hanging it
WATCHDOG_S = 240.0  # the whole test, whatever happens


class StepFailed(Exception):
    """A check that did not hold; its message names what was seen."""


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _wait(app: Any, done: Callable[[], bool], what: str, timeout: float = STEP_TIMEOUT_S) -> None:
    """Run the event loop until `done()` (results come back from worker threads)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise StepFailed(f"{what} : rien après {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.005)


def _quiet_qt() -> None:
    """Qt's own warnings go to the log file: stdout keeps its one line."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("rtes_desktop.qt")

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        level = logging.DEBUG if kind == QtMsgType.QtDebugMsg else logging.WARNING
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(handler)


def _accented_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if any(ord(c) > 127 for c in w)]


def _check_reader(text: str, title: str, body: str = "") -> str:
    """The reader shows the entry's title, accents intact (no mojibake, no boxes).
    Returns the accented word that proved it; StepFailed says what is wrong."""
    if not text.strip():
        raise StepFailed("le lecteur est vide")
    for bad in ("Ã", "�", "&eacute;", "&#"):
        if bad in text:
            raise StepFailed(f"texte mal décodé dans le lecteur ({bad!r})")
    if title not in text:
        raise StepFailed(f"le lecteur ne montre pas le titre « {title} »")
    expected = _accented_words(title) or _accented_words(body)[:20]
    if not expected:
        raise StepFailed(f"« {title} » n'a aucun mot accentué à vérifier")
    shown = [word for word in expected if word in text]
    if not shown:
        raise StepFailed(f"aucun mot accentué de l'entrée dans le lecteur ({expected[0]})")
    return shown[0]


def _run(tmp: Path, timings: dict[str, float]) -> str:
    """The application's own start-up path (as gui/shell/app.py runs it), then the checks."""
    from rtes_desktop.core.paths import setup_logging

    step = "démarrage"
    window: Any = None
    library: Any = None
    try:
        data = tmp / "data"
        data.mkdir()
        setup_logging(data)
        _quiet_qt()
        from PySide6.QtWidgets import QApplication

        from rtes_desktop.core.first_run import first_run
        from rtes_desktop.core.library import Library
        from rtes_desktop.core.search import SearchService
        from rtes_desktop.gui.common.i18n import install_translator
        from rtes_desktop.gui.common.palette import Theme
        from rtes_desktop.gui.shell.main_window import MainWindow, app_icon

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "rtes-desktop"])
        install_translator(app, "fr")
        app.setWindowIcon(app_icon())
        Theme(app).install()
        library = Library.open(data)

        step = "fenêtre"
        window = MainWindow(library, SearchService(library), data)
        # First start: the machine configuration step (none here) loads the demo export
        # in the background, then the window builds the index, as for a new user.
        window.queue_first_run(lambda: first_run(library))
        window.show()
        handle = window.windowHandle()
        _wait(app, lambda: window.isVisible() and handle is not None and handle.isExposed(), step)
        timings["window"] = time.time()

        step = "démo"
        _wait(app, lambda: library.count_entries() > 0, "chargement de la démonstration")
        entries = library.count_entries()

        step = "index"
        if not window.wait_idle(STEP_TIMEOUT_S):
            raise StepFailed(f"index non construit après {STEP_TIMEOUT_S:.0f} s")

        step = "recherche"
        if not window.run_search_now(QUERY, wait=True, timeout_ms=int(STEP_TIMEOUT_S * 1000)):
            raise StepFailed(f"pas de réponse pour « {QUERY} »")
        count = window.results_count()
        keys = list(window.result_keys())
        if count <= 0 or not keys:
            raise StepFailed(f"aucun résultat pour « {QUERY} »")

        step = "lecture"
        # An entry with accents in its title when the results have one (they should).
        key = next((k for k in keys if _accented_words(library.get_entry(k).title)), keys[0])
        entry = library.get_entry(key)
        if not window.open_entry(key):
            raise StepFailed(f"{key} ne s'ouvre pas")
        try:  # the reader fills in at once today; a slower one gets a few seconds
            _wait(app, lambda: entry.title in window.reader_plain_text(), key, timeout=10)
        except StepFailed:
            pass  # _check_reader says precisely what is wrong with what is shown
        _check_reader(window.reader_plain_text(), entry.title, entry.body)

        step = "fermeture"
        window.close()
        window = None
        app.processEvents()
        library.close()
        library = None
        return f'{entries} entries, search "{QUERY}" -> {count} results, opened {entry.id}'
    except StepFailed as exc:
        raise StepFailed(f"{step}: {exc}") from None
    except Exception as exc:  # any error is a failure of this step, said in one line
        log.exception("self-test failed at %s", step)
        raise StepFailed(f"{step}: {type(exc).__name__}: {exc}") from None
    finally:
        # After a failure: stop the window's worker threads before Python exits, or
        # tearing Qt down under them can crash the process and muddle the exit status.
        _close_quietly(window, library)


def _close_quietly(window: Any, library: Any) -> None:
    for close in (getattr(window, "close", None), getattr(library, "close", None)):
        if close is None:
            continue
        try:
            close()
        except Exception:
            log.exception("closing after a failed self-test")


def run_self_test() -> int:
    """Open the window offscreen on a temporary library, search, read; 0 if all worked."""
    start = time.perf_counter()
    launch_t0 = os.environ.get(ENV_LAUNCH_T0)
    # Before any QApplication exists: the test needs no display, here or on a CI runner.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    tmp = Path(tempfile.mkdtemp(prefix="rtes-selftest-"))
    # The IT configuration of this computer must not change what is tested.
    from rtes_desktop.core.machine_config import ENV_MACHINE_CONFIG

    os.environ[ENV_MACHINE_CONFIG] = str(tmp / "aucune-configuration.toml")

    def watchdog() -> None:
        _say(f"self-test FAILED: délai: bloqué plus de {WATCHDOG_S:.0f} s (journal : {tmp})")
        os._exit(1)

    timer = threading.Timer(WATCHDOG_S, watchdog)
    timer.daemon = True
    timer.start()
    timings: dict[str, float] = {}
    try:
        summary = _run(tmp, timings)
    except StepFailed as exc:
        timer.cancel()
        _say(f"self-test FAILED: {exc} (journal : {tmp / 'data' / 'rtes-desktop.log'})")
        return 1
    timer.cancel()
    elapsed = time.perf_counter() - start
    extra = ""
    if launch_t0 and "window" in timings:
        try:
            extra = f"; window shown {timings['window'] - float(launch_t0):.2f} s after launch"
        except ValueError:
            pass
    _say(f"self-test OK: {summary} ({elapsed:.2f} s{extra})")
    _cleanup(tmp)
    return 0


def _cleanup(tmp: Path) -> None:
    # Log handlers keep the log file open (Windows refuses to delete it): detach first.
    root = logging.getLogger("rtes_desktop")
    for handler in list(root.handlers):
        if str(tmp) in str(getattr(handler, "baseFilename", "")):
            root.removeHandler(handler)
            handler.close()
    shutil.rmtree(tmp, ignore_errors=True)
