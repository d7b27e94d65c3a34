"""Sessions: rename, comments, remove and undo, sizes and
membership, on real SQLite."""

from __future__ import annotations

import pytest

from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.models import Entry


def _entry(entry_id: str, title: str) -> Entry:
    return Entry(
        source_id="src",
        id=entry_id,
        kind="fiche",
        title=title,
        body="Corps.",
        published_at="2024-06-10",
        updated_at="2024-06-10T10:00:00Z",
        sha256="0" * 64,
    )


@pytest.fixture
def session_lib(lib):
    lib.save_source("src", "Source de test")
    lib.replace_vocabulary("src", [{"id": "fiche", "label": "Fiche"}], [])
    for i, title in enumerate(["Agrément ESUS", "Commande publique", "SCIC"], start=1):
        lib.write_entry(_entry(f"e{i}", title))
    return lib


def test_rename_a_session(session_lib):
    coll = session_lib.create_session("Formation")
    renamed = session_lib.rename_session(coll.id, "  Formation élus 2026 ")
    assert renamed.name == "Formation élus 2026"
    assert [c.name for c in session_lib.sessions()] == ["Formation élus 2026"]
    with pytest.raises(BadInput):
        session_lib.rename_session(coll.id, "   ")
    with pytest.raises(NotFound):
        session_lib.rename_session(coll.id + 99, "Autre")
    assert session_lib.session(coll.id).name == "Formation élus 2026"


def test_comment_on_an_item_is_replaced_and_cleared(session_lib):
    coll = session_lib.create_session("Session")
    item = session_lib.add_to_session(coll.id, ref="e1")
    assert item.comment == ""
    changed = session_lib.set_session_item_comment(item.id, " À présenter en ouverture\n")
    assert changed.comment == "À présenter en ouverture"
    assert session_lib.session_items(coll.id)[0].comment == "À présenter en ouverture"
    assert session_lib.set_session_item_comment(item.id, "").comment == ""
    with pytest.raises(NotFound):
        session_lib.set_session_item_comment(item.id + 99, "x")
    with pytest.raises(BadInput):
        session_lib.set_session_item_comment(item.id, "x" * 10_001)


def test_removed_item_comes_back_at_its_place_with_its_comment(session_lib):
    coll = session_lib.create_session("Session")
    items = [session_lib.add_to_session(coll.id, ref=f"e{i}") for i in (1, 2, 3)]
    session_lib.set_session_item_comment(items[1].id, "le cœur de la séance")
    removed = session_lib.remove_session_item(items[1].id)
    assert removed.entry_id == "e2" and removed.comment == "le cœur de la séance"
    left = session_lib.session_items(coll.id)
    assert [(i.entry_id, i.position) for i in left] == [("e1", 0), ("e3", 1)]
    back = session_lib.restore_session_item(removed)
    now = session_lib.session_items(coll.id)
    assert [(i.entry_id, i.position) for i in now] == [("e1", 0), ("e2", 1), ("e3", 2)]
    assert now[1].id == back.id and back.comment == "le cœur de la séance"


def test_restore_refuses_when_the_session_or_note_is_gone(session_lib):
    coll = session_lib.create_session("Session")
    note = session_lib.add_note(None, "plan")
    item = session_lib.add_to_session(coll.id, note_id=note.id)
    removed = session_lib.remove_session_item(item.id)
    session_lib.delete_note(note.id)
    with pytest.raises(NotFound):
        session_lib.restore_session_item(removed)
    entry_item = session_lib.remove_session_item(session_lib.add_to_session(coll.id, ref="e1").id)
    session_lib.delete_session(coll.id)
    with pytest.raises(NotFound):
        session_lib.restore_session_item(entry_item)


def test_sizes_and_sessions_holding_an_entry(session_lib):
    a = session_lib.create_session("Atelier CRESS")
    b = session_lib.create_session("Formation élus")
    session_lib.create_session("Vide")
    session_lib.add_to_session(a.id, ref="e1")
    session_lib.add_to_session(b.id, ref="e1")
    session_lib.add_to_session(b.id, ref="src:e2")
    assert session_lib.session_sizes() == {a.id: 1, b.id: 2}
    assert [c.name for c in session_lib.sessions_with("e1")] == [
        "Atelier CRESS",
        "Formation élus",
    ]
    assert [c.name for c in session_lib.sessions_with("src:e2")] == ["Formation élus"]
    assert session_lib.sessions_with("e3") == []
    with pytest.raises(NotFound):
        session_lib.sessions_with("absente")


def test_a_deleted_note_leaves_an_empty_item_that_can_be_removed(session_lib):
    coll = session_lib.create_session("Session")
    note = session_lib.add_note(None, "plan")
    item = session_lib.add_to_session(coll.id, note_id=note.id)
    session_lib.delete_note(note.id)
    (left,) = session_lib.session_items(coll.id)
    assert left.id == item.id and left.note_id is None and left.entry_id is None
    session_lib.remove_session_item(item.id)
    assert session_lib.session_items(coll.id) == []
