"""Run core jobs off the GUI thread and hand their results back to it.

The pattern is Anki's `taskman` / `QueryOp`: the background function gets plain
callables (`progress(obj)`, `cancel() -> bool`) so core code never sees Qt, and
everything it produces reaches the GUI thread through queued signals. The
background function must never touch a widget.

Two helpers:

- `TaskRunner.start(fn, label=...)` runs `fn(progress, cancel)` on a small thread
  pool and returns a `Task` whose signals fire on the GUI thread.
- `SerialWriter.submit(fn)` runs small library writes one after another on one
  thread, in order. A write can wait for SQLite's write lock while a sync applies
  its (long) transaction: doing that on the GUI thread would freeze the window,
  so panels that save as the user types (notes, tags) write through it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from rtes_desktop.core.errors import Cancelled

log = logging.getLogger(__name__)

ProgressFn = Callable[[Any], None]
CancelFn = Callable[[], bool]


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body
        # autoDelete (the default): the pool owns it once started and deletes it
        # after run() returns, so nothing on our side must keep it alive.

    def run(self) -> None:
        self._body()


class Task(QObject):
    """One background job. Its signals are delivered on the GUI thread.

    `progress(object)` carries the latest object the job reported (intermediate
    ones are coalesced when the GUI is slower than the job: a progress bar only
    needs the last). Exactly one of `finished(result)`, `failed(exception)` or
    `cancelled()` follows, after the last progress.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    # Emitted from the worker thread; the receiver (this object) lives on the
    # GUI thread, so Qt queues them there.
    _progress_ready = Signal()
    _done = Signal(str, object)

    def __init__(self, label: str, cancellable: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.cancellable = cancellable
        self._cancel_event = threading.Event()
        self._lock = threading.Lock()
        self._pending_progress: Any = None
        self._progress_queued = False
        self._state = "pending"  # pending, running, finished, failed, cancelled
        self._progress_ready.connect(self._deliver_progress)
        self._done.connect(self._deliver_done)

    # -- called from any thread ---------------------------------------------

    def report(self, obj: Any) -> None:
        """Thread-safe: record `obj` as the latest progress and wake the GUI."""
        with self._lock:
            self._pending_progress = obj
            if self._progress_queued:
                return  # the GUI has not taken the previous one yet: replace it
            self._progress_queued = True
        self._progress_ready.emit()

    def is_cancelled(self) -> bool:
        """True once the user asked to cancel (the job's `cancel()` callable)."""
        return self._cancel_event.is_set()

    # -- GUI thread ------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the job to stop; it raises `Cancelled` at its next check."""
        if self.cancellable and self._state in ("pending", "running"):
            self._cancel_event.set()

    @property
    def state(self) -> str:
        return self._state

    def is_done(self) -> bool:
        return self._state in ("finished", "failed", "cancelled")

    @Slot()
    def _deliver_progress(self) -> None:
        with self._lock:
            obj, self._pending_progress = self._pending_progress, None
            self._progress_queued = False
        if not self.is_done():
            self.progress.emit(obj)

    @Slot(str, object)
    def _deliver_done(self, outcome: str, value: Any) -> None:
        # A progress still queued was emitted before the job ended: show it first.
        with self._lock:
            queued = self._progress_queued
        if queued:
            self._deliver_progress()
        self._state = outcome
        if outcome == "finished":
            self.finished.emit(value)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(value)


class TaskRunner(QObject):
    """Starts background jobs and keeps them alive until they end.

    `busy_changed(bool)` tells whether any job is running (for a status bar).
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        # Our own pool, so wait_all() waits for our jobs only.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, max_threads))
        self._tasks: set[Task] = set()

    def start(
        self, fn: Callable[[ProgressFn, CancelFn], Any], *, label: str, cancellable: bool = True
    ) -> Task:
        """Run `fn(progress, cancel)` on a worker thread; returns its `Task`.

        Connect to the task's signals right after this call: they are queued to
        the GUI thread, so none can fire before control returns to the event loop.
        """
        task = Task(label, cancellable)
        self._tasks.add(task)

        def body() -> None:
            task._state = "running"
            try:
                result = fn(task.report, task.is_cancelled)
            except Cancelled:
                task._done.emit("cancelled", None)
            except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
                log.error("task %r failed", label, exc_info=exc)
                task._done.emit("failed", exc)
            else:
                task._done.emit("finished", result)

        task.finished.connect(lambda _r, t=task: self._forget(t))
        task.failed.connect(lambda _e, t=task: self._forget(t))
        task.cancelled.connect(lambda t=task: self._forget(t))
        was_busy = len(self._tasks) > 1
        self._pool.start(_Runnable(body))
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def _forget(self, task: Task) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self.busy_changed.emit(False)

    def active(self) -> list[Task]:
        """Jobs not yet ended (as the GUI thread knows it)."""
        return [t for t in self._tasks if not t.is_done()]

    def cancel_all(self) -> None:
        """Ask every running job to stop (closing the window)."""
        for task in list(self._tasks):
            task.cancel()

    def wait_all(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job has returned (teardown); False on timeout.

        Their signals are still queued: they fire when the event loop runs next.
        """
        return bool(self._pool.waitForDone(timeout_ms))


class SerialWriter(QObject):
    """Runs small library writes on one thread, in the order they were submitted.

    `submit(fn, on_done, on_error)`: `fn()` runs on the writer thread; `on_done(result)`
    or `on_error(exception)` is then called on the GUI thread. Errors without an
    `on_error` are logged and reported through `error(object)`.
    """

    error = Signal(object)
    idle = Signal()
    _done = Signal(object)  # (callbacks, value, ok)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one thread: writes keep their order
        self._pending = 0
        self._done.connect(self._deliver)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue `fn` behind the writes already submitted."""
        callbacks = (on_done, on_error)
        self._pending += 1

        def body() -> None:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI
                self._done.emit((callbacks, exc, False))
            else:
                self._done.emit((callbacks, result, True))

        self._pool.start(_Runnable(body))

    def busy(self) -> bool:
        """True while some write has not been delivered back yet."""
        return self._pending > 0

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Block until every queued write has run (closing a panel or the app)."""
        return bool(self._pool.waitForDone(timeout_ms))

    @Slot(object)
    def _deliver(self, outcome: Any) -> None:
        callbacks, value, ok = outcome
        self._pending -= 1
        on_done, on_error = callbacks
        try:
            if ok:
                if on_done is not None:
                    on_done(value)
            elif on_error is not None:
                on_error(value)
            else:
                log.error("background write failed", exc_info=value)
                self.error.emit(value)
        finally:
            if self._pending == 0:
                self.idle.emit()
