"""Real exports, real keys and a real loopback HTTP server for the sync tests."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core.sync.export_format import dump_json, object_path
from rtes_desktop.core.sync.signing import key_id_of, public_pem, sign_manifest

FRENCH = (
    "Les collectivités territoriales soutiennent l'économie sociale et solidaire par la "
    "commande publique responsable, les appels à projets et la coopération entre acteurs."
)


class ExportBuilder:
    """Writes a real export folder entry by entry, signed or not, tamperable at will."""

    def __init__(self, root: Path, source_id: str = "src", key: Ed25519PrivateKey | None = None):
        self.root = root
        self.source_id = source_id
        self.key = key
        self.serial = 0
        self.kinds = [{"id": "fiche", "label": "Fiche"}, {"id": "guide", "label": "Guide"}]
        self.themes = [
            {"id": "sieg", "label": "SIEG", "description": "Services d'intérêt économique général"},
            {"id": "esus", "label": "Agrément ESUS"},
        ]
        self.docs: dict[str, dict[str, Any]] = {}
        self.blobs: dict[str, bytes] = {}
        self.manifest_extra: dict[str, Any] = {}
        self.expires_at: str | None = "2099-01-01T00:00:00Z"

    def entry(self, entry_id: str, **fields: Any) -> dict[str, Any]:
        doc = {
            "id": entry_id,
            "kind": "fiche",
            "title": f"Fiche {entry_id}",
            "summary": "Un résumé en une phrase.",
            "body": f"## {entry_id}\n\n{FRENCH}\n",
            "themes": ["sieg"],
            "published_at": "2025-01-02",
            "updated_at": "2025-01-02T10:00:00Z",
        }
        doc.update(fields)
        self.docs[entry_id] = doc
        return doc

    def attach(
        self, entry_id: str, name: str, data: bytes, media_type: str = "application/pdf"
    ) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.blobs[sha] = data
        self.docs[entry_id].setdefault("attachments", []).append(
            {"name": name, "media_type": media_type, "sha256": sha, "size": len(data)}
        )
        return sha

    def doc_bytes(self, entry_id: str) -> bytes:
        return dump_json(self.docs[entry_id])

    def sha(self, entry_id: str) -> str:
        return hashlib.sha256(self.doc_bytes(entry_id)).hexdigest()

    def object_file(self, entry_id: str) -> Path:
        return self.root / object_path(self.sha(entry_id))

    def manifest(self, serial: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": "rtes-export",
            "format_version": 1,
            "source": {"id": self.source_id, "name": f"Source {self.source_id}"},
            "serial": serial,
            "generated_at": "2026-11-28T10:00:00Z",
            "kinds": self.kinds,
            "themes": self.themes,
            "entries": [
                {
                    "id": eid,
                    "sha256": self.sha(eid),
                    "size": len(self.doc_bytes(eid)),
                    "updated_at": doc["updated_at"],
                }
                for eid, doc in sorted(self.docs.items())
            ],
        }
        if self.expires_at:
            data["expires_at"] = self.expires_at
        data.update(self.manifest_extra)
        return data

    def write(self, serial: int | None = None, *, sign: bool = True) -> Path:
        """Write objects, manifest.json and (signed) manifest.json.sig; returns the root."""
        self.serial = self.serial + 1 if serial is None else serial
        for eid in self.docs:
            path = self.root / object_path(self.sha(eid))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.doc_bytes(eid))
        for sha, data in self.blobs.items():
            path = self.root / object_path(sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        raw = json.dumps(self.manifest(self.serial), ensure_ascii=False, indent=1).encode()
        self.write_manifest(raw, sign=sign)
        return self.root

    def write_manifest(self, raw: bytes, *, sign: bool = True) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "manifest.json").write_bytes(raw)
        sig = self.root / "manifest.json.sig"
        if sign and self.key is not None:
            sig.write_bytes(sign_manifest(self.key, raw))
        else:
            sig.unlink(missing_ok=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _ExportHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as real web servers do

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def setup(self) -> None:
        super().setup()
        # As real servers do; without it each kept-alive response waits 40 ms for an ACK.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        srv = self.server
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        with srv.lock:
            srv.requests.append(path)
            srv.auth_seen.append(self.headers.get("Authorization"))
            srv.agents.append(self.headers.get("User-Agent"))
            srv.peers.add(self.client_address)
            srv.proxy_auth.append(self.headers.get("Proxy-Authorization"))
        if srv.token is not None and self.headers.get("Authorization") != f"Bearer {srv.token}":
            self.send_response(401)
            self.send_header("WWW-Authenticate", "Bearer")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        redirect = getattr(srv, "redirect", None)
        if redirect and "/objects/" in path:
            self.send_response(302)
            self.send_header("Location", redirect + path[len(srv.prefix) + 1 :])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rel = path[len(srv.prefix) :] if path.startswith(srv.prefix) else None
        target = (srv.root / rel.lstrip("/")).resolve() if rel is not None else None
        if target is None or not target.is_relative_to(srv.root) or not target.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        if "/objects/" in path and srv.delay:
            time.sleep(srv.delay)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class _ExportHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client killed mid-transfer (the SIGKILL test) is expected here


class ExportServer:
    """An http.server on 127.0.0.1 serving an export folder, counting requests."""

    def __init__(self, root: Path, *, token: str | None = None, delay: float = 0.0):
        self.httpd = _ExportHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.root = root.resolve()  # type: ignore[attr-defined]
        self.httpd.prefix = "/export"  # type: ignore[attr-defined]
        self.httpd.token = token  # type: ignore[attr-defined]
        self.httpd.delay = delay  # type: ignore[attr-defined]
        self.httpd.lock = threading.Lock()  # type: ignore[attr-defined]
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.httpd.auth_seen = []  # type: ignore[attr-defined]
        self.httpd.agents = []  # type: ignore[attr-defined]
        self.httpd.peers = set()  # type: ignore[attr-defined]
        self.httpd.proxy_auth = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/export/"

    @property
    def requests(self) -> list[str]:
        with self.httpd.lock:  # type: ignore[attr-defined]
            return list(self.httpd.requests)  # type: ignore[attr-defined]

    def object_requests(self) -> list[str]:
        return [p for p in self.requests if "/objects/" in p]

    def counts(self) -> Counter[str]:
        return Counter(self.requests)

    def reset(self) -> None:
        with self.httpd.lock:  # type: ignore[attr-defined]
            self.httpd.requests.clear()  # type: ignore[attr-defined]
            self.httpd.auth_seen.clear()  # type: ignore[attr-defined]

    def set(self, **kw: Any) -> None:
        for k, v in kw.items():
            setattr(self.httpd, k, v)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def signer() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def trusting_lib(lib: Any, signer: Ed25519PrivateKey) -> Any:
    """A library that trusts `signer` (as `keys add` would)."""
    lib.add_trusted_key(key_id_of(signer.public_key()), public_pem(signer.public_key()), "test")
    return lib


@pytest.fixture
def builder(tmp_path: Path, signer: Ed25519PrivateKey) -> ExportBuilder:
    b = ExportBuilder(tmp_path / "export", key=signer)
    for i in range(5):
        b.entry(f"fiche-{i}")
    return b


@pytest.fixture
def make_builder(tmp_path: Path, signer: Ed25519PrivateKey):
    def make(name: str, source_id: str = "src", key: Any = signer) -> ExportBuilder:
        return ExportBuilder(tmp_path / name, source_id=source_id, key=key)

    return make


@pytest.fixture
def serve():
    servers: list[ExportServer] = []

    def start(root: Path, **kw: Any) -> ExportServer:
        srv = ExportServer(root, **kw)
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.stop()


def snapshot_of(lib: Any) -> list[str]:
    """Every row of every table, as SQL: equal snapshots mean an unchanged library."""
    return list(lib.conn.iterdump())


@pytest.fixture
def snapshot():
    return snapshot_of
