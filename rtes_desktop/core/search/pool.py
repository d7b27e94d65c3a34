"""The index writer's posting pool, bounded in memory, and its bulk writer.

whoosh's `PostingPool` keeps every posting of a new segment as one
``(field, term, docnum, weight, value)`` tuple in one list and, at commit,
sorts that list in a single call: two million tuples for 10,000 entries, a
sort that held the GIL (and the GUI) for 200 ms and more, and every full
garbage collection of the build walking them all.

`TermPool` files each posting under its field and term as it arrives, packed
in two byte strings per term, which the garbage collector never walks.
Documents arrive in increasing docnum order, so each term's postings are
already in order. Past `limitmb` of packed postings the pool writes its terms,
sorted, as one *run* to the writer's temporary folder (one marshal record per
term, not per posting) and starts again empty: memory stays flat however large
the library. At commit the runs and what is left in memory are merged term by
term (the parts of one term are concatenated in the order they were written,
which is docnum order) and handed to the field writer one term at a time;
`write_terms` fills whoosh's posting blocks from arrays in a few C-level calls
instead of one Python call per posting, and reads each field's lengths once
instead of once per posting.

The order is exactly whoosh's (field, term, then the whole posting), and the
blocks are filled exactly as whoosh's posting writer fills them, so the
segment written is the same, byte for byte.
"""

from __future__ import annotations

import heapq
import marshal
import os
import struct
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, groupby, repeat
from operator import itemgetter
from typing import Any

from whoosh.writing import PostingPool

from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.pacing import Pacer

#: Longer key lists are sorted in slices this long (a few ms of GIL each) and
#: merged by a generator, which lets other threads run between items.
SORT_SLICE = 20_000
#: At most this many runs are merged at once (open files); more are first
#: merged into fewer, bigger runs.
MAX_MERGE = 64

Posting = tuple[str, bytes, int, float, Any]
#: One term's postings as stored: a (docnum, weight, value length or -1 for
#: None) record per posting, and the values end to end.
_Term = tuple[bytearray, bytearray]
#: One term's postings in a run or at commit: (field, term, heads, values).
_Record = tuple[str, bytes, Any, Any]
#: One term's postings decoded: (field, term, docnums, weights, values).
TermPostings = tuple[str, bytes, Sequence[int], Sequence[float], Sequence[bytes | None]]
_HEAD = struct.Struct("<idi")
_pack_head = _HEAD.pack
_pack_uint = struct.Struct("!I").pack  # whoosh.system.pack_uint: a Frequency posting's value
#: Memory of a new term besides its postings (two bytearrays, a dict slot).
_TERM_OVERHEAD = 200
_term_key = itemgetter(0, 1)


def sorted_gently(keys: Iterable[Any], slice_len: int = SORT_SLICE) -> Iterator[Any]:
    """`sorted(keys)` as an iterator, without any single C call sorting more
    than `slice_len` items (other threads get the GIL in between)."""
    keys = list(keys)
    if len(keys) <= slice_len:
        keys.sort()
        return iter(keys)
    runs = [sorted(keys[i : i + slice_len]) for i in range(0, len(keys), slice_len)]
    return heapq.merge(*runs)


class PostingStream:
    """What `TermPool.iter_postings` returns: iterated, whoosh's posting
    tuples in order (any field writer takes them); `terms()` gives the same
    postings one term at a time, as arrays (what `write_terms` takes)."""

    def __init__(self, terms: Iterator[TermPostings]) -> None:
        self._terms = terms

    def terms(self) -> Iterator[TermPostings]:
        """Each term's postings: (field, term, docnums, weights, values)."""
        return self._terms

    def write_to(self, fieldwriter: Any, schema: Any, lengths: Any) -> None:
        """Write these postings through `fieldwriter` in bulk (`write_terms`).
        The field writer calls this method, so whoosh_internals needs no import
        of this module (which imports it)."""
        write_terms(fieldwriter, schema, lengths, self._terms)

    def __iter__(self) -> Iterator[Posting]:
        for fieldname, tbytes, docs, weights, values in self._terms:
            yield from zip(repeat(fieldname), repeat(tbytes), docs, weights, values)


class TermPool(PostingPool):  # type: ignore[misc]
    """Drop-in for whoosh's `PostingPool` (see the module docstring). It counts
    the real bytes it holds (about a seventh of what whoosh's tuples take) and
    past `limitmb` writes them to disk as a sorted run."""

    runs: list[str]  # paths of the runs in the writer's temporary storage

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._fields: dict[str, dict[bytes, _Term]] = {}
        self._last_field: str | None = None
        self._terms: dict[bytes, _Term] = {}
        self._last_doc = -1
        # False once a posting comes with a lower docnum than one before
        # (merging an older segment adds its postings term by term): each
        # term's postings are then sorted when written. Kept across runs: a
        # term's parts are concatenated in the order they arrived.
        self._in_order = True

    def add(self, item: Posting) -> None:
        """File one posting under its field and term."""
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._field_terms(fieldname, docnum)
        term = terms.get(tbytes)
        if term is None:
            term = terms[tbytes] = (bytearray(), bytearray())
            self.currentsize += _TERM_OVERHEAD + len(tbytes)
        heads, values = term
        if vbytes is None:
            heads += _pack_head(docnum, weight, -1)
            self.currentsize += _HEAD.size
        else:
            heads += _pack_head(docnum, weight, len(vbytes))
            values += vbytes
            self.currentsize += _HEAD.size + len(vbytes)
        if self.currentsize > self.limit:
            self.save()

    def _field_terms(self, fieldname: str, docnum: int) -> dict[bytes, _Term]:
        """The term table `fieldname`'s postings go into, noting whether
        documents still arrive in order (a sorted run needs no sort)."""
        if fieldname != self._last_field:
            self.fieldnames.add(fieldname)
            self._terms = self._fields.setdefault(fieldname, {})
            self._last_field = fieldname
        if docnum < self._last_doc:
            self._in_order = False
        else:
            self._last_doc = docnum
        return self._terms

    def add_frequencies(self, fieldname: str, docnum: int, counts: dict[str, int]) -> None:
        """File one document's postings of a frequency field at once: what
        `add` files for each (term, freq) whoosh's Frequency format gives
        (weight freq, value the frequency packed as whoosh packs it)."""
        terms = self._field_terms(fieldname, docnum)
        size = 0
        pack = _pack_head
        for term, freq in counts.items():
            tbytes = term.encode("utf-8")
            held = terms.get(tbytes)
            if held is None:
                held = terms[tbytes] = (bytearray(), bytearray())
                size += _TERM_OVERHEAD + len(tbytes)
            held[0].extend(pack(docnum, float(freq), 4))
            held[1].extend(_pack_uint(freq))
        self.currentsize += size + len(counts) * (_HEAD.size + 4)
        if self.currentsize > self.limit:
            self.save()

    def add_values(
        self, fieldname: str, docnum: int, items: list[tuple[str, float, bytes]]
    ) -> None:
        """File one document's postings of a field at once: (term, weight,
        value) each, as `add` files them."""
        terms = self._field_terms(fieldname, docnum)
        size = 0
        for term, weight, vbytes in items:
            tbytes = term.encode("utf-8")
            held = terms.get(tbytes)
            if held is None:
                held = terms[tbytes] = (bytearray(), bytearray())
                size += _TERM_OVERHEAD + len(tbytes)
            held[0].extend(_pack_head(docnum, weight, len(vbytes)))
            held[1].extend(vbytes)
            size += _HEAD.size + len(vbytes)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _records(self) -> Iterator[_Record]:
        """The terms held in memory, in order, emptying the pool as it goes."""
        fields = self._fields
        self._fields, self._terms, self._last_field = {}, {}, None
        self.currentsize = 0
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted_gently(terms):
                heads, values = terms.pop(tbytes)
                yield fieldname, tbytes, heads, values

    def _write_records(self, records: Iterable[_Record]) -> str:
        """Write sorted records as a new run; returns its path."""
        path: str
        path, f = wi.new_run(self)
        try:
            dump = marshal.dump  # bytearrays are written as bytes, uncopied
            for record in records:
                dump(record, f)
        finally:
            f.close()
        return path

    def _open_run_buffered(self, path: str) -> Any:
        folder = getattr(self.tempstore, "folder", None)
        if folder is None:
            return wi.open_run(self, path)
        # A read every megabyte rather than every 8 KB: see storage.py on
        # system calls and the GIL.
        return open(os.path.join(folder, path), "rb", buffering=1 << 20)  # noqa: SIM115

    def _read_run(self, path: str) -> Iterator[_Record]:
        f = self._open_run_buffered(path)
        try:
            load = marshal.load
            while True:
                try:
                    yield load(f)
                except EOFError:
                    return
        finally:
            f.close()
            wi.remove_run(self, path)

    def save(self) -> None:
        """Write the pool's terms as a sorted run to temporary storage."""
        if self._fields:
            wi.add_run(self, self._write_records(self._records()))

    def _merged(self, sources: list[Iterator[_Record]]) -> Iterator[_Record]:
        """One record per term from sorted sources; a term's parts are joined
        in source order (heapq.merge keeps it for equal keys)."""
        merged = heapq.merge(*sources, key=_term_key) if len(sources) > 1 else sources[0]
        for key, group in groupby(merged, key=_term_key):
            parts = list(group)
            if len(parts) == 1:
                yield parts[0]
            else:
                heads = b"".join(p[2] for p in parts)
                yield key[0], key[1], heads, b"".join(p[3] for p in parts)

    def terms(self) -> Iterator[TermPostings]:
        """Every term's postings in whoosh's order, emptying the pool."""
        while len(self.runs) > MAX_MERGE:  # too many files to open at once
            oldest, self.runs = self.runs[:MAX_MERGE], self.runs[MAX_MERGE:]
            path = self._write_records(self._merged([self._read_run(p) for p in oldest]))
            self.runs.insert(0, path)  # still the oldest postings: first
        sources = [self._read_run(p) for p in self.runs]
        self.runs = []
        sources.append(self._records())
        in_order = self._in_order
        for fieldname, tbytes, heads, values in self._merged(sources):
            docs, weights, vals = _decode(heads, values)
            if not in_order and len(docs) > 1:
                # One term's postings: short, mostly in order.
                postings = sorted(zip(docs, weights, vals, strict=True))
                docs, weights, vals = zip(*postings, strict=True)
            yield fieldname, tbytes, docs, weights, vals

    def iter_postings(self) -> PostingStream:
        """Every posting, in the order whoosh's pool would give them."""
        return PostingStream(self.terms())

    def items(self, maxfiles: int = 128) -> Iterator[Posting]:
        """Every posting, in the order whoosh's pool would give them."""
        return iter(self.iter_postings())


def _decode(
    heads: bytes | bytearray, values: bytes | bytearray
) -> tuple[Sequence[int], Sequence[float], Sequence[bytes | None]]:
    """One term's postings back as docnums, weights and values, with C-level
    loops (a term has at most one posting per document: short calls)."""
    docs, weights, lengths = zip(*_HEAD.iter_unpack(heads), strict=True)
    data = bytes(values)
    vals: Sequence[bytes | None]
    if min(lengths) >= 0:  # no None value: slice at consecutive ends
        ends = list(accumulate(lengths))
        vals = list(map(data.__getitem__, map(slice, chain((0,), ends), ends)))
    else:
        out: list[bytes | None] = []
        start = 0
        for n in lengths:
            if n < 0:
                out.append(None)
            else:
                out.append(data[start : start + n])
                start += n
        vals = out
    return docs, weights, vals


# -- writing a segment's postings term by term ------------------------------


class _NoLengths:
    def __getitem__(self, docnum: int) -> int:
        return 0


def _field_lengths(lengths: Any, fieldname: str) -> Any:
    """Every document's length of `fieldname` (0 if none), read once: whoosh's
    writer asks the per-document reader for it once per posting."""
    if lengths is None:
        return _NoLengths()
    dfl = lengths.doc_field_length
    return [dfl(d, fieldname) or 0 for d in range(lengths.doc_count_all())]


def write_terms(fieldwriter: Any, schema: Any, lengths: Any, terms: Iterable[TermPostings]) -> None:
    """Write postings term by term through a whoosh `FieldWriter`, as its
    `add_postings(schema, lengths, postings)` would: same blocks, same
    statistics, same bytes. Blocks are filled from arrays when the field's
    posting writer is whoosh 3's (or its subclass); any other is fed one
    posting at a time."""
    lastfn: str | None = None
    pw: Any = None
    bulk = False
    field_lengths: Any = None
    pace = Pacer()  # blocks are zlib-compressed: see pacing.py
    for fieldname, tbytes, docs, weights, values in terms:
        pace()
        if docs and docs[0] < 0:
            # whoosh's marker for spelling words (never postings): skipped as
            # its add_postings skips them.
            keep = [i for i, d in enumerate(docs) if d >= 0]
            if not keep:
                continue
            docs = [docs[i] for i in keep]
            weights = [weights[i] for i in keep]
            values = [values[i] for i in keep]
        if fieldname != lastfn:
            if lastfn is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lastfn = fieldname
            field_lengths = _field_lengths(lengths, fieldname)
            pw = None
        fieldwriter.start_term(tbytes)
        if pw is None:  # the field's posting writer, ready for a term
            pw = wi.posting_writer(fieldwriter)
            bulk = pw is not None
        if not bulk:
            add = fieldwriter.add
            for d, w, v in zip(docs, weights, values, strict=True):
                add(d, w, b"" if v is None else v, field_lengths[d])
            fieldwriter.finish_term()
            continue
        n = len(docs)
        limit = wi.block_limit(pw)
        for start in range(0, n, limit):
            end = min(n, start + limit)
            ids = docs[start:end]
            lens = [n_ for n_ in map(field_lengths.__getitem__, ids) if n_]
            vals = [v for v in values[start:end] if v]
            wi.fill_block(pw, ids, weights[start:end], vals, lens)
            if end < n:
                # whoosh writes a full block when the next posting arrives;
                # the last one (full or not) is written by finish_postings.
                wi.write_block(pw)
        fieldwriter.finish_term()
    if lastfn is not None:
        fieldwriter.finish_field()


def install(writer: Any) -> Any:
    """Give a fresh whoosh `SegmentWriter` a `TermPool`; returns the writer.
    Any other writer (or one already written to) is left as it is."""
    pool: Any = getattr(writer, "pool", None)
    if type(pool) is PostingPool and not pool.current and not pool.runs:
        writer.pool = TermPool(pool.tempstore, pool.segment, limitmb=pool.limit // (1024 * 1024))
    return writer
