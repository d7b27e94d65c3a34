"""Highlighted passages for the results shown (and only those).

Matching is by the same French analysis as the index, so a query for
"filiere" highlights "filières". To stay cheap on long texts, the text is
folded once and searched (in C) for each query stem; only the words found
there are analysed. The passage is the stretch of about `MAX_CHARS`
characters holding the most distinct query terms; it is HTML-escaped and only
the matched words are wrapped in <b>…</b>.
"""

from __future__ import annotations

import html
import re
import unicodedata

from rtes_desktop.core.search.analysis import FOLD_MAP, stem, word_spans

MAX_CHARS = 240
LEAD_CHARS = 50  # context kept before the first highlighted word

_WORD_AT = re.compile(r"\w+")
_LENGTH_KEEPING_FOLD = {k: v for k, v in FOLD_MAP.items() if len(v) == 1}


def _normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFC", text)
    return text


def find_hits(text: str, stems: set[str], words: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` matching a query term."""
    folded = text.lower().translate(_LENGTH_KEEPING_FOLD)
    if len(folded) != len(text):  # a rare character changed length: analyse it all
        return [
            (s, e, st if st in stems else w)
            for s, e, w, st in word_spans(text)
            if st in stems or w in words
        ]
    found: dict[int, tuple[int, int, str]] = {}
    # A stem is usually a prefix of its words, but not always ("généraux" ->
    # "general"): look for the stem less two letters, then check the stem.
    targets = {t[:-2] if len(t) >= 5 else t for t in stems} | words
    for target in targets:
        if not target:
            continue
        i = folded.find(target)
        while i >= 0:
            if i == 0 or not (folded[i - 1].isalnum() or folded[i - 1] == "_"):
                m = _WORD_AT.match(folded, i)
                if m is not None and i not in found:
                    word = m.group()
                    if word in words or stem(word) in stems:
                        found[i] = (i, m.end(), stem(word))
            i = folded.find(target, i + 1)
    return sorted(found.values())


def _best_window(hits: list[tuple[int, int, str]]) -> tuple[int, int]:
    """(distinct terms, index of the first hit) of the best stretch."""
    best = (0, 0)
    j = 0
    for i in range(len(hits)):
        while hits[i][1] - hits[j][0] > MAX_CHARS - LEAD_CHARS:
            j += 1
        distinct = len({h[2] for h in hits[j : i + 1]})
        if distinct > best[0]:
            best = (distinct, j)
    return best


def snippet(texts: list[str], stems: set[str], words: set[str]) -> str:
    """The best highlighted passage among `texts` (summary, body, notes…)."""
    choice: tuple[int, str, list[tuple[int, int, str]], int] | None = None
    for text in texts:
        if not text:
            continue
        text = _normalise(text)
        hits = find_hits(text, stems, words)
        distinct, first = _best_window(hits) if hits else (0, 0)
        if choice is None or distinct > choice[0]:
            choice = (distinct, text, hits, first)
    if choice is None:
        return ""
    _, text, hits, first = choice
    anchor = hits[first][0] if hits else 0
    start = max(0, anchor - LEAD_CHARS)
    # Start at a sentence, line or at least a word boundary.
    cut = max(text.rfind(". ", start, anchor), text.rfind("\n", start, anchor))
    if cut >= 0:
        start = cut + 1
    elif start > 0:
        space = text.find(" ", start, anchor)
        start = space + 1 if space >= 0 else anchor
    while start < len(text) and text[start].isspace():
        start += 1
    end = min(len(text), start + MAX_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + MAX_CHARS // 2:
            end = space
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e, _ in hits:
        if s < pos or e > end:
            continue
        out.append(html.escape(_flatten(text[pos:s]), quote=False))
        out.append("<b>" + html.escape(text[s:e], quote=False) + "</b>")
        pos = e
    out.append(html.escape(_flatten(text[pos:end]), quote=False))
    if end < len(text):
        out.append("…")
    # A passage that starts or ends on a table's edge: no dangling « · ».
    passage = _DOTS.sub("·", "".join(out)).strip()
    return _EDGE_DOTS.sub(lambda m: m.group(1) or m.group(2) or "", passage)


#: Markdown syntax a snippet shows as plain text: a table's rule line (|---|:--:|),
#: link targets (](url)), list and quote markers at a line's start, code ticks.
_TABLE_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_LINE_MARK = re.compile(r"(^|\n)[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,3}[.)])?[ \t]+")
_CELLS = re.compile(r"\s*\|\s*")
_DOTS = re.compile(r"·(?:\s*·)+")
_EDGE_DOTS = re.compile(r"^(…?)\s*·\s*|\s*·\s*(…?)$")


def _flatten(text: str) -> str:
    """One line of plain text: Markdown markers dropped (emphasis, headings, links,
    lists, quotes), table cells separated by « · » rather than raw pipes, whitespace
    collapsed (keeping a space at either end if there was one)."""
    text = _TABLE_RULE.sub(" ", text)
    text = _LINK_TARGET.sub("", text)
    text = _LINE_MARK.sub(r"\1 ", text)
    for mark in ("**", "__", "~~", "`", "#", "["):
        text = text.replace(mark, "")
    text = _DOTS.sub("·", _CELLS.sub(" · ", text))
    core = " ".join(text.split())
    if not core:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + core + (" " if text[-1].isspace() else "")
