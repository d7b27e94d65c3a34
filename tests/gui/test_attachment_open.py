"""Opening an attachment says « ouvert » only when an application took it (issue 13,
item 9): on Linux, xdg-open's exit status is read (a real process here, a stand-in
xdg-open on PATH so no real viewer ever opens)."""

from __future__ import annotations

import os
import sys

import pytest

from rtes_desktop.gui.reader.attachments import open_with_system

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open")


def fake_xdg_open(folder, status: int):
    folder.mkdir(exist_ok=True)
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$1" > "{folder}/asked"\nexit {status}\n')
    script.chmod(0o755)
    return folder


@pytest.mark.parametrize(("status", "opened"), [(0, True), (3, False), (4, False)])
def test_the_exit_status_of_xdg_open_decides(qtbot, tmp_path, monkeypatch, status, opened):
    bin_dir = fake_xdg_open(tmp_path / "bin", status)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    pdf = tmp_path / "Guide & annexes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    results: list[bool] = []
    open_with_system(str(pdf), results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [opened]  # before: True whatever happened after xdg-open started
    assert (bin_dir / "asked").read_text().strip() == str(pdf)


def test_no_xdg_open_at_all_is_not_success(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "vide"))
    results: list[bool] = []
    open_with_system(str(tmp_path / "a.pdf"), results.append)
    assert results == [False]
