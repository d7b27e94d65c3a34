"""The library's connection, transactions and the lookups every area shares.

SQLite in WAL mode is the source of truth. Each thread
gets its own connection (a sqlite3 connection belongs to the thread that opened
it); writes are serialised by one lock and run in `BEGIN IMMEDIATE`
transactions, so there is one writer at a time, and readers (the window) keep
reading while a sync writes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from rtes_desktop.core import migrations
from rtes_desktop.core.errors import BadInput, NotFound, RtesError, storage_error
from rtes_desktop.core.i18n import _
from rtes_desktop.core.paths import DB_FILE

log = logging.getLogger("rtes_desktop.core.library")


def now_iso() -> str:
    """The current UTC time as RFC 3339 with seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean_text(text: str, what: str, limit: int) -> str:
    if not isinstance(text, str):
        raise BadInput(_("{what} : texte attendu").format(what=what))
    # Control characters other than tab/newline have no business in a note.
    cleaned = "".join(ch for ch in text if ch in "\t\n" or ch >= " " or ch == "\r")
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    if len(cleaned) > limit:
        raise BadInput(
            _("{what} trop long ({count} caractères, {limit} au plus)").format(
                what=what, count=len(cleaned), limit=limit
            )
        )
    return cleaned


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just gave (sqlite3 types it Optional: None only when
    nothing was inserted, which an INSERT without OR IGNORE cannot do)."""
    if cursor.lastrowid is None:
        raise RtesError(_("la base de données n'a pas enregistré l'ajout"))
    return cursor.lastrowid


class LibraryBase:
    """Connections, transactions and the shared lookups; the per-area mixins
    (sources, entries, notes, tags...) build on it and `Library` joins them."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_FILE
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, folder: Path | str) -> Self:
        """Open (creating and migrating if needed) the library in `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        lib = cls(folder)
        try:
            applied = migrations.migrate(lib.conn)
        except sqlite3.Error as exc:
            lib.close()
            # Disk full or read-only media must not be called "unreadable": restoring a
            # backup over a healthy file would lose data (issue 9, item 6).
            raise storage_error(exc, lib.path) or RtesError(
                _("la base de données n'a pas pu être ouverte ({exc})").format(exc=exc),
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
                raise RtesError(_("la bibliothèque est fermée"))
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
    def db(self) -> Any:
        """A sqlite-utils view of this thread's connection, for tests and scripts.

        sqlite-utils is not a runtime dependency (bench/upsert_bench.py: about twice as
        slow as the plain executemany the sync uses): it comes with the `test` extra.
        """
        db = getattr(self._local, "db", None)
        if db is None:
            import sqlite_utils

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

    def __enter__(self) -> Self:
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
                conn.execute("COMMIT")
            except BaseException:
                # SQLite already rolled back after SQLITE_FULL or an I/O error; a second
                # ROLLBACK would hide the real cause behind "no transaction is active".
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def _rows_for_keys(
        self, sql: str, where: str, keys: Iterable[tuple[str, str]] | None
    ) -> list[sqlite3.Row]:
        """Rows of `sql` (with one `{}` where the condition goes); with `keys`, only
        those whose (source, entry) is among them: a results page's markers read
        their 20 entries, not every note or tag (chunks stay under SQLite's limit
        on bound parameters)."""
        if keys is None:
            return self._rows(sql.format(""))
        keylist = list(keys)
        rows: list[sqlite3.Row] = []
        for i in range(0, len(keylist), 400):
            part = keylist[i : i + 400]
            marks = ",".join("(?,?)" for _ in part)
            rows += self._rows(sql.format(where.format(marks)), [v for k in part for v in k])
        return rows

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    @property
    def db_uuid(self) -> str:
        """A random id of this database, so a derived index knows whose it is."""
        return str(self.conn.execute("SELECT value FROM meta WHERE key='db_uuid'").fetchone()[0])

    # -- lookups shared by several areas -------------------------------------

    def resolve(self, ref: str) -> tuple[str, str]:
        """Turn `ID` or `SOURCE:ID` into (source_id, entry_id); NotFound or BadInput."""
        if not isinstance(ref, str) or not ref.strip():
            raise BadInput(_("identifiant d'entrée vide"))
        ref = ref.strip()
        if ":" in ref:
            source_id, entry_id = ref.split(":", 1)
            row = self.conn.execute(
                "SELECT source_id, id FROM entries WHERE source_id=? AND id=?",
                (source_id, entry_id),
            ).fetchone()
            if row:
                return row["source_id"], row["id"]
            raise NotFound(_("aucune entrée « {ref} » dans la bibliothèque").format(ref=ref))
        rows = self._rows("SELECT source_id FROM entries WHERE id=? ORDER BY source_id", (ref,))
        if not rows:
            raise NotFound(_("aucune entrée « {ref} » dans la bibliothèque").format(ref=ref))
        if len(rows) > 1:
            choices = ", ".join(f"{r['source_id']}:{ref}" for r in rows)
            raise BadInput(
                _("« {ref} » existe dans plusieurs sources ; précisez : {choices}").format(
                    ref=ref, choices=choices
                )
            )
        return rows[0]["source_id"], ref

    def _referenced_ids(self, source_id: str) -> set[str]:
        rows = self._rows(
            "SELECT entry_id FROM notes WHERE source_id=? "
            "UNION SELECT entry_id FROM entry_tags WHERE source_id=? "
            "UNION SELECT entry_id FROM collection_items WHERE source_id=?",
            (source_id, source_id, source_id),
        )
        return {r[0] for r in rows if r[0]}

    def _journal(self, source_id: str, entry_id: str) -> None:
        self.conn.execute(
            "INSERT INTO search_journal(source_id, entry_id) VALUES (?, ?)", (source_id, entry_id)
        )

    def _tag_id(self, name: str) -> int | None:
        # SQLite's NOCASE folds ASCII only; "À relire" and "à relire" are one tag.
        # Tags stored before NFC normalization are compared in NFC too.
        folded = unicodedata.normalize("NFC", name).casefold()
        for row in self._rows("SELECT id, name FROM tags"):
            if unicodedata.normalize("NFC", row["name"]).casefold() == folded:
                return int(row["id"])
        return None

    def _entry_sha(self, source_id: str, entry_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT sha256 FROM entries WHERE source_id=? AND id=?", (source_id, entry_id)
        ).fetchone()
        return row[0] if row else None
