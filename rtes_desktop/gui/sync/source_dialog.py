"""Where to sync from: an address, a .zip or a folder (`LocationEdit`), and the
dialog that adds or edits a source with its access token (`SourceDialog`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.models import Source

log = logging.getLogger(__name__)


def credential_store_available() -> bool:
    """True when `keyring` has a usable backend (not its "fail" placeholder)."""
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken backend counts as none
        log.exception("credential store check failed")
        return False


def check_location(text: str) -> str:
    """The location as a source stores it; BadInput (French) when it cannot be one."""
    from rtes_desktop.core.sync.engine import normalize_location

    text = text.strip()
    if not text:
        raise BadInput("indiquez une adresse https://…, un fichier .zip ou un dossier")
    lowered = text.lower()
    if lowered.startswith(("http://", "https://")):
        host = text.split("://", 1)[1].split("/", 1)[0]
        if not host:
            raise BadInput(f"adresse incomplète : {text}")
        return normalize_location(text)
    if "://" in text:
        raise BadInput(f"seules les adresses http:// et https:// sont acceptées : {text}")
    path = Path(text).expanduser()
    if not path.exists():
        raise BadInput("fichier ou dossier introuvable", path=str(path))
    if path.is_file() and path.suffix.lower() != ".zip":
        raise BadInput("un fichier d'exportation doit être un .zip", path=str(path))
    return normalize_location(text)


class LocationEdit(QWidget):
    """An address field with « Fichier .zip… » and « Dossier… » buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("https://… ou chemin d'un .zip ou d'un dossier"))
        self.edit.setAccessibleName(self.tr("Adresse de l'exportation"))
        self.zip_button = QPushButton(self.tr("Fichier .zip…"))
        self.zip_button.setAccessibleName(self.tr("Choisir un fichier .zip"))
        self.zip_button.clicked.connect(self.choose_zip)
        self.folder_button = QPushButton(self.tr("Dossier…"))
        self.folder_button.setAccessibleName(self.tr("Choisir un dossier d'exportation"))
        self.folder_button.clicked.connect(self.choose_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.zip_button)
        layout.addWidget(self.folder_button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(text)

    def choose_zip(self) -> None:
        dialog = QFileDialog(self, self.tr("Choisir une exportation (.zip)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Exportations (*.zip)"), self.tr("Tous les fichiers (*)")])
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.edit.setText(dialog.selectedFiles()[0])

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Choisir le dossier d'une exportation"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.edit.setText(dialog.selectedFiles()[0])


class SourceDialog(QDialog):
    """Add a source (address + optional token) or edit one (`source` given).

    On « Enregistrer » the address is checked and the token, if typed, goes to the
    credential store (account: the source id, or the address for a new source,
    which is what the sync engine looks up before it knows the id).
    """

    def __init__(self, parent: QWidget | None = None, source: Source | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._location = ""
        title = self.tr("Ajouter une source") if source is None else self.tr("Modifier la source")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.location_edit = LocationEdit()
        if source is not None and source.url:
            self.location_edit.setText(source.url)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName(self.tr("Jeton d'accès"))
        self.token_edit.setPlaceholderText(
            self.tr("facultatif : contenus réservés aux adhérents")
            if source is None
            else self.tr("laisser vide pour garder le jeton actuel")
        )
        self.clear_token = QCheckBox(self.tr("Effacer le jeton enregistré"))
        self.clear_token.setAccessibleName(self.tr("Effacer le jeton enregistré"))
        self.clear_token.setVisible(source is not None)
        self.token_note = QLabel()
        self.token_note.setWordWrap(True)
        if not credential_store_available():
            self.token_edit.setEnabled(False)
            self.clear_token.setEnabled(False)
            self.token_note.setText(
                self.tr(
                    "Aucun trousseau de mots de passe n'est disponible sur ce système : un "
                    "jeton d'accès ne peut pas y être conservé."
                )
            )
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b02a37; }")
        self.error_label.hide()

        form = QFormLayout()
        address_label = QLabel(self.tr("Adresse"))
        address_label.setBuddy(self.location_edit.edit)
        form.addRow(address_label, self.location_edit)
        token_label = QLabel(self.tr("Jeton d'accès"))
        token_label.setBuddy(self.token_edit)
        form.addRow(token_label, self.token_edit)
        form.addRow("", self.clear_token)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.token_note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.location_edit.setFocus()

    def location(self) -> str:
        """The checked, normalised location (after the dialog was accepted)."""
        return self._location

    def accept(self) -> None:
        try:
            self._location = check_location(self.location_edit.text())
            self._store_token()
        except RtesError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        super().accept()

    def _store_token(self) -> None:
        from rtes_desktop.core.sync.http_client import delete_token, store_token

        account = self.source.id if self.source is not None else self._location
        token = self.token_edit.text().strip()
        if self.clear_token.isChecked() and not token:
            delete_token(account)
        elif token:
            store_token(account, token)

    def done(self, result: Any) -> None:  # noqa: D401 - Qt API
        self.token_edit.clear()  # the token leaves memory with the dialog
        super().done(result)
