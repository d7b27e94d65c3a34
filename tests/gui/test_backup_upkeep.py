"""The automatic backup during a session, the second backup folder in the
settings, and the sentence after a recovery at start."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from window_helpers import wait_until

from rtes_desktop.core import settings
from rtes_desktop.core.backup import backups_dir, list_backups
from rtes_desktop.gui.backup.upkeep import (
    BackupUpkeep,
    RecoveryBar,
    SecondBackupFolderField,
    machine_backup_dir,
)

pytest_plugins = ["conftest_panels"]


def test_a_missing_second_folder_is_said_once_and_never_blocks(qtbot, lib, jobs, tmp_path):
    lib.add_note(None, "Première note")
    missing = tmp_path / "lecteur-reseau" / "absent"
    lib.set_setting(settings.BACKUP_SECOND_DIR, str(missing))
    days = iter([datetime(2026, 11, 28, 9, tzinfo=UTC), datetime(2026, 11, 29, 9, tzinfo=UTC)])
    said: list[str] = []
    upkeep = BackupUpkeep(lib, jobs, said.append, clock=lambda: next(days))

    upkeep.check()
    wait_until(qtbot, lambda: said)
    assert said == [
        f"Le second dossier de sauvegarde {missing} est introuvable ; "
        "la sauvegarde reste dans le dossier de données."
    ]
    lib.add_note(None, "Le lendemain")
    upkeep.check()  # a day later: a second backup, the same problem, not said again
    wait_until(qtbot, lambda: len(list_backups(backups_dir(lib.folder))) == 2)
    assert jobs.wait_idle()  # the second answer delivered too
    assert len(said) == 1


def test_the_hourly_check_takes_the_backup_in_the_background(qtbot, lib, jobs):
    lib.add_note(None, "Une note à garder")
    said: list[str] = []
    upkeep = BackupUpkeep(lib, jobs, said.append, interval_ms=20)
    upkeep.start()
    wait_until(qtbot, lambda: list_backups(backups_dir(lib.folder)))
    upkeep.stop()
    [info] = list_backups(backups_dir(lib.folder))
    assert info.reason == "auto" and info.notes == 1
    assert said == []  # no second folder: nothing to say


def test_recovery_bar_says_the_sentence_and_offers_to_sync(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    bar = RecoveryBar(host)
    asked = []
    bar.sync_requested.connect(lambda: asked.append(True))
    host.show()
    assert not bar.isVisible()
    bar.show_message("La bibliothèque était endommagée : elle a été mise de côté.")
    assert bar.isVisible() and "mise de côté" in bar.label.text()
    assert bar.sync_button.text() == "Synchroniser maintenant"
    qtbot.mouseClick(bar.sync_button, Qt.MouseButton.LeftButton)
    assert asked == [True] and not bar.isVisible()


def test_second_folder_field_shows_it_preset_then_the_users_choice(qtbot, tmp_path, monkeypatch):
    preset = tmp_path / "partage" / "rtes"
    saved: list[str] = []
    field = SecondBackupFolderField("", preset, saved.append)
    qtbot.addWidget(field)
    field.show()
    assert field.edit.text() == str(preset)
    assert "service informatique" in field.origin.text()
    assert not field.clear_button.isEnabled()

    mine = tmp_path / "Nextcloud"
    # The system's folder chooser is modal and native: the folder the person picks is
    # given at that one boundary; the field, the button and the setting are real.
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(mine))
    )
    qtbot.mouseClick(field.choose_button, Qt.MouseButton.LeftButton)
    assert saved == [str(mine)] and field.edit.text() == str(mine)
    qtbot.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert saved == [str(mine), ""] and field.edit.text() == str(preset)


def test_the_preset_comes_from_the_machine_configuration(tmp_path, monkeypatch):
    config = tmp_path / "rtes-desktop.toml"
    config.write_text(f"version = 1\nbackup_dir = '{tmp_path / 'partage'}'\n", encoding="utf-8")
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(config))
    assert machine_backup_dir() == Path(tmp_path / "partage")
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(tmp_path / "absent.toml"))
    assert machine_backup_dir() is None
