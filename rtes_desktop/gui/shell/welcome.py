"""The welcome shown on a first start: what the application does, and how to add the
network's source. Aide › Premiers pas shows it again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.paths import resources_dir


class WelcomeDialog(QDialog):
    """A short, calm page; « Ajouter la source du réseau… » leads to the settings."""

    add_source_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, seeded: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle(self.tr("Bienvenue"))
        self.setAccessibleName(self.tr("Bienvenue"))
        self.setAccessibleDescription(self.tr("Présentation de l’application et premiers pas"))
        self.setModal(True)
        self.setMinimumWidth(640)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 18)
        layout.setSpacing(10)

        head = QHBoxLayout()
        head.setSpacing(16)
        icon = QLabel(self)
        pixmap = QPixmap(str(resources_dir() / "icons" / "rtes-desktop-64.png"))
        if not pixmap.isNull():
            icon.setPixmap(pixmap)
            icon.setFixedSize(64, 64)
            icon.setAccessibleName(self.tr("Logo de l’application"))
            head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(self.tr("Bienvenue dans la bibliothèque du RTES"), self)
        title.setObjectName("welcomeTitle")
        head.addWidget(title, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(head)

        library_line = (
            self.tr(
                "Les ressources que votre service a préparées sont déjà chargées : "
                "tapez un mot dans la barre de recherche (Ctrl+K)."
            )
            if seeded
            else self.tr(
                "Une <b>bibliothèque de démonstration</b> est déjà chargée : tapez un mot "
                "dans la barre de recherche (Ctrl+K), par exemple « SCIC » ou « commande "
                "publique », ou parcourez les thèmes à gauche."
            )
        )
        text = QLabel(self)
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setText(
            "<p style='margin-top:0'>"
            + self.tr(
                "Cette application rassemble, <b>hors ligne</b>, les ressources du Réseau des "
                "collectivités Territoriales pour une Économie Solidaire : guides RepèrESS, "
                "fiches Points de RepèrESS, comptes-rendus de webinaires, questions juridiques."
            )
            + "</p><p>"
            + library_line
            + "</p><p>"
            + self.tr(
                "À côté de chaque ressource, prenez des <b>notes</b> et ajoutez vos propres "
                "<b>tags</b> : ils restent sur cet ordinateur et aucune synchronisation ne les "
                "modifie."
            )
            + "</p><p><b>"
            + self.tr("Recevoir les ressources du réseau")
            + "</b><br/>"
            + self.tr(
                "Fichier › Paramètres › Sources : ajoutez l’adresse communiquée par le RTES, "
                "puis Synchroniser (F5). Sans connexion, un fichier .zip sur une clé USB "
                "suffit : Fichier › Synchroniser depuis un fichier…, ou glissez-le sur la "
                "fenêtre."
            )
            + "</p>"
        )
        text.setAccessibleName(self.tr("Présentation"))
        layout.addWidget(text)

        buttons = QHBoxLayout()
        self.add_source_button = QPushButton(self.tr("Ajouter la source du réseau…"), self)
        self.add_source_button.setAccessibleDescription(
            self.tr("Ouvre les paramètres, à l’onglet des sources")
        )
        self.start_button = QPushButton(self.tr("Commencer"), self)
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription(self.tr("Ferme cette présentation"))
        buttons.addStretch(1)
        buttons.addWidget(self.add_source_button)
        buttons.addWidget(self.start_button)
        self.add_source_button.clicked.connect(self._add_source)
        self.start_button.clicked.connect(self.accept)
        layout.addLayout(buttons)
        self.start_button.setFocus()

    def _add_source(self) -> None:
        self.accept()
        self.add_source_requested.emit()
