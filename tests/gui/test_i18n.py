"""French is the source language; English comes from resources/i18n through Qt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from rtes_desktop.core.sync.engine import SyncReport
from rtes_desktop.gui.common import i18n
from rtes_desktop.gui.notes.notes_panel import NotesListView, NotesPanel
from rtes_desktop.gui.notes.tag_editor import TagEditor
from rtes_desktop.gui.settings.settings_dialog import SettingsDialog
from rtes_desktop.gui.sync.sync_dialog import SyncDialog

pytest_plugins = ["conftest_panels"]


@pytest.fixture
def app(qapp):
    yield qapp
    i18n.remove_translators(qapp)  # the other tests read French


def test_english_shows_in_the_widgets(qtbot, app, demo_lib, jobs):
    installed = i18n.install_translator(app, "en")
    assert len(installed) == 2  # Qt's own strings and ours
    assert i18n.current_language() == "en"

    panel = NotesPanel(demo_lib, jobs)
    qtbot.addWidget(panel)
    assert panel.new_button.text() == "New note"
    assert panel.header.text() == "Free notes"
    assert panel.tabs.tabText(0) == "Write" and panel.tabs.tabText(1) == "Preview"

    tags = TagEditor(demo_lib, jobs)
    qtbot.addWidget(tags)
    assert tags.edit.placeholderText() == "Add a tag…"

    notes = NotesListView(demo_lib)
    qtbot.addWidget(notes)
    assert notes.tree.headerItem().text(0) == "Entry"
    assert notes.count_label.text() == "No notes"
    demo_lib.add_note(None, "une")
    notes.refresh()
    assert notes.count_label.text() == "1 note"

    settings = SettingsDialog(demo_lib, jobs)
    qtbot.addWidget(settings)
    assert settings.windowTitle() == "Settings"
    assert [settings.tabs.tabText(i) for i in range(3)] == ["Sources", "Trusted keys", "General"]
    assert settings.open_folder_button.text() == "Open the data folder"

    sync = SyncDialog(demo_lib, jobs)
    qtbot.addWidget(sync)
    report = SyncReport("rtes", 3, new=["a", "b"], updated=["c"], withdrawn=["d"])
    assert sync.summary(report) == "2 new entries, 1 updated, 1 withdrawn"
    # the core's own sentences follow the window's language (gettext, core/i18n.py)
    assert report.summary_fr() == "2 new entries, 1 updated, 1 withdrawn"

    assert "November 2026 at" in i18n.format_datetime("2026-11-29T12:05:00Z")
    assert i18n.format_bytes(1_500_000) == "1.5\u00a0MB"


def test_french_is_the_source_and_qt_speaks_french_too(qtbot, app, demo_lib, jobs):
    i18n.install_translator(app, "fr")
    assert i18n.current_language() == "fr"
    panel = NotesPanel(demo_lib, jobs)
    qtbot.addWidget(panel)
    assert panel.new_button.text() == "Nouvelle note"
    sync = SyncDialog(demo_lib, jobs)
    qtbot.addWidget(sync)
    report = SyncReport("rtes", 3, new=["a"] * 12, updated=["b"] * 3, withdrawn=["c"])
    assert (
        sync.summary(report)
        == report.summary_fr()
        == "12 nouvelles fiches, 3 mises à jour, 1 retirée"
    )
    # Qt's own buttons come from qtbase_fr.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    assert i18n.format_datetime("2026-03-01T12:00:00Z").startswith("1er mars 2026 à ")
    assert i18n.format_bytes(1_500_000) == "1,5\u00a0Mo"


def test_unknown_language_falls_back_to_french(app):
    i18n.install_translator(app, "de")
    assert i18n.current_language() == "fr"
    assert QApplication.translate("NotesPanel", "Nouvelle note") == "Nouvelle note"


def test_every_string_of_the_catalogue_is_translated():
    ts = i18n.translations_dir() / "rtes_desktop_en.ts"
    root = ET.parse(ts).getroot()
    assert root.get("sourcelanguage") == "fr_FR"
    messages = list(root.iter("message"))
    assert len(messages) > 250
    untranslated = [
        m.findtext("source")
        for m in messages
        if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")
    ]
    assert untranslated == []
    # Placeholders survive translation, or .format() would fail in English.
    broken = [
        (m.findtext("source"), m.findtext("translation"))
        for m in messages
        if sorted(_fields(m.findtext("source"))) != sorted(_fields(m.findtext("translation")))
    ]
    assert broken == []
    assert (i18n.translations_dir() / "rtes_desktop_en.qm").stat().st_size > 10_000


def _fields(text: str) -> list[str]:
    import string

    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
