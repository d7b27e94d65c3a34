"""Helpers shared by the screenshot scripts (screenshots.py, screenshots_personal.py,
reader_screenshots.py): the virtual screen, the application as a user starts it, and
waiting for the event loop without a test framework.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SCREEN = (1440, 900)


def start_xvfb(screen: tuple[int, int] = SCREEN) -> subprocess.Popen[bytes] | None:
    """A virtual screen on a free display number; None when one is already usable."""
    if os.environ.get("DISPLAY") and shutil.which("xdpyinfo"):
        if subprocess.run(["xdpyinfo"], capture_output=True).returncode == 0:
            return None
    if not shutil.which("Xvfb"):
        raise SystemExit("Xvfb introuvable : scripts/system-deps.sh screenshots")
    for display in range(99, 140):
        if Path(f"/tmp/.X11-unix/X{display}").exists() or Path(f"/tmp/.X{display}-lock").exists():
            continue
        proc = subprocess.Popen(
            [
                "Xvfb",
                f":{display}",
                "-screen",
                "0",
                f"{screen[0]}x{screen[1]}x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                os.environ["DISPLAY"] = f":{display}"
                return proc
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()
    raise SystemExit("Xvfb n'a pas démarré")


def stop_xvfb(proc: subprocess.Popen[bytes] | None) -> None:
    """Stop the screen start_xvfb started (nothing when it reused one)."""
    if proc is not None:
        proc.terminate()
        proc.wait(10)


def light_app(argv0: str, lang: str = "fr") -> tuple[Any, Any]:
    """The QApplication as the app starts it (name, interface language, icon, light
    palette), and its Theme (to switch to dark)."""
    from PySide6.QtWidgets import QApplication

    from rtes_desktop.gui.common.i18n import install_translator
    from rtes_desktop.gui.common.palette import Theme
    from rtes_desktop.gui.shell.main_window import app_icon

    app = QApplication([argv0])
    install_translator(app, lang)
    app.setApplicationDisplayName(app.translate("MainWindow", "Bibliothèque RTES"))
    app.setWindowIcon(app_icon())
    theme = Theme(app)
    theme.install()
    theme.apply(dark=False)
    return app, theme


def pump(app: Any, seconds: float) -> None:
    """Run the event loop for a while (layouts settle, repaints land)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def until(app: Any, condition: Any, timeout: float = 30.0) -> None:
    """Run the event loop until condition() is true; stop the script past timeout."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"attente trop longue : {condition}")
        app.processEvents()
        time.sleep(0.01)


def grab_screen(window: Any, area: Any = None) -> Any:
    """What the screen shows of the window's frame (or of area), as a QPixmap."""
    area = area or window.frameGeometry()
    return window.screen().grabWindow(0, area.x(), area.y(), area.width(), area.height())
