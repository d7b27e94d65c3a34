"""« Nouveautés »: exactly what each real sync brought, until the user has seen it."""

from __future__ import annotations

import pytest

from rtes_desktop.core.demo import load_demo
from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.news import mark_news_seen, news_between, news_since_last_seen
from rtes_desktop.core.sync.engine import sync_source


def _keys(news) -> dict[str, str]:
    return {i.key: i.change for i in news.items}


def test_news_lists_exactly_what_each_sync_brought(trusting_lib, builder, serve):
    lib = trusting_lib
    load_demo(lib)  # the demo's loading is not news
    assert news_since_last_seen(lib).items == []

    srv = serve(builder.write())
    first = sync_source(lib, srv.url)
    news = news_since_last_seen(lib)
    assert _keys(news) == {f"src:fiche-{i}": "new" for i in range(5)}
    assert sorted(i.entry_id for i in news.new) == sorted(first.new)
    assert {i.title for i in news.items} == {f"Fiche fiche-{i}" for i in range(5)}
    mark_news_seen(lib)
    assert news_since_last_seen(lib).items == []

    # Second sync: one updated, one new, one withdrawn, two untouched.
    builder.entry("fiche-1", title="Fiche 1 revue")
    builder.entry("fiche-9")
    del builder.docs["fiche-4"]
    builder.write()
    before = lib.last_sync_id()
    sync_source(lib, srv.url)
    news = news_since_last_seen(lib)
    assert _keys(news) == {"src:fiche-1": "updated", "src:fiche-9": "new"}
    assert _keys(news_between(lib, before)) == _keys(news)
    assert [i.title for i in news.updated] == ["Fiche 1 revue"]

    # Unchanged sync: nothing new, and the unseen news stay until seen.
    sync_source(lib, srv.url)
    assert _keys(news_since_last_seen(lib)) == {"src:fiche-1": "updated", "src:fiche-9": "new"}
    mark_news_seen(lib)
    assert news_since_last_seen(lib).items == []


def test_an_entry_new_then_updated_before_being_seen_is_listed_once_as_new(trusting_lib, builder):
    sync_source(trusting_lib, str(builder.write()))
    mark_news_seen(trusting_lib)
    builder.entry("fiche-7")
    sync_source(trusting_lib, str(builder.write()))
    builder.entry("fiche-7", title="Fiche 7 corrigée")
    sync_source(trusting_lib, str(builder.write()))
    news = news_since_last_seen(trusting_lib)
    assert _keys(news) == {"src:fiche-7": "new"}
    assert news.items[0].title == "Fiche 7 corrigée"


def test_a_refused_sync_records_nothing(trusting_lib, builder):
    sync_source(trusting_lib, str(builder.write()))
    mark_news_seen(trusting_lib)
    builder.entry("fiche-8")
    builder.write(sign=False)
    with pytest.raises(BadInput):
        sync_source(trusting_lib, str(builder.root))
    assert news_since_last_seen(trusting_lib).items == []
