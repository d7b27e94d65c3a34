"""Helpers shared by the search benchmarks (search_bench, pdf_search_bench,
search_noise_bench, note_autosave_bench, backup_bench): the corpus loaded into a
library, the same corpus in a plain SQLite FTS5 baseline, and the timing arithmetic.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402

from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.models import Entry  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    f = int(k)
    c = min(f + 1, len(ordered) - 1)
    return ordered[f] + (ordered[c] - ordered[f]) * (k - f)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- this application's search ----------------------------------------------


def load_library(folder: Path, docs: list[dict[str, object]]) -> Library:
    lib = Library.open(folder)
    themes = [{"id": t, "label": t.replace("-", " ").capitalize()} for t in french_corpus.THEMES]
    kinds = [{"id": k, "label": k.capitalize()} for k in french_corpus.KINDS]
    with lib.transaction():
        lib.save_source("bench", "Banc d'essai")
        lib.replace_vocabulary("bench", kinds, themes)
        for d in docs:
            lib.write_entry(entry_of(d))
    return lib


def entry_of(d: dict[str, object], body_suffix: str = "", source_id: str = "bench") -> Entry:
    """One corpus document as the entry a sync would write (regions and themes included)."""
    body = str(d["body"]) + body_suffix
    return Entry(
        source_id=source_id,
        id=str(d["id"]),
        kind=str(d["kind"]),
        title=str(d["title"]),
        body=body,
        published_at=str(d["published_at"]),
        updated_at=str(d["published_at"]) + "T00:00:00Z",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        summary=str(d["summary"]),
        region=d["region"],  # type: ignore[arg-type]
        themes=list(d["themes"]),  # type: ignore[call-overload]
    )


# -- the FTS5 baseline --------------------------------------------------------


def fts5_query(q: str) -> str:
    """The same query in FTS5 syntax: AND of words, phrases, NOT, last word as prefix."""
    parts = re.findall(r'(-?)"([^"]*)"?|(\S+)', q)
    pos: list[str] = []
    neg: list[str] = []
    for i, (minus, phrase, word) in enumerate(parts):
        if phrase:
            toks = re.findall(r"\w+", phrase)
            if toks:
                (neg if minus else pos).append('"' + " ".join(toks) + '"')
            continue
        negated = word.startswith("-") and len(word) > 1
        toks = re.findall(r"\w+", word[1:] if negated else word)
        if not toks:
            continue
        if negated:
            neg.append('"' + " ".join(toks) + '"')
            continue
        last = i == len(parts) - 1 and len(toks[-1]) >= 3
        pos.extend(f'"{t}"' for t in toks[:-1])
        pos.append(f'"{toks[-1]}"' + ("*" if last else ""))
    if not pos:
        return ""
    expr = " AND ".join(pos)
    for n in neg:
        expr += f" NOT {n}"
    return expr


class Fts5:
    """The baseline: one FTS5 row per entry, plus plain tables for the facet counts."""

    # title, summary, body, theme_text (a subclass adding columns adds weights)
    BM25_WEIGHTS = "4.0, 2.0, 1.0, 1.5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.executescript(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE meta(rowid INTEGER PRIMARY KEY, key TEXT, kind TEXT, year TEXT, title TEXT);
            CREATE TABLE meta_themes(rowid INTEGER, theme TEXT);
            CREATE INDEX meta_themes_rowid ON meta_themes(rowid);
            CREATE VIRTUAL TABLE fts USING fts5(title, summary, body, theme_text,
                tokenize='unicode61 remove_diacritics 2');
            """
        )

    def add(self, rowid: int, d: dict[str, object]) -> None:
        themes = self.add_meta(rowid, d)
        self.conn.execute(
            "INSERT INTO fts(rowid, title, summary, body, theme_text) VALUES (?,?,?,?,?)",
            (rowid, d["title"], d["summary"], d["body"], " ".join(themes)),
        )

    def add_meta(self, rowid: int, d: dict[str, object]) -> list[str]:
        """The facet rows of one entry (kind, year, themes); returns its themes."""
        themes = list(d["themes"])  # type: ignore[call-overload]
        self.conn.execute(
            "INSERT INTO meta VALUES (?,?,?,?,?)",
            (rowid, d["id"], d["kind"], str(d["published_at"])[:4], d["title"]),
        )
        self.conn.executemany("INSERT INTO meta_themes VALUES (?,?)", [(rowid, t) for t in themes])
        return themes

    def page(self, q: str) -> tuple[int, list[str]]:
        expr = fts5_query(q)
        if not expr:
            return 0, []
        c = self.conn
        rows = c.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, {self.BM25_WEIGHTS}) "
            "LIMIT 20",
            (expr,),
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids[:10]:
            self.snippets(expr, ids[:10])
        c.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM hits")
        c.execute("INSERT INTO hits SELECT rowid FROM fts WHERE fts MATCH ?", (expr,))
        total = c.execute("SELECT count(*) FROM hits").fetchone()[0]
        for sql in (
            "SELECT m.kind, count(*) FROM hits h JOIN meta m USING(rowid) GROUP BY 1",
            "SELECT m.year, count(*) FROM hits h JOIN meta m USING(rowid) GROUP BY 1",
            "SELECT t.theme, count(*) FROM hits h JOIN meta_themes t USING(rowid) GROUP BY 1",
        ):
            c.execute(sql).fetchall()
        return total, [str(i) for i in ids]

    def snippets(self, expr: str, ids: list[int]) -> None:
        """The snippets of the first results, as the results page shows them."""
        marks = ",".join("?" * len(ids))
        self.conn.execute(
            "SELECT rowid, snippet(fts, -1, '<b>', '</b>', '…', 30) FROM fts "
            f"WHERE fts MATCH ? AND rowid IN ({marks})",
            (expr, *ids),
        ).fetchall()

    def all_matches(self, q: str) -> set[str]:
        expr = fts5_query(q)
        if not expr:
            return set()
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT m.key FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ?",
                (expr,),
            )
        }
