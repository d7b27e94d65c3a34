"""Backups: what they hold, taken while a writer works, retention over simulated days,
a SIGKILL mid-way, the second folder, and the backup before a migration."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtes_desktop.core import migrations
from rtes_desktop.core.backup import (
    backups_dir,
    create_backup,
    list_backups,
    maybe_backup,
    snapshot,
)
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Entry

ROOT = Path(__file__).resolve().parents[2]


def entry(entry_id: str) -> Entry:
    body = f"Texte de {entry_id} sur la commande publique."
    return Entry(
        source_id="src",
        id=entry_id,
        kind="fiche",
        title=f"Fiche {entry_id}",
        body=body,
        published_at="2025-01-02",
        updated_at="2025-01-02T10:00:00Z",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
    )


def fill(lib: Library, notes: int = 3) -> None:
    """Entries, and personal data of every kind on them."""
    lib.save_source("src", "Réseau", url="https://exemple.org/export/")
    for i in range(5):
        lib.write_entry(entry(f"fiche-{i}"))
    for i in range(notes):
        lib.add_note(f"src:fiche-{i % 5}", f"Note {i} : à relire avant la commission")
    lib.add_note(None, "Une note libre", title="Idées")
    lib.add_tag("src:fiche-1", "commande publique")
    lib.add_tag("src:fiche-2", "commande publique")
    lib.add_tag("src:fiche-2", "élus")
    session = lib.create_session("Formation des élus")
    lib.add_to_session(session.id, ref="src:fiche-1", comment="à lire d'abord")
    lib.set_setting("ui_theme", "dark")
    lib.add_trusted_key("k1", "-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----\n")


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 1, 1, hour, tzinfo=UTC) + timedelta(days=day)


def test_backup_holds_personal_data_only(lib):
    fill(lib)
    info = create_backup(lib, "manual").info

    assert (info.notes, info.tags, info.sessions) == (4, 2, 1)
    assert info.path.parent == backups_dir(lib.folder)
    assert "entries" not in tables(info.path)
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT url FROM sources").fetchone()[0] == "https://exemple.org/export/"
    assert conn.execute("SELECT count(*) FROM entry_tags").fetchone()[0] == 3
    conn.close()
    assert [b.id for b in list_backups(backups_dir(lib.folder))] == [info.id]


def test_backup_while_a_writer_thread_adds_notes_passes_integrity_check(lib, tmp_path):
    fill(lib)
    stop = threading.Event()
    busy = threading.Event()  # 20 notes written: the writer is well under way
    written: list[int] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                lib.add_note("src:fiche-0", f"écrit pendant la sauvegarde {len(written)}")
                written.append(1)
                if len(written) == 20:
                    busy.set()
        except BaseException as exc:  # a write refused during a backup is a failure
            failures.append(exc)
            busy.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert busy.wait(60)  # the writer is busy before and during the backups
        # snapshot(): create_backup without retention, which would keep one of the five
        infos = [snapshot(lib.path, tmp_path / "b", "manual") for _ in range(5)]
    finally:
        stop.set()
        thread.join()
    assert failures == []
    for info in infos:
        conn = sqlite3.connect(info.path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # a consistent snapshot: the count recorded is the count of rows in the file
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == info.notes
        conn.close()
    assert infos[-1].notes >= 4 + 20


def test_retention_keeps_7_daily_and_4_weekly_across_simulated_days(lib):
    fill(lib)
    for day in range(60):  # 2026-01-01 (Thursday) to 2026-03-01 (Sunday)
        lib.set_setting("counter", day)  # one change a day
        assert maybe_backup(lib, now=at(day, 9)) is not None
        assert maybe_backup(lib, now=at(day, 18)) is None  # at most once a day
    kept = [b.created_at[:10] for b in list_backups(backups_dir(lib.folder))]
    last_week = [f"2026-02-{d}" for d in range(23, 29)] + ["2026-03-01"]
    # the newest of each of the 4 ISO weeks (Sundays), and each of the 7 last days
    assert kept == ["2026-02-08", "2026-02-15", "2026-02-22", *last_week]


def test_retention_is_configurable_and_nothing_is_taken_without_a_change(lib):
    fill(lib)
    lib.set_setting("backup_keep_daily", 4)
    lib.set_setting("backup_keep_weekly", 0)
    for day in range(10):
        lib.set_setting("counter", day)
        maybe_backup(lib, now=at(day))
    assert maybe_backup(lib, now=at(11)) is None  # no change since the last one
    kept = [b.created_at[:10] for b in list_backups(backups_dir(lib.folder))]
    assert kept == ["2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10"]


def test_an_empty_library_is_not_backed_up(lib):
    assert maybe_backup(lib, now=at(0)) is None
    assert list_backups(backups_dir(lib.folder)) == []


KILLER = """
import sys, time
from pathlib import Path
from rtes_desktop.core import backup

def stall(*args, **kw):
    print("STALLED", flush=True)
    time.sleep(600)

setattr(backup, sys.argv[3], stall)
backup.snapshot(Path(sys.argv[1]), Path(sys.argv[2]), "manual")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("where", ["_counts", "_fsync_file"])  # mid-write; written, not renamed
def test_sigkill_during_a_backup_leaves_nothing_that_is_offered(lib, tmp_path, where):
    fill(lib, notes=50)
    good = snapshot(lib.path, backups_dir(lib.folder), "auto", at(0))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(lib.path), str(backups_dir(lib.folder)), where],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "STALLED"
    child.send_signal(signal.SIGKILL)
    child.wait()

    leftovers = [p.name for p in backups_dir(lib.folder).iterdir()]
    assert any(name.startswith(".partial-") for name in leftovers)  # killed mid-way
    assert [b.id for b in list_backups(backups_dir(lib.folder))] == [good.id]
    assert create_backup(lib, "manual").info.notes == 51  # the next one works


def test_second_folder_gets_a_copy_and_a_missing_one_is_a_warning(lib, tmp_path):
    fill(lib)
    second = tmp_path / "lecteur-réseau"
    lib.set_setting("backup_second_dir", str(second))
    result = create_backup(lib, "manual")
    assert len(result.warnings) == 1 and str(second) in result.warnings[0]
    assert list_backups(backups_dir(lib.folder))  # the backup itself was taken

    second.mkdir()
    result = create_backup(lib, "manual")
    assert result.warnings == []
    assert [b.id for b in list_backups(second)] == [result.info.id]


def test_machine_configuration_presets_the_second_folder(lib, tmp_path, monkeypatch):
    from rtes_desktop.core.backup import second_backup_dir

    config = tmp_path / "rtes-desktop.toml"
    config.write_text('backup_dir = "$HOME/sauvegardes-rtes"\n', encoding="utf-8")
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(config))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert second_backup_dir(lib) == tmp_path / "sauvegardes-rtes"
    lib.set_setting("backup_second_dir", str(tmp_path / "mon-choix"))
    assert second_backup_dir(lib) == tmp_path / "mon-choix"  # the user's choice wins


def test_a_migration_is_preceded_by_a_backup(data_dir, monkeypatch):
    lib = Library.open(data_dir)
    fill(lib)
    lib.close()

    def m_test(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE test_migration (x)")

    before = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m_test])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    lib = Library.open(data_dir)
    try:
        [backup] = list_backups(backups_dir(data_dir))
        assert (backup.reason, backup.notes, backup.schema_version) == ("migration", 4, before)
        assert lib.schema_version == before + 1
    finally:
        lib.close()
