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
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import mul

from rtes_desktop.core.models import FACETS
from rtes_desktop.core.search.analysis import stem
from rtes_desktop.core.search.query import Alt, Clause, ParsedQuery
from rtes_desktop.core.search.snapshot import (
    EXACT_FIELD,
    FIELD_WEIGHTS,
    PAGES_FIELD,
    PHRASE_FIELD,
    TEXT_FIELDS,
    Snapshot,
)

K1 = 1.2
B = 0.75
#: A document holding the very word typed (or its plural/singular), not only
#: another word of the same stem, scores this much more for that word: the
#: French stemmer merges utilisateur/utiliser and marche/marchés.
EXACT_BOOST = 1.0
PREFIX_EXPANSIONS = 12
WITHDRAWN_FACTOR = 0.5
#: A word counts at most this many times in an entry's PDF text (issue 14): enough
#: for a guide about it to rank, never enough for page text to bury fiche text.
PAGES_TF_CAP = 3.0

Scores = dict[int, float]
Postings = dict[int, float]  # docnum -> pseudo term frequency (BM25F)


@dataclass
class Matched:
    scores: Scores  # docnum -> score, live documents only
    matched_any: bool  # True when the AND found nothing and the OR was used


class _QueryState:
    """Per-query caches: each term's postings are read once."""

    def __init__(self, ranker: Ranker) -> None:
        self.ranker = ranker
        self.terms: dict[tuple[str, str], Postings] = {}
        self.exact_sets: dict[str, set[int]] = {}
        self.alts: dict[int, set[int]] = {}  # id(alt) -> the documents it matches

    def alt_docs(self, alt: Alt) -> set[int]:
        got = self.alts.get(id(alt))
        if got is None:
            got = self.alts[id(alt)] = self.ranker._alt_docs(alt, self)
        return got

    def term(self, term: str, exact: bool = False) -> Postings:
        key = ("x" if exact else "", term)
        p = self.terms.get(key)
        if p is None:
            p = self.ranker.pseudo_tf(term, (EXACT_FIELD,) if exact else TEXT_FIELDS)
            self.terms[key] = p
        return p

    def exact_docs(self, form: str) -> set[int]:
        """Documents holding the word itself (singular or plural: light form)."""
        got = self.exact_sets.get(form)
        if got is None:
            got = self.exact_sets[form] = set(self.term(form, exact=True))
        return got


class Ranker:
    """Evaluates queries on one snapshot; caches per-snapshot normalisations."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        # One double per document and field (an array: no float objects).
        self._inv_norm: dict[str, array[float]] = {}
        self._norms: dict[str, dict[int, float]] = {}
        for f in (*TEXT_FIELDS, EXACT_FIELD):
            self._norms[f] = {0: 0.0}
            self._inv_norm[f] = array("d")
        self._extend(0)

    def _extend(self, start: int) -> None:
        """Norms of documents `start`… of the snapshot (the ones before kept)."""
        snap = self.snap
        for f, inv in self._inv_norm.items():
            avg = snap.avg_length.get(f) or 1.0
            weight = FIELD_WEIGHTS.get(f, 1.0)
            # Lengths take at most 256 values (whoosh stores them in a byte).
            norm = self._norms[f]
            lengths = snap.lengths[f][start:]
            for length in set(lengths).difference(norm):
                norm[length] = weight / (1 - B + B * (length / avg))
            del inv[start:]
            inv.extend(map(norm.__getitem__, lengths))

    def advanced(self, snap: Snapshot, start: int) -> Ranker:
        """The ranker of `snap`, patched from this one by `Snapshot.advance`:
        documents before `start` are unchanged (and this ranker is spent)."""
        new = object.__new__(Ranker)
        new.snap = snap
        new._inv_norm, new._norms = self._inv_norm, self._norms
        new._extend(start)
        return new

    def idf(self, df: int) -> float:
        n = max(self.snap.doc_count, 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def pseudo_tf(self, term: str, fields: Iterable[str]) -> Postings:
        """BM25F's pseudo frequency of a term: field frequencies normalised by
        length and weighted, summed over fields. Built with map/zip (C loops)
        for the longest list; shorter ones are merged into it."""
        lists = []
        for f in fields:
            ids, tfs = self.snap.postings(f, term)
            if ids:
                lists.append((len(ids), f, ids, tfs))
        if not lists:
            return {}
        lists.sort(key=lambda x: -x[0])
        if PAGES_FIELD in {f for _, f, _, _ in lists}:
            lists = [
                (n, f, ids, [min(tf, PAGES_TF_CAP) for tf in tfs] if f == PAGES_FIELD else tfs)
                for n, f, ids, tfs in lists
            ]
        _, f, ids, tfs = lists[0]
        acc = dict(zip(ids, map(mul, tfs, map(self._inv_norm[f].__getitem__, ids)), strict=True))
        for _, f, ids, tfs in lists[1:]:
            inv = self._inv_norm[f]
            get = acc.get
            for d, tf in zip(ids, tfs, strict=True):
                acc[d] = get(d, 0.0) + tf * inv[d]
        return acc

    # -- matching (sets only) ---------------------------------------------

    def _alt_docs(self, alt: Alt, qs: _QueryState) -> set[int]:
        exact = alt.field == EXACT_FIELD
        if not alt.stems:
            return set()
        if exact:  # completions: any of them
            out: set[int] = set()
            for w in alt.stems:
                out.update(qs.term(w, exact=True).keys())
            return out
        postings = [qs.term(t) for t in alt.stems]
        postings.sort(key=len)
        docs = set(postings[0].keys())
        for p in postings[1:]:
            if not docs:
                break
            docs.intersection_update(p.keys())
        if alt.phrase and len(alt.exact_forms) > 1 and docs:
            # An exact phrase: the very words (accents and case aside), in order.
            docs = self.snap.phrase_docs(PHRASE_FIELD, alt.exact_forms, docs)
        return docs

    # -- scoring (only the documents that matched) ---------------------------

    def _alt_scores(self, alt: Alt, docs: set[int], qs: _QueryState) -> Scores:
        k1p = K1 + 1
        total: Scores = {}
        if alt.field == EXACT_FIELD:
            for w in alt.stems:
                p = qs.term(w, exact=True)
                idf = self.idf(len(p)) * alt.weight
                # Walk the smaller side.
                both = docs.intersection(p) if len(p) < len(docs) else [d for d in docs if d in p]
                for d in both:
                    v = p[d]
                    s = idf * v * k1p / (v + K1)
                    if s > total.get(d, 0.0):
                        total[d] = s
            return total
        forms = alt.exact_forms if len(alt.exact_forms) == len(alt.stems) else []
        for i, t in enumerate(alt.stems):
            p = qs.term(t)
            idf = self.idf(len(p)) * alt.weight
            boosted = qs.exact_docs(forms[i]) if forms else set()
            boost = 1.0 + EXACT_BOOST
            get = total.get
            for d in docs:
                tf = p.get(d)
                if tf:
                    s = idf * tf * k1p / (tf + K1)
                    total[d] = get(d, 0.0) + (s * boost if d in boosted else s)
        return total

    def _concept_scores(
        self, clause: Clause, docs: set[int], qs: _QueryState, idf: float
    ) -> Scores:
        """A thesaurus clause (« SIEG », « services d'intérêt économique général »)
        is one concept: each document scores its best expression, with the rarity
        (`idf`) of the concept as a whole and the saturated frequency of that
        expression (of several words: its least frequent word's, as the expression
        occurs no more often). Summing each word's own rarity made an acronym's long
        form (four common words) outweigh the acronym itself, and any text holding
        those words anywhere outrank the entries about the acronym."""
        k1p = K1 + 1
        boost = 1.0 + EXACT_BOOST
        best: Scores = {}
        for alt in clause.alts:
            if not alt.stems:
                continue
            targets = docs.intersection(qs.alt_docs(alt))
            if not targets:
                continue
            if alt.field == EXACT_FIELD:  # an acronym: the word itself
                lists = [qs.term(w, exact=True) for w in alt.stems]
                boosted = targets
            else:
                lists = [qs.term(t) for t in alt.stems]
                forms = alt.exact_forms if len(alt.exact_forms) == len(alt.stems) else []
                boosted = set(targets)
                for f in forms:
                    boosted &= qs.exact_docs(f)
                if not forms:
                    boosted = set()
            weight = idf * alt.weight
            for d in targets:
                if alt.field == EXACT_FIELD:
                    tf = max(p.get(d, 0.0) for p in lists)
                else:
                    tf = min(p.get(d, 0.0) for p in lists)
                if tf <= 0.0:
                    continue
                sc = weight * tf * k1p / (tf + K1)
                if d in boosted:
                    sc *= boost
                if sc > best.get(d, 0.0):
                    best[d] = sc
        return best

    def _clause_scores(self, clause: Clause, docs: set[int], qs: _QueryState) -> Scores:
        """The best alternative's score for each document of `docs`."""
        if len(clause.alts) == 1:
            return self._alt_scores(clause.alts[0], docs, qs)
        best: Scores = {}
        for alt in clause.alts:
            targets = docs
            if alt.field == EXACT_FIELD and alt.weight < 1.0:
                # Completions of a complete word only score the documents the
                # word itself did not match (they would never beat it).
                targets = docs.difference(best)
            for d, s in self._alt_scores(alt, targets, qs).items():
                if s > best.get(d, 0.0):
                    best[d] = s
        return best

    def expand_prefix(self, clause: Clause) -> None:
        """Fill the completion alternative of the word being typed."""
        if not clause.prefix:
            return
        own = {a.stems[0] for a in clause.alts if a.field is None and len(a.stems) == 1}
        for alt in clause.alts:
            if alt.field == EXACT_FIELD and not alt.stems:
                # A complete word needs fewer completions than a word half typed.
                limit = PREFIX_EXPANSIONS if alt.weight >= 1.0 else PREFIX_EXPANSIONS // 2
                words = self.snap.expand_prefix(EXACT_FIELD, clause.prefix, limit * 2)
                # Forms of the typed word itself are already scored in full.
                alt.stems = [w for w in words if stem(w) not in own][:limit]

    # -- the query -------------------------------------------------------------

    def match(self, parsed: ParsedQuery) -> Matched:
        """Every live document matching the query, scored (AND, else OR)."""
        qs = _QueryState(self)
        positive = parsed.positive
        if not positive:
            return Matched({}, False)
        clause_docs = []
        for c in positive:
            self.expand_prefix(c)
            docs: set[int] = set()
            for alt in c.alts:
                docs |= qs.alt_docs(alt)
            clause_docs.append(docs)
        excluded: set[int] = set()
        for c in parsed.negative:
            for alt in c.alts:
                excluded |= self._alt_docs(alt, qs)
        ordered = sorted(clause_docs, key=len)
        matched = set(ordered[0])
        for docs in ordered[1:]:
            matched &= docs
        # Deleted documents first: an entry's replaced version matching every
        # word must not stop the fallback to any word (found by
        # test_search_incremental).
        matched -= self.snap.dead
        matched_any = False
        if not matched and len(positive) > 1:
            matched_any = True
            matched = set().union(*clause_docs) - self.snap.dead
        matched -= excluded
        if not matched:
            return Matched({}, matched_any)
        per_clause = [
            self._concept_scores(c, matched, qs, self.idf(len(cd - self.snap.dead)))
            if c.concept
            else self._clause_scores(c, matched, qs)
            for c, cd in zip(positive, clause_docs, strict=True)
        ]
        if len(per_clause) == 1:
            scores = per_clause[0]
        else:
            scores = dict.fromkeys(matched, 0.0)
            for sc in per_clause:
                for d, s in sc.items():
                    scores[d] += s
            if matched_any:  # prefer documents matching more of the words
                n = len(per_clause)
                for d in scores:
                    scores[d] *= sum(1 for sc in per_clause if d in sc) / n
        for d in self.snap.withdrawn & matched:
            scores[d] = scores.get(d, 0.0) * WITHDRAWN_FACTOR
        return Matched(scores, matched_any)

    def all_docs(self) -> Scores:
        """Every live document, score 0 (an empty query: browse the library)."""
        return {d: 0.0 for d, ok in enumerate(self.snap.live) if ok}


# -- filters, facets, order -------------------------------------------------

MULTI_VALUED = {"theme", "tag"}


def _count(snap: Snapshot, facet: str, docs: Iterable[int]) -> dict[str, int]:
    by_value = snap.facet_docs[facet]
    if len(by_value) <= 64:
        # Few values: one C-level set intersection per value.
        base = docs if isinstance(docs, (set, frozenset)) else set(docs)
        counts = {v: len(ds.intersection(base)) for v, ds in by_value.items()}
        return {v: n for v, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n}
    values = snap.facet[facet]
    if facet in MULTI_VALUED:
        counter = Counter(chain.from_iterable(map(values.__getitem__, docs)))
    else:
        counter = Counter(map(values.__getitem__, docs))
    counter.pop(None, None)  # type: ignore[call-overload]
    counter.pop("", None)
    return dict(sorted(counter.items(), key=lambda x: (-x[1], x[0])))


def filter_and_count(
    snap: Snapshot,
    docs: Iterable[int],
    filters: dict[str, str | None],
    count: bool | Iterable[str],
) -> tuple[list[int], dict[str, dict[str, int]]]:
    """Documents passing every filter, and facet counts where each facet is
    counted over the documents passing the *other* filters (so choosing a kind
    still shows how many results the other kinds have)."""
    all_docs = docs if isinstance(docs, set) else set(docs)
    active = [(f, v) for f, v in filters.items() if v and f in snap.facet]
    passing: dict[str, set[int]] = {}
    for f, v in active:
        passing[f] = all_docs.intersection(snap.facet_docs[f].get(v, ()))
    kept = set.intersection(*passing.values()) if active else all_docs
    counts: dict[str, dict[str, int]] = {}
    if count:
        wanted = FACETS if count is True else [f for f in count if f in FACETS]  # type: ignore[union-attr]
        for f in wanted:
            if f in passing:
                others = [p for g, p in passing.items() if g != f]
                base = set.intersection(*others) if others else all_docs
            else:
                base = kept
            counts[f] = _count(snap, f, base)
    return list(kept), counts


def top(snap: Snapshot, scores: Scores, docs: list[int], sort: str, n: int) -> list[int]:
    """The first `n` documents by relevance (ties: newest first) or by date."""
    if n <= 0 or not docs:
        return []
    dates = snap.date_of
    if sort == "date":
        best = heapq.nlargest(n, zip(map(dates.__getitem__, docs), docs, strict=True))
        return [d for _, d in best]
    # Tuples compare in C; ties on score are broken by date, then docnum.
    ranked = heapq.nlargest(
        n, zip(map(scores.__getitem__, docs), map(dates.__getitem__, docs), docs, strict=True)
    )
    return [d for _, _, d in ranked]
