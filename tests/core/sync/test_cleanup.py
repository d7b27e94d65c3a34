"""Issue 9 item 15: what syncs and viewers leave in the data folder is collected,
and nothing the user owns is touched."""

from __future__ import annotations

import os
import time

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.attachments import attachment_path, viewer_copy
from rtes_desktop.core.sync.engine import staging_dir, sync_source


def files_under(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_withdrawn_entries_attachments_are_collected(trusting_lib, builder):
    kept = builder.attach("fiche-0", "Garder.pdf", b"%PDF garde")
    note_pdf = builder.attach("fiche-1", "Annotee.pdf", b"%PDF annotee")
    gone = builder.attach("fiche-2", "Retiree.pdf", b"%PDF retiree")
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    trusting_lib.add_note("fiche-1", "Ma note sur une fiche qui sera retirée.")
    trusting_lib.add_tag("fiche-1", "à relire")
    assert all(attachment_path(trusting_lib, s) for s in (kept, note_pdf, gone))

    del builder.docs["fiche-1"], builder.docs["fiche-2"]
    builder.write()
    report = sync_source(trusting_lib, str(builder.root))

    assert sorted(report.withdrawn) == ["fiche-1", "fiche-2"]
    assert attachment_path(trusting_lib, kept) is not None
    assert attachment_path(trusting_lib, note_pdf) is None
    assert attachment_path(trusting_lib, gone) is None
    # The user's own data is untouched: the annotated entry stays, withdrawn, with its note.
    entry = trusting_lib.get_entry("fiche-1")
    assert entry.withdrawn_at is not None
    assert [n.body for n in trusting_lib.notes("fiche-1")] == [
        "Ma note sur une fiche qui sera retirée."
    ]
    assert trusting_lib.entry_tags("fiche-1") == ["à relire"]


def test_a_refused_syncs_downloads_are_collected_by_the_next_success(trusting_lib, builder):
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    builder.entry("fiche-7", title="bonne")
    builder.entry("fiche-8", kind="inconnu")  # refused after both were downloaded
    builder.write()
    with pytest.raises(BadInput):
        sync_source(trusting_lib, str(builder.root))
    leftovers = files_under(staging_dir(trusting_lib))
    assert builder.sha("fiche-8") in leftovers

    del builder.docs["fiche-8"]
    builder.write()
    assert sync_source(trusting_lib, str(builder.root)).new == ["fiche-7"]
    assert files_under(staging_dir(trusting_lib)) == []


def test_viewer_copies_older_than_a_day_are_collected(trusting_lib, builder):
    old_sha = builder.attach("fiche-0", "Ancienne.pdf", b"%PDF ancienne")
    new_sha = builder.attach("fiche-1", "Recente.pdf", b"%PDF recente")
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    old = viewer_copy(trusting_lib, old_sha, "Ancienne.pdf", "application/pdf")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    recent = viewer_copy(trusting_lib, new_sha, "Recente.pdf", "application/pdf")
    assert not old.exists()  # opening another attachment swept it
    assert recent.exists()

    again = viewer_copy(trusting_lib, old_sha, "Ancienne.pdf", "application/pdf")
    os.utime(again, (two_days_ago, two_days_ago))
    builder.entry("fiche-9")
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    assert not again.exists() and not again.parent.exists()
    assert recent.exists()
