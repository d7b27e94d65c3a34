"""The results list: a model of search hits, a delegate drawing each one (title,
kind, French date, theme chips, highlighted snippet, note and tag markers), the
count and sort above it, facet chips, and an empty state that helps."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.gui.common.i18n import format_count, format_date
from rtes_desktop.gui.common.vocabulary import Vocabulary
from rtes_desktop.gui.search.facet_bar import FacetBar
from rtes_desktop.gui.search.result_delegate import ROW_ROLE, ResultDelegate, plain
from rtes_desktop.gui.search.search_controller import ResultsPage

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """The hits of the current search; asks for the next page when scrolled to the end."""

    more_wanted = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._has_more = False
        self._fetching = False
        self.vocabulary = Vocabulary()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["title"]
        if role == KEY_ROLE:
            return row["key"]
        if role == HIT_ROLE:
            return row["hit"]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row["spoken"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row["title"]
        return None

    def _row(self, hit: Any, page: ResultsPage) -> dict[str, Any]:
        voc = self.vocabulary
        kind = voc.kind(hit.kind, hit.source_id)
        themes = [voc.theme(t, hit.source_id) for t in (hit.themes or [])]
        date = format_date(hit.published_at)
        notes = page.note_counts.get(hit.key, 0)
        tags = page.tags.get(hit.key, [])
        snippet = hit.snippet or ""
        found_in = getattr(hit, "found_in", None)
        if found_in:
            # Said before the passage, which comes from that page (issue 14).
            where = html.escape(found_in_label(found_in))
            snippet = f"<i>{where}</i> — {snippet}" if snippet else f"<i>{where}</i>"
        spoken = [hit.title, kind, date]
        if hit.withdrawn:
            spoken.append(self.tr("retirée par l'éditeur"))
        if themes:
            spoken.append(self.tr("thèmes : ") + ", ".join(themes))
        if notes:
            spoken.append(self.tr("{0} note(s)").format(notes))
        if tags:
            spoken.append(self.tr("mes tags : ") + ", ".join(tags))
        if snippet:
            spoken.append(plain(snippet))
        return {
            "key": hit.key,
            "hit": hit,
            "title": hit.title,
            "kind": kind,
            "date": date,
            "themes": themes,
            "snippet": snippet,
            "notes": notes,
            "tags": tags,
            "withdrawn": bool(hit.withdrawn),
            "spoken": " ; ".join(s for s in spoken if s),
        }

    def set_page(self, page: ResultsPage) -> None:
        """Replace the rows by a first page."""
        self.beginResetModel()
        self._rows = [self._row(h, page) for h in page.hits]
        self._has_more = page.has_more
        self._fetching = False
        self.endResetModel()

    def append_page(self, page: ResultsPage) -> None:
        """Add a following page at the end."""
        self._fetching = False
        self._has_more = page.has_more
        if not page.hits:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page.hits) - 1)
        self._rows.extend(self._row(h, page) for h in page.hits)
        self.endInsertRows()

    def keys(self) -> list[str]:
        return [r["key"] for r in self._rows]

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 - Qt API
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit()


class ResultsList(QListView):
    """The list itself: Enter opens the current entry, ↑ on the first row goes back up."""

    open_requested = Signal(str)
    go_up = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            self.open_requested.emit(index.data(KEY_ROLE))
            return
        if event.key() == Qt.Key.Key_Up and (not index.isValid() or index.row() == 0):
            self.go_up.emit()
            return
        super().keyPressEvent(event)


class ResultsView(QWidget):
    """Count, sort, facets, then the list (or the empty state)."""

    entry_activated = Signal(str)  # the user chose an entry (click, Enter)
    entry_selected = Signal(str)  # the current row changed (arrow keys)
    sort_changed = Signal(str)
    suggestion_clicked = Signal(str)
    clear_filters_requested = Signal()
    back_to_search = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPane")
        self.model = ResultsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        header = QWidget(self)
        header.setObjectName("resultsHeader")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(14, 10, 12, 6)
        self.count_label = QLabel(header)
        self.count_label.setObjectName("resultsCount")
        self.count_label.setAccessibleName(self.tr("Nombre de résultats"))
        self.count_label.setTextFormat(Qt.TextFormat.RichText)
        self.count_label.setWordWrap(True)  # never widen the pane for a long notice
        self.count_label.linkActivated.connect(self._on_link)
        hl.addWidget(self.count_label, 1)
        sort_label = QLabel(self.tr("Trier par"), header)
        sort_label.setObjectName("muted")
        hl.addWidget(sort_label)
        self.sort_box = QComboBox(header)
        self.sort_box.addItem(self.tr("Pertinence"), "relevance")
        self.sort_box.addItem(self.tr("Date"), "date")
        self.sort_box.setAccessibleName(self.tr("Trier les résultats par"))
        self.sort_box.setAccessibleDescription(
            self.tr("Pertinence, ou date de publication (récent d'abord)")
        )
        sort_label.setBuddy(self.sort_box)
        self.sort_box.currentIndexChanged.connect(
            lambda i: self.sort_changed.emit(self.sort_box.itemData(i))
        )
        hl.addWidget(self.sort_box)
        layout.addWidget(header)

        self.facets = FacetBar(self)
        layout.addWidget(self.facets)

        self.stack = QStackedWidget(self)
        self.list = ResultsList(self.stack)
        self.list.setObjectName("resultsList")
        self.list.setModel(self.model)
        self.delegate = ResultDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # Rows are drawn to the viewport's width: never a sideways scroll.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName(self.tr("Résultats"))
        self.list.setAccessibleDescription(
            self.tr("Les ressources trouvées ; Entrée ouvre la ressource choisie dans le lecteur.")
        )
        self.list.clicked.connect(lambda ix: self.entry_activated.emit(ix.data(KEY_ROLE)))
        self.list.open_requested.connect(self.entry_activated.emit)
        self.list.go_up.connect(self.back_to_search.emit)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.stack.addWidget(self.list)

        self.empty = QLabel(self.stack)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.empty.setAccessibleName(self.tr("Aucun résultat"))
        self.empty.linkActivated.connect(self._on_link)
        self.empty.setContentsMargins(28, 36, 28, 28)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.model.modelReset.connect(lambda: self.delegate.clear_cache())

    # -- showing a page ------------------------------------------------------------

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        self.model.vocabulary = vocabulary

    def _chain_tab_order(self) -> None:
        """Tab goes down the pane as it reads: the sort, each facet row's chips then its
        « + N », the list. The chips are new widgets at every answer, and Qt would
        put them at the end of the window's order (after the notes)."""
        chain = [self.sort_box, *self.facets.focus_order(), self.list]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def show_page(self, page: ResultsPage, *, indexing: bool = False) -> None:
        """Show the first page of an answer (or append a following one)."""
        if page.page > 1:
            self.model.append_page(page)
            return
        self.model.set_page(page)
        voc = self.model.vocabulary
        self.facets.update_facets(page.facets, page.filters, page.total, voc)
        self._chain_tab_order()
        self._set_sort(page.sort)
        self.count_label.setText(self._count_text(page, indexing))
        if page.total:
            self.stack.setCurrentWidget(self.list)
            self.list.scrollToTop()
        else:
            self.empty.setText(self._empty_text(page))
            self.stack.setCurrentWidget(self.empty)

    def _set_sort(self, sort: str) -> None:
        i = self.sort_box.findData(sort)
        if i >= 0 and i != self.sort_box.currentIndex():
            self.sort_box.blockSignals(True)
            self.sort_box.setCurrentIndex(i)
            self.sort_box.blockSignals(False)

    def _count_text(self, page: ResultsPage, indexing: bool) -> str:
        if page.query.strip():
            text = "<b>" + html.escape(format_count(page.total, self.tr("résultat"))) + "</b>"
        else:
            text = "<b>" + html.escape(format_count(page.total, self.tr("ressource"))) + "</b>"
        if page.suggestion and page.total:
            text += " · " + self.tr("essayez aussi {0}").format(_link_suggest(page.suggestion))
        if indexing and page.query.strip() and not page.from_index:
            text += (
                " · <span style='color:gray'>"
                + self.tr("titres et résumés seulement, index en préparation")
                + "</span>"
            )
        return text

    def _empty_text(self, page: ResultsPage) -> str:
        q = html.escape(page.query.strip())
        tips: list[str] = []
        if page.suggestion:
            tips.append(
                self.tr("vérifiez l'orthographe : {0}").format(_link_suggest(page.suggestion))
            )
        if page.filters:
            tips.append(self.tr("<a href='clear:'>retirer les filtres</a>"))
        if len(page.query.split()) > 1:
            tips.append(self.tr("moins de mots"))
        tips.append(self.tr("un mot plus général, ou un synonyme"))
        if q:
            head = self.tr("Aucun résultat pour « {0} »").format(q)
        elif page.filters:
            head = self.tr("Aucune ressource avec ces filtres")
        else:
            head = self.tr("La bibliothèque est vide")
            tips = [self.tr("synchronisez la source du réseau (F5) ou un fichier .zip")]
        try_these = self.tr("Essayez :")
        return (
            f"<p style='font-size:large'>{head}</p>"
            f"<p>{try_these}</p><ul>" + "".join(f"<li>{t}</li>" for t in tips) + "</ul>"
        )

    def _on_link(self, href: str) -> None:
        if href.startswith("suggest:"):
            self.suggestion_clicked.emit(href.removeprefix("suggest:"))
        elif href == "clear:":
            self.clear_filters_requested.emit()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.entry_selected.emit(current.data(KEY_ROLE))

    def focus_list(self) -> None:
        """Give the keyboard to the list, on its first row if none is current."""
        if self.model.rowCount() == 0:
            return
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0))

    def select_key(self, key: str) -> None:
        """Make the row of `key` current (without opening it again)."""
        for row, k in enumerate(self.model.keys()):
            if k == key:
                self.list.selectionModel().blockSignals(True)
                self.list.setCurrentIndex(self.model.index(row))
                self.list.selectionModel().blockSignals(False)
                self.list.viewport().update()
                return

    def row_rect(self, key: str) -> QRect:
        for row, k in enumerate(self.model.keys()):
            if k == key:
                return self.list.visualRect(self.model.index(row))
        return QRect()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(440, 600)


def _link_suggest(word: str) -> str:
    w = html.escape(word)
    return f"<a href='suggest:{w}'>{w}</a>"


def found_in_label(found_in: list[dict[str, Any]]) -> str:
    """« dans le PDF « Guide filières », p. 23 » (pp. 4, 23 for several pages of it)."""
    first = str(found_in[0]["attachment"])
    name = first[:-4] if first.lower().endswith(".pdf") else first
    pages = [str(f["page"]) for f in found_in if f["attachment"] == first]
    if len(pages) == 1:
        return QCoreApplication.translate("ResultsModel", "dans le PDF « {0} », p. {1}").format(
            name, pages[0]
        )
    return QCoreApplication.translate("ResultsModel", "dans le PDF « {0} », pp. {1}").format(
        name, ", ".join(pages)
    )
