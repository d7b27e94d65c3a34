"""`rtes-desktop search` through a real process, as scripts and the acceptance tests use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("search-cli")


def test_search_json_has_the_spec_shape(data):
    proc = run(data, "search", "filiere", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["query"] == "filiere"
    assert out["suggestion"] is None
    assert out["total"] >= len(out["results"]) > 0
    first = out["results"][0]
    assert first["id"] == "reperess-9-filieres"
    assert {"id", "title", "kind", "themes", "score", "snippet"} <= set(first)
    assert first["kind"] == "guide" and "filieres" in first["themes"]
    assert isinstance(first["score"], float) and "<b>" in first["snippet"]


def test_search_filters_limit_and_suggestion(data):
    out = json.loads(run(data, "search", "SIEG", "--kind", "faq", "--limit", "2", "--json").stdout)
    assert len(out["results"]) <= 2 and {r["kind"] for r in out["results"]} == {"faq"}
    out = json.loads(run(data, "search", "collectivites", "--theme", "scic", "--json").stdout)
    assert out["results"] and all("scic" in r["themes"] for r in out["results"])
    out = json.loads(run(data, "search", "cooperatvie", "--json").stdout)
    assert out["total"] == 0 and out["suggestion"]


def test_search_sees_a_note_added_by_another_command(data):
    assert (
        run(
            data, "notes", "add", "points-repere-ptce", "Relancer le dossier bidulophone"
        ).returncode
        == 0
    )
    out = json.loads(run(data, "search", "bidulophone", "--json").stdout)
    assert [r["id"] for r in out["results"]] == ["points-repere-ptce"]


def test_search_text_output_is_french(data):
    proc = run(data, "search", "appel a projets", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    assert "résultat" in proc.stdout and "webinaire-2024-04-appels-a-projets" in proc.stdout
    none = run(data, "search", "zzzzqqq")
    assert none.returncode == 0 and "Aucun résultat" in none.stdout


def test_search_survives_a_corrupted_index(data):
    index = data / "index"
    current = (index / "CURRENT").read_text().strip()
    for f in (index / current).iterdir():
        if f.is_file():
            f.write_bytes(b"\x00 not an index")
    proc = run(data, "search", "SIEG", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] > 0


def test_bad_limit_is_refused_in_one_line(data):
    proc = run(data, "search", "SIEG", "--limit", "0")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--limit" in proc.stderr


def test_a_phrase_only_in_a_demo_pdf_finds_its_page(data):
    # The demo guide's page 23 (and nothing else in the library) explains the clause.
    proc = run(data, "search", "clause de reemploi", "--json")
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)["results"][0]
    assert first["id"] == "reperess-9-filieres"
    assert first["found_in"] == [{"attachment": "RepèrESS n°9 – Filières & ESS.pdf", "page": 23}]
    assert "<b>réemploi</b>" in first["snippet"]  # from that page
    plain = run(data, "search", "clause de reemploi")
    assert "dans le PDF « RepèrESS n°9 – Filières & ESS », p. 23" in plain.stdout
    # A result found in the entry's own text carries no found_in (CLI spec v2).
    proc = run(data, "search", "filiere", "--json")
    assert "found_in" not in json.loads(proc.stdout)["results"][0]
