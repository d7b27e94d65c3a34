"""Entries: reading them with filters, and writing what a sync brings."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from rtes_desktop.core.library.db import LibraryBase, inserted_id, now_iso
from rtes_desktop.core.library.demo_source import RETIRED_DEMO_SQL
from rtes_desktop.core.library.tags import normalize_tag
from rtes_desktop.core.models import Attachment, Entry


class EntriesMixin(LibraryBase):
    """Entries: lookups, filters, counts and writes."""

    def get_entry(self, ref: str) -> Entry:
        """One entry by `ID` or `SOURCE:ID` (withdrawn entries included)."""
        source_id, entry_id = self.resolve(ref)
        row = self.conn.execute(
            "SELECT * FROM entries WHERE source_id=? AND id=?", (source_id, entry_id)
        ).fetchone()
        return self._entries_from_rows([row])[0]

    def entries(
        self,
        *,
        source_id: str | None = None,
        kind: str | None = None,
        theme: str | None = None,
        tag: str | None = None,
        keys: Iterable[tuple[str, str]] | None = None,
        include_withdrawn: bool = True,
        order: str = "date",
        limit: int | None = None,
        offset: int = 0,
        listed: bool | None = None,
    ) -> list[Entry]:
        """Entries matching every filter given, newest first (or by title).

        `listed` (default: True unless `keys` are given) leaves out the demo's
        examples kept for the user's notes once the demo is gone; asking for
        given keys (the user's notes, a session) returns them."""
        where, params = self.entry_filter(
            source_id,
            kind,
            theme,
            tag,
            include_withdrawn,
            listed=keys is None if listed is None else listed,
        )
        if keys is not None:
            pairs = list(keys)
            if not pairs:
                return []
            where.append("(e.source_id, e.id) IN (VALUES " + ",".join("(?,?)" for _ in pairs) + ")")
            for pair in pairs:
                params.extend(pair)
        sql = "SELECT e.* FROM entries e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (
            " ORDER BY e.title COLLATE NOCASE"
            if order == "title"
            else " ORDER BY e.published_at DESC, e.title"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self._entries_from_rows(self._rows(sql, params))

    def count_entries(
        self,
        *,
        source_id: str | None = None,
        kind: str | None = None,
        theme: str | None = None,
        tag: str | None = None,
        include_withdrawn: bool = True,
        listed: bool = True,
    ) -> int:
        """How many entries match the filters (the demo's kept examples are not
        counted unless `listed` is False: see `demo_source`)."""
        where, params = self.entry_filter(
            source_id, kind, theme, tag, include_withdrawn, listed=listed
        )
        sql = "SELECT count(*) FROM entries e" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self.conn.execute(sql, params).fetchone()[0])

    def counts_by(self, facet: str, *, include_withdrawn: bool = False) -> dict[str, int]:
        """Entries per kind, theme, source or tag name (for the sidebar): live ones,
        or with `include_withdrawn` every listed entry, as the result list counts them."""
        cond = "1" if include_withdrawn else "e.withdrawn_at IS NULL"
        cond += f" AND NOT {RETIRED_DEMO_SQL}"
        if facet in ("kind", "source"):
            column = "e.kind" if facet == "kind" else "e.source_id"
            sql = f"SELECT {column}, count(*) FROM entries e WHERE {cond} GROUP BY {column}"
        elif facet == "tag":
            sql = (
                "SELECT g.name, count(*) FROM entry_tags et JOIN tags g ON g.id = et.tag_id "
                "JOIN entries e ON e.source_id = et.source_id AND e.id = et.entry_id "
                f"WHERE {cond} GROUP BY g.id"
            )
        elif facet == "theme":
            sql = (
                "SELECT t.theme_id, count(*) FROM entry_themes t JOIN entries e "
                f"ON e.pk = t.entry_pk WHERE {cond} GROUP BY t.theme_id"
            )
        else:
            raise ValueError(facet)
        return {r[0]: r[1] for r in self._rows(sql)}

    def entry_filter(
        self,
        source_id: str | None = None,
        kind: str | None = None,
        theme: str | None = None,
        tag: str | None = None,
        include_withdrawn: bool = True,
        *,
        year: str | int | None = None,
        region: str | None = None,
        listed: bool = True,
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions (on `entries e`) and their parameters for the given filters.
        `listed`: only what the library lists (not a removed demo's kept examples)."""
        where: list[str] = [f"NOT {RETIRED_DEMO_SQL}"] if listed else []
        params: list[Any] = []
        if source_id:
            where.append("e.source_id = ?")
            params.append(source_id)
        if kind:
            where.append("e.kind = ?")
            params.append(kind)
        if theme:
            where.append(
                "EXISTS (SELECT 1 FROM entry_themes t WHERE t.entry_pk=e.pk AND t.theme_id=?)"
            )
            params.append(theme)
        if year:
            where.append("substr(e.published_at, 1, 4) = ?")
            params.append(str(year))
        if region:
            where.append("e.region = ?")
            params.append(region)
        if tag:
            where.append(
                "EXISTS (SELECT 1 FROM entry_tags et "
                "WHERE et.source_id=e.source_id AND et.entry_id=e.id AND et.tag_id=?)"
            )
            params.append(self._tag_id(normalize_tag(tag)) or -1)
        if not include_withdrawn:
            where.append("e.withdrawn_at IS NULL")
        return where, params

    def _entries_from_rows(self, rows: list[sqlite3.Row]) -> list[Entry]:
        if not rows:
            return []
        pks = [r["pk"] for r in rows]
        marks = ",".join("?" for _ in pks)
        themes: dict[int, list[str]] = {}
        for r in self._rows(
            f"SELECT entry_pk, theme_id FROM entry_themes WHERE entry_pk IN ({marks}) "
            "ORDER BY entry_pk, position",
            pks,
        ):
            themes.setdefault(r[0], []).append(r[1])
        related: dict[int, list[str]] = {}
        for r in self._rows(
            f"SELECT entry_pk, related_id FROM related WHERE entry_pk IN ({marks}) "
            "ORDER BY entry_pk, position",
            pks,
        ):
            related.setdefault(r[0], []).append(r[1])
        attachments: dict[int, list[Attachment]] = {}
        for r in self._rows(
            f"SELECT entry_pk, name, media_type, sha256, size FROM attachments "
            f"WHERE entry_pk IN ({marks}) ORDER BY entry_pk, position",
            pks,
        ):
            attachments.setdefault(r[0], []).append(
                Attachment(r["name"], r["media_type"], r["sha256"], r["size"])
            )
        out = []
        for r in rows:
            out.append(
                Entry(
                    source_id=r["source_id"],
                    id=r["id"],
                    kind=r["kind"],
                    title=r["title"],
                    body=r["body"],
                    published_at=r["published_at"],
                    updated_at=r["updated_at"],
                    sha256=r["sha256"],
                    summary=r["summary"],
                    lang=r["lang"],
                    region=r["region"],
                    audience=r["audience"],
                    authors=json.loads(r["authors"] or "[]"),
                    source_url=r["source_url"],
                    themes=themes.get(r["pk"], []),
                    related=related.get(r["pk"], []),
                    attachments=attachments.get(r["pk"], []),
                    withdrawn_at=r["withdrawn_at"],
                )
            )
        return out

    def entry_hashes(self, source_id: str) -> dict[str, str]:
        """entry id -> content hash of the live and withdrawn entries of a source."""
        return {
            r[0]: r[1]
            for r in self._rows("SELECT id, sha256 FROM entries WHERE source_id=?", (source_id,))
        }

    def write_entry(self, entry: Entry) -> bool:
        """Insert or replace one entry (and its themes, related, attachments).

        Returns True when it is new. Runs inside the caller's transaction if any.
        A written entry is live again (withdrawn_at cleared).
        """
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT pk FROM entries WHERE source_id=? AND id=?", (entry.source_id, entry.id)
            ).fetchone()
            values = (
                entry.kind,
                entry.title,
                entry.summary,
                entry.body,
                entry.published_at,
                entry.updated_at,
                entry.lang or "fr",
                entry.region,
                entry.audience or "public",
                json.dumps(list(entry.authors), ensure_ascii=False),
                entry.source_url,
                entry.sha256,
                now_iso(),
            )
            if row:
                pk = row[0]
                conn.execute(
                    "UPDATE entries SET kind=?, title=?, summary=?, body=?, published_at=?, "
                    "updated_at=?, lang=?, region=?, audience=?, authors=?, source_url=?, "
                    "sha256=?, synced_at=?, withdrawn_at=NULL WHERE pk=?",
                    (*values, pk),
                )
                for table in ("entry_themes", "related", "attachments"):
                    conn.execute(f"DELETE FROM {table} WHERE entry_pk=?", (pk,))
            else:
                pk = inserted_id(
                    conn.execute(
                        "INSERT INTO entries(kind, title, summary, body, published_at, updated_at, "
                        "lang, region, audience, authors, source_url, sha256, synced_at, "
                        "source_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (*values, entry.source_id, entry.id),
                    )
                )
            conn.executemany(
                "INSERT OR IGNORE INTO entry_themes(entry_pk, theme_id, position) VALUES (?,?,?)",
                [(pk, t, i) for i, t in enumerate(entry.themes)],
            )
            conn.executemany(
                "INSERT INTO related(entry_pk, position, related_id) VALUES (?,?,?)",
                [(pk, i, r) for i, r in enumerate(entry.related)],
            )
            conn.executemany(
                "INSERT INTO attachments(entry_pk, position, name, media_type, sha256, size) "
                "VALUES (?,?,?,?,?,?)",
                [
                    (pk, i, a.name, a.media_type, a.sha256, a.size)
                    for i, a in enumerate(entry.attachments)
                ],
            )
            self._journal(entry.source_id, entry.id)
        return row is None

    def withdraw_missing(self, source_id: str, live_ids: set[str]) -> list[str]:
        """Mark withdrawn the entries of a source absent from `live_ids`.

        Entries no personal data refers to are deleted; the others stay readable,
        marked withdrawn. Returns the ids newly withdrawn (deleted or marked).
        """
        with self.transaction() as conn:
            kept = self._referenced_ids(source_id)
            stamp = now_iso()
            gone = []
            for row in conn.execute(
                "SELECT pk, id, withdrawn_at FROM entries WHERE source_id=?", (source_id,)
            ).fetchall():
                if row["id"] in live_ids:
                    continue
                if row["id"] in kept:
                    if row["withdrawn_at"] is None:
                        conn.execute(
                            "UPDATE entries SET withdrawn_at=? WHERE pk=?", (stamp, row["pk"])
                        )
                        gone.append(row["id"])
                else:
                    conn.execute("DELETE FROM entries WHERE pk=?", (row["pk"],))
                    if row["withdrawn_at"] is None:
                        gone.append(row["id"])
                self._journal(source_id, row["id"])
        return gone
