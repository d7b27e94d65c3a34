"""Sources (the publishers' feeds) and their vocabularies: kinds and themes."""

from __future__ import annotations

from typing import Any

from rtes_desktop.core.errors import NotFound
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library.db import LibraryBase, now_iso
from rtes_desktop.core.models import Kind, Source, Theme


class SourcesMixin(LibraryBase):
    """Sources and their kinds and themes."""

    def sources(self) -> list[Source]:
        """Every source, demo first then by name."""
        rows = self._rows(
            "SELECT id, name, homepage, url, is_demo, last_serial, manifest_sha256, "
            "generated_at, expires_at, last_sync, etag, last_modified, key_id FROM sources "
            "ORDER BY is_demo DESC, name"
        )
        return [Source(**{**dict(r), "is_demo": bool(r["is_demo"])}) for r in rows]

    def source(self, source_id: str) -> Source | None:
        """One source, or None."""
        for src in self.sources():
            if src.id == source_id:
                return src
        return None

    def save_source(self, source_id: str, name: str, **fields: Any) -> None:
        """Create or update a source's row (fields as in `Source`)."""
        allowed = set(Source.__dataclass_fields__) - {"id", "name"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown source fields: {sorted(unknown)}")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sources(id, name, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                (source_id, name, now_iso()),
            )
            for key, value in fields.items():
                if key == "is_demo":
                    value = int(bool(value))
                conn.execute(f"UPDATE sources SET {key} = ? WHERE id = ?", (value, source_id))

    def remove_source(self, source_id: str) -> int:
        """Remove a source and its entries; entries the user's data refers to stay,
        marked withdrawn. Returns the number of entries deleted."""
        with self.transaction() as conn:
            if not conn.execute("SELECT 1 FROM sources WHERE id=?", (source_id,)).fetchone():
                raise NotFound(_("source inconnue : {source_id}").format(source_id=source_id))
            kept = self._referenced_ids(source_id)
            stamp = now_iso()
            deleted = 0
            for row in conn.execute(
                "SELECT pk, id FROM entries WHERE source_id=?", (source_id,)
            ).fetchall():
                self._journal(source_id, row["id"])
                if row["id"] in kept:
                    conn.execute(
                        "UPDATE entries SET withdrawn_at = COALESCE(withdrawn_at, ?) WHERE pk=?",
                        (stamp, row["pk"]),
                    )
                else:
                    conn.execute("DELETE FROM entries WHERE pk=?", (row["pk"],))
                    deleted += 1
            if not kept:
                conn.execute("DELETE FROM sources WHERE id=?", (source_id,))
            else:
                conn.execute("UPDATE sources SET url=NULL, last_sync=NULL WHERE id=?", (source_id,))
        return deleted

    def kinds(self, source_id: str | None = None) -> list[Kind]:
        """The publishers' kinds (of one source, or all)."""
        return [Kind(**r) for r in self._vocabulary("kinds", "label", source_id)]

    def themes(self, source_id: str | None = None) -> list[Theme]:
        """The publishers' themes (of one source, or all)."""
        return [Theme(**r) for r in self._vocabulary("themes", "label, description", source_id)]

    def _vocabulary(self, table: str, columns: str, source_id: str | None) -> list[dict[str, Any]]:
        # table and columns are the two callers' constants, never user input.
        sql = f"SELECT source_id, id, {columns} FROM {table}"
        params: tuple[Any, ...] = ()
        if source_id:
            sql += " WHERE source_id=?"
            params = (source_id,)
        return [dict(r) for r in self._rows(sql + " ORDER BY source_id, position", params)]

    def replace_vocabulary(
        self, source_id: str, kinds: list[dict[str, Any]], themes: list[dict[str, Any]]
    ) -> None:
        """Replace a source's kinds and themes (dicts with id, label[, description])."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM kinds WHERE source_id=?", (source_id,))
            conn.execute("DELETE FROM themes WHERE source_id=?", (source_id,))
            conn.executemany(
                "INSERT INTO kinds(source_id, id, label, position) VALUES (?,?,?,?)",
                [(source_id, k["id"], k["label"], i) for i, k in enumerate(kinds)],
            )
            conn.executemany(
                "INSERT INTO themes(source_id, id, label, description, position) "
                "VALUES (?,?,?,?,?)",
                [
                    (source_id, t["id"], t["label"], t.get("description"), i)
                    for i, t in enumerate(themes)
                ],
            )
            for row in conn.execute("SELECT id FROM entries WHERE source_id=?", (source_id,)):
                self._journal(source_id, row["id"])
