"""A sync killed with SIGKILL half-way leaves the library as it was; the next one
completes without fetching again what the killed one had verified."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rtes_desktop.core.sync.engine import sync_source

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_sigkill_half_way_then_resume(trusting_lib, builder, serve, snapshot, tmp_path):
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    trusting_lib.add_note("fiche-1", "Note écrite avant la synchronisation interrompue.")
    for i in range(40):
        builder.entry(f"nouvelle-{i:02d}")
    builder.entry("fiche-2", title="mise à jour")
    builder.write()
    before = snapshot(trusting_lib)

    srv.set(delay=0.05)
    srv.reset()
    env = {
        **os.environ,
        "RTES_DESKTOP_MACHINE_CONFIG": str(tmp_path / "aucune.toml"),
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rtes_desktop",
            "sync",
            srv.url,
            "--data-dir",
            str(trusting_lib.folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while len(srv.object_requests()) < 16 and time.monotonic() < deadline:
            assert proc.poll() is None, "the sync ended before it could be killed"
            time.sleep(0.01)
        assert len(srv.object_requests()) >= 16
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # The library is exactly as it was, notes included.
    assert snapshot(trusting_lib) == before
    assert [n.body for n in trusting_lib.notes("fiche-1")] == [
        "Note écrite avant la synchronisation interrompue."
    ]
    staged = {p.name for p in Path(trusting_lib.folder, "staging").glob("*/*") if "." not in p.name}
    assert len(staged) >= 8  # verified before the kill (4 downloads may be in flight)

    srv.set(delay=0.0)
    srv.reset()
    report = sync_source(trusting_lib, srv.url)
    assert len(report.new) == 40 and report.updated == ["fiche-2"]
    fetched = {p.rsplit("/", 1)[1] for p in srv.object_requests()}
    assert not fetched & staged  # nothing verified before the kill was fetched again
    assert len(fetched) == 41 - len(staged)
    assert report.reused_objects == len(staged)
    assert [n.body for n in trusting_lib.notes("fiche-1")] == [
        "Note écrite avant la synchronisation interrompue."
    ]
    # Applied objects leave the staging folder.
    assert not [p for p in Path(trusting_lib.folder, "staging").rglob("*") if p.is_file()]
