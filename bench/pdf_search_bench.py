"""Search with PDF text (issue 14): 2,000 entries, 500 of them with a 20-page PDF.

    .venv/bin/python bench/pdf_search_bench.py                 # 2,000 entries, 500 PDFs
    .venv/bin/python bench/pdf_search_bench.py --pdfs 100      # a quicker run

Same corpus and queries as bench/search_bench.py (Debian's French manual pages):
2,000 entries, then 10,000 other sections of the corpus as the pages of 500 PDFs
(20 pages each, about 1,500 characters a page), stored in the library as a sync
stores them (`attachment_pages`). In one run, for this application and for SQLite
FTS5 on the same text (one FTS5 row per entry with its PDF text as a column, and a
second FTS5 table of pages to say which page matched), it measures the index
build, the results page (top 20, snippets for 10, the pages matched for 10, facet
counts) p50/p95, and the index size. Targets (issue 14): page p95 <= 50 ms and
<= 1.5x FTS5's, build <= 10x FTS5's. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402
from search_bench import (  # noqa: E402
    QUERIES,
    Fts5,
    entry_of,
    folder_size,
    fts5_query,
    latencies,
    load_library,
    percentile,
    timed,
)

from rtes_desktop.core.library.attachment_pages import replace_pages  # noqa: E402
from rtes_desktop.core.models import Attachment  # noqa: E402
from rtes_desktop.core.search import SearchService  # noqa: E402

PAGES_PER_PDF = 20


class Fts5WithPages(Fts5):
    """The FTS5 baseline plus the PDF text: a `pages` column for ranking, and a table
    of pages to name the pages that matched (what `found_in` says)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.conn.executescript(
            """
            DROP TABLE fts;
            CREATE VIRTUAL TABLE fts USING fts5(title, summary, body, theme_text, pages,
                tokenize='unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE fts_pages USING fts5(text, entry UNINDEXED, page UNINDEXED,
                tokenize='unicode61 remove_diacritics 2');
            """
        )

    def add_with_pages(self, rowid: int, d: dict[str, object], pages: list[str]) -> None:
        themes = list(d["themes"])  # type: ignore[call-overload]
        c = self.conn
        c.execute(
            "INSERT INTO meta VALUES (?,?,?,?,?)",
            (rowid, d["id"], d["kind"], str(d["published_at"])[:4], d["title"]),
        )
        c.executemany("INSERT INTO meta_themes VALUES (?,?)", [(rowid, t) for t in themes])
        c.execute(
            "INSERT INTO fts(rowid, title, summary, body, theme_text, pages) VALUES (?,?,?,?,?,?)",
            (rowid, d["title"], d["summary"], d["body"], " ".join(themes), "\n".join(pages)),
        )
        c.executemany(
            "INSERT INTO fts_pages(text, entry, page) VALUES (?,?,?)",
            [(t, rowid, n) for n, t in enumerate(pages, 1)],
        )

    def page(self, q: str) -> tuple[int, list[str]]:
        expr = fts5_query(q)
        if not expr:
            return 0, []
        c = self.conn
        rows = c.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 4.0, 2.0, 1.0, 1.5, 0.5) "
            "LIMIT 20",
            (expr,),
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids[:10]:
            marks = ",".join("?" * len(ids[:10]))
            c.execute(
                "SELECT rowid, snippet(fts, -1, '<b>', '</b>', '…', 30) FROM fts "
                f"WHERE fts MATCH ? AND rowid IN ({marks})",
                (expr, *ids[:10]),
            ).fetchall()
            c.execute(
                "SELECT entry, page, snippet(fts_pages, 0, '<b>', '</b>', '…', 30) FROM fts_pages "
                f"WHERE fts_pages MATCH ? AND entry IN ({marks}) ORDER BY rank",
                (expr, *ids[:10]),
            ).fetchall()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--pdfs", type=int, default=500)
    args = parser.parse_args()
    print("command:", " ".join([os.path.basename(sys.executable), *sys.argv]))
    workdir = Path(tempfile.mkdtemp(prefix="rtes-pdf-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}")  # fmt: skip
    try:
        run(args.entries, args.pdfs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(n_entries: int, n_pdfs: int, workdir: Path) -> None:
    docs = french_corpus.corpus(n_entries)
    taken = {d["id"] for d in docs}
    spare = (c for c in french_corpus.chunks(1500) if c["id"] not in taken)
    texts = [str(c["body"]) for c in itertools.islice(spare, n_pdfs * PAGES_PER_PDF)]
    if len(texts) < n_pdfs * PAGES_PER_PDF:
        raise SystemExit(f"corpus too small for {n_pdfs} PDFs of {PAGES_PER_PDF} pages")
    step = max(1, n_entries // max(1, n_pdfs))
    with_pdf = {i * step: i for i in range(n_pdfs)}  # entry index -> PDF index
    pdf_pages = {i: texts[k * PAGES_PER_PDF : (k + 1) * PAGES_PER_PDF] for i, k in with_pdf.items()}
    page_chars = sum(len(t) for t in texts)
    print(f"{n_entries:,} entries, {n_pdfs} PDFs x {PAGES_PER_PDF} pages "
          f"({page_chars / 1e6:.1f} M characters of page text)")  # fmt: skip

    lib = load_library(workdir / "lib", [])
    with lib.transaction() as conn:
        for i, d in enumerate(docs):
            entry = entry_of(d)
            pages = pdf_pages.get(i)
            if pages:
                sha = hashlib.sha256(str(d["id"]).encode()).hexdigest()
                entry.attachments = [Attachment(f"{d['id']}.pdf", "application/pdf", sha, 1)]
            lib.write_entry(entry)
            if pages:
                replace_pages(conn, entry.source_id, entry.id, {sha: pages})
    svc = SearchService(lib)
    build_app = timed(svc.rebuild)
    size_app = folder_size(svc.store.current())  # type: ignore[arg-type]

    fts = Fts5WithPages(workdir / "fts.db")

    def build_fts() -> None:
        with fts.conn:
            for i, d in enumerate(docs, 1):
                fts.add_with_pages(i, d, pdf_pages.get(i - 1, []))

    build_fts_s = timed(build_fts)
    fts.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_fts = fts.path.stat().st_size

    found_in_hits = 0

    def page_app(q: str) -> object:
        nonlocal found_in_hits
        r = svc.search(q, page_size=20, snippets=10, facets=("kind", "theme", "year"))
        found_in_hits += sum(1 for h in r.hits if getattr(h, "found_in", None))
        return r

    lat_app = latencies(page_app)
    lat_fts = latencies(fts.page)
    rows = [
        ("index build (s)", build_app, build_fts_s, "{:.1f}"),
        ("results page p50 (ms)", percentile(lat_app, 0.5), percentile(lat_fts, 0.5), "{:.1f}"),
        ("results page p95 (ms)", percentile(lat_app, 0.95), percentile(lat_fts, 0.95), "{:.1f}"),
        ("index size (MB)", size_app / 1e6, size_fts / 1e6, "{:.1f}"),
    ]
    print(f"{'':28}{'this app (whoosh)':>20}{'SQLite FTS5':>16}")
    for label, a, b, fmt in rows:
        print(f"{label:28}{fmt.format(a):>20}{fmt.format(b):>16}")
    p95a, p95b = rows[2][1], rows[2][2]
    print(f"page p95: {p95a:.1f} ms (target <= 50), ratio app/FTS5 {p95a / p95b:.2f} "
          f"(target <= 1.5); build ratio {build_app / build_fts_s:.1f} (target <= 10)")  # fmt: skip
    print(f"hits showing the PDF pages they were found on: {found_in_hits} "
          f"over {len(lat_app) + len(QUERIES)} results pages")  # fmt: skip
    svc.close()
    lib.close()
    fts.conn.close()


if __name__ == "__main__":
    main()
