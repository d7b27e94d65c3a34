"""How long the GUI thread is blocked while the sync dialog syncs, and while a note
is being typed (and autosaved) during that sync.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/sync_dialog_bench.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/sync_dialog_bench.py --entries 10000

A signed export of N French entries is built with `publish`, served by http.server
(in its own process) on 127.0.0.1, and synced through `SyncDialog` on the job runner's long lane. A 5 ms QTimer on
the GUI thread records the gaps between its ticks: the longest gap is how long the
window could not respond. Meanwhile a `NotesPanel` gets a keystroke every 50 ms, so
its autosave (every 0.5 s) keeps writing while the sync holds SQLite's write lock.
A GIL watchdog thread (gil_watch.py) reports the longest time any thread kept Python's
GIL, per phase; `--blame MS` prints what the threads were doing after each gap longer
than MS. The interpreter is tuned as the application tunes it at start
(gui/shell/responsive.py); `--interpreter-defaults` measures without that.
Target (issue 5): the GUI thread never blocked for more than 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gil_watch import GilWatch  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.sync.publish import publish  # noqa: E402
from rtes_desktop.core.sync.signing import generate_keypair, load_public_key_file  # noqa: E402
from rtes_desktop.gui.common.jobs import WRITE, Jobs  # noqa: E402
from rtes_desktop.gui.notes.notes_panel import NotesPanel  # noqa: E402
from rtes_desktop.gui.shell.responsive import freeze_startup_objects, share_the_gil  # noqa: E402
from rtes_desktop.gui.sync.sync_dialog import SyncDialog  # noqa: E402

TARGET_MS = 100
SOURCE_YAML = """\
source: {id: bench, name: "Réseau (banc d'essai)"}
kinds: [{id: fiche, label: "Fiche"}]
themes: [{id: sieg, label: "SIEG"}, {id: esus, label: "ESUS"}]
"""
PROSE = (
    "Les collectivités territoriales soutiennent l'économie sociale et solidaire par la "
    "commande publique responsable, les appels à projets, les sociétés coopératives "
    "d'intérêt collectif et la coopération entre acteurs du territoire. "
)


def build_export(work: Path, entries: int) -> tuple[Path, Path]:
    src = work / "src"
    src.mkdir()
    (src / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    for i in range(entries):
        (src / f"e{i}.md").write_text(
            f'---\nid: fiche-{i}\nkind: fiche\ntitle: "Fiche n°{i} sur la coopération"\n'
            f"themes: [{'sieg' if i % 2 else 'esus'}]\npublished_at: 2025-01-{i % 28 + 1:02d}\n"
            f"---\n## Partie {i}\n\n{PROSE * (3 + i % 5)}\n",
            encoding="utf-8",
        )
    private, public, _key_id = generate_keypair(work / "editeur")
    publish(src, work / "export", key=private)
    return work / "export", public


class Server:
    """`python -m http.server` in its own process: a server in this process would
    compete for the GIL with the GUI thread, which a real (remote) server does not."""

    def __init__(self, root: Path) -> None:
        import socket
        import subprocess
        import urllib.request

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}/"
        for _ in range(100):  # wait until it answers
            try:
                urllib.request.urlopen(self.url + "manifest.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument(
        "--blame",
        type=float,
        metavar="MS",
        help="print what the other threads were doing after each GIL gap longer than MS",
    )
    parser.add_argument(
        "--interpreter-defaults",
        action="store_true",
        help="keep CPython's GIL switch interval and garbage collection as they are "
        "(the application tunes both at start, see gui/shell/responsive.py)",
    )
    args = parser.parse_args()
    if not args.interpreter_defaults:
        share_the_gil()  # as gui/shell/app.py does at start
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="sync-dialog-bench-"))
    try:
        t0 = time.perf_counter()
        export, public = build_export(work, args.entries)
        print(f"export of {args.entries} entries built in {time.perf_counter() - t0:.1f} s")
        library = Library.open(work / "data")
        key = load_public_key_file(public)
        library.add_trusted_key(key.key_id, key.pem, key.label)
        server = Server(export)
        if not args.interpreter_defaults:
            freeze_startup_objects()  # as gui/shell/app.py does before building the window

        jobs = Jobs()
        dialog = SyncDialog(library, jobs)
        panel = NotesPanel(library, jobs)
        panel.show()
        panel.set_entry(None)
        panel.new_note()
        jobs.drain(WRITE, 5.0)
        app.processEvents()

        clock = QElapsedTimer()
        gaps: list[int] = []
        last = [0]

        worst: dict[str, int] = {}  # phase -> longest gap seen during it

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            phase = dialog.phase_label.text()
            watch.phase = phase
            worst[phase] = max(worst.get(phase, 0), now - last[0])
            last[0] = now

        saves = [0]
        panel.notes_changed.connect(lambda _k: saves.__setitem__(0, saves[0] + 1))

        def keystroke() -> None:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                ev = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, "é")
                QApplication.sendEvent(panel.editor, ev)

        ticker, typist = QTimer(), QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        typist.setInterval(50)
        typist.timeout.connect(keystroke)
        done = []
        dialog.sync_finished.connect(done.append)
        watch = GilWatch(blame_ms=args.blame).start()
        clock.start()
        ticker.start()
        typist.start()
        start = time.perf_counter()
        task = dialog.start(server.url)
        task.failed.connect(lambda exc: done.append(exc))
        loop = QEventLoop()
        dialog.sync_finished.connect(loop.quit)
        task.failed.connect(loop.quit)
        if not done:
            loop.exec()  # the real event loop, as in the window
        elapsed = time.perf_counter() - start
        ticker.stop()
        typist.stop()
        watch.stop()
        panel.flush()
        server.stop()
        if isinstance(done[0], BaseException):
            print(f"sync failed: {done[0]}")
            return 1
        gaps.sort()
        p99 = gaps[int(len(gaps) * 0.99) - 1] if gaps else 0
        print(f"sync over loopback HTTP: {elapsed:.1f} s — {dialog.summary_label.text()}")
        print(
            f"GUI thread: longest gap {gaps[-1]} ms, p99 {p99} ms, {len(gaps)} ticks "
            f"(target: never blocked > {TARGET_MS} ms)"
        )
        for phase, gap in worst.items():
            print(f"  longest gap during « {phase} »: {gap} ms")
        print(f"note autosaves completed during the sync: {saves[0]}")
        print(watch.report())
        jobs.shutdown(10.0)
        library.close()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
