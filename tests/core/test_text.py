"""The one accent-folding function, as every part of the application uses it."""

from __future__ import annotations

from rtes_desktop.core import browse
from rtes_desktop.core.search import analysis
from rtes_desktop.core.text import fold


def test_fold_lowers_and_strips_accents_ligatures_and_curly_apostrophes() -> None:
    assert fold("Filières ÉLEVÉES") == "filieres elevees"
    assert fold("Cœur d’Œuvre") == "coeur d'oeuvre"
    assert fold("e\u0301le\u0300ve") == "eleve"  # decomposed accents fold the same
    assert fold(None) == "" and fold("") == ""


def test_search_and_browse_fold_with_the_same_function() -> None:
    # One function, not copies that drift: a word folded for the index is the
    # word folded for the plain browse and the notes filter.
    assert analysis.fold is fold and browse.fold is fold
