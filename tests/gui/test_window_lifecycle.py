"""Starting, restarting and refusing: what the window remembers, the first run,
the one-instance rule, the status bar, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from window_helpers import type_text, wait_until


def test_restart_restores_query_geometry_and_splitters(qtbot, make_window, demo_lib):
    window = make_window()
    assert window.wait_idle()
    # Within the (small) offscreen screen: restoring clamps to what the screen holds.
    screen = window.screen().availableGeometry()
    # (and no narrower than the window can be: the reader keeps 45 characters).
    size = (
        max(min(760, screen.width() - 20), window.minimumSizeHint().width()),
        min(560, screen.height() - 20),
    )
    window.resize(*size)
    window.main_split.setSizes([150, 250, 340])
    window.search_field.setFocus()
    type_text(window.search_field, "coopératives")
    wait_until(
        qtbot,
        lambda: window.controller.last_page and window.controller.last_page.query == "coopératives",
    )
    entry = demo_lib.entries(limit=1)[0]
    window.open_entry(entry.key)
    sizes = window.main_split.sizes()
    window.close()

    again = make_window()
    assert again.search_field.text() == "coopératives"
    assert (again.width(), again.height()) == size
    assert again.main_split.sizes() == sizes
    assert again.current_entry_key == entry.key
    wait_until(
        qtbot,
        lambda: again.controller.last_page and again.controller.last_page.query == "coopératives",
    )
    assert again.results_count() > 0


def test_settings_live_in_the_data_folder(make_window, data_dir):
    window = make_window(search=False)
    window.close()
    ini = data_dir / "gui.ini"
    assert ini.is_file()
    assert "geometry" in ini.read_text(encoding="utf-8")


def test_first_run_shows_the_welcome_once(qtbot, tmp_path):
    from rtes_desktop.core import settings
    from rtes_desktop.core.demo import ensure_demo
    from rtes_desktop.core.library import Library
    from rtes_desktop.gui.shell.main_window import MainWindow
    from rtes_desktop.gui.shell.welcome import WelcomeDialog

    data = tmp_path / "first"
    lib = Library.open(data)
    try:
        window = MainWindow(lib, None, data)
        qtbot.addWidget(window)
        window.queue_first_run(lambda: "demo" if ensure_demo(lib) else "")
        window.show()
        wait_until(qtbot, lambda: window.findChild(WelcomeDialog) is not None)
        dialog = window.findChild(WelcomeDialog)
        wait_until(qtbot, dialog.isVisible)
        assert (
            "bibliothèque de démonstration"
            in dialog.findChild(type(window.results.count_label), "welcomeText").text()
        )
        wait_until(qtbot, lambda: window.results_count() == lib.count_entries() > 0)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert window.wait_idle()  # written on the write lane, not the GUI thread
        assert lib.get_setting(settings.WELCOME_SHOWN) is True
        window.close()
        window.shutdown()
        # A second start: nothing to load, no welcome.
        second = MainWindow(lib, None, data)
        qtbot.addWidget(second)
        second.queue_first_run(lambda: "demo" if ensure_demo(lib) else "")
        second.show()
        assert second.wait_idle()
        assert second.findChild(WelcomeDialog) is None
        second.close()
        second.shutdown()
    finally:
        lib.close()


def test_status_bar_tells_last_sync_and_expiry(make_window, demo_lib):
    demo_lib.save_source(
        "rtes",
        "RTES",
        url="https://exports.example.org/rtes/",
        last_sync="2026-11-29T09:15:00Z",
        expires_at="2026-10-01T00:00:00Z",
    )
    window = make_window(search=False)
    status = window.lib_status
    assert status.sync_label.text().startswith("Dernière synchronisation : 29 novembre 2026 à ")
    assert status.expiry_label.isVisible()
    assert "L’export de « RTES » a expiré le 1er octobre 2026" in status.expiry_label.text()


def test_exception_hook_logs_and_says_one_sentence(tmp_path, capsys, qapp):
    import logging

    from rtes_desktop.core.paths import setup_logging
    from rtes_desktop.gui.shell.app import ExceptionHook

    log_path = setup_logging(tmp_path)
    hook = ExceptionHook(log_path)
    try:
        raise ValueError("boom at the bottom of a stack")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger("rtes_desktop").handlers:
        handler.flush()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "erreur inattendue" in err and str(log_path) in err
    assert "Traceback" in log_path.read_text(encoding="utf-8")


def _launch(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RTES_DESKTOP_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "rtes_desktop", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_second_instance_on_the_same_data_folder_is_refused(qtbot, tmp_path):
    data = tmp_path / "shared"
    first = _launch(data)
    try:
        lock = data / "instance.lock"

        def holds_the_lock() -> bool:
            # The first instance writes its pid into the lock file once it holds it.
            return lock.is_file() and lock.read_text().strip() == str(first.pid)

        # Stop waiting if it exits instead; the timeout only guards against a hang.
        qtbot.waitUntil(lambda: holds_the_lock() or first.poll() is not None, timeout=30_000)
        assert first.poll() is None, first.communicate()
        assert holds_the_lock()
        second = _launch(data)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 4
        assert err.strip().count("\n") == 0
        assert "déjà ouverte sur ce dossier de données" in err
        assert first.poll() is None  # the first one is untouched
    finally:
        first.terminate()
        first.communicate(timeout=30)
