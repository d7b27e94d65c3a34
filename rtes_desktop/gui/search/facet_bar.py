"""Facet chips above the results: kind, theme, year, region and tag values with their
counts. Clicking one narrows the list; an active filter shows as a filled chip with ✕.

One line per facet keeps the list in view: the chips that do not fit the width go
into a « + N » menu, recomputed when the pane is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtes_desktop.core.models import FACETS
from rtes_desktop.gui.common.i18n import format_number
from rtes_desktop.gui.common.vocabulary import Vocabulary

# Marked for lupdate; translated at display time with the "FacetBar" context.
FACET_TITLES = {
    "kind": QT_TRANSLATE_NOOP("FacetBar", "Type"),
    "theme": QT_TRANSLATE_NOOP("FacetBar", "Thème"),
    "year": QT_TRANSLATE_NOOP("FacetBar", "Année"),
    "region": QT_TRANSLATE_NOOP("FacetBar", "Région"),
    "tag": QT_TRANSLATE_NOOP("FacetBar", "Mes tags"),
    "source": QT_TRANSLATE_NOOP("FacetBar", "Source"),
}
TITLE_WIDTH = 64
SPACING = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate("FacetBar", text)


def button_text(text: str) -> str:
    """Button text shown as is: « & » would otherwise underline the next letter."""
    return text.replace("&", "&&")


def fitting_chips(widths: list[int], room: int, more_width: int) -> frozenset[int]:
    """Which chips (indexes, in their order: most results first) show in `room`.

    A chip too wide for what is left is skipped, not a wall: the shorter ones after
    it still show (« SIEG (3) » was hidden in « + 10 » behind a long label with the
    same count). The « + N » button's room is kept once anything goes to it; the
    first chip always shows.
    """
    if sum(w + SPACING for w in widths) <= room:
        return frozenset(range(len(widths)))
    room -= more_width + SPACING
    used, shown = 0, set()
    for i, w in enumerate(widths):
        if used + w + SPACING <= room or not shown:
            used += w + SPACING
            shown.add(i)
    return frozenset(shown)


class FacetRow(QWidget):
    """One facet: its title, then as many chips as fit, then « + N »."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.chips: list[tuple[QPushButton, str, object]] = []  # button, menu label, callback
        self._visible: frozenset[int] | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(SPACING)
        # The row decides what fits (see _fit): the layout must not impose a minimum.
        line.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.title = QLabel(title, self)
        self.title.setObjectName("facetTitle")
        self.title.setFixedWidth(TITLE_WIDTH)
        line.addWidget(self.title)
        self._line = line
        self.more = QToolButton(self)
        self.more.setObjectName("chipMore")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        menu.aboutToShow.connect(self._fill_menu)
        self.more.setMenu(menu)
        self.more.hide()
        self._tail = QWidget(self)
        self._tail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def add_chip(self, chip: QPushButton, menu_label: str, callback: object) -> None:
        self.chips.append((chip, menu_label, callback))
        self._line.addWidget(chip)

    def finish(self) -> None:
        self._line.addWidget(self.more)
        self._line.addWidget(self._tail, 1)
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        if width <= 0:
            return
        visible = fitting_chips(
            [c.sizeHint().width() for c, _l, _cb in self.chips],
            width - TITLE_WIDTH - SPACING,
            self.more.sizeHint().width(),
        )
        if visible == self._visible:
            return  # the same chips fit: nothing to redo (resizes come often)
        self._visible = visible
        hidden = [i for i in range(len(self.chips)) if i not in visible]
        for i, (chip, _label, _cb) in enumerate(self.chips):
            chip.setVisible(i in visible)
        self.more.menu().clear()  # filled when it opens (_fill_menu): most never do
        self.more.setText(f"+ {len(hidden)}")
        self.more.setAccessibleName(
            QCoreApplication.translate("FacetBar", "Autres valeurs de {0} ({1})").format(
                self.title.text(), len(hidden)
            )
        )
        self.more.setVisible(bool(hidden))

    def hidden_labels(self) -> list[str]:
        """The values in the « + N » menu, in order."""
        return [label for i, (_c, label, _cb) in enumerate(self.chips) if i not in self._visible]

    def _fill_menu(self) -> None:
        menu = self.more.menu()
        menu.clear()
        for i, (_chip, label, callback) in enumerate(self.chips):
            if i not in self._visible:
                menu.addAction(button_text(label)).triggered.connect(callback)

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        hint.setWidth(TITLE_WIDTH + 60)
        return hint


class FacetBar(QWidget):
    """One row per facet; rebuilt for each first page of results."""

    filter_requested = Signal(str, object)  # facet, value or None (remove)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetBar")
        self.setAccessibleName(self.tr("Filtres"))
        self.setAccessibleDescription(
            self.tr(
                "Affiner les résultats par type, thème, année, région ou tag ; "
                "un filtre actif se retire par ✕."
            )
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 2, 12, 8)
        self._layout.setSpacing(5)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.chips: dict[tuple[str, str], QPushButton] = {}
        self.rows: dict[str, FacetRow] = {}

    def update_facets(
        self,
        facets: dict[str, dict[str, int]],
        active: dict[str, str],
        total: int,
        vocabulary: Vocabulary,
    ) -> None:
        """Rebuild the rows for new counts (a few dozen buttons at most)."""
        self.setUpdatesEnabled(False)
        try:
            while self._layout.count():
                item = self._layout.takeAt(0)
                widget = item.widget()
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
            self.chips = {}
            self.rows = {}
            for facet in FACETS:
                if facet in active:
                    self._row(facet, [], active[facet], vocabulary)
                    continue
                # A value every result has would not narrow anything: leave it out.
                values = facets.get(facet, {})
                useful = [(v, n) for v, n in values.items() if 0 < n < total]
                if useful and facet != "source":
                    self._row(facet, useful, None, vocabulary)
            if active:
                clear = QPushButton(self.tr("Effacer les filtres"), self)
                clear.setObjectName("linkButton")
                clear.setCursor(Qt.CursorShape.PointingHandCursor)
                clear.setAccessibleName(self.tr("Effacer tous les filtres"))
                clear.clicked.connect(self.clear_requested.emit)
                self._layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
        finally:
            self.setUpdatesEnabled(True)
        self.setVisible(self._layout.count() > 0)

    def focus_order(self) -> list[QWidget]:
        """The bar's buttons as they read: row by row, chips then « + N », then
        « Effacer les filtres » (hidden ones are skipped by Tab anyway)."""
        order: list[QWidget] = []
        for i in range(self._layout.count()):
            widget = self._layout.itemAt(i).widget()
            if isinstance(widget, FacetRow):
                order += [chip for chip, _label, _cb in widget.chips] + [widget.more]
            elif widget is not None:
                order.append(widget)
        return order

    def _row(
        self,
        facet: str,
        values: list[tuple[str, int]],
        active: str | None,
        vocabulary: Vocabulary,
    ) -> None:
        title = _tr(FACET_TITLES.get(facet, facet))
        row = FacetRow(title, self)
        if active is not None:
            label = vocabulary.label(facet, active)
            chip = self._chip(row, f"{label}  ✕", facet, None, checked=True)
            chip.setAccessibleName(self.tr("Retirer le filtre {0} : {1}").format(title, label))
            chip.setToolTip(self.tr("Retirer ce filtre"))
            row.add_chip(chip, label, chip.click)
        else:
            if facet == "year":
                values = sorted(values, key=lambda kv: kv[0], reverse=True)
            for value, count in values:
                label = vocabulary.label(facet, value)
                shown = format_number(count)
                chip = self._chip(row, f"{label} ({shown})", facet, value)
                chip.setAccessibleName(
                    self.tr("Filtrer par {0} : {1}, {2} résultats").format(title, label, count)
                )
                row.add_chip(
                    chip,
                    f"{label}  ({shown})",
                    lambda _=False, f=facet, v=value: self.filter_requested.emit(f, v),
                )
        row.finish()
        self.rows[facet] = row
        self._layout.addWidget(row)

    def _chip(
        self, parent: QWidget, text: str, facet: str, value: str | None, *, checked: bool = False
    ) -> QPushButton:
        chip = QPushButton(button_text(text), parent)
        chip.setObjectName("chip")
        chip.setCheckable(True)
        chip.setChecked(checked)
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        # A click must not toggle the look before the answer arrives: the bar is
        # rebuilt from the new state anyway.
        def clicked(_: bool = False) -> None:
            chip.setChecked(checked)
            self.filter_requested.emit(facet, value)

        chip.clicked.connect(clicked)
        self.chips[(facet, value if value is not None else "")] = chip
        return chip
