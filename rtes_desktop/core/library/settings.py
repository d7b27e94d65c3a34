"""Settings stored in the library (JSON values by key)."""

from __future__ import annotations

import json
from typing import Any

from rtes_desktop.core.library.db import LibraryBase


class SettingsMixin(LibraryBase):
    """Settings: get and set."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's value (JSON-decoded), or `default`."""
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (any JSON-serialisable value)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
