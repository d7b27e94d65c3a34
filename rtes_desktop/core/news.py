"""« Nouveautés »: what the syncs brought that the user has not looked at yet.

The sync engine logs each sync's new and updated entries (`library.record_sync`,
in the sync's own transaction). The user has "seen" the news up to a sync id
(`settings.NEWS_SEEN`); the window lists what came after, from the sync summary
and from the sidebar until it is seen. The demo's own loading is not news.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rtes_desktop.core import settings

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library


@dataclass(frozen=True)
class NewsItem:
    """One entry a sync brought: new, or updated."""

    source_id: str
    entry_id: str
    title: str
    kind: str
    change: str  # "new" or "updated"
    synced_at: str

    @property
    def key(self) -> str:
        return f"{self.source_id}:{self.entry_id}"


@dataclass(frozen=True)
class News:
    """The entries new and updated by the syncs after `after` up to `upto`."""

    items: list[NewsItem]
    after: int
    upto: int

    @property
    def new(self) -> list[NewsItem]:
        return [i for i in self.items if i.change == "new"]

    @property
    def updated(self) -> list[NewsItem]:
        return [i for i in self.items if i.change == "updated"]


def news_between(library: Library, after: int, upto: int | None = None) -> News:
    """What the syncs with `after` < id <= `upto` (default: the last) brought and
    the library still lists (withdrawn or removed entries left out). An entry new
    in one sync and updated in a later one is listed once, as new."""
    last = library.last_sync_id() if upto is None else upto
    rows = library.sync_changes(after, last)
    items = [
        NewsItem(r["source_id"], r["entry_id"], r["title"], r["kind"], r["change"], r["synced_at"])
        for r in rows
    ]
    return News(items, after, last)


def news_since_last_seen(library: Library) -> News:
    """What the syncs brought since the user last looked at « Nouveautés »."""
    return news_between(library, library.get_setting(settings.NEWS_SEEN))


def mark_news_seen(library: Library, upto: int | None = None) -> None:
    """The user has seen the news up to sync `upto` (default: the last sync)."""
    last = library.last_sync_id() if upto is None else upto
    if last > library.get_setting(settings.NEWS_SEEN):
        library.set_setting(settings.NEWS_SEEN, last)
