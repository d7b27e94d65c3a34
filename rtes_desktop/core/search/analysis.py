"""French text analysis shared by indexing, queries and highlighting.

The chain is, in this order (the order matters, see measured-here.md):
``RegexTokenizer | LowercaseFilter | ElisionFilter | CharsetFilter(accents)
| StopFilter(French) | StemFilter('fr')``. Accents are folded *before*
stemming: the French Snowball stemmer stems "filières" to ``fili`` but
"filiere" to ``filier``, so an accent-free query would miss.

`french_chain()` builds that chain from whoosh parts, literally. The index
uses `FrenchAnalyzer`, which runs the same steps fused into one loop (one
Python generator instead of six, with the stems cached): indexing is ~3x
faster and a test checks both give the same tokens on real text.

This module must stay importable by path: whoosh pickles the schema, and with
it these classes, by module name.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    Composable,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.french import FrenchStemmer

from rtes_desktop.core.text import FOLD_MAP, fold

#: A word: letters/digits, possibly joined by apostrophes ("l'ESS",
#: "aujourd'hui"). Hyphens, dots and the middle dot split words.
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"
_WORD_RE = re.compile(WORD_PATTERN)

#: Elided articles and pronouns before an apostrophe: l', d', qu', s', n',
#: j', m', t', c' and the conjunctions that elide (jusqu', lorsqu'…).
_ELISION_RE = re.compile(
    r"^(?:l|d|qu|s|n|j|m|t|c|jusqu|lorsqu|puisqu|quoiqu|presqu)['’ʼ]", re.IGNORECASE
)


def _stop_words() -> frozenset[str]:
    words = {fold(w) for w in stopwords_for_language("fr")}
    # whoosh's French list lacks these; "à" folds to "a", "où" to "ou".
    words |= {"les", "a", "cet", "cette", "dont", "leurs", "ceux", "celle", "celles", "celui"}
    words |= {"ca", "cela", "ou", "si", "lors", "afin"}
    # Single letters are elision leftovers or "n°": noise. Digits stay
    # (RepèrESS "n°9" must be findable by 9).
    words |= set("abcdefghijklmnopqrstuvwxyz")
    return frozenset(words)


STOP_WORDS = _stop_words()

_stemmer = FrenchStemmer()


#: Words the Snowball stemmer merges with unrelated ones, given a stem of
#: their own (looked up singular). Measured on the demo and the benchmark
#: corpus: "utilisateurs" found every "utiliser"/"utilisation", "entrées"
#: every "entre", "communes" every "communication", "publique" every
#: "publication" (while leaving "public" apart).
STEM_OVERRIDES = {
    "utilisateur": "utilisateur",
    "utilisatrice": "utilisateur",
    "entree": "entree",
    "commune": "commune",
    "communication": "communic",
    "publique": "public",
    "publication": "publication",
    "formation": "formation",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """French stem of an already folded word (numbers unchanged).

    Snowball, plus two corrections: a plural "s" after a, i, o or u is
    removed first (Snowball keeps it: "numéros" stayed apart from "numéro"),
    and the few words of `STEM_OVERRIDES` keep stems of their own."""
    if word.isdigit():
        return word
    override = STEM_OVERRIDES.get(word) or STEM_OVERRIDES.get(light(word))
    if override:
        return override
    if len(word) > 3 and word[-1] == "s" and word[-2] in "aiou":
        word = word[:-1]
    return str(_stemmer.stem(word))


def light(word: str) -> str:
    """A folded word without its plural mark ("fichiers" -> "fichier"): the
    form the "exact" field holds, so singular and plural are the same word
    there while utilisateur/utiliser stay apart (the Snowball stem merges them)."""
    if len(word) > 3 and word[-1] in "sx" and not word.isdigit():
        return word[:-1]
    return word


def strip_elision(word: str) -> str:
    """ "l'économie" -> "économie", "qu'il" -> "il"; other words unchanged."""
    return _ELISION_RE.sub("", word, count=1)


class ElisionFilter(Filter):
    """Removes elided articles: l'économie -> économie (keeps char offsets right)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if "'" in text or "’" in text or "ʼ" in text:
                m = _ELISION_RE.match(text)
                if m:
                    t.text = text[m.end() :]
                    if getattr(t, "startchar", None) is not None:
                        t.startchar += m.end()
                    if not t.text:
                        continue
            yield t


def french_chain(stemming: bool = True) -> Any:
    """The analysis chain built literally from whoosh parts (the reference)."""
    chain = (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | ElisionFilter()
        | CharsetFilter(FOLD_MAP)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
    )
    if stemming:
        chain = chain | StemFilter(stem, cachesize=None)
    return chain


class FrenchAnalyzer(Composable):
    """The French chain fused into one loop: same tokens as `french_chain()`.

    ``stemming=False`` gives folded, unstemmed words less their plural mark
    (see `light`): the "exact" field, used for exact phrases, prefixes,
    spelling suggestions and ranking the very word typed first.
    """

    is_morph = True

    def __init__(self, stemming: bool = True) -> None:
        self.stemming = stemming

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrenchAnalyzer) and other.stemming == self.stemming

    def __hash__(self) -> int:
        return hash(("FrenchAnalyzer", self.stemming))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # Several texts as one field (the "exact" and "phrase" fields hold every
        # text of an entry, see `MultiText`): words of one text never form a
        # phrase with the next one's.
        parts = getattr(value, "parts", None) or (value,)
        if not tokenize:
            joined = " ".join(parts)
            t.original = t.text = joined
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(joined)
            yield t
            return
        if not removestops or keeporiginal:
            for part in parts:
                yield from self._slow(
                    t, part, positions, chars, keeporiginal, start_pos, start_char
                )
            return
        stemming = self.stemming and not kwargs.get("no_morph")
        transform = stem if stemming else light
        pos = -1
        for n, part in enumerate(parts):
            if n:
                pos += PART_GAP
            for word, raw_index, start, end in _words(part):
                # Positions as whoosh's StopFilter(renumber=True) gives them: the
                # first kept word keeps its index, the next ones follow.
                pos = start_pos + raw_index if pos < 0 else pos + 1
                t.text = transform(word)
                t.boost = 1.0
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + start
                    t.endchar = start_char + end
                yield t

    def _slow(
        self,
        t: Token,
        value: str,
        positions: bool,
        chars: bool,
        keeporiginal: bool,
        start_pos: int,
        start_char: int,
    ) -> Iterator[Token]:
        """The same analysis keeping stop words (flagged) and original text."""
        value = _nfc(value)
        pos = -1
        for raw_index, m in enumerate(_WORD_RE.finditer(value)):
            word, start = _fold_match(m)
            t.boost = 1.0
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + m.end()
            if keeporiginal:
                t.original = m.group()
            if word in STOP_WORDS:
                t.stopped = True
                t.text = word
                if positions:
                    t.pos = start_pos + raw_index
                yield t
                t.stopped = False
                continue
            pos = start_pos + raw_index if pos < 0 else pos + 1
            t.text = stem(word) if self.stemming else light(word)
            if positions:
                t.pos = pos
            yield t


#: Positions left between the texts of a multi-text field (no phrase across).
PART_GAP = 10


class MultiText(str):
    """Several texts given to one field: the joined text (what whoosh sees)
    carrying its parts, which the analyzer analyses one by one. whoosh takes a
    list for words already analysed, hence a str."""

    parts: tuple[str, ...]

    def __new__(cls, parts: list[str]) -> MultiText:
        obj = super().__new__(cls, "\n".join(parts))
        obj.parts = tuple(parts)
        return obj


_memo = threading.local()
_MEMO_SIZE = 16


def _nfc(value: str) -> str:
    if not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)  # "e" + U+0301 -> "é"
    return value


def _fold_match(m: re.Match[str]) -> tuple[str, int]:
    word = m.group().lower()
    start = m.start()
    if "'" in word or "’" in word or "ʼ" in word:
        e = _ELISION_RE.match(word)
        if e:
            word = word[e.end() :]
            start += e.end()
    return word.translate(FOLD_MAP), start


def _words(value: str) -> list[tuple[str, int, int, int]]:
    """(folded word, index among all words, start, end) of the words of
    `value` that are not stop words. The last few texts analysed by this
    thread are remembered: indexing an entry analyses each of its texts once
    although several fields (stemmed, exact, phrase) hold it."""
    memo = getattr(_memo, "items", None)
    if memo is None:
        memo = _memo.items = {}
    key = id(value)
    hit = memo.get(key)
    if hit is not None and hit[0] is value:
        return hit[1]  # type: ignore[no-any-return]
    text = _nfc(value)
    out = []
    for raw_index, m in enumerate(_WORD_RE.finditer(text)):
        word, start = _fold_match(m)
        if word not in STOP_WORDS:
            out.append((word, raw_index, start, m.end()))
    if len(memo) >= _MEMO_SIZE:
        memo.pop(next(iter(memo)))
    memo[key] = (value, out)
    return out


def analyze(text: str, stemming: bool = True) -> list[str]:
    """The terms of `text` as the index holds them (stems, or light forms)."""
    return [t.text for t in FrenchAnalyzer(stemming)(text)]


def folded_words(text: str) -> list[str]:
    """The words of `text` folded, without stop words, neither stemmed nor lightened."""
    return [w for _, _, w, _ in word_spans(unicodedata.normalize("NFC", text))]


def word_spans(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, folded word, stem) of every non-stop word of `text`, for
    highlighting: start/end cover the word without its elided article.
    `text` must be NFC (see `clean_query_text`) for the offsets to be right."""
    for m in _WORD_RE.finditer(text):
        word = m.group().lower()
        start = m.start()
        if "'" in word or "’" in word or "ʼ" in word:
            e = _ELISION_RE.match(word)
            if e:
                word = word[e.end() :]
                start += e.end()
        word = word.translate(FOLD_MAP)
        if word in STOP_WORDS or not word:
            continue
        yield start, m.end(), word, stem(word)


def clean_query_text(text: str, limit: int = 1000) -> str:
    """A query as typed, made safe: control characters become spaces, the
    length is capped, Unicode is normalised (NFC)."""
    if not isinstance(text, str):
        return ""
    text = text[: limit * 4]
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return text[:limit]
