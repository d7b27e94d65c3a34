"""The small dialogs of « Mes sessions »: a name or a text to type, and the
confirmation before deleting a session (the export is the handout's dialog,
gui/handout). Each is opened window-modal
with `open()` (no nested event loop, so writes and repaints go on) and returned,
so the view can keep it as `dialog` for tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    initial: str,
    on_ok: Callable[[str], None],
    *,
    multiline: bool = False,
    allow_empty: bool = False,
) -> QInputDialog:
    """A line (or, `multiline`, a few lines) of text; `on_ok(text)` unless blank."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    # The label is the text field's buddy, so « & » marks a shortcut letter and
    # vanishes (« Filières & ESS » read « Filières  ESS »): doubled, it shows.
    dialog.setLabelText(label.replace("&", "&&"))
    dialog.setAccessibleName(title)
    for child in dialog.findChildren(QLabel):
        child.setWordWrap(True)  # « Votre commentaire sur « a long title » : » stays narrow
    if multiline:
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.resize(460, 300)
    else:
        dialog.resize(420, dialog.sizeHint().height())
    dialog.setTextValue(initial)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted(text: str) -> None:
        if text.strip() or allow_empty:
            on_ok(text)

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog


def confirm_delete(parent: QWidget, name: str, on_delete: Callable[[], None]) -> QMessageBox:
    """« Supprimer la session « name » ? », « Annuler » by default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("SessionDialogs", "Supprimer la session"),
        QCoreApplication.translate("SessionDialogs", "Supprimer la session « {name} » ?").format(
            name=name
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "SessionDialogs",
            "La session et vos commentaires sur ses éléments seront supprimés. Les fiches "
            "et vos notes restent dans la bibliothèque.",
        )
    )
    delete = box.addButton(
        QCoreApplication.translate("SessionDialogs", "Supprimer"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = box.addButton(
        QCoreApplication.translate("SessionDialogs", "Annuler"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAccessibleName(QCoreApplication.translate("SessionDialogs", "Supprimer la session"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: on_delete() if box.clickedButton() is delete else None)
    box.open()
    return box
