"""The sync dialog against real exports (built with `publish`) on a loopback server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from panel_helpers import ExportServer, snapshot, type_text, write_source_tree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from rtes_desktop.core.search import SearchService
from rtes_desktop.core.sync.publish import publish
from rtes_desktop.core.sync.signing import generate_keypair, load_public_key_file
from rtes_desktop.gui.sync.sync_dialog import SyncDialog, _LocationDialog, choose_sync_location

pytest_plugins = ["conftest_panels"]


@pytest.fixture
def key_files(tmp_path):
    private, public, _key_id = generate_keypair(tmp_path / "editeur")
    return private, public


@pytest.fixture
def library(empty_library, key_files):
    """An empty library that trusts the publisher's key (as « Ajouter une clé » does)."""
    key = load_public_key_file(key_files[1])
    empty_library.add_trusted_key(key.key_id, key.pem, key.label)
    return empty_library


@pytest.fixture
def export(tmp_path, key_files):
    """A signed export of 6 entries, as the network would publish it."""
    src = write_source_tree(tmp_path / "src", 6)
    out = tmp_path / "export"
    publish(src, out, key=key_files[0])
    return out


@pytest.fixture
def servers():
    started = []

    def start(root, **kw):
        server = ExportServer(root, **kw)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def make_dialog(qtbot, jobs, library, **kw):
    dialog = SyncDialog(library, jobs, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_sync_over_http_shows_progress_and_the_french_summary(
    qtbot, library, jobs, tmp_path, key_files, servers
):
    src = write_source_tree(tmp_path / "src", 6)
    out = tmp_path / "export"
    publish(src, out, key=key_files[0])
    server = servers(out, delay=0.02)
    dialog = make_dialog(qtbot, jobs, library)
    phases = []
    task = dialog.start(server.url)
    task.progressed.connect(lambda _p: phases.append(dialog.phase_label.text()))
    assert dialog.isVisible()
    assert dialog.cancel_button.isVisible() and not dialog.close_button.isVisible()
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000) as sig:
        pass

    reports = sig.args[0]
    assert [r.source_id for r in reports] == ["reseau-test"]
    assert dialog.summary_label.text() == "6 nouvelles fiches" == reports[0].summary_fr()
    assert "Téléchargement des fiches" in phases
    assert "Application des changements" in phases
    assert dialog.phase_label.text() == "Terminé"
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    assert not dialog.warnings_label.isVisible()
    assert library.count_entries(source_id="reseau-test") == 6
    # The GUI thread's longest pause is measured by bench/sync_dialog_bench.py, not
    # asserted here (no timing assertions in tests).


def test_the_search_index_catches_up_after_a_sync(
    qtbot, library, jobs, tmp_path, key_files, servers
):
    src = write_source_tree(tmp_path / "src", 4)
    out = tmp_path / "export"
    publish(src, out, key=key_files[0])
    server = servers(out)
    dialog = make_dialog(qtbot, jobs, library)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(server.url)
    search = SearchService(library)  # the window's service, already open
    search.ensure_ready()
    assert search.search("cooperation territoriale").total == 4

    write_source_tree(src, 3, prefix="nouvelle")
    (src / "fiche-0.md").write_text(
        (src / "fiche-0.md").read_text(encoding="utf-8") + "Mise à jour.\n", encoding="utf-8"
    )
    publish(src, out, key=key_files[0])
    dialog = make_dialog(qtbot, jobs, library, search=search)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(None)  # every configured source: the one synced above
    assert dialog.summary_label.text() == "3 nouvelles fiches, 1 mise à jour"
    assert search.search("cooperation territoriale").total == 7
    search.close()


def test_second_sync_says_nothing_changed(qtbot, library, jobs, export, servers):
    server = servers(export)
    dialog = make_dialog(qtbot, jobs, library)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(server.url)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(None)  # every configured source: the one just added
    assert dialog.summary_label.text() == "Aucun changement"


def test_cancel_a_slow_sync_leaves_the_library_unchanged(qtbot, library, jobs, export, servers):
    server = servers(export, hold_objects=True)
    before = snapshot(library)
    dialog = make_dialog(qtbot, jobs, library)
    task = dialog.start(server.url)
    qtbot.waitUntil(
        lambda: dialog.phase_label.text() == "Téléchargement des fiches", timeout=20_000
    )
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.cancel_button.text() == "Annulation…"
    assert dialog.state == "cancelled"
    assert dialog.summary_label.text() == (
        "Synchronisation annulée : la bibliothèque n'a pas été modifiée."
    )
    assert snapshot(library) == before
    assert library.sources() == []
    assert dialog.close_button.isVisible()


def test_escape_while_running_cancels_instead_of_closing(qtbot, library, jobs, export, servers):
    server = servers(export, hold_objects=True)
    before = snapshot(library)
    dialog = make_dialog(qtbot, jobs, library)
    task = dialog.start(server.url)
    qtbot.waitUntil(
        lambda: dialog.phase_label.text() == "Téléchargement des fiches", timeout=20_000
    )
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
    assert snapshot(library) == before


def test_a_tampered_export_shows_one_clear_sentence(qtbot, library, jobs, export, servers):
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    sha = manifest["entries"][0]["sha256"]
    obj = export / "objects" / sha[:2] / sha
    obj.write_bytes(obj.read_bytes().replace("Coopération".encode(), b"Cooperation!"))
    server = servers(export)
    before = snapshot(library)
    dialog = make_dialog(qtbot, jobs, library)
    task = dialog.start(server.url)
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    text = dialog.error_label.text()
    assert dialog.error_label.isVisible()
    assert "\n" not in text and "Traceback" not in text
    # The reason, then the file it names.
    assert text == (
        "Contenu altéré : son empreinte SHA-256 ne correspond pas au manifeste "
        f"(objects/{sha[:2]}/{sha})."
    )
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()
    details = dialog.details.toPlainText()
    assert "Type : BadInput" in details and "rtes-desktop.log" in details
    assert "Traceback" not in details
    assert snapshot(library) == before


def test_unsigned_export_is_refused_unless_allowed(qtbot, library, jobs, tmp_path):
    src = write_source_tree(tmp_path / "brouillon", 2)
    out = tmp_path / "brouillon-export"
    publish(src, out)  # no key: not signed
    dialog = make_dialog(qtbot, jobs, library)
    task = dialog.start(str(out))
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    assert dialog.error_label.text() == (
        "Le contenu de ce dossier n'est pas signé : rien ne prouve qu'il vient de l'éditeur, "
        "rien n'a été modifié."
    )
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()  # the technical account, under « Détails »
    assert "Détail technique : manifest.json.sig : signature manquante" in (
        dialog.details.toPlainText()
    )
    assert library.sources() == []

    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(str(out), allow_unsigned=True)
    assert dialog.summary_label.text() == "2 nouvelles fiches"
    assert "non signé" in dialog.warnings_label.text()
    assert dialog.warnings_label.isVisible()


def test_expired_export_is_applied_with_a_warning(qtbot, library, jobs, tmp_path, key_files):
    src = write_source_tree(tmp_path / "ancien", 1)
    out = tmp_path / "ancien.zip"
    publish(src, out, key=key_files[0], as_zip=True, now=datetime.now(UTC) - timedelta(days=200))
    dialog = make_dialog(qtbot, jobs, library)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000):
        dialog.start(str(out))
    assert dialog.summary_label.text() == "1 nouvelle fiche"
    assert dialog.warnings_label.isVisible()
    assert "a expiré" in dialog.warnings_label.text()


def test_sync_all_without_sources_explains_what_to_do(qtbot, library, jobs):
    dialog = make_dialog(qtbot, jobs, library)
    with qtbot.waitSignal(dialog.sync_finished, timeout=30_000) as sig:
        dialog.start(None)
    assert sig.args == [[]]
    assert dialog.summary_label.text().startswith("Aucune source à synchroniser")


def ok_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_choose_sync_location_by_typing_an_address(qtbot, monkeypatch):
    def fake_exec(dialog):  # the real dialog, shown; only its modal loop is skipped
        dialog.show()
        type_text(dialog.location_edit.edit, "https://ressources.example.org/export")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(_LocationDialog, "exec", fake_exec)
    assert choose_sync_location(None) == "https://ressources.example.org/export/"


def test_choose_sync_location_refuses_a_missing_file(qtbot, tmp_path):
    dialog = _LocationDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    missing = tmp_path / "absent.zip"
    type_text(dialog.location_edit.edit, str(missing))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == f"Fichier ou dossier introuvable ({missing})."


def test_choose_a_zip_with_the_file_dialog(qtbot, tmp_path, monkeypatch, key_files):
    from PySide6.QtWidgets import QFileDialog

    src = write_source_tree(tmp_path / "usb", 1)
    archive = tmp_path / "cle-usb.zip"
    publish(src, archive, key=key_files[0], as_zip=True)
    monkeypatch.setattr(QFileDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda d: [str(archive)])

    def fake_exec(dialog):
        dialog.show()
        qtbot.mouseClick(dialog.location_edit.zip_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(_LocationDialog, "exec", fake_exec)
    assert choose_sync_location(None) == str(archive.resolve())
