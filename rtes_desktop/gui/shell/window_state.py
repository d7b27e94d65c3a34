"""What the window remembers between sessions (geometry, splitters, last query,
sort, panels shown, reader zoom), in an INI file of the data folder so that two
data folders never share it and IT can inspect it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from rtes_desktop.core.errors import RtesError

GUI_INI = "gui.ini"


class WindowState:
    """A thin, typed wrapper over QSettings(INI) in the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / GUI_INI
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)

    def bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def text(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def flag(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def number(self, key: str, default: int) -> int:
        try:
            return int(self._s.value(key, default))
        except (TypeError, ValueError):
            return default

    def set(self, key: str, value: Any) -> None:
        self._s.setValue(key, value)

    def sync(self) -> None:
        """Write to disk now (closing, or before a test reopens the window)."""
        self._s.sync()


def restore_window(window: Any) -> bool:
    """Put the window back as it was left; False when the splitters had no saved
    state (a first start: the window sizes them once shown)."""
    s: WindowState = window.state
    geometry = s.bytes("window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        screen = window.screen().availableGeometry()
        window.resize(min(1500, int(screen.width() * 0.92)), min(940, int(screen.height() * 0.9)))
    restored = False
    for key, splitter in (
        ("window/mainSplit", window.main_split),
        ("window/readerSplit", window.reader_split),
    ):
        value = s.bytes(key)
        if value is not None:
            restored = splitter.restoreState(value) or restored
    window.controller.sort = s.text("search/sort", "relevance")
    window.controller.query = s.text("search/query", "")
    window.search_bar.setText(window.controller.query)
    window.set_sidebar_visible(s.flag("view/sidebar", True))
    # The notes: the column's state when docked, the drawer's when folded (a
    # laptop); each remembered, whichever the window's width gives at start.
    window.reader_area.restore_notes(
        docked=s.flag("view/notes", True), drawer=s.flag("view/notesDrawer", False)
    )
    window.zoom(max(-8, min(12, s.number("view/zoom", 0))))
    last = s.text("reader/entry", "")
    if last:
        try:
            window.library.resolve(last)
        except RtesError:
            pass  # gone since (a sync withdrew it): start on the empty reader, silently
        else:
            window.reader.open_entry(last)
    return restored


def save_window(window: Any) -> None:
    """Remember what `restore_window` puts back."""
    s: WindowState = window.state
    s.set("window/geometry", window.saveGeometry())
    s.set("window/mainSplit", window.main_split.saveState())
    s.set("window/readerSplit", window.reader_split.saveState())
    s.set("search/query", window.controller.query)
    s.set("search/sort", window.controller.sort)
    s.set("view/sidebar", window.actions_.show_sidebar.isChecked())
    s.set("view/notes", window.reader_area.notes_wanted)
    s.set("view/notesDrawer", window.reader_area.drawer_open)
    s.set("view/zoom", window.zoom_level)
    s.set("reader/entry", window.reader.current_key or "")
    s.sync()
