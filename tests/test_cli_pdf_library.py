"""Issue 14's « done when », through the command line as the network would run it:
from a folder of PDFs and one catalogue.csv, `publish` builds a signed export; after
`sync`, a phrase found only on page 23 of a guide lists that guide first, with its
page and the passage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf_maker import Page, make_pdf, wrap

pytest.importorskip("pypdf")

SOURCE_YAML = """\
source: {id: reseau, name: "Le réseau"}
kinds: [{id: guide, label: Guide}, {id: fiche, label: Fiche}]
themes: [{id: filieres, label: "Filières"}, {id: commande-publique, label: "Commande publique"}]
"""
FILLER = (
    "Les collectivités structurent des filières locales avec les acteurs de l'économie "
    "sociale et solidaire : diagnostic partagé, gouvernance, plan d'action et évaluation."
)
TOPICS = ["le bois", "le textile", "l'alimentation", "le bâtiment", "la mobilité", "le papier"]


def chapter(n: int) -> list[str]:
    """A page of its own (identical lines on most pages would be taken for a header)."""
    topic = TOPICS[n % len(TOPICS)]
    return wrap(f"Ce chapitre traite de {topic}, étape {'I' * (n % 4 + 1)}. {FILLER}", 80)


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def test_a_folder_of_pdfs_becomes_a_library_searchable_by_page(qapp, tmp_path):
    src = tmp_path / "publications"
    (src / "pdf").mkdir(parents=True)
    (src / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    pages = [Page(title=f"Chapitre {n}", lines=chapter(n)) for n in range(1, 25)]
    pages[22] = Page(
        title="Chapitre 23",
        lines=wrap(
            "La clause de réemploi impose au titulaire du marché d'utiliser des matériaux "
            "issus du réemploi ou de les confier à une ressourcerie du territoire.",
            80,
        ),
    )
    make_pdf(src / "pdf" / "Guide filières.pdf", pages, header="Guide filières", footer="Réseau")
    make_pdf(
        src / "pdf" / "Fiche achats.pdf",
        [Page(lines=wrap("Les achats publics responsables et la commande publique.", 80))],
    )
    (src / "catalogue.csv").write_text(
        "file;id;kind;title;themes;published_at;summary\n"
        "pdf/Guide filières.pdf;guide-filieres;guide;Guide filières;filieres;2024-05-02;\n"
        "pdf/Fiche achats.pdf;fiche-achats;fiche;Les achats responsables;commande-publique;"
        "2024-06-01;Une fiche sur la commande publique.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    export = tmp_path / "export"
    assert run(data, "keygen", str(tmp_path / "cle")).returncode == 0
    r = run(data, "publish", str(src), str(export), "--key", str(tmp_path / "cle.key"))
    assert r.returncode == 0, r.stderr
    assert "2 entrées" in r.stdout and "texte de 2 PDF" in r.stdout and "signé par" in r.stdout
    r = run(data, "keys", "add", str(tmp_path / "cle.pem"), "--source", "reseau")
    assert r.returncode == 0, r.stderr
    r = run(data, "sync", str(export))
    assert r.returncode == 0, r.stderr

    r = run(data, "search", "clause de reemploi", "--json")
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout)["results"][0]
    assert first["id"] == "guide-filieres"
    assert first["found_in"] == [{"attachment": "Guide filières.pdf", "page": 23}]
    assert "<b>clause</b> de <b>réemploi</b>" in first["snippet"]
    r = run(data, "search", "clause de reemploi")
    assert "dans le PDF « Guide filières », p. 23" in r.stdout
    # The guide had no summary in the catalogue: its first paragraph became one.
    r = run(data, "show", "guide-filieres", "--json")
    assert json.loads(r.stdout)["summary"].startswith("Ce chapitre traite de le textile")
