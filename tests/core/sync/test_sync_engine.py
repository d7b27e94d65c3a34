"""The sync engine's guarantees: cancel, progress, several sources, attachments, demo,
lock, withdrawn entries coming back, warnings."""

from __future__ import annotations

import threading

import pytest

from rtes_desktop.core import settings
from rtes_desktop.core.demo import DEMO_SOURCE_ID, load_demo
from rtes_desktop.core.errors import Cancelled, InstanceLocked
from rtes_desktop.core.paths import InstanceLock
from rtes_desktop.core.sync.attachments import (
    attachment_path,
    fetch_attachment,
    missing_attachments,
    viewer_copy,
)
from rtes_desktop.core.sync.engine import (
    SyncReport,
    sync_all,
    sync_source,
)
from rtes_desktop.core.sync.report import Phase


@pytest.mark.parametrize("phase", [Phase.DOWNLOAD, Phase.APPLY])
def test_cancel_leaves_library_as_it_was(trusting_lib, builder, snapshot, phase):
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    trusting_lib.add_note("fiche-0", "note")
    for i in range(30):
        builder.entry(f"n-{i}")
    builder.write()
    before = snapshot(trusting_lib)
    seen: list[str] = []

    def progress(p):
        seen.append(p.phase)

    def cancel():
        return phase in seen

    with pytest.raises(Cancelled) as err:
        sync_source(trusting_lib, str(builder.root), progress=progress, cancel=cancel)
    assert "annulée" in str(err.value)
    assert snapshot(trusting_lib) == before
    # and the next sync completes
    assert len(sync_source(trusting_lib, str(builder.root)).new) == 30


def test_progress_reports_objects_and_bytes(trusting_lib, builder):
    builder.write()
    events = []
    sync_source(trusting_lib, str(builder.root), progress=events.append)
    fetch = [p for p in events if p.phase == Phase.DOWNLOAD]
    assert fetch[-1].done == fetch[-1].total == 5
    sizes = sum(len(builder.doc_bytes(e)) for e in builder.docs)
    assert fetch[-1].bytes_done == fetch[-1].bytes_total == sizes
    assert events[-1].phase is Phase.DONE


def test_several_sources_keep_their_own_ids_and_serials(trusting_lib, make_builder, serve):
    a = make_builder("a", source_id="reseau")
    b = make_builder("b", source_id="cress-bretagne")
    for bld in (a, b):
        bld.entry("commun", title=f"commun de {bld.source_id}")
        bld.entry(f"propre-{bld.source_id}")
    a.write(serial=10)
    b.write(serial=3)
    srv_a = serve(a.root)
    sync_source(trusting_lib, srv_a.url)
    sync_source(trusting_lib, str(b.root))
    assert trusting_lib.get_entry("reseau:commun").title == "commun de reseau"
    assert trusting_lib.get_entry("cress-bretagne:commun").title == "commun de cress-bretagne"
    assert trusting_lib.source("reseau").last_serial == 10
    assert trusting_lib.source("cress-bretagne").last_serial == 3
    a.entry("commun", title="changé")
    a.write()
    b.entry("nouveau")
    b.write()
    reports = {r.source_id: r for r in sync_all(trusting_lib)}
    assert reports["reseau"].updated == ["commun"]
    assert reports["cress-bretagne"].new == ["nouveau"]
    # the other source's same-id entry is untouched
    assert trusting_lib.get_entry("cress-bretagne:commun").title == "commun de cress-bretagne"


def test_sync_all_reports_a_failing_source_and_goes_on(trusting_lib, make_builder, tmp_path):
    a = make_builder("a", source_id="a")
    a.entry("x")
    a.write()
    b = make_builder("b", source_id="b")
    b.entry("y")
    b.write()
    sync_source(trusting_lib, str(a.root))
    sync_source(trusting_lib, str(b.root))
    (a.root / "manifest.json").write_bytes(b"pas du json")
    b.entry("z")
    b.write()
    reports = {r.source_id: r for r in sync_all(trusting_lib)}
    assert reports["a"].error and "manifest.json" in reports["a"].error
    assert reports["a"].summary_fr().startswith("Échec")
    assert reports["b"].new == ["z"]


def test_withdrawn_entry_comes_back(trusting_lib, builder):
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    trusting_lib.add_note("fiche-4", "je garde")
    doc = builder.docs.pop("fiche-4")
    builder.write()
    assert sync_source(trusting_lib, str(builder.root)).withdrawn == ["fiche-4"]
    builder.docs["fiche-4"] = doc
    builder.write()
    report = sync_source(trusting_lib, str(builder.root))
    assert report.updated == ["fiche-4"]
    assert trusting_lib.get_entry("fiche-4").withdrawn_at is None


def test_expired_manifest_is_applied_with_a_warning(trusting_lib, builder):
    builder.expires_at = "2020-01-01T00:00:00Z"
    builder.write()
    report = sync_source(trusting_lib, str(builder.root))
    assert len(report.new) == 5
    assert any("expiré" in w for w in report.warnings)


def test_two_syncs_never_run_at_once(trusting_lib, builder):
    builder.write()
    held = InstanceLock(trusting_lib.folder, "sync.lock")
    held.acquire()
    try:
        with pytest.raises(InstanceLocked) as err:
            sync_source(trusting_lib, str(builder.root))
        assert "déjà en cours" in str(err.value)
    finally:
        held.release()
    assert len(sync_source(trusting_lib, str(builder.root)).new) == 5


def test_concurrent_sync_from_another_thread_is_refused(trusting_lib, builder):
    builder.write()
    started, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def slow_progress(p):
        if not started.is_set():
            started.set()
            release.wait(10)

    def run():
        outcome.append(sync_source(trusting_lib, str(builder.root), progress=slow_progress))

    t = threading.Thread(target=run)
    t.start()
    started.wait(10)
    try:
        with pytest.raises(InstanceLocked):
            sync_source(trusting_lib, str(builder.root))
    finally:
        release.set()
        t.join(10)
    assert isinstance(outcome[0], SyncReport)


def test_attachments_fetched_verified_and_big_ones_deferred(trusting_lib, builder, serve):
    small = b"%PDF-1.4 petite fiche\n" * 10
    big = b"%PDF-1.4 gros rapport\n" * 5000
    sha_small = builder.attach("fiche-1", "Fiche 1.pdf", small)
    sha_big = builder.attach("fiche-2", "Rapport complet.pdf", big)
    builder.write()
    srv = serve(builder.root)
    trusting_lib.set_setting(settings.ATTACHMENTS_MAX_AUTO, 50_000)
    report = sync_source(trusting_lib, srv.url)
    assert report.deferred_attachments == 1
    path = attachment_path(trusting_lib, sha_small)
    assert path is not None and path.read_bytes() == small
    assert path == trusting_lib.folder / "objects" / sha_small[:2] / sha_small
    assert attachment_path(trusting_lib, sha_big) is None
    assert [m["sha256"] for m in missing_attachments(trusting_lib)] == [sha_big]
    srv.reset()
    got = fetch_attachment(trusting_lib, "src", sha_big)
    assert got.read_bytes() == big
    assert len(srv.object_requests()) == 1
    copy = viewer_copy(trusting_lib, sha_big, "Rapport complet.pdf", "application/pdf")
    assert copy.name == "Rapport complet.pdf" and copy.read_bytes() == big
    entry = trusting_lib.get_entry("fiche-2")
    assert [(a.name, a.size) for a in entry.attachments] == [("Rapport complet.pdf", len(big))]


def test_tampered_attachment_is_refused(trusting_lib, builder, snapshot):
    sha = builder.attach("fiche-1", "Fiche.pdf", b"%PDF original")
    builder.write()
    (builder.root / "objects" / sha[:2] / sha).write_bytes(b"%PDF modifie")
    before = snapshot(trusting_lib)
    from rtes_desktop.core.errors import BadInput

    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(builder.root))
    assert sha in str(err.value)
    assert snapshot(trusting_lib) == before
    assert attachment_path(trusting_lib, sha) is None


def test_first_real_sync_removes_the_demo_but_keeps_annotated_entries(trusting_lib, builder):
    load_demo(trusting_lib)
    demo_ids = [e.id for e in trusting_lib.entries(source_id=DEMO_SOURCE_ID)]
    assert demo_ids
    trusting_lib.add_note(f"demo:{demo_ids[0]}", "ma note sur la démo")
    builder.write()
    report = sync_source(trusting_lib, str(builder.root))
    assert any("démonstration" in w for w in report.warnings)
    left = trusting_lib.entries(source_id=DEMO_SOURCE_ID, listed=False)
    assert [e.id for e in left] == [demo_ids[0]]
    assert left[0].withdrawn_at is not None
    assert trusting_lib.notes(f"demo:{demo_ids[0]}")[0].body == "ma note sur la démo"
    assert trusting_lib.count_entries(source_id="src") == 5


def test_no_credential_store_message(trusting_lib, builder, serve):
    import keyring
    from keyring.backends import fail

    from rtes_desktop.core.sync.http_client import HttpError

    builder.write()
    srv = serve(builder.root, token="t")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(HttpError) as err:
            sync_source(trusting_lib, srv.url)
    finally:
        keyring.set_keyring(previous)
    assert err.value.status == 401
    assert "aucun trousseau" in str(err.value)


def test_token_read_from_the_credential_store(trusting_lib, builder, serve):
    """A keyring backend kept in memory stands for the OS store (none runs here);
    the engine looks the token up under the source id, only after a 401."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self):
            super().__init__()
            self.data = {}
            self.asked = []

        def get_password(self, service, username):
            self.asked.append((service, username))
            return self.data.get((service, username))

        def set_password(self, service, username, password):
            self.data[(service, username)] = password

        def delete_password(self, service, username):
            self.data.pop((service, username), None)

    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)  # public first: the source is known as "src"
    srv.set(token="jeton-membre")
    builder.entry("reservee", audience="members")
    builder.write()
    store = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    try:
        from rtes_desktop.core.sync.http_client import store_token

        store_token("src", "jeton-membre")
        report = sync_source(trusting_lib, srv.url)
    finally:
        keyring.set_keyring(previous)
    assert report.new == ["reservee"]
    assert store.asked[0] == ("rtes-desktop", "src")
    assert trusting_lib.get_entry("reservee").audience == "members"
    # the token is in no table of the library
    dump = "\n".join(trusting_lib.conn.iterdump())
    assert "jeton-membre" not in dump


def test_attachments_count_in_the_total_size_limit(trusting_lib, builder, snapshot):
    from rtes_desktop.core.errors import BadInput
    from rtes_desktop.core.sync.export_format import Limits

    builder.attach("fiche-1", "a.pdf", b"%PDF " + b"a" * 3000)
    builder.attach("fiche-2", "b.pdf", b"%PDF " + b"b" * 3000)
    builder.write()
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput, match="pièces jointes trop volumineuses"):
        sync_source(trusting_lib, str(builder.root), limits=Limits(total_bytes=5000))
    assert snapshot(trusting_lib) == before
