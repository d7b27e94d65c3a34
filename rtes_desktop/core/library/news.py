"""What each sync brought (new and updated entries), for « Nouveautés ».

The sync engine records one `sync_log` row per sync that changed something,
with its new and updated entry ids, in the same transaction as the entries
themselves. `core/news.py` turns them into what the window lists.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from rtes_desktop.core.library.db import LibraryBase, inserted_id, now_iso

#: Syncs remembered; older ones are forgotten (their entries stay, of course).
KEEP_SYNCS = 50


class NewsMixin(LibraryBase):
    """The log of what syncs brought."""

    def record_sync(
        self, source_id: str, serial: int | None, new: Iterable[str], updated: Iterable[str]
    ) -> int:
        """Log one sync's new and updated entry ids; returns its id (0 when it
        brought nothing). Joins the caller's transaction (the sync's apply)."""
        rows = [(source_id, eid, "new") for eid in new]
        rows += [(source_id, eid, "updated") for eid in updated]
        if not rows:
            return 0
        with self.transaction() as conn:
            sync_id = inserted_id(
                conn.execute(
                    "INSERT INTO sync_log(source_id, serial, synced_at) VALUES (?, ?, ?)",
                    (source_id, serial, now_iso()),
                )
            )
            conn.executemany(
                "INSERT OR IGNORE INTO sync_changes(sync_id, source_id, entry_id, change) "
                "VALUES (?, ?, ?, ?)",
                [(sync_id, *r) for r in rows],
            )
            conn.execute(
                "DELETE FROM sync_log WHERE id <= ?", (sync_id - KEEP_SYNCS,)
            )  # sync_changes follow (ON DELETE CASCADE)
        return sync_id

    def last_sync_id(self) -> int:
        """The id of the last sync logged (0 if none)."""
        row = self.conn.execute("SELECT max(id) FROM sync_log").fetchone()
        return int(row[0] or 0)

    def sync_changes(self, after: int = 0, upto: int | None = None) -> list[sqlite3.Row]:
        """One row per entry changed by the syncs `after` < id <= `upto` and still
        listed: source_id, entry_id, change ("new" if any of those syncs brought it
        new), synced_at (its last change), the entry's title and kind. Newest first."""
        params: list[object] = [after]
        bound = ""
        if upto is not None:
            bound = " AND l.id <= ?"
            params.append(upto)
        return self._rows(
            "SELECT c.source_id, c.entry_id, "
            "CASE WHEN sum(c.change = 'new') > 0 THEN 'new' ELSE 'updated' END AS change, "
            "max(l.synced_at) AS synced_at, e.title, e.kind "
            "FROM sync_changes c JOIN sync_log l ON l.id = c.sync_id "
            "JOIN entries e ON e.source_id = c.source_id AND e.id = c.entry_id "
            f"WHERE l.id > ?{bound} AND e.withdrawn_at IS NULL "
            "GROUP BY c.source_id, c.entry_id "
            "ORDER BY max(l.id) DESC, change, e.title COLLATE NOCASE",
            params,
        )
