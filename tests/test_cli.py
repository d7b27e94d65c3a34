"""The command line through a real process: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(data: Path, *args: str, env_dir: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "rtes_desktop"]
    if env_dir:
        env["RTES_DESKTOP_DATA_DIR"] = str(data)
    else:
        cmd += ["--data-dir", str(data)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli-data")


def test_note_added_then_shown(data):
    added = run(
        data, "notes", "add", "points-repere-12-esus", "Présenter l'agrément aux élus — 12 mars"
    )
    assert added.returncode == 0, added.stderr
    shown = run(data, "show", "points-repere-12-esus", "--json")
    assert shown.returncode == 0, shown.stderr
    entry = json.loads(shown.stdout)
    assert entry["id"] == "points-repere-12-esus"
    assert entry["kind"] == "fiche"
    assert "esus" in entry["themes"]
    assert [n["body"] for n in entry["notes"]] == ["Présenter l'agrément aux élus — 12 mars"]
    listed = json.loads(run(data, "notes", "list", "--json").stdout)
    assert listed[0]["entry"] == "demo:points-repere-12-esus"


def test_data_dir_from_environment(tmp_path):
    proc = run(tmp_path, "tags", "add", "reperess-9-filieres", "formation", env_dir=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "library.db").exists()
    assert (tmp_path / "rtes-desktop-cli.log").exists()  # the window has its own


def test_show_text_has_accents(data):
    proc = run(data, "show", "reperess-9-filieres")
    assert proc.returncode == 0
    assert "Filières" in proc.stdout and "collectivités" in proc.stdout


def test_tags_round_trip(data):
    assert run(data, "tags", "add", "faq-sieg-mandatement", "À relire").returncode == 0
    assert run(data, "tags", "add", "points-repere-sieg", "à relire").returncode == 0
    tags = json.loads(run(data, "tags", "list", "--json").stdout)
    assert {"name": "À relire", "count": 2} in tags
    assert run(data, "tags", "remove", "faq-sieg-mandatement", "à relire").returncode == 0
    tags = json.loads(run(data, "tags", "list", "--json").stdout)
    assert {"name": "À relire", "count": 1} in tags
    shown = json.loads(run(data, "show", "points-repere-sieg", "--json").stdout)
    assert shown["tags"] == ["À relire"]


def test_notes_export_writes_markdown(data, tmp_path):
    run(data, "notes", "add", "faq-spaser-obligation", "Seuil à vérifier : « 50 M€ »")
    out = tmp_path / "export"
    proc = run(data, "notes", "export", str(out))
    assert proc.returncode == 0, proc.stderr
    texts = [p.read_text(encoding="utf-8") for p in out.glob("*.md")]
    assert any("Seuil à vérifier : « 50 M€ »" in t and "faq-spaser-obligation" in t for t in texts)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "pas-une-entree"), 3, "aucune entrée « pas-une-entree »"),
        (("notes", "add", "pas-une-entree", "texte"), 3, "aucune entrée"),
        (("tags", "add", "pas-une-entree", "x"), 3, "aucune entrée"),
        (("tags", "remove", "reperess-9-filieres", "jamais-pose"), 3, "n'a pas le tag"),
        (("tags", "add", "reperess-9-filieres", "   "), 2, "un tag ne peut pas être vide"),
        (("notes", "add", "reperess-9-filieres", "  "), 2, "le texte de la note est vide"),
        (("show",), 2, "arguments obligatoires manquants : ID"),
        (("commande-inconnue",), 2, "choix invalide : 'commande-inconnue'"),
        (("notes",), 2, "obligatoires"),
        (("search", "x", "--limit", "beaucoup"), 2, "valeur invalide : 'beaucoup'"),
    ],
)
def test_errors_are_one_line_with_exit_code(data, args, code, message):
    proc = run(data, *args)
    assert proc.returncode == code
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
    assert "Traceback" not in proc.stderr


def test_bad_ids_change_nothing(data):
    before = json.loads(run(data, "notes", "list", "--json").stdout)
    run(data, "notes", "add", "pas-une-entree", "texte")
    assert json.loads(run(data, "notes", "list", "--json").stdout) == before


def test_unwritable_data_dir_is_one_line(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    proc = run(blocker / "sous-dossier", "tags", "list")
    assert proc.returncode != 0
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_version_and_help():
    proc = subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("rtes-desktop ")
    proc = subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "sync" in proc.stdout and "search" in proc.stdout
