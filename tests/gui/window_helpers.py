"""Helpers for the main window tests: typing like a person (accents included)."""

from __future__ import annotations

from typing import Any


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
