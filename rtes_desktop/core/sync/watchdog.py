"""Time limits and cancel for HTTP requests, enforced from outside the request.

A thread blocked in `recv` cannot check anything: a server trickling one byte every
5 s, or accepting and never answering, kept syncs running for minutes, and cancel
waited for the read to end. Socket timeouts cannot be polled either (a file object
made from a socket is unusable after one timeout). So each request registers a
`Guard`, and one watchdog thread per client looks at them every `TICK`: past the
deadline, too slow, or cancelled, it shuts the request's socket down, which makes
the blocked `recv` return at once; the request then raises what `Guard.reason` says.

The connection a request uses is known through the connection classes below, which
record themselves on the guard of the thread that sends the request.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import urllib3
import urllib3.connection

log = logging.getLogger(__name__)

#: how often the watchdog looks at running requests: cancel takes effect within this
TICK = 0.2


@dataclass(frozen=True)
class Deadlines:
    """Time limits of one request (tests pass small values).

    A request (connection, answer, retries, body) gets `total` seconds plus one
    second per `body_rate` bytes of what it announces; whatever the deadline, a
    transfer averaging under `min_rate` bytes/s over `window` seconds (including a
    server that never answers) is abandoned.
    """

    total: float = 120.0
    body_rate: int = 32 * 1024
    min_rate: int = 1024
    window: float = 30.0
    connect: float = 15.0


class Guard:
    """One request watched by the watchdog: its connection, deadline, bytes read."""

    def __init__(self, what: str, deadline: float, deadlines: Deadlines) -> None:
        self.what = what
        self.deadlines = deadlines
        self.started = time.monotonic()
        self.deadline = self.started + deadline
        self.window_start = self.started
        self.window_bytes = 0
        self.conn: Any = None
        #: why the watchdog stopped it: "cancel", "deadline", "silent" or "slow"
        self.reason: str | None = None

    def extend(self, seconds: float) -> None:
        self.deadline = max(self.deadline, time.monotonic() + seconds)

    def add(self, n: int) -> None:
        # Not locked: a count lost to a race with the watchdog's reset is a few bytes
        # of one window, which cannot change a verdict that matters.
        self.window_bytes += n

    def verdict(self, now: float, cancelled: bool) -> str | None:
        """Why this request must stop now, or None."""
        if cancelled:
            return "cancel"
        if now > self.deadline:
            return "deadline"
        d = self.deadlines
        if now - self.window_start >= d.window:
            if self.window_bytes < d.min_rate * d.window:
                return "silent" if self.window_bytes == 0 else "slow"
            self.window_start, self.window_bytes = now, 0
        return None


# The guard of the request the current thread is sending (set around urlopen).
current = threading.local()


class _TrackedMixin:
    def request(self, *args: Any, **kwargs: Any) -> Any:
        guard = getattr(current, "guard", None)
        if guard is not None:
            guard.conn = self
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_TrackedMixin, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_TrackedMixin, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


#: for PoolManager.pool_classes_by_scheme: connections that tell their guard
POOL_CLASSES = {"http": _HTTPPool, "https": _HTTPSPool}


def shut(conn: Any) -> None:
    """Shut a connection's socket down (a blocked read in another thread returns)."""
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    try:
        # socket.socket's own shutdown, also for an SSLSocket: wakes a blocked read
        # without touching the TLS object the reading thread is using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class Watchdog:
    """The guards of one client, and the thread that looks at them while any run."""

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        self._cancelled = cancelled
        self._guards: set[Guard] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def watch(self, what: str, deadline: float, deadlines: Deadlines) -> Guard:
        guard = Guard(what, deadline, deadlines)
        with self._lock:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="http-watchdog", daemon=True
                )
                self._thread.start()
        return guard

    def unwatch(self, guard: Guard) -> None:
        with self._lock:
            self._guards.discard(guard)

    def _loop(self) -> None:
        # Alive while requests run (a sync makes thousands), gone when none do.
        while True:
            time.sleep(TICK)
            try:
                cancelled = bool(self._cancelled())
            except Exception:  # a broken cancel callable must not kill the watchdog
                log.exception("cancel check failed")
                cancelled = False
            now = time.monotonic()
            with self._lock:
                if not self._guards:
                    self._thread = None
                    return
                for guard in self._guards:
                    if guard.reason is None:
                        guard.reason = guard.verdict(now, cancelled)
                        if guard.reason is not None:
                            log.info("stopping request for %s: %s", guard.what, guard.reason)
                    if guard.reason is not None:
                        shut(guard.conn)
