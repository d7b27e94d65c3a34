"""Adding a document to a segment: whoosh's `add_document`, with the text
fields indexed in bulk.

whoosh indexes a text field through four nested generators (the field, its
format, its analyzer's tokens, the pool), one Python call per token and one
per posting. For the fields holding word frequencies (every text field but
the phrase field, which keeps positions), `add_document` here counts the
analysed words with a `Counter` (the phrase field: gathers each word's
positions) and hands the pool each field's postings in one call. Words are
analysed through tables (`_WordTables`: each distinct word as matched -> its
stem and its light form), so a text costs a regex `findall` and C-level
lookups, and each word is folded and stemmed once per build. The postings,
lengths, stored fields and columns written are exactly whoosh's
(tests/core/test_search_pool.py compares the segments); any other field,
format or analyzer goes through whoosh's own path.
"""

from __future__ import annotations

import pickle
import struct
import threading
from collections import Counter
from typing import Any

from whoosh.formats import Frequency, Positions

from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.analysis import (
    _WORD_RE,
    PART_GAP,
    STOP_WORDS,
    FrenchAnalyzer,
    _nfc,
    fold_word,
    light,
    stem,
)
from rtes_desktop.core.search.pool import TermPool

_pack_uint = struct.Struct("!I").pack  # whoosh.system.pack_uint

#: Past this many distinct words seen, the word tables start again empty.
WORD_TABLE_MAX = 300_000
_MEMO_SIZE = 16


class _WordTables:
    """What each word, as the tokenizer matches it ("L'Économie"), becomes
    in the index: its stem and its light form ("" for a stop word). A text is
    then analysed with C-level calls (`re.findall`, `map` over a dict,
    `Counter`), each distinct word being folded and stemmed once per build
    rather than at every occurrence. The terms are those of FrenchAnalyzer
    (tests/core/test_whoosh_internals.py compares them on real text)."""

    def __init__(self) -> None:
        self.stem: dict[str, str] = {}
        self.light: dict[str, str] = {}
        # Per thread, id(text) -> (text, its words): the same string objects
        # are held by several fields (document_fields), tokenized once.
        self._local = threading.local()

    def words(self, text: str) -> list[str]:
        """The words of `text` as matched, every new one learnt (two threads
        may learn the same word: they learn the same thing)."""
        memo: dict[int, tuple[str, list[str]]] | None = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = {}
        hit = memo.get(id(text))
        if hit is not None and hit[0] is text:
            return hit[1]
        words: list[str] = _WORD_RE.findall(_nfc(text))
        new = set(words).difference(self.stem)
        for raw in new:
            word, _ = fold_word(raw)
            if word in STOP_WORDS:
                self.stem[raw] = self.light[raw] = ""
            else:
                self.stem[raw] = stem(word)
                self.light[raw] = light(word)
        if len(memo) >= _MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[id(text)] = (text, words)
        return words


_tables = _WordTables()


def _word_tables() -> _WordTables:
    """The tables, started again when too big. A thread keeps the object it
    got (another one may replace the module's meanwhile)."""
    global _tables
    tables = _tables
    if len(tables.stem) > WORD_TABLE_MAX:
        tables = _tables = _WordTables()
    return tables


def _parts(value: str) -> tuple[str, ...]:
    return getattr(value, "parts", None) or (value,)


def _counts(analyzer: FrenchAnalyzer, value: str) -> Counter[str]:
    """Each term the analyzer yields for `value`, with its count."""
    tables = _word_tables()
    table = tables.stem if analyzer.stemming else tables.light
    counts: Counter[str] = Counter()
    for part in _parts(value):
        counts.update(map(table.__getitem__, tables.words(part)))
    counts.pop("", None)  # stop words
    return counts


def _positions(analyzer: FrenchAnalyzer, value: str) -> dict[str, list[int]]:
    """Each term's positions, as FrenchAnalyzer numbers them (start_pos 0):
    the first kept word of the value at its index among all words, the next
    ones following, PART_GAP more between two parts."""
    tables = _word_tables()
    table = tables.stem if analyzer.stemming else tables.light
    out: dict[str, list[int]] = {}
    get = out.get
    pos = -1
    for n, part in enumerate(_parts(value)):
        if n:
            pos += PART_GAP
        terms = list(map(table.__getitem__, tables.words(part)))
        kept = [t for t in terms if t]
        if not kept:
            continue
        first = pos + 1 if pos >= 0 else next(i for i, t in enumerate(terms) if t)
        for p, term in enumerate(kept, first):
            held = get(term)
            if held is None:
                out[term] = [p]
            else:
                held.append(p)
        pos = first + len(kept) - 1
    return out


#: A single position's encoding (most terms occur once in a document).
_ONE_POSITION: dict[int, bytes] = {}


def _encode_positions(positions: list[int]) -> bytes:
    """whoosh's Positions.encode: the count, then the deltas pickled."""
    if len(positions) == 1:
        p = positions[0]
        enc = _ONE_POSITION.get(p)
        if enc is None:
            enc = _pack_uint(1) + pickle.dumps([p], 2)
            if len(_ONE_POSITION) < 100_000:
                _ONE_POSITION[p] = enc
        return enc
    deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
    return _pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def _bulk(field: Any) -> str:
    """ "freq" or "pos" when the field can be indexed in bulk, else ""."""
    if type(field.analyzer) is not FrenchAnalyzer or field.format.field_boost != 1.0:
        return ""
    if type(field.format) is Frequency:
        return "freq"
    if type(field.format) is Positions:
        return "pos"
    return ""


def add_document(writer: Any, fields: dict[str, Any]) -> None:
    """`writer.add_document(**fields)` for a whoosh SegmentWriter whose pool
    is a `TermPool`; any other writer, or boosts, go through whoosh."""
    pool = getattr(writer, "pool", None)
    if not isinstance(pool, TermPool) or any(name.startswith("_") for name in fields):
        writer.add_document(**fields)
        return
    wi.check_writer_open(writer)
    schema = writer.schema
    perdoc = writer.perdocwriter
    docnum = writer.docnum
    names = sorted(fields)
    for name in names:
        if name not in schema or schema[name].separate_spelling() or schema[name].vector:
            writer.add_document(**fields)  # (whoosh's error for an unknown field)
            return
    perdoc.start_doc(docnum)
    try:
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                bulk = _bulk(field) if isinstance(value, str) else ""
                if bulk == "freq":
                    counts = _counts(field.analyzer, value)
                    pool.add_frequencies(name, docnum, counts)
                    if field.scorable:
                        length = sum(counts.values())
                elif bulk == "pos":
                    positions = _positions(field.analyzer, value)
                    pool.add_values(
                        name,
                        docnum,
                        ((t, float(len(p)), _encode_positions(p)) for t, p in positions.items()),
                    )
                    if field.scorable:
                        length = sum(map(len, positions.values()))
                else:
                    add = pool.add
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        add((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    wi.mark_added(writer)
    writer.docnum += 1
