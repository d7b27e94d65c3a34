"""The library store: entries, notes, tags, sessions, settings, on real SQLite."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from rtes_desktop.core import settings
from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Attachment, Entry


def make_entry(entry_id: str, source: str = "src", **kw) -> Entry:
    base = dict(
        source_id=source,
        id=entry_id,
        kind="fiche",
        title=f"Titre {entry_id}",
        body="Corps de la fiche, avec des accents : é à ç œ.",
        published_at="2024-05-01",
        updated_at="2024-05-01T10:00:00Z",
        sha256=("0" * 63) + "1",
        themes=["sieg"],
    )
    base.update(kw)
    return Entry(**base)


@pytest.fixture
def src_lib(lib):
    lib.save_source("src", "Source de test", url="https://example.org/export")
    lib.replace_vocabulary(
        "src",
        [{"id": "fiche", "label": "Fiche"}],
        [{"id": "sieg", "label": "SIEG", "description": "Services d'intérêt économique général"}],
    )
    return lib


def test_open_sets_wal_and_foreign_keys(lib):
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_entry_round_trip_with_everything(src_lib):
    entry = make_entry(
        "points-repere-12-esus",
        summary="Résumé",
        region="Bretagne",
        authors=["RTES", "Élodie Œuvrard"],
        related=["autre"],
        attachments=[Attachment("fiche.pdf", "application/pdf", "a" * 64, 1234)],
    )
    assert src_lib.write_entry(entry) is True
    got = src_lib.get_entry("points-repere-12-esus")
    assert got == entry
    assert src_lib.get_entry("src:points-repere-12-esus").key == "src:points-repere-12-esus"
    # Writing it again is an update, not a new entry.
    assert src_lib.write_entry(make_entry("points-repere-12-esus", title="Nouveau titre")) is False
    assert src_lib.get_entry("points-repere-12-esus").title == "Nouveau titre"
    assert src_lib.get_entry("points-repere-12-esus").attachments == []


def test_ambiguous_and_unknown_ids(src_lib):
    src_lib.save_source("autre", "Autre source")
    src_lib.write_entry(make_entry("meme-id"))
    src_lib.write_entry(make_entry("meme-id", source="autre"))
    with pytest.raises(BadInput, match="plusieurs sources"):
        src_lib.get_entry("meme-id")
    assert src_lib.get_entry("autre:meme-id").source_id == "autre"
    with pytest.raises(NotFound, match="aucune entrée « inconnu »"):
        src_lib.get_entry("inconnu")
    with pytest.raises(BadInput):
        src_lib.get_entry("   ")


def test_notes_round_trip_unicode_and_long_text(src_lib):
    src_lib.write_entry(make_entry("e1"))
    long_text = ("Note très longue — « guillemets », emoji 🌱, 中文, ligne\n" * 5000).strip()
    note = src_lib.add_note("e1", long_text, title="Séance du 12 mars")
    assert src_lib.note(note.id).body == long_text
    assert note.entry_sha256 == make_entry("e1").sha256
    updated = src_lib.update_note(note.id, "Texte révisé")
    assert updated.body == "Texte révisé" and updated.title == "Séance du 12 mars"
    free = src_lib.add_note(None, "Idée libre pour la formation")
    assert free.entry_key is None
    assert [n.id for n in src_lib.notes(free_only=True)] == [free.id]
    assert [n.id for n in src_lib.notes("e1")] == [note.id]


def test_note_control_characters_are_dropped_and_too_long_refused(src_lib):
    src_lib.write_entry(make_entry("e1"))
    note = src_lib.add_note("e1", "a\x00b\x07c\r\nd")
    assert note.body == "abc\nd"
    with pytest.raises(BadInput, match="trop long"):
        src_lib.add_note("e1", "x" * 1_000_001)


def test_delete_note_and_undo(src_lib):
    src_lib.write_entry(make_entry("e1"))
    note = src_lib.add_note("e1", "à garder")
    gone = src_lib.delete_note(note.id)
    assert src_lib.notes("e1") == []
    src_lib.restore_note(gone)
    assert src_lib.notes("e1") == [note]


def test_tags_add_remove_rename_merge(src_lib):
    for i in (1, 2, 3):
        src_lib.write_entry(make_entry(f"e{i}"))
    assert src_lib.add_tag("e1", "  formation   mars ") is True
    assert src_lib.add_tag("e1", "Formation Mars") is False  # same tag, case-insensitive
    src_lib.add_tag("e2", "à relire")
    src_lib.add_tag("e3", "formation mars")
    assert {t.name: t.count for t in src_lib.tags()} == {"à relire": 1, "formation mars": 2}
    src_lib.rename_tag("formation mars", "à relire")  # merge
    assert {t.name: t.count for t in src_lib.tags()} == {"à relire": 3}
    assert [e.id for e in src_lib.entries(tag="à relire", order="title")] == ["e1", "e2", "e3"]
    src_lib.remove_tag("e1", "À RELIRE")
    assert src_lib.entry_tags("e1") == []
    with pytest.raises(NotFound, match="n'a pas le tag"):
        src_lib.remove_tag("e1", "à relire")
    with pytest.raises(BadInput):
        src_lib.add_tag("e1", "   ")
    with pytest.raises(BadInput):
        src_lib.add_tag("e1", "x" * 81)


def test_tags_equal_after_nfc_are_one_tag(src_lib):
    """Issue 9 item 18: « é » typed precomposed or as e + combining accent."""
    for i in (1, 2):
        src_lib.write_entry(make_entry(f"e{i}"))
    composed, decomposed = "\u00e9conomie", "e\u0301conomie"
    assert src_lib.add_tag("e1", composed) is True
    assert src_lib.add_tag("e1", decomposed) is False
    src_lib.add_tag("e2", decomposed)
    assert {t.name: t.count for t in src_lib.tags()} == {composed: 2}
    # A tag stored before normalization (written straight to SQLite) merges too.
    src_lib.conn.execute("UPDATE tags SET name=?", (decomposed.upper(),))
    assert src_lib.add_tag("e1", composed) is False
    assert [t.count for t in src_lib.tags()] == [2]


@pytest.mark.parametrize(
    "tag", ["for\u200bmation", "\u202eformation", "form\u2066ation", "\ufeffx", "a\u00adb", "x\x9b"]
)
def test_tags_with_invisible_or_bidi_characters_are_refused(src_lib, tag):
    src_lib.write_entry(make_entry("e1"))
    with pytest.raises(BadInput) as err:
        src_lib.add_tag("e1", tag)
    assert "U+" in str(err.value)
    with pytest.raises(BadInput):
        src_lib.rename_tag("x", tag)
    assert src_lib.tags() == []


def test_withdrawal_keeps_entries_the_user_refers_to(src_lib):
    for i in (1, 2, 3, 4):
        src_lib.write_entry(make_entry(f"e{i}"))
    src_lib.add_note("e1", "ma note")
    src_lib.add_tag("e2", "important")
    coll = src_lib.create_session("Session de formation")
    src_lib.add_to_session(coll.id, ref="e3")
    gone = src_lib.withdraw_missing("src", set())
    assert sorted(gone) == ["e1", "e2", "e3", "e4"]
    kept = {e.id: e.withdrawn_at for e in src_lib.entries()}
    assert set(kept) == {"e1", "e2", "e3"} and all(kept.values())
    # Personal data untouched.
    assert src_lib.notes("e1")[0].body == "ma note"
    assert src_lib.entry_tags("e2") == ["important"]
    # A republished entry is live again.
    src_lib.write_entry(make_entry("e1"))
    assert src_lib.get_entry("e1").withdrawn_at is None


def test_transaction_is_all_or_nothing(src_lib):
    src_lib.add_note(None, "note libre")
    with pytest.raises(RuntimeError), src_lib.transaction():
        src_lib.write_entry(make_entry("e1"))
        src_lib.write_entry(make_entry("e2"))
        raise RuntimeError("coupure au milieu")
    assert src_lib.entries() == []
    assert len(src_lib.notes()) == 1


def test_note_and_tag_markers_for_a_page_of_keys(src_lib):
    for i in range(4):
        src_lib.write_entry(make_entry(f"e{i}"))
    src_lib.add_note("src:e0", "une")
    src_lib.add_note("src:e0", "deux")
    src_lib.add_note("src:e2", "trois")
    src_lib.add_tag("src:e0", "Financement")
    src_lib.add_tag("src:e3", "Élus")
    page = {("src", "e0"), ("src", "e1")}
    assert src_lib.note_counts(page) == {("src", "e0"): 2}
    assert src_lib.tagged_keys(page) == {("src", "e0"): ["Financement"]}
    assert src_lib.note_counts(set()) == {} and src_lib.tagged_keys(set()) == {}
    # Without keys: the whole library, as before.
    assert src_lib.note_counts() == {("src", "e0"): 2, ("src", "e2"): 1}
    assert src_lib.tagged_keys() == {("src", "e0"): ["Financement"], ("src", "e3"): ["Élus"]}
    # More keys than SQL is given: the same answer, narrowed after the query.
    many = {("src", f"x{i}") for i in range(500)} | {("src", "e2")}
    assert src_lib.note_counts(many) == {("src", "e2"): 1}
    assert src_lib.tagged_keys(many) == {}


def test_sessions_ordered_items(src_lib):
    for i in (1, 2, 3):
        src_lib.write_entry(make_entry(f"e{i}"))
    note = src_lib.add_note(None, "plan de la séance")
    coll = src_lib.create_session("Formation élus", "Session du 12 mars")
    items = [src_lib.add_to_session(coll.id, ref=f"e{i}") for i in (1, 2, 3)]
    src_lib.add_to_session(coll.id, note_id=note.id, comment="introduction")
    src_lib.move_session_item(items[2].id, 0)
    order = [(i.entry_id, i.note_id) for i in src_lib.session_items(coll.id)]
    assert order == [("e3", None), ("e1", None), ("e2", None), (None, note.id)]
    src_lib.remove_session_item(items[0].id)
    assert [i.position for i in src_lib.session_items(coll.id)] == [0, 1, 2]
    with pytest.raises(BadInput):
        src_lib.create_session("  ")


def test_settings_round_trip(lib):
    assert lib.get_setting("absent", 42) == 42
    lib.set_setting("ui_language", "fr")
    lib.set_setting("fenetre", {"largeur": 1200, "requête": "filière"})
    assert lib.get_setting("fenetre") == {"largeur": 1200, "requête": "filière"}


def test_typed_settings_have_one_key_a_type_and_a_default(lib):
    # Unset: the key's own default; set: the stored value, under the same raw key.
    assert lib.get_setting(settings.ATTACHMENTS_MAX_AUTO) == 50 * 1024 * 1024
    lib.set_setting(settings.ATTACHMENTS_MAX_AUTO, 1000)
    assert lib.get_setting(settings.ATTACHMENTS_MAX_AUTO) == 1000
    assert lib.get_setting("attachments_max_auto_bytes") == 1000
    # A value of the wrong type is refused on write, and read as the default.
    with pytest.raises(TypeError):
        lib.set_setting(settings.DEMO_REMOVED, "oui")
    with pytest.raises(TypeError):
        lib.set_setting(settings.ATTACHMENTS_MAX_AUTO, True)
    lib.set_setting("ui_theme", 3)  # an old or hand-edited database
    assert lib.get_setting(settings.UI_THEME) == "system"


def test_search_journal_and_documents(src_lib):
    head0 = src_lib.journal_head()
    src_lib.write_entry(make_entry("e1"))
    src_lib.add_note("e1", "gisement de biodéchets")
    src_lib.add_tag("e1", "à relire")
    head, changed = src_lib.journal_since(head0)
    assert changed == {("src", "e1")} and head > head0
    (doc,) = list(src_lib.search_documents([("src", "e1")]))
    assert doc["notes"] == "gisement de biodéchets"
    assert doc["tags"] == ["à relire"]
    assert "Services d'intérêt économique général" in doc["theme_text"]
    assert doc["year"] == "2024"


def test_one_writer_at_a_time_across_threads(src_lib):
    src_lib.write_entry(make_entry("e1"))
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                src_lib.add_note("e1", f"note {n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(src_lib.notes("e1")) == 80


def test_corrupt_database_gives_a_clear_error(data_dir):
    (data_dir / "library.db").write_bytes(b"ceci n'est pas une base SQLite" * 100)
    from rtes_desktop.core.errors import RtesError

    with pytest.raises(RtesError, match="illisible"):
        Library.open(data_dir)


def test_sqlite_is_the_file_on_disk(lib, data_dir):
    lib.set_setting("x", 1)
    conn = sqlite3.connect(data_dir / "library.db")
    assert conn.execute("SELECT value FROM settings WHERE key='x'").fetchone()[0] == "1"
    conn.close()
