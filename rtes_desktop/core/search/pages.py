"""Which pages of an entry's PDFs a query was found on (issue 14): `found_in`.

The index holds a PDF's text as one field of its entry (`pages`, weighted below the
entry's own text), which ranks the entry. Which *pages* matched is decided only for
the hits shown with a snippet, from the page texts the library keeps
(`attachment_pages`), with the same French analysis as the index (accents, plurals,
stems, the thesaurus' alternatives): a page matches a clause when it holds every
term of one of the clause's alternatives. The pages matching the most clauses, then
holding the most query words, come first.

Cheap by construction: each page is folded once and searched in C for each query
term (`snippets.find_hits`); only the words found there are analysed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rtes_desktop.core.library.attachment_pages import pages_for
from rtes_desktop.core.search.analysis import stem
from rtes_desktop.core.search.query import Clause, ParsedQuery
from rtes_desktop.core.search.snippets import find_hits, snippet

#: pages named in `found_in`, best first
MAX_PAGES = 3


@dataclass(frozen=True)
class PageMatch:
    attachment: str
    page: int
    text: str
    clauses: frozenset[int]  # which of the query's positive clauses the page matches
    hits: int  # words of the page matching a query term


def _clause_found(clause: Clause, terms: set[str]) -> bool:
    for alt in clause.alts:
        if not alt.stems:
            continue
        if alt.field == "exact":  # completions of the word being typed: any of them
            if any(stem(w) in terms for w in alt.stems):
                return True
        elif all(s in terms for s in alt.stems):
            return True
    return False


def terms_in(text: str, stems: set[str], words: set[str]) -> tuple[set[str], int]:
    """(query terms found in `text`, number of words matching one)."""
    hits = find_hits(text, stems, words)
    return {h[2] for h in hits}, len(hits)


def clauses_found(parsed: ParsedQuery, texts: Iterable[str]) -> frozenset[int]:
    """Which positive clauses `texts` (taken together) match."""
    stems, words = parsed.highlight_terms()
    terms: set[str] = set()
    for text in texts:
        if text:
            terms |= terms_in(text, stems, words)[0]
    return frozenset(i for i, c in enumerate(parsed.positive) if _clause_found(c, terms))


def match_pages(
    pages: Iterable[tuple[str, int, str]],
    parsed: ParsedQuery,
    own: frozenset[int] = frozenset(),
) -> list[PageMatch]:
    """The pages (attachment name, page number, text) where the query was found
    beyond the entry's own text (`own`: the clauses that text matches): pages
    matching a clause it does not, those matching the most clauses first, then
    those with the most hits; at most MAX_PAGES."""
    stems, words = parsed.highlight_terms()
    positive = parsed.positive
    found: list[PageMatch] = []
    for attachment, number, text in pages:
        terms, hits = terms_in(text, stems, words)
        if not hits:
            continue
        matched = frozenset(i for i, c in enumerate(positive) if _clause_found(c, terms))
        if matched - own:
            found.append(PageMatch(attachment, number, text, matched, hits))
    if not found:
        return []
    best = max(len(m.clauses) for m in found)
    ranked = sorted(
        (m for m in found if len(m.clauses) == best),
        key=lambda m: (-m.hits, m.attachment, m.page),
    )
    return ranked[:MAX_PAGES]


def page_snippet(match: PageMatch, parsed: ParsedQuery) -> str:
    """The highlighted passage of a matching page."""
    stems, words = parsed.highlight_terms()
    return snippet([match.text], stems, words)


def add_found_in(conn: Any, parsed: ParsedQuery, pending: list[tuple[Any, list[str]]]) -> None:
    """For each (hit, the entry's own texts) whose entry has PDF text: when its pages
    match what the entry's own text does not, the hit was found in the PDF: set
    `hit.found_in` ([{"attachment": name, "page": n}], best first)
    and take its snippet from the best page. One query to the library for them all."""
    if not pending:
        return
    by_key = pages_for(conn, [(hit.source_id, hit.id) for hit, _ in pending])
    wanted = len(parsed.positive)
    for hit, texts in pending:
        pages = by_key.get((hit.source_id, hit.id))
        if not pages:
            continue
        own = clauses_found(parsed, texts)
        if len(own) >= wanted:
            continue  # found in the entry's own text
        matches = match_pages(((p.attachment, p.page, p.text) for p in pages), parsed, own)
        if not matches:
            continue
        hit.found_in = [{"attachment": m.attachment, "page": m.page} for m in matches]
        hit.snippet = page_snippet(matches[0], parsed)
