"""Notes that ask to be re-read, after a real sync of an updated export (issue 11)."""

from __future__ import annotations

from rtes_desktop.core.stale_notes import (
    ADDED,
    REMOVED,
    changes_as_text,
    stale_count,
    stale_note,
    stale_notes,
    text_changes,
    verify_note,
)
from rtes_desktop.core.sync.engine import sync_source

REWORDED = (
    "Les collectivités territoriales soutiennent l'économie sociale et solidaire par la "
    "commande publique durable, les appels à projets et la coopération entre acteurs."
)


def _versions(lib) -> list[tuple[str, str]]:
    return [tuple(r) for r in lib.conn.execute("SELECT source_id, entry_id FROM entry_versions")]


def test_sync_marks_exactly_the_notes_on_changed_entries_and_verify_clears(trusting_lib, builder):
    lib = trusting_lib
    builder.write()
    sync_source(lib, str(builder.root))
    on_changed = lib.add_note("src:fiche-1", "À présenter en séance 2")
    on_unchanged = lib.add_note("src:fiche-2", "Rien à signaler")
    free = lib.add_note(None, "Idée libre")
    assert stale_notes(lib) == []

    builder.docs["fiche-1"]["body"] = f"## fiche-1\n\n{REWORDED}\n"
    builder.docs["fiche-1"]["updated_at"] = "2026-11-30T09:00:00Z"
    builder.docs["fiche-3"]["body"] = "## fiche-3\n\nTout autre texte.\n"  # no note on it
    builder.write()
    report = sync_source(lib, str(builder.root))

    assert sorted(report.updated) == ["fiche-1", "fiche-3"]
    assert report.notes_to_recheck == 1
    assert "1 de vos notes à revérifier" in report.summary_fr()
    stale = stale_notes(lib)
    assert [s.note.id for s in stale] == [on_changed.id]
    assert stale_count(lib) == 1
    assert on_unchanged.id not in {s.note.id for s in stale} and free.id not in {
        s.note.id for s in stale
    }
    # The changed words, and only them, are marked; the rest is context.
    changes = stale[0].changes
    assert changes is not None
    assert (REMOVED, "responsable") in changes
    assert (ADDED, "durable") in changes
    text = changes_as_text(changes)
    assert "[-responsable-]{+durable+}" in text
    # Only the annotated entry's old text was kept.
    assert _versions(lib) == [("src", "fiche-1")]

    verified = verify_note(lib, on_changed.id)
    assert verified.entry_sha256 == lib.get_entry("src:fiche-1").sha256
    assert stale_notes(lib) == []
    assert stale_note(lib, on_changed.id) is None
    assert _versions(lib) == []  # nobody refers to the old text any more


def test_two_updates_keep_the_version_the_note_was_written_against(trusting_lib, builder):
    lib = trusting_lib
    builder.write()
    sync_source(lib, str(builder.root))
    note = lib.add_note("src:fiche-0", "Note")
    for word in ("premier", "second"):
        builder.docs["fiche-0"]["summary"] = f"Un résumé {word}."
        builder.write()
        sync_source(lib, str(builder.root))
    stale = stale_note(lib, note.id)
    assert stale is not None and stale.changes is not None
    text = changes_as_text(stale.changes)
    # Against the note's version (« Un résumé en une phrase. »), not the intermediate one.
    assert "[-en une phrase-]{+second+}" in text
    assert "premier" not in text


def test_text_changes_keeps_context_short():
    old = "\n".join(f"Ligne {i} inchangée." for i in range(40)) + "\nLa fin ancienne.\n"
    new = old.replace("La fin ancienne.", "La fin nouvelle.")
    text = changes_as_text(text_changes(old, new))
    assert "[-ancienne-]{+nouvelle+}" in text
    assert "Ligne 39" in text and "Ligne 5 " not in text and "…" in text
