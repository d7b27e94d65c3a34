"""Issue 11 in the window: Ctrl+P opens the print preview (a fiche, a session),
« Exporter en PDF… » writes the handout off the GUI thread, a `.rtes-session`
dropped on the window is imported (twice: nothing changes), and « À revérifier »
shows a stale note's changes until « Marquer comme revérifiée »."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication
from window_helpers import save_as, wait_until

from rtes_desktop.core.session_kit import share_session
from rtes_desktop.core.session_view import add_entry, add_free_note
from rtes_desktop.core.stale_notes import keep_noted_version
from rtes_desktop.gui.shell.sidebar import RECHECK, ROLE_SCOPE


def sidebar_item(window: Any, scope: tuple[str, str]) -> Any:
    return next((i for i in window.sidebar._items() if i.data(0, ROLE_SCOPE) == scope), None)


def click_sidebar(qtbot: Any, window: Any, scope: tuple[str, str]) -> None:
    item = sidebar_item(window, scope)
    window.sidebar.scrollToItem(item)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def previews(monkeypatch: Any) -> list[dict[str, Any]]:
    """Print previews opened (their `exec` patched: the pages are laid out, not shown)."""
    seen: list[dict[str, Any]] = []

    def fake_exec(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        seen.append({"title": dialog.windowTitle(), "pages": preview.pageCount()})
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    return seen


def test_ctrl_p_previews_the_open_fiche_then_the_session(qtbot, make_window, demo_lib, previews):
    session = demo_lib.create_session("Atelier SIEG")
    add_entry(demo_lib, session.id, "faq-sieg-mandatement")
    add_entry(demo_lib, session.id, "points-repere-sieg")
    window = make_window(search=False)
    entry = demo_lib.get_entry("points-repere-sieg")
    window.open_entry(entry.key)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_until(qtbot, lambda: previews)
    assert previews[0]["title"] == f"Aperçu avant impression — {entry.title}"
    assert previews[0]["pages"] >= 1
    # In « Mes sessions », Ctrl+P previews the session shown.
    window.actions_.my_sessions.trigger()
    wait_until(qtbot, lambda: window.sessions_view.current_session_id == session.id)
    window.actions_.print_.trigger()
    wait_until(qtbot, lambda: len(previews) == 2)
    assert previews[1]["title"] == "Aperçu avant impression — Atelier SIEG"
    assert previews[1]["pages"] >= 4  # title, contents, two fiches, sources


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")
def test_export_pdf_of_a_session_from_its_dialog(qtbot, make_window, demo_lib, tmp_path):
    session = demo_lib.create_session("Formation ESUS")
    add_entry(demo_lib, session.id, "points-repere-12-esus", "PRIVÉ : à ne pas distribuer")
    add_free_note(demo_lib, session.id, "Tour de table")
    window = make_window(search=False)
    window.actions_.my_sessions.trigger()
    wait_until(qtbot, lambda: window.sessions_view.current_session_id == session.id)
    window.actions_.export_pdf.trigger()
    ctl = window.handout
    wait_until(qtbot, lambda: ctl.dialog is not None and ctl.dialog.isVisible())
    assert ctl.dialog.format == "pdf" and not ctl.dialog.comments_box.isChecked()
    qtbot.keyClicks(ctl.dialog.trainer_edit, "Camille Martin")
    qtbot.mouseClick(ctl.dialog.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "formation.pdf"
    save_as(qtbot, ctl, target)
    wait_until(qtbot, lambda: "Support écrit" in window.statusBar().currentMessage())
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Formation ESUS" in text and "Camille Martin" in text and "Tour de table" in text
    assert "PRIVÉ" not in text
    # The choices are remembered for the next export.
    wait_until(qtbot, lambda: (demo_lib.get_setting("handout_export") or {}).get("trainer"))
    assert demo_lib.get_setting("handout_export")["trainer"] == "Camille Martin"


def _drop(window: Any, path: Path) -> None:
    """A file dragged from the file manager and dropped on the window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(window.width() / 2, window.height() / 2)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    mods = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), *args, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window says it takes the file
    QApplication.sendEvent(window, QDragMoveEvent(where.toPoint(), *args, mods))
    QApplication.sendEvent(window, QDropEvent(where, *args, mods, QEvent.Type.Drop))


def test_a_kit_dropped_on_the_window_is_imported_once(qtbot, make_window, demo_lib, tmp_path):
    # A colleague's library shares a session…
    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.library import Library

    other = Library.open(tmp_path / "collegue")
    load_demo(other)
    session = other.create_session("Atelier des collègues")
    add_entry(other, session.id, "faq-ptce-soutien", "à lire")
    add_free_note(other, session.id, "Conclusion collective")
    kit = share_session(other, session.id, tmp_path / "atelier.rtes-session")
    other.close()
    # … dropped on my window: « Mes sessions » shows it.
    window = make_window(search=False)
    _drop(window, kit)
    view = window.sessions_view
    wait_until(qtbot, lambda: view.session_names() == ["Atelier des collègues"])
    assert window.center.currentWidget() is view
    wait_until(qtbot, lambda: "importée" in window.statusBar().currentMessage())
    assert [r.title for r in view.item_rows()][1] == "Conclusion collective"
    # Dropped again: nothing changes, and it says so.
    _drop(window, kit)
    wait_until(qtbot, lambda: "rien n'a changé" in window.statusBar().currentMessage())
    assert [s.name for s in demo_lib.sessions()] == ["Atelier des collègues"]
    # A session holding a fiche this library lacks: shown from the kit's snapshot.
    foreign = json.loads(kit.read_text(encoding="utf-8"))
    foreign["session"]["name"] = "Atelier d'ailleurs"
    foreign["items"][0].update(source="ailleurs", entry="fiche-x")
    foreign["items"][0]["snapshot"].update(title="Fiche d'ailleurs", source_name="Réseau voisin")
    other_kit = tmp_path / "ailleurs.rtes-session"
    other_kit.write_text(json.dumps(foreign), encoding="utf-8")
    _drop(window, other_kit)
    wait_until(qtbot, lambda: len(view.session_names()) == 2)
    received = next(s.id for s in demo_lib.sessions() if s.name == "Atelier d'ailleurs")
    wait_until(qtbot, lambda: view.current_session_id == received)
    row = view.item_rows()[0]
    assert row.title == "Fiche d'ailleurs" and row.missing
    assert row.kind == "absente de votre bibliothèque : synchronisez la source Réseau voisin"
    # A damaged file: one sentence, nothing added.
    bad = tmp_path / "abime.rtes-session"
    bad.write_bytes(kit.read_bytes()[:50])
    _drop(window, bad)
    wait_until(qtbot, lambda: str(bad) in window.statusBar().currentMessage())
    assert len(demo_lib.sessions()) == 2


def _update_entry(lib: Any, ref: str) -> None:
    """What a sync does to a fiche whose text changed (its old text kept)."""
    entry = lib.get_entry(ref)
    with lib.transaction():
        keep_noted_version(lib, entry.source_id, entry.id, "e" * 64)
        entry.body = re.sub(r"\bmandat\b", "acte de mandatement", entry.body, count=1)
        entry.sha256 = "e" * 64
        lib.write_entry(entry)


def test_recheck_node_shows_the_changes_until_verified(qtbot, make_window, demo_lib):
    note = demo_lib.add_note("points-repere-sieg", "Insister sur le mandat")
    _update_entry(demo_lib, "points-repere-sieg")
    window = make_window(search=False)
    wait_until(qtbot, lambda: sidebar_item(window, RECHECK) is not None)
    assert sidebar_item(window, RECHECK).text(0) == "À revérifier"
    assert sidebar_item(window, RECHECK).text(1) == "1"
    click_sidebar(qtbot, window, RECHECK)
    view = window.recheck_view
    assert window.center.currentWidget() is view
    wait_until(qtbot, lambda: view.list.count() == 1)
    assert view.note_text.text() == "Insister sur le mandat"
    assert "acte de mandatement" in view.diff.toPlainText()
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: view.list.count() == 0)
    assert view.empty.isVisible()
    assert demo_lib.note(note.id).entry_sha256 == "e" * 64
    wait_until(qtbot, lambda: sidebar_item(window, RECHECK) is None)
