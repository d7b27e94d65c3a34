"""Two ways the window gives the reader the room: the reading mode (F11, the reader
alone) and the « Nouveautés » page (what the syncs brought) in the central area.
Kept out of main_window.py, which only wires them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from rtes_desktop.core.news import News, mark_news_seen, news_between, news_since_last_seen
from rtes_desktop.gui.common.i18n import format_date
from rtes_desktop.gui.shell.sidebar import NEWS
from rtes_desktop.gui.sync.news_view import NewsView

if TYPE_CHECKING:
    from rtes_desktop.gui.shell.main_window import MainWindow


class ReadingMode(QObject):
    """F11: the reader alone, the lists and the toolbar hidden; F11 or Échap in the
    reader comes back to the window as it was."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.on = False
        self._sidebar_was_visible = True
        window.reader.installEventFilter(self)

    def set_on(self, on: bool) -> None:
        w = self.window
        w.actions_.reading_mode.setChecked(on)
        if on == self.on:
            return
        self.on = on
        if on:
            self._sidebar_was_visible = w.sidebar.isVisible()
        w.sidebar.setVisible(not on and self._sidebar_was_visible)
        w.center.setVisible(not on)
        w.toolbar.setVisible(not on)
        w.reader_area.set_reading_mode(on)
        if on:
            w.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            w.actions_.show_notes.setChecked(w.reader_area.notes_visible())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            self.on
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not self.window.reader_area.find_bar.isVisible()  # that closes first
        ):
            self.set_on(False)
            return True
        return super().eventFilter(watched, event)


class NewsPage(QObject):
    """« Nouveautés » in the central area: what the syncs brought, from the sync's
    summary (that sync) or the sidebar (everything not seen yet). Shown is seen."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = NewsView(
            kind_label=lambda kind, source: window.vocabulary.kind(kind, source),
            format_date=format_date,
            parent=window,
        )

    def show_unseen(self) -> None:
        """Everything the syncs brought since the user last looked."""
        self.show(news_since_last_seen(self.window.library))

    def show_since(self, after: int) -> None:
        """What the syncs after sync `after` brought (a sync just finished)."""
        self.show(news_between(self.window.library, after))

    def show(self, news: News) -> None:
        w = self.window
        self.view.show_news(news)
        w.center.setCurrentWidget(self.view)
        w.sidebar.show_scope({}, news_view=True)
        self.view.focus_list()
        library = w.library
        w.jobs.write(lambda: mark_news_seen(library, news.upto), label="news seen").on_done(
            lambda _r: w.sidebar.remove_row(NEWS)
        )
