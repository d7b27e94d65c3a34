"""Sync benchmark: a generated export of N entries of French prose, synced for real.

    .venv/bin/python bench/sync_bench.py                 # 10,000 entries (the target size)
    .venv/bin/python bench/sync_bench.py --entries 500   # quick run
    .venv/bin/python bench/sync_bench.py --no-search     # sync only

The prose is the demo library's own text (resources/demo/*.md, written in French by
people), cut into sentences and recombined deterministically: every entry reads as
French, with accents, plurals and the network's vocabulary, and no two entries are
equal. The export is signed and written as `publish` writes it (canonical JSON
objects, content-addressed).

Printed, in one run: first full sync from a folder and over loopback HTTP (with the
search index build when `rtes_desktop.core.search` exists), a no-change sync (folder
and HTTP), a sync with 1 % of the entries changed (with the index update), and peak
memory, next to the targets of issue 3. Memory is the whole process's (the loopback
HTTP server included): the kernel's peak resident set (ru_maxrss) once the syncs are
done and before the index is built ("sync alone"), and at the end ("whole process,
index included"); each step also shows the highest resident set sampled during it
(/proc/self/status every 10 ms, Linux only).

    .venv/bin/python bench/sync_bench.py --curve 2500,5000,10000   # one process per size

`--curve` runs the benchmark once per size, each in a fresh process (ru_maxrss never
goes down), and prints how time and peak memory grow with the export.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import json
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from rtes_desktop.core.frontmatter import read_source_tree  # noqa: E402
from rtes_desktop.core.library import Library  # noqa: E402
from rtes_desktop.core.sync.engine import sync_source  # noqa: E402
from rtes_desktop.core.sync.export_format import dump_json, object_path  # noqa: E402
from rtes_desktop.core.sync.signing import key_id_of, public_pem, sign_manifest  # noqa: E402

TARGETS = {"no_change": 1.0, "one_percent": 5.0, "full": 90.0, "peak_mb": 300.0}


def sentences() -> tuple[list[str], list[str], dict]:
    """Sentences and headings of the demo library, and its vocabulary."""
    tree = read_source_tree(ROOT / "resources" / "demo")
    sents: list[str] = []
    heads: list[str] = []
    for sf in tree.files:
        for block in re.split(r"\n\s*\n", sf.body):
            block = block.strip()
            if block.startswith("#"):
                heads.append(block.lstrip("# ").strip())
                continue
            if block.startswith(("|", "-", "*", ">")) or len(block) < 40:
                continue
            text = re.sub(r"[*_`]+", "", " ".join(block.split()))
            sents.extend(
                s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ])", text) if len(s) > 30
            )
    vocab = {"kinds": tree.kinds, "themes": tree.themes, "source": tree.source}
    return sents, heads, vocab


def make_doc(i: int, version: int, sents: list[str], heads: list[str], vocab: dict) -> dict:
    rng = random.Random(i * 7919 + version)
    kinds = [k["id"] for k in vocab["kinds"]]
    themes = [t["id"] for t in vocab["themes"]]
    sections = []
    for _ in range(rng.randint(2, 4)):
        paras = [" ".join(rng.sample(sents, rng.randint(2, 5))) for _ in range(rng.randint(1, 3))]
        sections.append(f"## {rng.choice(heads)}\n\n" + "\n\n".join(paras))
    title_words = rng.choice(sents).split()[: rng.randint(5, 10)]
    year = rng.randint(2012, 2026)
    return {
        "id": f"entree-{i:06d}",
        "kind": rng.choice(kinds),
        "title": " ".join(title_words).rstrip(",;:") + f" ({i})",
        "summary": rng.choice(sents),
        "body": "\n\n".join(sections) + (f"\n\nRévision {version}.\n" if version else "\n"),
        "themes": sorted(rng.sample(themes, rng.randint(1, 3))),
        "published_at": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "updated_at": f"{year}-12-31T10:00:00Z" if not version else "2026-11-29T10:00:00Z",
        "region": rng.choice(["", "Bretagne", "Occitanie", "Grand Est"]) or None,
        "authors": ["RTES"],
    }


def write_export(root: Path, n: int, serial: int, versions: dict[int, int], key, corpus) -> int:
    """Write (or update) the export in `root`; return its size in bytes."""
    sents, heads, vocab = corpus
    entries = []
    total = 0
    for i in range(n):
        doc = {
            k: v
            for k, v in make_doc(i, versions.get(i, 0), sents, heads, vocab).items()
            if v is not None
        }
        data = dump_json(doc)
        sha = hashlib.sha256(data).hexdigest()
        path = root / object_path(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        total += len(data)
        entries.append(
            {"id": doc["id"], "sha256": sha, "size": len(data), "updated_at": doc["updated_at"]}
        )
    src = vocab["source"]
    manifest = {
        "format": "rtes-export",
        "format_version": 1,
        "source": {"id": "bench", "name": "Banc d'essai", "homepage": src.get("homepage")},
        "serial": serial,
        "generated_at": "2026-11-29T10:00:00Z",
        "expires_at": "2099-01-01T00:00:00Z",
        "kinds": [{"id": k["id"], "label": k["label"]} for k in vocab["kinds"]],
        "themes": [
            {k: t[k] for k in ("id", "label", "description") if t.get(k)} for t in vocab["themes"]
        ],
        "entries": entries,
    }
    raw = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    (root / "manifest.json").write_bytes(raw)
    (root / "manifest.json.sig").write_bytes(sign_manifest(key, raw))
    return total + len(raw)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # SimpleHTTPRequestHandler answers If-Modified-Since with 304: a conditional GET.
    protocol_version = "HTTP/1.1"  # keep-alive, as any real web server

    def setup(self):
        super().setup()
        # As nginx and friends do: without it, headers and body written separately
        # wait for the client's delayed ACK (40 ms) on every kept-alive request.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def peak_mb() -> float:
    """The process's peak resident set so far (ru_maxrss), in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class RssWatch(threading.Thread):
    """Samples the resident set (VmRSS) every 10 ms, to show each step's own
    peak; ru_maxrss only ever gives the peak since the process started."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.step_max = 0.0
        self.ok = Path("/proc/self/status").exists()

    @staticmethod
    def rss_mb() -> float:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def run(self) -> None:
        while self.ok:
            self.step_max = max(self.step_max, self.rss_mb())
            time.sleep(0.01)

    def new_step(self) -> None:
        self.step_max = self.rss_mb() if self.ok else 0.0

    def step_peak(self) -> float:
        return max(self.step_max, self.rss_mb()) if self.ok else float("nan")


WATCH = RssWatch()


def search_service():
    try:
        from rtes_desktop.core.search import SearchService
    except ImportError:
        return None
    return SearchService


def timed(label: str, fn, rows: list, target: float | None = None):
    WATCH.new_step()
    t0 = time.perf_counter()
    value = fn()
    dt = time.perf_counter() - t0
    step_peak = WATCH.step_peak()
    rows.append((label, dt, target, step_peak))
    mark = "" if target is None else ("  OK" if dt <= target else "  AU-DESSUS DE LA CIBLE")
    cible = f"  (cible ≤ {target:g} s)" if target is not None else ""
    print(
        f"{label:58} {dt:8.2f} s{cible}{mark}   [RSS max de l'étape {step_peak:.0f} Mo, "
        f"ru_maxrss {peak_mb():.0f} Mo]",
        flush=True,
    )
    return value


def verdict(ok: bool) -> str:
    return "OK" if ok else "AU-DESSUS DE LA CIBLE"


def run(args: argparse.Namespace) -> dict:
    """One benchmark run; prints each figure and returns them."""
    n = args.entries
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sync-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    Search = None if args.no_search else search_service()
    corpus = sentences()
    key = Ed25519PrivateKey.generate()
    export = work / "export"
    t0 = time.perf_counter()
    size = write_export(export, n, 1, {}, key, corpus)
    print(
        f"export : {n} entrées, {size / 1e6:.1f} Mo, {len(corpus[0])} phrases françaises de la "
        f"démo recombinées ({time.perf_counter() - t0:.1f} s pour l'écrire)"
    )
    print(
        f"index de recherche : {'inclus' if Search else 'non mesuré (module absent ou --no-search)'}"
    )
    print(f"Python {sys.version.split()[0]}, {sys.platform}\n")
    result: dict = {"entries": n, "export_mb": round(size / 1e6, 1), "search": bool(Search)}
    WATCH.start()

    def library(name: str) -> Library:
        lib = Library.open(work / name)
        lib.add_trusted_key(key_id_of(key.public_key()), public_pem(key.public_key()), "bench")
        return lib

    def index(lib: Library) -> None:
        if Search is not None:
            svc = Search(lib)
            try:
                svc.catch_up()
            finally:
                svc.close()

    rows: list = []
    lib_f = library("lib-folder")
    rep = timed(
        f"sync complet depuis un dossier ({n} entrées)",
        lambda: sync_source(lib_f, str(export)),
        rows,
    )
    assert len(rep.new) == n, rep.summary_fr()
    result["full_folder_s"] = rows[-1][1]

    httpd, url = serve(export)
    try:
        lib_h = library("lib-http")
        rep = timed(
            "sync complet en HTTP sur la boucle locale", lambda: sync_source(lib_h, url), rows
        )
        assert len(rep.new) == n and rep.fetched_objects == n
        full_http = result["full_http_s"] = rows[-1][1]

        def no_change(lib, where, with_index):
            r = sync_source(lib, where)
            assert r.unchanged and r.fetched_objects == 0
            if with_index:
                index(lib)

        timed(
            "sync sans changement, HTTP (GET conditionnel → 304)",
            lambda: no_change(lib_h, url, False),
            rows,
            1.0,
        )
        timed(
            "sync sans changement, dossier (manifeste relu, vérifié)",
            lambda: no_change(lib_f, str(export), False),
            rows,
            1.0,
        )
        peak_sync = result["peak_sync_mb"] = peak_mb()
        print(
            f"{'pic mémoire, synchronisation seule (ru_maxrss à ce point)':58} {peak_sync:8.0f} Mo"
            f" (cible ≤ 300 Mo)  {verdict(peak_sync <= 300)}"
        )

        if Search:
            timed(
                "construction de l'index de recherche (bibliothèque HTTP)",
                lambda: index(lib_h),
                rows,
            )
            result["index_build_s"] = rows[-1][1]
            result["index_step_rss_mb"] = rows[-1][3]
            full_http += rows[-1][1]
            result["full_http_with_index_s"] = full_http
            print(
                f"{'  = sync complet HTTP, index compris':58} {full_http:8.2f} s  (cible ≤ 90 s)"
                f"  {verdict(full_http <= 90)}"
            )
            timed(
                "sync sans changement, HTTP, index compris",
                lambda: no_change(lib_h, url, True),
                rows,
                1.0,
            )

        changed = {i: 1 for i in range(0, n, 100)}  # 1 %
        write_export(export, n, 2, changed, key, corpus)

        def one_percent():
            r = sync_source(lib_h, url)
            assert len(r.updated) == len(changed) and r.fetched_objects == len(changed), (
                r.summary_fr()
            )
            index(lib_h)

        timed(
            f"sync avec 1 % modifié ({len(changed)} entrées), HTTP"
            + (", index compris" if Search else ""),
            one_percent,
            rows,
            5.0,
        )
        result["one_percent_s"] = rows[-1][1]
        result["one_percent_step_rss_mb"] = rows[-1][3]
    finally:
        httpd.shutdown()
        httpd.server_close()
    peak = result["peak_process_mb"] = peak_mb()
    what = "index compris (ru_maxrss)" if Search else "sync seule (ru_maxrss)"
    print(
        f"\n{'pic mémoire du processus, ' + what:58} {peak:8.0f} Mo"
        f" (cible ≤ 300 Mo)  {verdict(peak <= 300)}"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def curve(sizes: list[int], args: argparse.Namespace) -> int:
    """Run the benchmark once per size, each in a fresh process, and print how
    time and peak memory grow with the export."""
    results = []
    for n in sizes:
        print(f"=== {n} entrées ===", flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            cmd = [sys.executable, __file__, "--entries", str(n), "--json", out.name]
            if args.no_search:
                cmd.append("--no-search")
            subprocess.run(cmd, check=True)
            results.append(json.loads(Path(out.name).read_text(encoding="utf-8")))
        print()
    print("entrées   export   sync HTTP   index   sync+index   1 %     pic sync   pic processus")
    for r in results:
        print(
            f"{r['entries']:>7}  {r['export_mb']:5.1f} Mo  {r['full_http_s']:7.1f} s"
            f"  {r.get('index_build_s', float('nan')):5.1f} s"
            f"  {r.get('full_http_with_index_s', float('nan')):8.1f} s"
            f"  {r['one_percent_s']:5.2f} s  {r['peak_sync_mb']:6.0f} Mo  {r['peak_process_mb']:8.0f} Mo"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--no-search", action="store_true", help="ne mesure pas l'index de recherche")
    ap.add_argument("--keep", metavar="DIR", help="garde l'export et les bibliothèques dans DIR")
    ap.add_argument("--json", metavar="FILE", help="écrit aussi les chiffres dans FILE (JSON)")
    ap.add_argument(
        "--curve",
        metavar="N,N,…",
        help="une mesure par taille, chacune dans un processus neuf (ex. 2500,5000,10000)",
    )
    args = ap.parse_args(argv)
    if args.curve:
        return curve([int(x) for x in args.curve.split(",") if x.strip()], args)
    result = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
