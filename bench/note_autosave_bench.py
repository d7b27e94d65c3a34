"""What keeping the index current costs after a small change (issue 10, item 5).

    .venv/bin/python bench/note_autosave_bench.py                     # 10,000 and 50,000
    .venv/bin/python bench/note_autosave_bench.py --sizes 10000 --saves 30

For each size, on the French corpus (french_corpus.py: sections as entries up
to 14,602, paragraphs as entries beyond), it builds a library and its index,
then measures `SearchService.catch_up()` after:

- a note autosave (`update_note`, about once a second while typing): the
  first save on an entry, then `--saves` more on the same note;
- a tag added to an entry, then removed;
- a one-entry sync (`write_entry` of a changed entry).

Each catch-up is followed by a search for a word of the note (the change must
be findable), timed apart, so no cost hides in the next query. In the same
run, the FTS5 baseline: the same changes applied to an FTS5 table holding the
entries with their notes and tags (delete and insert of the row). Figures are
printed, never asserted. Target (issue 10): catch-up after one note autosave
<= 30 ms at 10,000 entries, and flat from 10,000 to 50,000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402
import search_bench  # noqa: E402

from rtes_desktop.core.search import SearchService  # noqa: E402


def ms(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def summary(values: list[float]) -> str:
    v = sorted(values)
    p95 = search_bench.percentile(v, 0.95)
    return f"median {statistics.median(v):6.1f}  p95 {p95:6.1f}  max {v[-1]:6.1f}"


class FtsNotes:
    """FTS5 baseline: one row per entry, its notes and tags in columns."""

    def __init__(self, path: Path, docs: list[dict[str, object]]) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.executescript(
            "PRAGMA journal_mode=WAL;"
            "CREATE VIRTUAL TABLE fts USING fts5(key UNINDEXED, title, summary, body, tags, notes,"
            " tokenize='unicode61 remove_diacritics 2');"
        )
        self.rows = {str(d["id"]): d for d in docs}
        with self.conn:
            self.conn.executemany(
                "INSERT INTO fts(rowid, key, title, summary, body, tags, notes) "
                "VALUES (?,?,?,?,?,'','')",
                [(i, d["id"], d["title"], d["summary"], d["body"]) for i, d in enumerate(docs, 1)],
            )

    def change(self, key: str, *, body: str | None = None, tags: str = "", notes: str = "") -> None:
        d = self.rows[key]
        with self.conn:
            rowid = self.conn.execute("SELECT rowid FROM fts WHERE key=?", (key,)).fetchone()[0]
            self.conn.execute("DELETE FROM fts WHERE rowid=?", (rowid,))
            self.conn.execute(
                "INSERT INTO fts(rowid, key, title, summary, body, tags, notes) "
                "VALUES (?,?,?,?,?,?,?)",
                (rowid, key, d["title"], d["summary"], body or d["body"], tags, notes),
            )


def run(size: int, workdir: Path, saves: int) -> None:
    print(f"\n== {size:,} entries ==", flush=True)
    docs = french_corpus.corpus(size)
    print("corpus:", french_corpus.describe(docs), flush=True)
    lib = search_bench.load_library(workdir / f"lib-{size}", docs)
    svc = SearchService(lib)
    t = time.perf_counter()
    svc.rebuild()
    print(f"index build: {ms(t) / 1000:.1f} s", flush=True)
    fts = FtsNotes(workdir / f"fts-{size}.db", docs)
    target = docs[len(docs) // 2]
    key = f"bench:{target['id']}"
    eid = str(target["id"])
    svc.search("fichier")  # searchers warm, as in the application

    def catch_up_then_find(word: str) -> tuple[float, float]:
        t = time.perf_counter()
        svc.catch_up()
        c = ms(t)
        t = time.perf_counter()
        res = svc.search(word, page_size=20)
        s = ms(t)
        if key not in {h.key for h in res.hits}:
            raise SystemExit(f"the change is not findable by {word!r}: the index is wrong")
        return c, s

    # Note autosaves: the first save creates the note, the next ones edit it.
    note = lib.add_note(key, "Premier jet : zorglub")
    first = catch_up_then_find("zorglub")
    catch, search = [], []
    text = "Premier jet : zorglub"
    for i in range(saves):
        text += f" mot{i} frobnicateur{i}"
        lib.update_note(note.id, text)
        c, s = catch_up_then_find(f"frobnicateur{i}")
        catch.append(c)
        search.append(s)
    fts_note = []
    for i in range(saves):
        t = time.perf_counter()
        fts.change(eid, notes=text + f" mot{i}")
        fts_note.append(ms(t))
    print(
        f"note autosave, first save:  catch-up {first[0]:6.1f} ms, next search {first[1]:6.1f} ms"
    )
    print(f"note autosave x{saves}:  catch-up   {summary(catch)} ms")
    print(f"                      next search {summary(search)} ms")
    print(f"                      FTS5 update {summary(fts_note)} ms")

    tag_times, fts_tag = [], []
    for i in range(max(3, saves // 5)):
        lib.add_tag(key, f"etiquette{i}")
        tag_times.append(catch_up_then_find(f"etiquette{i}")[0])
        lib.remove_tag(key, f"etiquette{i}")
        t = time.perf_counter()
        svc.catch_up()
        tag_times.append(ms(t))
        t = time.perf_counter()
        fts.change(eid, tags=f"etiquette{i}", notes=text)
        fts_tag.append(ms(t))
    print(f"tag added or removed: catch-up   {summary(tag_times)} ms")
    print(f"                      FTS5 update {summary(fts_tag)} ms")

    sync_times, fts_sync = [], []
    for i in range(max(3, saves // 5)):
        body = f"\n\nMise à jour {i} : quasimodo{i}."
        with lib.transaction():
            lib.write_entry(search_bench.entry_of(target, body))
        sync_times.append(catch_up_then_find(f"quasimodo{i}")[0])
        t = time.perf_counter()
        fts.change(eid, body=str(target["body"]) + body, notes=text)
        fts_sync.append(ms(t))
    print(f"1-entry sync:         catch-up   {summary(sync_times)} ms")
    print(f"                      FTS5 update {summary(fts_sync)} ms", flush=True)
    svc.close()
    lib.close()
    fts.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000", help="library sizes, comma-separated")
    parser.add_argument("--saves", type=int, default=20, help="note autosaves measured")
    args = parser.parse_args()
    print("command:", " ".join([os.path.basename(sys.executable), *sys.argv]))
    workdir = Path(tempfile.mkdtemp(prefix="rtes-autosave-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}; work folder {workdir}")  # fmt: skip
    try:
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            run(size, workdir, args.saves)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
