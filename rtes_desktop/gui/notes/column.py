"""The column beside the reader: my tags, my sessions, my notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.gui.common.jobs import Jobs
from rtes_desktop.gui.notes.notes_panel import NotesPanel
from rtes_desktop.gui.notes.tag_editor import TagEditor


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("columnHeading")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def notes_column(
    library: Library, jobs: Jobs, parent: QWidget
) -> tuple[QWidget, TagEditor, NotesPanel]:
    """The column beside the reader: « Mes tags » over the notes panel. Other
    sections (« Mes sessions ») go in with `add_column_section`."""
    column = QWidget(parent)
    column.setObjectName("notesColumn")
    column.setAccessibleName(QCoreApplication.translate("MainWindow", "Mes tags et mes notes"))
    layout = QVBoxLayout(column)
    layout.setContentsMargins(12, 12, 12, 8)
    layout.setSpacing(8)
    tag_editor = TagEditor(library, jobs, column)
    notes_panel = NotesPanel(library, jobs, column)
    layout.addWidget(_heading(QCoreApplication.translate("MainWindow", "Mes tags"), column))
    layout.addWidget(tag_editor)
    layout.addSpacing(6)
    layout.addWidget(notes_panel, 1)  # it has its own heading
    column.setMinimumWidth(240)
    return column, tag_editor, notes_panel


def add_column_section(column: QWidget, widget: QWidget, after: Any = None) -> None:
    """Another part in the column (it brings its own heading), below `after` or at the top."""
    layout = column.layout()
    assert isinstance(layout, QVBoxLayout)
    index = layout.indexOf(after) + 1 if after is not None else 0
    layout.insertSpacing(index, 6)
    layout.insertWidget(index + 1, widget)
    # Tab reaches it where it shows, not last (it was created after the notes panel).
    previous = _tab_stops(after) if after is not None else []
    for stop in _tab_stops(widget):
        if previous:
            QWidget.setTabOrder(previous[-1], stop)
        previous = [stop]


def _tab_stops(widget: QWidget) -> list[QWidget]:
    """The widgets Tab stops on inside `widget`, in creation order."""
    return [
        w
        for w in [widget, *widget.findChildren(QWidget)]
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
