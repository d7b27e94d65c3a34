"""PDF text at publish time (issue 14): real PDFs made with QPdfWriter, hostile PDFs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from rtes_desktop.core.sync.export_format import object_path, parse_entry, parse_page_text
from rtes_desktop.core.sync.pdf_text import PdfExtractor, clean_pages, first_paragraph
from rtes_desktop.core.sync.publish import publish
from tests import hostile_pdfs
from tests.pdf_maker import Page, make_pdf

pytest.importorskip("pypdf")

SOURCE_YAML = """\
source: {id: cress-test, name: "CRESS de test"}
kinds: [{id: guide, label: Guide}]
themes: [{id: filieres, label: "Filières"}]
"""


@pytest.fixture
def guide(qapp, tmp_path) -> Path:
    """Two pages: accents, ligature glyphs (fi, fl, ffi), a word cut across two lines,
    a running header and footer, and a word that appears on one page only."""
    return make_pdf(
        tmp_path / "guide.pdf",
        [
            Page(
                title="Les filières de l'économie solidaire",
                lines=[
                    "Une réflexion collective sur l'efficacité des achats publics et la",
                    "fluidité des échanges : les collectivités dévelop-",
                    "pent une commande publique responsable avec les coopératives.",
                    "Le mot unique de cette page est « zéphyrine ».",
                ],
            ),
            Page(
                lines=[
                    "La seconde page parle des officines et des affluents du territoire.",
                    "Son mot unique est « maraîchère ».",
                ],
            ),
        ],
        header="RepèrESS n°9 – Filières & ESS",
        footer="RTES",
    )


def test_extracts_each_page_with_accents_ligatures_and_hyphenation(guide):
    with PdfExtractor() as ex:
        got = ex.extract(guide)
    assert got.problem is None and got.pages is not None and len(got.pages) == 2
    one, two = got.pages
    for word in ("réflexion", "efficacité", "fluidité", "développent", "coopératives", "filières"):
        assert word in one, word
    assert "zéphyrine" in one and "zéphyrine" not in two
    assert "maraîchère" in two and "maraîchère" not in one
    assert "officines" in two and "affluents" in two
    assert "\ufb01" not in one + two and "\ufb02" not in one + two  # no ligature glyph left
    assert "dévelop-" not in one


def test_running_headers_and_footers_dropped_but_body_kept():
    words = ["alpha", "bêta", "gamma", "delta", "epsilon"]
    raw = [
        f"Guide filières\t–\tpage\t{n}\nLa page parle de {w}.\nRTES 2024"
        for n, w in enumerate(words)
    ]
    pages = clean_pages(raw)
    assert pages[2] == "La page parle de gamma."
    assert all("Guide filières" not in p and "RTES 2024" not in p for p in pages)


def test_hyphen_kept_where_the_document_writes_the_compound():
    pages = clean_pages(
        ["Le porte-parole du réseau parle.\nLa porte-\nparole et la coopé-\nration."]
    )
    assert "La porte-parole et la coopération." in pages[0]


def test_first_paragraph_skips_titles():
    pages = [
        "RepèrESS n°9\nFilières & ESS\n"
        "Ce guide présente le rôle des collectivités dans la structuration de filières\n"
        "locales de l'économie sociale et solidaire, avec des exemples.\n"
        "Sommaire\n"
    ]
    assert first_paragraph(pages) == (
        "Ce guide présente le rôle des collectivités dans la structuration de filières "
        "locales de l'économie sociale et solidaire, avec des exemples."
    )


def test_a_scan_is_reported_without_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(hostile_pdfs.no_text())
    with PdfExtractor() as ex:
        got = ex.extract(path)
    assert got.pages is None and "aucun texte" in got.problem


@pytest.mark.parametrize("label", list(hostile_pdfs.HOSTILE))
def test_hostile_pdf_refused_within_bounds(tmp_path, label):
    path = tmp_path / "hostile.pdf"
    path.write_bytes(hostile_pdfs.HOSTILE[label]())
    # Bounds far below the defaults: a file that needed more would be cut off and
    # reported the same way; the next file is read by a fresh worker if need be.
    with PdfExtractor(wall_seconds=30, cpu_seconds=20, memory_bytes=512 << 20) as ex:
        got = ex.extract(path)
        assert got.pages is None or not any("bombe" in p for p in got.pages)
        if got.pages is None:
            assert got.problem
        sane = tmp_path / "sane.pdf"
        sane.write_bytes(hostile_pdfs.simple_pdf("Bonjour coopérative"))
        assert ex.extract(sane).pages == ["Bonjour coopérative"]


def test_wall_clock_bound_kills_and_replaces_the_worker(tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(hostile_pdfs.simple_pdf("Bonjour"))
    with PdfExtractor(wall_seconds=0.001) as ex:
        got = ex.extract(path)
        assert got.pages is None and "trop longue" in got.problem
        ex.wall_seconds = 60
        assert ex.extract(path).pages == ["Bonjour"]


def test_publish_ships_page_text_and_reports_each_bad_pdf(guide, tmp_path):
    src = tmp_path / "src"
    (src / "pdf").mkdir(parents=True)
    (src / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    (src / "pdf" / "Guide filières.pdf").write_bytes(guide.read_bytes())
    rows = ["file;id;kind;title;themes;published_at"]
    rows.append("pdf/Guide filières.pdf;guide;guide;Guide filières;filieres;2024-05-02")
    for i, (label, make) in enumerate(hostile_pdfs.HOSTILE.items()):
        (src / "pdf" / f"h{i}.pdf").write_bytes(make())
        rows.append(f"pdf/h{i}.pdf;hostile-{i};guide;{label};;2024-01-0{i + 1}")
    (src / "pdf" / "scan.pdf").write_bytes(hostile_pdfs.no_text())
    rows.append("pdf/scan.pdf;scan;guide;Un scan;;2024-02-01")
    (src / "catalogue.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = publish(src, out)
    assert result.entries == 7 and result.pdf_texts == 1
    assert len(result.pdf_problems) == 6  # one line per refused PDF (5 hostile, 1 scan)
    assert all(line.startswith("PDF « ") for line in result.pdf_problems)
    assert any("scan.pdf" in line and "aucun texte" in line for line in result.pdf_problems)
    manifest = json.loads((out / "manifest.json").read_text())
    docs = {}
    for e in manifest["entries"]:
        raw = (out / object_path(e["sha256"])).read_bytes()
        docs[e["id"]] = parse_entry(raw, source_id="cress-test", sha256=e["sha256"])
    att = docs["guide"].attachments[0]
    assert att.name == "Guide filières.pdf" and att.text_sha256
    raw = (out / object_path(att.text_sha256)).read_bytes()
    assert len(raw) == att.text_size
    pages = parse_page_text(raw, sha256=att.text_sha256)
    assert "zéphyrine" in pages[0] and "maraîchère" in pages[1]
    # no summary in the catalogue: the PDF's first paragraph
    assert docs["guide"].summary and docs["guide"].summary.startswith("Une réflexion collective")
    assert docs["scan"].attachments[0].text_sha256 is None
    # published again unchanged: nothing extracted again, same export
    again = publish(src, out, skip_if_unchanged=True)
    assert not again.changed and again.pdf_texts == 1


@pytest.mark.parametrize(
    ("bounds", "said"),
    [({"cpu_seconds": 2}, "temps de calcul"), ({"memory_bytes": 300 << 20}, "mémoire")],
)
def test_cpu_and_memory_bounds_stop_what_pypdf_lets_through(tmp_path, bounds, said):
    # 60 MB of drawing operators: under pypdf's own 75 MB limit, so only our bounds
    # (RLIMIT_CPU, RLIMIT_AS on the worker) stop it; the next file still works.
    if sys.platform == "win32":
        pytest.skip("POSIX resource limits")
    path = tmp_path / "heavy.pdf"
    path.write_bytes(hostile_pdfs.flate_bomb(60 * 1024 * 1024))
    with PdfExtractor(**bounds) as ex:
        got = ex.extract(path)
        assert got.pages is None and said in got.problem
        sane = tmp_path / "sane.pdf"
        sane.write_bytes(hostile_pdfs.simple_pdf("Bonjour"))
        assert ex.extract(sane).pages == ["Bonjour"]


def test_a_sentence_repeated_mid_page_is_not_taken_for_a_header():
    body = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit"]
    raw = [
        f"En-tête du guide\nPremière ligne {w}.\nSeconde ligne {w}.\nLe réseau rappelle "
        f"ce principe.\nAvant-dernière {w}.\nDernière {w}.\nPied de page {n}"
        for n, w in enumerate(body, 1)
    ]
    pages = clean_pages(raw)
    assert all("Le réseau rappelle ce principe." in p for p in pages)
    assert not any("En-tête" in p or "Pied de page" in p for p in pages)
