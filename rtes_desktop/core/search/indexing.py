"""Adding a document to a segment: whoosh's `add_document`, with the text
fields indexed in bulk.

whoosh indexes a text field through four nested generators (the field, its
format, its analyzer's tokens, the pool), one Python call per token and one
per posting. For the fields holding word frequencies (every text field but
the phrase field, which keeps positions), `add_document` here counts the
analysed words with a `Counter` and hands the pool each field's postings in
one call. The postings, lengths, stored fields and columns written are
exactly whoosh's (tests/core/test_search_pool.py compares the segments);
any other field, format or analyzer goes through whoosh's own path.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from whoosh.formats import Frequency

from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.analysis import FrenchAnalyzer, _words, light, stem
from rtes_desktop.core.search.pool import TermPool


def _terms(analyzer: FrenchAnalyzer, value: str) -> list[str]:
    """The terms the analyzer yields for `value` (see FrenchAnalyzer.__call__)."""
    transform = stem if analyzer.stemming else light
    parts = getattr(value, "parts", None) or (value,)
    out: list[str] = []
    for part in parts:
        out.extend(map(transform, [w for w, _, _, _ in _words(part)]))
    return out


def _bulk(field: Any) -> bool:
    return (
        type(field.format) is Frequency
        and type(field.analyzer) is FrenchAnalyzer
        and field.format.field_boost == 1.0
    )


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
                if _bulk(field) and isinstance(value, str):
                    counts = Counter(_terms(field.analyzer, value))
                    pool.add_frequencies(name, docnum, counts)
                    if field.scorable:
                        length = sum(counts.values())
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
