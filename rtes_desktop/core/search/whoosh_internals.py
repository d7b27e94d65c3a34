"""Every use of whoosh's private internals, in one place, each saying why.

whoosh-reloaded is no longer maintained and pinned exactly (pyproject.toml:
``whoosh-reloaded==2.7.5``). The fast paths of this package (posting blocks
read whole, columns read in one call, the bulk posting writer, the snapshot
patched segment by segment) reach under whoosh's public API; they are all
here, so that a new whoosh version is checked in one file.

Each fast path checks that the internals it needs are present and otherwise
takes whoosh's public, slower route. `fast_paths()` says which fast paths an
opened index really takes, and tests/core/test_whoosh_internals.py fails if
one falls back (a renamed attribute would otherwise only make search slower,
silently). `check_version()` logs an error, once, when the installed whoosh
is not the pinned one.
"""

from __future__ import annotations

import logging
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.codec.whoosh3 import (  # internal module: the codec we subclass
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermsReader,
    _lenfield,
)
from whoosh.filedb.structfile import (  # internal module: whoosh's file objects
    BufferFile,  # an in-memory term table
    StructFile,  # wraps storage.CountingWriter as whoosh's writers expect
)
from whoosh.index import TOC  # internal: the table of contents of an index generation
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher

__all__ = ["BufferFile", "RtesCodec", "StructFile", "check_version", "fast_paths"]

log = logging.getLogger(__name__)

#: The whoosh-reloaded version these internals were written against.
PINNED_VERSION = (2, 7, 5)
_version_checked = False


def check_version() -> bool:
    """True when the installed whoosh is the pinned one; otherwise logs an
    error (once per process): the fast paths below may have fallen back."""
    global _version_checked
    ok = tuple(whoosh.__version__[:3]) == PINNED_VERSION
    if not ok and not _version_checked:
        log.error(
            "whoosh %s installed, the search index was written for %s: "
            "its fast paths may be slower or wrong (pin whoosh-reloaded==%s)",
            ".".join(map(str, whoosh.__version__)),
            ".".join(map(str, PINNED_VERSION)),
            ".".join(map(str, PINNED_VERSION)),
        )
    _version_checked = True
    return ok


# -- the codec -----------------------------------------------------------------


class RtesCodec(W3Codec):  # type: ignore[misc]
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
        # Private: W3Codec.TERMS_EXT/POSTS_EXT name the segment's files, and
        # W3TermsReader takes the table as a file object.
        name = segment.make_filename(self.TERMS_EXT)
        length = storage.file_length(name)
        f = storage.open_file(name)
        try:
            table = BufferFile(f.read(length), name=name)
        finally:
            f.close()
        postings = segment.open_file(storage, self.POSTS_EXT)
        return W3TermsReader(self, table, length, postings)


#: Fields whose postings keep whoosh's small compressed blocks (positions of
#: snapshot.PHRASE_FIELD, rarely read).
SMALL_BLOCK_FIELDS = frozenset({"phrase"})


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        # Our pool hands its postings over term by term (see pool.py).
        write_to = getattr(items, "write_to", None)  # pool.PostingStream
        if write_to is None:
            super().add_postings(schema, lengths, items)
        else:
            write_to(self, schema, lengths)

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        if fieldname in SMALL_BLOCK_FIELDS:
            # Private: `_postwriter` is the field's posting writer and
            # `_postfile` the postings file; whoosh has no per-field setting.
            self._postwriter = W3PostingsWriter(self._postfile, blocklimit=128, compression=3)


# -- writing posting blocks in bulk (pool.py) -------------------------------------

#: What `fill_block` sets on whoosh 3's posting writer.
_BULK_ATTRS = ("_blocklimit", "_ids", "_weights", "_values", "_write_block", "finish_postings")


def posting_writer(fieldwriter: Any) -> Any:
    """The field writer's posting writer when blocks can be filled in bulk
    (whoosh 3's, or a subclass), else None (fed one posting at a time)."""
    # Private: W3FieldWriter keeps it in `_postwriter`.
    pw = getattr(fieldwriter, "_postwriter", None)
    if pw is not None and all(hasattr(pw, a) for a in _BULK_ATTRS):
        return pw
    return None


def block_limit(pw: Any) -> int:
    """Postings per block of a posting writer."""
    return int(pw._blocklimit)  # private: no public accessor


def fill_block(pw: Any, ids: Any, weights: Any, values: list[bytes], lens: list[int]) -> None:
    """Set what W3PostingsWriter.add_posting accumulates posting by posting,
    for one whole block at once (private attributes: there is no bulk API)."""
    from array import array

    pw._ids = array("I", ids)
    pw._weights = array("f", weights)
    pw._values = values
    top = max(weights)
    pw._maxweight = top if top > 0 else 0
    pw._minlength = min(lens) if lens else None
    pw._maxlength = max(lens) if lens else 0


def write_block(pw: Any) -> None:
    """Write the block filled by `fill_block` (whoosh does it when the next
    posting arrives; the last one is written by finish_postings)."""
    pw._write_block()


def file_path(storage: Any, name: str) -> str:
    """The path of a file of a FileStorage (private `_fpath`: storage.py opens
    files for writing itself, with a big buffer and a counted position)."""
    return str(storage._fpath(name))


# -- the posting pool's runs (pool.TermPool extends whoosh's PostingPool) ----------
# Private: PostingPool keeps its sorted runs through these methods; TermPool
# writes runs of its own format in the same temporary storage, so whoosh's
# cleanup still removes them.


def new_run(pool: Any) -> tuple[str, Any]:
    """(path, file) of a new run in the pool's temporary storage."""
    return pool._new_run()  # type: ignore[no-any-return]


def add_run(pool: Any, path: str) -> None:
    """Record a written run."""
    pool._add_run(path)


def open_run(pool: Any, path: str) -> Any:
    """Open a run for reading (storage without a folder)."""
    return pool._open_run(path)


def remove_run(pool: Any, path: str) -> None:
    """Delete a run once merged."""
    pool._remove_run(path)


# -- reading ----------------------------------------------------------------------


def unfiltered(matcher: Any) -> Any:
    """A leaf's raw postings under whoosh's deletion filter: deleted documents
    are masked by the snapshot (its `live` bytes), which also knows about
    deletions a reused reader's segment object has not seen."""
    if type(matcher).__name__ == "FilterMatcher":
        return getattr(matcher, "child", matcher)
    return matcher


def has_block_access(m: Any) -> bool:
    """Whether postings can be decoded a whole block at a time."""
    return all(hasattr(m, a) for a in ("_read_data", "_next_block", "_lastblock", "_byteids"))


def blocks(m: Any) -> Any:
    """(docnums, weights, values) of each posting block of a whoosh 3 leaf
    matcher, decoded in C (the ids are delta-coded unless `_byteids`). Private:
    `_data` is the decoded block, `_read_data`/`_next_block` move along."""
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids = m._data[0]
        ids = list(raw_ids) if m._byteids else list(accumulate(raw_ids))
        yield ids, m._data[1], m._data[2]
        if m._lastblock:
            break
        m._next_block()


def column_bytes(col: Any) -> Any:
    """Every document's value of a variable-length bytes column, read in one
    call (one seek and read per value holds the GIL back, see snapshot.py),
    or None when the column is not whoosh's VarBytesColumn reader."""
    # Private: VarBytesColumn.Reader's lengths, offsets, file and base position.
    lengths = getattr(col, "_lengths", None)
    offsets = getattr(col, "_offsets", None)
    dbfile = getattr(col, "_dbfile", None)
    basepos = getattr(col, "_basepos", None)
    if lengths is None or offsets is None or dbfile is None or basepos is None:
        return None
    if not len(lengths):
        return []
    data = dbfile.get(basepos, max(map(sum, zip(offsets, lengths, strict=True))))
    return (data[o : o + n] for o, n in zip(offsets, lengths, strict=True))


def length_bytes(leaf: Any, field: str) -> Any:
    """The per-document length bytes of `field` in one segment, read in one
    call; None when the segment has none; False when this reader is not
    whoosh 3's (the caller asks document by document)."""
    # Private: the per-document reader and its cached column readers, the
    # column naming of lengths (_lenfield) and the fixed-width column file.
    perdoc = getattr(leaf, "_perdoc", None)
    reader_fn = getattr(perdoc, "_cached_reader", None)
    if reader_fn is None:
        return False
    col = reader_fn(_lenfield(field), LENGTHS_COLUMN)
    if col is None:
        return None
    n = leaf.doc_count_all()
    if getattr(col, "_fixedlen", None) == 1 and hasattr(col, "_dbfile"):
        # A byte per document written; documents after the last one written
        # have the default, 0.
        written = min(col._count, n)
        return col._dbfile.get(col._basepos, written) + bytes(n - written)
    return col.load() if hasattr(col, "load") else list(col)


# -- generations and segments (the patched snapshot) ------------------------------


def read_toc(index: Any) -> Any:
    """The latest table of contents of an index (its generation and segments):
    the snapshot compares it with the segments it holds."""
    return TOC.read(index.storage, index.indexname)


def open_segment(index: Any, toc: Any, segment: Any) -> Any:
    """A reader of one segment (whoosh opens them only all at once, through
    Index.reader(); the snapshot opens only the new ones)."""
    return SegmentReader(index.storage, toc.schema, segment, generation=toc.generation)


def searcher_over(readers: list[Any], generation: int) -> Any:
    """A searcher over segment readers, as Index.searcher() builds it."""
    reader = readers[0] if len(readers) == 1 else MultiReader(readers, generation=generation)
    return Searcher(reader)


def merge_segment(writer: Any, segment: Any) -> None:
    """Copy a segment's live documents into the segment a writer is writing
    (what whoosh's merge policies do, through a reader they open themselves)."""
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        writer.add_reader(reader)
    finally:
        reader.close()


def check_writer_open(writer: Any) -> None:
    """Raise whoosh's error if a SegmentWriter is closed (its private check)."""
    writer._check_state()


def mark_added(writer: Any) -> None:
    """Record that a document was added (indexing.add_document does what
    SegmentWriter.add_document does; `_added` tells commit to write a segment)."""
    writer._added = True


def writer_generation(writer: Any) -> int:
    """The generation a SegmentWriter started from (it writes the next one)."""
    return int(writer.generation) - 1


def fast_paths(snapshot: Any) -> dict[str, bool]:
    """Which fast paths an opened snapshot takes (for the tests and the logs)."""
    leaves = [leaf for leaf, _ in snapshot.leaves]
    out = {
        "codec": all(type(leaf.codec()) is RtesCodec for leaf in leaves),
        "columns": all(
            column_bytes(leaf.column_reader("meta", translate=False)) is not None for leaf in leaves
        ),
        "lengths": all(length_bytes(leaf, "body") is not False for leaf in leaves),
        "terms_in_memory": all(
            isinstance(getattr(leaf._terms, "_dbfile", None), BufferFile) for leaf in leaves
        ),
    }
    blocks_ok = True
    for leaf in leaves:
        for field, btext in leaf.all_terms():
            if field == "body":
                blocks_ok = has_block_access(unfiltered(leaf.postings(field, btext)))
                break
    out["posting_blocks"] = blocks_ok
    return out
