"""The one "catch up quietly" helper the window and the command line share."""

from __future__ import annotations

import logging

from rtes_desktop.core.index_upkeep import catch_up_quietly
from rtes_desktop.core.search import SearchService
from rtes_desktop.core.search.store import read_stamp


def test_catch_up_with_an_open_service_or_its_own(demo_lib):
    service = SearchService(demo_lib)
    try:
        service.ensure_ready()
        demo_lib.add_note("faq-ptce-soutien", "Idée zorglubesque pour le conseil.")
        assert catch_up_quietly(demo_lib, service) == 1
        assert [h.id for h in service.search("zorglubesque").hits] == ["faq-ptce-soutien"]

        # Without a service (the command line): it opens the index on disk itself.
        demo_lib.add_note("faq-ptce-soutien", "Et une idée bidulesque.")
        before = read_stamp(service.store.current()).seq
        assert catch_up_quietly(demo_lib) is not None
        # The index on disk now reflects the library's last change.
        after = read_stamp(service.store.current())
        assert after.seq == demo_lib.journal_head() > before
    finally:
        service.close()


def test_a_failed_catch_up_is_logged_not_raised(demo_lib, caplog):
    service = SearchService(demo_lib)
    service.ensure_ready()
    demo_lib.add_note("faq-ptce-soutien", "zorglubesque")
    demo_lib.close()  # the library can no longer be read: the update must fail
    with caplog.at_level(logging.WARNING, logger="rtes_desktop.core.index_upkeep"):
        assert catch_up_quietly(demo_lib, service) is None
    assert "search index not updated" in caplog.text
    service.close()
