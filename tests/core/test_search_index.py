"""The search index's life: built on first use, caught up after every change,
rebuilt when missing, stale, corrupt or locked, and always answering."""

from __future__ import annotations

import dataclasses
import gc
import threading
import weakref
from pathlib import Path

import pytest

from rtes_desktop.core.errors import Cancelled
from rtes_desktop.core.library import Library
from rtes_desktop.core.search import SearchService
from rtes_desktop.core.search.store import CURRENT_FILE, STAMP_FILE, read_stamp


@pytest.fixture
def service(demo_lib):
    svc = SearchService(demo_lib)
    svc.ensure_ready()
    yield svc
    svc.close()


def ids(svc: SearchService, query: str, **kw) -> list[str]:
    return [h.id for h in svc.search(query, page_size=100, **kw).hits]


def test_first_use_builds_an_index_stamped_with_the_database(demo_lib, data_dir):
    svc = SearchService(demo_lib)
    assert svc.search("filiere").total > 0  # built on first use
    current = (data_dir / "index" / CURRENT_FILE).read_text().strip()
    stamp = read_stamp(data_dir / "index" / current)
    assert stamp is not None
    assert stamp.db_uuid == demo_lib.db_uuid
    assert stamp.seq == demo_lib.journal_head()
    assert stamp.doc_count == demo_lib.count_entries()
    svc.close()


def test_sync_changes_are_caught_up_incrementally(demo_lib, service):
    lib = demo_lib
    old = lib.get_entry("faq-ptce-soutien")
    new_entry = dataclasses.replace(
        old, id="faq-nouvelle", title="Peut-on financer une zythothèque solidaire ?",
        body="Une zythothèque collecte et revalorise des objets.", sha256="0" * 64,
    )  # fmt: skip
    changed = dataclasses.replace(
        lib.get_entry("points-repere-scic"), body="Texte remplacé : gouvernance multisociétariale."
    )
    live = {e.id for e in lib.entries()} - {"faq-spaser-obligation"}
    with lib.transaction():  # one sync: new, updated and withdrawn entries
        lib.write_entry(new_entry)
        lib.write_entry(changed)
        lib.withdraw_missing("demo", live | {"faq-nouvelle"})
    assert service.search("zythotheque").total == 0  # not yet caught up
    touched = service.catch_up()
    assert touched == 3
    assert ids(service, "zythotheque") == ["faq-nouvelle"]
    assert ids(service, "multisocietariale") == ["points-repere-scic"]
    assert "points-repere-scic" not in ids(service, "impartageables")  # old body gone
    assert "faq-spaser-obligation" not in ids(service, "SPASER")  # withdrawn, deleted
    assert service.catch_up() == 0  # nothing left to apply


def test_withdrawn_entry_with_a_note_stays_findable_and_marked(demo_lib, service):
    lib = demo_lib
    lib.add_note("faq-spaser-obligation", "à relire")
    service.catch_up()
    live = {e.id for e in lib.entries()} - {"faq-spaser-obligation"}
    lib.withdraw_missing("demo", live)
    service.catch_up()
    hits = {h.id: h for h in service.search("SPASER obligation", page_size=100).hits}
    assert hits["faq-spaser-obligation"].withdrawn is True


def test_note_edit_and_tag_change_update_the_index(demo_lib, service):
    lib = demo_lib
    note = lib.add_note("points-repere-ptce", "Penser au quincunx du territoire.")
    service.catch_up()
    assert ids(service, "quincunx") == ["points-repere-ptce"]
    lib.update_note(note.id, "Finalement : ouroboros.")
    service.catch_up()
    assert ids(service, "quincunx") == []
    assert ids(service, "ouroboros") == ["points-repere-ptce"]

    lib.add_tag("faq-scic-participation-capital", "À présenter en commission")
    service.catch_up()
    assert "faq-scic-participation-capital" in ids(service, "commission")[:3]
    tagged = service.search("", tag="À présenter en commission")
    assert [h.id for h in tagged.hits] == ["faq-scic-participation-capital"]
    assert service.search("scic").facets["tag"] == {"À présenter en commission": 1}
    lib.remove_tag("faq-scic-participation-capital", "À présenter en commission")
    service.catch_up()
    assert service.search("", tag="À présenter en commission").total == 0


def test_a_deleted_index_folder_is_rebuilt(demo_lib, data_dir, service):
    import shutil

    service.close()
    shutil.rmtree(data_dir / "index")
    fresh = SearchService(demo_lib)
    assert "reperess-9-filieres" in ids(fresh, "filiere")[:3]
    fresh.close()


def _corrupt(folder: Path) -> None:
    for f in folder.iterdir():
        if f.suffix in (".seg", ".trm", ".pst", ".toc") or f.name.startswith("_MAIN"):
            f.write_bytes(b"\x00garbage" * 10)


def test_a_corrupted_index_is_rebuilt_on_open(demo_lib, data_dir, service):
    folder = service.store.current()
    service.close()
    _corrupt(folder)
    fresh = SearchService(demo_lib)
    fresh.ensure_ready()
    assert "reperess-9-filieres" in ids(fresh, "filiere")[:3]
    fresh.close()


def test_an_index_corrupted_under_a_running_service_is_rebuilt_on_search(demo_lib, service):
    folder = service.store.current()
    # Damage the postings the next query reads (the searcher is already open).
    for f in folder.iterdir():
        if f.suffix == ".pst":
            f.write_bytes(b"\x00" * f.stat().st_size)
    results = service.search("filiere")  # never raises: logs, rebuilds, answers
    assert "reperess-9-filieres" in [h.id for h in results.hits[:3]]


def test_an_index_of_another_database_is_rebuilt(demo_lib, data_dir, tmp_path):
    import shutil

    SearchService(demo_lib).ensure_ready()
    other_dir = tmp_path / "other"
    shutil.copytree(data_dir / "index", other_dir / "index")
    other = Library.open(other_dir)  # a different db_uuid, no entries
    svc = SearchService(other)
    assert svc.search("filiere").total == 0  # rebuilt from its own (empty) database
    stamp = read_stamp(svc.store.current())
    assert stamp is not None and stamp.db_uuid == other.db_uuid
    svc.close()
    other.close()


def test_a_missing_or_bad_stamp_triggers_a_rebuild(demo_lib, service):
    folder = service.store.current()
    service.close()
    (folder / STAMP_FILE).write_text("{not json")
    fresh = SearchService(demo_lib)
    fresh.ensure_ready()
    assert fresh.store.current() != folder
    assert fresh.search("SIEG").total > 0
    fresh.close()


def test_a_locked_index_defers_the_catch_up_and_keeps_answering(demo_lib, service):
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(service.store.current()))
    writer = ix.writer()  # another process writing: the lock is held
    try:
        demo_lib.add_note("points-repere-sieg", "Mot verrouillé : xylophone.")
        assert service.catch_up() == 0  # deferred, no exception, no hang
        assert service.search("SIEG").total > 0
    finally:
        writer.cancel()
        ix.close()
    service.catch_up()
    assert ids(service, "xylophone") == ["points-repere-sieg"]


def test_rebuild_keeps_answering_from_the_old_index_meanwhile(demo_lib, service):
    reached = threading.Event()
    release = threading.Event()
    answers: list[int] = []

    def progress(done: int, total: int) -> None:
        reached.set()
        release.wait(10)

    builder = threading.Thread(target=service.rebuild, kwargs={"progress": progress})
    builder.start()
    assert reached.wait(10)
    answers.append(service.search("filiere").total)  # while the new index is being written
    release.set()
    builder.join(10)
    assert answers[0] > 0
    assert service.search("filiere").total == answers[0]


def test_a_cancelled_rebuild_changes_nothing(demo_lib, data_dir, service):
    before = service.store.current()
    with pytest.raises(Cancelled):
        service.rebuild(cancel=lambda: True)
    assert service.store.current() == before
    assert not [p for p in (data_dir / "index").iterdir() if p.name.startswith("build-")]
    assert service.search("filiere").total > 0


def test_searching_while_another_thread_catches_up(demo_lib, service):
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        try:
            while not stop.is_set():
                assert service.search("collectivites").total > 0
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(2)]
    for t in threads:
        t.start()
    for n in range(5):
        demo_lib.add_note("points-repere-scic", f"note numéro {n} : kiwi{n}")
        service.catch_up()
    stop.set()
    for t in threads:
        t.join(10)
    assert not errors
    assert ids(service, "kiwi4") == ["points-repere-scic"]


def test_catch_up_forgets_applied_journal_rows(demo_lib, service):
    demo_lib.add_note("points-repere-scic", "une note")
    service.catch_up()
    head, keys = demo_lib.journal_since(0)
    assert len(keys) <= 1  # only the head row is kept
    assert head == demo_lib.journal_head()


def test_a_generation_switched_by_another_process_is_picked_up(demo_lib):
    gui = SearchService(demo_lib)
    cli = SearchService(demo_lib)  # the command line, in another process
    gui.ensure_ready()
    first = gui.store.current()
    cli.rebuild()  # switches to a new generation and removes the old one
    assert cli.store.current() != first
    demo_lib.add_note("points-repere-sieg", "Note écrite pendant ce temps : hippocampe.")
    gui.catch_up()  # follows the switch instead of writing into the old folder
    assert gui.store.current() == cli.store.current()
    assert ids(gui, "hippocampe") == ["points-repere-sieg"]
    assert "points-repere-sieg" in ids(gui, "SIEG")
    gui.close()
    cli.close()


def test_an_index_that_lost_entries_is_rebuilt(demo_lib, service):
    from whoosh import index as whoosh_index

    # Simulate a lost change: an entry deleted from the index behind our back.
    ix = whoosh_index.open_dir(str(service.store.current()))
    with ix.writer() as w:
        w.delete_by_term("key", "demo:points-repere-sieg")
    ix.close()
    fresh = SearchService(demo_lib)
    fresh.ensure_ready()
    assert "points-repere-sieg" in ids(fresh, "SIEG")
    fresh.close()


def test_a_swapped_out_snapshot_is_closed_and_released(demo_lib, service):
    """After a catch-up or a rebuild only the new snapshot stays in memory: the
    old one (its searcher and per-document columns) is closed and freed."""
    first = weakref.ref(service._snapshot)
    demo_lib.add_note("points-repere-scic", "une note : ornithorynque")
    service.catch_up()
    second = weakref.ref(service._snapshot)
    service.rebuild()
    gc.collect()
    assert first() is None and second() is None
    assert ids(service, "ornithorynque") == ["points-repere-scic"]


def test_a_catch_up_removes_entries_the_library_no_longer_has(demo_lib, service):
    """Changed entries stream into the index writer; the ones the library no
    longer returns are deleted once all the others are written."""
    lib = demo_lib
    lib.add_note("points-repere-sieg", "note : capybara")  # this entry stays, withdrawn
    before = lib.count_entries()
    lib.remove_source(lib.get_entry("points-repere-scic").source_id)
    assert lib.count_entries() == 1
    assert service.catch_up() == before
    assert service._snapshot.doc_count == 1
    assert ids(service, "capybara") == ["points-repere-sieg"]
    assert service.search("capybara").hits[0].withdrawn
    assert service.search("SCIC").total == 0
