"""The text of a PDF attachment, page by page, extracted at publish time (issue 14).

Clients never open a PDF library: `publish` extracts the text here and ships it as a
content-addressed object (`text_document`), which the client verifies like any
other object. pypdf is the extractor (bench/pdf_extract_bench.py says why); it is
an optional dependency (`pip install rtes-desktop[publish]`), imported only in the
worker process.

A PDF comes from outside and may be hostile (a loop in its page tree, a stream
declaring 500 MB, a FlateDecode bomb, objects nested 200,000 deep). So each file is
read in a separate worker process with bounds: address space (RLIMIT_AS) and CPU
time per file (RLIMIT_CPU, raised before each file) on POSIX, and a wall-clock
timeout everywhere (Windows has only this one). A worker that dies or overruns is
killed and replaced; the file is reported in one French sentence and shipped
without text. Nothing a PDF does can hang or exhaust `publish`.

The raw text is then cleaned (`clean_pages`): ligature glyphs (ﬁ ﬂ ﬀ ﬃ ﬄ) folded,
words hyphenated at line ends joined, running headers and footers (lines repeated
on most pages, page numbers aside) dropped.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtes_desktop.core.sync.export_format import PAGE_TEXT_FORMAT as TEXT_FORMAT
from rtes_desktop.core.sync.export_format import dump_json

#: more pages than this and the rest of the document is not indexed
MAX_PAGES = 3000
#: characters of text per PDF (the client refuses a text object over 16 MiB)
MAX_CHARS = 6_000_000
#: bounds per file; a real 300-page guide takes about 5 s of CPU with pypdf
WALL_SECONDS = 120.0
CPU_SECONDS = 60
MEMORY_BYTES = 1024 * 1024 * 1024

_LIGATURES = re.compile("[\ufb00-\ufb06]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f]+")
_SOFT_HYPHEN = "\u00ad"
# a letter, a hyphen ending the line, the next line starting with a lower-case letter
_HYPHEN_END = re.compile(r"(\w+)-\n[ \t]*([a-zà-öø-ÿœ]\w*)")
_DIGITS = re.compile(r"\d+")


@dataclass
class PdfText:
    """What extraction gave for one file: its pages, or why there are none."""

    pages: list[str] | None
    problem: str | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.pages) and any(p.strip() for p in self.pages or ())


# -- cleaning (pure functions, tested on their own) ------------------------------


def fold_ligatures(text: str) -> str:
    """ﬁ → fi, ﬂ → fl, ﬀ → ff, ﬃ → ffi… (NFKC on those code points only: NFKC on the
    whole text would also turn « n° » and « ½ » into other things)."""
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _lines(page: str) -> list[str]:
    page = fold_ligatures(page).replace(_SOFT_HYPHEN, "").replace("\r\n", "\n").replace("\r", "\n")
    return [_SPACES.sub(" ", line).strip() for line in page.split("\n")]


#: running headers and footers are looked for among a page's first and last lines
#: (a PDF may draw them first or last, whatever their place on the page)
EDGE_LINES = 3


def _edges(lines: list[str]) -> list[tuple[int, str]]:
    kept = [(i, ln) for i, ln in enumerate(lines) if ln]
    return kept[:EDGE_LINES] + kept[EDGE_LINES:][-EDGE_LINES:]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Edge lines (digits aside) found on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_DIGITS.sub("#", ln) for _, ln in _edges(lines) if len(ln) <= 150})
    needed = max(3, int(len(pages) * 0.6 + 0.999))
    return {line for line, n in counts.items() if n >= needed}


def _join_hyphens(text: str, words: set[str]) -> str:
    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        # « porte-\nparole » stays hyphenated when the document writes it so elsewhere;
        # otherwise a typesetter's cut (« coopé-\nration ») is the likelier reading.
        if f"{left}-{right}".lower() in words and f"{left}{right}".lower() not in words:
            return f"{left}-{right}"
        return left + right

    return _HYPHEN_END.sub(join, text)


def clean_pages(raw: list[str]) -> list[str]:
    """Cleaned text of each page: ligatures folded, spaces collapsed, hyphenated line
    ends joined, running headers and footers (among the first and last lines, the
    same on most pages, page numbers aside) dropped. Lines are kept (one per line)."""
    pages = [_lines(p) for p in raw]
    running = _running_lines(pages)
    kept = []
    for lines in pages:
        edge = {i for i, ln in _edges(lines) if _DIGITS.sub("#", ln) in running}
        kept.append([ln for i, ln in enumerate(lines) if ln and i not in edge])
    words = {w.lower() for lines in kept for ln in lines for w in re.findall(r"\w+(?:-\w+)+", ln)}
    words |= {w.lower() for lines in kept for ln in lines for w in re.findall(r"\w+", ln)}
    return [_join_hyphens("\n".join(lines), words) for lines in kept]


def first_paragraph(pages: list[str], limit: int = 500) -> str | None:
    """The document's first paragraph of prose (titles skipped), for a missing summary."""
    text_lines: list[str] = []
    for page in pages:
        for line in page.split("\n"):
            line = line.strip()
            if not text_lines:
                # titles, dates, "Sommaire": short lines or lines without a sentence's end
                if len(line) < 60 and not line.endswith("."):
                    continue
            elif not line or (len(line) < 40 and not line.endswith((".", ",", ";", ":"))):
                break  # a blank line or the next heading ends the paragraph
            text_lines.append(line)
            joined = " ".join(text_lines)
            widest = max(len(t) for t in text_lines)
            ends = line.endswith((".", "!", "?", "…"))
            if len(joined) >= limit or (ends and len(line) < 0.8 * widest and len(joined) > 80):
                break  # a short last line: the paragraph's end
        if text_lines:
            break
    if not text_lines:
        return None
    para = " ".join(text_lines)
    if len(para) > limit:
        cut = para.rfind(". ", 0, limit)
        para = para[: cut + 1] if cut > limit // 3 else para[:limit].rsplit(" ", 1)[0] + "…"
    return para


#: bump when the cleaning changes: a later publication extracts the PDFs again
CLEANING_VERSION = 2


def extractor_id() -> str:
    """What made a text object (`extracted_by`, ignored by clients): publish reuses a
    previous publication's text only when the same cleaning made it. pypdf's own
    version is left out on purpose: the same PDF would otherwise give new bytes on
    every publisher's machine with another pypdf (and the bundled demo look stale)."""
    return f"pypdf, rtes-desktop cleaning {CLEANING_VERSION}"


def text_document(pages: list[str], extracted_by: str | None = None) -> bytes:
    """The canonical bytes of a page-text object (same pages, same bytes, same hash)."""
    doc: dict[str, object] = {"format": TEXT_FORMAT, "pages": pages}
    if extracted_by:
        doc["extracted_by"] = extracted_by
    return dump_json(doc)


# -- the bounded worker -------------------------------------------------------------


def _limit_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's wall clock is the only bound
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass  # macOS refuses RLIMIT_AS for some values: the wall clock still holds


def _limit_cpu(seconds: int) -> None:
    """Allow `seconds` more CPU from now (RLIMIT_CPU counts the process's whole life)."""
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + seconds
    if hard != resource.RLIM_INFINITY and soft > hard:
        return
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def _extract_raw(path: str) -> tuple[list[str], str | None]:
    import pypdf

    reader = pypdf.PdfReader(path, strict=False)
    pages: list[str] = []
    chars = 0
    for n, page in enumerate(reader.pages):
        if n >= MAX_PAGES:
            return pages, f"plus de {MAX_PAGES} pages : le texte des suivantes n'est pas indexé"
        text = page.extract_text() or ""
        chars += len(text)
        if chars > MAX_CHARS:
            return pages, "texte très long : la fin n'est pas indexée"
        pages.append(text)
    return pages, None


def serve(memory: int, cpu: int) -> None:
    """The worker process: one JSON request per line on stdin (`{"path": …}`), one JSON
    answer per line on stdout: `{"ok": [pages], "note": …}` or `{"error": why}`."""
    import logging
    import warnings

    # pypdf logs and warns about every oddity of a file; the answer says what matters.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(5000)
    _limit_memory(memory)
    out = sys.stdout
    for line in sys.stdin:
        path = json.loads(line)["path"]
        _limit_cpu(cpu)
        fatal = False
        try:
            pages, note = _extract_raw(path)
            answer: dict[str, Any] = {"ok": pages, "note": note}
        except MemoryError:
            answer = {"error": "mémoire épuisée en le lisant (flux trop volumineux ?)"}
            fatal = True  # the heap may be fragmented past use: start afresh
        except RecursionError:
            answer = {"error": "structure imbriquée trop profondément"}
        except Exception as exc:  # noqa: BLE001 - a hostile file may raise anything
            answer = {"error": _describe(exc)}
        out.write(json.dumps(answer) + "\n")
        out.flush()
        if fatal:
            return


def _describe(exc: Exception) -> str:
    name, text = type(exc).__name__, str(exc)
    if name == "LimitReachedError" and "eclared" in text:
        return "un flux déclare une taille démesurée (plus de 75 Mo), refusé"
    if name == "LimitReachedError":
        return "un flux dépasse 75 Mo une fois décompressé (bombe de décompression ?), refusé"
    if "cyclic" in text.lower():
        return "boucle dans l'arbre des pages, refusé"
    if name in ("PdfStreamError", "PSEOF") or "EOF" in text or "ended unexpectedly" in text:
        return "fichier tronqué ou mal formé"
    detail = text.splitlines()[0][:120] if text else name
    return f"PDF illisible ou mal formé ({detail})"


class PdfExtractor:
    """Extracts PDFs one after the other in a bounded worker process.

        with PdfExtractor() as ex:
            result = ex.extract(path)    # PdfText, never raises for a bad file

    The worker is a plain `python -c` subprocess, not multiprocessing: spawn would
    re-run the caller's main script in the child, and fork would copy a GUI's threads.
    """

    def __init__(
        self,
        *,
        wall_seconds: float = WALL_SECONDS,
        cpu_seconds: int = CPU_SECONDS,
        memory_bytes: int = MEMORY_BYTES,
    ) -> None:
        self.wall_seconds = wall_seconds
        self.cpu_seconds = cpu_seconds
        self.memory_bytes = memory_bytes
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()

    @staticmethod
    def available() -> bool:
        """True when pypdf is installed (the `publish` extra) and a Python can run it
        (a frozen application bundles neither)."""
        if getattr(sys, "frozen", False):
            return False
        try:
            import importlib.util

            return importlib.util.find_spec("pypdf") is not None
        except (ImportError, ValueError):
            return False

    def _start(self) -> None:
        package_parent = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_parent, env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONIOENCODING"] = "utf-8"
        code = (
            "from rtes_desktop.core.sync.pdf_text import serve; "
            f"serve({int(self.memory_bytes)}, {int(self.cpu_seconds)})"
        )
        self._proc = subprocess.Popen(
            [sys.executable, "-s", "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        answers: queue.Queue[str | None] = queue.Queue()
        self._answers = answers
        stdout = self._proc.stdout
        assert stdout is not None

        def pump() -> None:  # a thread: reading a pipe with a timeout works on Windows too
            for line in stdout:
                answers.put(line)
            answers.put(None)

        threading.Thread(target=pump, name="pdf-text-reader", daemon=True).start()

    def _stop(self, *, kill: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # the worker's loop ends on end of input
        except OSError:
            kill = True
        if not kill:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                kill = True
        if kill and proc.poll() is None:
            proc.kill()
        proc.wait()

    def extract(self, path: Path | str) -> PdfText:
        """The cleaned pages of one PDF, or a French reason why it gave none."""
        if self._proc is None:
            self._start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write(json.dumps({"path": str(path)}) + "\n")
            proc.stdin.flush()
            line = self._answers.get(timeout=self.wall_seconds)
        except queue.Empty:
            self._stop(kill=True)
            return PdfText(
                None, f"lecture trop longue (plus de {self.wall_seconds:g} s), abandonnée"
            )
        except OSError:
            line = None
        if line is None:  # the worker died: a bound hit it, or the file crashed it
            code = proc.wait()
            self._stop(kill=True)
            return PdfText(None, _death(code, self.cpu_seconds))
        answer = json.loads(line)
        if "error" in answer:
            if proc.poll() is not None or "mémoire" in answer["error"]:
                self._stop(kill=True)
            return PdfText(None, answer["error"])
        pages = clean_pages(answer["ok"])
        if not any(p.strip() for p in pages):
            return PdfText(None, "aucun texte (document numérisé ?) : publié sans texte cherchable")
        return PdfText(pages, answer.get("note"))

    def close(self) -> None:
        self._stop(kill=False)

    def __enter__(self) -> PdfExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _death(code: int | None, cpu: int) -> str:
    import signal

    if sys.platform != "win32" and code is not None and -code == getattr(signal, "SIGXCPU", -1):
        return f"temps de calcul dépassé (plus de {cpu} s), lecture abandonnée"
    if sys.platform != "win32" and code is not None and -code == signal.SIGKILL:
        return "lecture interrompue (mémoire ou temps dépassés)"
    return "la lecture du PDF a échoué (processus de lecture arrêté)"
