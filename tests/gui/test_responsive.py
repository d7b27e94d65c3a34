"""The interpreter settings the window applies at start (gui/shell/responsive.py)."""

from __future__ import annotations

import gc
import sys

import pytest
from window_helpers import run_app_and_report

from rtes_desktop.gui.shell.responsive import (
    GIL_SWITCH_INTERVAL,
    freeze_startup_objects,
    share_the_gil,
)


@pytest.fixture
def switch_interval():
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_threads_hand_the_gil_over_sooner(switch_interval):
    sys.setswitchinterval(0.005)  # CPython's default
    share_the_gil()
    assert sys.getswitchinterval() == pytest.approx(GIL_SWITCH_INTERVAL, rel=0.01)


def test_a_shorter_interval_is_kept(switch_interval):
    sys.setswitchinterval(GIL_SWITCH_INTERVAL / 2)
    share_the_gil()
    assert sys.getswitchinterval() == pytest.approx(GIL_SWITCH_INTERVAL / 2, rel=0.01)


def test_objects_alive_at_start_leave_the_collectors_sight():
    kept = [object(), {"a": [1, 2]}]
    tracked_before = len(gc.get_objects())
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() >= tracked_before > 0
        assert not any(o is kept[1] for o in gc.get_objects())  # frozen, still alive
        assert kept[1]["a"] == [1, 2]
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual


def test_the_application_start_applies_both_settings(tmp_path):
    done = run_app_and_report(
        tmp_path / "data", "print(sys.getswitchinterval(), gc.get_freeze_count(), flush=True)"
    )
    interval, frozen = done.stdout.split()
    assert float(interval) == pytest.approx(GIL_SWITCH_INTERVAL, rel=0.01)
    assert int(frozen) > 1000  # the modules, classes and functions loaded at start
