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
