"""Sync over a real loopback HTTP server: first sync, re-sync, one change, tokens."""

from __future__ import annotations

import pytest

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.http_client import HttpClient, HttpError


def test_first_sync_fetches_every_entry_once(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    report = sync_source(trusting_lib, srv.url)
    assert sorted(report.new) == [f"fiche-{i}" for i in range(5)]
    assert report.updated == [] and report.withdrawn == [] and not report.unchanged
    assert report.summary_fr() == "5 nouvelles fiches"
    assert len(srv.object_requests()) == 5
    assert max(srv.counts().values()) == 1  # nothing fetched twice
    entry = trusting_lib.get_entry("fiche-3")
    assert entry.title == "Fiche fiche-3" and entry.themes == ["sieg"]
    src = trusting_lib.source("src")
    assert src.url == srv.url and src.last_serial == 1 and src.etag
    assert [t.id for t in trusting_lib.themes("src")] == ["sieg", "esus"]


def test_unchanged_resync_fetches_nothing(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    srv.reset()
    report = sync_source(trusting_lib, srv.url)
    assert report.unchanged and report.summary_fr() == "Aucun changement"
    # One conditional GET of the manifest, answered 304: nothing else.
    assert srv.requests == ["/export/manifest.json"]


def test_same_manifest_without_conditional_get_fetches_no_object(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    # The server forgets ETags (a CDN that strips them): the manifest comes back whole.
    trusting_lib.save_source("src", "Source src", etag=None)
    srv.reset()
    report = sync_source(trusting_lib, srv.url)
    assert report.unchanged
    assert srv.object_requests() == []


def test_one_changed_entry_fetches_one_object(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    trusting_lib.add_note("fiche-2", "ma note sur la fiche 2")
    builder.entry("fiche-2", title="Fiche 2 révisée", updated_at="2025-06-01T08:00:00Z")
    builder.write()
    srv.reset()
    report = sync_source(trusting_lib, srv.url)
    assert report.updated == ["fiche-2"] and report.new == [] and report.withdrawn == []
    assert report.summary_fr() == "1 mise à jour, 1 de vos notes à revérifier"  # issue 11
    assert srv.object_requests() == [
        "/export/objects/" + builder.sha("fiche-2")[:2] + "/" + builder.sha("fiche-2")
    ]
    assert trusting_lib.get_entry("fiche-2").title == "Fiche 2 révisée"
    assert [n.body for n in trusting_lib.notes("fiche-2")] == ["ma note sur la fiche 2"]


def test_new_updated_withdrawn_summary(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    trusting_lib.add_tag("fiche-0", "à relire")
    del builder.docs["fiche-0"]
    del builder.docs["fiche-1"]
    builder.entry("fiche-3", title="changée")
    builder.entry("nouvelle-a")
    builder.entry("nouvelle-b")
    builder.write()
    report = sync_source(trusting_lib, srv.url)
    assert report.summary_fr() == "2 nouvelles fiches, 1 mise à jour, 2 retirées"
    assert sorted(report.withdrawn) == ["fiche-0", "fiche-1"]
    # Tagged by the user: still readable, marked withdrawn. Untagged: gone.
    assert trusting_lib.get_entry("fiche-0").withdrawn_at is not None
    assert trusting_lib.entry_tags("fiche-0") == ["à relire"]
    assert trusting_lib.count_entries(source_id="src") == 6


def test_token_required_401_then_success_with_token(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root, token="s3cret-membres")
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, token=None, client=HttpClient(retries=0))
    assert err.value.status == 401
    assert "jeton" in str(err.value) and "manifest.json" in str(err.value)
    assert trusting_lib.source("src") is None
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, token="mauvais")
    assert err.value.status == 401 and "refuse le jeton" in str(err.value)
    srv.reset()
    report = sync_source(trusting_lib, srv.url, token="s3cret-membres")
    assert len(report.new) == 5
    assert set(srv.httpd.auth_seen) == {"Bearer s3cret-membres"}


def test_user_agent_has_version_and_no_identifier(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    assert set(srv.httpd.agents) == {f"rtes-desktop/{__version__}"}


def test_manifest_404_says_not_an_export(trusting_lib, tmp_path, serve):
    (tmp_path / "empty").mkdir()
    srv = serve(tmp_path / "empty")
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url)
    assert err.value.status == 404 and "racine d'un export" in str(err.value)


def test_missing_object_over_http_is_refused(trusting_lib, builder, serve, snapshot):
    builder.write()
    builder.object_file("fiche-4").unlink()
    srv = serve(builder.root)
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, srv.url)
    assert "objet manquant" in str(err.value) and builder.sha("fiche-4") in str(err.value)
    assert snapshot(trusting_lib) == before


def test_unreachable_server_is_a_clear_error(trusting_lib):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    client = HttpClient(retries=1, backoff=0.01)
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, f"http://127.0.0.1:{port}/x/", client=client)
    # Refused: nothing listens there, asking again would change nothing (no retry).
    assert "injoignable" in str(err.value) and "connexion refusée" in str(err.value)


def test_transient_errors_are_retried(trusting_lib, builder, serve):
    builder.write()
    srv = serve(builder.root)
    failures = {"left": 2}
    handler = srv.httpd.RequestHandlerClass
    original = handler.do_GET

    def flaky(self):
        if self.path.endswith("manifest.json") and failures["left"] > 0:
            failures["left"] -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        original(self)

    handler.do_GET = flaky
    try:
        waits: list[float] = []
        client = HttpClient(sleep=waits.append)
        report = sync_source(trusting_lib, srv.url, client=client)
    finally:
        handler.do_GET = original
    assert len(report.new) == 5
    assert waits == [0.5, 1.0]  # exponential backoff


def test_token_not_sent_to_another_host_on_redirect(trusting_lib, builder, serve):
    """The members' server redirects objects to a mirror (a CDN): the objects are
    verified by hash anyway, and the bearer token stays with its own server."""
    builder.write()
    mirror = serve(builder.root)
    main = serve(builder.root)
    main.set(redirect=mirror.url.replace("127.0.0.1", "localhost"))
    report = sync_source(trusting_lib, main.url, token="secret")
    assert len(report.new) == 5
    assert set(main.httpd.auth_seen) == {"Bearer secret"}
    assert len(mirror.object_requests()) == 5
    assert set(mirror.httpd.auth_seen) == {None}


def test_progress_bar_on_a_terminal_and_lines_otherwise():
    import io

    from rtes_desktop.cli.sync_cmds import ProgressPrinter
    from rtes_desktop.core.sync.report import Phase, Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        printer = ProgressPrinter(stream)
        for i in range(0, 101):
            printer(Progress(Phase.DOWNLOAD, i, 100, i * 10, 1000))
        printer.finish()
    assert "\r" in tty.getvalue() and "[" + "#" * 30 + "] 100 %" in tty.getvalue()
    lines = plain.getvalue().splitlines()
    assert "\r" not in plain.getvalue() and 10 <= len(lines) <= 12
    assert lines[-1] == "Téléchargement des fiches : 100/100"


def test_tampered_object_over_http_stops_the_parallel_downloads(
    trusting_lib, builder, serve, snapshot
):
    for i in range(5, 40):
        builder.entry(f"fiche-{i}")
    builder.write()
    path = builder.object_file("fiche-7")
    path.write_bytes(path.read_bytes().replace(b"Fiche", b"Fuche"))
    srv = serve(builder.root)
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, srv.url)
    assert builder.sha("fiche-7") in str(err.value) and "altéré" in str(err.value)
    assert snapshot(trusting_lib) == before
    # the tampered object never lands in the staging folder
    staged = {p.name for p in (trusting_lib.folder / "staging").glob("*/*")}
    assert builder.sha("fiche-7") not in staged


def test_cancel_during_http_downloads(trusting_lib, builder, serve, snapshot):
    from rtes_desktop.core.errors import Cancelled

    for i in range(5, 40):
        builder.entry(f"fiche-{i}")
    builder.write()
    srv = serve(builder.root, delay=0.01)
    before = snapshot(trusting_lib)
    with pytest.raises(Cancelled):
        sync_source(trusting_lib, srv.url, cancel=lambda: len(srv.object_requests()) >= 10)
    assert snapshot(trusting_lib) == before
    assert len(srv.object_requests()) < 40
    report = sync_source(trusting_lib, srv.url)
    assert len(report.new) == 40 and report.reused_objects >= 1


def test_expired_manifest_still_warns_when_the_server_says_304(trusting_lib, builder, serve):
    builder.expires_at = "2021-01-01T00:00:00Z"
    builder.write()
    srv = serve(builder.root)
    assert any("expiré" in w for w in sync_source(trusting_lib, srv.url).warnings)
    srv.reset()
    report = sync_source(trusting_lib, srv.url)
    assert report.unchanged and srv.requests == ["/export/manifest.json"]
    assert any("expiré" in w for w in report.warnings)


def test_oversized_manifest_refused_from_its_content_length(trusting_lib, builder, serve):
    from rtes_desktop.core.sync.export_format import Limits

    builder.manifest_extra = {"bourrage": "x" * 50_000}
    builder.write()
    srv = serve(builder.root)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, srv.url, limits=Limits(manifest_bytes=20_000))
    assert str(err.value).startswith("manifest.json : ") and "trop gros" in str(err.value)
    assert trusting_lib.source("src") is None


def test_connections_are_kept_alive(trusting_lib, builder, serve):
    for i in range(5, 60):
        builder.entry(f"fiche-{i}")
    builder.write()
    srv = serve(builder.root)
    report = sync_source(trusting_lib, srv.url)
    assert len(report.new) == 60 and len(srv.object_requests()) == 60
    # manifest + signature + 60 objects over a handful of connections, not 62
    assert len(srv.httpd.peers) <= 1 + 4


def test_system_proxy_from_the_environment(trusting_lib, builder, serve, monkeypatch):
    """http_proxy points at a loopback server acting as the proxy: a sync of a
    non-loopback address goes through it (absolute URIs), with the proxy's credentials;
    nothing leaves the machine (the name is never resolved by the client)."""
    import base64

    builder.write()
    proxy = serve(builder.root)
    port = proxy.httpd.server_address[1]
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", f"http://agent:p%40ss@127.0.0.1:{port}")
    report = sync_source(trusting_lib, "http://exports.rtes.invalid/export/")
    assert len(report.new) == 5
    assert "/export/manifest.json" in proxy.requests
    expected = "Basic " + base64.b64encode(b"agent:p@ss").decode()
    assert set(proxy.httpd.proxy_auth) == {expected}


def test_no_proxy_and_loopback_bypass_the_proxy(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://proxy.entreprise.invalid:3128")
    monkeypatch.setenv("http_proxy", "http://proxy.entreprise.invalid:3128")
    monkeypatch.setenv("no_proxy", "intranet.invalid")
    client = HttpClient()
    assert (
        client._proxy_for("https://www.rtes.fr/export/") == "http://proxy.entreprise.invalid:3128"
    )
    assert client._proxy_for("https://intranet.invalid/export/") == ""
    assert client._proxy_for("http://127.0.0.1:8000/export/") == ""
    assert client._proxy_for("http://localhost:8000/export/") == ""
