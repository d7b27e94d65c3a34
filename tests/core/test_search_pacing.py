"""Long index writes pause for other threads (search/pacing.py), and only when
there is another thread to hand Python's GIL to."""

from __future__ import annotations

import threading

from rtes_desktop.core.search import pacing


def _pauses(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(pacing.time, "sleep", slept.append)
    pace = pacing.Pacer(period=0.0, pause=0.0001)
    for _ in range(5):
        pace()
    return slept


def test_a_pacer_pauses_when_another_thread_may_want_the_gil(monkeypatch):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert _pauses(monkeypatch) == [0.0001] * 5
    finally:
        stop.set()
        other.join()


def test_a_pacer_alone_in_its_process_never_sleeps(monkeypatch):
    # (Other tests may leave threads behind: the count is the process's, set here.)
    monkeypatch.setattr(pacing.threading, "active_count", lambda: 1)
    assert _pauses(monkeypatch) == []
