"""The whoosh side of search: the schema, and a read-only snapshot of one
index generation with everything a query needs preloaded.

A `Snapshot` owns one whoosh searcher (reused for every query until the index
changes) plus per-document arrays loaded once: the facet values (kind,
themes, year, region, source, tags, date), the field lengths used by BM25,
and the live/deleted state. Queries then count facets and filter by plain
list lookups instead of whoosh's grouping machinery, which measured 50-170 ms
at 10,000 entries. Those columns are compact (arrays, bytes, shared values:
about 6 MB per 10,000 entries); the rest of a document's meta is read from
the index for the hits shown.

Postings are read a whole block at a time (`postings`), never one posting per
Python call: that is where whoosh spends its time otherwise.
"""

from __future__ import annotations

import json
import logging
import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.util.numeric import byte_to_length, length_to_byte

from rtes_desktop.core.models import FACETS
from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.analysis import FrenchAnalyzer, MultiText
from rtes_desktop.core.search.storage import open_index
from rtes_desktop.core.search.whoosh_internals import RtesCodec

__all__ = ["RtesCodec", "Snapshot", "make_codec", "make_schema", "document_fields"]

log = logging.getLogger(__name__)

#: Bump when the schema or the analysis changes: older indexes are rebuilt.
INDEX_FORMAT = 9

#: Text fields searched, with their BM25F weight (title weighs most).
FIELD_WEIGHTS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.0,
    "theme_text": 1.5,
    "tags": 2.0,
    "notes": 1.5,
    "body": 1.0,
    # The text of the entry's PDFs, page by page (issue 14): below the entry's own
    # text, and its frequency capped (PAGES_TF_CAP): a 40-page guide repeating a
    # word must not outrank the fiche about it.
    "pages": 0.5,
}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
PAGES_FIELD = "pages"
#: Unstemmed, folded words of all the text (light forms, see analysis.light):
#: exact forms ranked first, prefixes, spelling suggestions.
EXACT_FIELD = "exact"
#: The same words with their positions, read only for "exact phrases". Every
#: other field keeps frequencies only: posting blocks without positions
#: decode several times faster, and decoding is most of a query's cost.
PHRASE_FIELD = "phrase"


def make_codec() -> Any:
    """The codec new segments are written with."""
    return RtesCodec()


_LENGTH_TABLE = [byte_to_length(b) for b in range(256)]


def make_schema() -> Schema:
    """The index schema. Analyzers are importable classes (whoosh pickles them)."""
    fr = FrenchAnalyzer(stemming=True)
    return Schema(
        key=ID(stored=True, unique=True),
        title=TEXT(analyzer=fr, phrase=False, stored=True),
        summary=TEXT(analyzer=fr, phrase=False, stored=True),
        body=TEXT(analyzer=fr, phrase=False, stored=True),
        theme_text=TEXT(analyzer=fr, phrase=False),
        tags=TEXT(analyzer=fr, phrase=False),
        notes=TEXT(analyzer=fr, phrase=False, stored=True),
        # not stored: hits read their pages from the library (attachment_pages)
        pages=TEXT(analyzer=fr, phrase=False),
        exact=TEXT(analyzer=FrenchAnalyzer(stemming=False), phrase=False),
        phrase=TEXT(analyzer=FrenchAnalyzer(stemming=False), phrase=True),
        # One column of compact JSON per document: the facet values and what a
        # hit shows without touching the stored text.
        meta=COLUMN(),
    )


def document_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """Turn a `Library.search_documents()` dict into whoosh fields."""
    tags = list(doc.get("tags") or [])
    notes = doc.get("notes") or ""
    meta = {
        "k": doc["key"],
        "s": doc["source_id"],
        "i": doc["id"],
        "t": doc.get("title") or "",
        "kd": doc.get("kind") or "",
        "th": list(doc.get("themes") or []),
        "y": str(doc.get("year") or ""),
        "r": doc.get("region") or "",
        "tg": tags,
        "d": doc.get("published_at") or "",
        "w": bool(doc.get("withdrawn")),
    }
    pages = "\n".join(p["text"] for p in doc.get("pages") or ())
    if pages:
        meta["pg"] = 1  # has PDF text: the hits shown look for their pages
    title = doc.get("title") or ""
    summary = doc.get("summary") or ""
    body = doc.get("body") or ""
    theme_text = f"{doc.get('theme_text') or ''} {doc.get('kind_label') or ''}"
    tag_text = " ".join(tags)
    # The same string objects in every field that holds them: the analyzer
    # remembers the texts it just analysed (see analysis._words).
    parts = MultiText([title, summary, body, theme_text, tag_text, notes, pages])
    return {
        "key": doc["key"],
        "title": title,
        "summary": summary,
        "body": body,
        "theme_text": theme_text,
        "tags": tag_text,
        "notes": notes,
        "pages": pages,
        "exact": parts,
        "phrase": parts,
        "meta": json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode(),
    }


@dataclass
class DocMeta:
    key: str
    source_id: str
    id: str
    title: str
    kind: str
    themes: list[str]
    year: str
    region: str
    tags: list[str]
    published_at: str
    withdrawn: bool
    has_pages: bool = False  # the entry's PDFs have text in the index


#: Facets and their name in the meta column: one value per document, or several.
_ONE_VALUE = (("kind", "kd"), ("year", "y"), ("region", "r"), ("source", "s"))
_MANY_VALUES = (("theme", "th"), ("tag", "tg"))


def _doc_meta(m: dict[str, Any]) -> DocMeta:
    return DocMeta(
        m["k"], m["s"], m["i"], m["t"], m["kd"], m["th"], m["y"], m["r"], m["tg"], m["d"], m["w"],
        bool(m.get("pg")),
    )  # fmt: skip


class _MetaColumn:
    """`snap.meta[docnum]`: a document's `DocMeta` (None if deleted), read
    from the index's meta column when asked. A results page asks for 20;
    holding every document's decoded meta took 10 MB per 10,000 entries.
    Read under the snapshot's lock, as every whoosh read."""

    def __init__(self, columns: list[tuple[Any, int]], live: bytearray) -> None:
        self._columns = columns
        self._starts = [offset for _, offset in columns]
        self._live = live

    def __getitem__(self, docnum: int) -> DocMeta | None:
        if not 0 <= docnum < len(self._live) or not self._live[docnum]:
            return None
        col, offset = self._columns[bisect_right(self._starts, docnum) - 1]
        raw = col[docnum - offset]
        return _doc_meta(json.loads(raw)) if raw else None


class Snapshot:
    """One generation of the index, opened for reading, with its arrays.

    `Snapshot(folder)` loads every document's columns (O(library)).
    `advance()` gives the snapshot of the index after a catch-up at the cost
    of what changed: the segments it already holds keep their readers and
    their columns (whoosh segments never change, only their deletions), the
    new segments are read, and the documents deleted since are masked.
    """

    #: BM25 uses the average length of each field; a patched snapshot keeps
    #: those of its full load (an average moves by 1/N per changed entry,
    #: and new averages would change every document's norm: O(library)).
    #: Past this share of the library changed since, `advance` declines and
    #: the caller loads the index in full (amortised: O(1) per change).
    REFRESH_SHARE = 0.1

    def __init__(self, folder: Path) -> None:
        wi.check_version()
        self.folder = folder
        self.index = open_index(folder)
        self.searcher = self.index.searcher()
        # whoosh readers seek shared file handles: one query at a time.
        self.lock = threading.RLock()
        self.closed = False
        self._handed_over = False
        self._load()

    def _load(self) -> None:
        reader = self.searcher.reader()
        self.generation: int = reader.generation()
        self._init_columns()
        for leaf, offset in reader.leaf_readers():
            self._append_leaf(leaf, offset)
        self._changed_since_load = 0
        self.kept_docs = 0
        # Field lengths' averages (BM25 normalisation), see REFRESH_SHARE.
        self.avg_length: dict[str, float] = {}
        for field in (*TEXT_FIELDS, EXACT_FIELD):
            total = reader.field_length(field)
            self.avg_length[field] = (total / self.doc_count) if self.doc_count else 1.0
        self._idf_cache: dict[tuple[str, str], int] = {}

    def _init_columns(self) -> None:
        # Per-document columns, compact: one byte or one shared reference per
        # document. Values repeat (kinds, years, theme sets, dates): each is
        # held once (`_canon`). The rest of a document's meta (key, title…) is
        # decoded only for the hits shown (`meta`).
        self.leaves: list[tuple[Any, int]] = []
        self._deleted_counts: list[int] = []  # per leaf, as last seen
        self.maxdoc = 0
        self.doc_count = 0
        self.live = bytearray()
        self._canon: dict[Any, Any] = {}
        # Facet values by docnum, for counting with C-level map()/Counter.
        self.facet: dict[str, list[Any]] = {f: [] for f in FACETS}
        self.date_of: list[str] = []
        self.withdrawn: set[int] = set()
        self.dead: set[int] = set()
        # Documents per facet value, so a facet is counted by set intersections.
        self.facet_docs: dict[str, dict[str, set[int]]] = {f: {} for f in FACETS}
        self._meta_columns: list[tuple[Any, int]] = []
        self.meta = _MetaColumn(self._meta_columns, self.live)
        # Field lengths (BM25 normalisation): one array per field, by docnum.
        self.lengths: dict[str, array[int]] = {f: array("I") for f in (*TEXT_FIELDS, EXACT_FIELD)}

    def _append_leaf(self, leaf: Any, offset: int) -> None:
        """Add one segment's documents (docnums from `offset` = maxdoc)."""
        assert offset == self.maxdoc
        n_docs = leaf.doc_count_all()
        self.leaves.append((leaf, offset))
        self._deleted_counts.append(leaf.segment().deleted_count())
        self.maxdoc += n_docs
        live = self.live
        live.extend(b"\x01" * n_docs)
        if leaf.segment().has_deletions():
            for d in leaf.segment().deleted_docs():
                live[offset + d] = 0
        for f, _ in _ONE_VALUE:
            self.facet[f].extend([None] * n_docs)
        for f, _ in _MANY_VALUES:
            self.facet[f].extend([()] * n_docs)
        self.date_of.extend([""] * n_docs)
        share = self._canon.setdefault
        docs_of = self.facet_docs
        col = leaf.column_reader("meta", translate=False)
        self._meta_columns.append((col, offset))
        self.meta = _MetaColumn(self._meta_columns, live)
        values = wi.column_bytes(col)
        count = 0
        for d, raw in enumerate(col if values is None else values):
            n = offset + d
            if not live[n] or not raw:
                live[n] = 0
                self.dead.add(n)
                continue
            m = json.loads(raw)
            count += 1
            for facet, name in _ONE_VALUE:
                v = self.facet[facet][n] = share(m[name], m[name])
                if v:
                    docs_of[facet].setdefault(v, set()).add(n)
            for facet, name in _MANY_VALUES:
                t = tuple(m[name])
                self.facet[facet][n] = share(t, t)
                for v in t:
                    if v:
                        docs_of[facet].setdefault(v, set()).add(n)
            self.date_of[n] = share(m["d"], m["d"])
            if m["w"]:
                self.withdrawn.add(n)
        self.doc_count += count
        for field, lengths in self.lengths.items():
            raw_lengths = _length_bytes(leaf, field)
            if raw_lengths is None:
                lengths.extend([0] * n_docs)
            else:  # (a slice of another size would resize)
                lengths.extend(map(_LENGTH_TABLE.__getitem__, raw_lengths[:n_docs]))

    def _forget(self, n: int) -> None:
        """Mask document `n` (deleted since it was loaded)."""
        if not self.live[n]:
            return
        self.live[n] = 0
        self.dead.add(n)
        self.doc_count -= 1
        self.withdrawn.discard(n)
        for facet, _ in _ONE_VALUE:
            v = self.facet[facet][n]
            if v:
                self.facet_docs[facet].get(v, set()).discard(n)
        for facet, _ in _MANY_VALUES:
            for v in self.facet[facet][n]:
                if v:
                    self.facet_docs[facet].get(v, set()).discard(n)

    def advance(self) -> Snapshot | None:
        """The snapshot of this folder's latest generation, built from this
        one at the cost of what changed (see the class docstring); this one
        is closed. None (this one unchanged) when the new generation does not
        keep this one's segments in order (another process merged them), or
        past REFRESH_SHARE: load it in full then. Call it holding `lock`
        while searches may run, and publish the result before releasing it."""
        toc = wi.read_toc(self.index)
        segments = list(toc.segments)
        kept = 0
        while (
            kept < len(self.leaves)
            and kept < len(segments)
            and self.leaves[kept][0].segment().segment_id() == segments[kept].segment_id()
        ):
            kept += 1
        held = {leaf.segment().segment_id() for leaf, _ in self.leaves}
        if any(seg.segment_id() in held for seg in segments[kept:]):
            return None  # reordered: docnums moved
        start = self.leaves[kept][1] if kept < len(self.leaves) else self.maxdoc
        dropped = self.maxdoc - start
        added = sum(seg.doc_count_all() for seg in segments[kept:])
        changed = self._changed_since_load + dropped + added
        if changed > self.REFRESH_SHARE * max(self.doc_count, 1000):
            return None
        with self.lock:
            if self.closed:
                return None
            new = object.__new__(Snapshot)
            new.__dict__.update(self.__dict__)
            new.lock = threading.RLock()
            new.generation = toc.generation
            new._changed_since_load = changed
            new._idf_cache = {}
            # The documents of the segments merged away (rewritten in a new one).
            for n in range(start, self.maxdoc):
                new._forget(n)
                new.dead.discard(n)
            del new.live[start:]
            for values in new.facet.values():
                del values[start:]
            del new.date_of[start:]
            for lengths in new.lengths.values():
                del lengths[start:]
            old_tail = [leaf for leaf, _ in self.leaves[kept:]]
            new.leaves = self.leaves[:kept]
            new._deleted_counts = self._deleted_counts[:kept]
            new._meta_columns = self._meta_columns[:kept]
            new.maxdoc = start
            new.kept_docs = start  # the ranker keeps these documents' norms
            # Documents deleted in the segments kept (an update deletes the
            # entry's old document wherever it is).
            for i, seg in enumerate(segments[:kept]):
                if seg.deleted_count() != new._deleted_counts[i]:
                    offset = new.leaves[i][1]
                    for d in seg.deleted_docs():
                        new._forget(offset + d)
                    new._deleted_counts[i] = seg.deleted_count()
            for seg in segments[kept:]:
                new._append_leaf(wi.open_segment(self.index, toc, seg), new.maxdoc)
            new.meta = _MetaColumn(new._meta_columns, new.live)
            new.searcher = wi.searcher_over([leaf for leaf, _ in new.leaves], toc.generation)
            self.closed = True
            self._handed_over = True
            for leaf in old_tail:
                try:
                    leaf.close()
                except Exception:  # closing a half-broken reader must not raise
                    log.debug("closing a segment reader failed", exc_info=True)
            return new

    def docnums(self, key: str) -> list[int]:
        """Live documents of an entry key (one, or none)."""
        ids, _ = self.postings("key", key)
        return [d for d in ids if self.live[d]]

    def close(self) -> None:
        """Close the searcher (and its files), unless `advance` handed them
        over to the next snapshot."""
        with self.lock:
            self.closed = True
            if self._handed_over:
                return
            try:
                self.searcher.close()
            except Exception:  # closing a half-broken index must not raise
                log.debug("closing searcher failed", exc_info=True)

    # -- postings ------------------------------------------------------------

    def postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """(docnums, term frequencies) of one term in one field, deleted docs
        included (the caller masks them), read block by block."""
        ids: list[int] = []
        weights: list[float] = []
        btext = term.encode("utf-8")
        for leaf, offset in self.leaves:
            if (field, btext) not in leaf:
                continue
            # Deleted documents are masked by the caller (`live`): read the
            # raw postings under whoosh's deletion filter, block by block.
            _read_all(wi.unfiltered(leaf.postings(field, btext)), offset, ids, weights)
        return ids, weights

    def doc_frequency(self, field: str, term: str) -> int:
        """Documents holding `term` in `field` (deleted ones included, as BM25 does)."""
        key = (field, term)
        cached = self._idf_cache.get(key)
        if cached is None:
            cached = self.searcher.reader().doc_frequency(field, term.encode("utf-8"))
            self._idf_cache[key] = cached
        return cached

    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """The most frequent words of `field` starting with `prefix`."""
        reader = self.searcher.reader()
        words: list[tuple[int, str]] = []
        for btext in reader.expand_prefix(field, prefix.encode("utf-8")):
            word = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
            words.append((reader.doc_frequency(field, btext), word))
            if len(words) > 2000:  # a one-letter prefix: enough to rank from
                break
        words.sort(key=lambda x: (-x[0], x[1]))
        return [w for _, w in words[:limit]]

    def stored(self, docnum: int) -> dict[str, Any]:
        """Stored text of one document (title, summary, body, notes)."""
        return dict(self.searcher.stored_fields(docnum))

    def phrase_docs(self, field: str, words: list[str], candidates: Iterable[int]) -> set[int]:
        """Docnums among `candidates` where `words` appear consecutively in `field`."""
        wanted = set(candidates)
        if not wanted or not words:
            return set()
        fmt = self.searcher.reader().schema[field].format
        found = wanted
        # Encoded positions of each word for the candidates still in play;
        # decoded (a pickle each) only for documents holding every word.
        raw: list[dict[int, bytes]] = []
        for word in words:
            values = self._position_values(field, word, found)
            found = found.intersection(values)
            if not found:
                return set()
            raw.append(values)
        decode = fmt.decode_positions
        out = set()
        for d in found:
            starts = set(decode(raw[0][d]))
            for i, values in enumerate(raw[1:], 1):
                following = set(decode(values[d]))
                starts = {p for p in starts if p + i in following}
                if not starts:
                    break
            if starts:
                out.add(d)
        return out

    def _position_values(self, field: str, word: str, docs: set[int]) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        btext = word.encode("utf-8")
        for leaf, offset in self.leaves:
            if (field, btext) not in leaf:
                continue
            m = wi.unfiltered(leaf.postings(field, btext))
            if not wi.has_block_access(m):
                while m.is_active():  # another codec: one posting at a time
                    d = m.id() + offset
                    if d in docs:
                        out[d] = m.value()
                    m.next()
                continue
            for ids, _weights, values in wi.blocks(m):
                for i, local in enumerate(ids):
                    d = local + offset
                    if d in docs:
                        out[d] = values[i]
        return out


def _length_bytes(leaf: Any, field: str) -> Any:
    """The per-document length bytes of `field` in one segment, or None."""
    try:
        got = wi.length_bytes(leaf, field)
    except (ImportError, AttributeError):
        got = False
    if got is not False:
        return got
    # Portable (slower) path for other codecs.
    return [
        min(255, int(length_to_byte(leaf.doc_field_length(d, field, 0) or 0)))
        for d in range(leaf.doc_count_all())
    ]


def _read_all(m: Any, offset: int, ids: list[int], weights: list[float]) -> None:
    """Append every posting of leaf matcher `m` (docnum + offset, weight)."""
    if wi.has_block_access(m):
        # whoosh 3 codec: decode whole blocks instead of one posting per call.
        for block, raw_weights, _values in wi.blocks(m):
            if offset:
                block = [i + offset for i in block]
            ids.extend(block)
            if raw_weights is None:
                weights.extend([1.0] * len(block))
            elif isinstance(raw_weights, float):
                weights.extend([raw_weights] * len(block))
            else:
                weights.extend(raw_weights)
        return
    while m.is_active():
        ids.append(m.id() + offset)
        weights.append(m.weight())
        m.next()
