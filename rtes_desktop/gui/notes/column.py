"""Two pieces of the main window built apart: the column beside the reader (my
tags, my sessions, my notes) and the toolbar (history, the search field, Synchroniser)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QToolButton, QVBoxLayout, QWidget

from rtes_desktop.core.library import Library
from rtes_desktop.gui.common.integrations import optional
from rtes_desktop.gui.common.jobs import Jobs


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("columnHeading")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def notes_column(library: Library, jobs: Jobs, parent: QWidget) -> tuple[QWidget, Any, Any]:
    """(column, tag editor or None, notes panel or None): the parts other modules
    provide, or a line saying they are missing from this build."""
    column = QWidget(parent)
    column.setObjectName("notesColumn")
    column.setAccessibleName(QCoreApplication.translate("MainWindow", "Mes tags et mes notes"))
    layout = QVBoxLayout(column)
    layout.setContentsMargins(12, 12, 12, 8)
    layout.setSpacing(8)
    tag_cls = optional("notes.tag_editor", "TagEditor")
    notes_cls = optional("notes.notes_panel", "NotesPanel")
    tag_editor = tag_cls(library, jobs, column) if tag_cls else None
    notes_panel = notes_cls(library, jobs, column) if notes_cls else None
    if tag_editor is not None:
        layout.addWidget(_heading(QCoreApplication.translate("MainWindow", "Mes tags"), column))
        layout.addWidget(tag_editor)
    if notes_panel is not None:
        layout.addSpacing(6)
        layout.addWidget(notes_panel, 1)  # it has its own heading
    if tag_editor is None and notes_panel is None:
        hint = QLabel(
            QCoreApplication.translate(
                "MainWindow", "Les notes et les tags ne sont pas disponibles."
            ),
            column,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
    column.setMinimumWidth(240)
    return column, tag_editor, notes_panel


def add_column_section(column: QWidget, widget: QWidget, after: Any = None) -> None:
    """Another part in the column (it brings its own heading), below `after` or at the top."""
    layout = column.layout()
    assert isinstance(layout, QVBoxLayout)
    index = layout.indexOf(after) + 1 if after is not None else 0
    layout.insertSpacing(index, 6)
    layout.insertWidget(index + 1, widget)


def main_toolbar(window: Any, actions: Any, search_bar: QWidget) -> QToolBar:
    """‹ › | the search field | Synchroniser, added to the top of `window`."""
    bar = QToolBar(QCoreApplication.translate("MainWindow", "Barre d’outils"), window)
    bar.setObjectName("mainToolBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.addAction(actions.back)
    bar.addAction(actions.forward)
    search_bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    search_bar.setMaximumWidth(760)
    bar.addWidget(search_bar)
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    bar.addAction(actions.sync)
    sync_button = bar.widgetForAction(actions.sync)
    if isinstance(sync_button, QToolButton):
        sync_button.setObjectName("syncButton")
        sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        sync_button.setText(QCoreApplication.translate("MainWindow", "Synchroniser"))
        sync_button.setAccessibleName(QCoreApplication.translate("MainWindow", "Synchroniser (F5)"))
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
