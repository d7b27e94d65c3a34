"""A second launch brings the open window forward and passes on what it was given
(issue 13, item 7), instead of the « already open » warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from window_helpers import answer_demo_question

from rtes_desktop.gui.shell.single_instance import (
    InstanceServer,
    hand_over,
    location_argument,
    server_name,
)


def test_the_second_launch_hands_over_its_argument(qtbot, tmp_path):
    server = InstanceServer(tmp_path)
    assert server.listen()
    # The second launch is another process (its blocking socket calls hold the GIL).
    code = (
        "import sys; from pathlib import Path; "
        "from rtes_desktop.gui.shell.single_instance import hand_over; "
        "sys.exit(0 if hand_over(Path(sys.argv[1]), [sys.argv[2]]) else 1)"
    )
    root = str(Path(__file__).resolve().parents[2])  # this checkout's code, not another's
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    with qtbot.waitSignal(server.request_received, timeout=20_000) as got:
        second = subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path), "/media/cle/rtes.zip"], env=env
        )
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert got.args == [["/media/cle/rtes.zip"]]
    assert second.returncode == 0  # it heard « ok »: it exits without a warning
    server.close()


def test_nobody_listening_means_no_handover(tmp_path):
    assert hand_over(tmp_path / "personne", [], timeout_ms=500) is False


def test_each_data_folder_has_its_own_window(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")


def test_what_a_launch_was_given_to_sync():
    assert location_argument(["--lang", "en", "/media/cle/RTES.ZIP"]) == "/media/cle/RTES.ZIP"
    assert location_argument(["https://www.rtes.fr/export/"]) == "https://www.rtes.fr/export/"
    assert location_argument(["--data-dir", "/tmp/x"]) is None


def test_a_second_launch_with_a_zip_brings_the_window_and_syncs_it(qtbot, make_window, tmp_path):
    """The real second launch (`python -m rtes_desktop --data-dir D cle.zip`) while a
    window holds D: no warning, exit 0, and the open window syncs the zip."""
    from rtes_desktop.core.paths import InstanceLock

    window = make_window(search=False)
    lock = InstanceLock(window.data_dir)
    lock.acquire("la bibliothèque RTES")
    server = InstanceServer(window.data_dir, window)
    server.request_received.connect(window.handle_launch_request)
    assert server.listen()
    usb = tmp_path / "cle.zip"
    usb.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: the sync will refuse it
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    try:
        with qtbot.waitSignal(server.request_received, timeout=30_000):
            second = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "rtes_desktop",
                    "--data-dir",
                    str(window.data_dir),
                    str(usb),
                ],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        assert second.returncode == 0
        assert "déjà" not in second.stderr.read()  # before: « already open » and exit 4
        answer_demo_question(qtbot, window, keep=True)  # the first real source asks first
        dialog = window.sync_launcher.sync_dialog
        assert dialog is not None and dialog.isVisible() and dialog.location == str(usb)
        qtbot.waitUntil(lambda: dialog.state in ("failed", "done"), timeout=20_000)
    finally:
        server.close()
        lock.release()
