"""catalogue.csv (CLI spec v2): a folder of PDFs published in one command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.export_format import object_path, parse_entry
from rtes_desktop.core.sync.publish import publish
from tests import hostile_pdfs

SOURCE_YAML = """\
source: {id: cress-test, name: "CRESS de test"}
kinds: [{id: guide, label: Guide}, {id: fiche, label: Fiche}]
themes: [{id: filieres, label: "Filières"}, {id: esus, label: ESUS}]
"""

PARAGRAPH = (
    "Ce guide présente le rôle des collectivités dans la structuration des filières "
    "locales de l'économie sociale et solidaire."
)


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "pdf").mkdir(parents=True)
    (root / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    (root / "pdf" / "Guide filières.pdf").write_bytes(hostile_pdfs.simple_pdf("Bonjour"))
    (root / "pdf" / "esus.pdf").write_bytes(hostile_pdfs.simple_pdf("ESUS"))
    (root / "fiche.md").write_text(
        "---\nid: fiche-md\nkind: fiche\ntitle: Une fiche\nthemes: []\n"
        "published_at: 2025-01-02\n---\nTexte.\n",
        encoding="utf-8",
    )
    return root


def entries(out: Path) -> dict[str, object]:
    manifest = json.loads((out / "manifest.json").read_text())
    return {
        e["id"]: parse_entry(
            (out / object_path(e["sha256"])).read_bytes(), source_id="x", sha256=e["sha256"]
        )
        for e in manifest["entries"]
    }


def test_semicolon_catalogue_with_bom_quotes_and_optional_columns(src, tmp_path):
    (src / "catalogue.csv").write_text(
        "\ufefffile;id;kind;title;themes;published_at;summary;source_url;audience\n"
        'pdf/Guide filières.pdf;reperess-9;guide;"RepèrESS n°9 ; Filières";filieres|esus;'
        '2024-05-02;"Un résumé ; avec point-virgule";https://www.rtes.fr/g;members\n'
        "pdf/esus.pdf;esus;fiche;Agrément ESUS;;2023-01-01;;;\n"
        ";;;;;;;;\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = publish(src, out)
    assert result.entries == 3
    got = entries(out)
    guide = got["reperess-9"]
    assert guide.title == "RepèrESS n°9 ; Filières" and guide.themes == ["filieres", "esus"]
    assert guide.summary == "Un résumé ; avec point-virgule" and guide.audience == "members"
    assert guide.source_url == "https://www.rtes.fr/g" and guide.published_at == "2024-05-02"
    assert [a.name for a in guide.attachments] == ["Guide filières.pdf"]
    assert guide.attachments[0].media_type == "application/pdf"
    assert got["esus"].themes == [] and got["esus"].audience == "public"
    assert "fiche-md" in got


def test_comma_catalogue_summary_from_the_pdf(src, tmp_path, qapp):
    from tests.pdf_maker import Page, make_pdf, wrap

    pytest.importorskip("pypdf")
    make_pdf(
        src / "pdf" / "long.pdf",
        [Page(title="Filières & ESS", lines=wrap(PARAGRAPH, 70) + ["", "Sommaire"])],
    )
    (src / "catalogue.csv").write_text(
        "file,id,kind,title,themes,published_at\npdf/long.pdf,long,guide,Filières,filieres,2024-05-02\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    publish(src, out)
    assert entries(out)["long"].summary == PARAGRAPH


def test_bad_rows_reported_by_line_and_nothing_published(src, tmp_path):
    (src / "catalogue.csv").write_text(
        "file;id;kind;title;themes;published_at\n"
        "pdf/esus.pdf;ok-row;guide;Bonne ligne;esus;2024-01-01\n"  # line 2: fine
        "pdf/absent.pdf;absent;guide;Absent;esus;2024-01-01\n"  # 3: no such file
        "pdf/esus.pdf;Mauvais Id;inconnu;Titre;zzz;2024-13-01\n"  # 4: id, kind, theme, date
        "../dehors.pdf;dehors;guide;Dehors;;2024-01-01\n"  # 5: outside SRC_DIR
        "pdf/esus.pdf;ok-row;guide;Doublon;;2024-01-01\n"  # 6: id taken on line 2
        "fiche.md;fiche-md;fiche;Pas un PDF;;2024-01-01\n"  # 7: id of a Markdown file, not a PDF
        "pdf/esus.pdf;trop;guide\n"  # 8: too few columns
        "pdf;dossier;guide;Un dossier;;2024-01-01\n",  # 9: a folder, not a file
        encoding="utf-8",
    )
    out = tmp_path / "out"
    with pytest.raises(BadInput) as err:
        publish(src, out)
    text = str(err.value)
    lines = text.splitlines()
    assert "catalogue.csv" in lines[0] and "rien n'est publié" in lines[0]
    assert not any("ligne 2 " in ln for ln in lines)
    assert any("ligne 3 : fichier introuvable : pdf/absent.pdf" in ln for ln in lines)
    assert any("ligne 9 : pas un fichier ordinaire : pdf" in ln for ln in lines)
    line4 = [ln for ln in lines if "ligne 4 " in ln]
    assert len(line4) == 4  # id, kind, theme, date: every problem of the row
    assert any("ligne 5 : « ../dehors.pdf » sort du dossier publié" in ln for ln in lines)
    assert any("ligne 6 : identifiant « ok-row » déjà utilisé ligne 2" in ln for ln in lines)
    assert any("ligne 7 : " in ln and "fiche.md" in ln and "déjà utilisé" in ln for ln in lines)
    assert any("ligne 7 : « fiche.md » n'est pas un PDF" in ln for ln in lines)
    assert any("ligne 8 : 3 colonnes au lieu de 6" in ln for ln in lines)
    assert not out.exists() or not any(out.iterdir())


def test_bad_header_and_bad_encoding(src, tmp_path):
    (src / "catalogue.csv").write_text("fichier;id;kind;title\n", encoding="utf-8")
    with pytest.raises(BadInput, match="ligne 1 .*colonnes manquantes : file, themes"):
        publish(src, tmp_path / "out")
    (src / "catalogue.csv").write_bytes(
        "file;id;kind;title;themes;published_at\npdf/esus.pdf;é;guide;Été;;2024-01-01\n".encode(
            "cp1252"
        )
    )
    with pytest.raises(BadInput, match=r"pas en UTF-8 \(ligne 2\)"):
        publish(src, tmp_path / "out")


def test_cli_publish_reports_a_bad_row_in_one_block(src, tmp_path):
    (src / "catalogue.csv").write_text(
        "file;id;kind;title;themes;published_at\npdf/absent.pdf;a;guide;A;;2024-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "publish", str(src), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "ligne 2 : fichier introuvable : pdf/absent.pdf" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_publish_says_one_line_per_pdf_without_text(src, tmp_path):
    pytest.importorskip("pypdf")
    rows = ["file;id;kind;title;themes;published_at"]
    for i, (label, make) in enumerate(hostile_pdfs.HOSTILE.items()):
        (src / "pdf" / f"h{i}.pdf").write_bytes(make())
        rows.append(f"pdf/h{i}.pdf;h-{i};guide;{label};;2024-01-01")
    (src / "catalogue.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "publish", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("rtes-desktop : PDF « ")]
    assert len(lines) == len(hostile_pdfs.HOSTILE)
    for i in range(len(hostile_pdfs.HOSTILE)):
        assert sum(f"h{i}.pdf" in ln for ln in lines) == 1
    assert "Traceback" not in proc.stderr
    assert "export n°1, 6 entrées" in proc.stdout  # the hostile PDFs are shipped, without text
