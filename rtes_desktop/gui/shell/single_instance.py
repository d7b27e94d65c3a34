"""One window per data folder: a second launch hands its request to the first.

The first instance (which holds the data folder's lock) listens on a local socket
named after that folder; a second launch connects, sends what it was given (a .zip
to sync, an http(s) address) as one JSON line, waits for « ok » and exits. The
first window comes forward and acts on it. Only when nobody answers (a window that
hangs) does the second launch show the « already open » sentence.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

#: how long a second launch waits for the first to answer (it is local, but the
#: first window may be busy for a moment)
HANDOVER_TIMEOUT_MS = 3000
MAX_MESSAGE = 64 * 1024
ACK = b"ok\n"


def server_name(folder: Path) -> str:
    """The local socket's name for this data folder and this user (two users, or two
    data folders, never reach each other's window)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        user = "?"
    key = f"{user}\0{Path(folder).resolve()}".encode("utf-8", "surrogatepass")
    return "rtes-desktop-" + hashlib.sha256(key).hexdigest()[:20]


def hand_over(folder: Path, request: list[str], timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
    """Send `request` to the window already open on `folder`; True once it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        log.info("no running window answers on %s: %s", folder, socket.errorString())
        return False
    try:
        socket.write(json.dumps({"request": request}).encode("utf-8") + b"\n")
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while not answer.endswith(b"\n"):
            if not socket.bytesAvailable() and not socket.waitForReadyRead(timeout_ms):
                log.info("no answer from the running window: %s", socket.errorString())
                return False
            answer += bytes(socket.readAll().data())
        return answer == ACK
    finally:
        socket.disconnectFromServer()


class InstanceServer(QObject):
    """Listens for second launches; `request_received(list[str])` for each one."""

    request_received = Signal(list)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server = QLocalServer(self)
        # Only this user may connect (Unix: socket file mode; Windows: pipe ACL).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed instance is removed first (the
        caller holds the data folder's lock, so no live instance owns it)."""
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning(
                "single instance: cannot listen on %s: %s", self.name, self.server.errorString()
            )
            return False
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            request = json.loads(data)["request"]
            if not isinstance(request, list) or not all(isinstance(a, str) for a in request):
                raise ValueError("not a list of strings")
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("single instance: unreadable request ignored (%s)", exc)
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.request_received.emit(request)


def location_argument(args: list[str]) -> str | None:
    """The export a launch was given to sync (a .zip or an http(s) address), if any."""
    for arg in args:
        low = arg.lower()
        if low.startswith(("http://", "https://")) or low.endswith(".zip"):
            return arg
    return None
