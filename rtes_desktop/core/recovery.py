"""Restoring a backup, and opening a library that may be damaged.

A restore replaces the personal data (notes, tags, collections and their items,
settings) by the backup's, after backing up the current state so that the restore
itself can be undone. Keys and sources are only added, never removed (removing a
key the library trusts would break its next sync). Entries are never restored: the
next sync brings them, and personal data waits for them, as it does for withdrawn
entries (no foreign key from personal data to entries).

`open_or_recover` is how the CLI and the window open a data folder: a database from
a newer version is refused untouched; a damaged or missing one is set aside and
rebuilt from the newest good backup, with one sentence saying so.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtes_desktop.core import migrations
from rtes_desktop.core.backup import (
    PERSONAL_TABLES,
    BackupInfo,
    BackupResult,
    backups_dir,
    create_backup,
    list_backups,
    read_backup,
    utcnow,
)
from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library import Library
from rtes_desktop.core.paths import DB_FILE
from rtes_desktop.core.text import fold

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Personal tables the restore empties then fills (trusted_keys is merged instead).
_REPLACED = tuple(t for t in PERSONAL_TABLES if t != "trusted_keys")
#: Columns of a source that describe where it is; the sync state starts afresh.
_SOURCE_COLUMNS = ("id", "name", "homepage", "url", "added_at")


@dataclass
class RestoreResult:
    """What a restore did: the backup restored and the one taken just before."""

    restored: BackupInfo
    undo: BackupResult | None


def find_backup(data_folder: Path, ref: str) -> BackupInfo:
    """A backup by its id (as `backup list` prints it) or by the path of its file."""
    for info in list_backups(backups_dir(data_folder)):
        if info.id == ref:
            return info
    path = Path(ref).expanduser()
    if path.is_file():
        return read_backup(path)
    raise NotFound(
        _("aucune sauvegarde « {ref} » (voir « rtes-desktop backup list »)").format(ref=ref)
    )


def _date_fr(iso: str) -> str:
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).astimezone()
    return moment.strftime(_("%d/%m/%Y à %H:%M"))


def _check_backup(info: BackupInfo) -> None:
    if info.schema_version > migrations.SCHEMA_VERSION:
        raise BadInput(
            _(
                "sauvegarde faite par une version plus récente de l'application ; "
                "mettez l'application à jour"
            ),
            path=str(info.path),
        )
    try:
        conn = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        check = str(exc)
    if check != "ok":
        raise BadInput(_("sauvegarde endommagée ; choisissez-en une autre"), path=str(info.path))


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def apply_backup(library: Library, info: BackupInfo) -> None:
    """Replace the library's personal data by the backup's, in one transaction."""
    _check_backup(info)
    conn = library.conn
    conn.execute("ATTACH DATABASE ? AS bk", (str(info.path),))
    try:
        with library.transaction():
            touched = _personal_keys(conn, "main")
            have = {r[0] for r in conn.execute("SELECT name FROM bk.sqlite_master")}
            for table in reversed(_REPLACED):  # children first
                conn.execute(f"DELETE FROM main.{table}")
            for table in (*_REPLACED, "trusted_keys"):
                if table not in have:
                    continue
                # Columns in common: a backup of an older schema still restores.
                ours = set(_columns(conn, "main", table))
                names = ", ".join(c for c in _columns(conn, "bk", table) if c in ours)
                verb = "INSERT OR IGNORE" if table == "trusted_keys" else "INSERT"
                conn.execute(f"{verb} INTO main.{table} ({names}) SELECT {names} FROM bk.{table}")
            if "sources" in have:
                names = ", ".join(_SOURCE_COLUMNS)
                conn.execute(
                    f"INSERT OR IGNORE INTO main.sources ({names}) "
                    f"SELECT {names} FROM bk.sources WHERE is_demo = 0"
                )
            touched |= _personal_keys(conn, "main")
            # The search index holds tags and notes: re-index what they touch.
            conn.executemany(
                "INSERT INTO search_journal(source_id, entry_id) VALUES (?, ?)", sorted(touched)
            )
    finally:
        conn.execute("DETACH DATABASE bk")


def _personal_keys(conn: sqlite3.Connection, schema: str) -> set[tuple[str, str]]:
    rows = conn.execute(
        f"SELECT source_id, entry_id FROM {schema}.notes WHERE source_id IS NOT NULL "
        f"UNION SELECT source_id, entry_id FROM {schema}.entry_tags"
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def restore_backup(library: Library, ref: str, *, now: datetime | None = None) -> RestoreResult:
    """Restore a backup (id or file) after backing up the current state (the undo).

    Raises NotFound / BadInput (nothing changed) for an unknown or unusable backup."""
    info = find_backup(library.folder, ref)
    _check_backup(info)
    undo = create_backup(library, "restore", now=now)
    apply_backup(library, info)
    log.info("backup %s restored (undo: %s)", info.id, undo.info.id)
    return RestoreResult(info, undo)


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, to show before restoring it: the first notes (title and
    first line of text), tags and sessions, by name. Totals are on its BackupInfo."""

    notes: list[tuple[str, str]]
    tags: list[str]
    sessions: list[str]


def _first_line(text: str, limit: int = 120) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def preview_backup(info: BackupInfo, limit: int = 50) -> BackupPreview:
    """Read up to `limit` notes, tags and sessions from a backup file, read-only
    (the file is opened immutable: nothing is written, not even a journal).

    Raises BadInput when the file cannot be read."""

    def rows(conn: sqlite3.Connection, query: str) -> list[Any]:
        try:
            return conn.execute(query, (limit,)).fetchall()
        except sqlite3.OperationalError:  # a table this backup's schema lacked
            return []

    try:
        conn = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            notes = rows(conn, "SELECT title, body FROM notes ORDER BY updated_at DESC LIMIT ?")
            tags = rows(conn, "SELECT name FROM tags ORDER BY name COLLATE NOCASE LIMIT ?")
            sessions = rows(conn, "SELECT name FROM collections ORDER BY updated_at DESC LIMIT ?")
        finally:
            conn.close()
    except sqlite3.Error:
        raise BadInput(
            _("sauvegarde illisible ; choisissez-en une autre"), path=str(info.path)
        ) from None
    return BackupPreview(
        notes=[(str(t or "").strip(), _first_line(str(b or ""))) for t, b in notes],
        tags=sorted((str(r[0]) for r in tags), key=fold),
        sessions=[str(r[0]) for r in sessions],
    )


# -- opening a data folder -----------------------------------------------------------


def _header_version(db: Path) -> int | None:
    """user_version from the file header, or None when it is no SQLite file."""
    with open(db, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    return int.from_bytes(header[60:64], "big")


def _newer(db: Path, version: int) -> RtesError:
    return RtesError(
        _(
            "la bibliothèque vient d'une version plus récente de l'application "
            "(schéma {version}, celle-ci connaît le {SCHEMA_VERSION}) ; elle n'a "
            "pas été modifiée : mettez l'application à jour"
        ).format(version=version, SCHEMA_VERSION=migrations.SCHEMA_VERSION),
        path=str(db),
    )


def check_database(db: Path) -> str | None:
    """Why `db` cannot be used (a short reason), or None when it passes.

    Raises RtesError (untouched) for a database of a newer schema. The check is
    PRAGMA quick_check: ~0.1 s at 10,000 entries (bench/backup_bench.py), bounded
    by the file size, so always done."""
    if db.stat().st_size == 0:
        return "fichier vide"
    version = _header_version(db)
    if version is None:
        return "ce n'est pas une base SQLite"
    if version > migrations.SCHEMA_VERSION:
        raise _newer(db, version)
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > migrations.SCHEMA_VERSION:
                raise _newer(db, version)
            rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if [r[0] for r in rows] != ["ok"]:
        return "; ".join(r[0] for r in rows)[:200]
    return None


def set_aside(db: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm, which must never be replayed
    into the new one) to `library.db.damaged-<date>`; return the new path."""
    stamp = (now or utcnow()).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = db.with_name(f"{db.name}.damaged-{stamp}_{n}")
    db.rename(aside)
    for ext in ("-wal", "-shm", "-journal"):
        side = db.with_name(db.name + ext)
        if side.exists():
            side.rename(aside.with_name(aside.name + ext))
    return aside


def _newest_good_backup(data_folder: Path) -> BackupInfo | None:
    for info in reversed(list_backups(backups_dir(data_folder))):
        try:
            _check_backup(info)
            return info
        except RtesError as exc:
            log.warning("backup %s not used for recovery: %s", info.id, exc)
    return None


def _rebuild(folder: Path) -> tuple[Library, BackupInfo | None]:
    info = _newest_good_backup(folder)
    library = Library.open(folder)
    if info is not None:
        apply_backup(library, info)
    return library, info


def open_or_recover(folder: Path | str, now: datetime | None = None) -> tuple[Library, str | None]:
    """Open the library in `folder`, recovering when its database is damaged or gone.

    Returns the library and, when something was recovered, one French sentence to
    show the user. Raises RtesError for a database of a newer version (untouched).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / DB_FILE
    if not db.exists():
        if not list_backups(backups_dir(folder)):
            return Library.open(folder), None  # a first start
        library, info = _rebuild(folder)
        if info is None:
            return library, None
        return library, (
            _(
                "La bibliothèque était absente : vos notes, tags et sessions ont été repris "
                "de la sauvegarde du {date} ; synchronisez pour retrouver le contenu."
            ).format(date=_date_fr(info.created_at))
        )
    problem = check_database(db)
    if problem is None:
        try:
            return Library.open(folder), None
        except RtesError as exc:
            if not isinstance(exc.__cause__, sqlite3.DatabaseError):
                raise
            problem = str(exc.__cause__)
    log.error("library %s damaged (%s): setting it aside", db, problem)
    aside = set_aside(db, now)
    library, info = _rebuild(folder)
    if info is None:
        return library, (
            _(
                "La bibliothèque était endommagée : elle a été mise de côté "
                "({name}) et, faute de sauvegarde, une bibliothèque vide a été créée ; "
                "synchronisez pour retrouver le contenu."
            ).format(name=aside.name)
        )
    return library, (
        _(
            "La bibliothèque était endommagée : elle a été mise de côté "
            "({name}) et vos notes, tags et sessions ont été repris de la sauvegarde "
            "du {date} ; synchronisez pour retrouver le contenu."
        ).format(name=aside.name, date=_date_fr(info.created_at))
    )
