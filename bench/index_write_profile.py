"""Index build and 100-entry update of the search benchmark's corpus, timed in
wall-clock and CPU time (the CPU time of the process varies less than the
wall-clock on a shared machine), optionally under cProfile.

    PYTHONPATH=$PWD python bench/index_write_profile.py --size 10000 [--profile]

or sampled without overhead: ``py-spy record -r 200 -f raw -o out.txt -- python
bench/index_write_profile.py``. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import french_corpus  # noqa: E402
import search_bench  # noqa: E402

from rtes_desktop.core.search import SearchService  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rtes-index-profile-"))
    try:
        docs = french_corpus.corpus(args.size)
        lib = search_bench.load_library(workdir / "lib", docs)
        svc = SearchService(lib)
        changed = docs[:: max(1, len(docs) // 100)][:100]

        def write_changes() -> None:  # (not timed, as in search_bench)
            with lib.transaction():
                for d in changed:
                    lib.write_entry(
                        search_bench.entry_of(d, "\n\nMise à jour : paragraphe ajouté.")
                    )

        for label, prepare, fn in (
            ("build", None, svc.rebuild),
            ("update 100", write_changes, svc.catch_up),
        ):
            if prepare is not None:
                prepare()
            prof = cProfile.Profile() if args.profile else None
            wall, cpu = time.perf_counter(), time.process_time()
            if prof is not None:
                prof.enable()
            fn()
            if prof is not None:
                prof.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{label:12} wall {wall:7.2f} s   cpu {cpu:7.2f} s", flush=True)
            if prof is not None:
                pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        svc.close()
        lib.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
