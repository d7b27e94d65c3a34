"""« Nouveautés »: the entries the syncs brought, new and updated, each opened by
Entrée or a double click. Reached from the sync's summary (what that sync
brought) and from the sidebar while the user has not seen them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.news import News

KEY_ROLE = Qt.ItemDataRole.UserRole


class NewsView(QWidget):
    """Two groups, « Nouvelles fiches » and « Mises à jour », of the entries `News`
    lists. `open_entry(key)` when one is activated."""

    open_entry = Signal(str)

    def __init__(
        self,
        kind_label: Callable[[str, str], str] | None = None,
        format_date: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newsView")
        self.setAccessibleName(self.tr("Nouveautés"))
        self.kind_label = kind_label or (lambda kind, _source: kind)
        self.format_date = format_date or (lambda value: value[:10])
        self.news: News | None = None
        title = QLabel(self.tr("Nouveautés"), self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setObjectName("newsSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("newsList")
        self.tree.setAccessibleName(self.tr("Fiches nouvelles et mises à jour"))
        self.tree.setHeaderLabels([self.tr("Fiche"), self.tr("Type"), self.tr("Reçue le")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def show_news(self, news: News) -> None:
        """List `news` (replacing what was shown)."""
        self.news = news
        self.tree.clear()
        groups = (
            (self.tr("Nouvelles fiches ({0})"), news.new),
            (self.tr("Mises à jour ({0})"), news.updated),
        )
        for label, items in groups:
            if not items:
                continue
            group = QTreeWidgetItem(self.tree, [label.format(len(items))])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for item in items:
                row = QTreeWidgetItem(
                    group,
                    [
                        item.title,
                        self.kind_label(item.kind, item.source_id),
                        self.format_date(item.synced_at),
                    ],
                )
                row.setData(0, KEY_ROLE, item.key)
                row.setToolTip(0, item.title)
            group.setExpanded(True)
        self.tree.resizeColumnToContents(1)
        if news.items:
            self.summary.setText(
                self.tr("{0} nouvelle(s) fiche(s) et {1} mise(s) à jour reçues.").format(
                    len(news.new), len(news.updated)
                )
            )
            first = self.tree.topLevelItem(0)
            if first is not None and first.childCount():
                self.tree.setCurrentItem(first.child(0))
        else:
            self.summary.setText(self.tr("Rien de nouveau depuis votre dernière visite."))

    def keys(self) -> list[str]:
        """The entry keys listed, in order (tests, and what a person sees)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for i in range(group.childCount()):
                out.append(str(group.child(i).data(0, KEY_ROLE)))
        return out

    def focus_list(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.open_entry.emit(str(key))
