"""TaskRunner and SerialWriter: work off the GUI thread, results back on it."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, QThread

from rtes_desktop.core.errors import Cancelled
from rtes_desktop.gui.tasks import SerialWriter

pytest_plugins = ["conftest_panels"]


def test_result_and_progress_reach_the_gui_thread(qtbot, task_runner):
    worker_threads = []

    def job(progress, cancel):
        worker_threads.append(threading.current_thread())
        for i in range(1, 4):
            progress(("étape", i))
        return 42

    seen = []
    task = task_runner.start(job, label="test")
    gui = QCoreApplication.instance().thread()
    task.progress.connect(lambda p: seen.append((p, QThread.currentThread() is gui)))
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert worker_threads[0] is not threading.main_thread()
    # Progress may be coalesced, but the last one always arrives, on the GUI thread.
    assert seen and seen[-1] == (("étape", 3), True)
    assert all(on_gui for _p, on_gui in seen)
    assert task.state == "finished"


def test_cancel_raises_cancelled_in_the_job(qtbot, task_runner):
    started = threading.Event()

    def job(progress, cancel):
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if cancel():
                raise Cancelled("annulé")
            time.sleep(0.01)
        return "not cancelled"

    task = task_runner.start(job, label="long")
    assert started.wait(5)
    finished = []
    task.finished.connect(finished.append)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert finished == []
    assert task.state == "cancelled"


def test_an_exception_is_delivered_not_raised(qtbot, task_runner):
    def job(progress, cancel):
        raise ValueError("fichier illisible")

    task = task_runner.start(job, label="boom")
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert str(blocker.args[0]) == "fichier illisible"


def test_not_cancellable_task_ignores_cancel(qtbot, task_runner):
    go = threading.Event()

    def job(progress, cancel):
        go.wait(5)
        return cancel()

    task = task_runner.start(job, label="écriture", cancellable=False)
    task.cancel()
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [False]


def test_flood_of_progress_is_coalesced(qtbot, task_runner):
    def job(progress, cancel):
        for i in range(20_000):
            progress(i)
        return "fini"

    received = []
    task = task_runner.start(job, label="flood")
    task.progress.connect(received.append)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert received[-1] == 19_999
    assert received == sorted(received)
    assert len(received) <= 20_000


def test_busy_changed_and_wait_all(qtbot, task_runner):
    states = []
    task_runner.busy_changed.connect(states.append)
    gate = threading.Event()
    task = task_runner.start(lambda p, c: gate.wait(5), label="attente")
    assert task_runner.active() == [task]
    gate.set()
    assert task_runner.wait_all(5000)
    qtbot.waitUntil(lambda: states == [True, False], timeout=5000)
    assert task_runner.active() == []


def test_serial_writer_keeps_order_and_reports_errors(qtbot):
    writer = SerialWriter()
    order: list[int] = []
    results: list[int] = []
    errors: list[BaseException] = []

    def write(i):
        def fn():
            time.sleep(0.002 * (5 - i))  # earlier writes are slower: order must hold
            order.append(i)
            return i

        return fn

    for i in range(5):
        writer.submit(write(i), results.append)
    writer.submit(lambda: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(writer.idle, timeout=5000):
        pass
    assert order == [0, 1, 2, 3, 4]
    assert results == [0, 1, 2, 3, 4]
    assert isinstance(errors[0], ZeroDivisionError)
    assert not writer.busy()
