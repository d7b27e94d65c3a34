"""The sidebar: the library by kind and by the publisher's themes, « Mes tags »,
« Mes notes », « Mes sessions » and the sources, each with its count. Choosing an
item sets the scope of the results list (one filter) or opens the notes or
sessions view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from rtes_desktop.gui.common.i18n import format_number
from rtes_desktop.gui.common.links import plain_tooltip
from rtes_desktop.gui.search.search_controller import SidebarData

ROLE_SCOPE = Qt.ItemDataRole.UserRole + 1

ALL = ("all", "")
NOTES = ("notes", "")
SESSIONS = ("sessions", "")
RECHECK = ("recheck", "")  # « À revérifier »: notes whose fiche changed (issue 11)
NEWS = ("news", "")


class Sidebar(QTreeWidget):
    """An accessible tree; arrow keys move through it and apply the scope."""

    scope_selected = Signal(object, object)  # facet or None, value or None
    notes_selected = Signal()
    sessions_selected = Signal()
    recheck_selected = Signal()
    news_selected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setAccessibleName(self.tr("Bibliothèque"))
        self.setAccessibleDescription(
            self.tr(
                "Parcourir la bibliothèque par type, par thème, par tag personnel ou par "
                "source ; « Mes notes » ouvre la liste de vos notes, « Mes sessions » vos "
                "sessions de formation."
            )
        )
        self._sections: dict[str, QTreeWidgetItem] = {}
        self._expanded = {"kind": True, "theme": True, "tag": True, "source": True}
        self._current: tuple[str, str] = ALL
        self.currentItemChanged.connect(self._on_current)
        self.itemExpanded.connect(lambda it: self._remember_expanded(it, True))
        self.itemCollapsed.connect(lambda it: self._remember_expanded(it, False))

    # -- filling ----------------------------------------------------------------

    def populate(self, data: SidebarData) -> None:
        """Fill the tree from fresh counts, keeping the selection and what was open."""
        self.blockSignals(True)
        try:
            self.clear()
            self._sections = {}
            self._leaf(None, self.tr("Toutes les ressources"), data.total, ALL, bold=True)
            if data.news:  # until seen (core/news.py)
                self._leaf(None, self.tr("Nouveautés"), data.news, NEWS, bold=True)
            self._section("kind", self.tr("Par type"), [(k[1], k[2], k[0], "") for k in data.kinds])
            self._section(
                "theme", self.tr("Par thème"), [(t[1], t[3], t[0], t[2]) for t in data.themes]
            )
            tags = [(name, n, name, "") for name, n in data.tags]
            self._section(
                "tag",
                self.tr("Mes tags"),
                tags,
                empty=self.tr("Aucun tag pour l'instant"),
            )
            self._leaf(None, self.tr("Mes notes"), data.notes, NOTES, bold=True)
            if data.stale:  # shown only while some note asks to be re-read
                self._leaf(None, self.tr("À revérifier"), data.stale, RECHECK, bold=True)
            self._leaf(None, self.tr("Mes sessions"), data.sessions, SESSIONS, bold=True)
            self._section(
                "source",
                self.tr("Sources"),
                [
                    (name + (self.tr(" (démonstration)") if demo else ""), n, sid, "")
                    for sid, name, n, demo in data.sources
                ],
                empty=self.tr("Aucune source"),
            )
            self._reselect()
        finally:
            self.blockSignals(False)

    # -- counts from a change (no regathering: a note typed or a tag added) -----------

    def set_count(self, scope: tuple[str, str], count: int) -> None:
        """Show `count` on the row of `scope` (« Mes notes », « Mes sessions », a tag)."""
        for item in self._items():
            if item.data(0, ROLE_SCOPE) == scope:
                _show_count(item, count)

    def count_of(self, scope: tuple[str, str]) -> int | None:
        """The count the row of `scope` shows (None: no such row)."""
        for item in self._items():
            if item.data(0, ROLE_SCOPE) == scope:
                return _count(item)
        return None

    def remove_row(self, scope: tuple[str, str]) -> None:
        """Take the row of `scope` away (« Nouveautés » once seen)."""
        for i in range(self.topLevelItemCount()):
            if self.topLevelItem(i).data(0, ROLE_SCOPE) == scope:
                self.blockSignals(True)
                try:
                    self.takeTopLevelItem(i)
                finally:
                    self.blockSignals(False)
                return

    def add_to_count(self, scope: tuple[str, str], delta: int) -> None:
        """A note created (+1) or deleted (-1): the count moves by `delta`."""
        current = self.count_of(scope)
        if current is not None:
            self.set_count(scope, max(0, current + delta))

    def adjust_tag(self, name: str, delta: int) -> None:
        """Tag `name` put on (+1) or taken off (-1) one entry: its row's count
        changes; a new tag gets a row, a tag left on nothing loses it."""
        head = self._sections.get("tag")
        if head is None:
            return
        rows = [head.child(i) for i in range(head.childCount())]
        row = next(
            (
                r
                for r in rows
                if (r.data(0, ROLE_SCOPE) or ("", ""))[1].casefold() == name.casefold()
            ),
            None,
        )
        if row is not None:
            count = (_count(row) or 0) + delta
            if count > 0:
                _show_count(row, count)
                return
            if self._current == tuple(row.data(0, ROLE_SCOPE)):
                self._current = ALL
            head.removeChild(row)
            if head.childCount() == 0:
                hint = QTreeWidgetItem([self.tr("Aucun tag pour l'instant"), ""])
                hint.setFlags(Qt.ItemFlag.NoItemFlags)
                head.addChild(hint)
            return
        if delta <= 0:
            return
        for r in rows:
            if not r.data(0, ROLE_SCOPE):
                head.removeChild(r)  # « Aucun tag pour l'instant »
        item = self._leaf(None, name, delta, ("tag", name))
        self.takeTopLevelItem(self.indexOfTopLevelItem(item))
        names = [head.child(i).text(0).casefold() for i in range(head.childCount())]
        index = next((i for i, n in enumerate(names) if n > name.casefold()), len(names))
        head.insertChild(index, item)

    def _leaf(
        self,
        parent: QTreeWidgetItem | None,
        label: str,
        count: int | None,
        scope: tuple[str, str],
        *,
        bold: bool = False,
        tooltip: str = "",
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setData(0, ROLE_SCOPE, scope)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        if tooltip:
            item.setToolTip(0, plain_tooltip(tooltip))
        if count is not None:
            _show_count(item, count)
        if bold:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _section(
        self,
        facet: str,
        title: str,
        rows: list[tuple[str, int, str, str]],
        *,
        empty: str = "",
    ) -> None:
        head = QTreeWidgetItem([title, ""])
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a choice
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        self.addTopLevelItem(head)
        self._sections[facet] = head
        for label, count, value, tip in rows:
            self._leaf(head, label, count, (facet, value), tooltip=tip)
        if not rows and empty:
            hint = QTreeWidgetItem([empty, ""])
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            head.addChild(hint)
        head.setExpanded(self._expanded.get(facet, True))

    def _remember_expanded(self, item: QTreeWidgetItem, expanded: bool) -> None:
        for facet, head in self._sections.items():
            if head is item:
                self._expanded[facet] = expanded

    # -- selection ------------------------------------------------------------------

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append(top)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def _reselect(self) -> None:
        for item in self._items():
            if item.data(0, ROLE_SCOPE) == self._current:
                self.setCurrentItem(item)
                return
        self.setCurrentItem(None)

    def show_scope(
        self,
        filters: dict[str, str],
        notes_view: bool = False,
        sessions_view: bool = False,
        news_view: bool = False,
    ) -> None:
        """Reflect the active filters without emitting anything."""
        if news_view:
            self._current = NEWS
        elif sessions_view:
            self._current = SESSIONS
        elif notes_view:
            self._current = NOTES
        elif not filters:
            self._current = ALL
        elif len(filters) == 1:
            facet, value = next(iter(filters.items()))
            self._current = (facet, value)
        else:
            self._current = ("", "")
        self.blockSignals(True)
        try:
            self._reselect()
        finally:
            self.blockSignals(False)

    def _on_current(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        scope = item.data(0, ROLE_SCOPE)
        if not scope:
            return
        self._current = tuple(scope)  # type: ignore[assignment]
        if scope == NOTES:
            self.notes_selected.emit()
        elif scope == SESSIONS:
            self.sessions_selected.emit()
        elif scope == RECHECK:
            self.recheck_selected.emit()
        elif scope == NEWS:
            self.news_selected.emit()
        elif scope == ALL:
            self.scope_selected.emit(None, None)
        else:
            self.scope_selected.emit(scope[0], scope[1])

    def select_scope(self, scope: tuple[str, str]) -> bool:
        """Choose the row of `scope` (emits, like a click); False if there is none."""
        for item in self._items():
            if item.data(0, ROLE_SCOPE) == scope:
                if self.currentItem() is item:
                    self._on_current(item, None)
                else:
                    self.setCurrentItem(item)  # emits through currentItemChanged, once
                return True
        return False

    def select_all(self) -> None:
        """« Toutes les ressources » (emits, like a click)."""
        for item in self._items():
            if item.data(0, ROLE_SCOPE) == ALL:
                self.setCurrentItem(item)
                self._on_current(item, None)
                return


ROLE_COUNT = Qt.ItemDataRole.UserRole + 7  # the number itself; the text is formatted


def _count(item: QTreeWidgetItem) -> int | None:
    value = item.data(1, ROLE_COUNT)
    return int(value) if isinstance(value, int) else None


def _show_count(item: QTreeWidgetItem, count: int) -> None:
    # « 3 008 » / "3,008": the same number as the list's count, in the UI language.
    item.setText(1, format_number(count))
    item.setData(1, ROLE_COUNT, count)
    # What a screen reader says for the row: « SIEG, 5 ressources ».
    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{item.text(0)}, {count}")
