"""Fixtures shared by every test: throwaway libraries on real SQLite files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the developer's real data folder from a test.
os.environ.pop("RTES_DESKTOP_DATA_DIR", None)
# Nor a machine-wide IT configuration installed on the developer's computer.
os.environ.setdefault("RTES_DESKTOP_MACHINE_CONFIG", os.devnull + ".absent")


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


@pytest.fixture
def demo_lib(lib):
    """A library holding the bundled demo."""
    from rtes_desktop.core.demo import load_demo

    load_demo(lib)
    return lib
