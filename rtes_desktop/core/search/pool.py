"""A posting pool for whoosh's segment writer that never holds the GIL for long.

whoosh's `PostingPool` keeps every posting of a new segment as one
``(field, term, docnum, weight, value)`` tuple in one list and, at commit,
sorts that list in a single call. A thread holds Python's GIL throughout one C
call: ``sorted()`` of the two million postings of 10,000 entries kept every
other thread, the GUI's included, waiting 200 ms and more. Dropping the list
afterwards (millions of objects freed in one go) was another long pause, and
every full garbage collection during the build walked all those tuples.

This pool files each posting under its field and term as it arrives, packed
in two byte strings per term, which the garbage collector never walks.
Documents are added in increasing docnum order, so each term's postings are
already in order: committing only sorts each field's terms (in slices, merged
lazily) and streams the postings term by term, freeing each term once written.
The order is exactly whoosh's (field, term, then the whole tuple), so the
segment written is the same, byte for byte in its postings.
"""

from __future__ import annotations

import heapq
import struct
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, repeat
from typing import Any

from whoosh.writing import PostingPool

#: Longer key lists are sorted in slices this long (a few ms of GIL each) and
#: merged by a generator, which lets other threads run between items.
SORT_SLICE = 20_000

Posting = tuple[str, bytes, int, float, Any]
#: One term's postings: a (docnum, weight, value length or -1 for None)
#: record per posting, and the values end to end.
_Term = tuple[bytearray, bytearray]
_HEAD = struct.Struct("<qdi")
_pack_head = _HEAD.pack
#: Memory of a new term besides its postings (two bytearrays, a dict slot).
_TERM_OVERHEAD = 200


def sorted_gently(keys: Iterable[Any], slice_len: int = SORT_SLICE) -> Iterator[Any]:
    """`sorted(keys)` as an iterator, without any single C call sorting more
    than `slice_len` items (other threads get the GIL in between)."""
    keys = list(keys)
    if len(keys) <= slice_len:
        keys.sort()
        return iter(keys)
    runs = [sorted(keys[i : i + slice_len]) for i in range(0, len(keys), slice_len)]
    return heapq.merge(*runs)


class TermPool(PostingPool):  # type: ignore[misc]
    """Drop-in for whoosh's `PostingPool` (see the module docstring). Past
    `limitmb` of postings it spills a sorted run to the writer's temporary
    storage, as whoosh's does; it counts real bytes, about a seventh of what
    whoosh's tuples take, so it rarely needs to."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._fields: dict[str, dict[bytes, _Term]] = {}
        self._last_field: str | None = None
        self._terms: dict[bytes, _Term] = {}
        self._last_doc = -1
        # False once a posting comes with a lower docnum than one before
        # (merging an older segment adds its postings term by term): each
        # term's postings are then sorted when written.
        self._in_order = True

    def add(self, item: Posting) -> None:
        """File one posting under its field and term."""
        fieldname, tbytes, docnum, weight, vbytes = item
        if fieldname != self._last_field:
            self.fieldnames.add(fieldname)
            self._terms = self._fields.setdefault(fieldname, {})
            self._last_field = fieldname
        if docnum < self._last_doc:
            self._in_order = False
        else:
            self._last_doc = docnum
        term = self._terms.get(tbytes)
        if term is None:
            term = self._terms[tbytes] = (bytearray(), bytearray())
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

    def _drain(self) -> Iterator[Posting]:
        """Every posting in whoosh's order, emptying the pool as it goes."""
        fields, in_order = self._fields, self._in_order
        self._fields, self._terms, self._last_field = {}, {}, None
        self._last_doc, self._in_order, self.currentsize = -1, True, 0
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted_gently(terms):
                postings = _decode(fieldname, tbytes, *terms.pop(tbytes))
                if not in_order and len(postings) > 1:
                    postings.sort()  # one term's postings: short, mostly in order
                yield from postings

    def save(self) -> None:
        """Write the pool as a sorted run to temporary storage."""
        if not self._fields:
            return
        path, f = self._new_run()
        self._write_run(f, self._drain())
        self._add_run(path)

    def items(self, maxfiles: int = 128) -> Iterator[Posting]:
        """Every posting, in the order whoosh's pool would give them."""
        if not self.runs:
            return self._drain()
        return super().items(maxfiles)  # type: ignore[no-any-return]


def _decode(fieldname: str, tbytes: bytes, heads: bytearray, values: bytearray) -> list[Posting]:
    """One term's postings back as whoosh's tuples, with C-level loops (one
    term has at most one posting per document: short calls)."""
    docs, weights, lengths = zip(*_HEAD.iter_unpack(heads), strict=True)
    data = bytes(values)
    vals: Iterable[bytes | None]
    if min(lengths) >= 0:  # no None value: slice at consecutive ends
        ends = list(accumulate(lengths))
        vals = map(data.__getitem__, map(slice, chain((0,), ends), ends))
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
    return list(zip(repeat(fieldname), repeat(tbytes), docs, weights, vals))


def install(writer: Any) -> Any:
    """Give a fresh whoosh `SegmentWriter` a `TermPool`; returns the writer.
    Any other writer (or one already written to) is left as it is."""
    pool: Any = getattr(writer, "pool", None)
    if type(pool) is PostingPool and not pool.current and not pool.runs:
        writer.pool = TermPool(pool.tempstore, pool.segment, limitmb=pool.limit // (1024 * 1024))
    return writer
