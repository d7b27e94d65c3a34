"""`SearchService`: the one object the rest of the application uses to search.

It owns the index under ``<data>/index`` (built on first use, caught up from
the library's search journal, rebuilt when missing, stale, corrupt or locked),
and answers queries from a reused snapshot. Search never raises for a bad
query or a broken index: it logs, repairs, and answers what it can.

Thread safety: one thread may catch up or rebuild while others search. Writes
are serialised by a lock; a search uses the snapshot current when it starts
(each snapshot serialises its own queries, as whoosh readers share files);
after a write the new snapshot is swapped in and the old one closed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtes_desktop.core.errors import Cancelled, RtesError
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.search import engine, pages, suggest
from rtes_desktop.core.search.analysis import clean_query_text, fold
from rtes_desktop.core.search.query import ParsedQuery, Thesaurus, parse
from rtes_desktop.core.search.snapshot import EXACT_FIELD, INDEX_FORMAT, Snapshot
from rtes_desktop.core.search.snippets import snippet
from rtes_desktop.core.search.store import IndexStore, Stamp, apply_changes, read_stamp

log = logging.getLogger(__name__)

INDEX_DIR = "index"
#: A catch-up touching more entries than this share of the library rebuilds instead.
REBUILD_SHARE = 0.5
#: Suggest a correction when a query finds fewer results than this.
SUGGEST_BELOW = 3


@dataclass
class Hit:
    """One result."""

    key: str
    source_id: str
    id: str
    title: str
    kind: str
    themes: list[str]
    score: float
    snippet: str  # HTML-escaped text with <b>…</b> around matched words ("" if not computed)
    published_at: str
    withdrawn: bool
    #: found in the text of a PDF attachment: [{"attachment": name, "page": n}] (pages
    #: count from 1), best first; the snippet then comes from the first of them
    found_in: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SearchResults:
    """A page of results, with facet counts over all the matches."""

    query: str
    total: int
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    matched_any: bool = False


class IndexBlocked(RtesError):
    """Something that is not a folder sits where the search index must be built."""


Progress = Callable[[int, int], None] | None
CancelCheck = Callable[[], bool] | None


class SearchService:
    """Full-text search over a library (see module docstring)."""

    def __init__(self, library: Any, index_dir: Path | None = None) -> None:
        self.library = library
        self.store = IndexStore(Path(index_dir) if index_dir else library.folder / INDEX_DIR)
        self._write_lock = threading.RLock()
        self._swap_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._ranker: engine.Ranker | None = None
        self._stamp: Stamp | None = None
        self._thesaurus_base: Thesaurus | None = None
        self._thesaurus: Thesaurus | None = None
        self._closed = False

    # -- lifecycle -----------------------------------------------------------

    def blocked(self) -> str | None:
        """Why the index cannot be built where it belongs (a file, or a link to
        nothing, in its place), in one sentence; None when nothing is in the way."""
        root = self.store.root
        if not os.path.lexists(root) or root.is_dir():
            return None
        if root.is_symlink() and not root.exists():
            what = f"est un lien vers « {os.readlink(root)} », qui n'existe pas"
        else:
            what = "est un fichier, pas un dossier"
        return (
            f"l'index de recherche ne peut pas être construit : « {root} » {what} ; "
            "supprimez-le ou renommez-le, l'index sera reconstruit"
        )

    def ensure_ready(self, progress: Progress = None, cancel: CancelCheck = None) -> None:
        """Build the index if missing, stale or corrupt, then catch up. Raises
        IndexBlocked when something else occupies the index's folder (see blocked())."""
        reason = self.blocked()
        if reason is not None:
            # Refused rather than silently answering nothing: the user can fix it.
            raise IndexBlocked(reason)
        with self._write_lock:
            folder = self.store.current()
            stamp = read_stamp(folder) if folder else None
            if folder is None or not self._usable(stamp):
                log.info("search index %s: (re)building", "missing" if folder is None else "stale")
                self.rebuild(progress, cancel)
                return
            if self._snapshot is None or self._snapshot.folder != folder:
                try:
                    self._install(Snapshot(folder), stamp)  # type: ignore[arg-type]
                except Exception as exc:  # any damage in the files: rebuild from SQLite
                    log.warning("search index unreadable (%s): rebuilding", exc)
                    self.rebuild(progress, cancel)
                    return
            self.catch_up(progress, cancel)
            snap, stamp = self._snapshot, self._stamp
            # Entries and index disagree with nothing left to apply: a change
            # was lost (a journal pruned by hand, a crash mid-write): rebuild.
            if (
                snap is not None
                and stamp is not None
                and stamp.seq == self.library.journal_head()
                and snap.doc_count != self.library.count_entries()
            ):
                log.warning(
                    "search index holds %d entries, library %d: rebuilding",
                    snap.doc_count,
                    self.library.count_entries(),
                )
                self.rebuild(progress, cancel)

    def _usable(self, stamp: Stamp | None) -> bool:
        if stamp is None or stamp.format != INDEX_FORMAT:
            return False
        if stamp.db_uuid != self.library.db_uuid:
            return False  # built from another database (a restored backup…)
        return stamp.seq <= self.library.journal_head()

    def rebuild(self, progress: Progress = None, cancel: CancelCheck = None) -> None:
        """Build a new index from SQLite, then switch to it. Searches keep using
        the old one meanwhile. Raises Cancelled (nothing changed) if cancelled."""
        with self._write_lock:
            lib = self.library
            head = lib.journal_head()  # read first: later changes are caught up after
            stamp = Stamp(db_uuid=lib.db_uuid, seq=head)
            folder = self.store.build(
                lib.search_documents(), lib.count_entries(), stamp, progress=progress, cancel=cancel
            )
            self.store.switch_to(folder)
            self._install(Snapshot(folder), stamp)
            self._prune_journal(head)
            self.store.cleanup(keep=[folder])
            log.info("search index rebuilt: %d entries in %s", stamp.doc_count, folder.name)

    def catch_up(self, progress: Progress = None, cancel: CancelCheck = None) -> int:
        """Apply the library's changes since the index's stamp; returns how many
        entries were updated or removed. A locked index is left as it is (and
        searched as it is); a damaged one is rebuilt."""
        with self._write_lock:
            if self._snapshot is None or self._stamp is None:
                self.ensure_ready(progress, cancel)
                return 0
            folder = self._snapshot.folder
            if self.store.current() != folder:
                # Another process (the command line, a second window) switched
                # to a newer generation: use it rather than update ours.
                self.ensure_ready(progress, cancel)
                return 0
            lib = self.library
            head, keys = lib.journal_since(self._stamp.seq)
            if not keys:
                if head != self._stamp.seq:
                    self._stamp.seq = head
                return 0
            if cancel is not None and cancel():
                raise Cancelled("mise à jour de l'index annulée")
            if len(keys) > max(500, REBUILD_SHARE * self._snapshot.doc_count):
                self.rebuild(progress, cancel)
                return len(keys)
            # Streamed: up to half the library may change without a rebuild,
            # too much to hold in memory at once. An entry the library no longer
            # returns was removed; apply_changes deletes those after writing
            # the others, once `present` is complete (the generator below is
            # lazy).
            present: set[str] = set()

            def changed() -> Iterator[dict[str, Any]]:
                for doc in lib.search_documents(sorted(keys)):
                    present.add(doc["key"])
                    yield doc

            removed = (f"{s}:{i}" for s, i in keys if f"{s}:{i}" not in present)
            stamp = Stamp(db_uuid=self._stamp.db_uuid, seq=head, doc_count=0)
            snap = self._snapshot
            with snap.lock:  # the documents to replace, by number (see apply_changes)
                old_docs = [d for s, i in sorted(keys) for d in snap.docnums(f"{s}:{i}")]
            try:
                n = apply_changes(
                    folder, changed(), removed, stamp, replacing=(snap.generation, old_docs)
                )
            except Exception as exc:
                from whoosh.index import LockError

                if isinstance(exc, LockError):
                    log.warning("search index locked by another process; catch-up deferred")
                    return 0
                log.warning("search index update failed (%s): rebuilding", exc)
                self.rebuild(progress, cancel)
                return len(keys)
            self._advance(stamp)
            self._prune_journal(head)
            if progress is not None:
                progress(len(keys), len(keys))
            return n

    def _advance(self, stamp: Stamp) -> None:
        """After a catch-up: patch the snapshot (the cost of the change), or
        load the index in full when it cannot be patched. Done holding the
        old snapshot's lock, and the new one published before releasing it:
        a search waiting on it finds it closed and takes the new one."""
        old, ranker = self._snapshot, self._ranker
        assert old is not None and ranker is not None
        with old.lock:
            try:
                new = old.advance()
                new_ranker = ranker.advanced(new, new.kept_docs) if new is not None else None
            except Exception as exc:  # a damaged segment: read the whole index again
                log.warning("search snapshot not patched (%s): reloading it", exc)
                old.closed = True  # (may be half patched)
                new = new_ranker = None
            if new is None or new_ranker is None:
                new = Snapshot(old.folder)
                new_ranker = engine.Ranker(new)
                old.close()
            with self._swap_lock:
                self._snapshot, self._ranker, self._stamp = new, new_ranker, stamp
                self._thesaurus = None  # theme labels may have changed

    def _install(self, snap: Snapshot, stamp: Stamp) -> None:
        ranker = engine.Ranker(snap)
        with self._swap_lock:
            old = self._snapshot
            self._snapshot, self._ranker, self._stamp = snap, ranker, stamp
            self._thesaurus = None  # theme labels may have changed
        if old is not None:
            with old.lock:  # wait for a search in flight on it
                old.close()
            if old.folder != snap.folder:
                self.store.remove(old.folder)

    def _prune_journal(self, head: int) -> None:
        if self.store.root != self.library.folder / INDEX_DIR:
            return  # a secondary index must not forget changes the main one needs
        try:
            self.library.prune_journal(head)
        except Exception:
            log.debug("journal prune failed", exc_info=True)

    def close(self) -> None:
        """Close the index (the service can be reopened by searching again)."""
        with self._write_lock, self._swap_lock:
            if self._snapshot is not None:
                with self._snapshot.lock:
                    self._snapshot.close()
            self._snapshot = self._ranker = self._stamp = None

    # -- searching ---------------------------------------------------------

    def thesaurus(self) -> Thesaurus:
        """The bundled thesaurus plus the library's theme labels and descriptions."""
        th = self._thesaurus
        if th is None:
            if self._thesaurus_base is None:
                self._thesaurus_base = Thesaurus.load(resources_dir() / "thesaurus.yaml")
            try:
                themes = [(t.label, t.description) for t in self.library.themes()]
            except Exception:
                log.debug("themes unavailable for the thesaurus", exc_info=True)
                themes = []
            th = self._thesaurus = self._thesaurus_base.with_themes(themes)
        return th

    def _current(self) -> tuple[Snapshot, engine.Ranker]:
        if self._snapshot is None or self._ranker is None:
            self.ensure_ready()
        with self._swap_lock:
            snap, ranker = self._snapshot, self._ranker
        if snap is None or ranker is None:
            raise RuntimeError("search index unavailable")
        return snap, ranker

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        theme: str | None = None,
        year: str | int | None = None,
        region: str | None = None,
        source: str | None = None,
        tag: str | None = None,
        sort: str = "relevance",
        page: int = 1,
        page_size: int = 20,
        snippets: int = 10,
        facets: bool | tuple[str, ...] = True,
    ) -> SearchResults:
        """One page of results for `query`: words (all of them, else any),
        "exact phrases", -exclusions, the last word also as a prefix. Filters
        narrow the results; `facets` (True, or the names wanted among kind,
        theme, year, region, source, tag) counts values over all matches.
        Never raises for what the user typed; a broken index is rebuilt."""
        text = clean_query_text(query if isinstance(query, str) else "")
        filters = {
            "kind": kind,
            "theme": theme,
            "year": str(year) if year else None,
            "region": region,
            "source": source,
            "tag": tag,
        }
        for attempt in (1, 2):
            try:
                return self._search(text, filters, sort, page, page_size, snippets, facets)
            except Cancelled:
                raise
            except Exception as exc:
                log.exception("search failed (attempt %d): %s", attempt, exc)
                if attempt == 2:
                    break
                try:
                    self._recover()
                except Exception:
                    log.exception("search index repair failed")
                    break
        return SearchResults(text, 0, None, [], {}, False)

    def _recover(self) -> None:
        """After a failed search: reopen the current generation if another
        process switched to a new one, else rebuild from SQLite."""
        with self._write_lock:
            snap = self._snapshot
            current = self.store.current()
            if snap is not None and current is not None and current != snap.folder:
                try:
                    self.ensure_ready()
                    return
                except Exception:
                    log.exception("current search index unreadable")
            self.rebuild()

    def _search(
        self,
        text: str,
        filters: dict[str, str | None],
        sort: str,
        page: int,
        page_size: int,
        n_snippets: int,
        want_facets: bool | tuple[str, ...],
    ) -> SearchResults:
        for _ in range(3):
            snap, ranker = self._current()
            with snap.lock:
                if snap.closed:  # swapped out while we waited: take the new one
                    continue
                return self._run(
                    snap, ranker, text, filters, sort, page, page_size, n_snippets, want_facets
                )
        raise RuntimeError("search index kept changing")

    def _run(
        self,
        snap: Snapshot,
        ranker: engine.Ranker,
        text: str,
        filters: dict[str, str | None],
        sort: str,
        page: int,
        page_size: int,
        n_snippets: int,
        want_facets: bool | tuple[str, ...],
    ) -> SearchResults:
        page = max(1, int(page))
        page_size = max(0, min(int(page_size), 100_000))
        parsed: ParsedQuery | None = None
        matched_any = False
        if not text.strip():
            scores = ranker.all_docs()
            sort = "date" if sort == "relevance" else sort
        else:
            parsed = parse(text, self.thesaurus(), lambda w: snap.doc_frequency(EXACT_FIELD, w) > 0)
            result = ranker.match(parsed)
            scores, matched_any = result.scores, result.matched_any
        docs, facet_counts = engine.filter_and_count(snap, set(scores), filters, want_facets)
        start = (page - 1) * page_size
        ordered = engine.top(snap, scores, docs, sort, start + page_size)[start:]
        stems, words = parsed.highlight_terms() if parsed else (set(), set())
        hits = []
        in_pdfs: list[tuple[Hit, list[str]]] = []  # hits whose entry has PDF text
        for rank, d in enumerate(ordered):
            m = snap.meta[d]
            assert m is not None
            passage = ""
            own: list[str] = []
            if rank < n_snippets and parsed is not None:
                stored = snap.stored(d)
                own = [stored.get("summary", ""), stored.get("body", ""), stored.get("notes", "")]
                passage = snippet(own, stems, words)
            hits.append(
                Hit(m.key, m.source_id, m.id, m.title, m.kind, list(m.themes),
                    round(scores.get(d, 0.0), 4), passage, m.published_at, m.withdrawn)
            )  # fmt: skip
            if own and m.has_pages:
                in_pdfs.append((hits[-1], [m.title, *own]))
        if parsed is not None and in_pdfs:
            pages.add_found_in(self.library.conn, parsed, in_pdfs)
        suggestion = None
        if parsed is not None and (len(docs) < SUGGEST_BELOW or matched_any):
            suggestion = suggest.did_you_mean(snap, parsed)
        return SearchResults(text, len(docs), suggestion, hits, facet_counts, matched_any)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Words of the library starting with `prefix` (accents restored), most
        frequent first, for completion while typing."""
        try:
            snap, _ = self._current()
            word = fold(clean_query_text(prefix).strip().split(" ")[-1]) if prefix else ""
            if len(word) < 2:
                return []
            for _ in range(3):
                with snap.lock:
                    if not snap.closed:
                        return suggest.completions(snap, word, max(0, min(limit, 50)))
                snap, _ = self._current()  # swapped out while we waited
            return []
        except Exception:
            log.exception("suggest failed")
            return []
