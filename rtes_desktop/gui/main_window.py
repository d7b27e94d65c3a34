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
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.library import Library
from rtes_desktop.core.paths import LOG_FILE, resources_dir
from rtes_desktop.gui import help_dialogs, icons, style
from rtes_desktop.gui.actions import WindowActions
from rtes_desktop.gui.attachments import open_attachment
from rtes_desktop.gui.background import SerialWorker
from rtes_desktop.gui.integrations import optional
from rtes_desktop.gui.reader_view import ReaderView
from rtes_desktop.gui.results_view import ResultsView
from rtes_desktop.gui.search_bar import SearchBar
from rtes_desktop.gui.search_controller import ResultsPage, SearchController
from rtes_desktop.gui.sidebar import Sidebar
from rtes_desktop.gui.status_bar import LibraryStatus
from rtes_desktop.gui.vocabulary import Vocabulary
from rtes_desktop.gui.welcome import SETTING_WELCOME_SHOWN, WelcomeDialog
from rtes_desktop.gui.window_state import WindowState

log = logging.getLogger(__name__)

APP_TITLE = "Bibliothèque RTES"


def app_icon() -> QIcon:
    """The application icon from resources/icons (empty when missing)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = folder / f"rtes-desktop-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


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
        self._sync_dialog: Any = None
        self._zoom = 0
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setAccessibleName(APP_TITLE)

        self._build_widgets()
        self.actions_ = WindowActions(self)
        self.actions_.build_menus(self.menuBar())
        self._build_toolbar()
        self.lib_status = LibraryStatus(self)
        self.statusBar().addPermanentWidget(self.lib_status)
        self._connect()
        self._apply_icons()
        self._restore_state()
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
        self.notes_column = self._build_notes_column()

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

    def _build_notes_column(self) -> QWidget:
        column = QWidget(self)
        column.setObjectName("notesColumn")
        column.setAccessibleName(self.tr("Mes tags et mes notes"))
        layout = QVBoxLayout(column)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        tag_cls = optional("tag_editor", "TagEditor")
        notes_cls = optional("notes_panel", "NotesPanel")
        self.tag_editor = tag_cls(self.library, column) if tag_cls else None
        self.notes_panel = notes_cls(self.library, column) if notes_cls else None
        if self.tag_editor is not None:
            layout.addWidget(self._heading(self.tr("Mes tags"), column))
            layout.addWidget(self.tag_editor)
        if self.notes_panel is not None:
            layout.addSpacing(6)
            layout.addWidget(self.notes_panel, 1)  # it has its own heading
        if self.tag_editor is None and self.notes_panel is None:
            hint = QLabel(self.tr("Les notes et les tags ne sont pas disponibles."), column)
            hint.setWordWrap(True)
            layout.addWidget(hint)
            layout.addStretch(1)
        column.setMinimumWidth(240)
        return column

    @staticmethod
    def _heading(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("columnHeading")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _build_toolbar(self) -> None:
        a = self.actions_
        bar = QToolBar(self.tr("Barre d’outils"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addAction(a.back)
        bar.addAction(a.forward)
        self.search_bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_bar.setMaximumWidth(760)
        bar.addWidget(self.search_bar)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(a.sync)
        sync_button = bar.widgetForAction(a.sync)
        if isinstance(sync_button, QToolButton):
            sync_button.setObjectName("syncButton")
            sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            sync_button.setText(self.tr("Synchroniser"))
            sync_button.setAccessibleName(self.tr("Synchroniser (F5)"))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

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
        if self.notes_panel is not None:
            self.notes_panel.notes_changed.connect(self._on_personal_change)
            if hasattr(self.notes_panel, "open_entry"):
                self.notes_panel.open_entry.connect(self.open_entry)
        if self.tag_editor is not None:
            self.tag_editor.tags_changed.connect(self._on_personal_change)
        if self.notes_list is not None:
            self.notes_list.open_entry.connect(self.open_entry)
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
        if outcome and not self.library.get_setting(SETTING_WELCOME_SHOWN, False):
            self.show_welcome(seeded=outcome == "seed")

    def _after_first_run_failed(self, exc: BaseException) -> None:
        log.error("first run failed: %s", exc)
        self.statusBar().showMessage(str(exc), 15000)
        self.controller.refresh()

    # -- state --------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.state
        geometry = s.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1500, int(screen.width() * 0.92)), min(940, int(screen.height() * 0.9)))
        self._split_restored = False
        for key, splitter in (
            ("window/mainSplit", self.main_split),
            ("window/readerSplit", self.reader_split),
        ):
            value = s.bytes(key)
            if value is not None:
                self._split_restored = splitter.restoreState(value) or self._split_restored
        self.controller.sort = s.text("search/sort", "relevance")
        self.controller.query = s.text("search/query", "")
        self.search_bar.setText(self.controller.query)
        self._sync_sort_actions()
        self.actions_.show_sidebar.setChecked(s.flag("view/sidebar", True))
        self.set_sidebar_visible(self.actions_.show_sidebar.isChecked())
        self.actions_.show_notes.setChecked(s.flag("view/notes", True))
        self.set_notes_visible(self.actions_.show_notes.isChecked())
        for _ in range(max(-8, min(12, s.number("view/zoom", 0)))):
            self.zoom_in()
        for _ in range(max(0, -s.number("view/zoom", 0))):
            self.zoom_out()
        last = s.text("reader/entry", "")
        if last:
            self.reader.open_entry(last)

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
        s = self.state
        s.set("window/geometry", self.saveGeometry())
        s.set("window/mainSplit", self.main_split.saveState())
        s.set("window/readerSplit", self.reader_split.saveState())
        s.set("search/query", self.controller.query)
        s.set("search/sort", self.controller.sort)
        s.set("view/sidebar", self.actions_.show_sidebar.isChecked())
        s.set("view/notes", self.actions_.show_notes.isChecked())
        s.set("view/zoom", self._zoom)
        s.set("reader/entry", self.reader.current_key or "")
        s.sync()

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
            self.controller.filters, self.center.currentWidget() is self.notes_list
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
        if key:
            self.results.select_key(key)
        has_entry = bool(key)
        self.actions_.new_note.setEnabled(has_entry and self.notes_panel is not None)
        self.actions_.edit_tags.setEnabled(has_entry and self.tag_editor is not None)

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
        self._zoom += 1

    def zoom_out(self) -> None:
        self.reader.zoomOut(1)
        self._zoom -= 1

    def zoom_reset(self) -> None:
        if self._zoom > 0:
            self.reader.zoomOut(self._zoom)
        elif self._zoom < 0:
            self.reader.zoomIn(-self._zoom)
        self._zoom = 0

    def rebuild_index(self) -> None:
        if self.controller.service is None:
            self.statusBar().showMessage(
                self.tr("La recherche plein texte n’est pas disponible."), 6000
            )
            return
        self.controller.start_index(rebuild=True)

    # -- sync, settings, tags -----------------------------------------------------------------------

    def sync_now(self) -> None:
        """F5: every configured source; with none yet, ask where from."""
        if any(src.url and not src.is_demo for src in self.library.sources()):
            self.start_sync(None)
            return
        choose = optional("sync_dialog", "choose_sync_location")
        if choose is None:
            self.sync_from_file()
            return
        location = choose(self)
        if location:
            self.start_sync(location)

    def sync_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Synchroniser depuis un fichier"),
            str(Path.home()),
            self.tr("Exports RTES (*.zip);;Tous les fichiers (*)"),
        )
        if path:
            self.start_sync(path)

    def start_sync(self, location: str | None, allow_unsigned: bool = False) -> None:
        """Open the sync dialog on `location` (None: every configured source)."""
        dialog_cls = optional("sync_dialog", "SyncDialog")
        if dialog_cls is None or self.runner is None:
            self.show_error(self.tr("La synchronisation n’est pas disponible dans cette version."))
            return
        if self._sync_dialog is None:
            # The dialog catches the index up itself, through the window's service.
            self._sync_dialog = dialog_cls(
                self.library, self.runner, self, search=self.controller.service
            )
            self._sync_dialog.sync_finished.connect(self._after_sync)
        self._sync_dialog.start(location, allow_unsigned)
        if not self._sync_dialog.isVisible():
            self._sync_dialog.open()

    def _after_sync(self, report: Any) -> None:
        self.refresh_library_views()
        self.controller.catch_up_then_refresh()
        self.reader.reload()
        if self.notes_list is not None:
            self.notes_list.refresh()
        reports = report if isinstance(report, list) else [report]
        lines = [r.summary_fr() for r in reports if hasattr(r, "summary_fr")]
        if lines:
            self.statusBar().showMessage(" ; ".join(lines), 10000)

    def open_settings(self, tab: str | None = None) -> None:
        dialog_cls = optional("settings_dialog", "SettingsDialog")
        if dialog_cls is None:
            self.show_error(self.tr("Les paramètres ne sont pas disponibles dans cette version."))
            return
        dialog = dialog_cls(self.library, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "settings_changed"):
            dialog.settings_changed.connect(self._after_settings)
        if hasattr(dialog, "sync_requested"):  # a source was added: sync it now
            dialog.sync_requested.connect(lambda location: self.start_sync(location))
        if hasattr(dialog, "library_changed"):  # a source (or the demo) was removed
            dialog.library_changed.connect(lambda: self._after_sync(None))
        dialog.open()
        if tab == "sources" and hasattr(dialog, "add_source"):
            # « Ajouter la source du réseau… »: straight to the address field.
            QTimer.singleShot(0, dialog.add_source)

    def _after_settings(self) -> None:
        style.apply_user_theme(self.library.get_setting(style.SETTING_UI_THEME, "system"))
        self.refresh_library_views()
        self.controller.reload_sidebar()
        self.controller.refresh()

    def manage_tags(self) -> None:
        dialog_cls = optional("tag_editor", "ManageTagsDialog")
        if dialog_cls is None:
            self.show_error(self.tr("La gestion des tags n’est pas disponible dans cette version."))
            return
        dialog = dialog_cls(self.library, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._after_tags_managed())
        dialog.open()

    def _after_tags_managed(self) -> None:
        self.controller.library_changed()
        if self.tag_editor is not None:
            self.tag_editor.refresh()
        self.controller.refresh()

    # -- help ------------------------------------------------------------------------------------------

    def show_welcome(self, seeded: bool = False) -> WelcomeDialog:
        dialog = WelcomeDialog(self, seeded=seeded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.add_source_requested.connect(lambda: self.open_settings("sources"))
        dialog.finished.connect(lambda _r: self.library.set_setting(SETTING_WELCOME_SHOWN, True))
        dialog.open()
        self.welcome_dialog = dialog
        return dialog

    def show_shortcuts(self) -> None:
        help_dialogs.shortcuts_box(self, self.actions_.all()).open()

    def show_about(self) -> None:
        help_dialogs.about_box(self, self.data_dir, self.log_path).open()

    def open_log_file(self) -> None:
        if not self.log_path.is_file():
            self.log_path.touch()
        if not help_dialogs.open_path(self.log_path):
            self.show_error(self.tr("Le fichier journal est ici : {0}").format(self.log_path))

    def open_data_folder(self) -> None:
        if not help_dialogs.open_path(self.data_dir):
            self.show_error(self.tr("Le dossier de données est ici : {0}").format(self.data_dir))

    def show_error(self, message: str) -> QMessageBox:
        """One sentence in a box that does not block the window."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_TITLE, message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- drop a .zip, close ----------------------------------------------------------------------------------

    @staticmethod
    def _dropped_zip(event: QDragEnterEvent | QDropEvent) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip"):
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self._dropped_zip(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        path = self._dropped_zip(event)
        if path:
            event.acceptProposedAction()
            self.start_sync(path)

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
