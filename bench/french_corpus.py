"""A corpus of real French prose for the search benchmark.

Source: the French manual pages of Debian's `manpages-fr` and `manpages-fr-dev`
packages (translations maintained by the French l10n team, ~15 MB of text,
accented, with singulars and plurals). No Python package we could use ships
that much French prose: Babel and PySide6 ship labels and UI strings, whoosh
only a stemmer. Install once with:

    apt-get install manpages-fr manpages-fr-dev

Each page is split at its sections and paragraphs into entries of roughly
`target` characters (whole paragraphs, never cut mid-sentence); kind, themes,
year and region are assigned deterministically so facets have realistic
spreads. The same `n` always gives the same entries.

How many entries: sections give 14,602 entries of about 1,000 characters.
Asked for more, `corpus` switches to *paragraphs as entries* (every paragraph
of at least `MIN_PARAGRAPH` characters is one entry, titled by its page and
section): 53,798 entries of about 300 characters, which is how the benches
reach 50,000. Asked for more than that, it refuses (SystemExit) unless
`allow_fewer=True`, and then says loudly how many it gives: a figure labelled
50,000 must be measured on 50,000 entries.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAN_DIR = Path("/usr/share/man/fr")

KINDS = ["guide", "fiche", "faq", "compte-rendu", "etude", "rapport"]
KIND_WEIGHTS = [2, 5, 4, 3, 1, 1]
THEMES = [
    "filieres", "sieg", "esus", "aap", "spaser", "commande-publique-responsable", "scic",
    "ptce", "plateformes-cooperatives", "evaluation-impact-social", "loi-ess",
    "cooperation-territoriale", "alimentation", "clubs-regionaux", "europe",
]  # fmt: skip
REGIONS = ["", "", "", "Bretagne", "Occitanie", "Hauts-de-France", "Grand Est", "Île-de-France"]

_ESCAPES = [
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""),
    (re.compile(r"\\\((?:aq|cq)"), "'"),
    (re.compile(r"\\\((?:lq|rq|Fo|Fc|dq)"), '"'),
    (re.compile(r"\\\((?:em|en)"), "—"),
    (re.compile(r"\\\(.."), ""),
    (re.compile(r"\\\[[^\]]*\]"), ""),
    (re.compile(r"\\[-]"), "-"),
    (re.compile(r"\\[ ~0]"), " "),
    (re.compile(r"\\[&,/|^:%]"), ""),
    (re.compile(r"\\e"), "\\\\"),
    (re.compile(r"\\\*\(?.."), ""),
    (re.compile(r"\\[a-zA-Z]"), ""),
]


def _unescape(line: str) -> str:
    for pattern, repl in _ESCAPES:
        line = pattern.sub(repl, line)
    return line


# Boilerplate (the same translators' credits on every page) and code listings.
_SKIPPED = {
    "NOM",
    "NAME",
    "TRADUCTION",
    "COLOPHON",
    "VOIR AUSSI",
    "SYNOPSIS",
    "SIGNALER DES BOGUES",
}
_SKIPPED |= {"AUTEUR", "AUTEURS", "COPYRIGHT", "SIGNALER DES BOGUES", "EXEMPLES", "EXEMPLE"}


@dataclass
class Page:
    name: str
    title: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)


def read_page(path: Path) -> Page | None:
    """One man page as sections of paragraphs of plain text."""
    try:
        raw = gzip.open(path, "rt", encoding="utf-8", errors="replace").read()
    except OSError:
        return None
    sections: list[tuple[str, list[str]]] = []
    heading = ""
    paras: list[str] = []
    cur: list[str] = []

    def flush_para() -> None:
        if cur:
            text = " ".join(" ".join(cur).split())
            if len(text) > 20:
                paras.append(text)
            cur.clear()

    for line in raw.splitlines():
        if line.startswith(('.\\"', "'\\\"", '.\\"')):
            continue
        if line.startswith(".") or line.startswith("'"):
            m = re.match(r"[.'](\w+)\s*(.*)", line)
            macro, arg = (m.group(1), m.group(2)) if m else ("", "")
            if macro in ("SH", "SS"):
                flush_para()
                if macro == "SH":
                    if paras:
                        sections.append((heading, paras))
                    paras = []
                    heading = _unescape(arg).strip('"').strip()
            elif macro in ("B", "I", "BR", "IR", "RB", "BI", "IB", "RI", "SM"):
                cur.append(_unescape(arg).replace('"', ""))
            elif macro in ("PP", "P", "LP", "TP", "IP", "HP", "br", "sp", "EX", "EE", "nf", "fi"):
                flush_para()
            continue
        cur.append(_unescape(line))
    flush_para()
    if paras:
        sections.append((heading, paras))
    if not sections:
        return None
    name_line = ""
    for head, ps in sections:
        if head.upper() in ("NOM", "NAME"):
            name_line = ps[0] if ps else ""
            break
    page_name = path.name.removesuffix(".gz")
    title = name_line or page_name
    return Page(page_name, title, [(h, p) for h, p in sections if h.upper() not in _SKIPPED])


def _pick(seed: str, choices: list[str], weights: list[int] | None = None) -> str:
    h = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    if weights is None:
        return choices[h % len(choices)]
    total = sum(weights)
    x = h % total
    for c, w in zip(choices, weights, strict=True):
        if x < w:
            return c
        x -= w
    return choices[-1]


def chunks(target: int = 1500) -> Iterator[dict[str, object]]:
    """Every entry the corpus can give, in a stable order."""
    files = sorted(MAN_DIR.glob("man*/*.gz"))
    for path in files:
        page = read_page(path)
        if page is None:
            continue
        n = 0
        for heading, paras in page.sections:
            buf: list[str] = []
            size = 0
            for para in paras:
                if buf and size + len(para) > target:
                    if size >= 200:
                        n += 1
                        yield _entry(page, heading, buf, n)
                    buf, size = [], 0
                buf.append(para)
                size += len(para)
            if buf and size >= 200:
                n += 1
                yield _entry(page, heading, buf, n)


def _entry(page: Page, heading: str, paras: list[str], n: int) -> dict[str, object]:
    eid = re.sub(r"[^a-z0-9._-]+", "-", f"{page.name}-{n}".lower()).strip("-")[:120]
    body = "\n\n".join(paras)
    first = re.split(r"(?<=[.!?])\s", paras[0], maxsplit=1)[0][:300]
    kind = _pick(eid + "k", KINDS, KIND_WEIGHTS)
    nthemes = int(hashlib.md5(eid.encode()).hexdigest()[0], 16) % 3
    themes = sorted({_pick(f"{eid}t{i}", THEMES) for i in range(nthemes + 1)})
    year = 2014 + int(hashlib.md5((eid + "y").encode()).hexdigest()[:4], 16) % 12
    month = 1 + int(hashlib.md5((eid + "m").encode()).hexdigest()[:2], 16) % 12
    return {
        "unit": "section",
        "id": eid,
        "kind": kind,
        "title": f"{page.title} — {heading.capitalize()}" if heading else page.title,
        "summary": first,
        "body": body,
        "themes": themes,
        "published_at": f"{year}-{month:02d}-15",
        "region": _pick(eid + "r", REGIONS) or None,
    }


#: Shortest paragraph taken as an entry in the paragraphs-as-entries mode.
MIN_PARAGRAPH = 80


def paragraphs() -> Iterator[dict[str, object]]:
    """Every paragraph of at least `MIN_PARAGRAPH` characters as one entry."""
    for path in sorted(MAN_DIR.glob("man*/*.gz")):
        page = read_page(path)
        if page is None:
            continue
        n = 0
        for heading, paras in page.sections:
            for para in paras:
                if len(para) >= MIN_PARAGRAPH:
                    n += 1
                    yield {**_entry(page, heading, [para], n), "unit": "paragraph"}


def corpus(n: int, target: int = 1500, *, allow_fewer: bool = False) -> list[dict[str, object]]:
    """`n` entries spread evenly over the whole corpus (every page section
    type, not only the first pages), in a stable order. Sections of about
    `target` characters while they suffice, else paragraphs as entries (see
    the module docstring). Fewer than `n` available: SystemExit, or with
    `allow_fewer` a loud warning on stderr."""
    if not MAN_DIR.is_dir() or not any(MAN_DIR.glob("man*/*.gz")):
        raise SystemExit(
            f"{MAN_DIR} absent : installez le corpus (apt-get install manpages-fr manpages-fr-dev"
            ", ou scripts/system-deps.sh bench)"
        )
    everything = list(chunks(target))
    if n > len(everything):
        everything = list(paragraphs())
    if n > len(everything):
        message = (
            f"corpus too small: {n:,} entries asked, {len(everything):,} available "
            f"(paragraphs as entries); install manpages-fr and manpages-fr-dev"
        )
        if not allow_fewer:
            raise SystemExit(message)
        print(f"\n!!! WARNING: {message}; measuring {len(everything):,} !!!\n", file=sys.stderr)
        return everything
    step = len(everything) / n
    return [everything[int(i * step)] for i in range(n)]


def describe(docs: list[dict[str, object]]) -> str:
    """One line saying how many entries, of what and how long: every bench prints it."""
    chars = sum(len(str(d["body"])) for d in docs)
    unit = docs[0]["unit"] if docs else "section"
    return (
        f"{len(docs):,} entries ({unit}s as entries), "
        f"{chars // max(1, len(docs)):,} characters of body on average"
    )


if __name__ == "__main__":
    import sys

    docs = corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    print(describe(docs))
    print(docs[len(docs) // 2])
