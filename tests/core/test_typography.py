"""French typography of the handout: no-break spaces where French wants them."""

from __future__ import annotations

from rtes_desktop.core.typography import (
    french_spacing,
    french_spacing_html,
    french_spacing_markdown,
)


def test_spaces_before_tall_punctuation_and_inside_guillemets():
    assert french_spacing("Attention : « cité » ; vrai ? oui !") == (
        "Attention\u00a0: «\u00a0cité\u00a0»\u202f; vrai\u202f? oui\u202f!"
    )
    assert french_spacing("«serré»") == "«\u00a0serré\u00a0»"


def test_times_and_addresses_untouched():
    text = "À 10:15, voir https://www.rtes.fr/a?b=1 et mailto:x@y.fr"
    assert french_spacing(text) == text


def test_html_tags_and_code_left_alone():
    fragment = '<p title="a : b">Mot : <code>x : y</code> <a href="https://e.fr/?q">fin ?</a></p>'
    assert french_spacing_html(fragment) == (
        '<p title="a : b">Mot\u00a0: <code>x : y</code> <a href="https://e.fr/?q">fin\u202f?</a></p>'
    )


def test_markdown_code_left_alone():
    text = "Question ?\n\n```\na : b\n```\n\nAvec `x : y` dedans : oui"
    assert french_spacing_markdown(text) == (
        "Question\u202f?\n\n```\na : b\n```\n\nAvec `x : y` dedans\u00a0: oui"
    )
