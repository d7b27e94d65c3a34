"""Build the frozen application with PyInstaller, check it with --self-test, print figures.

    .venv/bin/python scripts/build.py            (or: ./dev build)
    .venv/bin/python scripts/build.py --skip-build   (check and measure an existing dist/)
    .venv/bin/python scripts/build.py --archive      (also pack the Linux .tar.gz)

The same script runs here, in the slow test (tests/test_build.py) and on every runner of
.github/workflows/release.yml. It prints the build time, the size of the one-folder build,
the time from launching the frozen app to its window being shown (offscreen), and the Qt
modules shipped; it writes them to build/figures.json (and to $GITHUB_OUTPUT in CI).
Exit status 0 only when the build succeeded and the frozen app's --self-test passed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP = "rtes-desktop"
SIZE_TARGET_MB = 150
LAUNCH_TARGET_S = 2.0
#: The frozen self-test reads it and reports the time from this instant to the window shown.
ENV_LAUNCH_T0 = "RTES_DESKTOP_LAUNCH_T0"


def version() -> str:
    text = (ROOT / "rtes_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("build: __version__ not found in rtes_desktop/__init__.py")
    return match.group(1)


# -- numeric versions -----------------------------------------------------------------
# One version string (rtes_desktop.__version__, PEP 440: 1.4.0, 1.4.0rc2, 1.4.0.post1)
# gives every number a platform demands:
# - Windows (exe version resource, Inno Setup's VersionInfoVersion): four integers
#   below 65536. The fourth orders the releases of one X.Y.Z: .devN -> N, aN -> 100+N,
#   bN -> 200+N, rcN -> 300+N, the final release -> 1000, .postN -> 1000+N; so a later
#   release always has a higher number (an installer or WDAC rule comparing them is right).
# - macOS (CFBundleShortVersionString, CFBundleVersion): at most three integers: X.Y.Z.
VERSION_RE = re.compile(
    r"^(\d+)\.(\d+)(?:\.(\d+))?(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?$"
)


def numeric_versions(ver: str) -> dict[str, str]:
    """{"windows": "1.4.0.1000", "macos": "1.4.0"} from a PEP 440 version string."""
    m = VERSION_RE.match(ver)
    if not m:
        raise SystemExit(f"build: version {ver!r} is not X.Y[.Z][aN|bN|rcN][.postN][.devN]")
    major, minor, micro = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    pre, pre_n, post, dev = m.group(4), m.group(5), m.group(6), m.group(7)
    if dev is not None and (pre or post):
        raise SystemExit(f"build: version {ver!r}: .devN only on a plain X.Y.Z")
    if pre:
        build = {"a": 100, "b": 200, "rc": 300}[pre] + min(int(pre_n), 99)
    elif dev is not None:
        build = min(int(dev), 99)
    else:
        build = 1000 + min(int(post or 0), 64000)
    parts = (major, minor, micro, build)
    if any(p > 65535 for p in parts):
        raise SystemExit(f"build: version {ver!r} does not fit Windows' 16-bit fields")
    return {"windows": ".".join(map(str, parts)), "macos": f"{major}.{minor}.{micro}"}


def version_info_text(ver: str, exe_name: str, description: str) -> str:
    """A PyInstaller version file (Windows VS_VERSIONINFO) for one executable."""
    nums = numeric_versions(ver)["windows"]
    tup = "(" + ", ".join(nums.split(".")) + ")"
    strings = {
        "CompanyName": "RTES",
        "FileDescription": description,
        "FileVersion": nums,
        "InternalName": exe_name,
        "LegalCopyright": "RTES - licence EUPL-1.2",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": "RTES Desktop",
        "ProductVersion": ver,
    }
    kids = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 040C04B0: French (France), Unicode; the language the app speaks first.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tup}, prodvers={tup}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040C04B0', [
{kids}
    ])]),
    VarFileInfo([VarStruct('Translation', [0x040C, 1200])])
  ]
)
"""


def write_version_files(ver: str, folder: Path) -> dict[str, Path]:
    """Write the version files of both Windows executables; {exe name: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for exe, what in ((APP, "RTES Desktop"), (f"{APP}-cli", "RTES Desktop (ligne de commande)")):
        path = folder / f"version-{exe}.txt"
        path.write_text(version_info_text(ver, exe, what), encoding="utf-8")
        files[exe] = path
    return files


def shipped_root() -> Path:
    """What ships: the .app on macOS, the one-folder build elsewhere."""
    if sys.platform == "darwin":
        return DIST / f"{APP}.app"
    return DIST / APP


def console_executable() -> Path:
    """The executable to run for --self-test (one that has standard output)."""
    if sys.platform == "win32":
        return DIST / APP / f"{APP}-cli.exe"  # the windowed .exe has no stdout
    if sys.platform == "darwin":
        return DIST / f"{APP}.app" / "Contents" / "MacOS" / APP
    return DIST / APP / APP


def tree_size(root: Path) -> int:
    """Bytes on disk of the files under root (symbolic links count for nothing)."""
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def qt_modules(root: Path) -> tuple[list[str], list[str]]:
    """(PySide6 binding modules, Qt libraries) found in the build."""
    bindings = sorted(
        {p.name.split(".")[0] for p in root.rglob("PySide6/Qt*.*") if p.suffix in (".so", ".pyd")}
    )
    libs: set[str] = set()
    for p in root.rglob("*"):
        m = re.match(r"^(?:lib)?Qt6?([A-Za-z0-9]+?)(?:\.so.*|\.dll|\.framework)$", p.name)
        if m and (p.is_file() or p.suffix == ".framework"):
            libs.add("Qt" + m.group(1))
    return bindings, sorted(libs)


def run_build() -> float:
    start = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(ROOT / "build.spec"),
    ]
    # build.spec reads the version files from here (it writes them itself when run alone).
    write_version_files(version(), WORK)
    env = dict(os.environ, RTES_BUILD_WORK=str(WORK))
    print("build: " + " ".join(cmd), flush=True)
    done = subprocess.run(cmd, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise SystemExit(f"build: PyInstaller failed (exit {done.returncode})")
    return time.perf_counter() - start


def self_test(exe: Path) -> tuple[str, float | None, float]:
    """Run the frozen --self-test; (its report line, launch-to-window s, process wall s)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("RTES_DESKTOP_DATA_DIR", None)  # the self-test makes its own data folder
    env[ENV_LAUNCH_T0] = repr(time.time())
    start = time.perf_counter()
    done = subprocess.run(
        [str(exe), "--self-test"], env=env, capture_output=True, text=True, timeout=300
    )
    wall = time.perf_counter() - start
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("self-test ")]
    report = lines[-1] if lines else "(no report line)"
    if done.returncode != 0 or not report.startswith("self-test OK"):
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"build: frozen --self-test failed (exit {done.returncode}): {report}")
    m = re.search(r"window shown ([0-9.]+) s after launch", report)
    return report, float(m.group(1)) if m else None, wall


def check_contents(root: Path, ver: str, exe: Path) -> None:
    """What must never ship, and the version the executable reports."""
    keys = [p for p in root.rglob("*.key")]
    if keys:
        raise SystemExit(f"build: private key(s) shipped: {[str(k) for k in keys]}")
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or ver not in done.stdout:
        raise SystemExit(f"build: --version says {done.stdout.strip()!r}, expected {ver}")


def make_archive(ver: str) -> Path:
    """Linux: dist/rtes-desktop-<version>-linux-<arch>.tar.gz of the one-folder build."""
    machine = os.uname().machine if hasattr(os, "uname") else "x86_64"
    out = DIST / f"{APP}-{ver}-linux-{machine}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(DIST / APP, arcname=f"{APP}-{ver}")
    return out


def _set_folders(dist: Path, work: Path) -> None:
    global DIST, WORK
    DIST, WORK = dist, work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="check an existing dist/")
    parser.add_argument("--archive", action="store_true", help="Linux: pack a .tar.gz")
    parser.add_argument("--runs", type=int, default=3, help="self-test launches to time (3)")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (dist/)")
    parser.add_argument("--work", type=Path, default=WORK, help="work folder (build/)")
    args = parser.parse_args(argv)
    _set_folders(args.dist.resolve(), args.work.resolve())

    ver = version()
    build_s = None if args.skip_build else run_build()
    root, exe = shipped_root(), console_executable()
    if not exe.exists():
        raise SystemExit(f"build: {exe} not found")
    check_contents(root, ver, exe)

    # The first launch reads everything from disk; later ones show the usual start.
    reports = [self_test(exe) for _ in range(max(1, args.runs))]
    report = reports[0][0]
    launches = [r[1] for r in reports if r[1] is not None]
    size = tree_size(root)
    bindings, libs = qt_modules(root)
    figures = {
        "version": ver,
        "platform": sys.platform,
        "build_seconds": round(build_s, 1) if build_s is not None else None,
        "size_bytes": size,
        "size_mb": round(size / 1e6, 1),
        "size_mib": round(size / 2**20, 1),
        "launch_to_window_seconds": [round(x, 3) for x in launches],
        "self_test_wall_seconds": [round(r[2], 3) for r in reports],
        "self_test": report,
        "qt_bindings": bindings,
        "qt_libraries": libs,
    }
    if args.archive and sys.platform.startswith("linux"):
        figures["archive"] = str(make_archive(ver))
    WORK.mkdir(exist_ok=True)
    (WORK / "figures.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")

    print(report)
    print(f"version               {ver} ({sys.platform})")
    if build_s is not None:
        print(f"build time            {build_s:.1f} s (pyinstaller --clean build.spec)")
    flag = "" if size / 1e6 <= SIZE_TARGET_MB else f"  ABOVE the {SIZE_TARGET_MB} MB target"
    print(f"size of {root.name:15} {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB){flag}")
    if launches:
        runs = ", ".join(f"{x:.2f}" for x in launches)
        slow = "" if min(launches) <= LAUNCH_TARGET_S else f"  ABOVE the {LAUNCH_TARGET_S} s target"
        print(f"launch to window      {runs} s (first launch cold, offscreen){slow}")
    print(f"self-test wall time   {', '.join(f'{r[2]:.2f}' for r in reports)} s")
    print(f"Qt bindings shipped   {', '.join(bindings)}")
    print(f"Qt libraries shipped  {', '.join(libs)}")
    if "archive" in figures:
        print(f"archive               {figures['archive']}")

    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:  # release.yml reads the version and archive name from here
        with open(github_output, "a", encoding="utf-8") as fh:
            fh.write(f"version={ver}\n")
            for name, number in numeric_versions(ver).items():
                fh.write(f"{name}_version={number}\n")
            if "archive" in figures:
                fh.write(f"archive={figures['archive']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
