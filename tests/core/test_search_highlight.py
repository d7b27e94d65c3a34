"""The reader's highlighting: the search's own analysis, spans in the caller's text."""

from __future__ import annotations

import unicodedata

from rtes_desktop.core.search import highlight_spans


def marked(query: str, text: str, thesaurus=None) -> list[str]:
    return [text[s:e] for s, e in highlight_spans(query, text, thesaurus)]


def test_accents_and_plurals():
    text = "Structurer les filières locales : une filière, des Filieres."
    assert marked("filiere", text) == ["filières", "filière", "Filieres"]
    assert marked("filières", text) == ["filières", "filière", "Filieres"]


def test_acronym_and_its_thesaurus_expansion(demo_search):
    _library, service = demo_search
    text = (
        "Le SIEG, ou services d'intérêt économique général, encadre le mandatement. "
        "Des services existent aussi ailleurs, d'intérêt général."
    )
    # The acronym typed finds its expression; the lone words elsewhere stay plain.
    assert marked("sieg", text, service.thesaurus()) == [
        "SIEG",
        "services d'intérêt économique général",
    ]
    assert marked("sieg", text) == ["SIEG"]  # no thesaurus: the word alone


def test_quoted_phrase_only_where_its_words_follow():
    text = "L'économie sociale et solidaire ; une économie plus sociale."
    assert marked('"économie sociale"', text) == ["économie sociale"]
    assert marked("économie sociale", text) == ["économie", "sociale", "économie", "sociale"]


def test_word_being_typed_finds_the_words_it_starts():
    assert marked("coop", "Les coopératives et la coopération.") == ["coopératives", "coopération"]


def test_excluded_words_stop_words_and_empty_queries_highlight_nothing():
    text = "Les marchés réservés et la commande publique."
    assert marked("-marchés commande", text) == ["commande"]
    assert marked("les", text) == []
    assert highlight_spans("   ", text) == []


def test_offsets_are_those_of_a_decomposed_text():
    text = unicodedata.normalize("NFD", "Les filières et l'intérêt général.")
    assert marked("filiere interet", text) == [
        unicodedata.normalize("NFD", "filières"),
        unicodedata.normalize("NFD", "intérêt"),
    ]
