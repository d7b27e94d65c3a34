"""Search benchmark (issue 4): this application's search vs SQLite FTS5.

    .venv/bin/python bench/search_bench.py                 # 2,000 and 10,000 entries
    .venv/bin/python bench/search_bench.py --sizes 2000    # small run
    .venv/bin/python bench/search_bench.py --sizes 10000,50000

Sizes beyond the 14,602 sections of the corpus take paragraphs as entries
(french_corpus.py); a size the corpus cannot give is refused.

In one run, on the same corpus and the same queries, it measures for each
engine: index build time, p50/p95 latency of a results page (top 20 ranked,
snippets for the first 10, facet counts for kind, theme and year), the
incremental update of 100 entries, the index size, and recall/precision on a
judged set of accent-free and singular/plural queries.

With PDFs (issue 14), `--pdfs 500` then measures 2,000 entries of which 500 carry a
20-page PDF, against FTS5 on the same text (bench/pdf_search_bench.py, also runnable
alone); ranking among 10,000 off-topic entries is bench/search_noise_bench.py.

Corpus: real French prose from Debian's French manual pages (see
french_corpus.py; `apt-get install manpages-fr manpages-fr-dev`).
Targets at 10,000 entries (2 cores): page p95 <= 50 ms and <= 1.5x FTS5's;
recall ahead of FTS5; build <= 60 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402

from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.models import Entry  # noqa: E402
from rtes_desktop.core.search import SearchService  # noqa: E402

# Queries typed as agents type them: lower case, often without accents,
# singular or plural, a phrase, an exclusion, a word being typed.
QUERIES = [
    "fichier", "fichiers", "repertoire", "répertoire courant", "memoire partagee",
    "processus fils", "signal", "utilisateur", "utilisateurs", "mot de passe",
    "droits d'acces", "systeme de fichiers", "peripherique", "lecture ecriture",
    "erreur", "valeur de retour", "descripteur de fichier", "option", "socket",
    "terminal", "bibliotheque", "fonction", "securite", "cle", "variable d'environnement",
    "\"appel systeme\"", "noyau linux", "reseau", "adresse", "thread", "horloge",
    "format", "chaine de caracteres", "tampon", "pile", "taille maximale",
    "fichier -repertoire", "processus -signal", "compress", "config", "perm",
    "entree standard", "sortie", "privileges", "numero de port", "date heure",
    "console", "clavier", "ecran", "impression",
]  # fmt: skip

# Judged set: a query as typed (no accents, singular or plural) and the surface
# forms that make an entry relevant (each group must be present). Relevance is
# decided on the raw text with these explicit forms, by neither engine.
JUDGED: list[tuple[str, list[list[str]]]] = [
    ("repertoire", [["répertoire", "répertoires"]]),
    ("fichier", [["fichier", "fichiers"]]),
    ("memoire", [["mémoire", "mémoires"]]),
    ("peripherique", [["périphérique", "périphériques"]]),
    ("donnee", [["donnée", "données"]]),
    ("parametre", [["paramètre", "paramètres"]]),
    ("requete", [["requête", "requêtes"]]),
    ("securite", [["sécurité", "sécurités"]]),
    ("utilisateurs", [["utilisateur", "utilisateurs"]]),
    ("erreurs", [["erreur", "erreurs"]]),
    ("entrees", [["entrée", "entrées"]]),
    ("caracteres", [["caractère", "caractères"]]),
    ("privileges", [["privilège", "privilèges"]]),
    ("numero", [["numéro", "numéros"]]),
    ("systeme de fichiers", [["système", "systèmes"], ["fichier", "fichiers"]]),
    ("bibliotheque partagee", [["bibliothèque", "bibliothèques"], ["partagée", "partagées"]]),
    ("horloges", [["horloge", "horloges"]]),
    ("processus enfant", [["processus"], ["enfant", "enfants"]]),
]


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


def entry_of(d: dict[str, object], body_suffix: str = "") -> Entry:
    body = str(d["body"]) + body_suffix
    return Entry(
        source_id="bench",
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
        themes = list(d["themes"])  # type: ignore[call-overload]
        self.conn.execute(
            "INSERT INTO meta VALUES (?,?,?,?,?)",
            (rowid, d["id"], d["kind"], str(d["published_at"])[:4], d["title"]),
        )
        self.conn.executemany("INSERT INTO meta_themes VALUES (?,?)", [(rowid, t) for t in themes])
        self.conn.execute(
            "INSERT INTO fts(rowid, title, summary, body, theme_text) VALUES (?,?,?,?,?)",
            (rowid, d["title"], d["summary"], d["body"], " ".join(themes)),
        )

    def page(self, q: str) -> tuple[int, list[str]]:
        expr = fts5_query(q)
        if not expr:
            return 0, []
        c = self.conn
        rows = c.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 4.0, 2.0, 1.0, 1.5) "
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
        c.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM hits")
        c.execute("INSERT INTO hits SELECT rowid FROM fts WHERE fts MATCH ?", (expr,))
        total = c.execute("SELECT count(*) FROM hits").fetchone()[0]
        c.execute(
            "SELECT m.kind, count(*) FROM hits h JOIN meta m USING(rowid) GROUP BY 1"
        ).fetchall()
        c.execute(
            "SELECT m.year, count(*) FROM hits h JOIN meta m USING(rowid) GROUP BY 1"
        ).fetchall()
        c.execute(
            "SELECT t.theme, count(*) FROM hits h JOIN meta_themes t USING(rowid) GROUP BY 1"
        ).fetchall()
        return total, [str(i) for i in ids]

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


# -- measuring ----------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def latencies(page: Callable[[str], object], rounds: int = 5) -> list[float]:
    for q in QUERIES:  # warm-up: files in the OS cache, searchers open
        page(q)
    out = []
    for _ in range(rounds):
        for q in QUERIES:
            out.append(timed(lambda q=q: page(q)) * 1000)
    return out


def relevant_keys(docs: list[dict[str, object]], groups: list[list[str]]) -> set[str]:
    patterns = [
        re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)
        for forms in groups
    ]
    out = set()
    for d in docs:
        text = unicodedata.normalize("NFC", f"{d['title']}\n{d['summary']}\n{d['body']}")
        if all(p.search(text) for p in patterns):
            out.add(str(d["id"]))
    return out


def recall_precision(
    found: Callable[[str], set[str]], docs: list[dict[str, object]]
) -> tuple[float, float]:
    recalls, precisions = [], []
    for q, groups in JUDGED:
        rel = relevant_keys(docs, groups)
        if not rel:
            continue
        got = found(q)
        recalls.append(len(got & rel) / len(rel))
        precisions.append(len(got & rel) / len(got) if got else 0.0)
    return statistics.mean(recalls), statistics.mean(precisions)


def run(size: int, workdir: Path) -> dict[str, object]:
    print(f"\n== {size:,} entries ==", flush=True)
    t = time.perf_counter()
    docs = french_corpus.corpus(size)
    chars = sum(len(str(d["body"])) + len(str(d["summary"])) + len(str(d["title"])) for d in docs)
    if len(docs) != size:  # (french_corpus refuses first; never label a smaller run)
        raise SystemExit(f"corpus gave {len(docs):,} entries, {size:,} asked")
    print(f"corpus: {french_corpus.describe(docs)}; {len(docs):,} entries, {chars / 1e6:.1f} M characters "
          f"({chars // len(docs):,} per entry) in {time.perf_counter() - t:.1f} s")  # fmt: skip

    lib = load_library(workdir / f"lib-{size}", docs)
    svc = SearchService(lib)
    build_app = timed(svc.rebuild)
    size_app = folder_size(svc.store.current())  # type: ignore[arg-type]

    fts = Fts5(workdir / f"fts-{size}.db")

    def build_fts() -> None:
        with fts.conn:
            for i, d in enumerate(docs, 1):
                fts.add(i, d)

    build_fts_s = timed(build_fts)
    fts.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_fts = fts.path.stat().st_size

    def page_app(q: str) -> object:
        return svc.search(q, page_size=20, snippets=10, facets=("kind", "theme", "year"))

    lat_app = latencies(page_app)
    lat_fts = latencies(fts.page)

    # Incremental update of 100 entries (a sync touching 100 entries).
    changed = docs[:: max(1, len(docs) // 100)][:100]
    with lib.transaction():
        for d in changed:
            lib.write_entry(entry_of(d, "\n\nMise à jour : paragraphe ajouté."))
    upd_app = timed(svc.catch_up)

    def update_fts() -> None:
        with fts.conn:
            for d in changed:
                rowid = fts.conn.execute(
                    "SELECT rowid FROM meta WHERE key=?", (d["id"],)
                ).fetchone()[0]
                fts.conn.execute("DELETE FROM fts WHERE rowid=?", (rowid,))
                fts.conn.execute("DELETE FROM meta WHERE rowid=?", (rowid,))
                fts.conn.execute("DELETE FROM meta_themes WHERE rowid=?", (rowid,))
                fts.add(
                    rowid, {**d, "body": str(d["body"]) + "\n\nMise à jour : paragraphe ajouté."}
                )

    upd_fts = timed(update_fts)

    def found_app(q: str) -> set[str]:
        r = svc.search(q, page_size=100_000, snippets=0, facets=False)
        return {h.id for h in r.hits}

    rec_app, prec_app = recall_precision(found_app, docs)
    rec_fts, prec_fts = recall_precision(fts.all_matches, docs)

    res = {
        "size": len(docs),
        "build_s": (build_app, build_fts_s),
        "page_p50_ms": (percentile(lat_app, 0.5), percentile(lat_fts, 0.5)),
        "page_p95_ms": (percentile(lat_app, 0.95), percentile(lat_fts, 0.95)),
        "update100_s": (upd_app, upd_fts),
        "size_mb": (size_app / 1e6, size_fts / 1e6),
        "recall": (rec_app, rec_fts),
        "precision": (prec_app, prec_fts),
    }
    print(f"{'':28}{'this app (whoosh)':>20}{'SQLite FTS5':>16}")
    for name, label, fmt in [
        ("build_s", "index build (s)", "{:.1f}"),
        ("page_p50_ms", "results page p50 (ms)", "{:.1f}"),
        ("page_p95_ms", "results page p95 (ms)", "{:.1f}"),
        ("update100_s", "update 100 entries (s)", "{:.2f}"),
        ("size_mb", "index size (MB)", "{:.1f}"),
        ("recall", "recall, judged queries", "{:.3f}"),
        ("precision", "precision, judged queries", "{:.3f}"),
    ]:
        a, b = res[name]  # type: ignore[misc]
        print(f"{label:28}{fmt.format(a):>20}{fmt.format(b):>16}")
    p95a, p95b = res["page_p95_ms"]  # type: ignore[misc]
    print(f"page p95 ratio app/FTS5: {p95a / p95b:.2f} (issue 10 target <= 1.0, recall 1.00)")
    (ba, bb), (ua, ub) = res["build_s"], res["update100_s"]  # type: ignore[misc]
    print(f"build ratio app/FTS5: {ba / bb:.1f} (target <= 10); "
          f"update of 100 ratio: {ua / ub:.1f} (target <= 3)")  # fmt: skip
    svc.close()
    lib.close()
    fts.conn.close()
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--pdfs", type=int, default=0, help="then 2,000 entries with N PDFs of 20 pages"
    )
    args = parser.parse_args()
    print("command:", " ".join([os.path.basename(sys.executable), *sys.argv]))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="rtes-search-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}; work folder {workdir}")  # fmt: skip
    results = []
    try:
        for size in sizes:
            results.append(run(size, workdir))
        if args.pdfs:
            import pdf_search_bench

            print(f"\n== 2,000 entries, {args.pdfs} PDFs x 20 pages ==", flush=True)
            pdf_search_bench.run(2000, args.pdfs, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
