"""Settings: sources and their tokens, trusted keys, attachments, language, theme, data.

Every change applies at once (no « OK » to forget) and emits `settings_changed()`.
Tokens live in the operating system's credential store (`keyring`, service
"rtes-desktop", account = the source id, or the address before a first sync),
never in the database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core import settings
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import demo_present
from rtes_desktop.core.sync.pending import add_pending, pending_sources, remove_pending
from rtes_desktop.gui.backup.upkeep import SecondBackupFolderField, machine_backup_dir
from rtes_desktop.gui.common.confirm import ask_confirmation
from rtes_desktop.gui.common.i18n import LANGUAGES
from rtes_desktop.gui.common.jobs import WRITE, Jobs
from rtes_desktop.gui.common.palette import apply_theme
from rtes_desktop.gui.sync.source_dialog import SourceDialog, credential_store_available

log = logging.getLogger(__name__)

MIB = 1024 * 1024
THEMES = ("system", "light", "dark")
KEY_ROLE = Qt.ItemDataRole.UserRole
PENDING_ROLE = Qt.ItemDataRole.UserRole + 1  # the address of a source never synced yet


class SettingsDialog(QDialog):
    """The settings window. `settings_changed()` after every change;
    `sync_requested(location)` when a source was added (the caller syncs it);
    `library_changed()` when entries went away (demo or a source removed)."""

    settings_changed = Signal()
    sync_requested = Signal(str)
    library_changed = Signal()

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.setWindowTitle(self.tr("Paramètres"))
        self.setAccessibleName(self.tr("Paramètres"))
        self.resize(640, 480)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Rubriques des paramètres"))
        self.tabs.addTab(self._sources_tab(), self.tr("Sources"))
        self.tabs.addTab(self._keys_tab(), self.tr("Clés de confiance"))
        self.tabs.addTab(self._general_tab(), self.tr("Général"))

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Fermer"))
        close.setAccessibleName(self.tr("Fermer les paramètres"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    # -- tabs ----------------------------------------------------------------------

    def _sources_tab(self) -> QWidget:
        page = QWidget()
        self.sources_list = QListWidget()
        self.sources_list.setAccessibleName(self.tr("Sources de la bibliothèque"))
        self.sources_list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.sources_list.itemActivated.connect(lambda _i: self.edit_source())
        self.add_source_button = self._button(self.tr("Ajouter une source…"), self.add_source)
        self.edit_source_button = self._button(self.tr("Modifier…"), self.edit_source)
        self.edit_source_button.setAccessibleName(self.tr("Modifier l'adresse ou le jeton"))
        self.remove_source_button = self._button(self.tr("Retirer…"), self.remove_source)
        self.remove_source_button.setAccessibleName(self.tr("Retirer la source"))
        self.sync_source_button = self._button(self.tr("Synchroniser"), self.sync_selected)
        self.sync_source_button.setAccessibleName(self.tr("Synchroniser la source choisie"))
        help_text = QLabel(
            self.tr(
                "Une source est l'adresse où un réseau publie sa bibliothèque (https://…), "
                "ou un fichier .zip reçu sur une clé USB. Le jeton d'accès, pour les "
                "contenus réservés aux adhérents, est gardé dans le trousseau du système."
            )
        )
        help_text.setWordWrap(True)
        self.keyring_label = QLabel()
        self.keyring_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (
            self.add_source_button,
            self.edit_source_button,
            self.remove_source_button,
            self.sync_source_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(help_text)
        layout.addWidget(self.sources_list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.keyring_label)
        return page

    def _keys_tab(self) -> QWidget:
        page = QWidget()
        self.keys_tree = QTreeWidget()
        self.keys_tree.setAccessibleName(self.tr("Clés de confiance"))
        self.keys_tree.setRootIsDecorated(False)
        self.keys_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keys_tree.setHeaderLabels(
            [self.tr("Clé"), self.tr("Nom"), self.tr("Sources"), self.tr("Origine")]
        )
        self.keys_tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.add_key_button = self._button(self.tr("Ajouter une clé (.pem)…"), self.add_key)
        self.remove_key_button = self._button(self.tr("Retirer la clé"), self.remove_key)
        help_text = QLabel(
            self.tr(
                "Une exportation n'est acceptée que si elle est signée par l'une de ces clés. "
                "Les clés fournies avec l'application ne peuvent pas être retirées."
            )
        )
        help_text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_key_button)
        buttons.addWidget(self.remove_key_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(help_text)
        layout.addWidget(self.keys_tree, 1)
        layout.addLayout(buttons)
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)

        self.attachments_spin = QSpinBox()
        self.attachments_spin.setRange(0, 100_000)
        self.attachments_spin.setSuffix(self.tr(" Mo"))
        self.attachments_spin.setAccessibleName(
            self.tr("Taille maximale des pièces jointes téléchargées automatiquement, en Mo")
        )
        self.attachments_spin.setToolTip(
            self.tr("0 : ne jamais télécharger automatiquement ; les plus grandes à la demande")
        )
        self.attachments_spin.editingFinished.connect(self._save_attachments)
        form.addRow(
            self._label(
                self.tr("Télécharger automatiquement les pièces jointes jusqu'à"),
                self.attachments_spin,
            ),
            self.attachments_spin,
        )

        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setAccessibleName(self.tr("Langue de l'interface"))
        self.language_combo.activated.connect(lambda _i: self._save_language())
        self.language_note = QLabel(self.tr("S'applique au prochain démarrage."))
        lang_box = QHBoxLayout()
        lang_box.addWidget(self.language_combo)
        lang_box.addWidget(self.language_note, 1)
        form.addRow(self._label(self.tr("Langue de l'interface"), self.language_combo), lang_box)

        self.theme_combo = QComboBox()
        for code, name in zip(
            THEMES, (self.tr("Système"), self.tr("Clair"), self.tr("Sombre")), strict=True
        ):
            self.theme_combo.addItem(name, code)
        self.theme_combo.setAccessibleName(self.tr("Thème"))
        self.theme_combo.activated.connect(lambda _i: self._save_theme())
        form.addRow(self._label(self.tr("Thème"), self.theme_combo), self.theme_combo)

        self.folder_edit = QLineEdit(str(self.library.folder))
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setAccessibleName(self.tr("Dossier de données"))
        self.open_folder_button = self._button(
            self.tr("Ouvrir le dossier de données"), self.open_data_folder
        )
        folder_box = QHBoxLayout()
        folder_box.addWidget(self.folder_edit, 1)
        folder_box.addWidget(self.open_folder_button)
        form.addRow(self._label(self.tr("Dossier de données"), self.folder_edit), folder_box)

        # A copy of every backup (issue 12): the user's folder, else the one IT preset.
        self.backup_folder = SecondBackupFolderField(
            self.library.get_setting(settings.BACKUP_SECOND_DIR),
            machine_backup_dir(),
            lambda path: self._set(settings.BACKUP_SECOND_DIR, path),
        )
        form.addRow(
            self._label(self.tr("Second dossier de sauvegarde"), self.backup_folder.edit),
            self.backup_folder,
        )

        self.remove_demo_button = self._button(
            self.tr("Retirer la bibliothèque de démonstration"), self.remove_demo
        )
        self.remove_demo_button.setAccessibleDescription(
            self.tr("Les fiches de démonstration annotées restent lisibles, marquées retirées")
        )
        form.addRow("", self.remove_demo_button)
        return page

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(lambda _c=False: slot())
        return button

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        label.setWordWrap(True)
        return label

    # -- reading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the library's current sources, keys and settings."""
        self._fill_sources()
        self._fill_keys()
        max_bytes = self.library.get_setting(settings.ATTACHMENTS_MAX_AUTO)
        self.attachments_spin.setValue(int(max_bytes or 0) // MIB)
        self._select_data(self.language_combo, self.library.get_setting(settings.UI_LANGUAGE))
        self._select_data(self.theme_combo, self.library.get_setting(settings.UI_THEME))
        if credential_store_available():
            self.keyring_label.setText(self.tr("Trousseau du système disponible pour les jetons."))
        else:
            self.keyring_label.setText(
                self.tr(
                    "Aucun trousseau de mots de passe n'est disponible sur ce système : les "
                    "jetons d'accès ne peuvent pas être conservés. Les sources publiques "
                    "fonctionnent sans jeton."
                )
            )
        self._update_buttons()

    def _fill_sources(self) -> None:
        current = self.selected_source_id()
        self.sources_list.clear()
        present = demo_present(self.library)
        for src in self.library.sources():
            if src.is_demo and not present:
                continue  # a removed demo: its row only holds the entries the user annotated
            where = src.url or self.tr("sans adresse (synchronisée depuis un fichier)")
            text = f"{src.name} — {where}"
            if src.is_demo:
                text = self.tr("{name} (démonstration)").format(name=src.name)
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, src.id)
            self.sources_list.addItem(item)
            if src.id == current:
                self.sources_list.setCurrentItem(item)
        known = {src.url for src in self.library.sources() if src.url}
        for waiting in pending_sources(self.library):
            if waiting["url"] in known:
                continue  # synced meanwhile (the list is tidied after each sync)
            if waiting["error"]:
                text = self.tr("{url} — pas encore synchronisée : {error}").format(
                    url=waiting["url"], error=waiting["error"]
                )
            else:
                text = self.tr("{url} — en attente de sa première synchronisation").format(
                    url=waiting["url"]
                )
            item = QListWidgetItem(text)
            item.setData(PENDING_ROLE, waiting["url"])
            item.setToolTip(text)
            self.sources_list.addItem(item)
        if self.sources_list.currentItem() is None and self.sources_list.count():
            self.sources_list.setCurrentRow(0)

    def _fill_keys(self) -> None:
        from rtes_desktop.core.sync.signing import bundled_keys

        self.keys_tree.clear()
        try:
            shipped = bundled_keys()
        except RtesError as exc:  # a damaged install: say it, keep the dialog usable
            shipped = []
            self._show_message(str(exc), error=True)
        for key in shipped:
            self._add_key_row(key.key_id, key.label, key.sources, user=False)
        for row in self.library.trusted_keys():
            scope = frozenset([row["source_id"]]) if row["source_id"] else None
            self._add_key_row(row["key_id"], row["label"] or "", scope, user=True)
        for col in range(3):
            self.keys_tree.resizeColumnToContents(col)

    def _add_key_row(self, key_id: str, label: str, sources: Any, user: bool) -> None:
        scope = ", ".join(sorted(sources)) if sources else self.tr("toutes")
        origin = self.tr("ajoutée") if user else self.tr("fournie avec l'application")
        item = QTreeWidgetItem([key_id, label, scope, origin])
        item.setData(0, KEY_ROLE, key_id if user else None)
        self.keys_tree.addTopLevelItem(item)

    def selected_source_id(self) -> str | None:
        item = self.sources_list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def selected_pending(self) -> str | None:
        """The address of the selected source if its first sync has not worked yet."""
        item = self.sources_list.currentItem()
        return item.data(PENDING_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        src_id = self.selected_source_id()
        src = self.library.source(src_id) if src_id else None
        pending = self.selected_pending()
        self.edit_source_button.setEnabled(src is not None and not src.is_demo)
        self.remove_source_button.setEnabled(
            (src is not None and not src.is_demo) or pending is not None
        )
        self.sync_source_button.setEnabled(
            pending is not None or (src is not None and not src.is_demo and bool(src.url))
        )
        key_item = self.keys_tree.currentItem()
        self.remove_key_button.setEnabled(
            key_item is not None and key_item.data(0, KEY_ROLE) is not None
        )
        self.remove_demo_button.setEnabled(demo_present(self.library))

    # -- sources ----------------------------------------------------------------------

    def add_source(self) -> None:
        """Ask an address (and a token); the caller syncs it (`sync_requested`)."""
        dialog = SourceDialog(self, source=None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        location = dialog.location()
        # Kept until its first sync works: a failure (offline…) never loses the address.
        self.jobs.write(lambda: add_pending(self.library, location)).on_error(self._on_error)
        self._sync_and_close(location)

    def sync_selected(self) -> None:
        """« Synchroniser »: the selected source, or retry one never synced yet."""
        src_id = self.selected_source_id()
        src = self.library.source(src_id) if src_id else None
        location = self.selected_pending() or (src.url if src is not None else None)
        if location:
            self._sync_and_close(location)

    def _sync_and_close(self, location: str) -> None:
        # The settings close so the sync window is the one in front: under this modal
        # dialog it could be neither clicked nor cancelled (issue 13).
        self.sync_requested.emit(location)
        self.accept()

    def edit_source(self) -> None:
        """Change the selected source's address or token."""
        src_id = self.selected_source_id()
        src = self.library.source(src_id) if src_id else None
        if src is None or src.is_demo:
            return
        dialog = SourceDialog(self, source=src)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        url = dialog.location()
        if url != (src.url or ""):
            self.jobs.write(lambda: self.library.save_source(src.id, src.name, url=url)).on_done(
                lambda _r: self._changed(self.tr("Adresse de la source modifiée."))
            ).on_error(self._on_error)
        else:
            self._show_message(self.tr("Source enregistrée."))

    def remove_source(self) -> None:
        """Remove the selected source and its entries (annotated ones stay)."""
        waiting = self.selected_pending()
        if waiting is not None:  # never synced: only its address to forget
            self.jobs.write(lambda: remove_pending(self.library, waiting)).on_done(
                lambda _r: self.refresh()
            ).on_error(self._on_error)
            return
        src_id = self.selected_source_id()
        src = self.library.source(src_id) if src_id else None
        if src is None or src.is_demo:
            return
        question = self.tr(
            "Retirer la source « {name} » et ses fiches ? Vos notes et vos tags sont gardés, "
            "et les fiches que vous avez annotées restent lisibles."
        ).format(name=src.name)
        if not ask_confirmation(self, self.tr("Retirer la source"), question):
            return

        def remove() -> None:
            self.library.remove_source(src.id)
            from rtes_desktop.core.sync.http_client import NoCredentialStore, delete_token

            try:
                delete_token(src.id)
            except NoCredentialStore:
                pass  # nothing could have been stored

        self.jobs.write(remove).on_done(lambda _r: self._content_changed()).on_error(self._on_error)

    # -- keys -------------------------------------------------------------------------

    def add_key(self) -> None:
        """Trust a publisher's public key from a .pem file."""
        dialog = QFileDialog(self, self.tr("Choisir la clé publique d'un éditeur"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Clés publiques (*.pem)"), self.tr("Tous les fichiers (*)")])
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return
        path = dialog.selectedFiles()[0]
        self.add_key_file(path)

    def add_key_file(self, path: str | Path) -> None:
        """Trust the key in `path` (what « Ajouter une clé » does once a file is chosen),
        for the source the user names or, confirmed, for every source."""
        from rtes_desktop.core.sync.signing import load_public_key_file, trust_key

        try:
            key = load_public_key_file(path)
        except RtesError as exc:
            self._show_message(str(exc), error=True)
            return
        scope = self._ask_key_scope(key)
        if scope is None:
            return
        source_id, all_sources = scope
        self.jobs.write(
            lambda: trust_key(self.library, key, source_id=source_id, all_sources=all_sources)
        ).on_done(
            lambda _r: self._changed(
                self.tr("Clé {key_id} ajoutée aux clés de confiance.").format(key_id=key.key_id)
            )
        ).on_error(self._on_error)

    def _ask_key_scope(self, key: Any) -> tuple[str | None, bool] | None:
        """(source id, all sources) for a new key, or None when the user gave up.

        A key trusted for every source could sign over any source not yet pinned to
        its own key: that is a deliberate choice, confirmed, never a default."""
        if key.sources is not None:
            return None, False  # the .pem file names its sources itself
        everything = self.tr("Toutes les sources")
        box = QInputDialog(self)
        box.setWindowTitle(self.tr("Sources de cette clé"))
        box.setLabelText(
            self.tr(
                "Pour quelle source la clé {key_id} signe-t-elle les exportations ? "
                "Choisissez ou tapez l'identifiant de la source."
            ).format(key_id=key.key_id)
        )
        box.setComboBoxItems([s.id for s in self.library.sources() if not s.is_demo] + [everything])
        box.setComboBoxEditable(True)
        box.setTextValue("")
        accepted = box.exec() == QDialog.DialogCode.Accepted
        choice = box.textValue().strip()
        box.deleteLater()
        if not accepted or not choice:
            return None
        if choice != everything:
            return choice, False
        question = self.tr(
            "Faire confiance à la clé {key_id} pour toutes les sources ? Elle pourra signer "
            "toute source qui n'est pas déjà liée à une autre clé."
        ).format(key_id=key.key_id)
        if not ask_confirmation(self, everything, question):
            return None
        return None, True

    def remove_key(self) -> None:
        """Stop trusting the selected key (user-added keys only)."""
        item = self.keys_tree.currentItem()
        key_id = item.data(0, KEY_ROLE) if item is not None else None
        if not key_id:
            return
        question = self.tr(
            "Ne plus faire confiance à la clé {key_id} ? Les exportations signées par elle "
            "seront refusées."
        ).format(key_id=key_id)
        if not ask_confirmation(self, self.tr("Retirer la clé"), question):
            return
        self.jobs.write(lambda: self.library.remove_trusted_key(key_id)).on_done(
            lambda _r: self._changed(self.tr("Clé {key_id} retirée.").format(key_id=key_id))
        ).on_error(self._on_error)

    # -- general ----------------------------------------------------------------------

    def _save_attachments(self) -> None:
        value = self.attachments_spin.value() * MIB
        self._set(settings.ATTACHMENTS_MAX_AUTO, value)

    def _save_language(self) -> None:
        self._set(settings.UI_LANGUAGE, self.language_combo.currentData())

    def _save_theme(self) -> None:
        theme = self.theme_combo.currentData()
        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            apply_theme(app, theme)
        self._set(settings.UI_THEME, theme)

    def _set(self, key: settings.SettingKey[Any], value: Any) -> None:
        if self.library.get_setting(key) == value:
            return
        self.jobs.write(lambda: self.library.set_setting(key, value)).on_done(
            lambda _r: self._changed(None)
        ).on_error(self._on_error)

    def open_data_folder(self) -> None:
        """Show the data folder in the system's file manager."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.folder))):
            self._show_message(
                self.tr("Impossible d'ouvrir le dossier {path}").format(path=self.library.folder),
                error=True,
            )

    def remove_demo(self) -> None:
        """Remove the demonstration library (annotated entries stay, marked withdrawn)."""
        question = self.tr(
            "Retirer la bibliothèque de démonstration ? Les fiches que vous avez annotées "
            "restent lisibles, marquées retirées ; elle ne reviendra pas au prochain démarrage."
        )
        if not ask_confirmation(self, self.tr("Retirer la démonstration"), question):
            return
        from rtes_desktop.core.demo import remove_demo

        self.jobs.write(lambda: remove_demo(self.library)).on_done(
            lambda _r: self._content_changed()
        ).on_error(self._on_error)

    # -- helpers ----------------------------------------------------------------------

    def _changed(self, message: str | None) -> None:
        self.refresh()
        if message:
            self._show_message(message)
        self.settings_changed.emit()

    def _content_changed(self) -> None:
        self._changed(self.tr("Bibliothèque mise à jour."))
        self.library_changed.emit()

    def _on_error(self, exc: BaseException) -> None:
        if not isinstance(exc, RtesError):
            log.error("settings change failed", exc_info=exc)
        self._show_message(str(exc), error=True)
        self.refresh()

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("QLabel { color: #b02a37; }" if error else "")
        self.message.setText(text)
        self.message.show()

    @staticmethod
    def _select_data(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def done(self, result: Any) -> None:  # noqa: D401 - Qt API
        self._save_attachments()  # a value typed but not confirmed with Enter
        self.jobs.drain(WRITE, 10.0)
        super().done(result)
