"""A sync that withdraws entries the user annotated backs the user's data up first."""

from __future__ import annotations

from rtes_desktop.core.backup import backups_dir, list_backups
from rtes_desktop.core.sync.engine import sync_source


def test_withdrawing_an_annotated_entry_takes_a_backup_first(trusting_lib, builder):
    sync_source(trusting_lib, str(builder.write()))
    trusting_lib.add_note("src:fiche-4", "à présenter en commission")
    del builder.docs["fiche-3"]  # not annotated: no backup for it alone
    sync_source(trusting_lib, str(builder.write()))
    assert list_backups(backups_dir(trusting_lib.folder)) == []

    del builder.docs["fiche-4"]
    report = sync_source(trusting_lib, str(builder.write()))

    assert report.withdrawn == ["fiche-4"]
    [backup] = list_backups(backups_dir(trusting_lib.folder))
    assert (backup.reason, backup.notes) == ("sync", 1)
    # and the note is still there, on the entry kept as withdrawn
    assert [n.body for n in trusting_lib.notes("src:fiche-4")] == ["à présenter en commission"]
