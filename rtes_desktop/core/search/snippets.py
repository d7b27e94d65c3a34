"""Highlighted passages for the results shown (and only those).

The stored text is re-analysed word by word with the same French chain, so a
query for "filiere" highlights "filières". The passage is the window of about
`WINDOW` words holding the most distinct query terms; the text is
HTML-escaped and only the matched words are wrapped in <b>…</b>.
"""

from __future__ import annotations

import html
import unicodedata

from rtes_desktop.core.search.analysis import word_spans

WINDOW = 30  # words in a passage
MAX_CHARS = 240


def _normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFC", text)
    return text


def best_passage(
    text: str, stems: set[str], words: set[str]
) -> tuple[int, list[tuple[int, int]], int, int]:
    """(distinct terms found, matched spans in the window, window start, end)."""
    spans = list(word_spans(text))
    if not spans:
        return 0, [], 0, min(len(text), MAX_CHARS)
    hits = [i for i, (_, _, word, st) in enumerate(spans) if st in stems or word in words]
    if not hits:
        return 0, [], spans[0][0], spans[min(len(spans), WINDOW) - 1][1]
    best = (0, 0)  # (distinct, first hit index in `hits`)
    j = 0
    for i in range(len(hits)):
        while hits[i] - hits[j] >= WINDOW:
            j += 1
        distinct = len({spans[h][3] for h in hits[j : i + 1]})
        if distinct > best[0]:
            best = (distinct, j)
    first = hits[best[1]]
    start_word = max(0, first - 4)  # a little context before the first match
    end_word = min(len(spans), start_word + WINDOW) - 1
    window_hits = [(spans[h][0], spans[h][1]) for h in hits if start_word <= h <= end_word]
    return best[0], window_hits, spans[start_word][0], spans[end_word][1]


def snippet(texts: list[str], stems: set[str], words: set[str]) -> str:
    """The best highlighted passage among `texts` (summary, body, notes…)."""
    best: tuple[int, str, list[tuple[int, int]], int, int] | None = None
    for text in texts:
        if not text:
            continue
        text = _normalise(text)
        found, spans, start, end = best_passage(text, stems, words)
        if best is None or found > best[0]:
            best = (found, text, spans, start, end)
    if best is None:
        return ""
    _, text, spans, start, end = best
    # Start at a sentence or line start when one is close.
    cut = max(
        text.rfind(". ", max(0, start - 60), start), text.rfind("\n", max(0, start - 60), start)
    )
    if cut >= 0:
        start = cut + 1
    while start < len(text) and text[start] in " \n\t":
        start += 1
    end = min(len(text), max(end, start + 1))
    if end - start > MAX_CHARS + 80:
        end = start + MAX_CHARS + 80
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(html.escape(_flatten(text[pos:s]), quote=False))
        out.append("<b>" + html.escape(text[s:e], quote=False) + "</b>")
        pos = e
    out.append(html.escape(_flatten(text[pos:end]), quote=False))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()


def _flatten(text: str) -> str:
    """One line of plain text: Markdown emphasis and headings markers dropped,
    whitespace collapsed (keeping a space at either end if there was one)."""
    text = text.replace("**", "").replace("__", "").replace("#", "")
    core = " ".join(text.split())
    if not core:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + core + (" " if text[-1].isspace() else "")
