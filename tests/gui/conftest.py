"""Fixtures for the main window tests: windows on the demo library (`demo_lib`, in
`data_dir`, from tests/conftest.py), real widgets offscreen, and background work
waited for on teardown."""

from __future__ import annotations

import os

# Before anything imports Qt: no screen here, and never a real one in tests.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def jobs(qtbot: Any) -> Iterator[Any]:
    """The job runner the window would pass its parts; every job has ended (and its
    callbacks run) before the test's teardown ends."""
    from rtes_desktop.gui.common.jobs import Jobs

    runner = Jobs()
    yield runner
    runner.shutdown(20.0)
    runner.wait_idle(5.0)


@pytest.fixture
def make_window(qtbot: Any, demo_lib: Any, data_dir: Path) -> Iterator[Callable[..., Any]]:
    """Build main windows on the demo library (with the search index unless told
    otherwise); every window is closed and its workers stopped on teardown."""
    demo_dir = data_dir  # the demo library's folder (`make` has a data_dir of its own)
    from rtes_desktop.core.search import SearchService
    from rtes_desktop.gui.shell.main_window import MainWindow

    made: list[Any] = []

    def make(*, search: bool = True, library: Any = None, data_dir: Path | None = None) -> Any:
        lib = library or demo_lib
        service = SearchService(lib) if search else None
        window = MainWindow(lib, service, data_dir or demo_dir)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()  # saves state, flushes notes, stops the workers
        window.shutdown()
