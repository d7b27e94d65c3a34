"""A stand-in for the system's file viewer: on Linux a real `xdg-open` script on PATH
(the window runs xdg-open itself to know whether a viewer took the file), elsewhere
a QDesktopServices handler for file: URLs. No real viewer ever opens in tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices


class FakeViewer(QObject):
    def __init__(self, log: Path) -> None:
        super().__init__()
        self.log = log
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)

    def paths(self) -> list[Path]:
        """The files handed to the viewer, in order."""
        if self.log.exists():
            return [Path(line) for line in self.log.read_text().splitlines() if line]
        return [Path(u.toLocalFile()) for u in self.urls if u.isLocalFile()]


@pytest.fixture
def fake_viewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "viewer-bin"
    folder.mkdir()
    viewer = FakeViewer(folder / "opened.txt")
    if sys.platform.startswith("linux"):
        script = folder / "xdg-open"
        script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{viewer.log}"\nexit 0\n')
        script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
        yield viewer
        return
    QDesktopServices.setUrlHandler("file", viewer, "handle")
    yield viewer
    QDesktopServices.unsetUrlHandler("file")
