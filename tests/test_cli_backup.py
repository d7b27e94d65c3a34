"""backup and personal from the command line, through a real process (shared/spec/cli.md v2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def ok(data: Path, *args: str) -> str:
    proc = run(data, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_backup_create_list_restore(tmp_path):
    data = tmp_path / "data"
    ok(data, "notes", "add", "reperess-9-filieres", "Première note")
    ok(data, "tags", "add", "reperess-9-filieres", "formation")
    created = ok(data, "backup", "create")
    assert "1 note(s), 1 tag(s), 0 session(s)" in created
    ok(data, "notes", "add", "points-repere-12-esus", "Écrite après la sauvegarde")

    listed = json.loads(ok(data, "backup", "list", "--json"))
    assert [set(b) for b in listed] == [{"id", "created_at", "notes", "tags", "sessions"}] * len(
        listed
    )
    assert listed[-1]["notes"] == 1  # newest last

    restored = ok(data, "backup", "restore", listed[-1]["id"])
    assert "restaurée" in restored and "backup restore" in restored  # how to undo it
    notes = json.loads(ok(data, "notes", "list", "--json"))
    assert [n["body"] for n in notes] == ["Première note"]
    undo = json.loads(ok(data, "backup", "list", "--json"))[-1]
    assert undo["notes"] == 2  # the state before the restore, kept

    elsewhere = tmp_path / "clé-usb"
    elsewhere.mkdir()
    ok(data, "backup", "create", str(elsewhere))
    assert len(list(elsewhere.glob("*.sqlite"))) == 1


def test_personal_export_import_to_a_new_data_folder(tmp_path):
    old, new = tmp_path / "ancien-pc", tmp_path / "nouveau-pc"
    ok(old, "notes", "add", "reperess-9-filieres", "À présenter aux élus")
    ok(old, "tags", "add", "points-repere-12-esus", "ESUS")
    out = tmp_path / "mes-données.json"
    assert "1 note(s), 1 tag(s)" in ok(old, "personal", "export", str(out))

    preview = json.loads(ok(new, "personal", "import", str(out), "--dry-run", "--json"))
    assert (preview["notes"], preview["tags"], preview["tag_links"]) == (1, 1, 1)
    assert json.loads(ok(new, "notes", "list", "--json")) == []
    added = json.loads(ok(new, "personal", "import", str(out), "--json"))
    assert added == preview
    again = json.loads(ok(new, "personal", "import", str(out), "--json"))
    assert again["notes"] == again["tags"] == again["tag_links"] == 0
    assert [n["body"] for n in json.loads(ok(new, "notes", "list", "--json"))] == [
        "À présenter aux élus"
    ]


def test_errors_are_one_line_with_the_usual_exit_codes(tmp_path):
    data = tmp_path / "data"
    missing = run(data, "backup", "restore", "20990101T000000Z-manual")
    assert missing.returncode == 3 and missing.stderr.count("\n") == 1, missing.stderr
    bad = tmp_path / "pas-un-export.json"
    bad.write_text('{"format": "autre chose"}', encoding="utf-8")
    refused = run(data, "personal", "import", str(bad))
    assert refused.returncode == 2 and str(bad) in refused.stderr
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr


def test_a_corrupt_library_is_recovered_with_one_sentence(tmp_path):
    data = tmp_path / "data"
    ok(data, "notes", "add", "reperess-9-filieres", "Note à ne pas perdre")
    ok(data, "backup", "create")
    (data / "library.db").write_bytes(b"\x00" * 8192)

    proc = run(data, "notes", "list", "--json")

    assert proc.returncode == 0, proc.stderr
    assert "endommagée" in proc.stderr and proc.stderr.count("\n") == 1
    assert [n["body"] for n in json.loads(proc.stdout)] == ["Note à ne pas perdre"]
    assert list(data.glob("library.db.damaged-*"))
