"""Helpers for the panel tests (typing like a person, picking an entry)."""

from __future__ import annotations

from rtes_desktop.core.library import Library


def first_entry_key(library: Library) -> str:
    """The key (SOURCE:ID) of the newest entry, for tests that need one."""
    return library.entries(limit=1)[0].key


def type_text(widget, text: str) -> None:
    """Type `text` into `widget` key by key, accents included.

    `qtbot.keyClicks` goes through QTest's ASCII key table, which aborts on « é »;
    this sends the same key press/release events a keyboard layout would.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\n":
            key, chars = Qt.Key.Key_Return, "\r"
        elif ch.isascii() and ch.isalnum():
            key, chars = Qt.Key(ord(ch.upper())), ch
        elif ch == " ":
            key, chars = Qt.Key.Key_Space, ch
        else:
            key, chars = Qt.Key.Key_unknown, ch
        mods = Qt.KeyboardModifier.ShiftModifier if ch.isupper() else Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, chars))
    QApplication.processEvents()
