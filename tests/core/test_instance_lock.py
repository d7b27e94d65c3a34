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
#: Tries the lock once in another process (as a second window would) and says how it went.
PROBE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from rtes_desktop.core.errors import InstanceLocked\n"
    "from rtes_desktop.core.paths import InstanceLock\n"
    "try:\n"
    "    InstanceLock(Path(sys.argv[1])).acquire()\n"
    "except InstanceLocked:\n"
    "    print('refused')\n"
    "else:\n"
    "    print('acquired')\n"
)


def other_process_gets_the_lock(data_dir) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() in ("refused", "acquired"), out.stderr
    return out.stdout.strip() == "acquired"


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
    # The OS released the dead process's lock: no stale lock file. Ours now holds.
    lock = InstanceLock(data_dir)
    lock.acquire()
    try:
        assert not other_process_gets_the_lock(data_dir)
    finally:
        lock.release()


def test_lock_is_held_while_open_and_free_after_release(data_dir):
    for _ in range(2):  # taken again after a release, by the same process
        with InstanceLock(data_dir):
            assert not other_process_gets_the_lock(data_dir)
        assert other_process_gets_the_lock(data_dir)
