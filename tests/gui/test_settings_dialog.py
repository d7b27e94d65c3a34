"""The settings dialog: sources and tokens, keys, attachments, language, theme, data."""

from __future__ import annotations

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from panel_helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from window_helpers import answer_message_boxes, click_row, click_tab, press

from rtes_desktop.core.sync.signing import bundled_keys, generate_keypair
from rtes_desktop.gui.common.palette import apply_theme
from rtes_desktop.gui.settings.settings_dialog import MIB, SettingsDialog
from rtes_desktop.gui.sync.source_dialog import SourceDialog

pytest_plugins = ["conftest_panels"]


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps passwords in memory (this machine has none)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def make_dialog(qtbot, jobs, library):
    dialog = SettingsDialog(library, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_source_dialog(monkeypatch, address, token="", clear=False):
    """Patch SourceDialog.exec (a modal loop would block the test): the real dialog is
    shown, typed into like a person, then « Enregistrer » is pressed."""
    seen = {}

    def fake_exec(dialog):
        seen["dialog"] = dialog
        dialog.show()
        dialog.location_edit.edit.clear()
        type_text(dialog.location_edit.edit, address)
        if token:
            type_text(dialog.token_edit, token)
        if dialog.clear_token.isChecked() != clear:
            press(dialog.clear_token)
        press(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Enregistrer"))
        seen["error"] = dialog.error_label.text() if dialog.error_label.isVisibleTo(dialog) else ""
        return dialog.result()

    monkeypatch.setattr(SourceDialog, "exec", fake_exec)
    return seen


def choose_file(monkeypatch, path):
    def fake_exec(dialog):
        dialog.selectFile(str(path))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda dialog: [str(path)])


def test_add_source_keeps_the_token_in_the_credential_store_only(
    qtbot, demo_lib, memory_keyring, monkeypatch, jobs
):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    assert "disponible" in dialog.keyring_label.text()
    fill_source_dialog(monkeypatch, "https://ressources.example.org/export", "s3cr3t-jeton")
    with qtbot.waitSignal(dialog.sync_requested, timeout=2000) as sig:
        qtbot.mouseClick(dialog.add_source_button, Qt.MouseButton.LeftButton)
    assert sig.args == ["https://ressources.example.org/export/"]
    # The sync engine looks the token up by address until it knows the source id.
    assert memory_keyring.passwords == {
        ("rtes-desktop", "https://ressources.example.org/export/"): "s3cr3t-jeton"
    }
    assert b"s3cr3t-jeton" not in demo_lib.path.read_bytes()
    assert all("s3cr3t" not in repr(v) for v in demo_lib.db["settings"].rows)


def test_a_bad_address_is_refused_with_one_sentence(qtbot, demo_lib, monkeypatch, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    seen = fill_source_dialog(monkeypatch, "ftp://ressources.example.org/")
    requested = []
    dialog.sync_requested.connect(requested.append)
    qtbot.mouseClick(dialog.add_source_button, Qt.MouseButton.LeftButton)
    assert requested == []
    assert seen["error"] == (
        "seules les adresses http:// et https:// sont acceptées : ftp://ressources.example.org/"
    )


def test_edit_source_address_and_token(qtbot, demo_lib, memory_keyring, monkeypatch, jobs):
    demo_lib.save_source("rtes", "RTES", url="https://ancien.example.org/")
    dialog = make_dialog(qtbot, jobs, demo_lib)
    row = [dialog.sources_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)]
    click_row(qtbot, dialog.sources_list, row.index("rtes"))
    assert dialog.edit_source_button.isEnabled()
    fill_source_dialog(monkeypatch, "https://nouveau.example.org/export", "jeton-adherent")
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.mouseClick(dialog.edit_source_button, Qt.MouseButton.LeftButton)
    assert demo_lib.source("rtes").url == "https://nouveau.example.org/export/"
    assert memory_keyring.passwords[("rtes-desktop", "rtes")] == "jeton-adherent"
    assert "nouveau.example.org" in dialog.sources_list.currentItem().text()

    fill_source_dialog(monkeypatch, "https://nouveau.example.org/export/", clear=True)
    qtbot.mouseClick(dialog.edit_source_button, Qt.MouseButton.LeftButton)
    assert ("rtes-desktop", "rtes") not in memory_keyring.passwords


def test_demo_source_cannot_be_edited(qtbot, demo_lib, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    click_row(qtbot, dialog.sources_list, 0)
    assert "(démonstration)" in dialog.sources_list.item(0).text()
    assert not dialog.edit_source_button.isEnabled()
    assert not dialog.remove_source_button.isEnabled()


def test_no_credential_store_is_said_clearly(qtbot, demo_lib, no_keyring, monkeypatch, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    assert dialog.keyring_label.text().startswith(
        "Aucun trousseau de mots de passe n'est disponible sur ce système"
    )
    source_dialog = SourceDialog(dialog)
    qtbot.addWidget(source_dialog)
    assert not source_dialog.token_edit.isEnabled()
    assert "Aucun trousseau" in source_dialog.token_note.text()


def answer_key_scope(monkeypatch, choice):
    """Patch the scope question of « Ajouter une clé »: pick `choice` in its list (or
    type it) and press OK, like a person; returns the questions asked."""
    asked = []

    def fake_exec(box):
        asked.append((box.labelText(), box.comboBoxItems()))
        box.show()
        combo = box.findChild(QComboBox)
        combo.setCurrentText(choice)
        press(box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
        return box.result()

    monkeypatch.setattr(QInputDialog, "exec", fake_exec)
    return asked


def key_rows(dialog):
    return [
        [dialog.keys_tree.topLevelItem(i).text(c) for c in range(4)]
        for i in range(dialog.keys_tree.topLevelItemCount())
    ]


def test_a_new_key_needs_a_scope_and_all_sources_is_confirmed(
    qtbot, demo_lib, tmp_path, monkeypatch, jobs
):
    """Issue 9 item 11: no key is trusted for every source without an explicit choice."""
    _private, pem, key_id = generate_keypair(tmp_path / "editeur")
    dialog = make_dialog(qtbot, jobs, demo_lib)
    click_tab(qtbot, dialog.tabs, "Clés de confiance")
    choose_file(monkeypatch, pem)

    asked = answer_key_scope(monkeypatch, "Toutes les sources")
    confirmations = answer_message_boxes(monkeypatch, "Annuler")
    qtbot.mouseClick(dialog.add_key_button, Qt.MouseButton.LeftButton)
    assert key_id in asked[0][0] and asked[0][1][-1] == "Toutes les sources"
    assert "toutes les sources" in confirmations[0]
    assert demo_lib.trusted_keys() == []  # declined: nothing trusted

    answer_key_scope(monkeypatch, "reseau-ess")
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.mouseClick(dialog.add_key_button, Qt.MouseButton.LeftButton)
    assert [key_id, "editeur", "reseau-ess", "ajoutée"] in key_rows(dialog)

    answer_key_scope(monkeypatch, "Pas Un Identifiant!")
    qtbot.mouseClick(dialog.add_key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "identifiant de source invalide" in dialog.message.text())
    assert [k["source_id"] for k in demo_lib.trusted_keys()] == ["reseau-ess"]


def test_add_and_remove_a_trusted_key(qtbot, demo_lib, tmp_path, monkeypatch, jobs):
    _private, pem, key_id = generate_keypair(tmp_path / "editeur")
    dialog = make_dialog(qtbot, jobs, demo_lib)
    click_tab(qtbot, dialog.tabs, "Clés de confiance")
    shipped = [k.key_id for k in bundled_keys()]
    assert shipped  # resources/keys/demo.pem
    first = dialog.keys_tree.topLevelItem(0)
    assert (first.text(0), first.text(3)) == (shipped[0], "fournie avec l'application")
    dialog.keys_tree.setCurrentItem(first)
    assert not dialog.remove_key_button.isEnabled()  # shipped keys stay
    choose_file(monkeypatch, pem)
    answer_key_scope(monkeypatch, "Toutes les sources")
    answer_message_boxes(monkeypatch)
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.mouseClick(dialog.add_key_button, Qt.MouseButton.LeftButton)
    assert [k["key_id"] for k in demo_lib.trusted_keys()] == [key_id]
    rows = [
        [dialog.keys_tree.topLevelItem(i).text(c) for c in range(4)]
        for i in range(dialog.keys_tree.topLevelItemCount())
    ]
    assert [key_id, "editeur", "toutes", "ajoutée"] in rows
    assert dialog.message.text() == f"Clé {key_id} ajoutée aux clés de confiance."

    row = [r[0] for r in rows].index(key_id)
    dialog.keys_tree.setCurrentItem(dialog.keys_tree.topLevelItem(row))
    asked = answer_message_boxes(monkeypatch)
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.mouseClick(dialog.remove_key_button, Qt.MouseButton.LeftButton)
    assert key_id in asked[0]
    assert demo_lib.trusted_keys() == []


def test_a_file_that_is_not_a_key_is_refused(qtbot, demo_lib, tmp_path, monkeypatch, jobs):
    bad = tmp_path / "pas-une-cle.pem"
    bad.write_text("bonjour\n", encoding="utf-8")
    dialog = make_dialog(qtbot, jobs, demo_lib)
    choose_file(monkeypatch, bad)
    qtbot.mouseClick(dialog.add_key_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == (
        f"{bad} : pas de bloc « BEGIN PUBLIC KEY » : ce n'est pas une clé publique PEM"
    )
    assert demo_lib.trusted_keys() == []


def test_attachments_language_and_theme(qtbot, demo_lib, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    click_tab(qtbot, dialog.tabs, "Général")
    spin = dialog.attachments_spin
    spin.setFocus()
    spin.selectAll()
    type_text(spin.lineEdit(), "20")
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert demo_lib.get_setting("attachments_max_auto_bytes") == 20 * MIB

    combo = dialog.language_combo
    combo.setFocus()
    with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "English"
    assert demo_lib.get_setting("ui_language") == "en"

    app = QApplication.instance()
    try:
        dialog.theme_combo.setFocus()
        with qtbot.waitSignal(dialog.settings_changed, timeout=5000):
            qtbot.keyClick(dialog.theme_combo, Qt.Key.Key_End)
        assert dialog.theme_combo.currentText() == "Sombre"
        assert demo_lib.get_setting("ui_theme") == "dark"
        # Dark, whether the platform honoured the request or a dark palette was set.
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 100
        assert app.palette().color(QPalette.ColorRole.WindowText).lightness() > 150
    finally:
        apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150

    again = make_dialog(qtbot, jobs, demo_lib)
    assert again.attachments_spin.value() == 20
    assert again.language_combo.currentText() == "English"
    assert again.theme_combo.currentText() == "Sombre"


def test_open_data_folder(qtbot, demo_lib, monkeypatch, jobs):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = make_dialog(qtbot, jobs, demo_lib)
    assert dialog.folder_edit.text() == str(demo_lib.folder)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(demo_lib.folder)]


def test_remove_the_demo_library(qtbot, demo_lib, monkeypatch, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    assert dialog.remove_demo_button.isEnabled()
    asked = answer_message_boxes(monkeypatch)
    with qtbot.waitSignal(dialog.library_changed, timeout=5000):
        qtbot.mouseClick(dialog.remove_demo_button, Qt.MouseButton.LeftButton)
    assert "démonstration" in asked[0]
    assert demo_lib.sources() == []
    assert demo_lib.count_entries() == 0
    assert not dialog.remove_demo_button.isEnabled()


def test_remove_demo_refused_keeps_it(qtbot, demo_lib, monkeypatch, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    answer_message_boxes(monkeypatch, "Annuler")
    before = demo_lib.count_entries()
    qtbot.mouseClick(dialog.remove_demo_button, Qt.MouseButton.LeftButton)
    assert demo_lib.count_entries() == before > 0


def test_every_control_has_an_accessible_name(qtbot, demo_lib, jobs):
    dialog = make_dialog(qtbot, jobs, demo_lib)
    kinds = (QAbstractButton, QLineEdit, QComboBox, QSpinBox, QAbstractItemView)
    widgets = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds)]
    assert len(widgets) > 15

    def inner_part(w):  # Qt's own parts of a combo box, spin box or tree header
        parent = w.parentWidget()
        while parent is not None:
            if isinstance(parent, (QSpinBox, QComboBox)):
                return True
            parent = parent.parentWidget()
        return isinstance(w, QHeaderView)

    unnamed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in widgets
        if not w.accessibleName() and not inner_part(w)
    ]
    assert unnamed == []


def test_remove_a_source_keeps_annotated_entries(qtbot, demo_lib, monkeypatch, jobs):
    from rtes_desktop.core.models import Entry

    demo_lib.save_source("cress", "CRESS", url="https://cress.example.org/")
    for i in range(2):
        demo_lib.write_entry(
            Entry(
                "cress",
                f"e{i}",
                "fiche",
                f"Fiche {i}",
                "Texte.",
                "2025-01-01",
                "2025-01-01T00:00:00Z",
                f"{i}" * 64,
            )
        )
    demo_lib.add_note("cress:e0", "ma note")
    dialog = make_dialog(qtbot, jobs, demo_lib)
    ids = [dialog.sources_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)]
    click_row(qtbot, dialog.sources_list, ids.index("cress"))
    asked = answer_message_boxes(monkeypatch)
    with qtbot.waitSignal(dialog.library_changed, timeout=5000):
        qtbot.mouseClick(dialog.remove_source_button, Qt.MouseButton.LeftButton)
    assert "« CRESS »" in asked[0]
    assert demo_lib.count_entries(source_id="cress") == 1
    assert demo_lib.get_entry("cress:e0").withdrawn_at is not None
    assert [n.body for n in demo_lib.notes("cress:e0")] == ["ma note"]
