"""The index writer's posting pool (search/pool.py): the segments it writes hold
exactly what whoosh's own pool writes, whether built at once, updated (old
segments merged into the new one) or spilled to disk past its memory limit."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

from rtes_desktop.core.search import pool
from rtes_desktop.core.search.snapshot import document_fields, make_codec, make_schema
from rtes_desktop.core.search.storage import open_index


@pytest.fixture
def documents(demo_lib) -> list[dict[str, Any]]:
    """The demo's entries as the index receives them, one with a note and a tag."""
    ref = f"{demo_lib.entries()[0].source_id}:{demo_lib.entries()[0].id}"
    demo_lib.add_note(ref, "Relu avec la DREETS : penser au conventionnement.")
    demo_lib.add_tag(ref, "à relire")
    return list(demo_lib.search_documents())


def _writer(ix: Any, ours: bool, spill_bytes: int | None, **kw: Any) -> Any:
    writer = ix.writer(codec=make_codec(), **kw)
    if ours:
        pool.install(writer)
        assert type(writer.pool) is pool.TermPool
        if spill_bytes is not None:
            writer.pool.limit = spill_bytes
    else:
        assert type(writer.pool) is PostingPool
    return writer


def _build(folder: Path, docs: list[dict[str, Any]], ours: bool, spill_bytes: int | None) -> None:
    """Three commits: the first 15 entries; entries 10 on (updates merge the
    first segment into the new one); the first 5 again, optimised."""
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = _writer(ix, ours, spill_bytes, limitmb=64)
    for doc in docs[:15]:
        writer.add_document(**document_fields(doc))
    writer.commit()
    writer = _writer(ix, ours, spill_bytes)
    for doc in docs[10:]:
        writer.update_document(**document_fields(doc))
    writer.commit()
    writer = _writer(ix, ours, spill_bytes)
    for doc in docs[:5]:
        writer.update_document(**document_fields(doc))
    writer.commit(optimize=True)
    ix.close()


def _postings(folder: Path) -> list[tuple[Any, ...]]:
    """Every term of every field with its statistics and postings (docnum, value)."""
    ix = whoosh_index.open_dir(str(folder))
    out = []
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, tbytes in reader.all_terms():
            info = reader.term_info(fieldname, tbytes)
            stats = (info.weight(), info.doc_frequency(), info.max_weight(), info.max_length())
            items = list(reader.postings(fieldname, tbytes).all_items())
            out.append((fieldname, tbytes, stats, items))
        out.append(("docs", reader.doc_count_all(), reader.doc_count()))
    ix.close()
    return out


def _segment_files(folder: Path) -> list[dict[str, bytes]]:
    """The bytes of every file of every segment, by file kind (segment names
    are random, their contents are not)."""
    storage = FileStorage(str(folder), supports_mmap=False)
    out = []
    for segment in storage.open_index()._segments():
        files = segment.open_compound_file(storage)
        contents = {}
        for name in files.list():
            f = files.open_file(name)
            contents[name.split(".", 1)[1]] = f.read()
            f.close()
        files.close()
        out.append(contents)
    return out


@pytest.mark.parametrize("spill_bytes", [None, 20_000], ids=["in-memory", "spilled"])
def test_term_pool_writes_the_postings_whoosh_writes(tmp_path, documents, spill_bytes):
    assert len(documents) >= 20
    theirs, ours = tmp_path / "whoosh", tmp_path / "ours"
    theirs.mkdir()
    ours.mkdir()
    _build(theirs, documents, ours=False, spill_bytes=None)
    _build(ours, documents, ours=True, spill_bytes=spill_bytes)
    expected = _postings(theirs)
    assert len(expected) > 1000  # the demo's words, in every field
    assert _postings(ours) == expected
    # Byte for byte: postings blocks, term table, lengths, stored fields.
    expected_files = _segment_files(theirs)
    assert {"pst", "trm"} <= set(expected_files[0])
    assert _segment_files(ours) == expected_files


def test_a_build_spilled_in_many_runs_writes_whoosh_s_segment(tmp_path, documents, monkeypatch):
    """One commit of every entry, the pool spilled every few postings, runs
    merged a few at a time, files written through the application's storage
    (positions counted, not asked of the OS): the segment is whoosh's own,
    written in blocks (never one posting per call)."""
    theirs, ours = tmp_path / "whoosh", tmp_path / "ours"
    theirs.mkdir()
    ours.mkdir()
    ix = whoosh_index.create_in(str(theirs), make_schema())
    writer = _writer(ix, False, None)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    writer.commit()
    ix.close()

    monkeypatch.setattr(pool, "MAX_MERGE", 3)

    def one_by_one(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("postings written one at a time")

    monkeypatch.setattr(W3PostingsWriter, "add_posting", one_by_one)
    ix = open_index(ours, make_schema())  # the application's own storage
    writer = _writer(ix, True, 5_000)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    assert len(writer.pool.runs) > 3 * pool.MAX_MERGE
    writer.commit()
    ix.close()
    assert _segment_files(ours) == _segment_files(theirs)


def test_spilling_writes_sorted_runs(tmp_path, documents):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = _writer(ix, True, 20_000)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    assert len(writer.pool.runs) > 1  # past its limit, the pool went to disk
    writer.commit()
    ix.close()


def test_install_leaves_a_writer_already_in_use(tmp_path, documents):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = ix.writer(codec=make_codec())
    writer.add_document(**document_fields(documents[0]))
    pool.install(writer)
    assert type(writer.pool) is PostingPool  # its postings stay where they are
    writer.cancel()
    ix.close()


@given(
    keys=st.lists(st.binary(max_size=6), max_size=60),
    slice_len=st.integers(min_value=1, max_value=8),
)
def test_sorted_gently_sorts(keys, slice_len):
    assert list(pool.sorted_gently(keys, slice_len)) == sorted(keys)


_postings_strategy = st.lists(
    st.tuples(
        st.sampled_from(["body", "exact", "title"]),
        st.sampled_from([b"a", b"ab", b"b", b"\xc3\xa9t\xc3\xa9"]),  # terms shared by documents
        st.integers(min_value=0, max_value=50),
        st.floats(min_value=0.5, max_value=20, allow_nan=False),
        st.one_of(st.none(), st.binary(max_size=6)),
    ),
    max_size=80,
    unique_by=lambda p: (p[0], p[1], p[2]),
)


@given(postings=_postings_strategy, spill_bytes=st.sampled_from([None, 200, 2000]))
def test_term_pool_gives_postings_back_in_whoosh_order(postings, spill_bytes):
    """Any arrival order (documents out of order included), values or None, in
    memory or spilled: the postings come back sorted as whoosh sorts them."""
    with tempfile.TemporaryDirectory() as folder:
        term_pool = pool.TermPool(FileStorage(folder), None, limitmb=1)
        if spill_bytes is not None:
            term_pool.limit = spill_bytes
        for posting in postings:
            term_pool.add(posting)
        assert list(term_pool.iter_postings()) == sorted(postings)


@pytest.mark.parametrize("spill_bytes", [None, 5_000], ids=["in-memory", "spilled"])
def test_bulk_add_document_writes_whoosh_s_segment(tmp_path, documents, spill_bytes, monkeypatch):
    """indexing.add_document (text fields counted in bulk, not token by token)
    writes the very segment whoosh's add_document writes, byte for byte, and
    never goes through whoosh's per-token path for the text fields."""
    from whoosh.formats import Frequency, Positions

    from rtes_desktop.core.search import indexing

    theirs, ours = tmp_path / "whoosh", tmp_path / "ours"
    theirs.mkdir()
    ours.mkdir()
    ix = whoosh_index.create_in(str(theirs), make_schema())
    writer = _writer(ix, False, None)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    writer.commit()
    ix.close()

    def token_by_token(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a frequency field analysed token by token")

    monkeypatch.setattr(Frequency, "word_values", token_by_token)
    monkeypatch.setattr(Positions, "word_values", token_by_token)
    ix = open_index(ours, make_schema())
    writer = _writer(ix, True, spill_bytes)
    for doc in documents:
        indexing.add_document(writer, document_fields(doc))
    writer.commit()
    ix.close()
    assert _segment_files(ours) == _segment_files(theirs)
