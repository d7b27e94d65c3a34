"""A serial background worker: jobs run one after another on one thread, their
results come back on the GUI thread.

The search field needs exactly this: searches must not run on the GUI thread, must
not run concurrently against the same index, and a query typed while another runs
makes the older one pointless (jobs sharing a `coalesce` key replace each other
while they wait). Core jobs take `progress` and `cancel` callables, as everywhere.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Job = Callable[[Callable[[Any], None], Callable[[], bool]], Any]


@dataclass
class _Task:
    fn: Job
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[Any], None] | None
    coalesce: str | None
    generation: int
    label: str
    cancelled: threading.Event = field(default_factory=threading.Event)


class _Bridge(QObject):
    """Lives on the GUI thread; a signal emitted from the worker thread is queued to it."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        try:
            call()
        except Exception:  # a callback error must not kill the event loop
            log.exception("background callback failed")


class SerialWorker(QObject):
    """One daemon thread consuming a queue of jobs, in order."""

    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = _Bridge()
        self._bridge.setParent(self)
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._latest: dict[str, int] = {}
        self._counter = itertools.count(1)
        self._current: _Task | None = None
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    # -- GUI-thread side ------------------------------------------------------

    def submit(
        self,
        fn: Job,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_progress: Callable[[Any], None] | None = None,
        coalesce: str | None = None,
        label: str = "",
    ) -> None:
        """Queue `fn(progress, cancel)`; `on_done(result)` or `on_error(exc)` runs
        on the GUI thread. A queued job with the same `coalesce` key is skipped."""
        if self._stopping:
            return
        gen = next(self._counter)
        if coalesce:
            self._latest[coalesce] = gen
        task = _Task(fn, on_done, on_error, on_progress, coalesce, gen, label or fn.__name__)
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(task)

    def cancel_current(self) -> None:
        """Ask the running job to stop at its next `cancel()` check."""
        task = self._current
        if task is not None:
            task.cancelled.set()

    def is_idle(self) -> bool:
        return self._idle.is_set()

    def wait_idle(self, timeout_s: float) -> bool:
        """Block until no job is queued or running (for tests and teardown)."""
        return self._idle.wait(timeout_s)

    def shutdown(self, timeout_s: float = 3.0) -> None:
        """Stop taking jobs, cancel the running one, wait a little for it."""
        if self._stopping:
            return
        self._stopping = True
        self.cancel_current()
        self._queue.put(None)
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning("worker %s still busy at shutdown: %s", self._thread.name, self._current)

    # -- worker-thread side ---------------------------------------------------

    def _loop(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            try:
                stale = task.coalesce and self._latest.get(task.coalesce, 0) > task.generation
                if not stale and not self._stopping:
                    self._run(task)
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def _run(self, task: _Task) -> None:
        self._current = task
        last = [0.0]

        def progress(value: Any) -> None:
            # Throttled: a core loop may report every document, the bar needs ~20/s.
            now = time.monotonic()
            if task.on_progress and now - last[0] >= 0.05:
                last[0] = now
                cb = task.on_progress
                self._bridge.deliver.emit(lambda: cb(value))

        def cancel() -> bool:
            return task.cancelled.is_set() or self._stopping

        started = time.monotonic()
        try:
            result = task.fn(progress, cancel)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
            if not self._stopping:
                log.info("job %s failed: %r", task.label, exc, exc_info=not _expected(exc))
                if task.on_error:
                    err_cb, error = task.on_error, exc
                    self._bridge.deliver.emit(lambda: err_cb(error))
        else:
            if task.on_done and not self._stopping:
                done_cb = task.on_done
                self._bridge.deliver.emit(lambda: done_cb(result))
        finally:
            self._current = None
            log.debug("job %s took %.0f ms", task.label, (time.monotonic() - started) * 1000)


def _expected(exc: BaseException) -> bool:
    from rtes_desktop.core.errors import RtesError

    return isinstance(exc, RtesError)
