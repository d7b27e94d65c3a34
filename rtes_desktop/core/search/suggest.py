"""Words from the library itself: "did you mean" corrections and completions.

Both use the index's "exact" field (folded, unstemmed words), so suggestions
are words that really occur in the library; accents are restored from the text
where the word occurs ("filieres" is shown as "filières").
"""

from __future__ import annotations

import re

from rtes_desktop.core.search.analysis import fold, light, word_spans
from rtes_desktop.core.search.query import ParsedQuery
from rtes_desktop.core.search.snapshot import EXACT_FIELD, Snapshot


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def correction(snap: Snapshot, word: str) -> str | None:
    """The library's closest word to an unknown `word` (folded), or None."""
    if not 3 <= len(word) <= 40 or word.isdigit():
        return None
    maxdist = 1 if len(word) <= 4 else 2
    reader = snap.searcher.reader()
    best: tuple[int, int, str] | None = None
    # Candidates share the first letter: typos rarely touch it, and it keeps
    # the automaton walk over the term list short.
    for btext in reader.terms_within(EXACT_FIELD, word, maxdist, prefix=1):
        cand = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
        if cand == word:
            continue
        dist = edit_distance(word, cand, maxdist + 1)
        if dist > maxdist:
            continue
        df = snap.doc_frequency(EXACT_FIELD, cand)
        key = (dist, -df, cand)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def surface_form(snap: Snapshot, word: str) -> str:
    """How a word of the exact field (folded, light) is written in the library
    (accents, plural, acronym capitals)."""
    ids, _ = snap.postings(EXACT_FIELD, word)
    plural: str | None = None
    for d in ids[:3]:
        if not snap.live[d]:
            continue
        stored = snap.stored(d)
        for name in ("title", "summary", "body", "notes"):
            text = stored.get(name) or ""
            for start, end, folded, _stem in word_spans(text):
                if light(folded) != word:
                    continue
                original = text[start:end]
                if not (original.isupper() and len(original) > 1):
                    original = original.lower()
                if folded == word:
                    return original  # the singular, as written
                plural = plural or original
    return plural or word


_WORD_IN_QUERY = re.compile(r"[^\s\"]+")


def did_you_mean(snap: Snapshot, parsed: ParsedQuery) -> str | None:
    """The query with its unknown words replaced by the library's closest
    words, or None when there is nothing better to propose."""
    fixes: dict[str, str] = {}
    for word in parsed.plain_words:
        if word in fixes or snap.doc_frequency(EXACT_FIELD, light(word)) > 0:
            continue
        fixed = correction(snap, light(word))
        if fixed:
            fixes[word] = surface_form(snap, fixed)
    fixes = {w: f for w, f in fixes.items() if fold(f) != w}
    if not fixes:
        return None

    def replace(m: re.Match[str]) -> str:
        token = m.group()
        sign = "-" if token.startswith("-") and len(token) > 1 else ""
        folded = fold(token[len(sign) :])
        return sign + fixes[folded] if folded in fixes else token

    suggestion = _WORD_IN_QUERY.sub(replace, parsed.text.strip())
    return suggestion if suggestion != parsed.text.strip() else None


#: what a French verb or adjective adds to its stem (folded): « sieg » + « ent »
_INFLECTION = re.compile(
    r"(e|es|ent|er|era|erai|eras|erez|erons|eront|erait|eraient|ez|ons|ai|as|a|ait|aient|"
    r"ant|ee|ees|iez|ions|ea|eant)"
)


def completions(snap: Snapshot, prefix: str, limit: int) -> list[str]:
    """Words starting with `prefix` (folded), most frequent first.

    A whole acronym typed (« sieg » for SIEG) is not completed into the verb forms
    that share its letters (siéger, siègent): the person meant the acronym.
    """
    # Words only: identifiers such as "fichier1" or "fichier_sortie" are not
    # what someone typing wants to be offered.
    words = [w for w in snap.expand_prefix(EXACT_FIELD, prefix, limit * 3) if w.isalpha()]
    if prefix in words:
        typed = surface_form(snap, prefix)
        if len(typed) > 1 and typed.isupper():  # an acronym: drop « prefix + ending »
            words = [w for w in words if w == prefix or not _INFLECTION.fullmatch(w[len(prefix) :])]
    return [surface_form(snap, w) for w in words[:limit]]
