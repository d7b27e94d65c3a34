"""Settings stored in the library (JSON values by key).

The keys, their types and defaults are in `rtes_desktop.core.settings`.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar, overload

from rtes_desktop.core.library.db import LibraryBase
from rtes_desktop.core.settings import SettingKey

T = TypeVar("T")
log = logging.getLogger(__name__)
_UNSET: Any = object()


class SettingsMixin(LibraryBase):
    """Settings: get and set."""

    @overload
    def get_setting(self, key: SettingKey[T]) -> T: ...
    @overload
    def get_setting(self, key: SettingKey[T], default: T) -> T: ...
    @overload
    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def get_setting(self, key: SettingKey[Any] | str, default: Any = _UNSET) -> Any:
        """A setting's value (JSON-decoded), or the default.

        With a `SettingKey` the default is the key's own, and a stored value of the
        wrong type (an old or hand-edited database) reads as the default."""
        name = key.key if isinstance(key, SettingKey) else key
        if default is _UNSET:
            default = key.default if isinstance(key, SettingKey) else None
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (name,)).fetchone()
        if not row:
            return default
        value = json.loads(row[0])
        if isinstance(key, SettingKey):
            try:
                return key.check(value)
            except TypeError as exc:
                log.warning("%s; using the default", exc)
                return default
        return value

    def set_setting(self, key: SettingKey[Any] | str, value: Any) -> None:
        """Store a setting (any JSON-serialisable value; of the key's type for a
        `SettingKey`, else TypeError)."""
        if isinstance(key, SettingKey):
            value = key.check(value)
            key = key.key
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
