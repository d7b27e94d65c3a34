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


@pytest.fixture
def network_zip(tmp_path: Path, demo_lib) -> Path:
    """The demo's files published as source « rtes », signed by a key the library trusts."""
    import shutil

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from rtes_desktop.core.demo import demo_dir
    from rtes_desktop.core.sync.publish import publish
    from rtes_desktop.core.sync.signing import key_id_of, public_pem

    src = tmp_path / "src"
    shutil.copytree(demo_dir(), src)
    yaml_path = src / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace("id: demo", "id: rtes", 1)
    yaml_path.write_text(text, encoding="utf-8")
    key = Ed25519PrivateKey.generate()
    demo_lib.add_trusted_key(
        key_id_of(key.public_key()), public_pem(key.public_key()), "test", "rtes"
    )
    out = tmp_path / "rtes-export.zip"
    publish(src, out, key=key, as_zip=True)
    return out
