"""The job runner (gui/common/jobs.py): lanes, stale searches dropped, cancel, errors, and
results delivered on the GUI thread. Each test fails if that behaviour breaks."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QThread

from rtes_desktop.core.errors import Cancelled
from rtes_desktop.gui.common.jobs import LONG, SEARCH, WRITE, Jobs


def gate_lane(jobs: Jobs, lane: str) -> tuple[threading.Event, threading.Event]:
    """Occupy `lane`'s thread until the returned `release` is set."""
    started, release = threading.Event(), threading.Event()

    def hold(_p, _c):
        started.set()
        release.wait(10)

    jobs.run(hold, lane=lane, key="gate", label="gate")
    assert started.wait(5)
    return started, release


def test_write_lane_runs_in_order_on_one_thread(qtbot, jobs):
    order: list[int] = []
    threads: set[int] = set()
    delivered: list[int] = []

    def write(i):
        def fn():
            threads.add(threading.get_ident())
            # Earlier writes are slower: with two threads the order would break.
            threading.Event().wait(0.002 * (5 - i))
            order.append(i)
            return i

        return fn

    for i in range(5):
        jobs.write(write(i)).on_done(delivered.append)
    assert jobs.wait_idle(10)
    assert order == [0, 1, 2, 3, 4]
    assert delivered == [0, 1, 2, 3, 4]
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_search_lane_runs_only_the_newest_waiting_request(qtbot, jobs):
    _started, release = gate_lane(jobs, SEARCH)
    ran: list[str] = []
    done: list[str] = []
    dropped: list[str] = []
    queued = {}
    for text in ("c", "co", "coo", "coop"):
        queued[text] = (
            jobs.run(lambda _p, _c, t=text: ran.append(t) or t, lane=SEARCH, key="search")
            .on_done(done.append)
            .on_cancel(lambda t=text: dropped.append(t))
        )
    # Another key is not a newer version of the same request: it runs too.
    jobs.run(lambda _p, _c: ran.append("sidebar") or "sidebar", lane=SEARCH, key="sidebar")
    release.set()
    assert jobs.wait_idle(10)
    assert ran == ["coop", "sidebar"]
    assert done == ["coop"]
    assert dropped == ["c", "co", "coo"]
    assert [queued[t].state for t in ("c", "co", "coo", "coop")] == [
        "dropped",
        "dropped",
        "dropped",
        "finished",
    ]


def test_the_write_lane_never_drops_a_write(qtbot, jobs):
    _started, release = gate_lane(jobs, WRITE)
    written: list[int] = []
    for i in range(3):
        jobs.run(lambda _p, _c, i=i: written.append(i), lane=WRITE, key="same")
    release.set()
    assert jobs.wait_idle(10)
    assert written == [0, 1, 2]


def test_cancel_makes_the_core_cancel_callable_return_true(qtbot, jobs):
    started = threading.Event()
    seen: list[bool] = []

    def long_job(progress, cancel):
        started.set()
        seen.append(cancel())
        while not cancel():
            threading.Event().wait(0.005)
        seen.append(cancel())
        raise Cancelled("annulé")  # what the core does at its next check

    finished: list[object] = []
    job = jobs.run(long_job, lane=LONG).on_done(finished.append)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.cancel()
    assert seen == [False, True]
    assert finished == []
    assert job.state == "cancelled"


def test_a_job_cancelled_while_waiting_never_runs(qtbot, jobs):
    _started, release = gate_lane(jobs, WRITE)
    ran: list[str] = []
    job = jobs.run(lambda _p, _c: ran.append("x"), lane=WRITE)
    job.cancel()
    release.set()
    assert jobs.wait_idle(10)
    assert ran == []
    assert job.state == "cancelled"


def test_errors_are_delivered_to_on_error_not_raised(qtbot, jobs):
    done: list[object] = []
    errors: list[BaseException] = []

    def fails(_p, _c):
        raise ValueError("fichier illisible")

    jobs.run(fails, lane=LONG).on_done(done.append).on_error(errors.append)
    jobs.write(lambda: 1 / 0).on_error(errors.append)
    assert jobs.wait_idle(10)
    assert done == []
    assert {type(e) for e in errors} == {ValueError, ZeroDivisionError}
    assert str(next(e for e in errors if isinstance(e, ValueError))) == "fichier illisible"


def test_callbacks_run_on_the_gui_thread_and_the_job_off_it(qtbot, jobs):
    gui = QCoreApplication.instance().thread()
    job_threads: list[threading.Thread] = []
    on_gui: list[tuple[str, bool]] = []

    def fn(progress, _c):
        job_threads.append(threading.current_thread())
        progress("étape")
        return 42

    for lane in (WRITE, SEARCH, LONG):
        jobs.run(fn, lane=lane).on_progress(
            lambda _p, lane=lane: on_gui.append(
                (f"{lane}-progress", QThread.currentThread() is gui)
            )
        ).on_done(
            lambda r, lane=lane: on_gui.append((f"{lane}-{r}", QThread.currentThread() is gui))
        )
    assert jobs.wait_idle(10)
    assert all(t is not threading.main_thread() for t in job_threads) and len(job_threads) == 3
    assert sorted(on_gui) == sorted(
        [(f"{lane}-{what}", True) for lane in (WRITE, SEARCH, LONG) for what in ("progress", "42")]
    )


def test_progress_is_coalesced_to_the_latest_while_the_gui_is_busy(qtbot, jobs):
    reported = threading.Event()

    def flood(progress, _c):
        for i in range(20_000):
            progress(i)
        reported.set()
        return "fini"

    received: list[int] = []
    job = jobs.run(flood, lane=LONG).on_progress(received.append)
    # The GUI thread runs no event meanwhile: every report but the last is replaced.
    assert reported.wait(10)
    with qtbot.waitSignal(job.finished, timeout=10_000) as blocker:
        pass
    assert blocker.args == ["fini"]
    assert received == [19_999]


def test_long_jobs_do_not_wait_for_each_other(qtbot, jobs):
    # A sync must not wait for an index build: two long jobs that each need the
    # other to be running can only both finish if they run at the same time.
    a, b = threading.Event(), threading.Event()

    def first(_p, _c):
        a.set()
        return b.wait(5)

    def second(_p, _c):
        b.set()
        return a.wait(5)

    results: list[bool] = []
    jobs.run(first, lane=LONG).on_done(results.append)
    jobs.run(second, lane=LONG).on_done(results.append)
    assert jobs.wait_idle(10)
    assert results == [True, True]


def test_wait_idle_includes_work_queued_by_callbacks(qtbot, jobs):
    trail: list[str] = []

    def then(_r):
        trail.append("first delivered")
        jobs.write(lambda: "second").on_done(trail.append)

    jobs.write(lambda: "first").on_done(then)
    assert jobs.wait_idle(10)
    assert trail == ["first delivered", "second"]
    assert jobs.active() == []


def test_shutdown_cancels_waiting_long_work_but_keeps_writes(qtbot):
    runner = Jobs()
    hold_started = threading.Event()

    def hold(_p, cancel):
        hold_started.set()
        while not cancel():
            threading.Event().wait(0.005)
        raise Cancelled("annulé")

    held = [runner.run(hold, lane=LONG) for _ in range(3)]  # every long thread busy
    assert hold_started.wait(5)
    waiting_ran: list[str] = []
    waiting = runner.run(lambda _p, _c: waiting_ran.append("x"), lane=LONG)
    written: list[str] = []
    _w_started, w_release = gate_lane(runner, WRITE)
    runner.write(lambda: written.append("note"))
    w_release.set()
    assert runner.shutdown(10.0)
    assert runner.wait_idle(10)
    assert written == ["note"]
    assert waiting_ran == []
    assert waiting.state == "cancelled"
    assert [j.state for j in held] == ["cancelled"] * 3
    # A write asked for after closing (a note saved as its panel closes) still lands.
    runner.write(lambda: written.append("late"))
    assert runner.wait_idle(10)
    assert written == ["note", "late"]


def test_a_job_after_writes_starts_once_the_writes_queued_before_it_landed(qtbot, jobs):
    _started, release = gate_lane(jobs, WRITE)  # a write waiting for SQLite's lock
    written: list[str] = []
    jobs.write(lambda: written.append("note edited"))
    seen: list[list[str]] = []
    waited: list[bool] = []
    jobs.run(lambda _p, _c: list(written), lane=LONG, after_writes=True).on_waiting(
        lambda: waited.append(True)
    ).on_done(seen.append)
    assert jobs.wait_until(lambda: waited, 5)  # it says it waits…
    assert seen == []  # … and has not read yet
    release.set()
    assert jobs.wait_idle(10)
    assert seen == [["note edited"]]
