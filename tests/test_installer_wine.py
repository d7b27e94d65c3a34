"""The Windows installer, compiled and run here: Inno Setup 6 (npm `innosetup`) under
Debian's wine, on a stand-in build (two real PE executables and an `_internal` folder),
so a broken installer/windows/rtes-desktop.iss is caught before a release.

Needs `scripts/system-deps.sh installer` (wine, wine32, Xvfb, the Inno Setup compiler);
skipped with that sentence otherwise. `./dev installer-test` installs them and runs this.
Per-user installs are not tried: wine has no per-user Program Files folder
(%LOCALAPPDATA%\\Programs), so only /ALLUSERS can be checked here (docs/release-checklist.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "installer" / "windows" / "rtes-desktop.iss"
INNOSETUP_DIR = Path(
    os.environ.get("INNOSETUP_DIR", Path.home() / ".cache" / "rtes-desktop" / "innosetup")
)
ISCC = INNOSETUP_DIR / "node_modules" / "innosetup" / "bin" / "ISCC.exe"
VERSION = "0.0.1"


def _missing() -> str:
    for tool in ("wine", "wineserver", "xvfb-run"):
        if shutil.which(tool) is None:
            return (
                f"{tool} absent: run `scripts/system-deps.sh installer` (or ./dev installer-test)"
            )
    if not ISCC.is_file():
        return f"{ISCC} absent: run `scripts/system-deps.sh installer` (or ./dev installer-test)"
    return ""


pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(_missing()), reason=_missing())]


def winpath(path: Path) -> str:
    """The path as wine's programs see it (drive Z: is the Linux root)."""
    return "Z:" + str(path).replace("/", "\\")


class Wine:
    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", LANG="C.UTF-8")
        self.env.pop("DISPLAY", None)

    def run(self, *args: str, timeout: int = 300) -> int:
        """Run a Windows program under a fresh Xvfb; wait for every process it started
        (an uninstaller re-launches itself from a temporary copy)."""
        script = 'wine "$@"; rc=$?; wineserver -w; exit $rc'
        done = subprocess.run(
            ["xvfb-run", "-a", "sh", "-c", script, "sh", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return done.returncode

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    def local_appdata(self) -> Path:
        return next((self.drive_c / "users").glob("*/AppData/Local"))


@pytest.fixture(scope="module")
def wine(tmp_path_factory) -> Wine:
    prefix = tmp_path_factory.mktemp("wine") / "prefix"
    w = Wine(prefix)
    subprocess.run(
        ["xvfb-run", "-a", "sh", "-c", "wineboot -i; winecfg -v win10; wineserver -w"],
        env=w.env,
        capture_output=True,
        timeout=600,
        check=True,
    )
    return w


@pytest.fixture(scope="module")
def setup_exe(wine: Wine, tmp_path_factory) -> Path:
    """The installer compiled from the real .iss around a stand-in build."""
    work = tmp_path_factory.mktemp("inno")
    stand_in = work / "rtes-desktop"
    (stand_in / "_internal").mkdir(parents=True)
    # Real PE files (wine's own hostname.exe); the silent install never starts them.
    pe = next(Path("/usr/lib").glob("*/wine/x86_64-windows/hostname.exe"), None) or next(
        Path("/usr/lib").glob("*/wine/i386-windows/hostname.exe")
    )
    for name in ("rtes-desktop.exe", "rtes-desktop-cli.exe"):
        shutil.copyfile(pe, stand_in / name)
    (stand_in / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    out = work / "out"
    out.mkdir()
    rc = wine.run(
        str(ISCC),
        "/Q",
        f"/DAppVersion={VERSION}",
        f"/DSourceDir={winpath(stand_in)}",
        f"/O{winpath(out)}",
        winpath(ISS),
    )
    assert rc == 0, "ISCC failed to compile installer/windows/rtes-desktop.iss"
    setup = out / f"rtes-desktop-{VERSION}-windows-setup.exe"
    assert setup.is_file()
    return setup


SILENT = ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/ALLUSERS")


def test_signing_is_wired_to_the_uninstaller(wine, setup_exe, tmp_path):
    """With /DSignInstaller, ISCC hands the uninstaller to the sign tool and refuses an
    unsigned result: a sign tool that signs nothing must stop the compile. (Real
    Authenticode signing needs signtool on Windows: release.yml, release-checklist.md.)"""
    out = tmp_path / "out"
    out.mkdir()
    log = tmp_path / "iscc.log"
    rc = wine.run(
        "cmd.exe",
        "/c",
        str(ISCC),
        "/DAppVersion=1.4.0rc2",
        "/DAppNumericVersion=1.4.0.302",
        "/DSignInstaller",
        "/Srtessign=cmd.exe /c echo $f",
        f"/DSourceDir={winpath(setup_exe.parent.parent / 'rtes-desktop')}",
        f"/O{winpath(out)}",
        winpath(ISS),
        ">",
        winpath(log),
        "2>&1",
    )
    text = log.read_text(errors="replace") if log.exists() else ""
    assert rc != 0, "an unsigned uninstaller was accepted: SignedUninstaller is not on"
    assert "does not have a digital signature" in text
    assert not list(out.glob("*.exe"))


def test_missing_config_refuses_with_exit_code_1(wine, setup_exe, tmp_path):
    rc = wine.run(str(setup_exe), *SILENT, f"/CONFIG={winpath(tmp_path / 'absent.toml')}")
    assert rc == 1
    assert not (wine.drive_c / "Program Files" / "rtes-desktop").exists()


def test_install_for_all_users_then_uninstall_keeps_user_data(wine, setup_exe, tmp_path):
    config = tmp_path / "rtes-desktop.toml"
    config.write_text("[sync]\nauto = false\n", encoding="utf-8")
    log = tmp_path / "install.log"
    rc = wine.run(str(setup_exe), *SILENT, f"/CONFIG={winpath(config)}", f"/LOG={winpath(log)}")
    assert rc == 0, log.read_text(errors="replace")[-2000:] if log.exists() else "no log"

    app = wine.drive_c / "Program Files" / "rtes-desktop"
    assert (app / "rtes-desktop.exe").is_file() and (app / "rtes-desktop-cli.exe").is_file()
    assert (app / "_internal" / "base_library.zip").is_file()
    assert (app / "rtes-desktop.toml").read_text(encoding="utf-8") == config.read_text()
    start_menu = wine.drive_c / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert (start_menu / "RTES Desktop.lnk").is_file()

    # The agent's library, as the application leaves it, must survive the uninstall.
    user_data = wine.local_appdata() / "RTES" / "rtes-desktop"
    user_data.mkdir(parents=True, exist_ok=True)
    (user_data / "library.db").write_bytes(b"notes, tags, sessions")

    rc = wine.run(winpath(app / "unins000.exe"), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
    assert rc == 0
    assert not (app / "rtes-desktop.exe").exists() and not (app / "rtes-desktop.toml").exists()
    assert not (start_menu / "RTES Desktop.lnk").exists()
    assert (user_data / "library.db").read_bytes() == b"notes, tags, sessions"
