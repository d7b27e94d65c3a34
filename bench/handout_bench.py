"""Handout benchmark (issue 11): the time to export a 20-item session to PDF, and its
page count.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/handout_bench.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/handout_bench.py --items 20 --runs 5

Builds a library holding the bundled demo (25 fiches of real length, with tables),
a session of the first N fiches (full text, each with a trainer's comment, plus a
free note), then exports it to PDF the way `sessions export S out.pdf` does: gather
the handout, lay it out with Qt (two passes for the table of contents), write the
file. Prints the median time of the runs (the first, which loads the fonts, shown
apart), the page count and the file's size. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rtes_desktop.core.demo import load_demo  # noqa: E402
from rtes_desktop.core.handout import HandoutOptions, handout_document  # noqa: E402
from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.session_view import add_entry, add_free_note  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from rtes_desktop.printing.pdf import ensure_gui_app, write_pdf

    ensure_gui_app()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "data")
        load_demo(lib)
        session = lib.create_session("Formation ESS et collectivités", "Deux journées")
        entries = lib.entries()
        if len(entries) < args.items:
            sys.exit(f"the demo has {len(entries)} fiches, fewer than --items {args.items}")
        for entry in entries[: args.items]:
            add_entry(lib, session.id, entry.key, "Commentaire du formateur")
        add_free_note(lib, session.id, "# Déroulé\n\nMatin : accueil ; après-midi : ateliers.")
        options = HandoutOptions(trainer="Camille Martin", organisation="CNFPT")
        out = Path(tmp) / "support.pdf"
        times = []
        pages = 0
        for _ in range(args.runs + 1):
            start = time.perf_counter()
            doc = handout_document(lib, session.id, options)
            pages = write_pdf(doc, out).pages
            times.append(time.perf_counter() - start)
        size = out.stat().st_size
        lib.close()
    print(
        f"{args.items} fiches + 1 note -> PDF: {pages} pages, {size / 1e6:.2f} MB; "
        f"median {statistics.median(times[1:]):.2f} s over {args.runs} runs "
        f"(first run, fonts loading: {times[0]:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
