"""The switch from the demo to a real source: asked, never silent, and once the
demo is gone nothing of it is listed or counted but the user's own things."""

from __future__ import annotations

from rtes_desktop.core.browse import browse
from rtes_desktop.core.demo import (
    DEMO_SOURCE_ID,
    demo_present,
    demo_would_be_removed,
    is_demo_example,
    keep_demo,
    load_demo,
    remove_demo,
)
from rtes_desktop.core.search import SearchService
from rtes_desktop.core.sync.engine import sync_source


def _demo_ids(lib) -> list[str]:
    return [e.id for e in lib.entries(source_id=DEMO_SOURCE_ID)]


def test_kept_demo_stays_beside_a_real_source(trusting_lib, builder):
    load_demo(trusting_lib)
    ids = _demo_ids(trusting_lib)
    assert demo_would_be_removed(trusting_lib)  # the window asks
    keep_demo(trusting_lib)
    assert not demo_would_be_removed(trusting_lib)
    report = sync_source(trusting_lib, str(builder.write()))
    assert not any("démonstration" in w for w in report.warnings)
    assert demo_present(trusting_lib)
    assert _demo_ids(trusting_lib) == ids
    assert trusting_lib.count_entries() == len(ids) + 5


def test_first_real_sync_without_choice_removes_the_demo_and_says_so(trusting_lib, builder):
    load_demo(trusting_lib)
    report = sync_source(trusting_lib, str(builder.write()))
    assert "la bibliothèque de démonstration a été retirée" in report.warnings
    assert not demo_present(trusting_lib)
    assert not demo_would_be_removed(trusting_lib)


def test_nothing_of_the_demo_is_listed_once_removed_but_annotations_keep_their_entry(
    trusting_lib, builder
):
    lib = trusting_lib
    load_demo(lib)
    ids = _demo_ids(lib)
    lib.add_note(f"demo:{ids[0]}", "ma note sur la démo")
    lib.add_tag(f"demo:{ids[1]}", "à relire")
    sync_source(lib, str(builder.write()))
    remove_demo(lib)  # again, from Settings: harmless

    # Vocabulary gone, no demo in any list or count.
    assert lib.kinds(DEMO_SOURCE_ID) == [] and lib.themes(DEMO_SOURCE_ID) == []
    assert lib.entries(source_id=DEMO_SOURCE_ID) == []
    assert lib.count_entries() == 5
    assert DEMO_SOURCE_ID not in lib.counts_by("source", include_withdrawn=True)
    assert sum(lib.counts_by("kind", include_withdrawn=True).values()) == 5
    results = browse(lib, "")
    assert results.total == 5 and results.facets["source"] == {"src": 5}

    # The user's annotated entries are still there, truthfully labelled.
    kept = lib.entries(keys=[(DEMO_SOURCE_ID, ids[0]), (DEMO_SOURCE_ID, ids[1])])
    assert sorted(e.id for e in kept) == sorted(ids[:2])
    assert all(is_demo_example(e) for e in kept)
    assert lib.notes(f"demo:{ids[0]}")[0].body == "ma note sur la démo"
    assert lib.entry_tags(f"demo:{ids[1]}") == ["à relire"]
    assert not demo_present(lib)


def test_search_index_count_agrees_with_the_library_after_the_switch(trusting_lib, builder):
    """« 3004 » in the sidebar against « 3 008 » in the list: the list (index and
    plain browse) held the demo's annotated entries, the sidebar did not."""
    lib = trusting_lib
    load_demo(lib)
    ids = _demo_ids(lib)
    for eid in ids[:4]:
        lib.add_note(f"demo:{eid}", "note")
    service = SearchService(lib)
    try:
        service.ensure_ready()
        sync_source(lib, str(builder.write()))
        service.catch_up()
        everything = service.search("", page_size=100)
        assert everything.total == lib.count_entries() == 5
        assert {h.source_id for h in everything.hits} == {"src"}
        assert service.search("fiche", page_size=100).facets["source"] == {"src": 5}
    finally:
        service.close()


def test_remove_demo_without_annotated_entries_leaves_no_source_row(demo_lib):
    remove_demo(demo_lib)
    assert demo_lib.source(DEMO_SOURCE_ID) is None
    assert demo_lib.themes() == [] and demo_lib.kinds() == []


def test_remove_demo_not_keeping_annotated_entries_keeps_the_notes(demo_lib):
    eid = _demo_ids(demo_lib)[0]
    demo_lib.add_note(f"demo:{eid}", "ma note")
    remove_demo(demo_lib, keep_annotated=False)
    assert demo_lib.source(DEMO_SOURCE_ID) is None
    assert [n.body for n in demo_lib.notes()] == ["ma note"]
