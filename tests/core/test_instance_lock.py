"""Two instances on one data folder: the second is refused clearly; a killed one frees it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rtes_desktop.core.errors import InstanceLocked
from rtes_desktop.core.paths import InstanceLock

HOLDER = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from rtes_desktop.core.paths import InstanceLock\n"
    "lock = InstanceLock(Path(sys.argv[1]))\n"
    "lock.acquire()\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


def test_second_instance_refused_then_free_after_kill(data_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InstanceLocked, match="déjà ouverte sur ce dossier de données") as err:
            InstanceLock(data_dir).acquire()
        assert str(data_dir) in str(err.value)
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs
        holder.wait()
    lock = InstanceLock(data_dir)
    lock.acquire()  # the OS released the dead process's lock: no stale lock file
    lock.release()


def test_lock_is_reentrant_after_release(data_dir):
    with InstanceLock(data_dir):
        pass
    with InstanceLock(data_dir):
        pass
