"""Helpers for the panel tests (typing like a person, picking an entry)."""

from __future__ import annotations

from rtes_desktop.core.library import Library


def first_entry_key(library: Library) -> str:
    """The key (SOURCE:ID) of the newest entry, for tests that need one."""
    return library.entries(limit=1)[0].key


def type_text(widget, text: str) -> None:
    """Type `text` into `widget` key by key, accents included.

    `qtbot.keyClicks` goes through QTest's ASCII key table, which aborts on « é »;
    this sends the same key press/release events a keyboard layout would.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\n":
            key, chars = Qt.Key.Key_Return, "\r"
        elif ch.isascii() and ch.isalnum():
            key, chars = Qt.Key(ord(ch.upper())), ch
        elif ch == " ":
            key, chars = Qt.Key.Key_Space, ch
        else:
            key, chars = Qt.Key.Key_unknown, ch
        mods = Qt.KeyboardModifier.ShiftModifier if ch.isupper() else Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, chars))
    QApplication.processEvents()


SOURCE_YAML = """\
source:
  id: reseau-test
  name: "Réseau de test"
  homepage: "https://example.org"
kinds:
  - {id: fiche, label: "Fiche"}
  - {id: guide, label: "Guide"}
themes:
  - {id: sieg, label: "SIEG", description: "Services d'intérêt économique général"}
  - {id: esus, label: "Agrément ESUS"}
"""


def write_source_tree(root, count: int, *, prefix: str = "fiche", body_extra: str = ""):
    """A publisher's folder: source.yaml and `count` Markdown entries in French."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    for i in range(count):
        (root / f"{prefix}-{i}.md").write_text(
            f'---\nid: {prefix}-{i}\nkind: fiche\ntitle: "Coopération territoriale n°{i}"\n'
            f"themes: [sieg]\npublished_at: 2025-01-{i % 28 + 1:02d}\n---\n"
            f"Les collectivités soutiennent l'économie sociale et solidaire (fiche {i}).\n"
            f"{body_extra}\n",
            encoding="utf-8",
        )
    return root


class ExportServer:
    """http.server on 127.0.0.1 (in a thread) serving an export folder under /export/.

    `delay` seconds are slept before each object (a slower network). With
    `hold_objects`, no object is answered until `stop()`: a sync is then certainly
    still downloading when the test cancels it, however loaded the machine is.
    """

    def __init__(self, root, delay: float = 0.0, hold_objects: bool = False):
        import http.server
        import threading
        import time
        import urllib.parse

        server_root = root.resolve()
        owner = self
        self.delay = delay
        self.hold_objects = hold_objects
        self.released = threading.Event()
        self.requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet tests
                pass

            def do_GET(self):
                path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
                owner.requests.append(path)
                rel = path[len("/export/") :] if path.startswith("/export/") else None
                target = (server_root / rel).resolve() if rel else None
                if target is None or not target.is_relative_to(server_root) or not target.is_file():
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if "/objects/" in path and owner.hold_objects:
                    owner.released.wait()
                if "/objects/" in path and owner.delay:
                    time.sleep(owner.delay)
                body = target.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client cancelled

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a cancelled client hangs up mid-transfer

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/export/"

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def snapshot(library: Library) -> list[str]:
    """Every row of every table: equal snapshots mean an unchanged library."""
    return list(library.conn.iterdump())
