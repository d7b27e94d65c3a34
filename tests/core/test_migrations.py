"""Schema migrations: from nothing, from each shipped schema, never half-way."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rtes_desktop.core import migrations
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_migrate_from_empty_database(data_dir):
    lib = Library.open(data_dir)
    assert lib.schema_version == migrations.SCHEMA_VERSION
    tables = set(lib.db.table_names())
    for table in (
        "sources",
        "kinds",
        "themes",
        "entries",
        "attachments",
        "related",
        "tags",
        "entry_tags",
        "notes",
        "collections",
        "collection_items",
        "settings",
        "trusted_keys",
        "search_journal",
    ):
        assert table in tables
    uuid = lib.db_uuid
    lib.close()
    # Opening again applies nothing and keeps the database's identity.
    again = Library.open(data_dir)
    assert again.db_uuid == uuid
    again.close()


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("library-v*.db")))
def test_upgrade_keeps_personal_data(fixture, data_dir):
    shutil.copy(FIXTURES / fixture, data_dir / "library.db")
    lib = Library.open(data_dir)
    assert lib.schema_version == migrations.SCHEMA_VERSION
    notes = {n.id: n for n in lib.notes()}
    assert (
        notes[1].body == "À présenter le 12 mars." and notes[1].entry_id == "points-repere-12-esus"
    )
    assert notes[2].entry_id is None
    assert lib.entry_tags("points-repere-12-esus") == ["formation élus"]
    assert [i.entry_id for i in lib.session_items(1)] == ["points-repere-12-esus"]
    assert lib.get_setting("ui_language") == "fr"
    assert lib.source("rtes").last_serial == 7
    lib.close()


def test_a_failing_migration_leaves_the_previous_version(data_dir, monkeypatch):
    lib = Library.open(data_dir)
    lib.add_note(None, "précieux")
    lib.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("panne au milieu de la migration")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with pytest.raises(RuntimeError):
        Library.open(data_dir)
    conn = sqlite3.connect(data_dir / "library.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchone()
    assert conn.execute("SELECT body FROM notes").fetchone()[0] == "précieux"
    conn.close()


def test_newer_schema_is_refused_clearly(data_dir):
    Library.open(data_dir).close()
    conn = sqlite3.connect(data_dir / "library.db")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(RtesError, match="mettez l'application à jour"):
        Library.open(data_dir)
