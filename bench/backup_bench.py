"""Backup benchmark (issue 12): size and time of a backup, and the check at open.

    .venv/bin/python bench/backup_bench.py                  # 10,000 entries, 1,000 notes
    .venv/bin/python bench/backup_bench.py --entries 2000   # quick run

Builds a library of N entries of French prose (bench/french_corpus.py, as
search_bench.py does) with 1,000 notes, 200 tags on 2,000 entries and 20 sessions of
25 items, then prints:

- the backup as the application takes it (ATTACH + INSERT … SELECT of the personal
  tables into a fresh file): time and size;
- the alternative, `VACUUM INTO` of the whole database then deleting the content and
  vacuuming again: time and size, to show why the first is used;
- the check `open_or_recover` runs at every start (header + PRAGMA quick_check);
- a personal export (JSON) of the same data: time and size.

Medians of 5 runs. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402
from search_bench import load_library  # noqa: E402

from rtes_desktop.core.backup import create_backup, snapshot  # noqa: E402
from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.personal_data import export_personal  # noqa: E402
from rtes_desktop.core.recovery import check_database  # noqa: E402


def median_time(fn: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def add_personal(lib: Library, notes: int) -> None:
    rng = random.Random(12)
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM entries ORDER BY pk")]
    with lib.transaction():
        for i in range(notes):
            lib.add_note(f"bench:{rng.choice(ids)}", f"Note {i} : " + "à relire, " * 60)
        for i in range(2000):
            lib.add_tag(f"bench:{ids[i % len(ids)]}", f"tag {i % 200}")
        for s in range(20):
            col = lib.create_session(f"Session {s}")
            for _k in range(25):
                lib.add_to_session(col.id, ref=f"bench:{rng.choice(ids)}", comment="voir")


def vacuum_into_then_drop(lib: Library, out: Path) -> int:
    out.unlink(missing_ok=True)
    lib.conn.execute("VACUUM INTO ?", (str(out),))
    conn = sqlite3.connect(out, isolation_level=None)
    for table in ("search_journal", "related", "attachments", "entry_themes", "entries"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("VACUUM")
    conn.close()
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        lib = load_library(work / "lib", french_corpus.corpus(args.entries))
        add_personal(lib, args.notes)
        db_size = lib.path.stat().st_size + Path(str(lib.path) + "-wal").stat().st_size
        print(
            f"library: {args.entries:,} entries, {args.notes:,} notes, 200 tags, 20 sessions; "
            f"library.db {db_size / 1e6:.1f} MB (built in {time.perf_counter() - t:.0f} s)"
        )
        out = work / "out"
        taken = []

        def one_backup() -> None:
            taken.append(snapshot(lib.path, out, "manual"))

        t_backup = median_time(one_backup)
        size = taken[-1].path.stat().st_size
        print(f"backup (ATTACH + INSERT…SELECT, fsync, rename): {t_backup * 1000:.0f} ms, "
              f"{size / 1e3:.0f} kB")  # fmt: skip
        t_full = median_time(lambda: create_backup(lib, "manual"))
        print(f"backup with retention (create_backup):         {t_full * 1000:.0f} ms")
        sizes = []
        t_vac = median_time(lambda: sizes.append(vacuum_into_then_drop(lib, work / "vac.db")), 3)
        print(f"alternative VACUUM INTO + drop content:        {t_vac * 1000:.0f} ms, "
              f"{sizes[-1] / 1e3:.0f} kB")  # fmt: skip
        lib.close()
        t_check = median_time(lambda: check_database(work / "lib" / "library.db"))
        print(f"integrity check at open (header + quick_check): {t_check * 1000:.0f} ms")
        lib = Library.open(work / "lib")
        t_exp = median_time(lambda: export_personal(lib, work / "mes-donnees.json"))
        size_exp = (work / "mes-donnees.json").stat().st_size
        print(f"personal export (JSON):                         {t_exp * 1000:.0f} ms, "
              f"{size_exp / 1e3:.0f} kB")  # fmt: skip
        lib.close()


if __name__ == "__main__":
    main()
