"""A watchdog thread that measures how long Python's GIL keeps other threads out.

    from gil_watch import GilWatch
    with GilWatch(blame_ms=60) as watch:
        watch.phase = "indexing"  # optional: gaps are counted per phase
        ...
    print(watch.report())

The watchdog sleeps `interval` seconds, wakes and notes how late it woke. To run
again after a sleep a thread must take the GIL, exactly as the GUI thread must
to run a slot: so the longest interval between its wake-ups is the longest time
any other thread kept every Python thread out, i.e. the GUI thread's worst-case
blocking caused by work on other threads (its own slow slots are measured by a
Qt timer in the benchmarks). Python hands the GIL over every 5 ms only between
bytecodes; one long C call (a big sort, `bytes.join`, `pickle.loads`, a cyclic
garbage collection…) keeps it throughout.

With `blame_ms`, every gap longer than that records what the other threads were
doing when the watchdog got the GIL back: the thread that held it has just
released it, so its innermost frames point at (or just past) the long call.
Garbage collections are timed too (`gc.callbacks`): a full collection of
millions of objects is one such uninterrupted pause.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Blame:
    gap_ms: float
    phase: str
    stacks: dict[str, list[str]] = field(default_factory=dict)  # thread name -> frames

    def format(self, depth: int = 6) -> str:
        lines = [f"gap {self.gap_ms:.0f} ms during « {self.phase} »:"]
        for name, frames in self.stacks.items():
            lines.append(f"  thread {name}:")
            lines.extend(f"    {f}" for f in frames[-depth:])
        return "\n".join(lines)


class GilWatch:
    """See the module docstring. Thread-safe enough for reporting: figures are
    read after `stop()`."""

    def __init__(self, interval: float = 0.002, blame_ms: float | None = None) -> None:
        self.interval = interval
        self.blame_ms = blame_ms
        self.phase = ""
        self.longest_ms = 0.0
        self.by_phase: dict[str, float] = {}
        self.blames: list[Blame] = []
        self.gc_longest_ms = 0.0
        self.gc_longest_gen = -1
        self._gc_start = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> GilWatch:
        gc.callbacks.append(self._on_gc)
        self._thread = threading.Thread(target=self._run, name="gil-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def __enter__(self) -> GilWatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget what was measured so far (e.g. after a warm-up)."""
        self.longest_ms = 0.0
        self.by_phase.clear()
        self.blames.clear()
        self.gc_longest_ms = 0.0
        self.gc_longest_gen = -1

    # -- measuring ---------------------------------------------------------------

    def _run(self) -> None:
        me = threading.get_ident()
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(self.interval)
            now = time.perf_counter()
            # What exceeds the requested sleep is time spent waiting for the GIL
            # (or for a CPU: on a busy 2-core machine the OS scheduler too).
            gap = (now - last) * 1000
            last = now
            phase = self.phase
            if gap > self.by_phase.get(phase, 0.0):
                self.by_phase[phase] = gap
            if gap > self.longest_ms:
                self.longest_ms = gap
            if self.blame_ms is not None and gap > self.blame_ms:
                self.blames.append(Blame(gap, phase, _stacks(me)))
                last = time.perf_counter()  # formatting stacks is not a gap

    def _on_gc(self, event: str, info: dict[str, Any]) -> None:
        if event == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start:
            ms = (time.perf_counter() - self._gc_start) * 1000
            if ms > self.gc_longest_ms:
                self.gc_longest_ms = ms
                self.gc_longest_gen = int(info.get("generation", -1))

    # -- reporting -------------------------------------------------------------

    def report(self, blames: int = 10) -> str:
        lines = [f"GIL watchdog: longest gap {self.longest_ms:.0f} ms"]
        for phase, ms in self.by_phase.items():
            lines.append(f"  longest gap during « {phase or '—'} »: {ms:.0f} ms")
        lines.append(
            f"  longest garbage collection: {self.gc_longest_ms:.0f} ms "
            f"(generation {self.gc_longest_gen})"
        )
        for b in sorted(self.blames, key=lambda b: -b.gap_ms)[:blames]:
            lines.append(b.format())
        return "\n".join(lines)


def _stacks(skip: int) -> dict[str, list[str]]:
    names = {t.ident: t.name for t in threading.enumerate()}
    out: dict[str, list[str]] = {}
    for ident, frame in sys._current_frames().items():
        if ident == skip:
            continue
        summary = traceback.extract_stack(frame)
        out[names.get(ident, str(ident))] = [
            f"{fs.filename.rsplit('/', 2)[-1]}:{fs.lineno} {fs.name}: {fs.line}" for fs in summary
        ]
    return out
