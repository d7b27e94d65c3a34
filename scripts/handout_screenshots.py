"""Screenshots of the trainer's outputs (issue 11), into docs/screenshots/:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/handout_screenshots.py

    handout-page.png     a page of a session's PDF handout (pdftoppm, 90 dpi)
    export-dialog.png    « Exporter la session » with its remembered choices
    stale-note.png       the window on « À revérifier »: a note whose fiche changed, and
                         the changes

Widgets are grabbed offscreen (no X server needed) on a temporary demo library; the
fiche « changes » the way a sync changes it (its old text kept, a new hash).
Needs pdftoppm (poppler-utils) for the handout page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.handout import HandoutOptions, handout_document
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.session_view import add_entry, add_free_note, session_rows
    from rtes_desktop.core.stale_notes import keep_noted_version, stale_notes
    from rtes_desktop.gui.handout.export_dialog import HandoutDialog
    from rtes_desktop.gui.notes.recheck_view import RecheckView
    from rtes_desktop.printing.pdf import write_pdf

    app = QApplication.instance() or QApplication(["rtes-desktop"])
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "data")
        load_demo(lib)
        s = lib.create_session("Atelier SIEG et commande publique", "Une matinée pour les élus")
        for ref in ("faq-sieg-mandatement", "points-repere-sieg", "faq-marches-reserves-esus"):
            add_entry(lib, s.id, ref, "À présenter en premier")
        add_free_note(lib, s.id, "Exercice : rédiger la délibération de mandatement")
        note = lib.add_note(
            "points-repere-sieg", "Bien insister sur le mandat : c'est lui qui protège."
        )
        entry = lib.get_entry("points-repere-sieg")
        with lib.transaction():
            keep_noted_version(lib, entry.source_id, entry.id, "e" * 64)
            entry.body = re.sub(r"\bmandat\b", "acte de mandatement", entry.body, count=1)
            entry.body = entry.body.replace(
                "\n\n",
                "\n\nDepuis 2025, la Commission recommande un mandat de dix ans au plus.\n\n",
                1,
            )
            entry.sha256 = "e" * 64
            lib.write_entry(entry)

        options = HandoutOptions(trainer="Camille Martin", organisation="CNFPT Bretagne")
        pdf = Path(tmp) / "support.pdf"
        write_pdf(handout_document(lib, s.id, options), pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "3", "-l", "3", "-singlefile", str(pdf),
             str(OUT / "handout-page")],
            check=True,
        )  # fmt: skip

        rows = session_rows(lib, s.id)
        remembered = {"trainer": "Camille Martin", "organisation": "CNFPT Bretagne"}
        dialog = HandoutDialog(s.id, s.name, rows, remembered)
        dialog.items_list.item(2).setCheckState(dialog.items_list.item(2).checkState().Unchecked)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / "export-dialog.png"))

        # « À revérifier » in the window: the sidebar's row, the note and the changes.
        from rtes_desktop.gui.shell.main_window import MainWindow
        from rtes_desktop.gui.shell.sidebar import RECHECK, ROLE_SCOPE

        window = MainWindow(lib, None, Path(tmp) / "data")
        window.resize(1600, 760)
        window.show()
        window.jobs.wait_until(lambda: window.sidebar.count_of(RECHECK) is not None, 20)
        row = next(i for i in window.sidebar._items() if i.data(0, ROLE_SCOPE) == RECHECK)
        window.sidebar.setCurrentItem(row)  # as a click on « À revérifier » does
        window.jobs.wait_until(lambda: window.recheck_view.list.count() > 0, 20)
        window.recheck_view.splitter.setSizes([220, 600])
        window.main_split.setSizes([230, 800, 570])
        window.reader_split.setSizes([280, 290])
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT / "stale-note.png"))
        window.close()
        window.shutdown()
        del note, RecheckView, stale_notes
        lib.close()
    print(f"written: {OUT}/handout-page.png, export-dialog.png, stale-note.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
