"""pypdf vs pdfminer.six on French PDFs (issue 14): speed, text quality, hostile files.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/pdf_extract_bench.py

Corpus, made or found on this machine (nothing downloaded):
- a 20-page French guide made here with Qt's QPdfWriter (tests/pdf_maker.py): real
  embedded-font text with fi/fl/ffi ligature glyphs, words hyphenated at line ends,
  two-column pages, a running header and a numbered footer on every page;
- the demo library's PDFs (resources/demo/attachments/);
- PDFs shipped in Debian packages (/usr/share/doc/**/*.pdf, LaTeX-made, English).

Quality is judged on the raw extractor output (before core/sync/pdf_text.py cleans it):
the share of the guide's words found (after folding ligatures), whether the two
columns come out one after the other, ligature code points left, hyphenated line
ends left. Then each hostile PDF of tests/hostile_pdfs.py is fed to each library in a
subprocess bounded to 512 MB and 20 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import glob
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_pdfs  # noqa: E402
from tests.pdf_maker import Page, make_pdf, wrap  # noqa: E402

REFERENCE = Path("/work/shared/reference/rtes-site-extract.txt")
LIGATURES = re.compile("[\ufb00-\ufb06]")
FILLER = (
    "Les collectivités territoriales soutiennent les filières locales : réflexion "
    "collective, efficacité des achats publics, fluidité des échanges, officines et "
    "affluents du territoire profitent de la coopération."
)


def guide_text() -> list[str]:
    if REFERENCE.is_file():
        paras = [p for p in REFERENCE.read_text("utf-8").splitlines() if len(p) > 200]
    else:
        paras = []
    return (paras or [FILLER] * 40)[:60]


def hyphenate(lines: list[str]) -> list[str]:
    """Cut the last long word of every third line with a hyphen, as typesetters do."""
    out: list[str] = []
    carry = ""
    for i, line in enumerate(lines):
        line = f"{carry} {line}".strip() if carry else line
        carry = ""
        words = line.split(" ")
        if i % 3 == 0 and len(words) > 2 and len(words[-1]) >= 8 and words[-1].isalpha():
            cut = len(words[-1]) // 2
            carry = words[-1][cut:]
            words[-1] = words[-1][:cut] + "-"
        out.append(" ".join(words))
    if carry:
        out.append(carry)
    return out


def make_guide(path: Path) -> tuple[Path, list[str]]:
    paras = guide_text()
    pages: list[Page] = []
    words: list[str] = []
    for n in range(20):
        text = " ".join(paras[(2 * n) % len(paras) : (2 * n) % len(paras) + 2]) + " " + FILLER
        words += re.findall(r"\w{4,}", text)
        if n % 5 == 4:  # every fifth page in two columns
            half = wrap(text, 42)
            mid = len(half) // 2
            pages.append(Page(columns=(hyphenate(half[:mid]), hyphenate(half[mid:]))))
        else:
            pages.append(Page(lines=hyphenate(wrap(text, 82))))
    make_pdf(path, pages, header="RepèrESS n°9 – Filières & ESS", footer="RTES")
    return path, words


def extract_pypdf(path: str) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]


def extract_pdfminer(path: str) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")[:-1] or [""]


EXTRACTORS = {"pypdf": extract_pypdf, "pdfminer.six": extract_pdfminer}


def fold(text: str) -> str:
    return LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def quality(pages: list[str], words: list[str]) -> dict[str, object]:
    text = fold("\n".join(pages))
    found = set(re.findall(r"\w+", text))
    hits = sum(w in found for w in words)
    raw = "\n".join(pages)
    return {
        "words": f"{100 * hits / max(1, len(words)):.1f} %",
        "ligatures left": len(LIGATURES.findall(raw)),
        "hyphen ends": len(re.findall(r"\w-\s*\n", raw)),
    }


def columns_in_order(pages: list[str], columns_page: int) -> bool:
    """On a two-column page, the left column's last word comes before the right's first."""
    if columns_page >= len(pages):
        return False
    text = re.sub(r"\s+", " ", fold(pages[columns_page]))
    return "gauche-fin" in text and text.index("gauche-fin") < text.index("droite-debut")


def timed(fn, *args):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
start = time.perf_counter()
try:
    if sys.argv[1] == "pypdf":
        import pypdf
        pages = [p.extract_text() or "" for p in pypdf.PdfReader(sys.argv[2]).pages]
    else:
        from pdfminer.high_level import extract_text
        pages = extract_text(sys.argv[2]).split("\\f")
    print("ok", sum(len(p) for p in pages), "chars")
except MemoryError:
    print("MemoryError")
except RecursionError:
    print("RecursionError")
except Exception as exc:
    print(type(exc).__name__)
"""


def hostile(name: str, path: Path) -> str:
    start = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, name, str(path)],
            capture_output=True,
            text=True,
            timeout=20,
        )
        result = (out.stdout.strip() or f"died (rc {out.returncode})")[:40]
    except subprocess.TimeoutExpired:
        result = "TIMEOUT"
    return f"{result} in {time.perf_counter() - start:.1f} s"


def main() -> None:
    print("command: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/pdf_extract_bench.py")
    work = Path(tempfile.mkdtemp(prefix="pdfbench-"))
    guide, words = make_guide(work / "guide.pdf")
    cols = make_pdf(
        work / "columns.pdf",
        [
            Page(
                columns=(
                    wrap(FILLER, 40) + ["gauche-fin"],
                    ["droite-debut"] + wrap(FILLER, 40),
                )
            )
        ],
    )
    demo = sorted(glob.glob(str(ROOT / "resources/demo/attachments/*.pdf")))
    debian = sorted(glob.glob("/usr/share/doc/**/*.pdf", recursive=True))[:4]
    print(f"corpus: guide 20 pages, {len(demo)} demo PDFs, Debian: {debian or 'none'}\n")
    for name, fn in EXTRACTORS.items():
        fn(str(cols))  # import and warm up
        t_guide, pages = timed(fn, str(guide))
        q = quality(pages, words)
        t_demo = sum(timed(fn, p)[0] for p in demo)
        deb = []
        for p in debian:
            t, pp = timed(fn, p)
            deb.append(f"{Path(p).name} {len(pp)} p {t:.2f} s")
        order = columns_in_order(fn(str(cols)), 0)
        header = sum("RepèrESS n°9" in " ".join(p.split()) for p in pages)
        print(f"{name}:")
        print(
            f"  guide (20 p): {t_guide * 1000:.0f} ms, {len(pages)} pages; words found {q['words']}"
        )
        print(
            f"  ligature code points left: {q['ligatures left']}; hyphenated line ends left: {q['hyphen ends']}"
        )
        print(f"  two columns read one after the other: {order}; header on {header} of 20 pages")
        print(f"  demo PDFs: {t_demo * 1000:.0f} ms for {len(demo)}")
        print(f"  Debian: {'; '.join(deb) or '-'}")
    print("\nhostile PDFs (subprocess, 512 MB address space, 20 s):")
    for label, make in hostile_pdfs.HOSTILE.items():
        path = work / "hostile.pdf"
        path.write_bytes(make())
        row = "; ".join(f"{n}: {hostile(n, path)}" for n in EXTRACTORS)
        print(f"  {label}: {row}")
    _ = resource  # POSIX only, like the bounds it measures


if __name__ == "__main__":
    main()
