"""Fixtures shared by every test: throwaway libraries on real SQLite files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the developer's real data folder from a test.
os.environ.pop("RTES_DESKTOP_DATA_DIR", None)
# Nor a machine-wide IT configuration installed on the developer's computer.
os.environ.setdefault("RTES_DESKTOP_MACHINE_CONFIG", os.devnull + ".absent")


@pytest.fixture
def sqlite_pragma(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """`sqlite_pragma("PRAGMA query_only = ON")`: every SQLite connection opened from
    then on (the application's, a worker thread's) runs that pragma first.

    Real SQLite making writes fail as read-only media (query_only) or a full disk
    (max_page_count) would, with SQLite's own result codes: the tests run as root
    here, so a read-only file or a full disk cannot be produced for real."""
    import sqlite3

    real = sqlite3.connect

    def install(pragma: str) -> None:
        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = real(*args, **kwargs)
            conn.execute(pragma)
            return conn

        monkeypatch.setattr(sqlite3, "connect", connect)

    return install


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def lib(data_dir: Path):
    """An empty library in a fresh data folder."""
    from rtes_desktop.core.library import Library

    library = Library.open(data_dir)
    yield library
    library.close()


def open_demo_library(folder: Path):
    """A library in `folder` holding the bundled demo (loaded as a user's first start
    would: through the sync engine). The one way tests get a demo library."""
    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.library import Library

    library = Library.open(folder)
    load_demo(library)
    return library


@pytest.fixture
def demo_lib(data_dir: Path):
    """A library holding the bundled demo, in `data_dir`: the test's own, change it freely."""
    library = open_demo_library(data_dir)
    yield library
    library.close()


@pytest.fixture(scope="module")
def demo_search(tmp_path_factory):
    """(library, SearchService) on the demo with the index built, shared by a
    module's tests for speed: READ-ONLY. A test that changes the library uses
    `demo_lib` and a service of its own."""
    from rtes_desktop.core.search import SearchService

    library = open_demo_library(tmp_path_factory.mktemp("demo-search"))
    service = SearchService(library)
    service.ensure_ready()
    yield library, service
    service.close()
    library.close()
