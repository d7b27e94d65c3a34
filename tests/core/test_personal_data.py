"""Personal export/import: a round trip to a new data folder, idempotence, edits made
on both sides kept, the preview, and bad files refused with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.backup import backups_dir, fingerprint, list_backups
from rtes_desktop.core.demo import load_demo
from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.library import Library
from rtes_desktop.core.personal_data import (
    FORMAT,
    MAX_IMPORT_BYTES,
    export_personal,
    import_personal,
)


def as_data(lib: Library) -> dict[str, object]:
    """Notes, tags and sessions as values: equal across libraries whatever the ids."""
    notes = {n.id: n for n in lib.notes()}
    return {
        "notes": sorted(
            (n.entry_key or "", n.title, n.body, n.created_at, n.updated_at) for n in notes.values()
        ),
        "tags": sorted((tag, key) for key, names in lib.tagged_keys().items() for tag in names),
        "sessions": sorted(
            (
                c.name,
                c.created_at,
                tuple(
                    (
                        i.source_id,
                        i.entry_id,
                        notes[i.note_id].body if i.note_id else None,
                        i.comment,
                    )
                    for i in lib.session_items(c.id)
                ),
            )
            for c in lib.sessions()
        ),
    }


@pytest.fixture
def annotated(demo_lib):
    lib = demo_lib
    lib.add_note("reperess-9-filieres", "Filières : à présenter aux élus — 12 mars")
    lib.add_note("points-repere-12-esus", "Agrément ESUS : voir la DREETS", title="ESUS")
    free = lib.add_note(None, "Idées pour la formation d'avril")
    lib.add_tag("reperess-9-filieres", "formation")
    lib.add_tag("points-repere-12-esus", "formation")
    lib.add_tag("points-repere-12-esus", "Agrément")
    session = lib.create_session("Formation des élus", "avril")
    lib.add_to_session(session.id, ref="reperess-9-filieres", comment="commencer par elle")
    lib.add_to_session(session.id, note_id=free.id)
    lib.set_setting("ui_theme", "dark")
    lib.set_setting("sync_token", "secret-à-ne-pas-exporter")
    return lib


@pytest.fixture
def fresh(tmp_path):
    """Another data folder (a new PC) that synced the same export."""
    lib = Library.open(tmp_path / "nouveau-pc")
    load_demo(lib)
    yield lib
    lib.close()


def test_round_trip_to_a_new_computer_then_import_again_changes_nothing(annotated, fresh, tmp_path):
    out = tmp_path / "mes-données.json"
    counts = export_personal(annotated, out)
    assert counts == {"notes": 3, "tags": 2, "sessions": 1}
    assert "secret-à-ne-pas-exporter" not in out.read_text(encoding="utf-8")

    report = import_personal(fresh, out)

    assert as_data(fresh) == as_data(annotated)
    assert (report.notes, report.tags, report.tag_links, report.sessions) == (3, 2, 3, 1)
    assert fresh.get_setting("ui_theme") == "dark" and fresh.get_setting("sync_token") is None
    # the merged notes are searchable data of their entries
    assert fresh.notes("reperess-9-filieres")[0].body.startswith("Filières")
    before = fingerprint(fresh.conn)
    again = import_personal(fresh, out)
    assert again.empty and fingerprint(fresh.conn) == before
    assert as_data(fresh) == as_data(annotated)


def test_note_edited_on_both_sides_is_kept_twice_newer_first(annotated, fresh, tmp_path):
    out = tmp_path / "mes-données.json"
    export_personal(annotated, out)
    import_personal(fresh, out)
    [mine] = annotated.notes("reperess-9-filieres")
    [theirs] = fresh.notes("reperess-9-filieres")
    # edited on the old PC, then later on the new one
    annotated.conn.execute(
        "UPDATE notes SET body='version du premier PC', updated_at='2030-01-01T10:00:00Z' "
        "WHERE id=?",
        (mine.id,),
    )
    fresh.conn.execute(
        "UPDATE notes SET body='version du second PC', updated_at='2030-01-02T10:00:00Z' "
        "WHERE id=?",
        (theirs.id,),
    )
    export_personal(annotated, out)

    report = import_personal(fresh, out)
    assert (report.notes, report.conflicts) == (1, 1)
    assert [n.body for n in fresh.notes("reperess-9-filieres")] == [
        "version du second PC",
        "version du premier PC",
    ]
    # and the other way round: the imported text is the newer one
    export_personal(fresh, out)
    import_personal(annotated, out)
    assert [n.body for n in annotated.notes("reperess-9-filieres")] == [
        "version du second PC",
        "version du premier PC",
    ]
    assert import_personal(fresh, out).empty


def test_preview_says_what_will_be_added_and_changes_nothing(annotated, fresh, tmp_path):
    out = tmp_path / "mes-données.json"
    export_personal(annotated, out)
    before = fingerprint(fresh.conn)

    preview = import_personal(fresh, out, dry_run=True)

    assert fingerprint(fresh.conn) == before
    assert list_backups(backups_dir(fresh.folder)) == []
    assert import_personal(fresh, out) == preview
    [backup] = list_backups(backups_dir(fresh.folder))  # taken before the real import
    assert backup.reason == "import"


def test_import_into_a_library_without_the_entries_waits_for_them(annotated, tmp_path):
    out = tmp_path / "mes-données.json"
    export_personal(annotated, out)
    empty = Library.open(tmp_path / "vide")
    try:
        import_personal(empty, out)
        assert len(empty.notes()) == 3 and empty.count_entries() == 0
        load_demo(empty)
        assert as_data(empty) == as_data(annotated)
    finally:
        empty.close()


def valid_export(tmp_path: Path, annotated: Library) -> bytes:
    out = tmp_path / "valide.json"
    export_personal(annotated, out)
    return out.read_bytes()


def bad_files(raw: bytes) -> dict[str, bytes]:
    data = json.loads(raw)
    newer = {**data, "version": 2}
    wrong_type = {**data, "notes": [{**data["notes"][0], "body": 12}]}
    bad_item = {
        **data,
        "sessions": [{**data["sessions"][0], "items": [{"type": "note", "note": 99}]}],
    }
    return {
        "tronqué.json": raw[: len(raw) // 2],
        "étranger.json": json.dumps({"format": "zotero", "items": []}).encode(),
        "plus-récent.json": json.dumps(newer).encode(),
        "note-invalide.json": json.dumps(wrong_type).encode(),
        "session-invalide.json": json.dumps(bad_item).encode(),
        "binaire.json": b"\xff\xfe\x00garbage",
        "liste.json": b"[1, 2, 3]",
    }


def test_bad_files_are_refused_in_one_sentence_and_nothing_changes(annotated, fresh, tmp_path):
    raw = valid_export(tmp_path, annotated)
    before = fingerprint(fresh.conn)
    messages = {}
    for name, content in bad_files(raw).items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(BadInput) as caught:
            import_personal(fresh, path)
        messages[name] = message = str(caught.value)
        assert message.startswith(str(path)) and "\n" not in message, message
        assert fingerprint(fresh.conn) == before
    assert list_backups(backups_dir(fresh.folder)) == []
    assert "plus récent" in messages["plus-récent.json"]
    assert "tronqué" in messages["tronqué.json"]


def test_an_oversized_file_is_refused_before_being_read(fresh, tmp_path):
    huge = tmp_path / "énorme.json"
    with open(huge, "wb") as fh:  # sparse: nothing is written, the size is what counts
        fh.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(BadInput, match="trop gros"):
        import_personal(fresh, huge)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_files_are_refused_or_merged_never_half_applied(annotated, fresh, tmp_path, data):
    raw = valid_export(tmp_path, annotated)
    position = data.draw(st.integers(0, len(raw) - 1))
    replacement = data.draw(st.binary(min_size=0, max_size=8))
    cut = data.draw(st.booleans())
    mutated = raw[:position] + replacement + (b"" if cut else raw[position + len(replacement) :])
    path = tmp_path / "muté.json"
    path.write_bytes(mutated)
    before = fingerprint(fresh.conn)
    try:
        import_personal(fresh, path)
    except BadInput as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        assert fingerprint(fresh.conn) == before
    else:  # the mutation left a valid file (in a string, say): it merged
        assert json.loads(mutated.decode("utf-8"))["format"] == FORMAT


def test_notes_written_in_the_same_second_are_not_taken_for_a_conflict(lib, tmp_path):
    # Two free notes (and two on one entry) created within one second share
    # (source, entry, created_at): within one file they are two notes, not one
    # edited twice, and the preview must not say « modifiée des deux côtés ».
    stamp = "2026-11-28T09:30:00Z"
    for title in ("Tour de table", "Supports"):
        lib.add_note(None, f"{title} : à préparer", title=title)
    lib.conn.execute("UPDATE notes SET created_at = ?, updated_at = ?", (stamp, stamp))
    out = tmp_path / "mes-données.json"
    export_personal(lib, out)
    other = Library.open(tmp_path / "new-pc")
    try:
        report = import_personal(other, out, dry_run=True)
        assert (report.notes, report.conflicts) == (2, 0)
        import_personal(other, out)
        assert sorted(n.title for n in other.notes()) == ["Supports", "Tour de table"]
        assert import_personal(other, out).empty
    finally:
        other.close()
