"""Two interpreter settings that keep the GUI thread responsive while Python
work (index build, sync, searches) runs on other threads. The application
applies them once at start (`app.run_gui`); benchmarks that build parts of the
window themselves apply them too, so that they measure what users get.

Measured with bench/sync_dialog_bench.py (10,000 entries, a note typed during
the sync) once no single call kept the GIL for long any more:

- **GIL switch interval.** A thread waiting for the GIL asks for it after the
  switch interval (5 ms by default) and the running thread lets go at its next
  bytecode boundary, but the waiter then races every other waiting thread for
  it. The GUI thread needs the GIL again for every Python slot, event filter or
  delegate call that Qt makes while it handles one event, so with a busy worker
  a keystroke in the notes editor took up to 80 ms at 5 ms, 6-8 ms at 0.2 ms
  (median 2 ms either way). A shorter interval costs nothing while only one
  thread wants the GIL; two busy Python threads ran as fast at 0.2 ms as at 5.
- **Objects frozen after start-up.** A full garbage collection walks every
  object the collector tracks, and holds the GIL meanwhile: 40-60 ms in the
  window's process, where most of those objects are the modules, classes and
  functions loaded at start, which live as long as the process. `gc.freeze()`
  moves them out of the collector's sight: full collections then took 7-15 ms.
  Objects frozen are still freed when their last reference goes; only a cycle
  among them would never be, and start-up leaves none worth collecting.
"""

from __future__ import annotations

import gc
import sys

#: Seconds a thread may keep the GIL while another waits for it (CPython: 0.005).
GIL_SWITCH_INTERVAL = 0.0002


def share_the_gil() -> None:
    """Make threads hand the GIL over every `GIL_SWITCH_INTERVAL` seconds
    (never lengthens an interval already shorter)."""
    if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)


def freeze_startup_objects() -> None:
    """Exclude every object alive now (modules, classes, functions loaded at
    start-up) from later garbage collections, which become that much shorter."""
    gc.freeze()
