"""What the window is currently looking for, and the background work that answers it.

Owns the query, the active filters (kind, theme, year, tag, source) and the sort;
runs searches on the runner's search lane (debounced; a newer request replaces
one still waiting, and stale answers are dropped by a sequence number), builds or
catches up the search index on the long lane so searching keeps answering (from
the library itself) while the index is being built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from rtes_desktop.core.browse import browse
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.attachment_pages import found_pages
from rtes_desktop.core.models import FACETS
from rtes_desktop.core.news import news_since_last_seen
from rtes_desktop.core.stale_notes import stale_count
from rtes_desktop.core.sync.report import Phase, Progress
from rtes_desktop.gui.common.jobs import LONG, SEARCH, Job, Jobs

log = logging.getLogger(__name__)

PAGE_SIZE = 50
DEBOUNCE_MS = 150


@dataclass
class ResultsPage:
    """A search answer as the results view shows it."""

    seq: int
    query: str
    filters: dict[str, str]
    sort: str
    page: int
    total: int
    hits: list[Any]  # Hit or BrowseHit: key, title, kind, themes, snippet, published_at…
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    from_index: bool
    note_counts: dict[str, int] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)
    #: key -> the PDF pages a hit was found on (AttachmentPage: attachment, page,
    #: text), read here off the GUI thread for the reader to show beside the fiche
    pdf_pages: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def has_more(self) -> bool:
        return self.page * PAGE_SIZE < self.total and len(self.hits) == PAGE_SIZE


@dataclass
class SidebarData:
    """Counts for the sidebar, gathered off the GUI thread."""

    total: int
    kinds: list[tuple[str, str, int]]  # id, label, count
    themes: list[tuple[str, str, str, int]]  # id, label, description, count
    tags: list[tuple[str, int]]
    notes: int
    sources: list[tuple[str, str, int, bool]]  # id, name, count, is_demo
    sessions: int = 0  # the user's sessions (« Mes sessions »)
    stale: int = 0  # notes whose fiche changed since (« À revérifier »)
    news: int = 0  # entries synced since the user last looked (« Nouveautés »)


def gather_sidebar(library: Library) -> SidebarData:
    """Everything the sidebar shows, in a few queries. Each count is what choosing
    the row lists: withdrawn entries included (the list shows them, marked), a
    removed demo's annotated entries not (the list does not either)."""
    kinds_count = library.counts_by("kind", include_withdrawn=True)
    themes_count = library.counts_by("theme", include_withdrawn=True)
    sources_count = library.counts_by("source", include_withdrawn=True)
    kinds: dict[str, tuple[str, str, int]] = {}
    for k in library.kinds():
        if k.id not in kinds:
            kinds[k.id] = (k.id, k.label, kinds_count.get(k.id, 0))
    for kid, n in kinds_count.items():  # kinds an export used without declaring them
        kinds.setdefault(kid, (kid, kid, n))
    themes: dict[str, tuple[str, str, str, int]] = {}
    for t in library.themes():
        if t.id not in themes:
            themes[t.id] = (t.id, t.label, t.description or "", themes_count.get(t.id, 0))
    sources = [
        (s.id, s.name, sources_count.get(s.id, 0), s.is_demo)
        for s in library.sources()
        # A removed demo keeps a row only for the entries the user annotated.
        if not (s.is_demo and not sources_count.get(s.id))
    ]
    tag_counts = library.counts_by("tag", include_withdrawn=True)
    return SidebarData(
        total=library.count_entries(),
        kinds=[k for k in kinds.values() if k[2]],
        themes=sorted((t for t in themes.values() if t[3]), key=lambda t: t[1].casefold()),
        tags=[(t.name, tag_counts[t.name]) for t in library.tags() if tag_counts.get(t.name)],
        notes=len(library.notes()),
        sources=sources,
        sessions=len(library.sessions()),
        stale=stale_count(library),
        news=len(news_since_last_seen(library).items),
    )


class SearchController(QObject):
    """The query, filters and sort of the window, and the workers answering them."""

    results_ready = Signal(object)  # ResultsPage (page 1: replace; page > 1: append)
    search_failed = Signal(str)
    state_changed = Signal()  # query, filters or sort changed
    suggestions_ready = Signal(str, list)  # prefix, words
    sidebar_ready = Signal(object)  # SidebarData
    index_state_changed = Signal(str)  # "building", "ready", "unavailable"
    index_progress = Signal(object)  # a Progress of Phase.INDEX

    def __init__(
        self, library: Library, service: Any | None, jobs: Jobs, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.library = library
        self.service = service
        self.jobs = jobs
        self.query = ""
        self.filters: dict[str, str] = {}
        self.sort = "relevance"
        self.seq = 0
        self.last_page: ResultsPage | None = None
        self.index_state = "unavailable" if service is None else "pending"
        self._catch_up_wanted = False
        self.index_job: Job | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.setInterval(800)
        self._catch_up_timer.timeout.connect(self._catch_up)

    # -- what the user asks ----------------------------------------------------

    def set_query(self, text: str, *, immediate: bool = False) -> int:
        """A new query: searched after a short pause in typing, or at once.
        Returns the sequence number of the search that will answer it."""
        self.query = text
        self.state_changed.emit()
        return self._schedule(immediate)

    def set_filter(self, facet: str, value: str | None) -> None:
        """Narrow by one facet value (None removes that facet's filter)."""
        if value is None:
            self.filters.pop(facet, None)
        else:
            self.filters[facet] = str(value)
        self.state_changed.emit()
        self._schedule(True)

    def set_scope(self, facet: str | None, value: str | None) -> None:
        """What the sidebar does: replace every filter by this one (or none)."""
        self.filters = {facet: str(value)} if facet and value is not None else {}
        self.state_changed.emit()
        self._schedule(True)

    def clear_filters(self) -> None:
        self.filters = {}
        self.state_changed.emit()
        self._schedule(True)

    def set_sort(self, sort: str) -> None:
        if sort != self.sort:
            self.sort = sort
            self.state_changed.emit()
            self._schedule(True)

    def refresh(self) -> None:
        """Search again (after a sync, a note, a tag…)."""
        self._schedule(True)

    def _schedule(self, immediate: bool) -> int:
        self.seq += 1
        if immediate:
            self._debounce.stop()
            self._run_search()
        else:
            self._debounce.start()
        return self.seq

    def _use_index(self) -> bool:
        return self.service is not None and self.index_state == "ready"

    def _run_search(self, page: int = 1) -> None:
        seq = self.seq
        query, filters, sort = self.query, dict(self.filters), self.sort
        use_index = self._use_index() and bool(query.strip())
        library, service = self.library, self.service

        def job(progress: Any, cancel: Any) -> ResultsPage:
            return _search_job(
                library, service if use_index else None, seq, query, filters, sort, page
            )

        def done(result: ResultsPage) -> None:
            if result.seq != self.seq:
                return  # a newer query was typed meanwhile: this answer is stale
            if page == 1:
                self.last_page = result
            elif self.last_page is not None:
                self.last_page.hits.extend(result.hits)
                self.last_page.page = result.page
                self.last_page.note_counts.update(result.note_counts)
                self.last_page.tags.update(result.tags)
            self.results_ready.emit(result)

        def failed(exc: BaseException) -> None:
            if seq == self.seq:
                self.search_failed.emit(_one_sentence(exc))

        self.jobs.run(job, lane=SEARCH, key=f"search-{page > 1}", label="search").on_done(
            done
        ).on_error(failed)

    def fetch_more(self) -> None:
        """The next page of the current results (the list scrolled to its end)."""
        page = self.last_page
        if page is not None and page.seq == self.seq and page.has_more:
            self._run_search(page.page + 1)

    def request_suggestions(self, prefix: str) -> None:
        """Completion words for `prefix`, from the index (nothing before it is ready)."""
        service = self.service
        if not self._use_index() or not prefix.strip() or service is None:
            return

        def job(progress: Any, cancel: Any) -> list[str]:
            return list(service.suggest(prefix, 8))

        self.jobs.run(job, lane=SEARCH, key="suggest", label="suggest").on_done(
            lambda words: self.suggestions_ready.emit(prefix, words)
        ).on_error(lambda exc: log.warning("suggestions failed: %s", exc))

    def reload_sidebar(self) -> None:
        library = self.library
        # On the write lane, between writes: a note or tag written while the counts
        # were being read would otherwise have its increment applied to the sidebar
        # first, then wiped by the older counts landing after it (seen under load).
        # In lane order, every write's own increment arrives after these counts.
        self.jobs.write(lambda: gather_sidebar(library), label="sidebar").on_done(
            self.sidebar_ready.emit
        ).on_error(
            lambda exc: log.warning("sidebar counts failed: %s", exc)
        )

    # -- the index ----------------------------------------------------------------

    def start_index(self, rebuild: bool = False) -> None:
        """Build (if missing or stale) or catch up the search index in the background."""
        service = self.service
        if service is None:
            return
        self._set_index_state("building")

        def job(progress: Any, cancel: Any) -> None:
            def report(done: int, total: int) -> None:
                progress(Progress(Phase.INDEX, done, total))

            if rebuild:
                service.rebuild(progress=report, cancel=cancel)
            else:
                service.ensure_ready(progress=report, cancel=cancel)

        def done(_: Any) -> None:
            self._set_index_state("ready")
            if self._catch_up_wanted:
                self._catch_up()
            if self.query.strip():
                self.refresh()  # answer again, now with snippets from the index

        def failed(exc: BaseException) -> None:
            log.warning("search index unavailable: %s", exc)
            self._set_index_state("unavailable")
            if isinstance(exc, RtesError):  # e.g. a file where the index belongs: say why
                self.search_failed.emit(str(exc))

        self.index_job = (
            self.jobs.run(job, lane=LONG, label="index")
            .on_progress(self.index_progress.emit)
            .on_done(done)
            .on_error(failed)
            .on_cancel(lambda: self._set_index_state("unavailable"))
        )

    def _set_index_state(self, state: str) -> None:
        self.index_state = state
        self.index_state_changed.emit(state)

    def library_changed(self) -> None:
        """Notes or tags changed: catch the index up soon. The sidebar's counts are
        moved by the change itself (the window), never regathered for a note typed."""
        self._catch_up_wanted = True
        self._catch_up_timer.start()

    def _catch_up(self, then: Any = None) -> None:
        service = self.service
        if service is None or self.index_state != "ready":
            self._catch_up_wanted = service is not None  # done when the build ends
            if then is not None:
                then()
            return
        self._catch_up_wanted = False

        def job(progress: Any, cancel: Any) -> int:
            return int(service.catch_up(cancel=cancel) or 0)

        def done(_count: int) -> None:
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            log.warning("search index catch-up failed: %s", exc)
            if then is not None:
                then()

        # The service lets one thread write while others search: searches go on.
        self.jobs.run(job, lane=LONG, label="catch-up").on_done(done).on_error(failed).on_cancel(
            lambda: then() if then is not None else None
        )

    def catch_up_then_refresh(self) -> None:
        """After a sync: bring the index up to date, then search again."""
        self._catch_up_timer.stop()
        self.reload_sidebar()
        self._catch_up(then=self.refresh)

    def stop(self) -> None:
        """Closing: no more searches or catch-ups are asked for."""
        self._debounce.stop()
        self._catch_up_timer.stop()

    def close(self) -> None:
        """Close the index (after the runner stopped the jobs using it)."""
        self.stop()
        if self.service is not None:
            try:
                self.service.close()
            except Exception:  # closing is best effort; the index is derived data
                log.exception("closing the search service")


def _search_job(
    library: Library,
    service: Any | None,
    seq: int,
    query: str,
    filters: dict[str, str],
    sort: str,
    page: int,
) -> ResultsPage:
    kw = {k: filters.get(k) for k in FACETS}
    res: Any = None
    from_index = False
    if service is not None:
        try:
            res = _index_search(service, query, kw, sort, page)
            from_index = True
        except RtesError:
            raise  # a refusal meant for the user (a malformed query, say)
        except Exception:
            # The index is derived data: answer from the library instead.
            log.exception("index search failed; answering from the library")
    if res is None:
        res = browse(
            library,
            query,
            sort=sort,
            page=page,
            page_size=PAGE_SIZE,
            facets=page == 1,
            **kw,
        )
    hits = list(res.hits)
    keys = {(h.source_id, h.id) for h in hits}
    # Only this page's entries: scanning every note and tag per search grew with the library.
    notes = {f"{s}:{i}": n for (s, i), n in library.note_counts(keys).items()}
    tags = {f"{s}:{i}": t for (s, i), t in library.tagged_keys(keys).items()}
    pdf_pages = {
        h.key: found_pages(library.conn, h.source_id, h.id, h.found_in)
        for h in hits
        if getattr(h, "found_in", None)
    }
    return ResultsPage(
        seq=seq,
        query=query,
        filters=filters,
        sort=sort,
        page=page,
        total=int(res.total),
        hits=hits,
        facets=dict(res.facets or {}),
        suggestion=getattr(res, "suggestion", None),
        from_index=from_index,
        note_counts=notes,
        tags=tags,
        pdf_pages=pdf_pages,
    )


def _index_search(service: Any, query: str, kw: dict[str, Any], sort: str, page: int) -> Any:
    return service.search(
        query,
        kind=kw["kind"],
        theme=kw["theme"],
        year=kw["year"],
        region=kw["region"],
        tag=kw["tag"],
        source=kw["source"],
        sort=sort,
        page=page,
        page_size=PAGE_SIZE,
        facets=page == 1,
    )


def _one_sentence(exc: BaseException) -> str:
    if isinstance(exc, RtesError):
        return str(exc)
    return "La recherche a échoué ; les détails sont dans le fichier journal."
