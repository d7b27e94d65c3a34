"""The trainer's outputs in the window: the export dialog's choices, the print
preview, and « À revérifier » (real widgets offscreen, on a real library)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

from rtes_desktop.core.handout import FULL, SUMMARY, entry_handout, handout_document
from rtes_desktop.core.session_view import add_entry, add_free_note, session_rows
from rtes_desktop.core.stale_notes import keep_noted_version, stale_notes


@pytest.fixture
def session(demo_lib: Any) -> int:
    s = demo_lib.create_session("Atelier SIEG")
    add_entry(demo_lib, s.id, "faq-sieg-mandatement", "Mon commentaire privé")
    add_entry(demo_lib, s.id, "points-repere-sieg")
    add_free_note(demo_lib, s.id, "Pause à 10 h 30")
    return int(s.id)


def _update_entry(lib: Any, ref: str, old: str, new: str) -> None:
    """What a sync does to an entry whose text changed (kept version, new hash)."""
    entry = lib.get_entry(ref)
    sha = "e" * 64
    with lib.transaction():
        keep_noted_version(lib, entry.source_id, entry.id, sha)
        entry.body = re.sub(rf"\b{old}\b", new, entry.body, count=1)
        entry.sha256 = sha
        lib.write_entry(entry)


def test_export_dialog_choices_and_memory(qtbot, demo_lib, session):
    from rtes_desktop.gui.handout.export_dialog import HandoutDialog

    rows = session_rows(demo_lib, session)
    dialog = HandoutDialog(session, "Atelier SIEG", rows)
    qtbot.addWidget(dialog)
    dialog.show()
    # Private by default; full text for each fiche; notes and attachments in.
    assert not dialog.comments_box.isChecked()
    assert dialog.notes_box.isChecked() and dialog.attachments_box.isChecked()
    assert dialog.items_list.count() == 2  # the two fiches, not the note
    assert not dialog.changed_label.isVisible()
    # The second fiche as a summary only; the trainer's name typed in.
    second = dialog.items_list.item(1)
    second.setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClicks(dialog.trainer_edit, "Camille Martin")
    qtbot.mouseClick(dialog.comments_box, Qt.MouseButton.LeftButton)
    options = dialog.options()
    ids = [r.item.id for r in rows if r.type == "entry"]
    assert options.item_modes == {ids[0]: FULL, ids[1]: SUMMARY}
    assert options.with_comments and options.trainer == "Camille Martin"
    doc = handout_document(demo_lib, session, options)
    assert doc.items[0].body and not doc.items[1].body  # full text, then summary only
    assert doc.items[0].comment == "Mon commentaire privé"
    # Reopened with what it remembered: as it was left.
    again = HandoutDialog(session, "Atelier SIEG", rows, dialog.remembered())
    qtbot.addWidget(again)
    assert again.comments_box.isChecked() and again.trainer_edit.text() == "Camille Martin"
    assert again.items_list.item(1).checkState() == Qt.CheckState.Unchecked
    assert again.items_list.item(0).checkState() == Qt.CheckState.Checked
    # « Résumé seulement » applies to every fiche at once.
    again.summary_radio.setChecked(True)
    assert set(again.options().item_modes.values()) == {SUMMARY}


def test_export_dialog_says_when_fiches_changed(qtbot, demo_lib, session):
    from rtes_desktop.gui.handout.export_dialog import HandoutDialog

    _update_entry(demo_lib, "points-repere-sieg", "mandat", "acte de mandatement")
    dialog = HandoutDialog(session, "Atelier SIEG", session_rows(demo_lib, session))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.changed_label.isVisible()
    assert "1 fiche(s) mise(s) à jour" in dialog.changed_label.text()


def test_print_preview_opens_with_the_handout_pages(qtbot, demo_lib, session, monkeypatch):
    from rtes_desktop.gui.handout import printing

    seen: dict[str, Any] = {}

    def fake_exec(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        seen["pages"] = preview.pageCount()
        seen["title"] = dialog.windowTitle()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    printing.print_preview(None, handout_document(demo_lib, session))
    assert seen["title"] == "Aperçu avant impression — Atelier SIEG"
    assert seen["pages"] >= 5  # title, contents, two fiches, the note, the sources
    printing.print_preview(None, entry_handout(demo_lib, "points-repere-sieg"))
    assert 1 <= seen["pages"] <= 4


def test_recheck_view_shows_the_diff_and_asks_to_verify(qtbot, demo_lib):
    from rtes_desktop.gui.notes.recheck_view import RecheckView

    note = demo_lib.add_note("points-repere-sieg", "Relire la partie mandat")
    demo_lib.add_note("faq-ptce-soutien", "Rien ne change ici")
    _update_entry(demo_lib, "points-repere-sieg", "mandat", "acte de mandatement")
    view = RecheckView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.load(stale_notes(demo_lib))
    assert view.title.text() == "À revérifier (1)"
    assert view.list.count() == 1 and "Points de RepèrESS" in view.list.item(0).text()
    assert view.note_text.text() == "Relire la partie mandat"
    shown = view.diff.toPlainText()
    assert "mandat" in shown and "acte de mandatement" in shown
    html = view.diff.toHtml()
    assert "#a01c1c" in html and "#1b6b2a" in html  # struck in red, added in green
    with qtbot.waitSignal(view.verify_requested) as signal:
        qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert signal.args == [note.id]
    view.load([])
    assert view.title.text() == "À revérifier (0)" and view.empty.isVisible()
