"""The session handout as a PDF, checked through its text (pdftotext) and its pages
(pdftoppm): title page, table of contents whose page numbers match, every item in
order with its full text, private comments absent unless asked, links, footer, and a
long table and a wide image that stay inside the page."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rtes_desktop.__main__ import main

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason="poppler-utils (pdftotext, pdftoppm) is needed: scripts/system-deps.sh",
)

LONG_TABLE = "| Territoire | Dispositif | Montant |\n|---|---|---|\n" + "\n".join(
    f"| Commune n°{i} | Appel à projets pour l'économie sociale et solidaire | {i * 1000} € |"
    for i in range(90)
)


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]


@pytest.fixture
def session(tmp_path, monkeypatch):
    """A data folder (demo) with a session of four demo fiches, a fiche holding a long
    table and a wide image, a private comment and a free note."""
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(tmp_path / "aucune.toml"))
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "sessions", "new", "Atelier ESS"]) == 0
    from PySide6.QtGui import QColor, QImage

    from rtes_desktop.core.library import Library
    from rtes_desktop.core.models import Attachment, Entry
    from rtes_desktop.core.sync.engine import objects_dir

    image = QImage(3000, 1400, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f7a6d"))
    png = tmp_path / "schema.png"
    image.save(str(png))
    raw = png.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    lib = Library.open(data)
    (objects_dir(lib) / sha[:2]).mkdir(parents=True, exist_ok=True)
    (objects_dir(lib) / sha[:2] / sha).write_bytes(raw)
    lib.save_source("atelier", "Réseau test", url="https://example.org/export/")
    lib.replace_vocabulary("atelier", [{"id": "fiche", "label": "Fiche"}], [])
    lib.write_entry(
        Entry(
            "atelier",
            "tableau-long",
            "fiche",
            "Les aides des communes",
            f"Un tableau très long suit.\n\n{LONG_TABLE}\n\nFin du tableau.",
            "2025-03-01",
            "2025-03-12T10:00:00Z",
            "b" * 64,
            summary="Résumé des aides.",
            source_url="https://example.org/aides",
            attachments=[Attachment("schéma des aides.png", "image/png", sha, len(raw))],
        )  # fmt: skip
    )
    lib.close()

    def run(*args: str) -> int:
        return main(["--data-dir", str(data), *args])

    for ref, comment in (
        ("faq-sieg-mandatement", "COMMENTAIRE PRIVÉ"),
        ("points-repere-sieg", ""),
        ("atelier:tableau-long", ""),
        ("reperess-9-filieres", ""),
        ("faq-ptce-soutien", ""),
    ):
        args = ["sessions", "add", "Atelier ESS", ref] + (["--comment", comment] if comment else [])
        assert run(*args) == 0
    assert run("sessions", "note", "Atelier ESS", "Exercice : rédiger un mandat ?") == 0
    return run


def test_pdf_title_toc_full_text_no_private_comment(session, tmp_path, capsys):
    out = tmp_path / "support.pdf"
    rc = session(
        "sessions", "export", "Atelier ESS", str(out), "--json",
        "--trainer", "Camille Martin", "--organisation", "CNFPT Bretagne",
    )  # fmt: skip
    assert rc == 0
    report = json.loads(capsys.readouterr().out)
    pages = _pages(out)
    assert report["pages"] == pages and report["items"] == 6
    assert 6 + 3 <= pages <= 40  # title, contents, sources, and each item at least a page

    title = _page_text(out, 1)
    assert "Atelier ESS" in title and "Camille Martin" in title and "CNFPT Bretagne" in title

    # The table of contents (page 2): every item, in order, with a page number...
    toc_text = _page_text(out, 2)
    assert "Sommaire" in toc_text
    toc = {
        int(m.group(1)): int(m.group(2))
        for m in re.finditer(r"^\s*(\d+)\. .*?\s{2,}(\d+)\s*$", toc_text, re.M)
    }
    assert sorted(toc) == [1, 2, 3, 4, 5, 6]
    assert [toc[n] for n in sorted(toc)] == sorted(toc.values())  # in order
    # ... that is the page where that item's heading is.
    for number, page in toc.items():
        assert re.search(rf"^\s*{number}\. \S", _page_text(out, page), re.M), (number, page)

    everything = "\n".join(_page_text(out, p) for p in range(1, pages + 1))
    assert "COMMENTAIRE PRIVÉ" not in everything
    assert "Commune n°89" in everything and "Fin du tableau." in everything  # full text
    assert "Sources" in _page_text(out, pages)
    assert (
        "Exercice : rédiger un mandat ?" in everything
    )  # (pdftotext shows no-break spaces as spaces)
    # Running footer: the fiche's source and last update, and the page number.
    assert re.search(
        r"Réseau test · (fi|\ufb01)che mise à jour le 12 mars 2025\s+\d+ / \d+", everything
    )
    assert f"2 / {pages}" in toc_text
    # Links stay links.
    raw = out.read_bytes()
    assert b"/URI (https://example.org/aides)" in raw
    # The contents' entries link to their sections (named destinations).
    assert b"/Dests" in raw and raw.count(b"/Dest ") >= 6


def test_pdf_comments_present_when_asked(session, tmp_path):
    out = tmp_path / "avec.pdf"
    assert session("sessions", "export", "Atelier ESS", str(out), "--with-comments") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "COMMENTAIRE PRIVÉ" in text


def test_long_table_and_wide_image_stay_inside_the_page(session, tmp_path):
    """Nothing is drawn in the right margin (A4 at 50 dpi: 413 px wide, the text
    stops 20 mm = 39 px before the edge): the 3000-pixel image was scaled down, the
    90-row table wrapped and split across pages."""
    out = tmp_path / "support.pdf"
    assert session("sessions", "export", "Atelier ESS", str(out)) == 0
    from PySide6.QtGui import QImage

    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(out), str(prefix)], check=True)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == _pages(out)
    dark_pages = 0
    for path in images:
        img = QImage(str(path))
        margin_start = img.width() - int(18 / 25.4 * 50)  # 18 mm from the right edge
        for x in range(margin_start, img.width()):
            for y in range(0, img.height(), 2):
                assert img.pixelColor(x, y).lightness() > 240, (path.name, x, y)
        # The image (a dark green block) is drawn somewhere.
        if any(img.pixelColor(img.width() // 2, y).lightness() < 120 for y in range(img.height())):
            dark_pages += 1
    assert dark_pages >= 1


def test_one_fiche_printed_alone(session, tmp_path):
    """Ctrl+P on the open fiche: no title page nor contents, the fiche from page 1,
    its footer on every page."""
    from rtes_desktop.core.handout import entry_handout
    from rtes_desktop.core.library import Library
    from rtes_desktop.printing.pdf import write_pdf

    lib = Library.open(tmp_path / "data")
    result = write_pdf(entry_handout(lib, "atelier:tableau-long"), tmp_path / "fiche.pdf")
    lib.close()
    first = _page_text(result.path, 1)
    assert "Les aides des communes" in first and "Sommaire" not in first
    assert "Commune n°0" in first
    for page in range(1, result.pages + 1):
        assert re.search(
            r"Réseau test · (fi|\ufb01)che mise à jour le 12 mars 2025",
            _page_text(result.path, page),
        )


def test_received_session_prints_placeholders(tmp_path, monkeypatch):
    """A fiche absent from the library (session received from a colleague) is printed
    as its snapshot with the sentence that says how to get it."""
    from rtes_desktop.core.handout import handout_document, render_markdown_handout
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.session_kit import import_kit

    kit = tmp_path / "k.rtes-session"
    kit.write_text(
        json.dumps(
            {
                "format": "rtes-session",
                "version": 1,
                "session": {"name": "Reçue", "description": ""},
                "items": [
                    {
                        "type": "entry",
                        "source": "ailleurs",
                        "entry": "x",
                        "snapshot": {
                            "title": "Fiche d'ailleurs",
                            "summary": "Son résumé.",
                            "source_name": "Réseau voisin",
                        },
                    }
                ],
                "notes": [],
            }  # fmt: skip
        ),
        encoding="utf-8",
    )
    lib = Library.open(tmp_path / "data")
    report = import_kit(lib, kit)
    text = render_markdown_handout(handout_document(lib, report.session_id))
    lib.close()
    assert "Fiche d'ailleurs" in text and "Son résumé." in text
    assert "absente de votre bibliothèque\u00a0: synchronisez la source Réseau voisin" in text


def test_no_heading_ends_a_page(tmp_path):
    """Twenty demo fiches in full: no page's text ends with a heading (a heading that
    would be alone at the bottom of a page starts the next one)."""
    from rtes_desktop.core.demo import load_demo
    from rtes_desktop.core.handout import handout_document
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.session_view import add_entry
    from rtes_desktop.core.typography import french_spacing
    from rtes_desktop.printing.pdf import write_pdf

    lib = Library.open(tmp_path / "data")
    load_demo(lib)
    session = lib.create_session("Vingt fiches")
    entries = lib.entries()[:20]
    for entry in entries:
        add_entry(lib, session.id, entry.key)
    result = write_pdf(handout_document(lib, session.id), tmp_path / "vingt.pdf")
    lib.close()
    headings = [f"{n}. {e.title}" for n, e in enumerate(entries, 1)]
    for e in entries:
        headings += [m.strip() for m in re.findall(r"^#{1,6} (.+)$", e.body, re.M)]
    headings = [" ".join(french_spacing(h).split()) for h in headings]
    checked = 0
    for page in range(3, result.pages):  # the fiches' pages (not title, contents, sources)
        lines = [ln.strip() for ln in _page_text(result.path, page).splitlines() if ln.strip()]
        body = [ln for ln in lines if not re.search(r"\d+ / \d+$", ln)]
        last = " ".join(body[-1].split()).replace("\ufb01", "fi")
        assert not any(h.endswith(last) for h in headings if len(last) > 6), (page, last)
        checked += 1
    assert checked >= 15
