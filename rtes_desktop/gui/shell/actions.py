"""Every command of the window as a QAction with its shortcut, in the menus
(Fichier, Édition, Affichage, Bibliothèque, Aide) and, for the frequent ones, in
the toolbar. Menus show the shortcuts, so the keyboard way is always visible.

The actions know nothing of what they do: the window binds each to the part that
handles it (`bind`), so this module needs no window to reach into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMenuBar,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)


class WindowActions:
    """The QActions of a main window (their shortcuts work with the menu bar hidden)."""

    def __init__(self, window: QMainWindow) -> None:
        style = window.style()
        sp = QStyle.StandardPixmap

        def act(
            text: str,
            shortcuts: list[Any] | None = None,
            *,
            tip: str = "",
            icon: Any = None,
            checkable: bool = False,
        ) -> QAction:
            a = QAction(text, window)
            if shortcuts:
                # One key sequence twice on an action makes Qt call it ambiguous:
                # platform bindings often repeat the explicit ones, so dedupe.
                seqs: dict[str, QKeySequence] = {}
                for s in shortcuts:
                    seq = QKeySequence(s)
                    if not seq.isEmpty():
                        seqs.setdefault(seq.toString(), seq)
                a.setShortcuts(list(seqs.values()))
            if tip:
                a.setStatusTip(tip)
                a.setToolTip(
                    f"{tip} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                    if shortcuts
                    else tip
                )
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.setCheckable(checkable)
            window.addAction(a)  # shortcuts work even with the menu bar hidden
            return a

        # Fichier
        self.sync = act(
            QCoreApplication.translate("WindowActions", "&Synchroniser"),
            ["F5"],
            tip=QCoreApplication.translate(
                "WindowActions", "Mettre à jour la bibliothèque depuis ses sources"
            ),
            icon=sp.SP_BrowserReload,
        )
        self.sync_file = act(
            QCoreApplication.translate("WindowActions", "Synchroniser depuis un &fichier…"),
            ["Ctrl+O"],
            tip=QCoreApplication.translate(
                "WindowActions", "Synchroniser depuis un export .zip (une clé USB, par exemple)"
            ),
        )
        self.restore_backup = act(
            QCoreApplication.translate("WindowActions", "&Restaurer une sauvegarde…"),
            tip=QCoreApplication.translate(
                "WindowActions",
                "Revenir à l’état de vos notes, tags et sessions d’un jour précédent",
            ),
        )
        self.export_data = act(
            QCoreApplication.translate("WindowActions", "&Exporter mes données…"),
            tip=QCoreApplication.translate(
                "WindowActions",
                "Écrire vos notes, tags et sessions dans un fichier, pour un autre ordinateur",
            ),
        )
        self.import_data = act(
            QCoreApplication.translate("WindowActions", "&Importer mes données…"),
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter les notes, tags et sessions d’un fichier exporté"
            ),
        )
        self.settings = act(
            QCoreApplication.translate("WindowActions", "&Paramètres…"),
            [QKeySequence.StandardKey.Preferences, "Ctrl+,"],
            tip=QCoreApplication.translate(
                "WindowActions", "Sources, pièces jointes, langue, dossier de données"
            ),
        )
        # The trainer's outputs (issue 11): print, PDF, the session kit.
        self.print_ = act(
            QCoreApplication.translate("WindowActions", "&Imprimer…"),
            [QKeySequence.StandardKey.Print, "Ctrl+P"],
            tip=QCoreApplication.translate(
                "WindowActions", "Aperçu puis impression de la fiche ou de la session affichée"
            ),
        )
        self.export_pdf = act(
            QCoreApplication.translate("WindowActions", "Exporter en &PDF…"),
            # Not Ctrl+Shift+E: « Mes sessions » had it first, and Qt runs neither of
            # two actions sharing a shortcut.
            ["Ctrl+Shift+X"],
            tip=QCoreApplication.translate(
                "WindowActions", "La fiche ouverte, ou le support de la session affichée, en PDF"
            ),
        )
        self.share_session = act(
            QCoreApplication.translate("WindowActions", "P&artager la session…"),
            tip=QCoreApplication.translate(
                "WindowActions", "Écrire un fichier .rtes-session à transmettre à un collègue"
            ),
        )
        self.import_session = act(
            QCoreApplication.translate("WindowActions", "Importer une sess&ion…"),
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter à « Mes sessions » une session reçue (.rtes-session)"
            ),
        )
        self.quit = act(
            QCoreApplication.translate("WindowActions", "&Quitter"),
            [QKeySequence.StandardKey.Quit, "Ctrl+Q"],
        )
        # Édition
        self.find = act(
            QCoreApplication.translate("WindowActions", "&Rechercher"),
            ["Ctrl+K", QKeySequence.StandardKey.Find],
            tip=QCoreApplication.translate("WindowActions", "Aller au champ de recherche"),
        )
        self.find_in_entry = act(
            QCoreApplication.translate("WindowActions", "Rechercher dans la &fiche"),
            ["F3"],
            tip=QCoreApplication.translate(
                "WindowActions",
                "Chercher des mots dans la fiche ouverte (Ctrl+F dans le lecteur ; "
                "F3 : suivant, Maj+F3 : précédent)",
            ),
        )
        self.find_previous = act(
            QCoreApplication.translate("WindowActions", "Occurrence &précédente dans la fiche"),
            ["Shift+F3"],
        )
        self.new_note = act(
            QCoreApplication.translate("WindowActions", "&Nouvelle note"),
            ["Ctrl+N"],
            tip=QCoreApplication.translate(
                "WindowActions", "Écrire une note sur la ressource ouverte"
            ),
        )
        self.edit_tags = act(
            QCoreApplication.translate("WindowActions", "&Tags de la ressource"),
            ["Ctrl+T"],
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter ou retirer vos tags sur la ressource ouverte"
            ),
        )
        # Affichage
        self.back = act(
            QCoreApplication.translate("WindowActions", "&Précédent"),
            ["Alt+Left", QKeySequence.StandardKey.Back],
            tip=QCoreApplication.translate("WindowActions", "Revenir à la ressource précédente"),
            icon=sp.SP_ArrowBack,
        )
        self.forward = act(
            QCoreApplication.translate("WindowActions", "&Suivant"),
            ["Alt+Right", QKeySequence.StandardKey.Forward],
            tip=QCoreApplication.translate("WindowActions", "Aller à la ressource suivante"),
            icon=sp.SP_ArrowForward,
        )
        self.reading_mode = act(
            QCoreApplication.translate("WindowActions", "Mode &lecture"),
            ["F11"],
            tip=QCoreApplication.translate(
                "WindowActions", "Le lecteur seul, sans les listes autour (Échap pour revenir)"
            ),
            checkable=True,
        )
        self.sort_group = QActionGroup(window)
        self.sort_relevance = act(
            QCoreApplication.translate("WindowActions", "Trier par &pertinence"),
            ["Ctrl+1"],
            checkable=True,
        )
        self.sort_date = act(
            QCoreApplication.translate("WindowActions", "Trier par &date"),
            ["Ctrl+2"],
            checkable=True,
        )
        for a in (self.sort_relevance, self.sort_date):
            self.sort_group.addAction(a)
        self.show_sidebar = act(
            QCoreApplication.translate("WindowActions", "&Barre latérale"),
            ["Ctrl+B"],
            checkable=True,
        )
        self.show_notes = act(
            QCoreApplication.translate("WindowActions", "Panneau des &notes"),
            ["Ctrl+Shift+P"],
            checkable=True,
        )
        self.next_pane = act(
            QCoreApplication.translate("WindowActions", "Panneau suiva&nt"),
            ["F6"],
            tip=QCoreApplication.translate("WindowActions", "Passer d’un panneau à l’autre"),
        )
        self.zoom_in = act(
            QCoreApplication.translate("WindowActions", "A&grandir le texte"),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
        )
        self.zoom_out = act(
            QCoreApplication.translate("WindowActions", "&Réduire le texte"),
            [QKeySequence.StandardKey.ZoomOut],
        )
        self.zoom_reset = act(
            QCoreApplication.translate("WindowActions", "&Taille normale du texte"),
            ["Ctrl+0"],
        )
        # Bibliothèque
        self.all_entries = act(
            QCoreApplication.translate("WindowActions", "&Toutes les ressources"),
            ["Ctrl+Shift+A"],
            tip=QCoreApplication.translate("WindowActions", "Retirer tous les filtres"),
        )
        self.news = act(
            QCoreApplication.translate("WindowActions", "&Nouveautés"),
            ["Ctrl+Shift+U"],
            tip=QCoreApplication.translate(
                "WindowActions", "Les fiches nouvelles et mises à jour par les synchronisations"
            ),
        )
        self.my_notes = act(
            QCoreApplication.translate("WindowActions", "&Mes notes"),
            ["Ctrl+Shift+M"],
        )
        self.my_sessions = act(
            QCoreApplication.translate("WindowActions", "Mes &sessions"),
            ["Ctrl+Shift+E"],
            tip=QCoreApplication.translate(
                "WindowActions", "Vos sessions de formation : fiches et notes dans l’ordre"
            ),
        )
        self.add_to_session = act(
            QCoreApplication.translate("WindowActions", "&Ajouter à une session…"),
            ["Ctrl+Shift+S"],
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter la ressource ouverte à une session de formation"
            ),
        )
        self.clear_filters = act(
            QCoreApplication.translate("WindowActions", "&Effacer les filtres"),
            ["Ctrl+Shift+Backspace"],
        )
        self.manage_tags = act(
            QCoreApplication.translate("WindowActions", "&Gérer mes tags…"),
            ["Ctrl+Shift+T"],
        )
        self.rebuild_index = act(
            QCoreApplication.translate("WindowActions", "&Reconstruire l’index de recherche"),
            tip=QCoreApplication.translate(
                "WindowActions",
                "Refaire l’index depuis la bibliothèque (quelques secondes à quelques minutes)",
            ),
        )
        # Aide
        self.welcome = act(QCoreApplication.translate("WindowActions", "&Premiers pas"))
        self.shortcuts = act(
            QCoreApplication.translate("WindowActions", "&Raccourcis clavier"),
            ["F1"],
        )
        self.open_log = act(
            QCoreApplication.translate("WindowActions", "Ouvrir le fichier &journal"),
        )
        self.open_data = act(
            QCoreApplication.translate("WindowActions", "Ouvrir le &dossier de données"),
        )
        self.about = act(
            QCoreApplication.translate("WindowActions", "À &propos"),
        )

    def build_menus(self, bar: QMenuBar) -> None:
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Fichier"))
        m.addActions([self.sync, self.sync_file])
        m.addSeparator()
        m.addActions([self.print_, self.export_pdf])
        m.addActions([self.share_session, self.import_session])
        m.addSeparator()
        m.addActions([self.restore_backup, self.export_data, self.import_data])
        m.addSeparator()
        m.addAction(self.settings)
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "É&dition"))
        m.addActions([self.find, self.find_in_entry, self.find_previous])
        m.addSeparator()
        m.addActions([self.new_note, self.edit_tags])
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Affichage"))
        m.addActions([self.back, self.forward])
        m.addSeparator()
        m.addActions([self.sort_relevance, self.sort_date])
        m.addSeparator()
        m.addActions([self.show_sidebar, self.show_notes, self.reading_mode, self.next_pane])
        m.addSeparator()
        m.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Bibliothèque"))
        m.addActions(
            [self.all_entries, self.news, self.my_notes, self.my_sessions, self.clear_filters]
        )
        m.addSeparator()
        m.addActions([self.add_to_session, self.manage_tags])
        m.addSeparator()
        m.addAction(self.rebuild_index)
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "Aid&e"))
        m.addActions([self.welcome, self.shortcuts])
        m.addSeparator()
        m.addActions([self.open_log, self.open_data])
        m.addSeparator()
        m.addAction(self.about)

    def all(self) -> list[QAction]:
        return [a for a in vars(self).values() if isinstance(a, QAction)]

    def bind(self, slots: dict[QAction, Callable[..., Any]]) -> None:
        """Connect each action to what it does. Checkable actions pass their state."""
        for action, slot in slots.items():
            if action.isCheckable():
                action.triggered.connect(slot)
            else:
                action.triggered.connect(lambda _checked=False, s=slot: s())

    def toolbar(self, window: QMainWindow, search_bar: QWidget) -> QToolBar:
        """‹ › | the search field | Synchroniser, added to the top of `window`."""
        bar = QToolBar(QCoreApplication.translate("MainWindow", "Barre d’outils"), window)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addAction(self.back)
        bar.addAction(self.forward)
        search_bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        search_bar.setMaximumWidth(760)
        bar.addWidget(search_bar)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.sync)
        sync_button = bar.widgetForAction(self.sync)
        if isinstance(sync_button, QToolButton):
            sync_button.setObjectName("syncButton")
            sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            sync_button.setText(QCoreApplication.translate("MainWindow", "Synchroniser"))
            sync_button.setAccessibleName(
                QCoreApplication.translate("MainWindow", "Synchroniser (F5)")
            )
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar
