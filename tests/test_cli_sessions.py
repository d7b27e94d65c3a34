"""`sessions …`, `notes list --stale` and `notes verify` through main(), in process,
with --data-dir (shared/spec/cli.md v2): exit codes, one-line errors, JSON shapes."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rtes_desktop.__main__ import main


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RTES_DESKTOP_MACHINE_CONFIG", str(tmp_path / "aucune.toml"))
    data = tmp_path / "data"

    def run(*args: str, data_dir: Path = data) -> tuple[int, str, str]:
        rc = main([*args, "--data-dir", str(data_dir)])
        out, err = capsys.readouterr()
        return rc, out, err

    def run_json(*args: str, data_dir: Path = data):
        rc, out, err = run(*args, "--json", data_dir=data_dir)
        assert rc == 0, err
        return json.loads(out)

    run.json = run_json  # type: ignore[attr-defined]
    return run


def test_new_add_note_list_show_json_shapes(cli):
    created = cli.json("sessions", "new", "Atelier ESUS")
    assert set(created) == {"id"} and isinstance(created["id"], int)
    sid = str(created["id"])
    rc, out, err = cli("sessions", "add", sid, "points-repere-12-esus", "--comment", "À lire avant")
    assert rc == 0, err
    # SESSION by its exact name works as well as by its id.
    assert cli("sessions", "add", "Atelier ESUS", "demo:faq-marches-reserves-esus")[0] == 0
    assert cli("sessions", "note", sid, "Pause à 10 h 30")[0] == 0
    listed = cli.json("sessions", "list")
    assert listed == [{"id": created["id"], "name": "Atelier ESUS", "items": 3}]
    shown = cli.json("sessions", "show", "Atelier ESUS")
    assert shown["id"] == created["id"] and shown["name"] == "Atelier ESUS"
    items = shown["items"]
    assert [(i["type"], i["id"]) for i in items] == [
        ("entry", "points-repere-12-esus"),
        ("entry", "faq-marches-reserves-esus"),
        ("note", items[2]["id"]),
    ]
    assert {"type", "id", "title", "comment"} <= set(items[0])
    assert items[0]["comment"] == "À lire avant" and items[2]["title"] == "Pause à 10 h 30"
    assert items[0]["title"].startswith("Points de RepèrESS n°12")
    rc, out, _ = cli("sessions", "show", sid)
    assert "1. Points de RepèrESS n°12" in out and "Commentaire : À lire avant" in out


def test_unknown_or_ambiguous_session_one_line_error(cli):
    rc, out, err = cli("sessions", "show", "Nulle part")
    assert rc == 3 and out == "" and err.count("\n") == 1 and "aucune session « Nulle part »" in err
    cli("sessions", "new", "Double")
    cli("sessions", "new", "Double")
    rc, _, err = cli("sessions", "show", "Double")
    assert rc == 2 and "plusieurs sessions" in err and err.count("\n") == 1
    rc, _, err = cli("sessions", "add", "1", "pas-une-fiche")
    assert rc == 3 and err.count("\n") == 1


def _session(cli) -> str:
    sid = str(cli.json("sessions", "new", "Formation SIEG")["id"])
    cli("sessions", "add", sid, "faq-sieg-mandatement", "--comment", "SECRET du formateur")
    cli("sessions", "add", sid, "points-repere-sieg")
    cli("sessions", "note", sid, "Exercice : rédiger un mandat")
    return sid


def test_export_markdown_and_html_comments_private_by_default(cli, tmp_path):
    sid = _session(cli)
    md, page = tmp_path / "support.md", tmp_path / "support.html"
    assert cli("sessions", "export", sid, str(md))[0] == 0
    assert cli("sessions", "export", sid, str(page))[0] == 0
    text, html = md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    for doc in (text, html):
        assert "SECRET" not in doc
        assert "Sommaire" in doc and "Sources" in doc
        assert "Exercice\u00a0: rédiger un mandat" in doc  # French spacing
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    # The full text of the fiche, not only its summary.
    assert "Comment mandater un SIEG" in text and text.count("## ") >= 4
    rc, _, _ = cli("sessions", "export", sid, str(md), "--with-comments", "--summary-only")
    assert rc == 0
    shorter = md.read_text(encoding="utf-8")
    assert "SECRET du formateur" in shorter and len(shorter) < len(text)


def test_export_format_option_and_bad_format(cli, tmp_path):
    sid = _session(cli)
    out = tmp_path / "support.txt"
    assert cli("sessions", "export", sid, str(out), "--format", "html")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    rc, _, err = cli("sessions", "export", sid, str(tmp_path / "absent" / "x.md"))
    assert rc != 0 and "le dossier n'existe pas" in err and err.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_export_never_replaces_a_device_or_a_fifo(cli, tmp_path):
    """As root, an atomic write onto « /dev/full » replaced the device by a regular
    file. A FIFO stands for any such special file: refused, left as it was."""
    sid = _session(cli)
    fifo = tmp_path / "tube.md"
    os.mkfifo(fifo)
    for out, extra in ((fifo, ()), (fifo, ("--format", "pdf"))):
        rc, _, err = cli("sessions", "export", sid, str(out), *extra)
        assert rc != 0 and "pas un fichier ordinaire" in err and err.count("\n") == 1
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    rc, _, err = cli("sessions", "share", sid, str(fifo))
    assert rc != 0 and "pas un fichier ordinaire" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_share_import_idempotent_and_bad_file(cli, tmp_path):
    sid = _session(cli)
    kit = tmp_path / "formation.rtes-session"
    assert cli("sessions", "share", sid, str(kit))[0] == 0
    other = tmp_path / "other"
    first = cli.json("sessions", "import", str(kit), data_dir=other)
    assert first["added"] and first["items"] == 3 and first["missing"] == 0
    again = cli.json("sessions", "import", str(kit), data_dir=other)
    assert not again["added"] and again["id"] == first["id"]
    assert [s["items"] for s in cli.json("sessions", "list", data_dir=other)] == [3]
    shown = cli.json("sessions", "show", str(first["id"]), data_dir=other)
    assert "SECRET du formateur" in [i["comment"] for i in shown["items"]]  # the kit carries them
    private = tmp_path / "private.rtes-session"
    assert cli("sessions", "share", sid, str(private), "--without-comments")[0] == 0
    assert "SECRET du formateur" not in private.read_text(encoding="utf-8")
    bad = tmp_path / "bad.rtes-session"
    bad.write_bytes(kit.read_bytes()[:100])
    rc, out, err = cli("sessions", "import", str(bad), data_dir=other)
    assert rc == 2 and str(bad) in err and err.count("\n") == 1
    assert [s["items"] for s in cli.json("sessions", "list", data_dir=other)] == [3]


def test_notes_stale_and_verify(cli, tmp_path):
    rc, out, _ = cli("notes", "add", "points-repere-sieg", "Relire la partie mandat")
    assert rc == 0
    assert cli.json("notes", "list", "--stale") == []
    # The demo's entry changes under the note, as a sync would change it.
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.stale_notes import keep_noted_version

    lib = Library.open(tmp_path / "data")
    entry = lib.get_entry("points-repere-sieg")
    with lib.transaction():
        keep_noted_version(lib, entry.source_id, entry.id, "f" * 64)
        entry.body = re.sub(r"\bmandat\b", "acte de mandatement", entry.body, count=1)
        entry.sha256 = "f" * 64
        lib.write_entry(entry)
    lib.close()
    stale = cli.json("notes", "list", "--stale")
    assert len(stale) == 1 and {"id", "entry_id", "body"} <= set(stale[0])
    assert stale[0]["body"] == "Relire la partie mandat"
    rc, out, _ = cli("notes", "list", "--stale")
    assert "[-mandat-]{+acte de mandatement+}" in out
    rc, out, _ = cli("notes", "verify", str(stale[0]["id"]))
    assert rc == 0 and "revérifiée" in out
    assert cli.json("notes", "list", "--stale") == []
    rc, _, err = cli("notes", "verify", "999")
    assert rc == 3 and err.count("\n") == 1


def test_export_markdown_does_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from rtes_desktop.__main__ import main\n"
        f"d = {str(tmp_path / 'data')!r}\n"
        "rc = [main(['--data-dir', d, 'sessions', 'new', 'S']),\n"
        "      main(['--data-dir', d, 'sessions', 'add', 'S', 'points-repere-sieg']),\n"
        f"      main(['--data-dir', d, 'sessions', 'export', 'S', {str(tmp_path / 'x.md')!r}]),\n"
        f"      main(['--data-dir', d, 'sessions', 'share', 'S', {str(tmp_path / 'x.rtes-session')!r}]),\n"
        "      main(['--data-dir', d, 'notes', 'list', '--stale'])]\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "sys.stderr.write(repr((rc, bad)))\n"
        "sys.exit(1 if bad or rc != [0, 0, 0, 0, 0] else 0)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(Path.cwd())}
    env["RTES_DESKTOP_MACHINE_CONFIG"] = str(tmp_path / "aucune.toml")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# S")
