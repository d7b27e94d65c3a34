"""The offline library: one `Library` object for every read and write.

SQLite (through sqlite-utils) in WAL mode is the source of truth. Each thread
gets its own connection (a sqlite3 connection belongs to the thread that opened
it); writes are serialised by one lock and run in `BEGIN IMMEDIATE`
transactions, so there is one writer at a time, and readers (the window) keep
reading while a sync writes.

Personal data (notes, tags, collections, settings) refers to entries by
(source_id, entry_id) and is never touched by what a publisher sends.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from rtes_desktop.core import migrations
from rtes_desktop.core.attachment_pages import pages_for
from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.models import (
    Attachment,
    Collection,
    CollectionItem,
    Entry,
    Kind,
    Note,
    Source,
    Tag,
    Theme,
)
from rtes_desktop.core.paths import DB_FILE
from rtes_desktop.core.text_safety import dangerous_char

log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 80


def now_iso() -> str:
    """The current UTC time as RFC 3339 with seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean_text(text: str, what: str, limit: int) -> str:
    if not isinstance(text, str):
        raise BadInput(f"{what} : texte attendu")
    # Control characters other than tab/newline have no business in a note.
    cleaned = "".join(ch for ch in text if ch in "\t\n" or ch >= " " or ch == "\r")
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    if len(cleaned) > limit:
        raise BadInput(f"{what} trop long ({len(cleaned)} caractères, {limit} au plus)")
    return cleaned


def normalize_tag(name: str) -> str:
    """A personal tag as stored: NFC, trimmed, inner spaces collapsed, checked.

    NFC makes « é » typed as one character or as e + accent the same tag; bidi,
    control and invisible characters are refused, since two tags that look alike
    must be one tag.
    """
    if not isinstance(name, str):
        raise BadInput("tag : texte attendu")
    tag = " ".join(unicodedata.normalize("NFC", name).split())
    if not tag:
        raise BadInput("un tag ne peut pas être vide")
    if len(tag) > MAX_TAG_CHARS:
        raise BadInput(f"tag trop long ({len(tag)} caractères, {MAX_TAG_CHARS} au plus)")
    bad = dangerous_char(tag)
    if bad:
        raise BadInput(f"un tag ne peut pas contenir de {bad}")
    return tag


class Library:
    """The library in a data folder. Open it with `Library.open(folder)`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_FILE
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, folder: Path | str) -> Library:
        """Open (creating and migrating if needed) the library in `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        lib = cls(folder)
        try:
            applied = migrations.migrate(lib.conn)
        except sqlite3.DatabaseError as exc:
            lib.close()
            raise RtesError(
                f"la base de données est illisible ({exc}) ; restaurez une sauvegarde",
                path=str(lib.path),
            ) from exc
        if applied:
            log.info("schema migrated to %s", applied[-1])
        return lib

    # -- connections -------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; transactions are explicit)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise RtesError("la bibliothèque est fermée")
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view of this thread's connection (reads and schema)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite_utils.Database(self.conn)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close every connection this library opened."""
        self._closed = True
        with self._connections_lock:
            conns, self._connections = self._connections, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.ProgrammingError:
                pass  # opened by another thread; SQLite closes it with the thread
        self._local = threading.local()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is applied, or none of it."""
        with self._write_lock:
            conn = self.conn
            if conn.in_transaction:  # nested: part of the outer transaction
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    @property
    def db_uuid(self) -> str:
        """A random id of this database, so a derived index knows whose it is."""
        return str(self.conn.execute("SELECT value FROM meta WHERE key='db_uuid'").fetchone()[0])

    # -- sources and vocabularies -----------------------------------------

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
                raise NotFound(f"source inconnue : {source_id}")
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
        sql = "SELECT source_id, id, label FROM kinds"
        params: tuple[Any, ...] = ()
        if source_id:
            sql += " WHERE source_id=?"
            params = (source_id,)
        return [Kind(**dict(r)) for r in self._rows(sql + " ORDER BY source_id, position", params)]

    def themes(self, source_id: str | None = None) -> list[Theme]:
        """The publishers' themes (of one source, or all)."""
        sql = "SELECT source_id, id, label, description FROM themes"
        params: tuple[Any, ...] = ()
        if source_id:
            sql += " WHERE source_id=?"
            params = (source_id,)
        return [Theme(**dict(r)) for r in self._rows(sql + " ORDER BY source_id, position", params)]

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

    # -- entries -------------------------------------------------------------

    def resolve(self, ref: str) -> tuple[str, str]:
        """Turn `ID` or `SOURCE:ID` into (source_id, entry_id); NotFound or BadInput."""
        if not isinstance(ref, str) or not ref.strip():
            raise BadInput("identifiant d'entrée vide")
        ref = ref.strip()
        if ":" in ref:
            source_id, entry_id = ref.split(":", 1)
            row = self.conn.execute(
                "SELECT source_id, id FROM entries WHERE source_id=? AND id=?",
                (source_id, entry_id),
            ).fetchone()
            if row:
                return row["source_id"], row["id"]
            raise NotFound(f"aucune entrée « {ref} » dans la bibliothèque")
        rows = self._rows("SELECT source_id FROM entries WHERE id=? ORDER BY source_id", (ref,))
        if not rows:
            raise NotFound(f"aucune entrée « {ref} » dans la bibliothèque")
        if len(rows) > 1:
            choices = ", ".join(f"{r['source_id']}:{ref}" for r in rows)
            raise BadInput(f"« {ref} » existe dans plusieurs sources ; précisez : {choices}")
        return rows[0]["source_id"], ref

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
    ) -> list[Entry]:
        """Entries matching every filter given, newest first (or by title)."""
        where, params = self.entry_filter(source_id, kind, theme, tag, include_withdrawn)
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
    ) -> int:
        """How many entries match the filters."""
        where, params = self.entry_filter(source_id, kind, theme, tag, include_withdrawn)
        sql = "SELECT count(*) FROM entries e" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self.conn.execute(sql, params).fetchone()[0])

    def counts_by(self, facet: str) -> dict[str, int]:
        """Live entries per kind or per theme (for the sidebar)."""
        if facet == "kind":
            sql = "SELECT kind, count(*) FROM entries WHERE withdrawn_at IS NULL GROUP BY kind"
        elif facet == "theme":
            sql = (
                "SELECT t.theme_id, count(*) FROM entry_themes t JOIN entries e "
                "ON e.pk = t.entry_pk WHERE e.withdrawn_at IS NULL GROUP BY t.theme_id"
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
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions (on `entries e`) and their parameters for the given filters."""
        where: list[str] = []
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
                pk = conn.execute(
                    "INSERT INTO entries(kind, title, summary, body, published_at, updated_at, "
                    "lang, region, audience, authors, source_url, sha256, synced_at, "
                    "source_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*values, entry.source_id, entry.id),
                ).lastrowid
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

    def _referenced_ids(self, source_id: str) -> set[str]:
        rows = self._rows(
            "SELECT entry_id FROM notes WHERE source_id=? "
            "UNION SELECT entry_id FROM entry_tags WHERE source_id=? "
            "UNION SELECT entry_id FROM collection_items WHERE source_id=?",
            (source_id, source_id, source_id),
        )
        return {r[0] for r in rows if r[0]}

    # -- search journal ----------------------------------------------------

    def _journal(self, source_id: str, entry_id: str) -> None:
        self.conn.execute(
            "INSERT INTO search_journal(source_id, entry_id) VALUES (?, ?)", (source_id, entry_id)
        )

    def journal_head(self) -> int:
        """The seq of the last change the search index must reflect (0 if none)."""
        row = self.conn.execute("SELECT max(seq) FROM search_journal").fetchone()
        return int(row[0] or 0)

    def journal_since(self, seq: int) -> tuple[int, set[tuple[str, str]]]:
        """(head, entries changed after `seq`) for an index catching up."""
        rows = self._rows(
            "SELECT seq, source_id, entry_id FROM search_journal WHERE seq > ? ORDER BY seq", (seq,)
        )
        head = rows[-1]["seq"] if rows else max(seq, self.journal_head())
        return head, {(r["source_id"], r["entry_id"]) for r in rows}

    def prune_journal(self, upto: int) -> None:
        """Forget journal rows the index has applied (keeps the last one as head)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM search_journal WHERE seq < ?", (upto,))

    def search_documents(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> Iterator[dict[str, Any]]:
        """What the search index holds per entry: text fields, theme labels,
        the user's tags and notes, and the facet values. All entries when
        `keys` is None. Streams in batches so a large library is never in memory."""
        theme_labels = {(t.source_id, t.id): t for t in self.themes()}
        kind_labels = {(k.source_id, k.id): k.label for k in self.kinds()}
        if keys is None:
            batches: Iterable[list[Entry]] = self._all_entry_batches()
        else:
            keylist = list(keys)
            batches = (self.entries(keys=keylist[i : i + 400]) for i in range(0, len(keylist), 400))
        for batch in batches:
            if not batch:
                continue
            marks = ",".join("(?,?)" for _ in batch)
            params = [v for e in batch for v in (e.source_id, e.id)]
            tags: dict[tuple[str, str], list[str]] = {}
            for r in self._rows(
                "SELECT et.source_id, et.entry_id, g.name FROM entry_tags et JOIN tags g "
                f"ON g.id = et.tag_id WHERE (et.source_id, et.entry_id) IN (VALUES {marks})",
                params,
            ):
                tags.setdefault((r[0], r[1]), []).append(r[2])
            notes: dict[tuple[str, str], list[str]] = {}
            for r in self._rows(
                "SELECT source_id, entry_id, title, body FROM notes "
                f"WHERE (source_id, entry_id) IN (VALUES {marks}) ORDER BY id",
                params,
            ):
                notes.setdefault((r[0], r[1]), []).append(f"{r[2]}\n{r[3]}".strip())
            pages = pages_for(self.conn, [(e.source_id, e.id) for e in batch])
            for e in batch:
                labels = [
                    theme_labels[(e.source_id, t)]
                    for t in e.themes
                    if (e.source_id, t) in theme_labels
                ]
                yield {
                    "key": e.key,
                    "source_id": e.source_id,
                    "id": e.id,
                    "kind": e.kind,
                    "kind_label": kind_labels.get((e.source_id, e.kind), e.kind),
                    "title": e.title,
                    "summary": e.summary or "",
                    "body": e.body,
                    "themes": list(e.themes),
                    "theme_text": " ".join(
                        f"{t.label} {t.description or ''}".strip() for t in labels
                    ),
                    "tags": tags.get((e.source_id, e.id), []),
                    "notes": "\n\n".join(notes.get((e.source_id, e.id), [])),
                    "published_at": e.published_at,
                    "updated_at": e.updated_at,
                    "year": e.published_at[:4],
                    "region": e.region or "",
                    "withdrawn": e.withdrawn_at is not None,
                    # the text of its PDFs, page by page (issue 14): indexed below the rest
                    "pages": [
                        {"attachment": p.attachment, "page": p.page, "text": p.text}
                        for p in pages.get((e.source_id, e.id), [])
                    ],
                }

    def _all_entry_batches(self, size: int = 500) -> Iterator[list[Entry]]:
        last = 0
        while True:
            rows = self._rows(
                "SELECT * FROM entries WHERE pk > ? ORDER BY pk LIMIT ?", (last, size)
            )
            if not rows:
                return
            last = rows[-1]["pk"]
            yield self._entries_from_rows(rows)

    # -- notes ---------------------------------------------------------------

    def add_note(self, ref: str | None, body: str, title: str = "") -> Note:
        """A new note on an entry (`ref`) or free-standing (`ref` None)."""
        body = _clean_text(body, "note", MAX_NOTE_CHARS)
        title = _clean_text(title, "titre de note", 500)
        source_id = entry_id = sha = None
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
            sha = self._entry_sha(source_id, entry_id)
        stamp = now_iso()
        with self.transaction() as conn:
            note_id = conn.execute(
                "INSERT INTO notes(source_id, entry_id, title, body, created_at, updated_at, "
                "entry_sha256) VALUES (?,?,?,?,?,?,?)",
                (source_id, entry_id, title, body, stamp, stamp, sha),
            ).lastrowid
            if entry_id:
                self._journal(source_id, entry_id)  # type: ignore[arg-type]
        return self.note(int(note_id))  # type: ignore[arg-type]

    def _entry_sha(self, source_id: str, entry_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT sha256 FROM entries WHERE source_id=? AND id=?", (source_id, entry_id)
        ).fetchone()
        return row[0] if row else None

    def note(self, note_id: int) -> Note:
        """One note by its number."""
        row = self.conn.execute("SELECT * FROM notes WHERE id=?", (note_id,)).fetchone()
        if not row:
            raise NotFound(f"aucune note n°{note_id}")
        return Note(**dict(row))

    def update_note(self, note_id: int, body: str, title: str | None = None) -> Note:
        """Replace a note's text (and title); its entry hash is refreshed."""
        body = _clean_text(body, "note", MAX_NOTE_CHARS)
        old = self.note(note_id)
        title = old.title if title is None else _clean_text(title, "titre de note", 500)
        if body == old.body and title == old.title:
            return old
        sha = self._entry_sha(old.source_id, old.entry_id) if old.entry_id else None  # type: ignore[arg-type]
        with self.transaction() as conn:
            conn.execute(
                "UPDATE notes SET body=?, title=?, updated_at=?, entry_sha256=COALESCE(?, entry_sha256) "
                "WHERE id=?",
                (body, title, now_iso(), sha, note_id),
            )
            if old.entry_id:
                self._journal(old.source_id, old.entry_id)  # type: ignore[arg-type]
        return self.note(note_id)

    def delete_note(self, note_id: int) -> Note:
        """Delete a note; returns it so the caller can offer to undo."""
        old = self.note(note_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id=?", (note_id,))
            if old.entry_id:
                self._journal(old.source_id, old.entry_id)  # type: ignore[arg-type]
        return old

    def restore_note(self, note: Note) -> Note:
        """Put back a deleted note exactly as it was (undo)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO notes(id, source_id, entry_id, title, body, created_at, updated_at, "
                "entry_sha256) VALUES (?,?,?,?,?,?,?,?)",
                (
                    note.id,
                    note.source_id,
                    note.entry_id,
                    note.title,
                    note.body,
                    note.created_at,
                    note.updated_at,
                    note.entry_sha256,
                ),
            )
            if note.entry_id:
                self._journal(note.source_id, note.entry_id)  # type: ignore[arg-type]
        return self.note(note.id)

    def notes(self, ref: str | None = None, *, free_only: bool = False) -> list[Note]:
        """Notes of one entry, or free-standing ones, or all (most recent first)."""
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
            rows = self._rows(
                "SELECT * FROM notes WHERE source_id=? AND entry_id=? ORDER BY created_at, id",
                (source_id, entry_id),
            )
        elif free_only:
            rows = self._rows(
                "SELECT * FROM notes WHERE entry_id IS NULL ORDER BY updated_at DESC, id DESC"
            )
        else:
            rows = self._rows("SELECT * FROM notes ORDER BY updated_at DESC, id DESC")
        return [Note(**dict(r)) for r in rows]

    def note_counts(self) -> dict[tuple[str, str], int]:
        """(source_id, entry_id) -> number of notes, for result markers."""
        return {
            (r[0], r[1]): r[2]
            for r in self._rows(
                "SELECT source_id, entry_id, count(*) FROM notes WHERE entry_id IS NOT NULL "
                "GROUP BY source_id, entry_id"
            )
        }

    # -- personal tags -------------------------------------------------------

    def add_tag(self, ref: str, name: str) -> bool:
        """Tag an entry; returns False when it already had the tag."""
        tag = normalize_tag(name)
        source_id, entry_id = self.resolve(ref)
        with self.transaction() as conn:
            tag_id = self._tag_id(tag)
            if tag_id is None:
                tag_id = conn.execute(
                    "INSERT INTO tags(name, created_at) VALUES (?, ?)", (tag, now_iso())
                ).lastrowid
            cur = conn.execute(
                "INSERT OR IGNORE INTO entry_tags(tag_id, source_id, entry_id, created_at) "
                "VALUES (?,?,?,?)",
                (tag_id, source_id, entry_id, now_iso()),
            )
            if cur.rowcount:
                self._journal(source_id, entry_id)
        return bool(cur.rowcount)

    def remove_tag(self, ref: str, name: str) -> None:
        """Untag an entry; NotFound when the entry did not carry it.
        A tag left on no entry is forgotten."""
        tag = normalize_tag(name)
        source_id, entry_id = self.resolve(ref)
        with self.transaction() as conn:
            tag_id = self._tag_id(tag)
            cur = None
            if tag_id is not None:
                cur = conn.execute(
                    "DELETE FROM entry_tags WHERE tag_id=? AND source_id=? AND entry_id=?",
                    (tag_id, source_id, entry_id),
                )
            if not cur or not cur.rowcount:
                raise NotFound(f"l'entrée « {entry_id} » n'a pas le tag « {tag} »")
            self._journal(source_id, entry_id)
            conn.execute(
                "DELETE FROM tags WHERE id=? AND NOT EXISTS "
                "(SELECT 1 FROM entry_tags WHERE tag_id=?)",
                (tag_id, tag_id),
            )

    def _tag_id(self, name: str) -> int | None:
        # SQLite's NOCASE folds ASCII only; "À relire" and "à relire" are one tag.
        # Tags stored before NFC normalization are compared in NFC too.
        folded = unicodedata.normalize("NFC", name).casefold()
        for row in self._rows("SELECT id, name FROM tags"):
            if unicodedata.normalize("NFC", row["name"]).casefold() == folded:
                return int(row["id"])
        return None

    def tags(self) -> list[Tag]:
        """Every personal tag with the number of entries carrying it."""
        rows = self._rows(
            "SELECT g.id, g.name, count(et.tag_id) AS count FROM tags g LEFT JOIN entry_tags et "
            "ON et.tag_id = g.id GROUP BY g.id ORDER BY g.name COLLATE NOCASE"
        )
        return [Tag(r["id"], r["name"], r["count"]) for r in rows]

    def entry_tags(self, ref: str) -> list[str]:
        """The personal tags of one entry, sorted."""
        source_id, entry_id = self.resolve(ref)
        return [
            r[0]
            for r in self._rows(
                "SELECT g.name FROM entry_tags et JOIN tags g ON g.id = et.tag_id "
                "WHERE et.source_id=? AND et.entry_id=? ORDER BY g.name COLLATE NOCASE",
                (source_id, entry_id),
            )
        ]

    def tagged_keys(self) -> dict[tuple[str, str], list[str]]:
        """(source_id, entry_id) -> its tags, for result markers."""
        out: dict[tuple[str, str], list[str]] = {}
        for r in self._rows(
            "SELECT et.source_id, et.entry_id, g.name FROM entry_tags et JOIN tags g "
            "ON g.id = et.tag_id ORDER BY g.name COLLATE NOCASE"
        ):
            out.setdefault((r[0], r[1]), []).append(r[2])
        return out

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        old_name, new_name = normalize_tag(old), normalize_tag(new)
        with self.transaction() as conn:
            src = self._tag_id(old_name)
            if src is None:
                raise NotFound(f"aucun tag « {old_name} »")
            dst = self._tag_id(new_name)
            for r in conn.execute(
                "SELECT source_id, entry_id FROM entry_tags WHERE tag_id=?", (src,)
            ).fetchall():
                self._journal(r[0], r[1])
            if dst is None or dst == src:
                conn.execute("UPDATE tags SET name=? WHERE id=?", (new_name, src))
            else:
                conn.execute(
                    "INSERT OR IGNORE INTO entry_tags(tag_id, source_id, entry_id, created_at) "
                    "SELECT ?, source_id, entry_id, created_at FROM entry_tags WHERE tag_id=?",
                    (dst, src),
                )
                conn.execute("DELETE FROM tags WHERE id=?", (src,))

    # -- collections ---------------------------------------------------------

    def create_collection(self, name: str, description: str = "") -> Collection:
        """A new, empty collection (a trainer's session, say)."""
        name = _clean_text(name, "nom de collection", 200).strip()
        if not name:
            raise BadInput("le nom de la collection est vide")
        stamp = now_iso()
        with self.transaction() as conn:
            cid = conn.execute(
                "INSERT INTO collections(name, description, created_at, updated_at) VALUES (?,?,?,?)",
                (name, _clean_text(description, "description", 10_000), stamp, stamp),
            ).lastrowid
        return self.collection(int(cid))  # type: ignore[arg-type]

    def collection(self, collection_id: int) -> Collection:
        row = self.conn.execute("SELECT * FROM collections WHERE id=?", (collection_id,)).fetchone()
        if not row:
            raise NotFound(f"aucune collection n°{collection_id}")
        return Collection(**dict(row))

    def collections(self) -> list[Collection]:
        return [
            Collection(**dict(r)) for r in self._rows("SELECT * FROM collections ORDER BY name")
        ]

    def delete_collection(self, collection_id: int) -> None:
        self.collection(collection_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE id=?", (collection_id,))

    def add_to_collection(
        self,
        collection_id: int,
        *,
        ref: str | None = None,
        note_id: int | None = None,
        comment: str = "",
    ) -> CollectionItem:
        """Append an entry or a note to a collection."""
        self.collection(collection_id)
        source_id = entry_id = None
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
        elif note_id is not None:
            self.note(note_id)
        else:
            raise BadInput("une entrée ou une note est nécessaire")
        with self.transaction() as conn:
            pos = conn.execute(
                "SELECT COALESCE(max(position), -1) + 1 FROM collection_items WHERE collection_id=?",
                (collection_id,),
            ).fetchone()[0]
            item_id = conn.execute(
                "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                "note_id, comment) VALUES (?,?,?,?,?,?)",
                (collection_id, pos, source_id, entry_id, note_id, comment),
            ).lastrowid
            conn.execute(
                "UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), collection_id)
            )
        return self._collection_item(int(item_id))  # type: ignore[arg-type]

    def _collection_item(self, item_id: int) -> CollectionItem:
        row = self.conn.execute("SELECT * FROM collection_items WHERE id=?", (item_id,)).fetchone()
        if not row:
            raise NotFound(f"aucun élément de collection n°{item_id}")
        return CollectionItem(**dict(row))

    def collection_items(self, collection_id: int) -> list[CollectionItem]:
        return [
            CollectionItem(**dict(r))
            for r in self._rows(
                "SELECT * FROM collection_items WHERE collection_id=? ORDER BY position",
                (collection_id,),
            )
        ]

    def move_collection_item(self, item_id: int, new_position: int) -> None:
        """Move an item within its collection, shifting the others."""
        item = self._collection_item(item_id)
        items = [i for i in self.collection_items(item.collection_id) if i.id != item_id]
        new_position = max(0, min(new_position, len(items)))
        items.insert(new_position, item)
        with self.transaction() as conn:
            for pos, it in enumerate(items):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))

    def remove_collection_item(self, item_id: int) -> CollectionItem:
        """Remove an item from its collection; returns it so the caller can offer
        to undo (`restore_collection_item`)."""
        item = self._collection_item(item_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collection_items WHERE id=?", (item_id,))
            rest = self.collection_items(item.collection_id)
            for pos, it in enumerate(rest):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))
        return item

    def restore_collection_item(self, item: CollectionItem) -> CollectionItem:
        """Put a removed item back at its former position (undo); returns it as
        stored now (its id may differ). NotFound when its collection or its note
        has been deleted since."""
        with self.transaction() as conn:
            self.collection(item.collection_id)
            if item.note_id is not None:
                self.note(item.note_id)
            others = self.collection_items(item.collection_id)
            position = max(0, min(item.position, len(others)))
            item_id = conn.execute(
                "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                "note_id, comment) VALUES (?,?,?,?,?,?)",
                (
                    item.collection_id,
                    position,
                    item.source_id,
                    item.entry_id,
                    item.note_id,
                    item.comment,
                ),
            ).lastrowid
            for it in others[position:]:
                conn.execute(
                    "UPDATE collection_items SET position=? WHERE id=?", (it.position + 1, it.id)
                )
        return self._collection_item(int(item_id))  # type: ignore[arg-type]

    def rename_collection(self, collection_id: int, name: str) -> Collection:
        """Give a collection a new name (trimmed; BadInput when empty)."""
        name = _clean_text(name, "nom de collection", 200).strip()
        if not name:
            raise BadInput("le nom de la collection est vide")
        with self.transaction() as conn:
            self.collection(collection_id)
            conn.execute(
                "UPDATE collections SET name=?, updated_at=? WHERE id=?",
                (name, now_iso(), collection_id),
            )
        return self.collection(collection_id)

    def set_collection_item_comment(self, item_id: int, comment: str) -> CollectionItem:
        """Replace an item's comment (the trainer's remark on it; "" clears it)."""
        comment = _clean_text(comment, "commentaire", 10_000).strip()
        with self.transaction() as conn:
            item = self._collection_item(item_id)
            conn.execute("UPDATE collection_items SET comment=? WHERE id=?", (comment, item_id))
            conn.execute(
                "UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), item.collection_id)
            )
        return self._collection_item(item_id)

    def collection_sizes(self) -> dict[int, int]:
        """collection id -> number of items (collections without items are absent)."""
        return {
            int(r[0]): int(r[1])
            for r in self._rows(
                "SELECT collection_id, count(*) FROM collection_items GROUP BY collection_id"
            )
        }

    def collections_with(self, ref: str) -> list[Collection]:
        """The collections holding entry `ref` (ID or SOURCE:ID), by name."""
        source_id, entry_id = self.resolve(ref)
        rows = self._rows(
            "SELECT DISTINCT c.* FROM collections c JOIN collection_items i "
            "ON i.collection_id = c.id WHERE i.source_id=? AND i.entry_id=? ORDER BY c.name",
            (source_id, entry_id),
        )
        return [Collection(**dict(r)) for r in rows]

    # -- settings and keys ---------------------------------------------------

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

    def add_trusted_key(
        self, key_id: str, pem: str, label: str = "", source_id: str | None = None
    ) -> None:
        """Trust a publisher's public key (PEM), for all sources or one."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO trusted_keys(key_id, pem, label, source_id, added_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(key_id) DO UPDATE SET pem=excluded.pem, label=excluded.label, "
                "source_id=excluded.source_id",
                (key_id, pem, label, source_id, now_iso()),
            )

    def pin_source_key(self, source_id: str, key_id: str) -> bool:
        """Pin a source to the key that alone may sign it from now on; False when
        the source is not in the library yet (its first signed sync will pin it)."""
        with self.transaction() as conn:
            cur = conn.execute("UPDATE sources SET key_id=? WHERE id=?", (key_id, source_id))
        return bool(cur.rowcount)

    def trusted_keys(self) -> list[dict[str, Any]]:
        """Keys the user added (key_id, pem, label, source_id, added_at)."""
        return [dict(r) for r in self._rows("SELECT * FROM trusted_keys ORDER BY added_at, key_id")]

    def remove_trusted_key(self, key_id: str) -> None:
        with self.transaction() as conn:
            if not conn.execute("DELETE FROM trusted_keys WHERE key_id=?", (key_id,)).rowcount:
                raise NotFound(f"aucune clé de confiance {key_id} ajoutée par l'utilisateur")
