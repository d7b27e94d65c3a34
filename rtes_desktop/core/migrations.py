"""Numbered, transactional schema migrations on PRAGMA user_version.

A migration, once shipped, is never edited: a change to the schema is a new
function appended to MIGRATIONS. Each runs inside one transaction together
with the bump of user_version, so a crash leaves the database at the previous
version, never half-way.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from rtes_desktop.core.errors import RtesError


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first and break the migration's transaction.
    for statement in script.split(";\n"):
        lines = [ln for ln in statement.splitlines() if not ln.strip().startswith("--")]
        if "".join(lines).strip():
            conn.execute("\n".join(lines))


def _m1_initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            homepage TEXT,
            url TEXT,
            is_demo INTEGER NOT NULL DEFAULT 0,
            last_serial INTEGER,
            manifest_sha256 TEXT,
            generated_at TEXT,
            expires_at TEXT,
            last_sync TEXT,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT NOT NULL
        );

        CREATE TABLE kinds (
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            label TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (source_id, id)
        );

        CREATE TABLE themes (
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            label TEXT NOT NULL,
            description TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (source_id, id)
        );

        CREATE TABLE entries (
            pk INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT,
            body TEXT NOT NULL,
            published_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'fr',
            region TEXT,
            audience TEXT NOT NULL DEFAULT 'public',
            authors TEXT NOT NULL DEFAULT '[]',
            source_url TEXT,
            sha256 TEXT NOT NULL,
            withdrawn_at TEXT,
            synced_at TEXT NOT NULL,
            UNIQUE (source_id, id)
        );
        CREATE INDEX entries_by_id ON entries(id);
        CREATE INDEX entries_by_kind ON entries(source_id, kind);
        CREATE INDEX entries_by_published ON entries(published_at);

        CREATE TABLE entry_themes (
            entry_pk INTEGER NOT NULL REFERENCES entries(pk) ON DELETE CASCADE,
            theme_id TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entry_pk, theme_id)
        );
        CREATE INDEX entry_themes_by_theme ON entry_themes(theme_id);

        CREATE TABLE attachments (
            entry_pk INTEGER NOT NULL REFERENCES entries(pk) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (entry_pk, position)
        );
        CREATE INDEX attachments_by_hash ON attachments(sha256);

        CREATE TABLE related (
            entry_pk INTEGER NOT NULL REFERENCES entries(pk) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            related_id TEXT NOT NULL,
            PRIMARY KEY (entry_pk, position)
        );

        -- Personal data refers to entries by (source_id, entry_id), never by pk,
        -- and has no foreign key to entries: nothing a publisher does can cascade
        -- into what the user wrote.
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );

        CREATE TABLE entry_tags (
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            source_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (tag_id, source_id, entry_id)
        );
        CREATE INDEX entry_tags_by_entry ON entry_tags(source_id, entry_id);

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            source_id TEXT,
            entry_id TEXT,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            entry_sha256 TEXT,
            CHECK ((source_id IS NULL) = (entry_id IS NULL))
        );
        CREATE INDEX notes_by_entry ON notes(source_id, entry_id);

        CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE collection_items (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            source_id TEXT,
            entry_id TEXT,
            note_id INTEGER REFERENCES notes(id) ON DELETE SET NULL,
            comment TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX collection_items_by_collection ON collection_items(collection_id, position);

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE trusted_keys (
            key_id TEXT PRIMARY KEY,
            pem TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            source_id TEXT,
            added_at TEXT NOT NULL
        );

        -- Every change to what the search index holds for an entry appends a row
        -- here, in the same transaction. The index remembers the last seq it
        -- applied, so it can always catch up (or rebuild) from SQLite.
        CREATE TABLE search_journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id TEXT NOT NULL,
            entry_id TEXT NOT NULL
        );
        """,
    )
    conn.execute("INSERT INTO meta(key, value) VALUES ('db_uuid', ?)", (uuid.uuid4().hex,))


def _m_source_key_pin(conn: sqlite3.Connection) -> None:
    # The key that first signed a source: only it (or a key the user explicitly
    # puts in its place, `keys add --source S --replace`) may sign that source
    # again. NULL: never synced signed (or synced before this column existed).
    conn.execute("ALTER TABLE sources ADD COLUMN key_id TEXT")


def _m_source_app_versions(conn: sqlite3.Connection) -> None:
    # What each source's newest manifest says about the application (its optional
    # "app" object): the update notice (core/update_notice.py). Publisher data, not
    # the user's: rewritten at every sync, dropped with the source's notice.
    _run_script(
        conn,
        """
        CREATE TABLE source_app_versions (
            source_id TEXT PRIMARY KEY,
            current TEXT,
            minimum TEXT,
            download_url TEXT
        );
        """,
    )


def _m_session_versions(conn: sqlite3.Connection) -> None:
    # Stale notes (issue 11): the text of an entry as it was when a note or a session
    # item was written against it, kept only when a sync replaces such an entry, so
    # the app can show what changed. Personal-data side: no foreign key to entries.
    _run_script(
        conn,
        """
        CREATE TABLE entry_versions (
            source_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT,
            body TEXT NOT NULL,
            updated_at TEXT,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (source_id, entry_id, sha256)
        );
        -- The entry version a session item was added against, and (items imported
        -- from a shared kit) a snapshot of the entry (JSON: title, kind, summary,
        -- url, source_name) shown while the entry is absent from this library.
        ALTER TABLE collection_items ADD COLUMN entry_sha256 TEXT;
        ALTER TABLE collection_items ADD COLUMN snapshot TEXT;
        -- A session imported from a kit: the kit's fingerprint, so that importing
        -- the same kit again changes nothing.
        ALTER TABLE collections ADD COLUMN origin TEXT
        """,
    )


def _m_sync_log(conn: sqlite3.Connection) -> None:
    # What each sync brought, for « Nouveautés »: nothing else records whether an
    # entry was new or updated (entries.synced_at is overwritten by every write).
    # Content, not personal data: rebuilt by nothing, pruned to the last syncs.
    _run_script(
        conn,
        """
        CREATE TABLE sync_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id TEXT NOT NULL,
            serial INTEGER,
            synced_at TEXT NOT NULL
        );
        CREATE TABLE sync_changes (
            sync_id INTEGER NOT NULL REFERENCES sync_log(id) ON DELETE CASCADE,
            source_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('new', 'updated')),
            PRIMARY KEY (sync_id, source_id, entry_id)
        );
        CREATE INDEX sync_changes_by_entry ON sync_changes(source_id, entry_id)
        """,
    )


def _m_attachment_pages(conn: sqlite3.Connection) -> None:
    # The text of PDF attachments, page by page (issue 14), as the publisher extracted
    # it. Keyed like personal data by (source_id, entry_id), but derived from the
    # publication: triggers drop an entry's pages when the entry is deleted, changes
    # (the sync then writes the new pages) or is withdrawn, whoever does it.
    conn.execute(
        """
        CREATE TABLE attachment_pages (
            source_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            attachment_sha TEXT NOT NULL,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (source_id, entry_id, attachment_sha, page)
        )
        """
    )
    conn.execute(
        "CREATE TRIGGER attachment_pages_entry_deleted AFTER DELETE ON entries BEGIN "
        "DELETE FROM attachment_pages WHERE source_id = OLD.source_id AND entry_id = OLD.id; "
        "END"
    )
    conn.execute(
        "CREATE TRIGGER attachment_pages_entry_changed AFTER UPDATE OF sha256, withdrawn_at "
        "ON entries WHEN NEW.sha256 IS NOT OLD.sha256 OR NEW.withdrawn_at IS NOT NULL BEGIN "
        "DELETE FROM attachment_pages WHERE source_id = OLD.source_id AND entry_id = OLD.id; "
        "END"
    )


Migration = Callable[[sqlite3.Connection], None]

#: Index i holds the migration to schema version i + 1.
MIGRATIONS: list[Migration] = [
    _m1_initial,
    _m_source_key_pin,
    _m_source_app_versions,
    _m_session_versions,
    _m_sync_log,
    _m_attachment_pages,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for a new one)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _db_path(conn: sqlite3.Connection) -> Path:
    return Path(next(r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"))


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the database up to SCHEMA_VERSION; return the versions applied."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise RtesError(
            f"la bibliothèque est au schéma {version}, plus récent que celui de cette "
            f"version de l'application ({SCHEMA_VERSION}) : mettez l'application à jour"
        )
    if 0 < version < SCHEMA_VERSION:  # an existing library: back its personal data up first
        from rtes_desktop.core.backup import backup_database_before

        backup_database_before(_db_path(conn), "migration")
    applied = []
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if current_version(conn) >= target:
                conn.execute("ROLLBACK")
                continue
            MIGRATIONS[target - 1](conn)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                conn.execute("ROLLBACK")
            raise
        applied.append(target)
    return applied
