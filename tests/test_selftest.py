"""`rtes-desktop --self-test` from source, in a fresh process, as IT and the build run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    from rtes_desktop.core.sync.export_format import parse_manifest

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


TITLE = "RepèrESS n°9 – Filières & ESS"


def test_the_reader_check_accepts_accented_text() -> None:
    from rtes_desktop.gui.shell.selftest import _check_reader

    # The check names the accented word it found intact: from the title when it
    # has one, else from the body.
    assert _check_reader(f"{TITLE}\nLe rôle des collectivités", TITLE) == "RepèrESS"
    assert (
        _check_reader("Guide ESUS\nLes collectivités", "Guide ESUS", "Pour les collectivités.")
        == "collectivités"
    )


@pytest.mark.parametrize(
    "shown, title, body, reason",
    [
        ("", TITLE, "", "vide"),
        ("RepÃ¨rESS n°9 – FiliÃ¨res & ESS", TITLE, "", "mal décodé"),
        ("Une autre fiche", TITLE, "", "ne montre pas le titre"),
        ("Guide ESUS\nLes collectivit?s", "Guide ESUS", "Pour les collectivités.", "accentué"),
    ],
)
def test_the_reader_check_refuses_what_a_user_would_see_wrong(shown, title, body, reason) -> None:
    from rtes_desktop.gui.shell.selftest import StepFailed, _check_reader

    with pytest.raises(StepFailed, match=reason):
        _check_reader(shown, title, body)
