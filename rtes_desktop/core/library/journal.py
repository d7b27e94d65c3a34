"""The search journal (what the index must catch up on) and the documents
the search index holds per entry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rtes_desktop.core.library.attachment_pages import pages_for
from rtes_desktop.core.library.demo_source import DEMO_SOURCE_ID, demo_retired
from rtes_desktop.core.library.entries import EntriesMixin
from rtes_desktop.core.library.sources import SourcesMixin
from rtes_desktop.core.models import Entry


class SearchJournalMixin(EntriesMixin, SourcesMixin):
    """The journal of changed entries and the search documents."""

    def journal_head(self) -> int:
        """The seq of the last change the search index must reflect (0 if none)."""
        row = self.conn.execute("SELECT max(seq) FROM search_journal").fetchone()
        return int(row[0] or 0)

    def journal_since(self, seq: int) -> tuple[int, set[tuple[str, str]]]:
        """(head, entries changed after `seq`) for an index catching up."""
        rows = self._rows(
            "SELECT seq, source_id, entry_id FROM search_journal WHERE seq > ? ORDER BY seq", (seq,)
        )
        head = rows[-1]["seq"] if rows else max(seq, self.journal_head())
        return head, {(r["source_id"], r["entry_id"]) for r in rows}

    def prune_journal(self, upto: int) -> None:
        """Forget journal rows the index has applied (keeps the last one as head)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM search_journal WHERE seq < ?", (upto,))

    def search_documents(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> Iterator[dict[str, Any]]:
        """What the search index holds per entry: text fields, theme labels,
        the user's tags and notes, and the facet values. All entries when
        `keys` is None. Streams in batches so a large library is never in memory.
        A removed demo's kept examples are left out: the index lists what the library
        lists (`count_entries()`), and an entry not returned leaves the index."""
        theme_labels = {(t.source_id, t.id): t for t in self.themes()}
        kind_labels = {(k.source_id, k.id): k.label for k in self.kinds()}
        if keys is None:
            batches: Iterable[list[Entry]] = self._all_entry_batches()
        else:
            keylist = list(keys)
            batches = (self.entries(keys=keylist[i : i + 400]) for i in range(0, len(keylist), 400))
        retired = demo_retired(self)
        for batch in batches:
            if retired:
                batch = [e for e in batch if e.source_id != DEMO_SOURCE_ID]
            if not batch:
                continue
            marks = ",".join("(?,?)" for _ in batch)
            params = [v for e in batch for v in (e.source_id, e.id)]
            tags: dict[tuple[str, str], list[str]] = {}
            for r in self._rows(
                "SELECT et.source_id, et.entry_id, g.name FROM entry_tags et JOIN tags g "
                f"ON g.id = et.tag_id WHERE (et.source_id, et.entry_id) IN (VALUES {marks})",
                params,
            ):
                tags.setdefault((r[0], r[1]), []).append(r[2])
            notes: dict[tuple[str, str], list[str]] = {}
            for r in self._rows(
                "SELECT source_id, entry_id, title, body FROM notes "
                f"WHERE (source_id, entry_id) IN (VALUES {marks}) ORDER BY id",
                params,
            ):
                notes.setdefault((r[0], r[1]), []).append(f"{r[2]}\n{r[3]}".strip())
            pages = pages_for(self.conn, [(e.source_id, e.id) for e in batch])
            for e in batch:
                labels = [
                    theme_labels[(e.source_id, t)]
                    for t in e.themes
                    if (e.source_id, t) in theme_labels
                ]
                yield {
                    "key": e.key,
                    "source_id": e.source_id,
                    "id": e.id,
                    "kind": e.kind,
                    "kind_label": kind_labels.get((e.source_id, e.kind), e.kind),
                    "title": e.title,
                    "summary": e.summary or "",
                    "body": e.body,
                    "themes": list(e.themes),
                    "theme_text": " ".join(
                        f"{t.label} {t.description or ''}".strip() for t in labels
                    ),
                    "tags": tags.get((e.source_id, e.id), []),
                    "notes": "\n\n".join(notes.get((e.source_id, e.id), [])),
                    "published_at": e.published_at,
                    "updated_at": e.updated_at,
                    "year": e.published_at[:4],
                    "region": e.region or "",
                    "withdrawn": e.withdrawn_at is not None,
                    # the text of its PDFs, page by page (issue 14): indexed below the rest
                    "pages": [
                        {"attachment": p.attachment, "page": p.page, "text": p.text}
                        for p in pages.get((e.source_id, e.id), [])
                    ],
                }

    def _all_entry_batches(self, size: int = 500) -> Iterator[list[Entry]]:
        last = 0
        while True:
            rows = self._rows(
                "SELECT * FROM entries WHERE pk > ? ORDER BY pk LIMIT ?", (last, size)
            )
            if not rows:
                return
            last = rows[-1]["pk"]
            yield self._entries_from_rows(rows)
