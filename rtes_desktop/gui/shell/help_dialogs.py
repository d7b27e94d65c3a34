"""Aide: « À propos » (version, licence), the keyboard shortcuts, and opening the log
file or the data folder with the system's file manager."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from rtes_desktop import __version__


def about_box(parent: QWidget, data_dir: Path, log_path: Path) -> QMessageBox:
    """The « À propos » box (not yet shown: call .open())."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Help", "À propos de la bibliothèque RTES"))
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setTextFormat(box.textFormat().RichText)
    box.setText(
        "<h3>" + html.escape(QCoreApplication.translate("Help", "Bibliothèque RTES")) + "</h3>"
        f"<p>{html.escape(QCoreApplication.translate('Help', 'Version'))} {html.escape(__version__)}</p>"
        "<p>"
        + html.escape(
            QCoreApplication.translate(
                "Help",
                "Les ressources du Réseau des collectivités Territoriales pour une Économie "
                "Solidaire, hors ligne : recherche, notes, tags et synchronisation signée.",
            )
        )
        + "</p><p>"
        + html.escape(
            QCoreApplication.translate(
                "Help",
                "Logiciel libre sous licence EUPL-1.2 (Licence publique de l’Union européenne).",
            )
        )
        + "</p><p style='color:gray'>"
        + html.escape(
            QCoreApplication.translate("Help", "Dossier de données : {0}").format(data_dir)
        )
        + "<br/>"
        + html.escape(QCoreApplication.translate("Help", "Fichier journal : {0}").format(log_path))
        + "</p>"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setAccessibleName(QCoreApplication.translate("Help", "À propos"))
    return box


#: Keys that act inside one part of the window (not menu actions), for F1. Key names
#: come from Qt (« Échap » in French, « Esc » in English: its own translations).
WIDGET_KEYS: list[tuple[tuple[str, ...], str]] = [
    (("Down",), QT_TRANSLATE_NOOP("Help", "Recherche : aller aux résultats")),
    (("Tab",), QT_TRANSLATE_NOOP("Help", "Recherche : parcourir les suggestions affichées")),
    (
        ("Return",),
        QT_TRANSLATE_NOOP("Help", "Recherche : chercher, ou prendre la suggestion choisie"),
    ),
    (
        ("Esc",),
        QT_TRANSLATE_NOOP("Help", "Fermer ce qui est ouvert ; deux fois : effacer la recherche"),
    ),
    (("Up", "Down"), QT_TRANSLATE_NOOP("Help", "Résultats : passer d'une fiche à l'autre")),
    (("Return",), QT_TRANSLATE_NOOP("Help", "Résultats : ouvrir la fiche")),
    (
        ("Tab", "Shift+Tab"),
        QT_TRANSLATE_NOOP("Help", "Passer d'une zone à la suivante, à la précédente"),
    ),
    (("Ctrl+Shift+N",), QT_TRANSLATE_NOOP("Help", "Notes : nouvelle note")),
    (("Ctrl+Z",), QT_TRANSLATE_NOOP("Help", "Notes, sessions : annuler la suppression")),
    (("F2",), QT_TRANSLATE_NOOP("Help", "Sessions : renommer la session, commenter l'élément")),
    (("Alt+Up", "Alt+Down"), QT_TRANSLATE_NOOP("Help", "Sessions : monter, descendre l'élément")),
    (("Del",), QT_TRANSLATE_NOOP("Help", "Sessions : retirer l'élément")),
    (("Ctrl+E",), QT_TRANSLATE_NOOP("Help", "Sessions : exporter la session")),
]


def shortcuts_box(parent: QWidget, actions: list[QAction]) -> QMessageBox:
    """Every action that has a shortcut, then the keys of each part, in a table."""
    rows = []
    for action in actions:
        keys = [
            s.toString(QKeySequence.SequenceFormat.NativeText)
            for s in action.shortcuts()
            if not s.isEmpty()
        ]
        if keys:
            label = action.text().replace("&", "").replace("…", "")
            rows.append(
                f"<tr><td>{html.escape(label)}</td><td>&nbsp;&nbsp;</td>"
                f"<td><b>{html.escape(', '.join(keys))}</b></td></tr>"
            )
    for keys, label in WIDGET_KEYS:
        names = ", ".join(
            QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys
        )
        rows.append(
            f"<tr><td>{html.escape(QCoreApplication.translate('Help', label))}</td>"
            f"<td>&nbsp;&nbsp;</td><td><b>{html.escape(names)}</b></td></tr>"
        )
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Help", "Raccourcis clavier"))
    box.setTextFormat(box.textFormat().RichText)
    box.setText("<table>" + "".join(rows) + "</table>")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setAccessibleName(QCoreApplication.translate("Help", "Raccourcis clavier"))
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's application."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def open_log_file(log_path: Path, say: Callable[[str], None]) -> None:
    """Aide › Ouvrir le fichier journal (`say` its path if nothing can open it)."""
    if not log_path.is_file():
        log_path.touch()
    if not open_path(log_path):
        say(QCoreApplication.translate("Help", "Le fichier journal est ici : {0}").format(log_path))


def open_data_folder(data_dir: Path, say: Callable[[str], None]) -> None:
    """Aide › Ouvrir le dossier de données."""
    if not open_path(data_dir):
        say(
            QCoreApplication.translate("Help", "Le dossier de données est ici : {0}").format(
                data_dir
            )
        )
