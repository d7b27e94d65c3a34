"""Hostile or broken servers on loopback: trickling, silent, refusing, redirecting away.

Deadlines are injected small (a second) so these tests stay fast; they assert what
the user gets (the sentence, Cancelled, an unchanged library, a free sync.lock),
never how long it took.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from rtes_desktop.core.errors import BadInput, Cancelled
from rtes_desktop.core.paths import InstanceLock
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.http_client import Deadlines, HttpClient, HttpError

FAST = Deadlines(total=20.0, min_rate=200, window=1.0, connect=5.0)


class RawServer:
    """A loopback TCP server whose every connection is handled by `behave(conn)`."""

    def __init__(self, behave) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.behave = behave
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        self.answering = threading.Event()  # a request came in and is being (not) answered
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/export/"

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.conns.append(conn)
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)  # the request
            self.answering.set()
            self.behave(conn, self.stop)
        except OSError:
            pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for c in self.conns:
            c.close()
        self.sock.close()


@pytest.fixture
def raw_server():
    servers: list[RawServer] = []

    def start(behave) -> RawServer:
        srv = RawServer(behave)
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.close()


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait()  # accepts, reads the request, never answers


def trickle(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    while not stop.wait(0.1):
        conn.sendall(b"{")  # ten bytes a second: a manifest would take hours


def lock_is_free(lib) -> bool:
    lock = InstanceLock(lib.folder, "sync.lock")
    lock.acquire()
    lock.release()
    return True


def test_trickling_server_is_abandoned_as_too_slow(trusting_lib, raw_server, snapshot):
    srv = raw_server(trickle)
    before = snapshot(trusting_lib)
    client = HttpClient(deadlines=FAST)
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, client=client)
    assert "transfert trop lent" in str(err.value) and "manifest.json" in str(err.value)
    assert snapshot(trusting_lib) == before and lock_is_free(trusting_lib)


def test_silent_server_is_abandoned_without_retrying(trusting_lib, raw_server, snapshot):
    srv = raw_server(silent)
    before = snapshot(trusting_lib)
    waits: list[float] = []
    client = HttpClient(deadlines=FAST, sleep=waits.append)
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, client=client)
    assert "le serveur ne répond pas (rien reçu en 1 s)" in str(err.value)
    assert waits == [] and len(srv.conns) == 1  # asked once, not four times
    assert snapshot(trusting_lib) == before and lock_is_free(trusting_lib)


def test_total_deadline_stops_a_server_just_fast_enough(trusting_lib, raw_server):
    srv = raw_server(trickle)  # 10 bytes/s passes a 5 bytes/s floor, never the deadline
    client = HttpClient(deadlines=Deadlines(total=1.5, min_rate=5, window=1.0, body_rate=10**9))
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, client=client)
    assert "délai total dépassé" in str(err.value)


@pytest.mark.parametrize("behave", [silent, trickle], ids=["silent", "trickle"])
def test_cancel_interrupts_a_blocked_read(trusting_lib, raw_server, snapshot, behave):
    """The default deadlines (30 s windows) would keep it waiting: only cancel stops it."""
    srv = raw_server(behave)
    before = snapshot(trusting_lib)
    # The user cancels once the server holds the request: the client is then in its
    # read, so the Cancelled can only come from interrupting it (not from a check
    # made before the request left).
    with pytest.raises(Cancelled):
        sync_source(trusting_lib, srv.url, cancel=srv.answering.is_set)
    assert len(srv.conns) == 1  # the request reached the server
    assert snapshot(trusting_lib) == before and lock_is_free(trusting_lib)


def test_cancel_interrupts_an_object_download(trusting_lib, builder, serve, snapshot, monkeypatch):
    """Manifest and signature come at once; an object trickles; the user cancels."""
    builder.write()
    srv = serve(builder.root)
    handler = srv.httpd.RequestHandlerClass
    original = handler.do_GET

    trickling = threading.Event()  # an object's first bytes are on their way

    def slow_objects(self):
        if "/objects/" not in self.path:
            return original(self)
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"x")
                self.wfile.flush()
                trickling.set()
                time.sleep(0.05)  # the server's pace (20 bytes/s), not a synchronisation
        except OSError:
            pass

    before = snapshot(trusting_lib)
    monkeypatch.setattr(handler, "do_GET", slow_objects)  # undone after the test
    # The user cancels once an object is being downloaded.
    with pytest.raises(Cancelled):
        sync_source(trusting_lib, srv.url, cancel=trickling.is_set)
    assert snapshot(trusting_lib) == before and lock_is_free(trusting_lib)
    # And nothing half-downloaded is left behind as if it were an object.
    staged = [p for p in (Path(trusting_lib.folder)).rglob("*") if p.name.endswith(".part")]
    assert staged == []


def test_refused_connection_says_so_and_is_not_retried(trusting_lib, snapshot):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    waits: list[float] = []
    before = snapshot(trusting_lib)
    with pytest.raises(HttpError) as err:
        sync_source(
            trusting_lib, f"http://127.0.0.1:{port}/x/", client=HttpClient(sleep=waits.append)
        )
    assert "connexion refusée" in str(err.value) and "délai" not in str(err.value)
    assert waits == []
    assert snapshot(trusting_lib) == before


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/export/"])
def test_redirect_away_from_http_is_refused_once(trusting_lib, builder, serve, target, monkeypatch):
    builder.write()
    srv = serve(builder.root)

    def away(self):
        with srv.httpd.lock:
            srv.httpd.requests.append(self.path)
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    waits: list[float] = []
    monkeypatch.setattr(srv.httpd.RequestHandlerClass, "do_GET", away)  # undone after
    with pytest.raises(HttpError) as err:
        sync_source(trusting_lib, srv.url, client=HttpClient(sleep=waits.append))
    message = str(err.value)
    assert "redirige vers une adresse qui n'est pas http(s)" in message
    assert "No host" not in message
    assert waits == [] and srv.requests == ["/export/manifest.json"]


def test_credentials_in_url_are_refused_and_never_stored(trusting_lib, builder, serve, snapshot):
    builder.write()
    srv = serve(builder.root)
    url = srv.url.replace("http://", "http://alice:s3cret@")
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, url)
    message = str(err.value)
    assert "identifiants dans l'adresse refusés" in message and "trousseau" in message
    assert "s3cret" not in message
    assert srv.requests == [] and snapshot(trusting_lib) == before


def test_credentials_in_machine_config_url_are_refused(tmp_path):
    from rtes_desktop.core import machine_config as mc

    path = tmp_path / mc.CONFIG_NAME
    path.write_text(
        '[[sources]]\nid = "rtes"\nurl = "https://agent:motdepasse@exemple.org/export/"\n',
        encoding="utf-8",
    )
    config = mc.parse_config(path)
    assert config.sources == ()
    problems = "\n".join(config.problems)
    assert "identifiants dans l'adresse refusés" in problems and "motdepasse" not in problems
