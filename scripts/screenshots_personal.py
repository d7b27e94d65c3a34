"""Screenshots of the restore dialog and the import preview, into docs/screenshots/.

    .venv/bin/python scripts/screenshots_personal.py

Offscreen (no X server needed: the dialogs are grabbed, not the screen), on a
temporary data folder holding the demo and a user's notes, tags and sessions:

    restore.png         « Restaurer une sauvegarde… »: three backups, the newest previewed
    import-preview.png  « Importer mes données… »: what the file would add
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.pop("RTES_DESKTOP_DATA_DIR", None)
    tmp = Path(tempfile.mkdtemp(prefix="rtes-shots-"))
    try:
        return shoot(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def user_work(library: Any) -> None:
    """Notes, tags and sessions a trainer might have, on the demo's entries."""
    keys = [e.key for e in library.entries()[:4]]
    prep = library.add_note(
        keys[0],
        "Points à reprendre pour la formation des élus : seuil des marchés réservés, "
        "exemple de la métropole.",
        title="Préparation de la formation",
    )
    library.add_note(
        keys[1], "Question de la CRESS sur les clauses sociales.", "Appel du 3 novembre"
    )
    library.add_note(None, "Accueil et tour de table\n\nAttentes des élus.", "Tour de table")
    for key, tag in ((keys[0], "Formation élus 2026"), (keys[1], "À relire"), (keys[2], "ESUS")):
        library.add_tag(key, tag)
    session = library.create_session("Formation des élus – 12 mars")
    library.add_to_session(session.id, ref=keys[0], comment="À présenter en ouverture")
    library.add_to_session(session.id, note_id=prep.id)
    library.create_session("Atelier CRESS – achats responsables")


def shoot(tmp: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from rtes_desktop.core.backup import create_backup
    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.personal_data import export_personal
    from rtes_desktop.gui.backup.import_dialog import ImportPreviewDialog
    from rtes_desktop.gui.backup.restore_dialog import RestoreDialog
    from rtes_desktop.gui.common.i18n import install_translator
    from rtes_desktop.gui.common.jobs import Jobs
    from rtes_desktop.gui.common.palette import Theme

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0]])
    app.setApplicationDisplayName("Bibliothèque RTES")
    install_translator(app, "fr")
    theme = Theme(app)
    theme.install()
    theme.apply(dark=False)
    jobs = Jobs()

    def until(condition: Any, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise SystemExit(f"attente trop longue : {condition}")
            app.processEvents()
            time.sleep(0.01)

    def save(widget: Any, name: str) -> None:
        for _ in range(20):  # let layouts settle and repaint
            app.processEvents()
            time.sleep(0.01)
        widget.grab().save(str(OUT / f"{name}.png"))
        print(f"docs/screenshots/{name}.png")

    library = Library.open(tmp / "data")
    load_demo(library)
    user_work(library)
    create_backup(library, "auto", now=datetime(2026, 11, 24, 17, 42, tzinfo=UTC))
    library.add_note(None, "Penser aux supports imprimés.", "Supports")
    create_backup(library, "sync", now=datetime(2026, 11, 27, 9, 5, tzinfo=UTC))
    library.add_tag(library.entries()[3].key, "Commande publique")
    create_backup(library, "auto", now=datetime(2026, 12, 1, 18, 30, tzinfo=UTC))

    dialog = RestoreDialog(library, jobs)
    dialog.resize(760, 600)
    dialog.show()
    until(lambda: "Préparation" in dialog.preview.toPlainText())
    save(dialog, "restore")
    dialog.close()

    export = tmp / "rtes-mes-donnees-2026-12-02.json"
    export_personal(library, export)
    other = Library.open(tmp / "new-pc")
    load_demo(other)
    preview = ImportPreviewDialog(other, export, jobs)
    preview.resize(600, 260)
    preview.show()
    until(lambda: "Seront ajoutés" in preview.summary_text())
    save(preview, "import-preview")
    preview.close()

    jobs.shutdown(10.0)
    other.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
