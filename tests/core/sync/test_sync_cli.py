"""keygen, keys, publish and sync through the command line: exit codes, stderr, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rtes_desktop.__main__ import main


def run(
    data: Path, *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "RTES_DESKTOP_MACHINE_CONFIG": str(data.parent / "aucune.toml"),
        **(env_extra or {}),
    }
    env.pop("RTES_DESKTOP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "rtes_desktop", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def published(tmp_path):
    """A publisher's key pair and a signed export of a copy of the demo sources,
    under another source id."""
    from rtes_desktop.core.paths import resources_dir

    src = tmp_path / "src"
    import shutil

    shutil.copytree(resources_dir() / "demo", src, ignore=shutil.ignore_patterns("*.key"))
    yaml = (src / "source.yaml").read_text(encoding="utf-8")
    (src / "source.yaml").write_text(yaml.replace("id: demo", "id: reseau"), encoding="utf-8")
    data = tmp_path / "data"
    r = run(data, "keygen", str(tmp_path / "editeur"))
    assert r.returncode == 0, r.stderr
    assert "key_id" in r.stdout
    r = run(
        data, "publish", str(src), str(tmp_path / "export"), "--key", str(tmp_path / "editeur.key")
    )
    assert r.returncode == 0, r.stderr
    assert "export n°1" in r.stdout and "signé par" in r.stdout
    return tmp_path, data, src


def test_sync_refuses_unknown_key_then_succeeds_after_keys_add(published):
    tmp, data, _ = published
    r = run(data, "sync", str(tmp / "export"))
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] + "\n" == (
        "rtes-desktop : Le contenu de ce dossier est signé par un éditeur que votre "
        "bibliothèque ne connaît pas : rien n'a été modifié. Si vous lui faites confiance, "
        "ajoutez sa clé publique.\n"
    )
    r = run(data, "sync", str(tmp / "export"), "--verbose")  # the technical account too
    assert r.returncode == 2 and r.stderr.splitlines()[-1].startswith("Détails : ")
    assert "Détails : manifest.json.sig" in r.stderr and "clé inconnue" in r.stderr
    assert "Traceback" not in r.stderr
    r = run(data, "keys", "add", str(tmp / "editeur.pem"), "--source", "reseau")
    assert r.returncode == 0 and "ajoutée" in r.stdout
    r = run(data, "keys", "list", "--json")
    keys = json.loads(r.stdout)
    assert {k["origin"] for k in keys} == {"bundled", "user"}
    assert [k["sources"] for k in keys if k["origin"] == "user"] == [["reseau"]]
    r = run(data, "sync", str(tmp / "export"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("reseau : ") and "nouvelles fiches" in r.stdout
    assert "démonstration a été retirée" in r.stderr
    r = run(data, "sync", "--json")
    assert r.returncode == 0, r.stderr
    reports = json.loads(r.stdout)
    assert reports[0]["source_id"] == "reseau" and reports[0]["unchanged"] is True
    assert reports[0]["summary"] == "Aucun changement"


def test_sync_by_source_id_and_incremental_publish(published):
    tmp, data, src = published
    r = run(data, "keys", "add", str(tmp / "editeur.pem"))
    assert r.returncode == 2 and "--all-sources" in r.stderr and "--source" in r.stderr
    assert json.loads(run(data, "keys", "list", "--json").stdout)[-1]["origin"] == "bundled"
    r = run(data, "keys", "add", str(tmp / "editeur.pem"), "--all-sources")
    assert r.returncode == 0 and "toutes les sources" in r.stdout
    assert run(data, "sync", str(tmp / "export")).returncode == 0
    md = next((src / "faq").glob("*.md"))
    md.write_text(
        md.read_text(encoding="utf-8").replace("\n---\n", "\n---\nAjout.\n", 1), encoding="utf-8"
    )
    r = run(
        data, "publish", str(src), str(tmp / "export"), "--key", str(tmp / "editeur.key"), "--json"
    )
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["serial"] == 2 and info["objects_written"] == 1
    r = run(data, "sync", "reseau", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["summary"] == "1 mise à jour" and report["fetched_objects"] == 1


def test_unsigned_export_needs_allow_unsigned(published):
    tmp, data, src = published
    r = run(data, "publish", str(src), str(tmp / "brouillon"))
    assert r.returncode == 0 and "NON signé" in r.stderr
    r = run(data, "sync", str(tmp / "brouillon"))
    assert r.returncode == 2 and "n'est pas signé" in r.stderr
    r = run(data, "sync", str(tmp / "brouillon"), "-v")
    assert r.returncode == 2 and "signature manquante" in r.stderr
    r = run(data, "sync", str(tmp / "brouillon"), "--allow-unsigned")
    assert r.returncode == 0, r.stderr
    assert "avertissement" in r.stderr and "non signé" in r.stderr


def test_keys_remove(published):
    tmp, data, _ = published
    run(data, "keys", "add", str(tmp / "editeur.pem"), "--source", "reseau")
    key_id = json.loads(run(data, "keys", "list", "--json").stdout)[-1]["key_id"]
    r = run(data, "keys", "remove", key_id)
    assert r.returncode == 0 and "retirée" in r.stdout
    r = run(data, "keys", "remove", key_id)
    assert r.returncode == 3 and key_id in r.stderr
    bundled = json.loads(run(data, "keys", "list", "--json").stdout)[0]["key_id"]
    r = run(data, "keys", "remove", bundled)
    assert r.returncode == 2 and "livrée" in r.stderr


def test_errors_are_one_line_with_exit_codes(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["sync", str(tmp_path / "nulle-part"), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err.splitlines()
    errors = [ln for ln in err if ln.startswith("rtes-desktop : ")]
    assert len(errors) == 1 and errors[0] == err[-1] and "introuvable" in errors[0]
    assert main(["keys", "add", str(tmp_path / "absent.pem"), "--data-dir", str(data)]) == 2
    assert "absent.pem" in capsys.readouterr().err
    assert main(["keygen", str(tmp_path / "pas-de-dossier" / "k"), "--data-dir", str(data)]) == 2
    assert "dossier introuvable" in capsys.readouterr().err
    assert (
        main(["publish", str(tmp_path / "rien"), str(tmp_path / "out"), "--data-dir", str(data)])
        == 2
    )
    assert "dossier introuvable" in capsys.readouterr().err


def test_sync_without_sources(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(tmp_path / "aucune.toml"))
    assert main(["sync", "--data-dir", str(tmp_path / "data")]) == 0
    assert "Aucune source à synchroniser" in capsys.readouterr().out


def test_progress_is_plain_lines_when_not_a_tty(published):
    tmp, data, _ = published
    run(data, "keys", "add", str(tmp / "editeur.pem"), "--source", "reseau")
    r = run(data, "sync", str(tmp / "export"))
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("Téléchargement des fiches")]
    assert lines and "\r" not in r.stderr
    assert (
        lines[-1].endswith(" : 25/25")
        or lines[-1].split(" : ")[1].split("/")[0] == lines[-1].split("/")[-1]
    )
