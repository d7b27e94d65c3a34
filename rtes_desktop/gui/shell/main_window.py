"""The main window: assembles the per-feature widgets and wires them together.

Sidebar | results (or « Mes notes ») | reader | notes and tags. Each part receives
the services it uses; the window only connects signals, owns the actions, and
remembers its state. It never runs long work itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from rtes_desktop import __version__
from rtes_desktop.core import settings
from rtes_desktop.core.library import Library
from rtes_desktop.core.machine_config import update_notice_enabled
from rtes_desktop.core.paths import LOG_FILE
from rtes_desktop.core.update_notice import update_notice
from rtes_desktop.gui.backup.upkeep import above
from rtes_desktop.gui.backup.window_backups import WindowBackups
from rtes_desktop.gui.common import icons
from rtes_desktop.gui.common.icons import app_icon
from rtes_desktop.gui.common.jobs import WRITE, Jobs
from rtes_desktop.gui.common.vocabulary import Vocabulary
from rtes_desktop.gui.handout.wiring import attach_handout, handout_controller
from rtes_desktop.gui.notes.column import add_column_section, notes_column
from rtes_desktop.gui.notes.notes_list import NotesListView
from rtes_desktop.gui.notes.tag_editor import ManageTagsDialog
from rtes_desktop.gui.reader.attachments import open_attachment
from rtes_desktop.gui.reader.reader_area import COMFORTABLE_CHARS, ReaderArea, chars_to_px
from rtes_desktop.gui.reader.reader_view import ReaderView
from rtes_desktop.gui.search.results_view import ResultsView
from rtes_desktop.gui.search.search_bar import SearchBar
from rtes_desktop.gui.search.search_controller import ResultsPage, SearchController
from rtes_desktop.gui.sessions.session_menu import WindowSessions
from rtes_desktop.gui.settings.settings_dialog import SettingsDialog
from rtes_desktop.gui.shell import help_dialogs
from rtes_desktop.gui.shell.actions import WindowActions
from rtes_desktop.gui.shell.reading import NewsPage, ReadingMode
from rtes_desktop.gui.shell.sidebar import NOTES, SESSIONS, Sidebar
from rtes_desktop.gui.shell.single_instance import location_argument
from rtes_desktop.gui.shell.status_bar import LibraryStatus
from rtes_desktop.gui.shell.welcome import WelcomeDialog
from rtes_desktop.gui.shell.window_state import WindowState, restore_window, save_window
from rtes_desktop.gui.sync.launcher import SyncLauncher, summary_of

log = logging.getLogger(__name__)

APP_TITLE = QT_TRANSLATE_NOOP("MainWindow", "Bibliothèque RTES")


def app_title() -> str:
    """The window's title in the interface language (« RTES Library » in English)."""
    return QCoreApplication.translate("MainWindow", APP_TITLE)


class MainWindow(QMainWindow):
    """The window. Public API for tests and the self-test: `search_field`,
    `run_search_now`, `results_count`, `result_keys`, `open_entry`,
    `reader_plain_text`, `current_entry_key`, `wait_idle`."""

    results_shown = Signal(int)  # the sequence number of the answer now shown

    def __init__(
        self,
        library: Library,
        search_service: Any | None,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The one job runner of the window: every part that works in the background
        # receives it (search, index, notes, tags, sessions, settings, sync, files).
        self.jobs = Jobs(self)
        self.library = library
        self.data_dir = Path(data_dir)
        self.log_path = self.data_dir / LOG_FILE
        self.state = WindowState(self.data_dir)
        self.vocabulary = Vocabulary.load(library)
        self.controller = SearchController(library, search_service, self.jobs, self)
        self._first_run: Callable[[], str] | None = None
        self._shown_seq = 0
        self._last_total = 0
        self.zoom_level = 0
        self.setObjectName("mainWindow")
        self.setWindowTitle(app_title())
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setAccessibleName(app_title())

        # Restore, export, import, the automatic backup, the recovery bar (issue 12).
        self.backups = WindowBackups(
            library,
            self.jobs,
            self,
            say=lambda m: self.statusBar().showMessage(m, 30000),
            sync_now=lambda: self.sync_launcher.sync_now(),
        )
        self._build_widgets()
        self.sync_launcher = SyncLauncher(library, self.jobs, search_service, self)
        self.installEventFilter(self.sync_launcher)  # a .zip dropped on the window syncs it
        self.actions_ = WindowActions(self)
        self._bind_actions()
        attach_handout(self)  # print, PDF, session kits, « À revérifier »
        self.actions_.build_menus(self.menuBar())
        self.toolbar = self.actions_.toolbar(self, self.search_bar)
        self.lib_status = LibraryStatus(self)
        self.statusBar().addPermanentWidget(self.lib_status)
        self._connect()
        self._apply_icons()
        self._split_restored = restore_window(self)
        self._sync_sort_actions()
        self.refresh_library_views()
        QTimer.singleShot(0, self._start)

    # -- assembly -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_bar = SearchBar(self)
        self.sidebar = Sidebar(self)
        self.results = ResultsView(self)
        self.results.set_vocabulary(self.vocabulary)
        self.center = QStackedWidget(self)
        self.center.addWidget(self.results)
        self.notes_list = NotesListView(self.library, self)
        self.notes_list.setAccessibleName(self.tr("Mes notes"))
        self.center.addWidget(self.notes_list)
        self.reader = ReaderView(self.library, self.jobs, self)
        self.reader.vocabulary = self.vocabulary
        self.notes_column, self.tag_editor, self.notes_panel = notes_column(
            self.library, self.jobs, self
        )
        # « Mes sessions », Ajouter à une session; its « Exporter la session… » is the
        # handout's export dialog, the same as Fichier › Exporter en PDF…
        self.handout = handout_controller(self)
        self.sessions = WindowSessions(
            self.library, self.jobs, self.reader, self.handout.export_session, self
        )
        self.sessions_view = self.sessions.view
        self.center.addWidget(self.sessions_view)
        add_column_section(self.notes_column, self.sessions.section, self.tag_editor)

        # The reader first: the notes column beside it while there is room, in a
        # drawer over it when there is not (gui/reader/reader_area.py).
        self.reader_area = ReaderArea(self.reader, self.notes_column, self)
        self.reader_split = self.reader_area.splitter
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.sidebar)
        self.main_split.addWidget(self.center)
        self.main_split.addWidget(self.reader_area)
        self.main_split.setStretchFactor(2, 1)
        self.main_split.setCollapsible(1, False)
        self.main_split.setCollapsible(2, False)
        self.main_split.setSizes([250, 440, 830])
        self.reader_split.setSizes([530, 300])
        self.setCentralWidget(above(self.backups.bar, self.main_split))
        self.news_page = NewsPage(self)
        self.news_view = self.news_page.view
        self.center.addWidget(self.news_view)
        self.reading = ReadingMode(self)

    def _connect(self) -> None:
        c, r = self.controller, self.results
        sb = self.search_bar
        # Tab follows the layout: the search field, the sidebar, then the results pane
        # (which chains its own sort, facets and list at each answer), the reader.
        QWidget.setTabOrder(sb, self.sidebar)
        QWidget.setTabOrder(self.sidebar, r.sort_box)
        # « Échap de nouveau pour effacer… » said where a screen reader reads it too.
        sb.escape_armed.connect(lambda message: self.statusBar().showMessage(message, 4000))
        sb.query_edited.connect(self._on_query_edited)
        sb.submitted.connect(lambda text: self._search_now(text))
        sb.wants_suggestions.connect(c.request_suggestions)
        sb.go_down.connect(r.focus_list)
        c.suggestions_ready.connect(sb.show_suggestions)
        c.results_ready.connect(self._show_results)
        c.search_failed.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        c.state_changed.connect(self._on_state_changed)
        c.sidebar_ready.connect(self.sidebar.populate)
        c.index_state_changed.connect(self.lib_status.show_index_state)
        c.index_progress.connect(self.lib_status.show_index_progress)
        self.sidebar.scope_selected.connect(self._on_scope)
        self.sidebar.notes_selected.connect(self.show_my_notes)
        self.sidebar.sessions_selected.connect(self.show_sessions)
        sv = self.sessions_view
        sv.open_entry.connect(self.open_entry)
        sv.open_note.connect(self.open_note)
        sv.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        # Counts moved by the change itself: regathering the sidebar costs a scan of the
        # library, and a note autosaves about once a second while typing.
        sv.count_changed.connect(lambda n: self.sidebar.set_count(SESSIONS, n))
        for notes in (self.notes_panel, sv):
            notes.note_count_changed.connect(lambda d: self.sidebar.add_to_count(NOTES, d))
        self.tag_editor.tag_count_changed.connect(self.sidebar.adjust_tag)
        self.notes_panel.notes_changed.connect(self.sessions.notes_changed)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self.sessions.reader_context_menu)
        r.model.more_wanted.connect(c.fetch_more)
        r.entry_activated.connect(self.open_result)
        r.entry_selected.connect(self._open_soon)
        r.sort_changed.connect(self.set_sort)
        r.suggestion_clicked.connect(self._use_suggestion)
        r.clear_filters_requested.connect(c.clear_filters)
        r.back_to_search.connect(self.focus_search)
        r.facets.filter_requested.connect(c.set_filter)
        r.facets.clear_requested.connect(c.clear_filters)
        self.reader.entry_shown.connect(lambda _k: self.reader_area.page_changed())
        self.reader.entry_shown.connect(self._on_entry_shown)
        self.reader_area.notes_visibility_changed.connect(self.actions_.show_notes.setChecked)
        self.sidebar.news_selected.connect(self.news_page.show_unseen)
        self.news_view.open_entry.connect(self.open_entry)
        self.reader.history_changed.connect(self._update_history_actions)
        self.reader.theme_requested.connect(lambda t: self._on_scope("theme", t))
        self.reader.attachment_requested.connect(self._open_attachment)
        self.reader.attachment_page_requested.connect(self._open_attachment)
        self.reader.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.sync_launcher.synced.connect(self._after_sync)
        self.sync_launcher.news_wanted.connect(self.news_page.show_since)
        self.backups.changed.connect(self._after_personal_data)
        self.notes_panel.notes_changed.connect(self._on_personal_change)
        self.notes_panel.open_entry.connect(self.open_entry)
        self.tag_editor.tags_changed.connect(self._on_personal_change)
        self.notes_list.open_entry.connect(self.open_entry)
        self.notes_list.open_note.connect(self.open_note)
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(120)
        self._select_timer.timeout.connect(lambda: self.open_result(self._pending_key))
        self._pending_key = ""

    def _bind_actions(self) -> None:
        a, launcher, sessions = self.actions_, self.sync_launcher, self.sessions
        a.bind(
            {
                a.sync: launcher.sync_now,
                a.sync_file: launcher.sync_from_file,
                a.restore_backup: self.restore_backup,
                a.export_data: self.backups.export_data,
                a.import_data: self.backups.import_data,
                a.settings: self.open_settings,
                a.quit: self.close,
                a.find: self.find,
                a.find_in_entry: self.reader_area.find_bar.next,
                a.find_previous: self.reader_area.find_bar.previous,
                a.reading_mode: self.reading.set_on,
                a.news: self.news_page.show_unseen,
                a.new_note: self.new_note,
                a.edit_tags: self.focus_tags,
                a.back: self.go_back,
                a.forward: self.go_forward,
                a.sort_relevance: lambda _c: self.set_sort("relevance"),
                a.sort_date: lambda _c: self.set_sort("date"),
                a.show_sidebar: self.set_sidebar_visible,
                a.show_notes: self.set_notes_visible,
                a.next_pane: self.focus_next_pane,
                a.zoom_in: lambda: self.zoom(1),
                a.zoom_out: lambda: self.zoom(-1),
                a.zoom_reset: lambda: self.zoom(None),
                a.all_entries: self.show_all,
                a.my_notes: self.show_my_notes,
                a.my_sessions: self.show_sessions,
                a.add_to_session: sessions.add_current_entry,
                a.clear_filters: self.clear_filters,
                a.manage_tags: self.manage_tags,
                a.rebuild_index: self.rebuild_index,
                a.welcome: self.show_welcome,
                a.shortcuts: lambda: help_dialogs.shortcuts_box(self, a.all()).open(),
                a.open_log: lambda: help_dialogs.open_log_file(self.log_path, self.show_error),
                a.open_data: lambda: help_dialogs.open_data_folder(self.data_dir, self.show_error),
                a.about: lambda: help_dialogs.about_box(self, self.data_dir, self.log_path).open(),
            }
        )

    def _start(self) -> None:
        """First event-loop turn: first-run work, the index, the first answer."""
        c = self.controller
        if self._first_run is not None:
            # It writes the library (machine configuration, demo): the write lane; the
            # index is built once it is done, from what it wrote.
            fn = self._first_run
            self._first_run = None
            self.jobs.run(lambda p, k: fn(), lane=WRITE, label="first-run").on_done(
                self._after_first_run
            ).on_error(self._after_first_run_failed)
        else:
            c.set_query(c.query, immediate=True)
            c.start_index()
        c.reload_sidebar()
        self.backups.start()

    def queue_first_run(self, fn: Callable[[], str]) -> None:
        """Run `fn` (machine configuration, demo) in the background before the index."""
        self._first_run = fn

    def _after_first_run(self, outcome: Any) -> None:
        self.controller.start_index()
        self.refresh_library_views()
        self.controller.reload_sidebar()
        self.controller.refresh()
        if outcome and not self.library.get_setting(settings.WELCOME_SHOWN):
            self.show_welcome(seeded=outcome == "seed")

    def _after_first_run_failed(self, exc: BaseException) -> None:
        log.error("first run failed: %s", exc)
        self.statusBar().showMessage(str(exc), 15000)
        self.controller.start_index()
        self.controller.refresh()

    # -- state --------------------------------------------------------------------------------

    def _apply_icons(self) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self.actions_.back.setIcon(icons.arrow_icon("left", text, disabled))
        self.actions_.forward.setIcon(icons.arrow_icon("right", text, disabled))
        self.actions_.sync.setIcon(icons.sync_icon(pal.color(QPalette.ColorRole.HighlightedText)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_icons()  # light/dark switched

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._split_restored:
            # First start: the sidebar 230 px, the list 420 px, the reader the rest;
            # on a narrow window the list gives way first (down to 320 px) until the
            # reader holds a comfortable line (at 1024 px: 52 -> 60 characters).
            self._split_restored = True
            width = max(900, self.main_split.width())
            comfortable = chars_to_px(self.reader, COMFORTABLE_CHARS)
            results = min(420, max(320, width - 230 - comfortable))
            self.main_split.setSizes([230, results, max(0, width - 230 - results)])
            rest = self.reader_area.width()
            self.reader_split.setSizes([max(0, rest - 310), 310])

    def save_state(self) -> None:
        save_window(self)

    def refresh_library_views(self) -> None:
        """Labels, status bar and reader after the library changed (sync, settings)."""
        self.vocabulary = Vocabulary.load(self.library)
        self.results.set_vocabulary(self.vocabulary)
        self.reader.vocabulary = self.vocabulary
        self.lib_status.show_sources(self.library.sources())
        self.lib_status.show_update(
            update_notice(self.library, __version__, enabled=update_notice_enabled())
        )

    # -- searching -----------------------------------------------------------------------------

    def _on_query_edited(self, text: str) -> None:
        self._show_results_page()
        self.controller.set_query(text)

    def _search_now(self, text: str) -> int:
        self._show_results_page()
        return self.controller.set_query(text, immediate=True)

    def _use_suggestion(self, word: str) -> None:
        self.search_bar.setText(word)
        self._search_now(word)

    def _show_results(self, page: ResultsPage) -> None:
        self.results.show_page(page, indexing=self.controller.index_state == "building")
        self.reader.set_found_pages(page.pdf_pages, replace=page.page == 1)
        if page.page == 1:
            self._last_total = page.total
            if self.reader.current_key:
                self.results.select_key(self.reader.current_key)
        self._shown_seq = page.seq
        self.results_shown.emit(page.seq)

    def _on_state_changed(self) -> None:
        self.sidebar.show_scope(
            self.controller.filters,
            self.center.currentWidget() is self.notes_list,
            self.center.currentWidget() is self.sessions_view,
        )
        self._sync_sort_actions()

    def _on_scope(self, facet: str | None, value: str | None) -> None:
        self._show_results_page()
        self.controller.set_scope(facet, value)

    def _show_results_page(self) -> None:
        if self.center.currentWidget() is not self.results:
            self.center.setCurrentWidget(self.results)
            self.sidebar.show_scope(self.controller.filters)

    def _sync_sort_actions(self) -> None:
        by_date = self.controller.sort == "date"
        self.actions_.sort_date.setChecked(by_date)
        self.actions_.sort_relevance.setChecked(not by_date)

    # -- the public API (tests, self-test) ----------------------------------------------------

    @property
    def search_field(self) -> SearchBar:
        return self.search_bar

    def run_search_now(self, text: str, wait: bool = False, timeout_ms: int = 15_000) -> bool:
        """Search `text` at once (still off the GUI thread). With `wait`, return when
        its answer is shown (True) or after `timeout_ms` (False)."""
        self.search_bar.setText(text)
        seq = self._search_now(text)
        if not wait:
            return True
        return self.jobs.wait_until(lambda: self._shown_seq >= seq, timeout_ms / 1000)

    def results_count(self) -> int:
        """How many entries the last answer shown matched (all pages)."""
        return self._last_total

    def result_keys(self) -> list[str]:
        """Keys (SOURCE:ID) of the rows the list shows, in order."""
        return self.results.model.keys()

    def open_entry(self, key: str) -> bool:
        """Show an entry in the reader (and its notes and tags beside it)."""
        if not key:
            return False
        self._select_timer.stop()
        return self.reader.open_entry(key)

    def reader_plain_text(self) -> str:
        return self.reader.plain_text()

    @property
    def current_entry_key(self) -> str | None:
        return self.reader.current_key

    def wait_idle(self, timeout_s: float = 20.0) -> bool:
        """Block until background work is done and its results delivered (tests),
        including the work those results queue (an index ready searches again)."""
        return self.jobs.wait_idle(timeout_s)

    # -- reader side --------------------------------------------------------------------------

    def _open_soon(self, key: str) -> None:
        # Arrow keys through the list: open once the selection rests a moment.
        self._pending_key = key
        self._select_timer.start()

    def _on_entry_shown(self, key: str) -> None:
        entry = self.reader.current_entry
        self.setWindowTitle(f"{entry.title} – {app_title()}" if entry else app_title())
        self.notes_panel.set_entry(key or None)
        self.tag_editor.set_entry(key or None)
        self._count_annotations(key)
        self.sessions.entry_shown(key or None)
        if key:
            self.results.select_key(key)
        has_entry = bool(key)
        self.actions_.new_note.setEnabled(has_entry)
        self.actions_.edit_tags.setEnabled(has_entry)
        self.actions_.add_to_session.setEnabled(has_entry)

    def _count_annotations(self, key: str) -> None:
        # Two indexed lookups; shown on the folded column's button (reader_area).
        count = len(self.library.notes(key)) + len(self.library.entry_tags(key)) if key else 0
        self.reader_area.set_notes_count(count)

    def _update_history_actions(self) -> None:
        self.actions_.back.setEnabled(self.reader.can_go_back)
        self.actions_.forward.setEnabled(self.reader.can_go_forward)

    def _on_personal_change(self, key: str) -> None:
        self.controller.library_changed()
        if key and key == self.reader.current_key:
            self._count_annotations(key)
        if self.center.currentWidget() is self.notes_list:
            self.notes_list.refresh()

    def _open_attachment(self, key: str, index: int, page: int = 0) -> None:
        entry = self.reader.current_entry
        if entry is None or entry.key != key:
            return
        open_attachment(
            self.library,
            entry,
            index,
            self.jobs,
            say=lambda m: self.statusBar().showMessage(m, 10000),
            on_finished=self.reader.reload,
            page=page,
        )

    # -- actions ---------------------------------------------------------------------------------

    def find(self) -> None:
        """Ctrl+F: in the reader, find in the fiche; anywhere else, the search field."""
        if self.reader.current_key and self.reader_area.focus_in_reader():
            self.reader_area.find_bar.open_bar()
        else:
            self.focus_search()

    def open_result(self, key: str) -> bool:
        """Open an entry from the results, the query's words highlighted and scrolled to."""
        if not self.open_entry(key):
            return False
        if self.center.currentWidget() is self.results:
            self.reader_area.show_query(self.controller.query, self.controller.service)
        return True

    def focus_search(self) -> None:
        self.search_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.selectAll()

    def go_back(self) -> None:
        self.reader.go_back()

    def go_forward(self) -> None:
        self.reader.go_forward()

    def set_sort(self, sort: str) -> None:
        self.controller.set_sort(sort)

    def clear_filters(self) -> None:
        self.controller.clear_filters()

    def show_all(self) -> None:
        self._show_results_page()
        self.controller.set_scope(None, None)

    def show_my_notes(self) -> None:
        self.notes_list.refresh()
        self.center.setCurrentWidget(self.notes_list)
        self.sidebar.show_scope({}, notes_view=True)

    def open_note(self, key: str, note_id: int) -> None:
        """Show a note in the notes panel: beside its entry, or among the free notes."""
        self.set_notes_visible(True)
        if key:
            self.open_entry(key)  # the panel follows the reader to this entry
        self.notes_panel.set_entry(key or None, select_note=note_id)

    def new_note(self) -> None:
        if self.reader.current_key:
            self.set_notes_visible(True)
            self.notes_panel.new_note()

    def focus_tags(self) -> None:
        if self.reader.current_key:
            self.set_notes_visible(True)
            self.tag_editor.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_sidebar_visible(self, visible: bool) -> None:
        self.actions_.show_sidebar.setChecked(visible)
        self.sidebar.setVisible(visible)

    def set_notes_visible(self, visible: bool) -> None:
        """Show or hide the notes: the docked column, or its drawer over the reader."""
        self.actions_.show_notes.setChecked(visible)
        self.reader_area.set_notes_visible(visible)

    def focus_next_pane(self) -> None:
        panes: list[QWidget] = [
            self.search_bar,
            self.sidebar,
            self.center.currentWidget(),
            self.reader,
        ]
        if self.notes_column.isVisible():
            panes.append(self.notes_panel)
        panes = [p for p in panes if p.isVisible()]
        focused = self.focusWidget()
        current = next(
            (i for i, p in enumerate(panes) if focused is p or p.isAncestorOf(focused)), -1
        )
        target = panes[(current + 1) % len(panes)]
        if target is self.results:
            self.results.focus_list()
        else:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def zoom(self, step: int | None) -> None:
        """The reader's text one step bigger (1) or smaller (-1), or back to normal (None)."""
        step = -self.zoom_level if step is None else step
        self.reader.zoomIn(step)  # a negative step zooms out
        self.zoom_level += step

    def rebuild_index(self) -> None:
        if self.controller.service is None:
            self.statusBar().showMessage(
                self.tr("La recherche plein texte n’est pas disponible."), 6000
            )
            return
        self.controller.start_index(rebuild=True)

    def show_sessions(self) -> None:
        """« Mes sessions » in the central area, its list focused."""
        self.sessions_view.refresh()
        self.center.setCurrentWidget(self.sessions_view)
        self.sidebar.show_scope({}, sessions_view=True)
        self.sessions_view.sessions.setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_launch_request(self, request: list[str]) -> None:
        """A launch (this one or a second one) with a .zip or an address: the window
        comes forward and syncs it; with nothing, it only comes forward."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        location = location_argument(request)
        if location:
            self.sync_launcher.start_sync(location)

    def open_settings(self, tab: str | None = None) -> SettingsDialog:
        dialog = SettingsDialog(self.library, self.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_changed.connect(self._after_settings)
        dialog.sync_requested.connect(self.sync_launcher.start_sync)  # a source was added
        dialog.library_changed.connect(lambda: self._after_sync(None))  # a source removed
        dialog.open()
        if tab == "sources":
            # « Ajouter la source du réseau… »: straight to the address field.
            QTimer.singleShot(0, dialog.add_source)
        return dialog

    def manage_tags(self) -> ManageTagsDialog:
        dialog = ManageTagsDialog(self.library, self.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._after_tags_managed())
        dialog.open()
        return dialog

    def restore_backup(self) -> Any:
        """« Restaurer une sauvegarde… », the note being typed saved first (its write
        goes before the restore on the write lane)."""
        self.notes_panel.flush()
        return self.backups.restore()

    def show_recovery(self, sentence: str) -> None:
        """After a recovery at start: the sentence over the window, with « Synchroniser
        maintenant »."""
        self.backups.show_recovery(sentence)

    # -- after the dialogs -----------------------------------------------------------------------

    def _after_personal_data(self) -> None:
        """A restore or an import replaced or added notes, tags and sessions."""
        self._after_sync(None)
        self.tag_editor.refresh()
        self.notes_panel.reload()

    def _after_sync(self, report: Any) -> None:
        self.refresh_library_views()
        if report is None:  # a source removed: nothing has caught the index up yet
            self.controller.catch_up_then_refresh()
        else:  # the sync job caught the index up (one catch-up per sync)
            self.controller.reload_sidebar()
            self.controller.refresh()
        self.reader.reload()
        self.notes_list.refresh()
        self.sessions_view.refresh()  # titles may have changed, entries been withdrawn
        if report is not None:
            self.backups.after_sync()  # during long sessions too: at most once a day
        summary = summary_of(report)
        if summary:
            self.statusBar().showMessage(summary, 10000)

    def _after_settings(self) -> None:
        self.refresh_library_views()
        self.controller.reload_sidebar()
        self.controller.refresh()

    def _after_tags_managed(self) -> None:
        self.controller.library_changed()
        self.controller.reload_sidebar()  # renamed or merged tags: many rows change
        self.tag_editor.refresh()
        self.controller.refresh()

    # -- help ------------------------------------------------------------------------------------------

    def show_welcome(self, seeded: bool = False) -> WelcomeDialog:
        dialog = WelcomeDialog(self, seeded=seeded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.add_source_requested.connect(lambda: self.open_settings("sources"))
        library = self.library
        dialog.finished.connect(
            lambda _r: self.jobs.write(lambda: library.set_setting(settings.WELCOME_SHOWN, True))
        )
        dialog.open()
        self.welcome_dialog = dialog
        return dialog

    def show_error(self, message: str) -> QMessageBox:
        """One sentence in a box that does not block the window."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, app_title(), message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- close ----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_state()
        self.notes_panel.flush()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop background work (idempotent): cancel, then wait a little."""
        # A closed window no longer follows the reader: a change of look re-renders
        # the page, and the panels beside it would read a library that is closing.
        if not getattr(self, "_unfollowed", False):
            self._unfollowed = True
            self.reader.entry_shown.disconnect(self._on_entry_shown)
        self._select_timer.stop()
        self.backups.stop()
        self.controller.stop()
        # Searches and long jobs are cancelled, queued writes land; then the index closes.
        self.jobs.shutdown(5.0)
        self.controller.close()
