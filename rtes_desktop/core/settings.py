"""Every setting the application stores in the library, with its type and default.

One module so a key is spelled once: core, CLI and GUI all name a setting by
its constant here (`library.get_setting(settings.UI_THEME)` returns the stored
value or the default, typed). The values live in the library's `settings`
table as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SettingKey(Generic[T]):
    """A setting's key in the `settings` table, its Python type and default."""

    key: str
    type: type[T]
    default: T

    def check(self, value: object) -> T:
        """`value` if it has this setting's type (bool is not taken for int)."""
        if isinstance(value, bool) and self.type is not bool:
            raise TypeError(f"setting {self.key}: {self.type.__name__} expected, got bool")
        if not isinstance(value, self.type):
            raise TypeError(
                f"setting {self.key}: {self.type.__name__} expected, got {type(value).__name__}"
            )
        return value


#: Attachments larger than this (bytes) are not fetched during a sync, only on demand.
ATTACHMENTS_MAX_AUTO = SettingKey("attachments_max_auto_bytes", int, 50 * 1024 * 1024)
#: The user removed the demo library: do not load it again on start.
DEMO_REMOVED = SettingKey("demo_removed", bool, False)
#: The user chose to keep the demo beside a real source: a first sync leaves it.
DEMO_KEPT = SettingKey("demo_kept", bool, False)
#: The last sync (its id in `sync_log`) whose « Nouveautés » the user has seen.
NEWS_SEEN = SettingKey("news_seen", int, 0)
#: The window's language: "fr" or "en".
UI_LANGUAGE = SettingKey("ui_language", str, "fr")
#: "system" (follow the desktop), "light" or "dark".
UI_THEME = SettingKey("ui_theme", str, "system")
#: The welcome dialog was shown once.
WELCOME_SHOWN = SettingKey("gui.welcome_shown", bool, False)
#: Backups kept: one a day for this many days, one a week for this many weeks.
BACKUP_KEEP_DAILY = SettingKey("backup_keep_daily", int, 7)
BACKUP_KEEP_WEEKLY = SettingKey("backup_keep_weekly", int, 4)
#: The user's second backup folder ("": none; IT's `backup_dir` applies).
BACKUP_SECOND_DIR = SettingKey("backup_second_dir", str, "")
#: Sources added in the window whose first sync has not succeeded yet (their id is
#: known only from a manifest): [{"url": …, "error": "…" or ""}], kept so the user
#: retries without typing the address again.
PENDING_SOURCES = SettingKey("pending_sources", list, [])
