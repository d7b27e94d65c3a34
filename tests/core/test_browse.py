"""Browsing without the search index: filters, facet counts, word matching."""

from __future__ import annotations

from rtes_desktop.core.browse import browse, fold, highlight, query_words
from rtes_desktop.core.models import FACETS


def test_lists_everything_newest_first_with_facets(demo_lib):
    res = browse(demo_lib)
    assert res.total == demo_lib.count_entries()
    dates = [h.published_at for h in res.hits]
    assert dates == sorted(dates, reverse=True)
    assert sum(res.facets["kind"].values()) == res.total
    assert res.facets["kind"] == demo_lib.counts_by("kind")
    # The plain browse counts the same facets, in the same order, as the index.
    assert list(res.facets) == list(FACETS)
    assert res.facets["source"] == {"demo": res.total}


def test_filters_combine(demo_lib):
    res = browse(demo_lib, theme="sieg", kind="faq")
    expected = {e.key for e in demo_lib.entries(theme="sieg", kind="faq")}
    assert {h.key for h in res.hits} == expected and res.total == len(expected)
    year = res.hits[0].published_at[:4]
    by_year = browse(demo_lib, theme="sieg", kind="faq", year=year)
    assert all(h.published_at.startswith(year) for h in by_year.hits)


def test_words_match_titles_and_summaries_without_accents(demo_lib):
    accented = browse(demo_lib, "filières")
    plain = browse(demo_lib, "FILIERES")
    assert accented.total == plain.total > 0
    assert {h.key for h in accented.hits} == {h.key for h in plain.hits}
    for hit in plain.hits:
        entry = demo_lib.get_entry(hit.key)
        themes = {t.id: t.label for t in demo_lib.themes()}
        text = fold(
            " ".join([entry.title, entry.summary or "", *[themes[t] for t in entry.themes]])
        )
        assert "filieres" in text


def test_tag_filter_and_facet(demo_lib):
    key = demo_lib.entries(limit=1)[0].key
    demo_lib.add_tag(key, "À relire")
    res = browse(demo_lib, tag="à relire")
    assert [h.key for h in res.hits] == [key]
    assert browse(demo_lib).facets["tag"] == {"À relire": 1}


def test_paging(demo_lib):
    first = browse(demo_lib, page=1, page_size=10)
    second = browse(demo_lib, page=2, page_size=10)
    assert len(first.hits) == 10 and not {h.key for h in first.hits} & {h.key for h in second.hits}


def test_highlight_escapes_and_marks_words():
    out = highlight("Les <SCIC> et les filières", query_words("filiere scic"))
    assert out == "Les &lt;<b>SCIC</b>&gt; et les <b>filières</b>"
