"""The offline library: one `Library` object for every read and write.

`Library` is a façade joining one module per area: `db` (connections,
transactions, shared lookups), `sources`, `entries`, `journal` (search journal
and search documents), `notes`, `tags`, `sessions`, `settings`,
`trusted_keys` and `news` (what each sync brought); `demo_source` holds the
demo's id and removal.

SQLite (through sqlite-utils) in WAL mode is the source of truth. Each thread
gets its own connection (a sqlite3 connection belongs to the thread that opened
it); writes are serialised by one lock and run in `BEGIN IMMEDIATE`
transactions, so there is one writer at a time, and readers (the window) keep
reading while a sync writes.

Personal data (notes, tags, sessions, settings) refers to entries by
(source_id, entry_id) and is never touched by what a publisher sends.
"""

from __future__ import annotations

from rtes_desktop.core.library.db import LibraryBase, now_iso
from rtes_desktop.core.library.journal import SearchJournalMixin
from rtes_desktop.core.library.news import NewsMixin
from rtes_desktop.core.library.notes import MAX_NOTE_CHARS
from rtes_desktop.core.library.sessions import SessionsMixin
from rtes_desktop.core.library.settings import SettingsMixin
from rtes_desktop.core.library.tags import MAX_TAG_CHARS, TagsMixin, normalize_tag
from rtes_desktop.core.library.trusted_keys import TrustedKeysMixin

__all__ = ["MAX_NOTE_CHARS", "MAX_TAG_CHARS", "Library", "LibraryBase", "normalize_tag", "now_iso"]


class Library(
    SearchJournalMixin,
    SessionsMixin,
    TagsMixin,
    SettingsMixin,
    TrustedKeysMixin,
    NewsMixin,
):
    """The library in a data folder. Open it with `Library.open(folder)`."""
