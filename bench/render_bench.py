"""Rendering bench (issue 9, item 3): the bodies that froze the reader, with and
without the bounds of core/render.py.

    PYTHONPATH=. .venv/bin/python bench/render_bench.py            # bounded only (seconds)
    PYTHONPATH=. .venv/bin/python bench/render_bench.py --unbounded  # + raw Markdown (minutes)
    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/render_bench.py --gui

For each body it prints: the pre-check (`too_complex`, run on the worker), the
bounded rendering (`render_body` with the reader's deadline) and whether it was
formatted; with --unbounded, the same Markdown pipeline without any bound (what the
GUI thread used to run); with --gui, how long `ReaderView.open_entry` keeps the GUI
thread in the real reader (offscreen, the size of a test window). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time

from rtes_desktop.core import render

ORDINARY = (
    "## Titre\n\nUn paragraphe avec *emphase*, un [lien](https://rtes.fr) et `code`.\n\n"
    "- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
)
BODIES = {
    "[ x 8 KB": "[" * 8000,
    "[ x 16000": "[" * 16000,
    "< x 80000": "<" * 80000,
    "[a x 8000": "[a" * 8000,
    "*a* x 20000": "*a* " * 20000,
    "300 nested lists": "".join("    " * i + "- a\n" for i in range(300)),
    "ordinary 3 KB": ORDINARY * 25,
    "ordinary 100 KB": ORDINARY * 800,
    "ordinary 4 MiB": ORDINARY * 32_000,
}


def timed(fn, *args, **kw):
    start = time.perf_counter()
    try:
        result = fn(*args, **kw)
    except RecursionError:
        result = "RecursionError"
    return time.perf_counter() - start, result


def core(unbounded: bool) -> None:
    from rtes_desktop.gui.reader.reader_view import RENDER_BUDGET_S

    print(f"{'body':18} {'chars':>9} {'check':>9} {'bounded':>9}  formatted  unbounded")
    for name, body in BODIES.items():
        t_check, _ = timed(render.too_complex, body)
        t_bound, rendered = timed(
            render.render_body, body, deadline=time.monotonic() + RENDER_BUDGET_S
        )
        line = (
            f"{name:18} {len(body):9} {t_check * 1000:7.1f}ms {t_bound:8.3f}s  "
            f"{str(rendered.formatted):9}"
        )
        if unbounded:
            t_raw, raw = timed(render._convert, body)
            line += f"  {t_raw:8.3f}s" + (" RecursionError" if raw == "RecursionError" else "")
        print(line, flush=True)


def gui() -> None:
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.library import Library
    from rtes_desktop.gui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="render-bench-"))
    lib = Library.open(folder)
    load_demo(lib)
    window = MainWindow(lib, None, folder)
    window.show()
    app.processEvents()
    entry = lib.entries(limit=1)[0]
    window.open_entry(lib.entries(limit=2)[1].key)  # warm-up: first page, worker start
    print(f"{'body':18} {'open_entry (GUI thread)':>24}  notice shown")
    for name, body in BODIES.items():
        entry.body, entry.sha256 = body, f"{hash(body) & 0xFFFFFFFF:064x}"
        lib.write_entry(entry)
        window.reader.current_key = None  # open_entry skips the entry already shown
        t, _ = timed(window.open_entry, entry.key)
        notice = "sans mise en forme" in window.reader_plain_text()
        print(f"{name:18} {t:23.3f}s  {notice}", flush=True)
    window.shutdown()
    lib.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unbounded", action="store_true", help="also time raw Markdown")
    parser.add_argument("--gui", action="store_true", help="time the real reader instead")
    args = parser.parse_args()
    print("$", " ".join(["python", *sys.argv]))
    if args.gui:
        gui()
    else:
        core(args.unbounded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
