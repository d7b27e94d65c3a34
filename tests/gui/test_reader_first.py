"""The reader first: at a laptop's size a fiche is readable without touching
anything; the notes column folds into a drawer and remembers its state; F11
shows the reader alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption

from rtes_desktop.gui.reader.reader_area import (
    DOCK_MIN_CHARS,
    READER_MIN_CHARS,
    reader_chars,
)

KEY = "demo:points-repere-sieg"


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1280, 720)])
def test_reader_keeps_a_readable_line_on_a_laptop(qtbot, make_window, size):
    """1280x720 is 1920x1080 at 150 %."""
    window = make_window()
    window.resize(*size)
    assert window.wait_idle()
    assert window.open_entry(KEY)
    qtbot.wait(20)  # the resize delivered
    chars = reader_chars(window.reader)
    # Measured in characters of the reader's own font (averageCharWidth).
    assert chars >= READER_MIN_CHARS, chars
    # Docked only while the reader keeps a comfortable line; else in its drawer.
    assert window.reader_area.mode == "drawer" or chars >= DOCK_MIN_CHARS, chars
    assert window.reader.viewport().width() > window.notes_column.width()
    # Words wrap at spaces, never in the middle.
    assert window.reader.wordWrapMode() == QTextOption.WrapMode.WordWrap


def test_at_1024_the_notes_fold_into_a_drawer_one_click_away(qtbot, make_window):
    window = make_window()
    window.resize(1024, 700)
    assert window.wait_idle()
    assert window.open_entry(KEY)
    qtbot.waitUntil(lambda: window.reader_area.mode == "drawer")
    before = reader_chars(window.reader)
    button = window.reader_area.notes_button
    assert button.isVisible() and not window.notes_column.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.notes_column.isVisible()
    assert window.actions_.show_notes.isChecked()
    # Over the reader, not beside it: the line keeps its length.
    assert reader_chars(window.reader) == before
    # Ctrl+N writes a note: the drawer is where it goes; Échap closes the drawer.
    window.actions_.new_note.trigger()
    assert window.notes_column.isVisible()
    qtbot.keyClick(window.reader_area.drawer, Qt.Key.Key_Escape)
    assert not window.notes_column.isVisible()


def test_wide_window_docks_the_column_beside_a_comfortable_reader(qtbot, make_window):
    window = make_window()
    window.resize(1900, 1000)
    assert window.wait_idle()
    window.open_entry(KEY)
    qtbot.waitUntil(lambda: window.reader_area.mode == "docked")
    assert window.notes_column.isVisible()
    assert reader_chars(window.reader) >= DOCK_MIN_CHARS


def test_the_reader_is_never_squeezed_below_its_minimum(qtbot, make_window):
    window = make_window()
    window.resize(1024, 700)
    assert window.wait_idle()
    window.open_entry(KEY)
    # Dragging the splitter as far as it goes toward the reader leaves it readable.
    sizes = window.main_split.sizes()
    window.main_split.setSizes([sizes[0], sizes[1] + sizes[2], 0])
    qtbot.wait(50)
    assert reader_chars(window.reader) >= READER_MIN_CHARS


def test_drawer_state_is_remembered(qtbot, make_window, data_dir):
    window = make_window()
    window.resize(1024, 700)
    assert window.wait_idle()
    qtbot.waitUntil(lambda: window.reader_area.mode == "drawer")
    window.actions_.show_notes.trigger()  # open it
    assert window.notes_column.isVisible()
    window.close()
    again = make_window()
    again.resize(1024, 700)
    assert again.wait_idle()
    qtbot.waitUntil(lambda: again.reader_area.mode == "drawer")
    assert again.notes_column.isVisible()


def test_reading_mode_shows_the_reader_alone(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    assert window.wait_idle()
    window.open_entry(KEY)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F11)
    assert window.actions_.reading_mode.isChecked()
    assert not window.sidebar.isVisible() and not window.center.isVisible()
    assert not window.notes_column.isVisible()
    assert window.reader.isVisible()
    # Escape in the reader leaves it (after anything open closes first).
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not window.actions_.reading_mode.isChecked()
    assert window.sidebar.isVisible() and window.center.isVisible()
