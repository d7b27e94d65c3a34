"""Qt's own dialogs speak the interface's language (issue 13, item 8): the file
dialog's words come from qtbase's catalog, loaded with the window's language. (Where
the platform has native dialogs the application uses them; offscreen, Qt's own.)"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from rtes_desktop.gui.common import i18n


@pytest.fixture
def language(qapp):
    def use(lang: str) -> None:
        i18n.install_translator(qapp, lang)

    yield use
    i18n.remove_translators(qapp)


def words_of(dialog: QFileDialog) -> set[str]:
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    box = dialog.findChild(QDialogButtonBox)
    buttons = {b.text() for b in box.buttons()} if box else set()
    return labels | buttons


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [("fr", "Annuler", "Cancel"), ("en", "Cancel", "Annuler")],
)
def test_the_file_dialog_in_the_interface_language(qtbot, language, lang, expected, foreign):
    language(lang)
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, to read it
    qtbot.addWidget(dialog)
    words = words_of(dialog)
    assert expected in words and foreign not in words, words
