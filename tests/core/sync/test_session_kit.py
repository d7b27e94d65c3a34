"""The shareable session kit: shared from one library, imported into a fresh one,
placeholders that reattach after a real sync, idempotent import, bad kits refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.library import Library
from rtes_desktop.core.session_kit import MAX_KIT_BYTES, import_kit, share_session
from rtes_desktop.core.session_view import add_entry, add_free_note, session_rows
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.signing import key_id_of, public_pem


def snapshot_of(lib: Library) -> list[str]:
    """Every row of every table: equal snapshots mean an unchanged library."""
    return list(lib.conn.iterdump())


def _trusting(folder: Path, signer) -> Library:
    lib = Library.open(folder)
    lib.add_trusted_key(key_id_of(signer.public_key()), public_pem(signer.public_key()), "test")
    return lib


@pytest.fixture
def shared(tmp_path, trusting_lib, builder, make_builder):
    """Library A synced from two sources; a session mixing both, with comments and a
    free note, shared as a kit (comments included)."""
    other = make_builder("other", source_id="autre")
    other.entry("guide-x", kind="guide", title="Guide X", source_url="https://example.org/x")
    builder.write()
    other.write()
    sync_source(trusting_lib, str(builder.root))
    sync_source(trusting_lib, str(other.root))
    lib = trusting_lib
    session = lib.create_session("Atelier SIEG", "Une matinée")
    add_entry(lib, session.id, "src:fiche-2", "Commencer par celle-ci")
    add_entry(lib, session.id, "autre:guide-x", "Le guide, en second")
    add_free_note(lib, session.id, "Pause café à 10 h 30")
    add_entry(lib, session.id, "src:fiche-0")
    kit = share_session(lib, session.id, tmp_path / "atelier.rtes-session", with_comments=True)
    return kit, other


def test_kit_imported_into_fresh_library_with_placeholders_that_reattach(
    shared, tmp_path, builder, signer
):
    kit, other = shared
    b = _trusting(tmp_path / "b", signer)
    builder.write()
    sync_source(b, str(builder.root))  # B has the first source, not « autre »
    report = import_kit(b, kit)
    assert report.added and report.items == 4 and report.missing == 1 and report.notes == 1
    rows = session_rows(b, report.session_id)
    assert [(r.type, r.title) for r in rows] == [
        ("entry", "Fiche fiche-2"),
        ("entry", "Guide X"),
        ("note", "Pause café à 10 h 30"),
        ("entry", "Fiche fiche-0"),
    ]
    assert [r.comment for r in rows] == ["Commencer par celle-ci", "Le guide, en second", "", ""]
    assert rows[1].missing and rows[1].placeholder == (
        "absente de votre bibliothèque : synchronisez la source Source autre"
    )
    # A sync that brings the entry reattaches it, by itself.
    sync_source(b, str(other.root))
    rows = session_rows(b, report.session_id)
    assert not rows[1].missing and rows[1].entry is not None
    assert rows[1].entry.source_url == "https://example.org/x"
    b.close()


def test_importing_the_same_kit_twice_changes_nothing(shared, tmp_path, signer):
    kit, _ = shared
    b = _trusting(tmp_path / "b", signer)
    first = import_kit(b, kit)
    before = snapshot_of(b)
    again = import_kit(b, kit)
    assert not again.added and again.session_id == first.session_id
    assert snapshot_of(b) == before
    b.close()


def test_comments_travel_with_the_kit_unless_kept_private(trusting_lib, builder, tmp_path):
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    session = trusting_lib.create_session("S")
    add_entry(trusting_lib, session.id, "src:fiche-1", "remarque pour le collègue")
    shared = share_session(trusting_lib, session.id, tmp_path / "s.rtes-session")
    assert "remarque pour le collègue" in shared.read_text(encoding="utf-8")
    private = share_session(
        trusting_lib, session.id, tmp_path / "p.rtes-session", with_comments=False
    )
    assert "remarque pour le collègue" not in private.read_text(encoding="utf-8")


def _valid_kit(tmp_path: Path) -> bytes:
    data = {
        "format": "rtes-session",
        "version": 1,
        "created_at": "2026-12-02T09:00:00Z",
        "session": {"name": "Atelier", "description": ""},
        "items": [
            {
                "type": "entry",
                "source": "src",
                "entry": "fiche-1",
                "sha256": "a" * 64,
                "snapshot": {"title": "Fiche 1", "kind": "fiche", "summary": "", "url": ""},
                "comment": "c",
            },
            {"type": "note", "note": 0},
        ],
        "notes": [
            {
                "source": None,
                "entry": None,
                "title": "",
                "body": "Une note libre",
                "created_at": "2026-12-01T10:00:00Z",
                "updated_at": "2026-12-01T10:00:00Z",
            }
        ],
    }
    return json.dumps(data, ensure_ascii=False).encode()


BAD_KITS = {
    "foreign (a zip)": b"PK\x03\x04" + b"\x00" * 40,
    "foreign JSON": b'{"format": "rtes-desktop-personal", "version": 1}',
    "not UTF-8": b"\xff\xfe{}",
    "newer version": b'{"format": "rtes-session", "version": 99}',
    "items not a list": b'{"format":"rtes-session","version":1,"session":{"name":"x"},'
    b'"items":{},"notes":[]}',
    "note index out of range": b'{"format":"rtes-session","version":1,"session":{"name":"x"},'
    b'"items":[{"type":"note","note":3}],"notes":[]}',
    "javascript snapshot url": b'{"format":"rtes-session","version":1,"session":{"name":"x"},'
    b'"items":[{"type":"entry","source":"s","entry":"e","snapshot":{"url":"javascript:x"}}],'
    b'"notes":[]}',
    "deeply nested": b'{"format":"rtes-session","version":1,"session":' + b"[" * 100_000,
}


@pytest.mark.parametrize("kind", sorted(BAD_KITS))
def test_bad_kits_refused_in_one_sentence_nothing_changed(demo_lib, tmp_path, kind):
    path = tmp_path / "bad.rtes-session"
    path.write_bytes(BAD_KITS[kind])
    before = snapshot_of(demo_lib)
    with pytest.raises(BadInput) as err:
        import_kit(demo_lib, path)
    message = str(err.value)
    assert str(path) in message and "\n" not in message and "Traceback" not in message
    assert snapshot_of(demo_lib) == before


def test_oversized_kit_refused_before_reading(demo_lib, tmp_path):
    path = tmp_path / "big.rtes-session"
    with path.open("wb") as fh:
        fh.truncate(MAX_KIT_BYTES + 1)
    with pytest.raises(BadInput, match="trop gros"):
        import_kit(demo_lib, path)


def test_valid_kit_imports(demo_lib, tmp_path):
    path = tmp_path / "ok.rtes-session"
    path.write_bytes(_valid_kit(tmp_path))
    report = import_kit(demo_lib, path)
    assert report.added and report.items == 2 and report.missing == 1


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_truncated_or_mutated_kits_are_refused_or_imported_whole(demo_lib, tmp_path, data):
    raw = _valid_kit(tmp_path)
    how = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    if how == "truncate":
        cut = data.draw(st.integers(0, len(raw) - 1))
        mutated = raw[:cut]
    elif how == "flip":
        i = data.draw(st.integers(0, len(raw) - 1))
        mutated = raw[:i] + bytes([raw[i] ^ data.draw(st.integers(1, 255))]) + raw[i + 1 :]
    else:
        i = data.draw(st.integers(0, len(raw)))
        mutated = raw[:i] + data.draw(st.binary(min_size=1, max_size=8)) + raw[i:]
    path = tmp_path / "m.rtes-session"
    path.write_bytes(mutated)
    before = snapshot_of(demo_lib)
    sessions_before = len(demo_lib.sessions())
    try:
        report = import_kit(demo_lib, path)
    except BadInput as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        assert snapshot_of(demo_lib) == before  # refused: nothing changed
        if how == "truncate":
            return
        return
    # Accepted (a mutation inside a string can leave a valid kit): imported whole.
    assert how != "truncate"
    assert len(demo_lib.sessions()) == sessions_before + (1 if report.added else 0)
    assert len(session_rows(demo_lib, report.session_id)) == report.items or not report.added
