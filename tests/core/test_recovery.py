"""Restore (undoable, entries never restored) and recovery of a damaged library at open."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from rtes_desktop.core.backup import backups_dir, create_backup, list_backups
from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.recovery import open_or_recover, preview_backup, restore_backup
from tests.core.test_backup import entry, fill


def personal(lib: Library) -> dict[str, object]:
    """The user's data as plain values (ids aside), to compare two libraries."""
    return {
        "notes": sorted(
            (n.source_id or "", n.entry_id or "", n.title, n.body) for n in lib.notes()
        ),
        "tags": sorted((tag, key) for key, names in lib.tagged_keys().items() for tag in names),
        "sessions": [
            (c.name, [(i.source_id, i.entry_id, i.comment) for i in lib.session_items(c.id)])
            for c in lib.sessions()
        ],
        "theme": lib.get_setting("ui_theme"),
    }


def test_restore_is_undoable_and_never_touches_entries(lib):
    fill(lib)
    before = personal(lib)
    backup = create_backup(lib, "manual").info
    lib.add_note("src:fiche-3", "écrite après la sauvegarde")
    lib.remove_tag("src:fiche-1", "commande publique")
    lib.write_entry(entry("fiche-9"))
    after = personal(lib)

    result = restore_backup(lib, backup.id)

    assert personal(lib) == before
    assert lib.count_entries() == 6  # the entry synced since is still there
    assert result.undo is not None
    restore_backup(lib, result.undo.info.id)  # the restore itself undone
    assert personal(lib) == after


def test_restored_data_waits_for_its_entries(data_dir, tmp_path):
    lib = Library.open(data_dir)
    fill(lib)
    backup = create_backup(lib, "manual").info
    lib.close()
    other = Library.open(tmp_path / "neuf")  # a library without any entry yet
    try:
        restore_backup(other, str(backup.path))  # a backup file, given by its path
        assert len(other.notes()) == 4 and other.count_entries() == 0
        other.write_entry(entry("fiche-1"))  # the next sync brings the entry
        assert [n.body for n in other.notes("src:fiche-1")] == [
            "Note 1 : à relire avant la commission"
        ]
        assert other.entry_tags("src:fiche-1") == ["commande publique"]
        assert other.source("src").url == "https://exemple.org/export/"
    finally:
        other.close()


def test_unknown_or_foreign_backup_is_refused_and_nothing_changes(lib, tmp_path):
    fill(lib)
    before = personal(lib)
    with pytest.raises(NotFound):
        restore_backup(lib, "20990101T000000Z-manual")
    foreign = tmp_path / "autre.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.close()
    with pytest.raises(BadInput, match="autre.sqlite"):
        restore_backup(lib, str(foreign))
    assert personal(lib) == before
    assert list_backups(backups_dir(lib.folder)) == []


def overwrite_middle(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    start = (len(data) // page // 2) * page
    data[start : start + 3 * page] = random.Random(1).randbytes(3 * page)
    db.write_bytes(bytes(data))


def truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])


def random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(2).randbytes(db.stat().st_size))


def delete(db: Path) -> None:
    db.unlink()


@pytest.mark.parametrize("damage", [overwrite_middle, truncate, random_bytes, delete])
def test_damaged_library_is_set_aside_and_rebuilt_from_the_newest_backup(data_dir, damage):
    lib = Library.open(data_dir)
    fill(lib, notes=40)
    for i in range(300):  # enough pages that the middle of the file is real data
        lib.write_entry(entry(f"autre-{i}"))
    create_backup(lib, "auto")
    expected = personal(lib)
    lib.close()
    db = data_dir / "library.db"
    damage(db)
    damaged_bytes = db.read_bytes() if db.exists() else None

    recovered, message = open_or_recover(data_dir)
    try:
        assert message is not None and "sauvegarde du" in message
        assert personal(recovered) == expected
        assert recovered.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        aside = list(data_dir.glob("library.db.damaged-*"))
        if damaged_bytes is None:
            assert "absente" in message and aside == []
        else:
            assert [p.name for p in aside] == [aside[0].name] and aside[0].name in message
            assert aside[0].read_bytes() == damaged_bytes  # kept as it was
    finally:
        recovered.close()
    again, message = open_or_recover(data_dir)  # the next start is a normal one
    again.close()
    assert message is None


def test_damaged_library_without_backup_starts_empty_and_says_so(data_dir):
    Library.open(data_dir).close()
    (data_dir / "library.db").write_bytes(b"pas une base" * 100)
    lib, message = open_or_recover(data_dir)
    lib.close()
    assert message is not None and "faute de sauvegarde" in message


def test_library_from_a_newer_version_is_refused_untouched(data_dir):
    lib = Library.open(data_dir)
    fill(lib)
    create_backup(lib, "auto")
    lib.conn.execute("PRAGMA user_version = 99")
    lib.close()
    db = data_dir / "library.db"
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    with pytest.raises(RtesError, match="plus récente"):
        open_or_recover(data_dir)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in data_dir.iterdir()) == ["backups", "library.db"]


def test_preview_reads_a_backup_without_changing_it(lib):
    lib.add_note(None, "\n  Tour de table des élus\nPuis les chiffres", title="Accueil")
    lib.add_note(None, "Sans titre, une seule ligne")
    info = create_backup(lib, "manual").info
    before = hashlib.sha256(info.path.read_bytes()).hexdigest()
    preview = preview_backup(info, limit=1)
    assert len(preview.notes) == 1 and info.notes == 2  # the limit, the total apart
    both = preview_backup(info)
    assert sorted(both.notes) == [
        ("", "Sans titre, une seule ligne"),
        ("Accueil", "Tour de table des élus"),
    ]
    assert (both.tags, both.sessions) == ([], [])
    assert hashlib.sha256(info.path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]
    info.path.write_bytes(b"pas une base")
    with pytest.raises(BadInput, match=info.path.name):
        preview_backup(info)
