"""The release's own files: the pinned lock matches pyproject.toml, numeric versions
come from the one version string, and the runtime does without test-only packages."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


def _load_build_script():
    # Loaded from its path under a name of its own: putting scripts/ on sys.path for the
    # whole test session would make `import build` (PyPA's build package) find it.
    spec = importlib.util.spec_from_file_location(
        "rtes_build_script", ROOT / "scripts" / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_script = _load_build_script()


def locked() -> dict[str, tuple[str, list[str], str]]:
    """{name: (version, hashes, marker)} from requirements/lock.txt."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(
            r"^([A-Za-z0-9_.\-]+)==(\S+)\s*(?:;\s*([^-]+?))?\s*((?:--hash=\S+\s*)*)$", line
        )
        if m:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", m.group(4))
            pins[canonicalize_name(m.group(1))] = (m.group(2), hashes, (m.group(3) or "").strip())
    return pins


def test_lock_pins_every_dependency_within_pyproject_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in ("build", "test"):
        wanted += project["optional-dependencies"][extra]
    pins = locked()
    assert pins, "requirements/lock.txt is empty or unreadable"
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in the lock: regenerate it"
        version = pins[name][0]
        assert req.specifier.contains(version, prereleases=True), (
            f"lock pins {req.name}=={version}, outside pyproject's {req.specifier}: regenerate it"
        )
    for name, (version, hashes, _marker) in pins.items():
        assert hashes, f"{name}=={version} has no hash: pip --require-hashes would refuse it"


def test_lock_covers_this_platform_and_the_windows_and_macos_runners():
    """One universal lock: platform-only packages carry markers (pywin32-ctypes, macholib)."""
    pins = locked()
    env = default_environment()
    for platform in ("win32", "darwin", "linux"):
        env = dict(env, sys_platform=platform)
        from packaging.markers import Marker

        names = {
            n for n, (_v, _h, marker) in pins.items() if not marker or Marker(marker).evaluate(env)
        }
        assert {"pyinstaller", "pyside6-essentials", "cryptography"} <= names
        if platform == "win32":
            assert "pefile" in names  # PyInstaller needs it to write the version resource


@pytest.mark.parametrize(
    ("version", "windows", "macos"),
    [
        ("0.1.0", "0.1.0.1000", "0.1.0"),
        ("1.4", "1.4.0.1000", "1.4.0"),
        ("1.4.0rc2", "1.4.0.302", "1.4.0"),
        ("1.4.0.post1", "1.4.0.1001", "1.4.0"),
        ("2.0.0.dev3", "2.0.0.3", "2.0.0"),
    ],
)
def test_numeric_versions_from_one_string(version, windows, macos):
    assert build_script.numeric_versions(version) == {"windows": windows, "macos": macos}


def test_numeric_versions_keep_release_order():
    order = ["1.4.0.dev1", "1.4.0a1", "1.4.0b2", "1.4.0rc1", "1.4.0rc2", "1.4.0", "1.4.0.post1"]
    keys = [
        tuple(int(x) for x in build_script.numeric_versions(v)["windows"].split(".")) for v in order
    ]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_unusable_versions_are_refused():
    for bad in ("1.4.0-beta", "70000.0.0", "v1.4"):
        with pytest.raises(SystemExit):
            build_script.numeric_versions(bad)


def test_version_file_names_both_numbers(tmp_path):
    files = build_script.write_version_files("1.4.0rc2", tmp_path)
    assert set(files) == {"rtes-desktop", "rtes-desktop-cli"}
    text = files["rtes-desktop-cli"].read_text(encoding="utf-8")
    assert "filevers=(1, 4, 0, 302)" in text and "prodvers=(1, 4, 0, 302)" in text
    assert "StringStruct('ProductVersion', '1.4.0rc2')" in text
    assert "StringStruct('OriginalFilename', 'rtes-desktop-cli.exe')" in text
    compile(text, "version-file", "eval")  # PyInstaller eval()s it


@pytest.mark.skipif(sys.platform != "win32", reason="PyInstaller's versioninfo needs Windows")
def test_version_file_is_read_by_pyinstaller(tmp_path):
    from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

    files = build_script.write_version_files("1.4.0rc2", tmp_path)
    info = load_version_info_from_text_file(str(files["rtes-desktop"]))
    assert info.ffi.fileVersionMS == (1 << 16) | 4 and info.ffi.fileVersionLS == 302
    assert info.toRaw()


def test_runtime_does_not_import_test_only_packages():
    code = (
        "import sys, rtes_desktop.core.library, rtes_desktop.core.sync.engine, rtes_desktop.cli;"
        "print(sorted(m for m in ('sqlite_utils', 'pytest') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
