"""Fixtures for the notes, tags, sync, settings, tasks and i18n tests.

Loaded by those test files through `pytest_plugins = ["conftest_panels"]` so they
do not depend on the main window's conftest. Real SQLite libraries in a
temporary folder (the demo one is `demo_lib`, from tests/conftest.py), real Qt
widgets offscreen.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from rtes_desktop.core.library import Library  # noqa: E402


@pytest.fixture
def empty_library(tmp_path):
    """A library with nothing in it."""
    lib = Library.open(tmp_path / "empty")
    yield lib
    lib.close()
