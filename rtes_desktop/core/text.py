"""Accent folding: the one way the application compares French text loosely.

The search index, the plain browse (SQL), the notes filter and the sorting of
sessions all fold with `fold`, so « eleve », « Élevé » and « ÉLEVE » are one word
everywhere. The index's hot loop uses `FOLD_MAP` directly (after lowering).
"""

from __future__ import annotations

import unicodedata

from whoosh.support.charset import accent_map

# Ligatures and apostrophes the stock accent map leaves alone.
_EXTRA_FOLD = {
    ord("œ"): "oe",
    ord("Œ"): "oe",
    ord("æ"): "ae",
    ord("Æ"): "ae",
    ord("’"): "'",
    ord("ʼ"): "'",
}
#: Lower-case character -> its unaccented form (str.translate table).
FOLD_MAP: dict[int, str] = {**accent_map, **_EXTRA_FOLD}


def fold(text: str | None) -> str:
    """Lowercase and strip accents: « Filières » -> « filieres » ("" for None).

    Decomposed input ("e" + U+0301) is composed first, so it folds the same."""
    if not text:
        return ""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.lower().translate(FOLD_MAP)
