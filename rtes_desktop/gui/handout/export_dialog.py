"""« Exporter la session… »: one small dialog whose choices are remembered.

What it asks: the format (PDF, HTML or Markdown); full text or summary, for all the
fiches and then fiche by fiche; the trainer's comments included or kept private
(private by default); the free notes; the list of attachments; the trainer's name
and organisation for the title page. It says when fiches of the session changed
since they were added. It only asks: the caller exports (off the GUI thread) and
stores `remembered()` in the library's settings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.handout import FULL, SUMMARY, HandoutOptions
from rtes_desktop.core.session_view import SessionRow, changed_count

#: The library setting holding the remembered choices.
SETTING = "handout_export"
FORMATS = (("pdf", "PDF"), ("html", "HTML"), ("markdown", "Markdown"))
DEFAULTS: dict[str, Any] = {
    "format": "pdf",
    "full_text": True,
    "with_comments": False,
    "with_notes": True,
    "with_attachments": True,
    "trainer": "",
    "organisation": "",
    "items": {},  # session id (str) -> {item id (str): "full" | "summary"}
}


class HandoutDialog(QDialog):
    """The export dialog of one session. `preview_requested` asks for the print
    preview with the current choices (the dialog stays open)."""

    preview_requested = Signal()

    def __init__(
        self,
        session_id: int,
        name: str,
        rows: list[SessionRow],
        remembered: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_id = session_id
        self.rows = rows
        mem = {**DEFAULTS, **(remembered or {})}
        self._all_items: dict[str, dict[str, str]] = dict(mem.get("items") or {})
        own = self._all_items.get(str(session_id), {})
        self.setWindowTitle(self.tr("Exporter la session"))
        self.setAccessibleName(self.tr("Exporter la session"))
        layout = QVBoxLayout(self)

        title = QLabel(self.tr("Support de la session « {name} »").format(name=name))
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        changed = changed_count(rows)
        self.changed_label = QLabel(
            self.tr("⚠ {n} fiche(s) mise(s) à jour depuis leur ajout à la session").format(
                n=changed
            )
        )
        self.changed_label.setVisible(changed > 0)
        layout.addWidget(self.changed_label)

        form = QFormLayout()
        self.format_box = QComboBox()
        for key, label in FORMATS:
            self.format_box.addItem(label, key)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(mem["format"])))
        form.addRow(self.tr("&Format :"), self.format_box)
        self.trainer_edit = QLineEdit(str(mem["trainer"]))
        self.trainer_edit.setPlaceholderText(self.tr("facultatif"))
        form.addRow(self.tr("F&ormateur :"), self.trainer_edit)
        self.organisation_edit = QLineEdit(str(mem["organisation"]))
        self.organisation_edit.setPlaceholderText(self.tr("facultatif"))
        form.addRow(self.tr("Or&ganisme :"), self.organisation_edit)
        layout.addLayout(form)

        self.full_radio = QRadioButton(self.tr("Texte &intégral des fiches"))
        self.summary_radio = QRadioButton(self.tr("&Résumé seulement"))
        (self.full_radio if mem["full_text"] else self.summary_radio).setChecked(True)
        layout.addWidget(self.full_radio)
        layout.addWidget(self.summary_radio)
        layout.addWidget(QLabel(self.tr("Texte intégral, fiche par fiche :")))
        self.items_list = QListWidget()
        self.items_list.setAccessibleName(self.tr("Texte intégral, fiche par fiche"))
        for row in rows:
            if row.type != "entry" or row.missing:
                continue
            item = QListWidgetItem(row.title)
            item.setData(Qt.ItemDataRole.UserRole, row.item.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            mode = own.get(str(row.item.id), FULL if mem["full_text"] else SUMMARY)
            item.setCheckState(Qt.CheckState.Checked if mode == FULL else Qt.CheckState.Unchecked)
            self.items_list.addItem(item)
        self.items_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.items_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows_h = self.items_list.sizeHintForRow(0) if self.items_list.count() else 20
        self.items_list.setMaximumHeight(min(180, rows_h * max(2, self.items_list.count()) + 8))
        layout.addWidget(self.items_list)
        self.full_radio.toggled.connect(self._set_all)

        self.comments_box = QCheckBox(self.tr("Inclure mes &commentaires (privés sinon)"))
        self.comments_box.setChecked(bool(mem["with_comments"]))
        self.notes_box = QCheckBox(self.tr("Inclure les &notes libres"))
        self.notes_box.setChecked(bool(mem["with_notes"]))
        self.attachments_box = QCheckBox(self.tr("Lister les &pièces jointes"))
        self.attachments_box.setChecked(bool(mem["with_attachments"]))
        for box in (self.comments_box, self.notes_box, self.attachments_box):
            layout.addWidget(box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("&Exporter…"))
        self.preview_button = QPushButton(self.tr("&Aperçu avant impression…"))
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview_requested)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def _set_all(self, full: bool) -> None:
        state = Qt.CheckState.Checked if full else Qt.CheckState.Unchecked
        for i in range(self.items_list.count()):
            self.items_list.item(i).setCheckState(state)

    def item_modes(self) -> dict[int, str]:
        """Item id -> FULL or SUMMARY, as ticked."""
        out = {}
        for i in range(self.items_list.count()):
            item = self.items_list.item(i)
            full = item.checkState() == Qt.CheckState.Checked
            out[int(item.data(Qt.ItemDataRole.UserRole))] = FULL if full else SUMMARY
        return out

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> HandoutOptions:
        """The choices as the core takes them."""
        return HandoutOptions(
            full_text=self.full_radio.isChecked(),
            item_modes=self.item_modes(),
            with_comments=self.comments_box.isChecked(),
            with_notes=self.notes_box.isChecked(),
            with_attachments=self.attachments_box.isChecked(),
            trainer=self.trainer_edit.text().strip(),
            organisation=self.organisation_edit.text().strip(),
        )

    def remembered(self) -> dict[str, Any]:
        """What to store (setting SETTING) so that the dialog opens as it was left."""
        items = dict(self._all_items)
        items[str(self.session_id)] = {str(k): v for k, v in self.item_modes().items()}
        return {
            "format": self.format,
            "full_text": self.full_radio.isChecked(),
            "with_comments": self.comments_box.isChecked(),
            "with_notes": self.notes_box.isChecked(),
            "with_attachments": self.attachments_box.isChecked(),
            "trainer": self.trainer_edit.text().strip(),
            "organisation": self.organisation_edit.text().strip(),
            "items": items,
        }
