"""Screenshots of the main views under Xvfb, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --all    (./dev screenshots: every script's pictures)
    .venv/bin/python scripts/screenshots.py --lang en   (the English window: *-en.png)

Starts a virtual X server (Xvfb) unless $DISPLAY is set and usable, runs the real
window with the xcb platform on a temporary data folder (first start: the demo),
and saves what a user sees:

    first-run.png      the welcome over the demo library
    search.png         a search with results, facet chips and the reader
    reader-notes.png   an entry with the user's notes and tags beside it
    sessions.png       « Mes sessions »: a training session's fiches and note, in order
    demo-question.png  the first real sync asks about the demo
    sync.png           a sync in progress (a slow loopback HTTP server)
    settings.png       the settings dialog
    dark.png           the search view in the dark palette

Needs: xvfb and the xcb libraries (scripts/system-deps.sh screenshots).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shot_helpers import (  # noqa: E402
    OUT,
    ROOT,
    grab_screen,
    light_app,
    pump,
    start_xvfb,
    stop_xvfb,
    until,
)

#: the interface language (--lang en): English screenshots are named *-en.png
LANG = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv[:-1] else "fr"
WINDOW = (1360, 840)
# Every picture of docs/screenshots/, one script each (`--all`, what ./dev screenshots
# runs): a process each, as each needs its own QApplication on its own platform.
ALL = [
    "screenshots_personal.py",  # restore.png, import-preview.png (offscreen)
    "screenshots.py",  # the main views (Xvfb)
    "screenshots.py --lang en",  # the same in English: *-en.png
    "reader_screenshots.py",  # the reader at a laptop's sizes (Xvfb)
    "handout_screenshots.py",  # handout page, export dialog, stale note (offscreen)
]


class SlowHandler(http.server.SimpleHTTPRequestHandler):
    """Serves an export slowly, so the sync dialog can be seen at work."""

    delay = 0.4

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if "/objects/" in self.path:
            time.sleep(self.delay)
        super().do_GET()

    def log_message(self, *args: Any) -> None:
        pass


def serve_export(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """A network-like source: the demo's files republished as source « rtes »."""
    from rtes_desktop.core.demo import demo_dir
    from rtes_desktop.core.sync.publish import publish

    src = folder / "src"
    shutil.copytree(demo_dir(), src)
    yaml_path = src / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("id: demo", "id: rtes", 1)
    text = text.replace('name: "RTES – bibliothèque de démonstration"', 'name: "RTES"', 1)
    yaml_path.write_text(text, encoding="utf-8")
    # New content (the demo's objects are already held, and would not be fetched).
    for md in src.rglob("*.md"):
        md.write_text(
            md.read_text(encoding="utf-8") + "\n\nMise à jour du réseau, novembre 2026.\n",
            encoding="utf-8",
        )
    export = folder / "export"
    publish(src, export)
    handler = functools.partial(SlowHandler, directory=str(export))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def frame_dialogs(pixmap: Any, area: Any, dialogs: list[Any]) -> None:
    """Xvfb has no window manager: draw the soft shadow and border a desktop would
    put around each dialog, so the picture matches what a user sees."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPainter

    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for dialog in dialogs:
        g = dialog.frameGeometry().translated(-area.x(), -area.y())
        for i in range(1, 12):  # shadow below and around, fading out
            painter.setPen(QColor(0, 0, 0, max(0, 34 - 3 * i)))
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.drawRoundedRect(
                QRect(g.x() - i, g.y() - i + 3, g.width() + 2 * i, g.height() + 2 * i), 6 + i, 6 + i
            )
        painter.setPen(QColor(0, 0, 0, 90))
        painter.drawRect(g.adjusted(-1, -1, 0, 0))
        # Redraw the dialog itself on top, in case the shadow overlapped its edge.
        painter.drawPixmap(g.topLeft(), dialog.grab())
    painter.end()


def main() -> int:
    if sys.argv[1:] == ["--all"]:
        for script in ALL:
            name, *args = script.split()
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / name), *args], check=True, cwd=ROOT
            )
        return 0
    xvfb = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.pop("RTES_DESKTOP_DATA_DIR", None)
    tmp = Path(tempfile.mkdtemp(prefix="rtes-shots-"))
    try:
        return shoot(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        stop_xvfb(xvfb)


def shoot(tmp: Path) -> int:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialog, QWidget

    from rtes_desktop.core.first_run import first_run
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.paths import setup_logging
    from rtes_desktop.core.search import SearchService
    from rtes_desktop.gui.shell.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    data = tmp / "data"
    data.mkdir()
    setup_logging(data)
    app, theme = light_app(sys.argv[0], LANG)
    library = Library.open(data)
    window = MainWindow(library, SearchService(library), data)
    window.queue_first_run(lambda: first_run(library))
    window.resize(*WINDOW)
    window.move(0, 0)
    window.show()
    saved: list[str] = []

    def shot(name: str, area: QRect | None = None) -> None:
        pump(app, 0.4)  # let layouts settle and repaint
        area = area or window.frameGeometry()
        pixmap = grab_screen(window, area)
        frame_dialogs(
            pixmap, area, [w for w in app.topLevelWidgets() if w.isVisible() and w is not window]
        )
        path = OUT / (f"{name}.png" if LANG == "fr" else f"{name}-{LANG}.png")
        pixmap.save(str(path))
        saved.append(path.name)

    def dialog_of(cls_name: str) -> QWidget | None:
        for w in app.topLevelWidgets():
            if w.isVisible() and type(w).__name__ == cls_name:
                return w
        return None

    # 1. First run: the demo is loaded, the welcome explains.
    until(app, lambda: dialog_of("WelcomeDialog") is not None)
    window.wait_idle(60)
    shot("first-run")
    welcome = dialog_of("WelcomeDialog")
    assert isinstance(welcome, QDialog)
    welcome.accept()

    # 2. A search typed like a person, results with facets, an entry open.
    window.search_field.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClicks(window.search_field, "commande publique")
    until(
        app,
        lambda: (
            window.controller.last_page is not None
            and window.controller.last_page.query == "commande publique"
        ),
    )
    window.wait_idle(30)
    keys = window.result_keys()
    window.open_entry(keys[0])
    window.results.list.setFocus()
    shot("search")

    # 3. Notes and tags beside the reader.
    key = (
        next(k for k in keys if library.get_entry(k).kind == "fiche")
        if any(library.get_entry(k).kind == "fiche" for k in keys)
        else keys[0]
    )
    library.add_tag(key, "Formation élus 2026")
    library.add_tag(key, "À relire")
    library.add_note(
        key,
        "Points à reprendre pour la **formation des élus** :\n\n"
        "- vérifier le seuil des marchés réservés ;\n"
        "- citer l'exemple de la métropole (SPASER adopté en 2022) ;\n"
        "- voir aussi la fiche ESUS.",
        title="Préparation de la formation",
    )
    library.add_note(
        key,
        "Question de la CRESS sur les clauses sociales : rappeler la date limite.",
        "Appel du 3 novembre",
    )
    window.controller.library_changed()
    window.open_entry(key)
    if window.notes_panel is not None:
        window.notes_panel.set_entry(key)
    if window.tag_editor is not None:
        window.tag_editor.set_entry(key)
    window.controller.refresh()
    window.wait_idle(30)
    shot("reader-notes")

    # 3b. « Mes sessions »: a training session, fiches and a note in order, commented.
    picks = [k for k in keys if k != key][:3]
    session = library.create_session("Formation des élus – 12 mars")
    comments = ["À présenter en ouverture", "", "Exemple à adapter au territoire"]
    for pick, comment in zip(picks, comments, strict=False):
        library.add_to_session(session.id, ref=pick, comment=comment)
    library.add_to_session(session.id, ref=key, comment="Distribuer la fiche imprimée")
    welcome_note = library.add_note(
        None,
        "Accueil et tour de table\n\nAttentes des élus, projets en cours sur leur territoire.",
    )
    first_item = library.add_to_session(session.id, note_id=welcome_note.id, comment="15 min")
    library.move_session_item(first_item.id, 0)
    library.create_session("Atelier CRESS – achats responsables")
    window.controller.reload_sidebar()
    window.actions_.my_sessions.trigger()
    window.sessions_view.refresh(select=session.id)
    window.open_entry(picks[0])
    window.sessions_view.items.setCurrentRow(1)
    window.sessions_view.items.setFocus()
    window.wait_idle(30)
    shot("sessions")

    # 4. Settings (when that dialog exists and imports).
    try:
        window.open_settings()
    except Exception as exc:  # another part still being written: say so, go on
        print(f"settings skipped: {exc!r}")
    pump(app, 0.5)
    settings = dialog_of("SettingsDialog")
    if settings is not None:
        settings.move(window.geometry().center() - settings.rect().center())
        shot("settings")
        settings.close()
    for box in [w for w in app.topLevelWidgets() if w.isVisible() and w is not window]:
        box.close()  # e.g. « not available in this version »

    # 5. A sync in progress from a (slow) loopback server.
    url, server = serve_export(tmp)
    try:
        try:
            window.sync_launcher.start_sync(url, allow_unsigned=True)
        except Exception as exc:
            print(f"sync skipped: {exc!r}")
        pump(app, 0.3)
        prompt = window.sync_launcher.demo_prompt
        if prompt is not None:  # a first real sync asks about the demo first
            shot("demo-question")
            prompt.remove_button.click()
            until(app, lambda: dialog_of("SyncDialog") is not None, timeout=30)
        sync = dialog_of("SyncDialog")
        if sync is not None:
            sync.move(window.geometry().center() - sync.rect().center())
            bar = getattr(sync, "bar", None)
            if bar is not None:  # mid-way: some fiches fetched, others to come
                until(
                    app, lambda: bar.maximum() > 0 and bar.value() >= bar.maximum() // 3, timeout=60
                )
            else:
                pump(app, 2.0)
            shot("sync")
            until(app, lambda: library.source("rtes") is not None, timeout=120)
            pump(app, 1.0)
            shot("sync-done")
            sync.close()
        for box in [w for w in app.topLevelWidgets() if w.isVisible() and w is not window]:
            box.close()
    finally:
        server.shutdown()

    # 6. The same search in the dark palette.
    theme.apply(dark=True)
    window.run_search_now("coopératives", wait=True)
    window.wait_idle(30)
    window.open_entry(window.result_keys()[0])
    shot("dark")

    window.close()
    window.shutdown()
    library.close()
    print("docs/screenshots : " + ", ".join(saved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
