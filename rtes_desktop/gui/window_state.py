"""What the window remembers between sessions (geometry, splitters, last query,
sort, panels shown, reader zoom), in an INI file of the data folder so that two
data folders never share it and IT can inspect it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

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
