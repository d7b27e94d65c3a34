"""Facet chips that fit show, even after a wider one that does not (issue 13, item 9:
« SIEG » was hidden in « + 10 » while a chip with the same count showed)."""

from __future__ import annotations

from rtes_desktop.gui.common.vocabulary import Vocabulary
from rtes_desktop.gui.search.facet_bar import FacetBar, fitting_chips


def test_a_short_chip_after_a_long_one_still_shows(qtbot):
    bar = FacetBar()
    qtbot.addWidget(bar)
    bar.resize(520, 200)
    bar.show()
    voc = Vocabulary()
    voc._themes_any = {
        "ess": "ESS",
        "commande": "Commande publique socialement responsable et clauses d'insertion",
        "sieg": "SIEG",
    }
    # Most results first, ties by id: ESS (7), then the long label and SIEG (3 each).
    facets = {"theme": {"ess": 7, "commande": 3, "sieg": 3}}
    bar.update_facets(facets, {}, 20, voc)
    qtbot.waitUntil(lambda: bar.chips[("theme", "ess")].isVisible())
    row = bar.rows["theme"]
    shown = [label for chip, label, _cb in row.chips if chip.isVisible()]
    assert shown == ["ESS  (7)", "SIEG  (3)"]  # before: only ESS, SIEG behind « + 2 »
    assert row.hidden_labels() == [
        "Commande publique socialement responsable et clauses d'insertion  (3)"
    ]
    assert row.more.isVisible() and row.more.text() == "+ 1"


def test_fitting_keeps_room_for_the_more_button():
    assert fitting_chips([50, 50], 200, 40) == {0, 1}
    assert fitting_chips([100, 300, 50, 50], 240, 40) == {0, 2}
    assert fitting_chips([500], 100, 40) == {0}  # the first one always shows
