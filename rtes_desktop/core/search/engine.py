"""Matching and ranking a parsed query on a `Snapshot`, and counting facets.

Scoring is BM25F computed here, over posting lists read in bulk from whoosh:
for each term, the per-field frequencies are normalised by the field's length
and weight, summed, then saturated (k1) and weighted by the term's rarity
(idf). A clause scores its best alternative (synonyms and completions weigh
less); a document's score is the sum over clauses. Computing only what a
results page needs, over plain lists, is what keeps a page under 50 ms at
10,000 entries where whoosh's generic collectors took several times that.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from rtes_desktop.core.search.analysis import stem
from rtes_desktop.core.search.query import Alt, Clause, ParsedQuery
from rtes_desktop.core.search.snapshot import (
    EXACT_FIELD,
    FIELD_WEIGHTS,
    PHRASE_FIELDS,
    TEXT_FIELDS,
    Snapshot,
)

K1 = 1.2
B = 0.75
EXACT_BONUS = 0.25  # share of a term's score added when the exact form is present
PREFIX_EXPANSIONS = 12
WITHDRAWN_FACTOR = 0.5

Scores = dict[int, float]


@dataclass
class Matched:
    scores: Scores  # docnum -> score, live documents only
    matched_any: bool  # True when the AND found nothing and the OR was used


class Ranker:
    """Evaluates queries on one snapshot; caches per-snapshot normalisations."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self._inv_norm: dict[str, list[float]] = {}
        for f in (*TEXT_FIELDS, EXACT_FIELD):
            avg = snap.avg_length.get(f) or 1.0
            weight = FIELD_WEIGHTS.get(f, 1.0)
            self._inv_norm[f] = [
                weight / (1 - B + B * (length / avg)) if length else 0.0
                for length in snap.lengths[f]
            ]

    # -- terms -----------------------------------------------------------

    def _idf(self, df: int) -> float:
        n = max(self.snap.doc_count, 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def term_scores(self, term: str, fields: Iterable[str] = TEXT_FIELDS) -> Scores:
        """BM25F of one analysed term over the given fields."""
        pseudo: dict[int, float] = {}
        get = pseudo.get
        for f in fields:
            ids, tfs = self.snap.postings(f, term)
            if not ids:
                continue
            inv = self._inv_norm[f]
            for d, tf in zip(ids, tfs, strict=False):
                pseudo[d] = get(d, 0.0) + tf * inv[d]
        if not pseudo:
            return {}
        idf = self._idf(len(pseudo))
        k1p = K1 + 1
        return {d: idf * p * k1p / (p + K1) for d, p in pseudo.items()}

    def exact_scores(self, word: str) -> Scores:
        """BM25 of one folded, unstemmed word in the exact field."""
        return self.term_scores(word, (EXACT_FIELD,))

    # -- alternatives and clauses --------------------------------------------

    def alt_scores(self, alt: Alt, cache: dict[tuple[str, str], Scores]) -> Scores:
        """Documents matching one alternative, with their scores."""
        fields = (EXACT_FIELD,) if alt.field == EXACT_FIELD else TEXT_FIELDS
        if not alt.stems:
            return {}
        per_term = []
        for t in alt.stems:
            key = (alt.field or "", t)
            if key not in cache:
                cache[key] = self.term_scores(t, fields)
            per_term.append(cache[key])
        if alt.field == EXACT_FIELD:
            # Completions: any of the words (each is one possible completion).
            union: Scores = {}
            for sc in per_term:
                for d, s in sc.items():
                    if s > union.get(d, 0.0):
                        union[d] = s
            return {d: s * alt.weight for d, s in union.items()}
        docs = _intersect(per_term)
        if alt.phrase and len(alt.stems) > 1 and docs:
            found: set[int] = set()
            for f in PHRASE_FIELDS:
                found |= self.snap.phrase_docs(f, alt.stems, docs - found)
                if len(found) == len(docs):
                    break
            docs = found
        out: Scores = {}
        for d in docs:
            out[d] = sum(sc[d] for sc in per_term) * alt.weight
        if alt.exact_forms and out:
            for w in alt.exact_forms:
                key = (EXACT_FIELD, w)
                if key not in cache:
                    cache[key] = self.exact_scores(w)
                ex = cache[key]
                for d in out:
                    bonus = ex.get(d)
                    if bonus:
                        out[d] += EXACT_BONUS * bonus * alt.weight
        return out

    def expand_prefix(self, clause: Clause) -> None:
        """Fill the completion alternative of the word being typed."""
        if not clause.prefix:
            return
        own = {a.stems[0] for a in clause.alts if a.field is None and len(a.stems) == 1}
        for alt in clause.alts:
            if alt.field == EXACT_FIELD and not alt.stems:
                words = self.snap.expand_prefix(EXACT_FIELD, clause.prefix, PREFIX_EXPANSIONS * 2)
                # Forms of the typed word itself are already scored in full.
                alt.stems = [w for w in words if stem(w) not in own][:PREFIX_EXPANSIONS]

    def clause_scores(self, clause: Clause, cache: dict[tuple[str, str], Scores]) -> Scores:
        """Documents matching a clause: the best alternative's score for each."""
        self.expand_prefix(clause)
        best: Scores = {}
        for alt in clause.alts:
            for d, s in self.alt_scores(alt, cache).items():
                if s > best.get(d, 0.0):
                    best[d] = s
        return best

    # -- the query -------------------------------------------------------------

    def match(self, parsed: ParsedQuery) -> Matched:
        """Every live document matching the query, scored (AND, else OR)."""
        cache: dict[tuple[str, str], Scores] = {}
        positive = [self.clause_scores(c, cache) for c in parsed.positive]
        excluded: set[int] = set()
        for c in parsed.negative:
            excluded.update(self.clause_scores(c, cache))
        matched_any = False
        if not positive:
            return Matched({}, False)
        docs = _intersect(positive)
        if not docs and len(positive) > 1:
            matched_any = True
            docs = set().union(*positive)
        live = self.snap.live
        meta = self.snap.meta
        scores: Scores = {}
        for d in docs:
            if d in excluded or not live[d]:
                continue
            s = 0.0
            for sc in positive:
                s += sc.get(d, 0.0)
            if matched_any:
                # Prefer documents that match more of the words.
                s *= sum(1 for sc in positive if d in sc) / len(positive)
            m = meta[d]
            if m is not None and m.withdrawn:
                s *= WITHDRAWN_FACTOR
            scores[d] = s
        return Matched(scores, matched_any)

    def all_docs(self) -> Scores:
        """Every live document, score 0 (an empty query: browse the library)."""
        return {d: 0.0 for d, ok in enumerate(self.snap.live) if ok}


def _intersect(score_maps: list[Scores]) -> set[int]:
    if not score_maps:
        return set()
    ordered = sorted(score_maps, key=len)
    docs = set(ordered[0])
    for sc in ordered[1:]:
        if not docs:
            break
        docs.intersection_update(sc.keys())
    return docs


# -- filters, facets, order -------------------------------------------------

FACETS = ("kind", "theme", "year", "region", "source", "tag")


def facet_values(snap: Snapshot, d: int, facet: str) -> list[str]:
    m = snap.meta[d]
    if m is None:
        return []
    if facet == "kind":
        return [m.kind]
    if facet == "theme":
        return m.themes
    if facet == "year":
        return [m.year] if m.year else []
    if facet == "region":
        return [m.region] if m.region else []
    if facet == "source":
        return [m.source_id]
    if facet == "tag":
        return m.tags
    raise ValueError(facet)


def filter_and_count(
    snap: Snapshot, docs: Iterable[int], filters: dict[str, str], count: bool
) -> tuple[list[int], dict[str, dict[str, int]]]:
    """Documents passing every filter, and facet counts where each facet is
    counted over the documents passing the *other* filters (so choosing a kind
    still shows how many results the other kinds have)."""
    active = [(f, v) for f, v in filters.items() if v]
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS} if count else {}
    kept: list[int] = []
    meta = snap.meta
    for d in docs:
        m = meta[d]
        if m is None:
            continue
        failed = None
        nfail = 0
        for f, v in active:
            if v not in facet_values(snap, d, f):
                nfail += 1
                failed = f
                if nfail > 1:
                    break
        if nfail == 0:
            kept.append(d)
        if not count or nfail > 1:
            continue
        for f in FACETS if nfail == 0 else (failed,):
            bucket = counts[f]  # type: ignore[index]
            for v in facet_values(snap, d, f):  # type: ignore[arg-type]
                bucket[v] = bucket.get(v, 0) + 1
    return kept, counts


def top(snap: Snapshot, scores: Scores, docs: list[int], sort: str, n: int) -> list[int]:
    """The first `n` documents by relevance (ties: newest) or by date."""
    meta = snap.meta
    if sort == "date":
        return heapq.nlargest(
            n,
            docs,
            key=lambda d: (meta[d].published_at, scores.get(d, 0.0)),  # type: ignore[union-attr]
        )
    return heapq.nlargest(
        n,
        docs,
        key=lambda d: (round(scores.get(d, 0.0), 9), meta[d].published_at),  # type: ignore[union-attr]
    )
