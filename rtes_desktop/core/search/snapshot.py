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
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermsReader
from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length

from rtes_desktop.core.models import FACETS
from rtes_desktop.core.search import pool
from rtes_desktop.core.search.analysis import FrenchAnalyzer, MultiText
from rtes_desktop.core.search.storage import open_index

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


class RtesCodec(W3Codec):
    """whoosh's codec with big, uncompressed posting blocks for the fields
    every query reads whole (one pickle per 512 postings, no zlib: fewer and
    cheaper blocks beat the default's finer skipping), and the default small
    zlib blocks for the rarely read positions of the phrase field."""

    def __init__(self) -> None:
        super().__init__(blocklimit=512, compression=0)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _FieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> Any:
        # The term table is read into memory (3.7 MB at 10,000 entries):
        # finding a term is a binary search, a dozen probes, and read from the
        # file (no memory maps, see storage.py) each probe was a seek and a
        # read. Slower, and a thread making a system call every few
        # microseconds keeps the others from the GIL (the convoy effect).
        name = segment.make_filename(self.TERMS_EXT)
        length = storage.file_length(name)
        f = storage.open_file(name)
        try:
            table = BufferFile(f.read(length), name=name)
        finally:
            f.close()
        postings = segment.open_file(storage, self.POSTS_EXT)
        return W3TermsReader(self, table, length, postings)


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        # Our pool hands its postings over term by term (see pool.py).
        terms = getattr(items, "terms", None)
        if terms is None:
            super().add_postings(schema, lengths, items)
        else:
            pool.write_terms(self, schema, lengths, terms())

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        if fieldname == PHRASE_FIELD:
            self._postwriter = W3PostingsWriter(self._postfile, blocklimit=128, compression=3)


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
    """One generation of the index, opened for reading, with its arrays."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = open_index(folder)
        self.searcher = self.index.searcher()
        # whoosh readers seek shared file handles: one query at a time.
        self.lock = threading.RLock()
        self.closed = False
        self._load()

    def _load(self) -> None:
        reader = self.searcher.reader()
        self.leaves: list[tuple[Any, int]] = list(reader.leaf_readers())
        self.maxdoc = maxdoc = reader.doc_count_all()
        # Per-document columns, compact: one byte or one shared reference per
        # document. Values repeat (kinds, years, theme sets, dates): each is
        # held once (`canon`). The rest of a document's meta (key, title…) is
        # decoded only for the hits shown (`meta`).
        self.live = live = bytearray(b"\x01") * maxdoc
        canon: dict[Any, Any] = {}
        share = canon.setdefault
        # Facet values by docnum, for counting with C-level map()/Counter.
        self.facet: dict[str, list[Any]] = {f: [None] * maxdoc for f, _ in _ONE_VALUE}
        self.facet.update({f: [()] * maxdoc for f, _ in _MANY_VALUES})
        self.date_of: list[str] = [""] * maxdoc
        self.withdrawn: set[int] = set()
        # Documents per facet value, so a facet is counted by set intersections.
        self.facet_docs: dict[str, dict[str, set[int]]] = {f: {} for f in FACETS}
        docs_of = self.facet_docs
        meta_columns: list[tuple[Any, int]] = []
        count = 0
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                if hasattr(leaf, "deleted_docs_set"):
                    deleted: Iterable[int] = leaf.deleted_docs_set  # a cached property
                else:
                    deleted = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
                for d in deleted:
                    live[offset + d] = 0
            col = leaf.column_reader("meta", translate=False)
            meta_columns.append((col, offset))
            for d, raw in enumerate(_column_values(col)):
                n = offset + d
                if not live[n] or not raw:
                    live[n] = 0
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
        self.doc_count = count
        self.meta = _MetaColumn(meta_columns, live)
        self.dead = {d for d, ok in enumerate(live) if not ok}
        # Field lengths (BM25 normalisation): one array per field, by docnum.
        self.lengths: dict[str, array[int]] = {}
        self.avg_length: dict[str, float] = {}
        for field in (*TEXT_FIELDS, EXACT_FIELD):
            lengths = array("I", bytes(4 * maxdoc))
            for leaf, offset in self.leaves:
                raw_lengths = _length_bytes(leaf, field)
                if raw_lengths is None:
                    continue
                n = leaf.doc_count_all()  # (a slice of another size would resize)
                lengths[offset : offset + n] = array(
                    "I", map(_LENGTH_TABLE.__getitem__, raw_lengths[:n])
                )
            self.lengths[field] = lengths
            total = reader.field_length(field)
            self.avg_length[field] = (total / self.doc_count) if self.doc_count else 1.0
        self._idf_cache: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        """Close the searcher (and its files)."""
        with self.lock:
            self.closed = True
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
            m = leaf.postings(field, btext)
            # Deleted documents are masked by the caller (`live`): read the
            # raw postings under whoosh's deletion filter, block by block.
            m = getattr(m, "child", m) if type(m).__name__ == "FilterMatcher" else m
            _read_all(m, offset, ids, weights)
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
        fmt = self.index.schema[field].format
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
            m = leaf.postings(field, btext)
            m = getattr(m, "child", m) if type(m).__name__ == "FilterMatcher" else m
            if not all(hasattr(m, a) for a in ("_read_data", "_next_block", "_lastblock")):
                while m.is_active():  # another codec: one posting at a time
                    d = m.id() + offset
                    if d in docs:
                        out[d] = m.value()
                    m.next()
                continue
            while m.is_active():
                if m._data is None:
                    m._read_data()
                ids = accumulate(m._data[0])
                values = m._data[2]
                for i, local in enumerate(ids):
                    d = local + offset
                    if d in docs:
                        out[d] = values[i]
                if m._lastblock:
                    break
                m._next_block()
        return out


def _column_values(col: Any) -> Iterable[bytes]:
    """Every document's value in a whoosh variable-length bytes column, read
    in one call. Read one by one, each value is a seek and a read on the
    segment file; a thread making a system call every few microseconds
    retakes Python's GIL before a waiting thread wakes up, and kept the GUI
    thread out for 40-60 ms while a snapshot loaded."""
    lengths = getattr(col, "_lengths", None)
    offsets = getattr(col, "_offsets", None)
    dbfile = getattr(col, "_dbfile", None)
    basepos = getattr(col, "_basepos", None)
    if lengths is None or offsets is None or dbfile is None or basepos is None:
        return col  # another column type: its own iteration
    if not len(lengths):
        return []
    data = dbfile.get(basepos, max(map(sum, zip(offsets, lengths, strict=True))))
    return (data[o : o + n] for o, n in zip(offsets, lengths, strict=True))


def _length_bytes(leaf: Any, field: str) -> Any:
    """The per-document length bytes of `field` in one segment, or None."""
    perdoc = getattr(leaf, "_perdoc", None)
    reader_fn = getattr(perdoc, "_cached_reader", None)
    if reader_fn is not None:
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            col = reader_fn(_lenfield(field), LENGTHS_COLUMN)
            if col is None:
                return None
            n = leaf.doc_count_all()
            if getattr(col, "_fixedlen", None) == 1 and hasattr(col, "_dbfile"):
                # One read for the whole column (a byte per document written;
                # documents after the last one written have the default, 0).
                written = min(col._count, n)
                return col._dbfile.get(col._basepos, written) + bytes(n - written)
            return col.load() if hasattr(col, "load") else list(col)
        except (ImportError, AttributeError):
            pass
    # Portable (slower) path for other codecs.
    out = []
    for d in range(leaf.doc_count_all()):
        length = leaf.doc_field_length(d, field, 0) or 0
        out.append(min(255, _byte_for(length)))
    return out


def _byte_for(length: int) -> int:
    from whoosh.util.numeric import length_to_byte

    return int(length_to_byte(length))


def _read_all(m: Any, offset: int, ids: list[int], weights: list[float]) -> None:
    """Append every posting of leaf matcher `m` (docnum + offset, weight)."""
    if all(hasattr(m, a) for a in ("_read_data", "_next_block", "_lastblock", "_byteids")):
        # whoosh 3 codec: decode whole blocks instead of one posting per call
        # (the ids are delta-coded; accumulate() undoes that in C).
        while m.is_active():
            if m._data is None:
                m._read_data()
            raw_ids, raw_weights = m._data[0], m._data[1]
            block = list(accumulate(raw_ids)) if not m._byteids else list(raw_ids)
            if offset:
                block = [i + offset for i in block]
            ids.extend(block)
            if raw_weights is None:
                weights.extend([1.0] * len(block))
            elif isinstance(raw_weights, float):
                weights.extend([raw_weights] * len(block))
            else:
                weights.extend(raw_weights)
            if m._lastblock:
                break
            m._next_block()
        return
    while m.is_active():
        ids.append(m.id() + offset)
        weights.append(m.weight())
        m.next()
