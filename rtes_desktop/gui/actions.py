"""Every command of the window as a QAction with its shortcut, in the menus
(Fichier, Édition, Affichage, Bibliothèque, Aide) and, for the frequent ones, in
the toolbar. Menus show the shortcuts, so the keyboard way is always visible."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QStyle

from rtes_desktop.gui import help_dialogs


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowActions", text)


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
            _tr("&Synchroniser"),
            w.dialogs.sync_now,
            ["F5"],
            tip=_tr("Mettre à jour la bibliothèque depuis ses sources"),
            icon=sp.SP_BrowserReload,
        )
        self.sync_file = act(
            _tr("Synchroniser depuis un &fichier…"),
            w.dialogs.sync_from_file,
            ["Ctrl+O"],
            tip=_tr("Synchroniser depuis un export .zip (une clé USB, par exemple)"),
        )
        self.settings = act(
            _tr("&Paramètres…"),
            w.dialogs.open_settings,
            [QKeySequence.StandardKey.Preferences, "Ctrl+,"],
            tip=_tr("Sources, pièces jointes, langue, dossier de données"),
        )
        self.quit = act(_tr("&Quitter"), w.close, [QKeySequence.StandardKey.Quit, "Ctrl+Q"])
        # Édition
        self.find = act(
            _tr("&Rechercher"),
            w.focus_search,
            ["Ctrl+K", QKeySequence.StandardKey.Find],
            tip=_tr("Aller au champ de recherche"),
        )
        self.new_note = act(
            _tr("&Nouvelle note"),
            w.new_note,
            ["Ctrl+N"],
            tip=_tr("Écrire une note sur la ressource ouverte"),
        )
        self.edit_tags = act(
            _tr("&Tags de la ressource"),
            w.focus_tags,
            ["Ctrl+T"],
            tip=_tr("Ajouter ou retirer vos tags sur la ressource ouverte"),
        )
        # Affichage
        self.back = act(
            _tr("&Précédent"),
            w.go_back,
            ["Alt+Left", QKeySequence.StandardKey.Back],
            tip=_tr("Revenir à la ressource précédente"),
            icon=sp.SP_ArrowBack,
        )
        self.forward = act(
            _tr("&Suivant"),
            w.go_forward,
            ["Alt+Right", QKeySequence.StandardKey.Forward],
            tip=_tr("Aller à la ressource suivante"),
            icon=sp.SP_ArrowForward,
        )
        self.sort_group = QActionGroup(window)
        self.sort_relevance = act(
            _tr("Trier par &pertinence"),
            lambda c: w.set_sort("relevance"),
            ["Ctrl+1"],
            checkable=True,
        )
        self.sort_date = act(
            _tr("Trier par &date"), lambda c: w.set_sort("date"), ["Ctrl+2"], checkable=True
        )
        for a in (self.sort_relevance, self.sort_date):
            self.sort_group.addAction(a)
        self.show_sidebar = act(
            _tr("&Barre latérale"), w.set_sidebar_visible, ["Ctrl+B"], checkable=True
        )
        self.show_notes = act(
            _tr("Panneau des &notes"), w.set_notes_visible, ["Ctrl+Shift+P"], checkable=True
        )
        self.next_pane = act(
            _tr("Panneau suiva&nt"),
            w.focus_next_pane,
            ["F6"],
            tip=_tr("Passer d’un panneau à l’autre"),
        )
        self.zoom_in = act(
            _tr("A&grandir le texte"), w.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="]
        )
        self.zoom_out = act(
            _tr("&Réduire le texte"), w.zoom_out, [QKeySequence.StandardKey.ZoomOut]
        )
        self.zoom_reset = act(_tr("&Taille normale du texte"), w.zoom_reset, ["Ctrl+0"])
        # Bibliothèque
        self.all_entries = act(
            _tr("&Toutes les ressources"),
            w.show_all,
            ["Ctrl+Shift+A"],
            tip=_tr("Retirer tous les filtres"),
        )
        self.my_notes = act(_tr("&Mes notes"), w.show_my_notes, ["Ctrl+Shift+M"])
        self.clear_filters = act(
            _tr("&Effacer les filtres"), w.clear_filters, ["Ctrl+Shift+Backspace"]
        )
        self.manage_tags = act(_tr("&Gérer mes tags…"), w.dialogs.manage_tags, ["Ctrl+Shift+T"])
        self.rebuild_index = act(
            _tr("&Reconstruire l’index de recherche"),
            w.rebuild_index,
            tip=_tr(
                "Refaire l’index depuis la bibliothèque (quelques secondes à quelques minutes)"
            ),
        )
        # Aide
        self.welcome = act(_tr("&Premiers pas"), w.show_welcome)
        self.shortcuts = act(
            _tr("&Raccourcis clavier"),
            lambda: help_dialogs.shortcuts_box(window, self.all()).open(),
            ["F1"],
        )
        self.open_log = act(
            _tr("Ouvrir le fichier &journal"), lambda: help_dialogs.open_log_file(w)
        )
        self.open_data = act(
            _tr("Ouvrir le &dossier de données"), lambda: help_dialogs.open_data_folder(w)
        )
        self.about = act(
            _tr("À &propos"), lambda: help_dialogs.about_box(w, w.data_dir, w.log_path).open()
        )

    def build_menus(self, bar: QMenuBar) -> None:
        m = bar.addMenu(_tr("&Fichier"))
        m.addActions([self.sync, self.sync_file])
        m.addSeparator()
        m.addAction(self.settings)
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu(_tr("É&dition"))
        m.addActions([self.find, self.new_note, self.edit_tags])
        m = bar.addMenu(_tr("&Affichage"))
        m.addActions([self.back, self.forward])
        m.addSeparator()
        m.addActions([self.sort_relevance, self.sort_date])
        m.addSeparator()
        m.addActions([self.show_sidebar, self.show_notes, self.next_pane])
        m.addSeparator()
        m.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        m = bar.addMenu(_tr("&Bibliothèque"))
        m.addActions([self.all_entries, self.my_notes, self.clear_filters])
        m.addSeparator()
        m.addAction(self.manage_tags)
        m.addSeparator()
        m.addAction(self.rebuild_index)
        m = bar.addMenu(_tr("Aid&e"))
        m.addActions([self.welcome, self.shortcuts])
        m.addSeparator()
        m.addActions([self.open_log, self.open_data])
        m.addSeparator()
        m.addAction(self.about)

    def all(self) -> list[QAction]:
        return [a for a in vars(self).values() if isinstance(a, QAction)]
