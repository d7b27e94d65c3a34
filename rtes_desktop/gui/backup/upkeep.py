"""The window's side of backups that nobody asks for: the automatic backup during
long sessions, the sentence after a recovery at start, and the second backup folder
in the settings.

Each part receives what it uses (the library, the job runner, `say(sentence)` for
the status bar); none knows the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.backup import BackupResult, maybe_backup
from rtes_desktop.core.library import Library
from rtes_desktop.gui.common.jobs import LONG, Jobs

log = logging.getLogger(__name__)

#: The automatic backup is checked this often during a session (cheap when there is
#: nothing to do: a directory listing; it takes one at most once a day, after a change).
CHECK_INTERVAL_MS = 60 * 60 * 1000


class BackupUpkeep(QObject):
    """Calls `maybe_backup` every hour and after a sync, off the GUI thread; a second
    folder that is missing or full is said once per session, never blocking."""

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        say: Callable[[str], None],
        parent: QObject | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.say = say
        self.clock = clock  # tests pass the days; None: now
        self.told: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        """Take the automatic backup if one is due (off the GUI thread)."""
        library, now = self.library, self.clock() if self.clock else None
        # The long lane: it reads the library and writes files, never the library.
        self.jobs.run(
            lambda _p, _c: maybe_backup(library, now), lane=LONG, label="auto-backup"
        ).on_done(self.report).on_error(self._failed)

    def report(self, result: BackupResult | None) -> None:
        """Say each second-folder warning once (the same folder fails every day)."""
        if result is None:
            return
        for warning in result.warnings:
            if warning in self.told:
                continue
            self.told.add(warning)
            self.say(warning[:1].upper() + warning[1:] + ".")

    def _failed(self, exc: BaseException) -> None:
        log.error("automatic backup check failed", exc_info=exc)  # maybe_backup never raises


class RecoveryBar(QFrame):
    """A bar over the window after a recovery at start: the core's sentence, and
    « Synchroniser maintenant » to bring the content back (`sync_requested`)."""

    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Bibliothèque récupérée"))
        self.setStyleSheet(
            "#recoveryBar { background: palette(tool-tip-base); border: 1px solid #d4a72c;"
            " border-radius: 4px; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = QPushButton(self.tr("Synchroniser maintenant"), self)
        self.sync_button.clicked.connect(lambda _c=False: self._sync())
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Fermer ce message"))
        self.close_button.setToolTip(self.tr("Fermer ce message"))
        self.close_button.clicked.connect(lambda _c=False: self.hide())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sync_button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, sentence: str) -> None:
        self.label.setText(sentence)
        self.show()

    def _sync(self) -> None:
        self.hide()
        self.sync_requested.emit()


def above(bar: QWidget, widget: QWidget) -> QWidget:
    """A widget holding `bar` over `widget` (the window's central area). A hidden
    bar takes no room: the layout skips hidden widgets."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(widget, 1)
    return box


class SecondBackupFolderField(QWidget):
    """The settings row for the second backup folder: the user's choice, else the
    folder IT preset in the machine configuration (shown as such), else none.
    `save(path)` stores the user's choice ("" to go back to IT's or none)."""

    def __init__(
        self,
        chosen: str,
        preset: Path | None,
        save: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.preset = preset
        self.save = save
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setAccessibleName(self.tr("Second dossier de sauvegarde"))
        self.choose_button = QPushButton(self.tr("Choisir…"), self)
        self.choose_button.setAccessibleName(self.tr("Choisir le second dossier de sauvegarde"))
        self.choose_button.clicked.connect(lambda _c=False: self.choose())
        self.clear_button = QPushButton(self.tr("Retirer"), self)
        self.clear_button.setAccessibleName(self.tr("Ne plus utiliser ce dossier"))
        self.clear_button.clicked.connect(lambda _c=False: self.set_folder(""))
        self.origin = QLabel(self)
        self.origin.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.origin)
        self.show_folder(chosen)

    def show_folder(self, chosen: str) -> None:
        chosen = chosen.strip()
        self.chosen = chosen
        if chosen:
            self.edit.setText(chosen)
            self.origin.setText(
                self.tr(
                    "Une copie de chaque sauvegarde y est faite (lecteur réseau, dossier synchronisé…)."
                )
            )
        elif self.preset is not None:
            self.edit.setText(str(self.preset))
            self.origin.setText(
                self.tr(
                    "Préréglé par le service informatique ; « Choisir… » le remplace pour vous."
                )
            )
        else:
            self.edit.clear()
            self.edit.setPlaceholderText(
                self.tr("Aucun : les sauvegardes restent dans le dossier de données")
            )
            self.origin.setText(
                self.tr(
                    "Un lecteur réseau ou un dossier synchronisé garde une copie hors de ce PC."
                )
            )
        self.clear_button.setEnabled(bool(chosen))

    def choose(self) -> None:
        start = self.chosen or (str(self.preset) if self.preset else str(Path.home()))
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choisir le second dossier de sauvegarde"), start
        )
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        self.show_folder(folder)
        self.save(folder.strip())


def machine_backup_dir() -> Path | None:
    """The second backup folder IT set in the machine configuration, if any."""
    try:
        from rtes_desktop.core.machine_config import load_machine_config

        config = load_machine_config()
    except Exception:  # a broken configuration must not break the settings
        log.exception("machine configuration unreadable")
        return None
    return config.backup_dir if config else None
