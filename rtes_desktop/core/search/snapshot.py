"""The whoosh side of search: the schema, and a read-only snapshot of one
index generation with everything a query needs preloaded.

A `Snapshot` owns one whoosh searcher (reused for every query until the index
changes) plus per-document arrays loaded once: the facet values (kind,
themes, year, region, source, tags, date), the field lengths used by BM25,
and the live/deleted state. Queries then count facets and filter by plain
list lookups instead of whoosh's grouping machinery, which measured 50-170 ms
at 10,000 entries.

Postings are read a whole block at a time (`postings`), never one posting per
Python call: that is where whoosh spends its time otherwise.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.util.numeric import byte_to_length

from rtes_desktop.core.search.analysis import FrenchAnalyzer

log = logging.getLogger(__name__)

#: Bump when the schema or the analysis changes: older indexes are rebuilt.
INDEX_FORMAT = 1

#: Text fields searched, with their BM25F weight (title weighs most).
FIELD_WEIGHTS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.0,
    "theme_text": 1.5,
    "tags": 2.0,
    "notes": 1.5,
    "body": 1.0,
}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
#: Fields with positions (exact phrases).
PHRASE_FIELDS = ("title", "summary", "body", "notes", "theme_text", "tags")
#: Unstemmed, folded words of all the text: exact forms, prefixes, spelling.
EXACT_FIELD = "exact"

_LENGTH_TABLE = [byte_to_length(b) for b in range(256)]


def make_schema() -> Schema:
    """The index schema. Analyzers are importable classes (whoosh pickles them)."""
    fr = FrenchAnalyzer(stemming=True)
    return Schema(
        key=ID(stored=True, unique=True),
        title=TEXT(analyzer=fr, phrase=True, stored=True),
        summary=TEXT(analyzer=fr, phrase=True, stored=True),
        body=TEXT(analyzer=fr, phrase=True, stored=True),
        theme_text=TEXT(analyzer=fr, phrase=True),
        tags=TEXT(analyzer=fr, phrase=True),
        notes=TEXT(analyzer=fr, phrase=True, stored=True),
        exact=TEXT(analyzer=FrenchAnalyzer(stemming=False), phrase=False),
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
    parts = [
        doc.get("title") or "",
        doc.get("summary") or "",
        doc.get("body") or "",
        doc.get("theme_text") or "",
        " ".join(tags),
        notes,
    ]
    return {
        "key": doc["key"],
        "title": doc.get("title") or "",
        "summary": doc.get("summary") or "",
        "body": doc.get("body") or "",
        "theme_text": f"{doc.get('theme_text') or ''} {doc.get('kind_label') or ''}",
        "tags": " ".join(tags),
        "notes": notes,
        "exact": "\n".join(parts),
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


class Snapshot:
    """One generation of the index, opened for reading, with its arrays."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = whoosh_index.open_dir(str(folder))
        self.searcher = self.index.searcher()
        # whoosh readers seek shared file handles: one query at a time.
        self.lock = threading.RLock()
        self.closed = False
        self._load()

    def _load(self) -> None:
        reader = self.searcher.reader()
        self.leaves: list[tuple[Any, int]] = list(reader.leaf_readers())
        self.maxdoc = reader.doc_count_all()
        self.live = [True] * self.maxdoc
        self.meta: list[DocMeta | None] = [None] * self.maxdoc
        self.by_key: dict[str, int] = {}
        for leaf, offset in self.leaves:
            deleted = leaf.deleted_docs() if leaf.has_deletions() else ()
            for d in deleted:
                self.live[offset + d] = False
            col = leaf.column_reader("meta", translate=False)
            for d, raw in enumerate(col):
                n = offset + d
                if not self.live[n] or not raw:
                    self.live[n] = False
                    continue
                m = json.loads(raw)
                self.meta[n] = DocMeta(
                    m["k"], m["s"], m["i"], m["t"], m["kd"], m["th"], m["y"], m["r"],
                    m["tg"], m["d"], m["w"],
                )  # fmt: skip
                self.by_key[m["k"]] = n
        self.doc_count = len(self.by_key)
        # Field lengths (BM25 normalisation): one list per field, by docnum.
        self.lengths: dict[str, list[int]] = {}
        self.avg_length: dict[str, float] = {}
        for field in (*TEXT_FIELDS, EXACT_FIELD):
            lengths = [0] * self.maxdoc
            for leaf, offset in self.leaves:
                raw_lengths = _length_bytes(leaf, field)
                if raw_lengths is None:
                    continue
                for d, b in enumerate(raw_lengths):
                    lengths[offset + d] = _LENGTH_TABLE[b]
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

    def phrase_docs(self, field: str, stems: list[str], candidates: Iterable[int]) -> set[int]:
        """Docnums among `candidates` where `stems` appear consecutively in `field`."""
        from whoosh.query import Phrase
        from whoosh.searching import Searcher

        wanted = set(candidates)
        if not wanted:
            return set()
        found: set[int] = set()
        for leaf, offset in self.leaves:
            local = sorted(
                d - offset for d in wanted if offset <= d < offset + leaf.doc_count_all()
            )
            if not local:
                continue
            try:
                m = Phrase(field, stems).matcher(Searcher(leaf))
            except Exception:  # a term absent from this segment
                continue
            for d in local:
                if not m.is_active():
                    break
                if m.id() < d:
                    m.skip_to(d)
                    if not m.is_active():
                        break
                if m.id() == d:
                    found.add(d + offset)
        return found


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
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block") and hasattr(m, "_lastblock"):
        # whoosh 3 codec: decode whole blocks (arrays) instead of one posting
        # per call, ~20x faster on long posting lists.
        while m.is_active():
            m._read_ids()
            m._read_weights()
            block_ids = m._ids
            if offset:
                ids.extend([i + offset for i in block_ids])
            else:
                ids.extend(block_ids)
            weights.extend(m._weights)
            if m._lastblock:
                break
            m._next_block()
        return
    while m.is_active():
        ids.append(m.id() + offset)
        weights.append(m.weight())
        m.next()
