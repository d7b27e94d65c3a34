"""The reader at a laptop's sizes, under Xvfb, into docs/screenshots/ (issue 13):

    .venv/bin/python scripts/reader_screenshots.py      (also run by ./dev screenshots)

    reader-1024x700.png         a 1024x700 window
    reader-1366x768.png         a 1366x768 window
    reader-1920x1080-150.png    a 1920x1080 window at 150 % (QT_SCALE_FACTOR=1.5)

Each is a search for "filiere" with the first result opened (its words highlighted)
and a note on it; at 1366x768 the notes drawer is open. Prints, for each, the reader's line in characters of its font
and whether the notes column is docked or in its drawer: the numbers the layout
rules in gui/reader/reader_area.py were chosen from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZES = [  # name, window width, height (in pixels of the screen), scale
    ("reader-1024x700", 1024, 700, 1.0),
    ("reader-1366x768", 1366, 768, 1.0),
    ("reader-1920x1080-150", 1920, 1080, 1.5),
]
QUERY = "filiere"


def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        name, width, height, scale = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        return shoot_one(name, width, height, float(scale))
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshots import start_xvfb  # the same virtual screen as the other pictures

    os.environ.pop("DISPLAY", None)  # our own screen, big enough for 1920x1080
    xvfb = start_xvfb((1920, 1080))
    try:
        for name, width, height, scale in SIZES:
            env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=str(scale))
            env.pop("RTES_DESKTOP_DATA_DIR", None)
            args = [sys.executable, __file__, "--one", name, str(width), str(height), str(scale)]
            subprocess.run(args, env=env, check=True, cwd=ROOT)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
    return 0


def shoot_one(name: str, width: int, height: int, scale: float) -> int:
    from PySide6.QtWidgets import QApplication

    from rtes_desktop.core import settings
    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.search import SearchService
    from rtes_desktop.gui.common.i18n import install_translator
    from rtes_desktop.gui.common.palette import Theme
    from rtes_desktop.gui.reader.reader_area import reader_chars
    from rtes_desktop.gui.shell.main_window import MainWindow, app_icon

    tmp = Path(tempfile.mkdtemp(prefix="rtes-reader-shots-"))
    try:
        app = QApplication([sys.argv[0]])
        app.setApplicationDisplayName("Bibliothèque RTES")
        install_translator(app, "fr")
        app.setWindowIcon(app_icon())
        theme = Theme(app)
        theme.install()
        theme.apply(dark=False)
        library = Library.open(tmp)
        load_demo(library)
        library.set_setting(settings.WELCOME_SHOWN, True)
        window = MainWindow(library, SearchService(library), tmp)
        # The window's size in pixels of the screen: logical pixels times the scale.
        window.resize(round(width / scale), round(height / scale))
        window.move(0, 0)
        window.show()

        def pump(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.01)

        window.wait_idle(60)
        window.run_search_now(QUERY, wait=True)
        window.wait_idle(30)
        key = window.result_keys()[0]
        library.add_note(key, "À citer lors de la formation des élus.", "Préparation")
        window.results.select_key(key)
        window.open_result(key)
        window.controller.reload_sidebar()
        if name == "reader-1366x768":  # the notes in their drawer, opened by its button
            window.reader_area.notes_button.click()
        else:
            window.results.list.setFocus()
        window.wait_idle(30)
        pump(0.6)
        area = window.frameGeometry()
        pixmap = window.screen().grabWindow(0, area.x(), area.y(), area.width(), area.height())
        OUT.mkdir(parents=True, exist_ok=True)
        pixmap.save(str(OUT / f"{name}.png"))
        print(
            f"{name}: window {pixmap.width()}x{pixmap.height()} px, reader "
            f"{reader_chars(window.reader):.0f} characters a line "
            f"(averageCharWidth {window.reader.fontMetrics().averageCharWidth()}), "
            f"notes {window.reader_area.mode}, "
            f"{len(window.reader_area.marks.query_spans)} words highlighted"
        )
        window.close()
        window.shutdown()
        library.close()
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
