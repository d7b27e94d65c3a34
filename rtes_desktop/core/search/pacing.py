"""Long index writes that let other threads (the GUI's) have Python's GIL.

A thread waiting for the GIL asks the running thread to let go only when it
has waited a whole switch interval without any switch happening. A thread
that releases the GIL for a very short C call and takes it straight back
counts as a switch each time, so when it does that more often than the
switch interval, the waiter is kept out for as long as it goes on (the
"convoy effect"). whoosh's writer does exactly that: every posting block of
the phrase field is compressed by ``zlib.compress``, which releases the GIL
even for a few bytes. Measured here: a loop compressing 100 bytes at a time
kept a waiting thread out 60-200 ms; with a 0.1 ms sleep every 10 ms of work,
5-12 ms. A sleep, unlike ``sleep(0)``, gives the waiter time to wake up and
take the GIL before this thread asks for it again. In the sync dialog
(bench/sync_dialog_bench.py, 10,000 entries) the GUI thread's longest gap
while the index was built went from 22-50 ms to 15-19 ms; the build's time
did not change measurably.

With no other thread in the process (the command line, a benchmark) there is
no one to hand the GIL to, and the pause is skipped: on a loaded machine a
0.1 ms sleep took 1-2 ms (the scheduler runs other processes first), 10-15 %
of an index build.
"""

from __future__ import annotations

import threading
import time

#: Work between two pauses, and the pause (seconds).
PERIOD = 0.01
PAUSE = 0.0001


class Pacer:
    """Call it often in a long loop: about every `period` seconds it sleeps
    `pause` seconds, so that a thread waiting for the GIL gets it. Costs a
    clock read per call and a percent or two of the loop's time."""

    def __init__(self, period: float = PERIOD, pause: float = PAUSE) -> None:
        self._period = period
        self._pause = pause
        self._next = time.perf_counter() + period

    def __call__(self) -> None:
        if time.perf_counter() >= self._next:
            if threading.active_count() > 1:
                time.sleep(self._pause)
            self._next = time.perf_counter() + self._period
