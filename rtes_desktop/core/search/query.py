"""What a typed query means: words, "exact phrases", -exclusions, the last
word as a prefix, and the field's acronyms and synonyms (the thesaurus).

The result is a list of `Clause`s. A document matches the query when it
matches every positive clause (or any of them, in the fallback) and no
negative one. A clause matches when any of its `Alt`ernatives does: the
user's own words, the other expressions of a thesaurus group, and for the
word being typed, the words it starts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rtes_desktop.core.search.analysis import (
    STOP_WORDS,
    analyze,
    clean_query_text,
    fold,
    folded_words,
    light,
    stem,
    strip_elision,
)

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 12  # words beyond these are ignored (a pasted paragraph)


@dataclass
class Alt:
    """One way to satisfy a clause."""

    stems: list[str]  # analysed terms (stemmed), or light forms if `field` is "exact"
    phrase: bool = False  # consecutive words (a quoted phrase)
    weight: float = 1.0  # the user's words 1.0; synonyms and completions less
    exact_forms: list[str] = field(default_factory=list)  # light forms of the words typed
    field: str | None = None  # None: the stemmed text fields; "exact": unstemmed words


@dataclass
class Clause:
    alts: list[Alt]
    negated: bool = False
    words: list[str] = field(default_factory=list)  # folded words the user typed
    prefix: str | None = None  # the word being typed, for completion
    #: a thesaurus group: its expressions are one concept, scored once with the
    #: rarity of the concept (see engine), not as the sum of their words
    concept: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause]
    plain_words: list[str]  # the user's words in order (for "did you mean")

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    def highlight_terms(self) -> tuple[set[str], set[str]]:
        """(stems, folded exact words) to highlight in snippets."""
        stems: set[str] = set()
        words: set[str] = set()
        for clause in self.positive:
            for alt in clause.alts:
                if alt.field == "exact":
                    words.update(alt.stems)
                else:
                    stems.update(alt.stems)
        return stems, words


# -- thesaurus --------------------------------------------------------------


class Thesaurus:
    """Groups of equivalent expressions, each held as its analysed terms."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self.groups: list[list[tuple[str, ...]]] = []
        self._by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        #: an expression's words as the "exact" and phrase fields hold them
        self.light_forms: dict[tuple[str, ...], list[str]] = {}
        #: expressions that are acronyms (SIEG, PAT): matched as the word itself,
        #: never through its stem (« SIEG » and « siéger », « PAT » and « pâtes »)
        self.acronyms: set[tuple[str, ...]] = set()
        for group in groups:
            self.add_group(group)

    def add_group(self, expressions: Iterable[str]) -> None:
        """Add expressions meaning the same thing (ignored if fewer than two differ)."""
        analysed: list[tuple[str, ...]] = []
        for expr in expressions:
            terms = tuple(analyze(str(expr)))
            if terms and terms not in analysed:
                analysed.append(terms)
                self.light_forms.setdefault(terms, analyze(str(expr), False))
                if len(terms) == 1 and _is_acronym(str(expr)):
                    self.acronyms.add(terms)
        if len(analysed) < 2:
            return
        index = len(self.groups)
        self.groups.append(analysed)
        for terms in analysed:
            self._by_first.setdefault(terms[0], []).append((index, terms))

    def match(self, stems: list[str], start: int) -> tuple[int, int] | None:
        """The longest expression starting at stems[start]: (group, length)."""
        best: tuple[int, int] | None = None
        for index, terms in self._by_first.get(stems[start], ()):
            n = len(terms)
            if tuple(stems[start : start + n]) == terms and (best is None or n > best[1]):
                best = (index, n)
        return best

    @classmethod
    def load(cls, path: Path) -> Thesaurus:
        """Read a thesaurus YAML file (`groups: [[expr, expr…], …]`); a bad file
        is logged and yields an empty thesaurus, never an error."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            groups = data.get("groups") or []
            return cls(g for g in groups if isinstance(g, list))
        except (OSError, yaml.YAMLError, AttributeError) as exc:
            log.warning("thesaurus %s unreadable: %s", path, exc)
            return cls()

    def with_themes(self, themes: Iterable[tuple[str, str | None]]) -> Thesaurus:
        """A copy that also knows the publishers' themes: an acronym label and its
        description ("SIEG" / "Services d'intérêt économique général"), and any
        "words (ACRONYM)" in a description."""
        out = Thesaurus()
        out.groups = [list(g) for g in self.groups]
        out._by_first = {k: list(v) for k, v in self._by_first.items()}
        out.light_forms = dict(self.light_forms)
        out.acronyms = set(self.acronyms)
        for label, description in themes:
            if description and _is_acronym(label):
                out.add_group([label, description])
            for text in (label, description or ""):
                for words, acronym in _acronym_definitions(text):
                    out.add_group([acronym, words])
        return out


def _is_acronym(text: str) -> bool:
    t = text.strip()
    return 2 <= len(t) <= 10 and t.isalpha() and t.upper() == t


_PAREN_ACRONYM = re.compile(r"([\w'’ -]+?)\s*\(([A-Z]{2,10})\)")


def _acronym_definitions(text: str) -> list[tuple[str, str]]:
    """ "Appels à projets (AAP), …" -> [("Appels à projets", "AAP")]: the words just
    before the parenthesis whose initials spell the acronym."""
    out = []
    for m in _PAREN_ACRONYM.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        for n in range(1, min(len(words), 10) + 1):
            tail = words[-n:]
            initials = fold("".join(w[0] for w in tail if w)).upper()
            significant = fold(
                "".join(
                    strip_elision(w)[0] for w in tail if fold(strip_elision(w)) not in STOP_WORDS
                )
            ).upper()
            if acronym in (initials, significant):
                out.append((" ".join(tail), acronym))
                break
    return out


# -- parsing ---------------------------------------------------------------

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text: str, thesaurus: Thesaurus, known_word=None) -> ParsedQuery:  # type: ignore[no-untyped-def]
    """Parse a typed query. `known_word(folded) -> bool` tells whether a word is
    in the index (a complete word), to weigh its completions."""
    raw = clean_query_text(text, MAX_QUERY_CHARS)
    ends_with_space = raw != raw.rstrip()
    clauses: list[Clause] = []
    plain: list[tuple[str, str]] = []  # (folded word, stem) of positive plain words
    plain_words: list[str] = []
    tokens = list(_TOKEN_RE.finditer(raw))
    for i, m in enumerate(tokens):
        negated_phrase, phrase_text, word_text = m.group(1), m.group(2), m.group(3)
        if phrase_text is not None:
            stems = analyze(phrase_text)
            if not stems:
                continue
            alt = Alt(stems, phrase=len(stems) > 1, exact_forms=analyze(phrase_text, False))
            clauses.append(Clause([alt], negated=bool(negated_phrase), words=alt.exact_forms))
            continue
        negated = word_text.startswith("-") and len(word_text) > 1
        body = word_text[1:] if negated else word_text
        words = folded_words(body)  # "d'intérêt" -> ["interet"]; "co-construction" -> 2
        if not words:
            continue
        if negated:
            alt = Alt([stem(w) for w in words], len(words) > 1, 1.0, [light(w) for w in words])
            clauses.append(Clause([alt], True, words))
            continue
        for w in words:
            plain.append((w, stem(w)))
            plain_words.append(w)
        if i == len(tokens) - 1 and not ends_with_space and len(words[-1]) >= 3:
            plain[-1] = (plain[-1][0] + "\x00prefix", plain[-1][1])
    clauses[0:0] = _plain_clauses(plain, thesaurus, known_word)
    positives = [c for c in clauses if not c.negated][:MAX_CLAUSES]
    negatives = [c for c in clauses if c.negated][:MAX_CLAUSES]
    return ParsedQuery(raw, positives + negatives, plain_words)


def _plain_clauses(plain: list[tuple[str, str]], thesaurus: Thesaurus, known_word) -> list[Clause]:  # type: ignore[no-untyped-def]
    stems = [s for _, s in plain]
    clauses: list[Clause] = []
    i = 0
    while i < len(plain):
        hit = thesaurus.match(stems, i)
        if hit is not None:
            group, n = hit
            words = [w.split("\x00")[0] for w, _ in plain[i : i + n]]
            own = tuple(stems[i : i + n])
            lights = [light(w) for w in words]
            if own in thesaurus.acronyms:
                alts = [Alt(lights, exact_forms=lights, field="exact")]
            else:
                alts = [Alt(list(own), phrase=False, exact_forms=lights)]
            for terms in thesaurus.groups[group]:
                if terms == own:
                    continue
                forms = thesaurus.light_forms.get(terms, [])
                if terms in thesaurus.acronyms:
                    alts.append(Alt(forms, weight=0.9, exact_forms=forms, field="exact"))
                else:
                    # The other expressions as phrases: their words scattered over an
                    # unrelated text (« intérêt », « économique », « général ») do
                    # not name the concept.
                    alts.append(Alt(list(terms), phrase=len(terms) > 1, weight=0.9,
                                    exact_forms=forms))  # fmt: skip
            clauses.append(Clause(alts, words=words, concept=True))
            i += n
            continue
        word, s = plain[i]
        is_prefix = word.endswith("\x00prefix")
        word = word.split("\x00")[0]
        clause = Clause([Alt([s], exact_forms=[light(word)])], words=[word])
        if is_prefix:
            # A word the index knows is complete: its completions rank below it.
            complete = known_word(light(word)) if known_word else True
            clause.prefix = light(word) if complete else word
            clause.alts.append(Alt([], weight=0.3 if complete else 1.0, field="exact"))
        clauses.append(clause)
        i += 1
    return clauses
