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

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from rtes_desktop.core import settings
from rtes_desktop.core.library import Library
from rtes_desktop.core.paths import LOG_FILE
from rtes_desktop.gui import icons, style
from rtes_desktop.gui.actions import WindowActions
from rtes_desktop.gui.attachments import open_attachment
from rtes_desktop.gui.background import SerialWorker
from rtes_desktop.gui.icons import app_icon
from rtes_desktop.gui.integrations import optional
from rtes_desktop.gui.library_dialogs import LibraryDialogs, dropped_zip, summary_of
from rtes_desktop.gui.reader_view import ReaderView
from rtes_desktop.gui.results_view import ResultsView
from rtes_desktop.gui.search_bar import SearchBar
from rtes_desktop.gui.search_controller import ResultsPage, SearchController
from rtes_desktop.gui.session_menu import WindowSessions
from rtes_desktop.gui.sidebar import Sidebar
from rtes_desktop.gui.status_bar import LibraryStatus
from rtes_desktop.gui.vocabulary import Vocabulary
from rtes_desktop.gui.welcome import WelcomeDialog
from rtes_desktop.gui.window_parts import add_column_section, main_toolbar, notes_column
from rtes_desktop.gui.window_state import WindowState, restore_window, save_window

log = logging.getLogger(__name__)

APP_TITLE = "Bibliothèque RTES"


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
        self.library = library
        self.data_dir = Path(data_dir)
        self.log_path = self.data_dir / LOG_FILE
        self.state = WindowState(self.data_dir)
        self.vocabulary = Vocabulary.load(library)
        self.controller = SearchController(library, search_service, self)
        self.files_worker = SerialWorker("rtes-files", self)
        runner_cls = optional("tasks", "TaskRunner")
        self.runner = runner_cls(self) if runner_cls else None
        self._first_run: Callable[[], str] | None = None
        self._shown_seq = 0
        self._last_total = 0
        self.zoom_level = 0
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setAccessibleName(APP_TITLE)

        self._build_widgets()
        self.dialogs = LibraryDialogs(library, self.runner, search_service, self)
        self.actions_ = WindowActions(self)
        self.actions_.build_menus(self.menuBar())
        self.toolbar = main_toolbar(self, self.actions_, self.search_bar)
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
        notes_list_cls = optional("notes_panel", "NotesListView") or optional(
            "notes_list", "NotesListView"
        )
        self.notes_list = notes_list_cls(self.library, self) if notes_list_cls else None
        if self.notes_list is not None:
            self.notes_list.setAccessibleName(self.tr("Mes notes"))
            self.center.addWidget(self.notes_list)
        self.reader = ReaderView(self.library, self)
        self.reader.vocabulary = self.vocabulary
        self.notes_column, self.tag_editor, self.notes_panel = notes_column(self.library, self)
        self.sessions = WindowSessions(self)  # « Mes sessions », Ajouter à une session
        self.sessions_view = self.sessions.view
        self.center.addWidget(self.sessions_view)
        add_column_section(self.notes_column, self.sessions.section, self.tag_editor)

        self.reader_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.reader_split.addWidget(self.reader)
        self.reader_split.addWidget(self.notes_column)
        self.reader_split.setStretchFactor(0, 3)
        self.reader_split.setStretchFactor(1, 0)  # the reader takes what the window gains
        self.reader_split.setChildrenCollapsible(False)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.sidebar)
        self.main_split.addWidget(self.center)
        self.main_split.addWidget(self.reader_split)
        self.main_split.setStretchFactor(2, 1)
        self.main_split.setCollapsible(1, False)
        self.main_split.setCollapsible(2, False)
        self.main_split.setSizes([250, 440, 830])
        self.reader_split.setSizes([530, 300])
        self.setCentralWidget(self.main_split)

    def _connect(self) -> None:
        c, r = self.controller, self.results
        sb = self.search_bar
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
        self.sidebar.sessions_selected.connect(self.sessions.show)
        self.sessions.wire()
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self.sessions.reader_context_menu)
        r.model.more_wanted.connect(c.fetch_more)
        r.entry_activated.connect(self.open_entry)
        r.entry_selected.connect(self._open_soon)
        r.sort_changed.connect(self.set_sort)
        r.suggestion_clicked.connect(self._use_suggestion)
        r.clear_filters_requested.connect(c.clear_filters)
        r.back_to_search.connect(self.focus_search)
        r.facets.filter_requested.connect(c.set_filter)
        r.facets.clear_requested.connect(c.clear_filters)
        self.reader.entry_shown.connect(self._on_entry_shown)
        self.reader.history_changed.connect(self._update_history_actions)
        self.reader.theme_requested.connect(lambda t: self._on_scope("theme", t))
        self.reader.attachment_requested.connect(self._open_attachment)
        self.reader.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.dialogs.synced.connect(self._after_sync)
        self.dialogs.settings_changed.connect(self._after_settings)
        self.dialogs.tags_changed.connect(self._after_tags_managed)
        self.dialogs.unavailable.connect(self.show_error)
        if self.notes_panel is not None:
            self.notes_panel.notes_changed.connect(self._on_personal_change)
            if hasattr(self.notes_panel, "open_entry"):
                self.notes_panel.open_entry.connect(self.open_entry)
        if self.tag_editor is not None:
            self.tag_editor.tags_changed.connect(self._on_personal_change)
        if self.notes_list is not None:
            self.notes_list.open_entry.connect(self.open_entry)
            self.notes_list.open_note.connect(self.open_note)
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(120)
        self._select_timer.timeout.connect(lambda: self.open_entry(self._pending_key))
        self._pending_key = ""

    def _start(self) -> None:
        """First event-loop turn: first-run work, the index, the first answer."""
        c = self.controller
        if self._first_run is not None:
            fn = self._first_run
            self._first_run = None
            c.index_worker.submit(
                lambda p, k: fn(),
                self._after_first_run,
                self._after_first_run_failed,
                label="first-run",
            )
        else:
            c.set_query(c.query, immediate=True)
        c.start_index()
        c.reload_sidebar()

    def queue_first_run(self, fn: Callable[[], str]) -> None:
        """Run `fn` (machine configuration, demo) in the background before the index."""
        self._first_run = fn

    def _after_first_run(self, outcome: Any) -> None:
        self.refresh_library_views()
        self.controller.reload_sidebar()
        self.controller.refresh()
        if outcome and not self.library.get_setting(settings.WELCOME_SHOWN):
            self.show_welcome(seeded=outcome == "seed")

    def _after_first_run_failed(self, exc: BaseException) -> None:
        log.error("first run failed: %s", exc)
        self.statusBar().showMessage(str(exc), 15000)
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
            # First start: the panes in pixels, the reader taking what is left.
            self._split_restored = True
            width = max(900, self.width())
            self.main_split.setSizes([230, 420, width - 650])
            rest = width - 650
            self.reader_split.setSizes([rest - 310, 310])

    def save_state(self) -> None:
        save_window(self)

    def refresh_library_views(self) -> None:
        """Labels, status bar and reader after the library changed (sync, settings)."""
        self.vocabulary = Vocabulary.load(self.library)
        self.results.set_vocabulary(self.vocabulary)
        self.reader.vocabulary = self.vocabulary
        self.lib_status.show_sources(self.library.sources())

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
        if self._shown_seq >= seq:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def arrived(shown: int) -> None:
            if shown >= seq:
                loop.quit()

        self.results_shown.connect(arrived)
        timer.start(timeout_ms)
        try:
            loop.exec()
        finally:
            self.results_shown.disconnect(arrived)
        return self._shown_seq >= seq

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
        """Block until background work is done and its results delivered (tests).
        A delivered result may queue more work (an index ready searches again), so
        this loops until both workers stay idle across a turn of the event loop."""
        import time

        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout_s
        workers = (self.controller.search_worker, self.controller.index_worker, self.files_worker)
        while True:
            for worker in workers:
                if not worker.wait_idle(max(0.0, deadline - time.monotonic())):
                    return False
            QApplication.processEvents()
            if all(w.is_idle() for w in workers):
                QApplication.processEvents()
                return True
            if time.monotonic() > deadline:
                return False

    # -- reader side --------------------------------------------------------------------------

    def _open_soon(self, key: str) -> None:
        # Arrow keys through the list: open once the selection rests a moment.
        self._pending_key = key
        self._select_timer.start()

    def _on_entry_shown(self, key: str) -> None:
        entry = self.reader.current_entry
        self.setWindowTitle(f"{entry.title} – {APP_TITLE}" if entry else APP_TITLE)
        if self.notes_panel is not None:
            self.notes_panel.set_entry(key or None)
        if self.tag_editor is not None:
            self.tag_editor.set_entry(key or None)
        self.sessions.entry_shown(key or None)
        if key:
            self.results.select_key(key)
        has_entry = bool(key)
        self.actions_.new_note.setEnabled(has_entry and self.notes_panel is not None)
        self.actions_.edit_tags.setEnabled(has_entry and self.tag_editor is not None)
        self.actions_.add_to_session.setEnabled(has_entry)

    def _update_history_actions(self) -> None:
        self.actions_.back.setEnabled(self.reader.can_go_back)
        self.actions_.forward.setEnabled(self.reader.can_go_forward)

    def _on_personal_change(self, key: str) -> None:
        self.controller.library_changed()
        if self.notes_list is not None and self.center.currentWidget() is self.notes_list:
            self.notes_list.refresh()

    def _open_attachment(self, key: str, index: int) -> None:
        entry = self.reader.current_entry
        if entry is None or entry.key != key:
            return
        open_attachment(
            self.library,
            entry,
            index,
            self.files_worker,
            say=lambda m: self.statusBar().showMessage(m, 10000),
            on_finished=self.reader.reload,
        )

    # -- actions ---------------------------------------------------------------------------------

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
        if self.notes_list is None:
            self.statusBar().showMessage(self.tr("La liste des notes n’est pas disponible."), 6000)
            return
        self.notes_list.refresh()
        self.center.setCurrentWidget(self.notes_list)
        self.sidebar.show_scope({}, notes_view=True)

    def open_note(self, key: str, note_id: int) -> None:
        """Show a note in the notes panel: beside its entry, or among the free notes."""
        if self.notes_panel is None:
            return
        self.set_notes_visible(True)
        if key:
            self.open_entry(key)  # the panel follows the reader to this entry
        self.notes_panel.set_entry(key or None, select_note=note_id)

    def new_note(self) -> None:
        if self.notes_panel is not None and self.reader.current_key:
            self.set_notes_visible(True)
            self.notes_panel.new_note()

    def focus_tags(self) -> None:
        if self.tag_editor is not None and self.reader.current_key:
            self.set_notes_visible(True)
            self.tag_editor.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_sidebar_visible(self, visible: bool) -> None:
        self.actions_.show_sidebar.setChecked(visible)
        self.sidebar.setVisible(visible)

    def set_notes_visible(self, visible: bool) -> None:
        self.actions_.show_notes.setChecked(visible)
        self.notes_column.setVisible(visible)

    def focus_next_pane(self) -> None:
        panes: list[QWidget] = [
            self.search_bar,
            self.sidebar,
            self.center.currentWidget(),
            self.reader,
        ]
        if self.notes_column.isVisible() and self.notes_panel is not None:
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

    def zoom_in(self) -> None:
        self.reader.zoomIn(1)
        self.zoom_level += 1

    def zoom_out(self) -> None:
        self.reader.zoomOut(1)
        self.zoom_level -= 1

    def zoom_reset(self) -> None:
        if self.zoom_level > 0:
            self.reader.zoomOut(self.zoom_level)
        elif self.zoom_level < 0:
            self.reader.zoomIn(-self.zoom_level)
        self.zoom_level = 0

    def rebuild_index(self) -> None:
        if self.controller.service is None:
            self.statusBar().showMessage(
                self.tr("La recherche plein texte n’est pas disponible."), 6000
            )
            return
        self.controller.start_index(rebuild=True)

    # -- after the dialogs -----------------------------------------------------------------------

    def _after_sync(self, report: Any) -> None:
        self.refresh_library_views()
        if report is None:  # a source removed: nothing has caught the index up yet
            self.controller.catch_up_then_refresh()
        else:  # the sync job caught the index up (one catch-up per sync)
            self.controller.reload_sidebar()
            self.controller.refresh()
        self.reader.reload()
        if self.notes_list is not None:
            self.notes_list.refresh()
        self.sessions_view.refresh()  # titles may have changed, entries been withdrawn
        summary = summary_of(report)
        if summary:
            self.statusBar().showMessage(summary, 10000)

    def _after_settings(self) -> None:
        style.apply_user_theme(self.library.get_setting(settings.UI_THEME))
        self.refresh_library_views()
        self.controller.reload_sidebar()
        self.controller.refresh()

    def _after_tags_managed(self) -> None:
        self.controller.library_changed()
        if self.tag_editor is not None:
            self.tag_editor.refresh()
        self.controller.refresh()

    # -- help ------------------------------------------------------------------------------------------

    def show_welcome(self, seeded: bool = False) -> WelcomeDialog:
        dialog = WelcomeDialog(self, seeded=seeded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.add_source_requested.connect(lambda: self.dialogs.open_settings("sources"))
        dialog.finished.connect(lambda _r: self.library.set_setting(settings.WELCOME_SHOWN, True))
        dialog.open()
        self.welcome_dialog = dialog
        return dialog

    def show_error(self, message: str) -> QMessageBox:
        """One sentence in a box that does not block the window."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_TITLE, message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- drop a .zip, close ----------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_zip(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        path = dropped_zip(event)
        if path:
            event.acceptProposedAction()
            self.dialogs.start_sync(path)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_state()
        if self.notes_panel is not None and hasattr(self.notes_panel, "flush"):
            self.notes_panel.flush()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop background work (idempotent): cancel, then wait a little."""
        self._select_timer.stop()
        self.controller.shutdown()
        self.files_worker.shutdown(2.0)
        if self.runner is not None:
            self.runner.cancel_all()
            self.runner.wait_all(5000)
        self.sessions_view.writer.wait(5000)
