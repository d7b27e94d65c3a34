"""The log on Windows: the window and the command line each have their own file, and a
rotation another process prevents (PermissionError on rename) loses no record."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rtes_desktop.core import paths
from rtes_desktop.core.paths import CLI_LOG_FILE, LOG_FILE, setup_logging

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import logging, sys
from rtes_desktop.core import paths
paths.LOG_MAX_BYTES = 20_000
paths.LOG_BACKUPS = 50
folder, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths.setup_logging(__import__("pathlib").Path(folder), kind=kind)
log = logging.getLogger("rtes_desktop.test")
for i in range(n):
    log.info("%s record %05d %s", kind, i, "x" * 60)
"""


def records(folder: Path, name: str) -> list[str]:
    lines: list[str] = []
    for path in folder.glob(name + "*"):
        lines += path.read_text(encoding="utf-8").splitlines()
    return lines


def test_window_and_command_line_log_to_their_own_files(tmp_path):
    """Two processes logging at once, as the window and a scheduled sync would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    n = 1500
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), kind, str(n)], env=env)
        for kind in ("gui", "cli")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    gui, cli = records(tmp_path, LOG_FILE), records(tmp_path, CLI_LOG_FILE)
    # Each file rotated several times and only ever held its own process's records.
    assert len(list(tmp_path.glob(LOG_FILE + ".*"))) >= 3
    assert all("gui record" in line for line in gui)
    assert all("cli record" in line for line in cli)
    for kind, lines in (("gui", gui), ("cli", cli)):
        numbers = sorted(int(line.split(" record ")[1][:5]) for line in lines)
        assert numbers == list(range(n)), f"{kind}: records lost or duplicated"


@pytest.fixture
def fresh_logging():
    yield
    handler = paths._log_handler
    if handler is not None:
        logging.getLogger("rtes_desktop").removeHandler(handler)
        handler.close()
        paths._log_handler = None


def test_refused_rotation_keeps_every_record(tmp_path, monkeypatch, capsys, fresh_logging):
    """Windows refuses to rename a log another process holds: records must not be lost."""
    monkeypatch.setattr(paths, "LOG_MAX_BYTES", 2_000)
    log_path = setup_logging(tmp_path, kind="gui")
    real_rename = os.rename

    def held_by_another_process(src, dst, *a, **kw):
        if Path(src) == log_path:
            raise PermissionError(13, "Le fichier est utilisé par un autre processus", src)
        return real_rename(src, dst, *a, **kw)

    monkeypatch.setattr(os, "rename", held_by_another_process)
    log = logging.getLogger("rtes_desktop.test")
    for i in range(200):
        log.info("record %03d %s", i, "y" * 40)
    paths._log_handler.flush()  # type: ignore[union-attr]
    text = log_path.read_text(encoding="utf-8")
    assert [f"record {i:03d}" in text for i in range(200)] == [True] * 200
    assert "Logging error" not in capsys.readouterr().err
    # Once the other process lets go, rotation resumes.
    monkeypatch.setattr(os, "rename", real_rename)
    monkeypatch.setattr(paths, "ROTATION_RETRY_S", 0.0)
    paths._log_handler._retry_at = 0.0  # type: ignore[union-attr]
    log.info("after release %s", "z" * 3000)
    assert (tmp_path / (LOG_FILE + ".1")).is_file()
