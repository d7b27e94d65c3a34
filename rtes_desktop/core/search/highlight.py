"""Where a query's words are in a text: the spans the reader highlights.

The same analysis as the search itself (`query.parse` with the thesaurus, and
`analysis.word_spans`): "filiere" finds « filières », "sieg" finds « SIEG » and,
through the thesaurus, « services d'intérêt économique général », the word being
typed finds the words it starts. Expressions (a quoted phrase, a thesaurus
expression of several words) are highlighted where their words follow each
other, not word by word all over the text: the reader shows whole passages,
where « services » alone everywhere would be noise.
"""

from __future__ import annotations

import unicodedata

from rtes_desktop.core.search.analysis import light, word_spans
from rtes_desktop.core.search.query import Thesaurus, parse


class QueryHighlighter:
    """A query analysed once, to find in many texts (the blocks of a page)."""

    def __init__(self, query: str, thesaurus: Thesaurus | None = None) -> None:
        self.single: set[str] = set()
        self.sequences: list[tuple[str, ...]] = []
        self.prefixes: list[str] = []
        # Acronyms match as the word itself (« SIEG », not « siéger »): compared by
        # their light form, not their stem, as the search does.
        self.exact: set[str] = set()
        self.exact_sequences: list[tuple[str, ...]] = []
        if not query.strip():
            return
        for clause in parse(query, thesaurus or Thesaurus()).positive:
            if clause.prefix:
                self.prefixes.append(clause.prefix)
            for alt in clause.alts:
                if alt.field == "exact":
                    # Without words: the prefix completions, found by `prefixes`.
                    if len(alt.stems) == 1:
                        self.exact.add(alt.stems[0])
                    elif alt.stems:
                        self.exact_sequences.append(tuple(alt.stems))
                    continue
                if len(alt.stems) == 1:
                    self.single.add(alt.stems[0])
                elif alt.stems:
                    self.sequences.append(tuple(alt.stems))

    def __bool__(self) -> bool:
        return bool(
            self.single or self.sequences or self.prefixes or self.exact or self.exact_sequences
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) offsets in `text` of what the query matches, sorted, not
        overlapping."""
        if not self or not text:
            return []
        if not unicodedata.is_normalized("NFC", text):
            # Offsets must be the caller's: analyse character by character instead.
            return _spans_keeping_offsets(self, text)
        return self._spans(text)

    def _spans(self, nfc: str) -> list[tuple[int, int]]:
        words = list(word_spans(nfc))
        spans: list[tuple[int, int]] = []
        lights = [light(w[2]) for w in words]
        for i, (start, end, _folded, stem_) in enumerate(words):
            own = lights[i]
            if (
                stem_ in self.single
                or own in self.exact
                or any(own.startswith(p) for p in self.prefixes)
            ):
                spans.append((start, end))
            for seq in self.sequences:
                n = len(seq)
                if stem_ == seq[0] and tuple(w[3] for w in words[i : i + n]) == seq:
                    spans.append((start, words[i + n - 1][1]))
            for seq in self.exact_sequences:
                n = len(seq)
                if own == seq[0] and tuple(lights[i : i + n]) == seq:
                    spans.append((start, words[i + n - 1][1]))
        return _merge(spans)


def highlight_spans(
    query: str, text: str, thesaurus: Thesaurus | None = None
) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of what `query` matches, sorted, not
    overlapping. `thesaurus`: the search's (`SearchService.thesaurus()`), for
    acronyms and synonyms; none when omitted. Excluded words (-mot) are not
    highlighted. Many texts, one query: `QueryHighlighter(query, thesaurus).spans`."""
    return QueryHighlighter(query, thesaurus).spans(text)


def _spans_keeping_offsets(highlighter: QueryHighlighter, text: str) -> list[tuple[int, int]]:
    # Text not in NFC (a decomposed « é »): normalise each character on its own
    # and map the spans back, so the offsets stay those of `text`.
    pieces = [unicodedata.normalize("NFC", ch) for ch in text]
    # Combining marks normalise alone to themselves: join them to their letter.
    nfc_chars: list[str] = []
    owner: list[int] = []  # index in `text` of each NFC character
    for i, ch in enumerate(text):
        if nfc_chars and unicodedata.combining(ch):
            merged = unicodedata.normalize("NFC", nfc_chars[-1] + ch)
            if len(merged) == 1:
                nfc_chars[-1] = merged
                continue
        nfc_chars.extend(pieces[i])
        owner.extend([i] * len(pieces[i]))
    owner.append(len(text))
    spans = highlighter._spans("".join(nfc_chars))
    out = []
    for s, e in spans:
        end = owner[e] if e < len(owner) else len(text)
        # Include the combining marks of the last character.
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        out.append((owner[s], end))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
