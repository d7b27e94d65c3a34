"""Helpers for the main window tests: typing and clicking like a person (accents
included), and catching what would go to the system's browser or viewer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices


def type_text(widget: Any, text: str) -> None:
    """Send key presses for `text`, as a keyboard layout would (« é » included:
    QTest's key table only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii() and ch.isalnum():
            key = Qt.Key(ord(ch.upper()))
        elif ch == " ":
            key = Qt.Key.Key_Space
        else:
            key = Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    QApplication.processEvents()


def entry_keys_with(library: Any, word: str) -> set[str]:
    """Keys of the entries whose title contains `word` (case-insensitive)."""
    return {e.key for e in library.entries() if word.casefold() in e.title.casefold()}


def wait_until(qtbot: Any, condition: Any, timeout: int = 15_000) -> None:
    """qtbot.waitUntil for conditions returning any truthy value (sets, lists)."""
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


def save_as(qtbot: Any, handout: Any, target: Any) -> None:
    """The handout controller's file dialog: the name typed in, « Enregistrer » clicked."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    wait_until(qtbot, lambda: handout.file_dialog is not None and handout.file_dialog.isVisible())
    name = handout.file_dialog.findChild(QLineEdit, "fileNameEdit")
    name.setFocus()
    name.setText(str(target))  # pasted: Qt's dialog would open each folder typed « / » by « / »
    buttons = handout.file_dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def click_link(qtbot: Any, browser: Any, text: str) -> None:
    """Click, in a QTextBrowser, on the link whose visible text contains `text`."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    doc = browser.document()
    cursor = doc.find(text)
    while not cursor.isNull():
        probe = QTextCursor(doc)
        probe.setPosition(cursor.selectionStart() + 1)
        if probe.charFormat().isAnchor():
            break
        cursor = doc.find(text, cursor.selectionEnd())
    assert not cursor.isNull(), f"no link « {text} » is shown"
    browser.setTextCursor(probe)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(probe)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def answer_demo_question(qtbot: Any, window: Any, keep: bool = False) -> None:
    """A first real sync asks about the demo (issue 13): click « Garder » or « Retirer »,
    then wait for the sync dialog."""
    from PySide6.QtCore import Qt

    wait_until(qtbot, lambda: window.sync_launcher.demo_prompt is not None)
    prompt = window.sync_launcher.demo_prompt
    button = prompt.keep_button if keep else prompt.remove_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: window.sync_launcher.sync_dialog is not None)


def click_tab(qtbot: Any, tabs: Any, text: str) -> None:
    """Click, in a QTabWidget, on the tab labelled `text`."""
    from PySide6.QtCore import Qt

    bar = tabs.tabBar()
    labels = [bar.tabText(i).replace("&", "") for i in range(bar.count())]
    assert text in labels, f"no tab « {text} » among {labels}"
    index = labels.index(text)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click_row(qtbot: Any, view: Any, row: int) -> None:
    """Click on row `row` of a QListWidget."""
    from PySide6.QtCore import Qt

    item = view.item(row)
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentRow() == row


def press(widget: Any) -> None:
    """A left click in the middle of `widget` (for a dialog whose modal exec is
    patched: no qtbot there)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def answer_message_boxes(monkeypatch: Any, answer: str = "Confirmer") -> list[str]:
    """Patch QMessageBox.exec (a modal loop would block the test): the real box is
    shown and its button labelled `answer` clicked; returns the questions asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def fake_exec(box: Any) -> int:
        asked.append(box.text())
        box.show()
        press(next(b for b in box.buttons() if b.text() == answer))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def choose_menu_item(qtbot: Any, window: Any, menu_title: str, item_text: str) -> None:
    """Click `menu_title` in the window's menu bar, then `item_text` in the menu that
    opens (« & » shortcuts ignored)."""
    from PySide6.QtCore import Qt

    def plain(action: Any) -> str:
        return action.text().replace("&", "")

    bar = window.menuBar()
    top = next((a for a in bar.actions() if plain(a) == menu_title), None)
    assert top is not None, f"no menu « {menu_title} »"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible)
    item = next((a for a in menu.actions() if plain(a) == item_text), None)
    assert item is not None, f"no « {item_text} » in the menu « {menu_title} »"
    assert item.isEnabled(), f"« {item_text} » is greyed out"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


class UrlCatcher(QObject):
    """Stands where the system's browser, file viewer or mail client would be: the
    URLs QDesktopServices.openUrl hands it, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@contextmanager
def catch_urls(*schemes: str) -> Iterator[UrlCatcher]:
    """Register a UrlCatcher with Qt's own URL handlers for `schemes` (nothing is
    really opened), unregistered on exit."""
    catcher = UrlCatcher()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "handle")
    try:
        yield catcher
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)


# The application's own start (run_gui) in a child process: once its main window is
# shown, `report` (Python, with `app` and `window` in scope) prints what the test
# checks, then the window closes and the application quits.
_APP_CHILD = """
import gc, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rtes_desktop.gui.shell.app import run_gui
from rtes_desktop.gui.shell.main_window import MainWindow

app = QApplication([])

def report():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or not windows[0].isVisible():
        QTimer.singleShot(50, report)
        return
    window = windows[0]
{report}
    window.close()
    app.quit()

QTimer.singleShot(0, report)
sys.exit(run_gui(["--data-dir", sys.argv[1]]))
"""


def run_app_and_report(data: Path, report: str) -> subprocess.CompletedProcess[str]:
    """Start the application on `data` offscreen in a child process and run `report`
    (a block of Python) once its window is shown; returns the finished
    process, its exit status already checked to be 0."""
    body = textwrap.indent(textwrap.dedent(report).strip(), "    ")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _APP_CHILD.replace("{report}", body), str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a guard against a hang, not a measure
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done
