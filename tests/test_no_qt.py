"""The core and the command line never load PySide6 (they must run without a display)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import rtes_desktop.core


def core_modules() -> list[str]:
    root = Path(rtes_desktop.core.__file__).parent
    # The prefix makes walk_packages import subpackages (core.sync, core.search) by their
    # full name; without it "sync" resolved to whatever package of that name came first.
    return [
        m.name
        for m in pkgutil.walk_packages([str(root)], prefix="rtes_desktop.core.")
        if not m.name.rsplit(".", 1)[-1].startswith("_")
    ]


def test_core_modules_do_not_import_qt():
    mods = core_modules()
    assert "rtes_desktop.core.library" in mods
    assert "rtes_desktop.core.sync.engine" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_commands_do_not_import_qt(tmp_path):
    code = (
        "import sys\n"
        "from rtes_desktop.__main__ import main\n"
        f"d = {str(tmp_path)!r}\n"
        "rc = [main(['--data-dir', d, 'show', 'reperess-9-filieres', '--json']),\n"
        "      main(['--data-dir', d, 'tags', 'list']),\n"
        "      main(['--data-dir', d, 'search', 'filiere', '--json'])]\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "sys.stderr.write(repr((rc, bad)))\n"
        "sys.exit(1 if bad or rc != [0, 0, 0] else 0)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, no Qt platform
    if "SYSTEMROOT" in os.environ:  # Windows: Python cannot start without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
