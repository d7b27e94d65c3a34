"""whoosh's private internals (search/whoosh_internals.py): the pinned version
is the one installed, and every fast path built on them is really taken. A
renamed attribute in another whoosh would otherwise only make search slower,
silently, through the public fallbacks."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import whoosh

from rtes_desktop.core.search import SearchService
from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.pool import TermPool
from rtes_desktop.core.search.snapshot import make_codec, make_schema
from rtes_desktop.core.search.storage import open_index

ROOT = Path(__file__).resolve().parents[2]


def test_whoosh_is_pinned_exactly_to_the_version_the_internals_were_written_for():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [d for d in deps if d.lower().startswith("whoosh")]
    version = ".".join(map(str, wi.PINNED_VERSION))
    assert pins == [f"whoosh-reloaded=={version}"]
    assert tuple(whoosh.__version__[:3]) == wi.PINNED_VERSION
    assert wi.check_version()


def test_another_whoosh_version_is_reported_loudly(monkeypatch, caplog):
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    monkeypatch.setattr(wi, "_version_checked", False)
    with caplog.at_level(logging.ERROR, logger=wi.__name__):
        assert wi.check_version() is False
    assert re.search(r"whoosh 2\.7\.6 installed.*whoosh-reloaded==2\.7\.5", caplog.text)


def test_an_opened_index_takes_every_fast_path(demo_lib):
    svc = SearchService(demo_lib)
    svc.ensure_ready()
    try:
        with svc._snapshot.lock:
            assert wi.fast_paths(svc._snapshot) == {
                "codec": True,
                "columns": True,
                "lengths": True,
                "terms_in_memory": True,
                "posting_blocks": True,
            }
        # After a catch-up too (a patched snapshot with a new segment).
        demo_lib.add_note("points-repere-ptce", "note : quincunx")
        svc.catch_up()
        assert len(svc._snapshot.leaves) == 2
        with svc._snapshot.lock:
            assert all(wi.fast_paths(svc._snapshot).values())
    finally:
        svc.close()


def test_the_index_writer_uses_the_term_pool_and_fills_posting_blocks_in_bulk(tmp_path):
    ix = open_index(tmp_path, make_schema())
    from rtes_desktop.core.search import pool

    writer = pool.install(ix.writer(codec=make_codec()))
    try:
        assert type(writer.pool) is TermPool
        writer.fieldwriter.start_field("body", make_schema()["body"])
        writer.fieldwriter.start_term(b"mot")
        assert wi.posting_writer(writer.fieldwriter) is not None  # not one posting at a time
        assert wi.block_limit(wi.posting_writer(writer.fieldwriter)) == 512
    finally:
        writer.cancel()


def _whoosh_segment(folder: Path, docs: list[dict], ours: bool) -> None:
    from whoosh import index as whoosh_index

    from rtes_desktop.core.search import indexing, pool
    from rtes_desktop.core.search.snapshot import document_fields

    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(codec=make_codec())
    if ours:
        pool.install(writer)
        for doc in docs:
            indexing.add_document(writer, document_fields(doc))
    else:
        for doc in docs:
            writer.add_document(**document_fields(doc))
    writer.commit()
    ix.close()


def _all_postings(folder: Path) -> list[tuple]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        out = [
            (
                field,
                tbytes,
                reader.term_info(field, tbytes).weight(),
                reader.term_info(field, tbytes).doc_frequency(),
                list(reader.postings(field, tbytes).all_items()),
            )
            for field, tbytes in reader.all_terms()
        ]
    ix.close()
    return out


def test_terms_are_written_whole_without_whoosh_s_per_posting_writer(
    tmp_path, demo_lib, monkeypatch
):
    """pool.write_terms writes each term through wi.TermWriter (blocks and
    term-table row at once), never through whoosh's start_term/add/finish_term,
    and what is read back is what whoosh's own writer wrote. Blocks are
    pickled with protocol 4 and those of the compressed phrase field
    compressed by wi.compress_block (small ones left as they are, a smaller
    zlib window): the index is not bigger."""
    from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter

    docs = list(demo_lib.search_documents())
    theirs, ours = tmp_path / "whoosh", tmp_path / "ours"
    theirs.mkdir()
    ours.mkdir()
    _whoosh_segment(theirs, docs, ours=False)

    def per_posting(*args, **kwargs):
        raise AssertionError("a term written posting by posting")

    with monkeypatch.context() as m:
        m.setattr(W3FieldWriter, "start_term", per_posting)
        m.setattr(W3FieldWriter, "finish_term", per_posting)
        m.setattr(W3PostingsWriter, "add_posting", per_posting)
        _whoosh_segment(ours, docs, ours=True)
    expected = _all_postings(theirs)
    assert len(expected) > 1000
    assert _all_postings(ours) == expected

    def postings_bytes(folder: Path) -> int:
        return sum(f.stat().st_size for f in folder.iterdir() if f.suffix == ".seg")

    assert postings_bytes(ours) <= postings_bytes(theirs)


def test_term_writer_writes_whoosh_s_bytes_for_a_term_of_several_blocks(tmp_path, monkeypatch):
    """Terms of one posting, and one of 1,300 postings (three blocks of 512),
    weights varying, in the frequency field and in the positions field
    (compressed), pickled and
    compressed as whoosh does (see wi.BLOCK_PICKLE_PROTOCOL,
    wi.compress_block): the posting file and the term table are whoosh's,
    byte for byte."""
    import struct

    from whoosh.codec.whoosh3 import W3FieldWriter

    from rtes_desktop.core.search.storage import open_index as open_ix

    schema = make_schema()
    import zlib

    monkeypatch.setattr(
        wi, "compress_block", lambda data, level: (zlib.compress(data, level), level)
    )
    monkeypatch.setattr(wi, "BLOCK_PICKLE_PROTOCOL", 2)
    docs = list(range(0, 2600, 2))
    weights = [float(1 + d % 3) for d in docs]
    freq_values = [struct.pack("!I", int(w)) for w in weights]
    pos_values = [bytes([d % 7]) * (40 + d % 90) for d in docs]
    lengths = [d % 300 for d in docs]
    files = {}
    for name, whole in (("theirs", False), ("ours", True)):
        folder = tmp_path / name
        folder.mkdir()
        ix = open_ix(folder, schema)
        writer = ix.writer(codec=make_codec())
        fw = writer.codec.field_writer(writer.storage, writer.newsegment)
        assert isinstance(fw, W3FieldWriter)
        for field, values in (("body", freq_values), ("phrase", pos_values)):
            fw.start_field(field, schema[field])
            tw = wi.TermWriter.for_field(fw)
            assert tw is not None
            # Terms of one posting too (TermWriter's shortcut): weights of
            # 1.0, 2.0 and 0.1 (float32), a document of length 0.
            terms = [
                (b"a", [3], [0.1], values[:1], [0]),
                (b"b", [5], [1.0], values[1:2], [7]),
                (b"c", [9], [2.0], values[2:3], [300]),
                (b"mot", docs, weights, values, lengths),
            ]
            for tbytes, t_docs, t_weights, t_values, t_lengths in terms:
                if whole:
                    tw.write(tbytes, t_docs, t_weights, t_values, t_lengths)
                else:
                    fw.start_term(tbytes)
                    for d, w, v, n in zip(t_docs, t_weights, t_values, t_lengths, strict=True):
                        fw.add(d, w, v, n)
                    fw.finish_term()
            tw.flush()
            fw.finish_field()
        files[name] = (fw._postfile.tell(), fw._tindex.dbfile.tell())
        fw.close()
        writer.cancel()
        ix.close()
        files[name] += tuple(
            sorted(p.read_bytes() for p in folder.iterdir() if p.suffix in (".pst", ".trm"))
        )
    assert len(files["theirs"]) == 4 and files["theirs"][0] > 10_000
    assert files["ours"] == files["theirs"]


def test_word_tables_give_the_analyzer_s_terms_and_positions(demo_lib, monkeypatch):
    """indexing's per-word tables (each distinct word folded and stemmed once)
    give what FrenchAnalyzer gives, token by token: terms, counts and phrase
    positions, on the demo's texts, texts in several parts, elisions and
    stop words, and across the tables being started again when full."""
    from collections import Counter

    from rtes_desktop.core.search import indexing
    from rtes_desktop.core.search.analysis import FrenchAnalyzer, MultiText

    monkeypatch.setattr(indexing, "WORD_TABLE_MAX", 50)
    texts = [
        "L'économie sociale et solidaire : qu'est-ce que c'est ? Les Entrées, l'entrée.",
        "",
        "le la les de",  # stop words only
        MultiText(["", "de la", "Filières d'avenir", "", "n°9 aujourd’hui filière"]),
        MultiText(["le", "Utilisateurs utilisation"]),
    ]
    for doc in demo_lib.search_documents():
        texts += [doc["body"], MultiText([doc["title"], doc["summary"] or "", doc["body"]])]
    for stemming in (True, False):
        analyzer = FrenchAnalyzer(stemming)
        for text in texts:
            tokens = [(t.text, t.pos) for t in analyzer(text, positions=True)]
            assert indexing._counts(analyzer, text) == Counter(t for t, _ in tokens)
            positions: dict[str, list[int]] = {}
            for term, pos in tokens:
                positions.setdefault(term, []).append(pos)
            assert indexing._positions(analyzer, text) == positions


def test_compress_block_leaves_small_blocks_and_any_zlib_reads_the_others():
    import pickle
    import zlib

    small = pickle.dumps(((7,), None, None), 2)
    assert wi.compress_block(small, 3) == (small, 0)
    for n in (10, 128, 5000):
        data = pickle.dumps((tuple(range(n)), None, tuple(b"pos%d" % i for i in range(n))), 2)
        packed, level = wi.compress_block(data, 3)
        assert level == 3
        assert zlib.decompress(packed) == data  # whoosh's reader: default window
        assert len(packed) <= len(zlib.compress(data, 3)) + 2
