"""Every command of the window as a QAction with its shortcut, in the menus
(Fichier, Édition, Affichage, Bibliothèque, Aide) and, for the frequent ones, in
the toolbar. Menus show the shortcuts, so the keyboard way is always visible."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QStyle

from rtes_desktop.gui.shell import help_dialogs


class WindowActions:
    """The QActions of a main window, connected to its methods."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        style = window.style()
        sp = QStyle.StandardPixmap

        def act(
            text: str,
            slot: Callable[..., Any] | None,
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
            if slot is not None:
                a.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
            window.addAction(a)  # shortcuts work even with the menu bar hidden
            return a

        w: Any = window
        # Fichier
        self.sync = act(
            QCoreApplication.translate("WindowActions", "&Synchroniser"),
            w.dialogs.sync_now,
            ["F5"],
            tip=QCoreApplication.translate(
                "WindowActions", "Mettre à jour la bibliothèque depuis ses sources"
            ),
            icon=sp.SP_BrowserReload,
        )
        self.sync_file = act(
            QCoreApplication.translate("WindowActions", "Synchroniser depuis un &fichier…"),
            w.dialogs.sync_from_file,
            ["Ctrl+O"],
            tip=QCoreApplication.translate(
                "WindowActions", "Synchroniser depuis un export .zip (une clé USB, par exemple)"
            ),
        )
        self.settings = act(
            QCoreApplication.translate("WindowActions", "&Paramètres…"),
            w.dialogs.open_settings,
            [QKeySequence.StandardKey.Preferences, "Ctrl+,"],
            tip=QCoreApplication.translate(
                "WindowActions", "Sources, pièces jointes, langue, dossier de données"
            ),
        )
        self.quit = act(
            QCoreApplication.translate("WindowActions", "&Quitter"),
            w.close,
            [QKeySequence.StandardKey.Quit, "Ctrl+Q"],
        )
        # Édition
        self.find = act(
            QCoreApplication.translate("WindowActions", "&Rechercher"),
            w.focus_search,
            ["Ctrl+K", QKeySequence.StandardKey.Find],
            tip=QCoreApplication.translate("WindowActions", "Aller au champ de recherche"),
        )
        self.new_note = act(
            QCoreApplication.translate("WindowActions", "&Nouvelle note"),
            w.new_note,
            ["Ctrl+N"],
            tip=QCoreApplication.translate(
                "WindowActions", "Écrire une note sur la ressource ouverte"
            ),
        )
        self.edit_tags = act(
            QCoreApplication.translate("WindowActions", "&Tags de la ressource"),
            w.focus_tags,
            ["Ctrl+T"],
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter ou retirer vos tags sur la ressource ouverte"
            ),
        )
        # Affichage
        self.back = act(
            QCoreApplication.translate("WindowActions", "&Précédent"),
            w.go_back,
            ["Alt+Left", QKeySequence.StandardKey.Back],
            tip=QCoreApplication.translate("WindowActions", "Revenir à la ressource précédente"),
            icon=sp.SP_ArrowBack,
        )
        self.forward = act(
            QCoreApplication.translate("WindowActions", "&Suivant"),
            w.go_forward,
            ["Alt+Right", QKeySequence.StandardKey.Forward],
            tip=QCoreApplication.translate("WindowActions", "Aller à la ressource suivante"),
            icon=sp.SP_ArrowForward,
        )
        self.sort_group = QActionGroup(window)
        self.sort_relevance = act(
            QCoreApplication.translate("WindowActions", "Trier par &pertinence"),
            lambda c: w.set_sort("relevance"),
            ["Ctrl+1"],
            checkable=True,
        )
        self.sort_date = act(
            QCoreApplication.translate("WindowActions", "Trier par &date"),
            lambda c: w.set_sort("date"),
            ["Ctrl+2"],
            checkable=True,
        )
        for a in (self.sort_relevance, self.sort_date):
            self.sort_group.addAction(a)
        self.show_sidebar = act(
            QCoreApplication.translate("WindowActions", "&Barre latérale"),
            w.set_sidebar_visible,
            ["Ctrl+B"],
            checkable=True,
        )
        self.show_notes = act(
            QCoreApplication.translate("WindowActions", "Panneau des &notes"),
            w.set_notes_visible,
            ["Ctrl+Shift+P"],
            checkable=True,
        )
        self.next_pane = act(
            QCoreApplication.translate("WindowActions", "Panneau suiva&nt"),
            w.focus_next_pane,
            ["F6"],
            tip=QCoreApplication.translate("WindowActions", "Passer d’un panneau à l’autre"),
        )
        self.zoom_in = act(
            QCoreApplication.translate("WindowActions", "A&grandir le texte"),
            w.zoom_in,
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
        )
        self.zoom_out = act(
            QCoreApplication.translate("WindowActions", "&Réduire le texte"),
            w.zoom_out,
            [QKeySequence.StandardKey.ZoomOut],
        )
        self.zoom_reset = act(
            QCoreApplication.translate("WindowActions", "&Taille normale du texte"),
            w.zoom_reset,
            ["Ctrl+0"],
        )
        # Bibliothèque
        self.all_entries = act(
            QCoreApplication.translate("WindowActions", "&Toutes les ressources"),
            w.show_all,
            ["Ctrl+Shift+A"],
            tip=QCoreApplication.translate("WindowActions", "Retirer tous les filtres"),
        )
        self.my_notes = act(
            QCoreApplication.translate("WindowActions", "&Mes notes"),
            w.show_my_notes,
            ["Ctrl+Shift+M"],
        )
        self.my_sessions = act(
            QCoreApplication.translate("WindowActions", "Mes &sessions"),
            w.sessions.show,
            ["Ctrl+Shift+E"],
            tip=QCoreApplication.translate(
                "WindowActions", "Vos sessions de formation : fiches et notes dans l’ordre"
            ),
        )
        self.add_to_session = act(
            QCoreApplication.translate("WindowActions", "&Ajouter à une session…"),
            w.sessions.add_current_entry,
            ["Ctrl+Shift+S"],
            tip=QCoreApplication.translate(
                "WindowActions", "Ajouter la ressource ouverte à une session de formation"
            ),
        )
        self.clear_filters = act(
            QCoreApplication.translate("WindowActions", "&Effacer les filtres"),
            w.clear_filters,
            ["Ctrl+Shift+Backspace"],
        )
        self.manage_tags = act(
            QCoreApplication.translate("WindowActions", "&Gérer mes tags…"),
            w.dialogs.manage_tags,
            ["Ctrl+Shift+T"],
        )
        self.rebuild_index = act(
            QCoreApplication.translate("WindowActions", "&Reconstruire l’index de recherche"),
            w.rebuild_index,
            tip=QCoreApplication.translate(
                "WindowActions",
                "Refaire l’index depuis la bibliothèque (quelques secondes à quelques minutes)",
            ),
        )
        # Aide
        self.welcome = act(
            QCoreApplication.translate("WindowActions", "&Premiers pas"), w.show_welcome
        )
        self.shortcuts = act(
            QCoreApplication.translate("WindowActions", "&Raccourcis clavier"),
            lambda: help_dialogs.shortcuts_box(window, self.all()).open(),
            ["F1"],
        )
        self.open_log = act(
            QCoreApplication.translate("WindowActions", "Ouvrir le fichier &journal"),
            lambda: help_dialogs.open_log_file(w),
        )
        self.open_data = act(
            QCoreApplication.translate("WindowActions", "Ouvrir le &dossier de données"),
            lambda: help_dialogs.open_data_folder(w),
        )
        self.about = act(
            QCoreApplication.translate("WindowActions", "À &propos"),
            lambda: help_dialogs.about_box(w, w.data_dir, w.log_path).open(),
        )

    def build_menus(self, bar: QMenuBar) -> None:
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Fichier"))
        m.addActions([self.sync, self.sync_file])
        m.addSeparator()
        m.addAction(self.settings)
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "É&dition"))
        m.addActions([self.find, self.new_note, self.edit_tags])
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Affichage"))
        m.addActions([self.back, self.forward])
        m.addSeparator()
        m.addActions([self.sort_relevance, self.sort_date])
        m.addSeparator()
        m.addActions([self.show_sidebar, self.show_notes, self.next_pane])
        m.addSeparator()
        m.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        m = bar.addMenu(QCoreApplication.translate("WindowActions", "&Bibliothèque"))
        m.addActions([self.all_entries, self.my_notes, self.my_sessions, self.clear_filters])
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
