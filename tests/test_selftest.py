"""`rtes-desktop --self-test` from source, in a fresh process, as IT and the build run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OK_LINE = re.compile(
    r'^self-test OK: (\d+) entries, search "filiere" -> (\d+) results, opened (\S+) '
    r"\(\d+\.\d\d s; window shown \d+\.\d\d s after launch\)$"
)


def run_self_test(tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **env_extra)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must force offscreen by itself
    env["HOME"] = str(
        tmp_path / "home"
    )  # anything it wrongly wrote to the user's folders lands here
    env["RTES_DESKTOP_LAUNCH_T0"] = repr(time.time())
    return subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_self_test_passes_from_source_and_says_so_in_one_line(tmp_path: Path) -> None:
    from rtes_desktop.core.demo import demo_export_dir
    from rtes_desktop.core.export_format import parse_manifest

    done = run_self_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1, lines
    m = OK_LINE.match(lines[0])
    assert m, lines[0]
    entries, results, opened = int(m.group(1)), int(m.group(2)), m.group(3)
    manifest = parse_manifest((demo_export_dir() / "manifest.json").read_bytes())
    assert entries == len(manifest.entries)
    assert 0 < results <= entries
    assert opened in {e.id for e in manifest.entries}
    # It leaves nothing behind in the user's folders.
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("library.db"))


def test_a_broken_machine_configuration_does_not_change_the_self_test(tmp_path: Path) -> None:
    bad = tmp_path / "rtes-desktop.toml"
    bad.write_text("[[sources]\n", encoding="utf-8")
    done = run_self_test(tmp_path, RTES_DESKTOP_MACHINE_CONFIG=str(bad))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("self-test OK: ")


def test_the_reader_check_refuses_mojibake_and_missing_titles() -> None:
    from rtes_desktop.gui.selftest import StepFailed, _check_reader

    title = "RepèrESS n°9 – Filières & ESS"
    _check_reader(f"{title}\nLe rôle des collectivités", title)
    for shown in ("", "RepÃ¨rESS n°9 – FiliÃ¨res & ESS", "Une autre fiche"):
        try:
            _check_reader(shown, title)
        except StepFailed:
            continue
        raise AssertionError(f"accepted: {shown!r}")
