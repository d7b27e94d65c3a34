"""The window's one job runner: every piece of work that must not run on the GUI
thread goes through it, and its results come back on the GUI thread.

In the spirit of Anki's `taskman` + `QueryOp`:

    jobs.run(fn, lane="long").on_progress(show).on_done(use).on_error(say)

`fn(progress, cancel)` runs on a worker thread with plain callables (the core
never sees Qt): `progress(obj)` reports, `cancel()` returns True once the GUI
asked the job to stop (`Job.cancel()`); a core function raising `Cancelled`
ends the job as cancelled. `fn` must never touch a widget. The callbacks, and
the `Job`'s signals, run on the GUI thread (a queued signal carries them there).

Three named lanes, each with its own thread(s):

- ``write``: every write to the library, one after another on one thread (so one
  SQLite connection: a connection belongs to the thread that opened it). A write
  that waits for SQLite's lock while a sync applies waits there, not in the
  window. Writes are never dropped, even at shutdown (they are the user's work).
- ``search``: searches, suggestions, sidebar counts. One thread; a newer request
  with the same `key` replaces one still waiting (typing fast runs only the
  newest query, never a queue of stale ones).
- ``long``: sync, index build and catch-up, downloads: several threads, so a sync
  never waits for an index build; progress and cooperative cancel.
- ``render``: formatting an entry's (untrusted) Markdown while the reader waits a
  bounded time for it: a thread of its own, so no search or sync queued ahead can
  make the reader fall back to plain text.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal, Slot

from rtes_desktop.core.errors import Cancelled, RtesError

log = logging.getLogger(__name__)

ProgressFn = Callable[[Any], None]
CancelFn = Callable[[], bool]
JobFn = Callable[[ProgressFn, CancelFn], Any]

WRITE, SEARCH, LONG, RENDER = "write", "search", "long", "render"


class Job(QObject):
    """One piece of background work, as the GUI thread sees it.

    Exactly one of `finished(result)`, `failed(exception)` or `cancelled()` is
    emitted, after the last `progressed(obj)`. Progress reports are coalesced when
    the GUI is slower than the job: only the latest is shown, and it always is.
    `state`: "pending", "running", "finished", "failed", "cancelled" or "dropped"
    (replaced by a newer request on the search lane before it ran; `cancelled`
    is emitted for it too).
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    waiting = Signal()  # an `after_writes` job waits for writes queued before it

    # Emitted from worker threads; connected queued, so the slots run on the GUI thread.
    _progress_ready = Signal()
    _ended = Signal(str, object)
    _waiting_ready = Signal()

    def __init__(
        self,
        fn: JobFn,
        lane: str,
        key: str | None,
        label: str,
        runner: Jobs,
        landed: threading.Event | None = None,
    ) -> None:
        # No Qt parent: the runner keeps it until its end is delivered, then it is
        # an ordinary Python object (freed when the caller drops it too).
        super().__init__()
        self.fn = fn
        self.lane = lane
        self.key = key
        self.label = label
        self.state = "pending"
        self._runner = runner
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._pending_progress: Any = None
        self._progress_queued = False
        self._error_handled = False
        self._landed = landed  # set once the writes queued before this job have run
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_ready.connect(self._deliver_progress, queued)
        self._ended.connect(self._deliver_end, queued)
        # Re-emitted by the job's own slot: a worker emitting `waiting` directly could
        # do so before the caller connected to it.
        self._waiting_ready.connect(self._deliver_waiting, queued)

    # -- the builder (GUI thread) ---------------------------------------------------------

    def on_progress(self, cb: Callable[[Any], None]) -> Job:
        self.progressed.connect(cb)
        return self

    def on_done(self, cb: Callable[[Any], None]) -> Job:
        self.finished.connect(cb)
        return self

    def on_error(self, cb: Callable[[BaseException], None]) -> Job:
        self._error_handled = True
        self.failed.connect(cb)
        return self

    def on_cancel(self, cb: Callable[[], None]) -> Job:
        self.cancelled.connect(cb)
        return self

    def on_waiting(self, cb: Callable[[], None]) -> Job:
        self.waiting.connect(cb)
        return self

    def cancel(self) -> None:
        """Ask the job to stop: its `cancel()` returns True from now on; a job
        still waiting in its lane does not start."""
        self._cancel.set()

    def is_done(self) -> bool:
        return self.state in ("finished", "failed", "cancelled", "dropped")

    # -- worker side ---------------------------------------------------------------------------

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, obj: Any) -> None:
        """Thread-safe: keep `obj` as the latest progress and wake the GUI once."""
        with self._lock:
            self._pending_progress = obj
            if self._progress_queued:
                return  # the GUI has not taken the previous one yet: replace it
            self._progress_queued = True
        self._progress_ready.emit()

    def _wait_for_writes(self) -> None:
        if self._landed is None or self._landed.is_set():
            return
        self._waiting_ready.emit()
        # Writes always run, even when closing: the event comes; cancel is checked
        # meanwhile so that a closing window need not wait for it.
        while not self._landed.wait(0.05) and not self._cancel.is_set():
            pass

    def _execute(self) -> None:
        self._wait_for_writes()
        if self._cancel.is_set():
            self._ended.emit("cancelled", None)
            return
        self.state = "running"
        started = time.monotonic()
        try:
            result = self.fn(self.report, self.is_cancelled)
        except Cancelled:
            self._ended.emit("cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI, never lost
            expected = isinstance(exc, RtesError)
            log.log(
                logging.INFO if expected else logging.ERROR,
                "job %s failed: %r",
                self.label,
                exc,
                exc_info=not expected,
            )
            self._ended.emit("failed", exc)
        else:
            self._ended.emit("finished", result)
        finally:
            log.debug("job %s took %.0f ms", self.label, (time.monotonic() - started) * 1000)

    # -- GUI side --------------------------------------------------------------------------------

    @Slot()
    def _deliver_progress(self) -> None:
        with self._lock:
            obj, self._pending_progress = self._pending_progress, None
            was_queued, self._progress_queued = self._progress_queued, False
        if was_queued and not self.is_done():
            self.progressed.emit(obj)

    @Slot()
    def _deliver_waiting(self) -> None:
        if not self.is_done():
            self.waiting.emit()

    @Slot(str, object)
    def _deliver_end(self, outcome: str, value: Any) -> None:
        self._deliver_progress()  # a report made before the end is shown first
        self.state = outcome
        try:
            if outcome == "finished":
                self.finished.emit(value)
            elif outcome == "failed":
                if not self._error_handled:
                    log.error("job %s failed, nobody to tell", self.label, exc_info=value)
                self.failed.emit(value)
            else:
                self.cancelled.emit()
        finally:
            self._runner._delivered(self)


class _Lane:
    """A queue and its worker thread(s)."""

    def __init__(self, name: str, threads: int, drop_stale: bool) -> None:
        self.name = name
        self.drop_stale = drop_stale
        self.pending: deque[Job] = deque()
        self.running = 0
        self.stopping = False
        self.cond = threading.Condition()
        self.threads = [
            threading.Thread(target=self._loop, name=f"rtes-{name}-{i}", daemon=True)
            for i in range(threads)
        ]
        for t in self.threads:
            t.start()

    def put(self, job: Job) -> list[Job]:
        """Queue `job`; returns the jobs it replaced (search lane, same key)."""
        dropped: list[Job] = []
        with self.cond:
            if self.drop_stale:
                dropped = [j for j in self.pending if j.key == job.key]
                for j in dropped:
                    self.pending.remove(j)
            self.pending.append(job)
            self.cond.notify()
        return dropped

    def take_pending(self) -> list[Job]:
        with self.cond:
            jobs = list(self.pending)
            self.pending.clear()
            return jobs

    def drained(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while self.pending or self.running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
            return True

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self.cond:
                while not self.pending and not self.stopping:
                    self.cond.wait()
                if not self.pending:
                    return  # stopping, nothing left
                job = self.pending.popleft()
                self.running += 1
            try:
                job._execute()
            finally:
                with self.cond:
                    self.running -= 1
                    self.cond.notify_all()


class Jobs(QObject):
    """The runner: created once by the window, passed to every widget that needs it."""

    def __init__(self, parent: QObject | None = None, long_threads: int = 3) -> None:
        super().__init__(parent)
        self._lanes = {
            WRITE: _Lane(WRITE, 1, drop_stale=False),
            SEARCH: _Lane(SEARCH, 1, drop_stale=True),
            LONG: _Lane(LONG, max(1, long_threads), drop_stale=False),
            RENDER: _Lane(RENDER, 1, drop_stale=False),
        }
        self._outstanding: set[Job] = set()  # submitted, end not yet delivered
        self._recent: deque[Job] = deque(maxlen=64)  # delivered, kept a little longer
        self._closed = False

    def run(
        self,
        fn: JobFn,
        *,
        lane: str = WRITE,
        key: str | None = None,
        label: str = "",
        after_writes: bool = False,
    ) -> Job:
        """Queue `fn(progress, cancel)` on `lane`; returns its `Job`.

        Attach callbacks right after this call: results arrive through queued
        signals, so none can be delivered before control returns to the event loop.
        On the search lane, a request still waiting with the same `key` is dropped.
        `after_writes`: `fn` starts only once every write queued before this call has
        landed (a reader that must see the user's last edits, e.g. an export); the
        job emits `waiting` if it has to wait for them.
        """
        if lane not in self._lanes:
            raise ValueError(f"unknown lane: {lane}")
        landed = self._writes_landed() if after_writes and lane != WRITE else None
        job = Job(fn, lane, key if key is not None else lane, label or lane, self, landed)
        if self._closed and lane != WRITE:
            job.cancel()  # closing: new work is not started (it ends as cancelled)
        self._outstanding.add(job)
        for stale in self._lanes[lane].put(job):
            stale.state = "dropped"
            stale._ended.emit("dropped", None)
        return job

    def write(self, fn: Callable[[], Any], label: str = "write") -> Job:
        """`run` for a plain library write `fn()` on the write lane."""
        return self.run(lambda _p, _c: fn(), lane=WRITE, label=label)

    def _writes_landed(self) -> threading.Event:
        """An event set once every write queued so far has run: a no-op queued behind
        them on the (one-thread, first-in first-out) write lane sets it."""
        landed = threading.Event()
        self.run(lambda _p, _c: landed.set(), lane=WRITE, label="writes landed")
        return landed

    def active(self, lane: str | None = None) -> list[Job]:
        """Jobs whose end has not been delivered yet (on `lane`, or all)."""
        return [j for j in self._outstanding if lane is None or j.lane == lane]

    def drain(self, lane: str | None = None, timeout_s: float = 10.0) -> bool:
        """Block until `lane` (or every lane) has nothing queued or running; the
        results are delivered when the event loop next runs. For closing a panel:
        its last writes must land first."""
        deadline = time.monotonic() + timeout_s
        lanes = [self._lanes[lane]] if lane else list(self._lanes.values())
        return all(ln.drained(max(0.0, deadline - time.monotonic())) for ln in lanes)

    def wait_idle(self, timeout_s: float = 20.0) -> bool:
        """GUI thread (tests, the self-test): run the event loop until every job has
        ended and its callbacks have run, including jobs those callbacks queued."""
        return self.wait_until(lambda: not self._outstanding, timeout_s)

    def wait_until(self, condition: Callable[[], bool], timeout_s: float) -> bool:
        """GUI thread: run the event loop until `condition()` holds (True) or
        `timeout_s` passed (False). A turn of the loop comes first: a timer due now
        (the window's first turn, a debounce) may queue work."""
        deadline = time.monotonic() + timeout_s
        app = QCoreApplication.instance()
        while True:
            if app is not None:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if condition():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Closing: queued searches and long jobs are cancelled, the running ones
        asked to stop; writes still run, even those queued from now on (a note
        saved as its panel closes). Idempotent."""
        self._closed = True
        for name in (SEARCH, LONG, RENDER):
            for job in self._lanes[name].take_pending():
                job._ended.emit("cancelled", None)
        for job in list(self._outstanding):
            if job.lane != WRITE:
                job.cancel()
        ok = self.drain(timeout_s=timeout_s)
        for name in (SEARCH, LONG, RENDER):
            self._lanes[name].stop()
        if not ok:
            log.warning("jobs still running at shutdown: %s", [j.label for j in self.active()])
        return ok

    def _delivered(self, job: Job) -> None:
        self._outstanding.discard(job)
        job.fn = _done_fn  # let the closure (and what it holds) go
        # Called from the job's own slot: dropping the last reference here would delete
        # the QObject while Qt is still delivering to it. Kept until later deliveries.
        self._recent.append(job)


def _done_fn(_p: ProgressFn, _c: CancelFn) -> None:
    return None
