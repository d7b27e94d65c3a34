"""The demo source as the library sees it: its id, where it ships, whether to load
it, whether it is still there, keeping or removing it.

Apart from `core/demo.py` (which loads the demo through the sync engine) so the
sync engine can remove the demo on a first real sync without importing the
module that imports it.

Once removed, the demo leaves nothing behind but the entries the user annotated
(a note, a tag, a place in a session): those stay readable from the user's own
notes, tags and sessions, labelled as examples of the demo, and are no longer
part of the library's lists and counts (`RETIRED_DEMO_SQL`), so the sidebar, the
result list and the search index agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rtes_desktop.core import settings
from rtes_desktop.core.paths import resources_dir

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.library.db import LibraryBase
    from rtes_desktop.core.models import Entry

DEMO_SOURCE_ID = "demo"

#: SQL (on `entries e`) true for a demo entry once the demo is removed: kept only
#: because the user annotated it, it is not listed nor counted as part of the
#: library. (The removed demo's source row stays for them, without a serial.)
RETIRED_DEMO_SQL = (
    f"(e.source_id = '{DEMO_SOURCE_ID}' AND "
    f"(SELECT s.last_serial FROM sources s WHERE s.id = '{DEMO_SOURCE_ID}') IS NULL)"
)


def demo_dir() -> Path:
    """The demo's Markdown sources (what `publish` turns into the demo export)."""
    return resources_dir() / "demo"


def demo_export_dir() -> Path:
    """The demo export shipped with the application."""
    return resources_dir() / "demo-export"


def needs_demo(library: Library) -> bool:
    """True on a first start: no source yet and the user never removed the demo."""
    return not library.sources() and not library.get_setting(settings.DEMO_REMOVED)


def demo_present(library: LibraryBase) -> bool:
    """True while the demo is in the library (some of its entries are live)."""
    row = library.conn.execute(
        "SELECT 1 FROM entries WHERE source_id = ? AND withdrawn_at IS NULL LIMIT 1",
        (DEMO_SOURCE_ID,),
    ).fetchone()
    return row is not None


def demo_kept(library: Library) -> bool:
    """True when the user chose to keep the demo beside real sources."""
    return bool(library.get_setting(settings.DEMO_KEPT))


def demo_would_be_removed(library: Library) -> bool:
    """True when the next real sync would remove the demo: it is there, the user
    did not choose to keep it, and no real source was synced yet. The window asks
    the user first (keep it: `keep_demo`)."""
    if not demo_present(library) or demo_kept(library):
        return False
    return not any(not s.is_demo and s.last_serial is not None for s in library.sources())


def keep_demo(library: Library, keep: bool = True) -> None:
    """Remember that the user keeps the demo: a first real sync then leaves it."""
    library.set_setting(settings.DEMO_KEPT, keep)


def demo_retired(library: LibraryBase) -> bool:
    """True once the demo was removed while entries the user annotated keep it."""
    row = library.conn.execute(
        "SELECT last_serial FROM sources WHERE id = ?", (DEMO_SOURCE_ID,)
    ).fetchone()
    return row is not None and row[0] is None


def is_demo_example(entry: Entry) -> bool:
    """True for a demo entry the demo no longer holds, kept because the user
    annotated it: its true label is « exemple de la bibliothèque de
    démonstration », not « retirée par l'éditeur »."""
    return entry.source_id == DEMO_SOURCE_ID and entry.withdrawn_at is not None


def remove_demo(library: Library, keep_annotated: bool = True) -> int:
    """Remove the demo: its entries, kinds and themes. Entries the user annotated
    stay (withdrawn, see `is_demo_example`) unless `keep_annotated` is False; the
    user's notes, tags and sessions are never touched. Returns the entries removed."""
    removed = 0
    with library.transaction() as conn:
        if library.source(DEMO_SOURCE_ID):
            removed = library.remove_source(DEMO_SOURCE_ID)
            if not keep_annotated:
                removed += conn.execute(
                    "DELETE FROM entries WHERE source_id = ?", (DEMO_SOURCE_ID,)
                ).rowcount
            # The kept examples need their source row (foreign key), without a
            # serial: that marks them retired (RETIRED_DEMO_SQL). The demo's
            # vocabulary would only leave empty themes and kinds in the sidebar.
            conn.execute(
                "UPDATE sources SET last_serial = NULL, manifest_sha256 = NULL WHERE id = ?",
                (DEMO_SOURCE_ID,),
            )
            conn.execute("DELETE FROM kinds WHERE source_id = ?", (DEMO_SOURCE_ID,))
            conn.execute("DELETE FROM themes WHERE source_id = ?", (DEMO_SOURCE_ID,))
            if not conn.execute(
                "SELECT 1 FROM entries WHERE source_id = ? LIMIT 1", (DEMO_SOURCE_ID,)
            ).fetchone():
                conn.execute("DELETE FROM sources WHERE id = ?", (DEMO_SOURCE_ID,))
        library.set_setting(settings.DEMO_REMOVED, True)
        library.set_setting(settings.DEMO_KEPT, False)
    return removed
