"""The reader first: the reader, its find bar, and the notes-and-tags column beside
it while there is room, in a drawer over it when there is not.

Widths are in characters of the reader's font (`averageCharWidth`), not pixels,
so they hold at 125-150 % scaling and with the reader zoomed:

- the column stays docked only while the reader keeps `DOCK_MIN_CHARS` (66: a
  comfortable line is 60-75 characters); below, it folds into a drawer that a
  button (« Notes et tags ») or Ctrl+N / Ctrl+T opens over the reader;
- the reader never gets fewer than `READER_MIN_CHARS` (45): its minimum width,
  which the window's splitter respects;
- the text never runs past `MAX_MEASURE_CHARS` (80) per line: on a wide window
  (or in reading mode) the page keeps margins rather than 200-character lines.

Measured under Xvfb (`scripts/reader_screenshots.py` prints them; averageCharWidth
6 px): 1024x700, reader 60 characters a line, column in its drawer; 1366x768, 82
characters, drawer; 1920x1080 at 150 %, 82, drawer. At 1920x1080 at 100 % the
column docks beside an 82-character reader (the cap, counted with the scrollbar).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.gui.reader.find_bar import FindBar, ReaderMarks

READER_MIN_CHARS = 45
#: What the window's first layout aims the reader at on a narrow screen.
COMFORTABLE_CHARS = 60
DOCK_MIN_CHARS = 66
MAX_MEASURE_CHARS = 80
#: The reader's own margin around the text (QTextDocument.documentMargin).
DOCUMENT_MARGIN = 24


def chars_to_px(reader: QTextEdit, chars: int) -> int:
    """Width of the reader's viewport showing `chars` characters of its font per line."""
    acw = max(1, reader.fontMetrics().averageCharWidth())
    scrollbar = reader.verticalScrollBar().sizeHint().width()
    return chars * acw + 2 * DOCUMENT_MARGIN + scrollbar + 2 * reader.frameWidth()


def reader_chars(reader: QTextEdit) -> float:
    """How many characters of its font a line of the reader holds now."""
    acw = max(1, reader.fontMetrics().averageCharWidth())
    frame = reader.document().rootFrame().frameFormat()
    used = reader.viewport().width() - frame.leftMargin() - frame.rightMargin()
    return used / acw


class ReaderArea(QWidget):
    """The reader with its find bar, and the notes column docked or in a drawer."""

    notes_visibility_changed = Signal(bool)  # the column (or its drawer) shown or not
    layout_changed = Signal(str)  # "docked" or "drawer"

    def __init__(self, reader: QTextEdit, column: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readerArea")
        self.reader = reader
        self.column = column
        self.mode = "docked"
        self.notes_wanted = True  # docked: the column shown (the user's choice)
        self.drawer_open = False  # drawer: open (the user's choice)
        self.reading_mode = False
        # Words wrap at spaces only: a word cut in two reads as two words.
        reader.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        reader.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.marks = ReaderMarks(reader)
        self.find_bar = FindBar(self.marks, self)

        # The header shown in drawer mode: the button that opens the column.
        self.header = QWidget(self)
        self.header.setObjectName("readerHeader")
        self.notes_button = QToolButton(self.header)
        self.notes_button.setObjectName("notesDrawerButton")
        self.notes_button.setCheckable(True)
        self.notes_button.setText(self.tr("Notes et tags"))
        self.notes_button.setToolTip(self.tr("Afficher vos notes et vos tags sur cette fiche"))
        self.notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.notes_button.toggled.connect(self._on_button)
        header_layout = QHBoxLayout(self.header)
        header_layout.setContentsMargins(8, 2, 8, 2)
        header_layout.addStretch(1)
        header_layout.addWidget(self.notes_button)

        reader_box = QWidget(self)
        box_layout = QVBoxLayout(reader_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(0)
        box_layout.addWidget(self.header)
        box_layout.addWidget(reader, 1)
        box_layout.addWidget(self.find_bar)
        self.reader_box = reader_box

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("readerSplit")
        self.splitter.addWidget(reader_box)
        self.splitter.addWidget(column)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)  # the reader takes what the window gains
        self.splitter.setChildrenCollapsible(False)

        self.drawer = QFrame(self)
        self.drawer.setObjectName("notesDrawer")
        self.drawer.setFrameShape(QFrame.Shape.StyledPanel)
        self.drawer.setAutoFillBackground(True)
        QVBoxLayout(self.drawer).setContentsMargins(0, 0, 0, 0)
        self.drawer.hide()
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.drawer,
            self.close_drawer,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.header.hide()
        reader.installEventFilter(self)
        self._apply_minimum()

    # -- measures ------------------------------------------------------------------

    def reader_min_px(self) -> int:
        return chars_to_px(self.reader, READER_MIN_CHARS)

    def _apply_minimum(self) -> None:
        # Set on the area too, explicitly: the window's splitter then never squeezes
        # it below the reader's minimum, and may still take the docked column's
        # width away (the column then folds into its drawer, `relayout`).
        self.reader_box.setMinimumWidth(self.reader_min_px())
        self.setMinimumWidth(self.reader_min_px())

    def _wants_dock(self, width: int) -> bool:
        column = max(self.column.minimumWidth(), self.column_width())
        return width - column - self.splitter.handleWidth() >= chars_to_px(
            self.reader, DOCK_MIN_CHARS
        )

    def column_width(self) -> int:
        sizes = self.splitter.sizes()
        if self.mode == "docked" and len(sizes) > 1 and sizes[1] > 0:
            return sizes[1]
        return max(self.column.minimumWidth(), 300)

    def fit_measure(self) -> None:
        """Keep lines under MAX_MEASURE_CHARS: the page's margins take the rest."""
        doc = self.reader.document()
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        limit = chars_to_px(self.reader, MAX_MEASURE_CHARS)
        spare = max(0, self.reader.viewport().width() + 2 * self.reader.frameWidth() - limit)
        # The side margins replace the document's own (documentMargin) on that side.
        side = DOCUMENT_MARGIN + spare // 2
        if int(fmt.leftMargin()) != side or int(fmt.rightMargin()) != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            frame.setFrameFormat(fmt)

    # -- docked or drawer -----------------------------------------------------------

    def relayout(self) -> None:
        """Dock or fold the column for the width the area has now."""
        if self.reading_mode:
            return
        mode = "docked" if self._wants_dock(self.width()) else "drawer"
        if mode != self.mode:
            self._set_mode(mode)
        if self.mode == "drawer" and self.drawer.isVisible():
            self._place_drawer()

    def _set_mode(self, mode: str) -> None:
        visible_before = self.notes_visible()
        self.mode = mode
        if mode == "drawer":
            self._docked_column_width = self.column_width()
            self.drawer.layout().addWidget(self.column)  # out of the splitter
            self.header.show()
            self.drawer.setVisible(self.drawer_open)
            self.column.setVisible(True)
            if self.drawer_open:
                self._place_drawer()
        else:
            self.drawer.hide()
            self.header.hide()
            self.splitter.addWidget(self.column)
            self.splitter.setStretchFactor(1, 0)
            self.column.setVisible(self.notes_wanted)
            width = getattr(self, "_docked_column_width", 300)
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([max(0, total - width), width])
        self.notes_button.setChecked(self.drawer_open)
        if self.notes_visible() != visible_before:
            self.notes_visibility_changed.emit(self.notes_visible())
        self.layout_changed.emit(mode)

    def _place_drawer(self) -> None:
        width = min(max(self.column.minimumWidth(), 320), int(self.width() * 0.85))
        top = self.header.height() if self.header.isVisible() else 0
        self.drawer.setGeometry(self.width() - width, top, width, self.height() - top)
        self.drawer.raise_()

    def notes_visible(self) -> bool:
        if self.reading_mode:
            return False
        return self.drawer_open if self.mode == "drawer" else self.notes_wanted

    def set_notes_visible(self, visible: bool) -> None:
        """The user shows or hides the notes: the docked column, or the drawer."""
        if self.reading_mode and visible:
            self.set_reading_mode(False)
        if self.mode == "drawer":
            self.drawer_open = visible
            self.notes_button.setChecked(visible)
            self.drawer.setVisible(visible)
            if visible:
                self._place_drawer()
        else:
            self.notes_wanted = visible
            self.column.setVisible(visible)
        self.notes_visibility_changed.emit(self.notes_visible())

    def set_notes_count(self, count: int) -> None:
        """How many notes and tags the open fiche has, on the drawer's button: a
        folded column must not hide that there is something in it."""
        label = self.tr("Notes et tags")
        self.notes_button.setText(f"{label} ({count})" if count else label)
        self.notes_button.setAccessibleName(self.notes_button.text())

    def restore_notes(self, *, docked: bool, drawer: bool) -> None:
        """Both remembered states (docked column shown, drawer open)."""
        self.notes_wanted = docked
        self.drawer_open = drawer
        if self.mode == "drawer":
            self.set_notes_visible(drawer)
        else:
            self.set_notes_visible(docked)

    def close_drawer(self) -> None:
        if self.mode == "drawer" and self.drawer_open:
            self.set_notes_visible(False)
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_button(self, checked: bool) -> None:
        if self.mode == "drawer" and checked != self.drawer_open:
            self.set_notes_visible(checked)

    # -- reading mode ----------------------------------------------------------------

    def set_reading_mode(self, on: bool) -> None:
        """The reader alone (the window hides everything else around it)."""
        if on == self.reading_mode:
            return
        self.reading_mode = on
        if on:
            self.header.hide()
            self.drawer.hide()
            if self.mode == "docked":
                self.column.setVisible(False)
        else:
            self.header.setVisible(self.mode == "drawer")
            if self.mode == "drawer":
                self.drawer.setVisible(self.drawer_open)
            else:
                self.column.setVisible(self.notes_wanted)
            self.relayout()
        self.notes_visibility_changed.emit(self.notes_visible())

    # -- events ----------------------------------------------------------------------

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.relayout()
        self.fit_measure()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.reader:
            kind = event.type()
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
                and self.find_bar.isVisible()
            ):
                self.find_bar.close_bar()  # Échap closes what is open first
                return True
            if kind == QEvent.Type.Resize:
                self.fit_measure()
            elif kind == QEvent.Type.FontChange:  # zoomed: the measures are in characters
                self._apply_minimum()
                self.relayout()
                self.fit_measure()
        return super().eventFilter(watched, event)

    def focus_in_reader(self) -> bool:
        """The keyboard is in the reader or its find bar (not the notes drawer)."""
        focused = QApplication.focusWidget()
        return focused is not None and (
            focused is self.reader or self.reader_box.isAncestorOf(focused)
        )

    def show_query(self, query: str, search: Any = None) -> int:
        """Highlight `query`'s words (by the search's analysis, with its thesaurus
        when `search`, a SearchService, is given) and scroll to the first."""
        if not query.strip():
            return 0
        thesaurus = search.thesaurus() if search is not None else None
        return self.marks.show_query(query, thesaurus)

    def page_changed(self) -> None:
        """A new page in the reader: margins, highlights and the find bar follow it."""
        self.marks.clear()
        self.fit_measure()
        self.find_bar.page_changed()
