"""Adding a document to a segment: whoosh's `add_document`, with the text
fields indexed in bulk.

whoosh indexes a text field through four nested generators (the field, its
format, its analyzer's tokens, the pool), one Python call per token and one
per posting. For the fields holding word frequencies (every text field but
the phrase field, which keeps positions), `add_document` here counts the
analysed words with a `Counter` (the phrase field: gathers each word's
positions) and hands the pool each field's postings in one call. The postings, lengths, stored fields and columns written are
exactly whoosh's (tests/core/test_search_pool.py compares the segments);
any other field, format or analyzer goes through whoosh's own path.
"""

from __future__ import annotations

import pickle
import struct
from collections import Counter
from typing import Any

from whoosh.formats import Frequency, Positions

from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.analysis import PART_GAP, FrenchAnalyzer, _words, light, stem
from rtes_desktop.core.search.pool import TermPool

_pack_uint = struct.Struct("!I").pack  # whoosh.system.pack_uint


def _terms(analyzer: FrenchAnalyzer, value: str) -> list[str]:
    """The terms the analyzer yields for `value` (see FrenchAnalyzer.__call__)."""
    transform = stem if analyzer.stemming else light
    parts = getattr(value, "parts", None) or (value,)
    out: list[str] = []
    for part in parts:
        out.extend(map(transform, [w for w, _, _, _ in _words(part)]))
    return out


def _positions(analyzer: FrenchAnalyzer, value: str) -> dict[str, list[int]]:
    """Each term's positions, as FrenchAnalyzer numbers them (start_pos 0)."""
    transform = stem if analyzer.stemming else light
    parts = getattr(value, "parts", None) or (value,)
    out: dict[str, list[int]] = {}
    pos = -1
    for n, part in enumerate(parts):
        if n:
            pos += PART_GAP
        for word, raw_index, _, _ in _words(part):
            pos = raw_index if pos < 0 else pos + 1
            out.setdefault(transform(word), []).append(pos)
    return out


def _encode_positions(positions: list[int]) -> bytes:
    """whoosh's Positions.encode: the count, then the deltas pickled."""
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
                    counts = Counter(_terms(field.analyzer, value))
                    pool.add_frequencies(name, docnum, counts)
                    if field.scorable:
                        length = sum(counts.values())
                elif bulk == "pos":
                    positions = _positions(field.analyzer, value)
                    pool.add_values(
                        name,
                        docnum,
                        [(t, float(len(p)), _encode_positions(p)) for t, p in positions.items()],
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
