"""Backups of the user's own work: small SQLite snapshots in `<data>/backups/`.

What is in a backup: the personal tables (notes, tags and their links, collections
— the GUI's "sessions" — and their items, settings, trusted keys) and the sources'
rows (so that the next sync knows where the content comes from). Entries are never
backed up: the next sync brings them back, and personal data refers to them by
(source_id, entry_id) without a foreign key, so it simply waits for them.

How: a fresh file is filled through ATTACH + INSERT … SELECT inside one read
transaction, which in WAL mode is a consistent snapshot even while another thread
writes (never a copy of the live file). Measured at 10,000 entries and 1,000 notes
(bench/backup_bench.py, two runs): 20-70 ms for 1.2 MB, against 120-355 ms for
`VACUUM INTO` of the whole 40 MB database followed by deleting the content and
vacuuming again, for the same size: the work grows with the personal data only. The file is written under a `.partial`
name, checked, fsynced and renamed: a process killed mid-way leaves nothing that
`list_backups` would offer.

Retention (restic's semantics): the newest backup of each of the 7 most recent days
that have one, the newest of each of the 4 most recent ISO weeks, and always the 3
newest (so that the backup taken before a restore survives). Configurable through
the settings `backup_keep_daily` / `backup_keep_weekly`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtes_desktop import __version__
from rtes_desktop.core import settings
from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
BACKUP_FORMAT = "rtes-desktop-backup"
BACKUP_VERSION = 1
SUFFIX = ".sqlite"
PARTIAL_PREFIX = ".partial-"

#: Copied in this order (parents before children) and restored in it.
PERSONAL_TABLES = (
    "tags",
    "notes",
    "entry_tags",
    "collections",
    "collection_items",
    "settings",
    "trusted_keys",
)
#: Library settings this module reads.
KEEP_DAILY = settings.BACKUP_KEEP_DAILY.default
KEEP_WEEKLY = settings.BACKUP_KEEP_WEEKLY.default
KEEP_LAST = 3
#: maybe_backup takes at most one automatic backup in this interval.
AUTO_INTERVAL = timedelta(days=1)
#: A `.partial` file older than this belongs to a process that died.
_STALE_PARTIAL_S = 3600

_NAME = re.compile(r"^(\d{8}T\d{6}Z)-([a-z]+)(?:_(\d+))?" + re.escape(SUFFIX) + "$")

REASONS_FR = {
    "auto": "automatique",
    "manual": "manuelle",
    "migration": "avant une mise à jour du schéma",
    "sync": "avant une synchronisation qui retire des entrées annotées",
    "restore": "avant une restauration",
    "import": "avant un import",
}


@dataclass(frozen=True)
class BackupInfo:
    """One finished backup file and what it holds."""

    id: str
    path: Path
    created_at: str  # RFC 3339, UTC
    reason: str
    notes: int
    tags: int
    sessions: int
    schema_version: int
    fingerprint: str

    def as_json(self) -> dict[str, Any]:
        """The `backup list --json` shape (shared/spec/cli.md)."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "notes": self.notes,
            "tags": self.tags,
            "sessions": self.sessions,
        }


@dataclass
class BackupResult:
    """A backup taken, and the warnings (second folder) to show once, never blocking."""

    info: BackupInfo
    warnings: list[str] = field(default_factory=list)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def backups_dir(data_folder: Path) -> Path:
    """`<data>/backups`, where the automatic backups live."""
    return Path(data_folder) / BACKUP_DIR


def _main_db_path(conn: sqlite3.Connection) -> Path:
    for row in conn.execute("PRAGMA database_list").fetchall():
        if row[1] == "main":
            return Path(row[2])
    raise RtesError(_("base de données sans fichier"))


# -- fingerprint: has anything personal changed since the last backup? ----------


def _fingerprint_queries(conn: sqlite3.Connection, schema: str) -> list[str]:
    have = {
        r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table'")
    }
    queries = [f"SELECT * FROM {schema}.{t}" for t in PERSONAL_TABLES if t in have]
    if "sources" in have:
        queries.append(f"SELECT id, name, url FROM {schema}.sources WHERE is_demo = 0")
    return queries


def fingerprint(conn: sqlite3.Connection, schema: str = "main") -> str:
    """A hash of every personal row: equal fingerprints, nothing to back up again.
    (About 1 ms per 100 notes; only computed when a day has passed.)"""
    digest = hashlib.sha256()
    for query in _fingerprint_queries(conn, schema):
        rows = sorted(repr(tuple(r)) for r in conn.execute(query))
        digest.update(query.encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def _counts(conn: sqlite3.Connection, schema: str) -> dict[str, int]:
    def one(table: str) -> int:
        try:
            return int(conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0])
        except sqlite3.OperationalError:  # an old schema without that table
            return 0

    return {"notes": one("notes"), "tags": one("tags"), "sessions": one("collections")}


# -- taking a backup ---------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync there; NTFS journals
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _sweep_partials(folder: Path) -> None:
    now = time.time()
    for path in folder.glob(PARTIAL_PREFIX + "*"):
        try:
            if now - path.stat().st_mtime > _STALE_PARTIAL_S:
                path.unlink()
        except OSError:
            pass


def _free_name(folder: Path, moment: datetime, reason: str) -> str:
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-{reason}"
    n = 1
    while (folder / (name + SUFFIX)).exists():
        n += 1
        name = f"{stamp}-{reason}_{n}"
    return name


def _copy_personal(dest: sqlite3.Connection, live_path: Path) -> None:
    """Fill `dest` (a new, empty database) with the personal tables of `live_path`."""
    if not live_path.is_file():  # ATTACH would create an empty database there
        raise FileNotFoundError(f"no database at {live_path}")
    dest.execute("ATTACH DATABASE ? AS live", (str(live_path),))
    try:
        dest.execute("BEGIN")  # one read transaction on `live`: one consistent snapshot
        tables = {
            r[0]: r[1]
            for r in dest.execute("SELECT name, sql FROM live.sqlite_master WHERE type='table'")
        }
        for table in (*PERSONAL_TABLES, "sources"):
            if table not in tables:
                continue
            dest.execute(tables[table])  # same definition as the live table
            dest.execute(f"INSERT INTO main.{table} SELECT * FROM live.{table}")
        version = int(dest.execute("PRAGMA live.user_version").fetchone()[0])
        uuid_row = dest.execute("SELECT value FROM live.meta WHERE key='db_uuid'").fetchone()
        dest.execute("COMMIT")
    finally:
        if dest.in_transaction:
            dest.execute("ROLLBACK")
        dest.execute("DETACH DATABASE live")
    meta = {
        "format": BACKUP_FORMAT,
        "version": str(BACKUP_VERSION),
        "schema_version": str(version),
        "app_version": __version__,
        "db_uuid": uuid_row[0] if uuid_row else "",
    }
    dest.execute("CREATE TABLE backup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    dest.executemany("INSERT INTO backup_meta VALUES (?, ?)", meta.items())


def snapshot(live_path: Path, folder: Path, reason: str, now: datetime | None = None) -> BackupInfo:
    """Back up the personal data of the database at `live_path` into `folder`.

    Atomic: written under a `.partial` name, checked, fsynced, then renamed.
    Raises OSError or sqlite3.Error on failure (nothing listed is left behind).
    """
    if reason not in REASONS_FR:
        raise ValueError(f"unknown backup reason {reason!r}")
    moment = now or utcnow()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_partials(folder)
    name = _free_name(folder, moment, reason)
    partial = folder / f"{PARTIAL_PREFIX}{name}-{os.getpid()}{SUFFIX}"
    final = folder / (name + SUFFIX)
    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            dest.execute("PRAGMA journal_mode = OFF")  # a new file: all or nothing anyway
            dest.execute("PRAGMA page_size = 1024")  # 16 small tables: 16 kB, not 64 kB
            _copy_personal(dest, live_path)
            counts = _counts(dest, "main")
            extra = {"created_at": _iso(moment), "reason": reason, "fingerprint": fingerprint(dest)}
            extra.update({k: str(v) for k, v in counts.items()})
            dest.executemany("INSERT INTO backup_meta VALUES (?, ?)", extra.items())
            check = dest.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"backup failed its check: {check}")
        finally:
            dest.close()
        _fsync_file(partial)
        replace_with_retry(partial, final)
        _fsync_dir(folder)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    info = read_backup(final)
    log.info("backup %s taken (%s): %s", info.id, reason, final)
    return info


def create_backup(
    library: Library,
    reason: str = "manual",
    *,
    now: datetime | None = None,
    folder: Path | None = None,
) -> BackupResult:
    """Back up the library's personal data into `folder` (default `<data>/backups`),
    apply retention there, and copy it to the second folder when one is set.

    Raises RtesError when the backup itself cannot be written; problems with the
    second folder come back as warnings."""
    moment = now or utcnow()
    target = Path(folder) if folder else backups_dir(library.folder)
    try:
        info = snapshot(library.path, target, reason, moment)
    except (OSError, sqlite3.Error) as exc:
        raise RtesError(
            _("sauvegarde impossible ({exc})").format(exc=exc), path=str(target)
        ) from None
    result = BackupResult(info)
    keep_daily, keep_weekly = retention_settings(library)
    if folder is None:
        prune(target, keep_daily, keep_weekly)
        second = second_backup_dir(library)
        if second is not None:
            warning = _copy_to_second(info, second, keep_daily, keep_weekly)
            if warning:
                result.warnings.append(warning)
    return result


def _copy_to_second(
    info: BackupInfo, second: Path, keep_daily: int, keep_weekly: int
) -> str | None:
    """Copy a finished backup (a closed file, not a live database) to the second folder."""
    if not second.is_dir():
        return _(
            "le second dossier de sauvegarde {second} est introuvable ; "
            "la sauvegarde reste dans le dossier de données"
        ).format(second=second)
    partial = second / f"{PARTIAL_PREFIX}{info.id}-{os.getpid()}{SUFFIX}"
    try:
        shutil.copyfile(info.path, partial)
        _fsync_file(partial)
        replace_with_retry(partial, second / info.path.name)
        _fsync_dir(second)
        prune(second, keep_daily, keep_weekly)
    except RtesError as exc:  # a lasting lock on the second folder: a warning, as below
        partial.unlink(missing_ok=True)
        return str(exc)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return _(
            "la copie vers le second dossier de sauvegarde {second} a échoué "
            "({reason}) ; la sauvegarde reste dans le dossier de données"
        ).format(second=second, reason=exc.strerror or exc)
    return None


def second_backup_dir(library: Library) -> Path | None:
    """The user's second backup folder (setting), else the one IT set (`backup_dir`
    in the machine configuration, docs/deploy.md), else None."""
    chosen = library.get_setting(settings.BACKUP_SECOND_DIR)
    if chosen.strip():
        return Path(chosen).expanduser()
    try:
        from rtes_desktop.core.machine_config import load_machine_config

        config = load_machine_config()
    except Exception:  # a broken configuration never stops a backup
        log.exception("machine configuration unavailable for the backup folder")
        return None
    return config.backup_dir if config else None


def retention_settings(library: Library) -> tuple[int, int]:
    """(daily, weekly) from the settings, defaults 7 and 4."""

    def positive(key: settings.SettingKey[int]) -> int:
        value = library.get_setting(key)  # the default when absent or not an int
        return value if value >= 0 else key.default

    return positive(settings.BACKUP_KEEP_DAILY), positive(settings.BACKUP_KEEP_WEEKLY)


# -- listing and retention -----------------------------------------------------------


def read_backup(path: Path) -> BackupInfo:
    """What a finished backup file holds. Raises BadInput when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(_("aucune sauvegarde à cet endroit"), path=str(path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM backup_meta").fetchall())
        finally:
            conn.close()
        if meta.get("format") != BACKUP_FORMAT:
            raise ValueError("format")
        if int(meta["version"]) > BACKUP_VERSION:
            raise BadInput(
                _(
                    "sauvegarde faite par une version plus récente de l'application ; "
                    "mettez l'application à jour"
                ),
                path=str(path),
            )
        stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
        return BackupInfo(
            id=stem,
            path=path,
            created_at=meta["created_at"],
            reason=meta["reason"],
            notes=int(meta["notes"]),
            tags=int(meta["tags"]),
            sessions=int(meta["sessions"]),
            schema_version=int(meta["schema_version"]),
            fingerprint=meta["fingerprint"],
        )
    except RtesError:
        raise
    except (sqlite3.Error, KeyError, ValueError, OSError):
        raise BadInput(
            _("ce fichier n'est pas une sauvegarde de rtes-desktop lisible"), path=str(path)
        ) from None


def list_backups(folder: Path) -> list[BackupInfo]:
    """The finished backups in `folder`, oldest first (unreadable files are skipped)."""
    found = []
    if not Path(folder).is_dir():
        return []
    for path in Path(folder).iterdir():
        if not _NAME.match(path.name):
            continue  # `.partial-*` and anything else: never offered
        try:
            found.append(read_backup(path))
        except RtesError as exc:
            log.warning("backup skipped: %s", exc)
    found.sort(key=lambda b: (b.created_at, b.id))
    return found


def to_keep(
    backups: list[BackupInfo],
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_last: int = KEEP_LAST,
) -> set[str]:
    """The ids retention keeps: the newest of each of the `keep_daily` most recent
    days having a backup, of each of the `keep_weekly` most recent ISO weeks, and the
    `keep_last` newest (dates in UTC)."""
    newest_first = sorted(backups, key=lambda b: (b.created_at, b.id), reverse=True)
    keep = {b.id for b in newest_first[:keep_last]}
    days: dict[str, str] = {}
    weeks: dict[tuple[int, int], str] = {}
    for b in newest_first:
        day = b.created_at[:10]
        iso = datetime.strptime(day, "%Y-%m-%d").isocalendar()
        if day not in days and len(days) < keep_daily:
            days[day] = b.id
        week = (iso[0], iso[1])
        if week not in weeks and len(weeks) < keep_weekly:
            weeks[week] = b.id
    return keep | set(days.values()) | set(weeks.values())


def prune(folder: Path, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> list[str]:
    """Delete the backups retention does not keep; return their ids."""
    backups = list_backups(folder)
    keep = to_keep(backups, keep_daily, keep_weekly)
    removed = []
    for b in backups:
        if b.id in keep:
            continue
        try:
            b.path.unlink()
            removed.append(b.id)
        except OSError as exc:
            log.warning("old backup %s not removed: %s", b.path, exc)
    return removed


# -- when to back up ---------------------------------------------------------------


def maybe_backup(library: Library, now: datetime | None = None) -> BackupResult | None:
    """The automatic backup: at most once per AUTO_INTERVAL, and only after a change
    to personal data since the newest backup. Cheap when there is nothing to do
    (a directory listing). Returns what was taken, or None. Never raises."""
    moment = now or utcnow()
    try:
        backups = list_backups(backups_dir(library.folder))
        newest = backups[-1] if backups else None
        if newest is not None:
            taken = datetime.strptime(newest.created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if moment - taken < AUTO_INTERVAL:
                return None
        current = fingerprint(library.conn)
        if newest is not None and newest.fingerprint == current:
            return None
        if newest is None and not any(_counts(library.conn, "main").values()):
            return None  # nothing of the user's yet: no backup of an empty library
        return create_backup(library, "auto", now=moment)
    except (RtesError, OSError, sqlite3.Error) as exc:
        log.error("automatic backup not taken: %s", exc)
        return None


def backup_database_before(db_path: Path, reason: str) -> BackupInfo | None:
    """A backup of the database at `db_path` before a risky change (a migration).
    Logged, never raised: the change goes on."""
    try:
        return snapshot(db_path, backups_dir(db_path.parent), reason)
    except (OSError, sqlite3.Error, RtesError) as exc:
        log.error("backup before %s not taken: %s", reason, exc)
        return None


def backup_before(library: Library, reason: str) -> BackupResult | None:
    """A backup before a risky change (a sync withdrawing annotated entries, an
    import). Logged, never raised: the change goes on."""
    try:
        return create_backup(library, reason)
    except RtesError as exc:
        log.error("backup before %s not taken: %s", reason, exc)
        return None


def backup_before_withdrawal(library: Library, source_id: str, live_ids: set[str]) -> None:
    """Called by the sync engine before it withdraws entries: back up when one of the
    entries about to be withdrawn carries personal data."""
    rows = library.conn.execute(
        "SELECT e.id FROM entries e WHERE e.source_id = ?1 AND e.withdrawn_at IS NULL AND "
        "(EXISTS (SELECT 1 FROM notes n WHERE n.source_id = ?1 AND n.entry_id = e.id) OR "
        "EXISTS (SELECT 1 FROM entry_tags t WHERE t.source_id = ?1 AND t.entry_id = e.id) OR "
        "EXISTS (SELECT 1 FROM collection_items c WHERE c.source_id = ?1 AND c.entry_id = e.id))",
        (source_id,),
    ).fetchall()
    if any(r[0] not in live_ids for r in rows):
        backup_before(library, "sync")
