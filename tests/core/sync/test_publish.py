"""publish: Markdown + front matter to an export, incrementally; and the bundled demo."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import parse_manifest
from rtes_desktop.core.sync.publish import publish
from rtes_desktop.core.sync.signing import generate_keypair, load_private_key

SOURCE_YAML = """\
source:
  id: cress-test
  name: "CRESS de test"
  homepage: "https://example.org"
kinds:
  - {id: fiche, label: "Fiche"}
themes:
  - {id: sieg, label: "SIEG", description: "Services d'intérêt économique général"}
  - {id: esus, label: "ESUS"}
"""


def md(entry_id: str, title: str, extra: str = "") -> str:
    return (
        f'---\nid: {entry_id}\nkind: fiche\ntitle: "{title}"\nthemes: [sieg]\n'
        f"published_at: 2025-01-02\n{extra}---\nLe texte de {title}, en français.\n"
    )


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "fiches").mkdir(parents=True)
    (root / "pj").mkdir()
    (root / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    (root / "pj" / "guide.pdf").write_bytes(b"%PDF-1.4 guide\n")
    (root / "fiches" / "local.pdf").write_bytes(b"%PDF-1.4 local\n")
    (root / "fiches" / "a.md").write_text(
        md(
            "fiche-a",
            "Fiche A",
            'attachments:\n  - {file: pj/guide.pdf, name: "Guide complet.pdf", media_type: application/pdf}\n'
            "  - {file: local.pdf}\n",
        ),
        encoding="utf-8",
    )
    (root / "fiches" / "b.md").write_text(md("fiche-b", "Fiche B"), encoding="utf-8")
    return root


@pytest.fixture
def keys(tmp_path):
    key_path, pem_path, key_id = generate_keypair(tmp_path / "editeur")
    return key_path, pem_path, key_id


def trust(lib, pem_path, key_id):
    lib.add_trusted_key(key_id, pem_path.read_text(), "éditeur")


def test_publish_then_sync(src, keys, lib, tmp_path):
    key_path, pem_path, key_id = keys
    out = tmp_path / "out"
    result = publish(src, out, key=key_path)
    assert result.serial == 1 and result.entries == 2 and result.signed_by == key_id
    assert result.objects_written == 4 and result.warnings == []
    manifest = parse_manifest((out / "manifest.json").read_bytes())
    assert manifest.source.id == "cress-test" and manifest.expires_at
    trust(lib, pem_path, key_id)
    report = sync_source(lib, str(out))
    assert sorted(report.new) == ["fiche-a", "fiche-b"]
    entry = lib.get_entry("fiche-a")
    assert [(a.name, a.media_type) for a in entry.attachments] == [
        ("Guide complet.pdf", "application/pdf"),
        ("local.pdf", "application/pdf"),
    ]
    assert entry.body.startswith("Le texte de Fiche A")


def test_publish_is_incremental(src, keys, lib, tmp_path):
    key_path, pem_path, key_id = keys
    out = tmp_path / "out"
    publish(src, out, key=key_path)
    trust(lib, pem_path, key_id)
    sync_source(lib, str(out))
    (src / "fiches" / "b.md").write_text(md("fiche-b", "Fiche B révisée"), encoding="utf-8")
    (src / "fiches" / "c.md").write_text(md("fiche-c", "Fiche C"), encoding="utf-8")
    result = publish(src, out, key=key_path)
    assert result.serial == 2
    assert result.objects_written == 2 and result.objects_reused == 3
    report = sync_source(lib, str(out))
    assert report.new == ["fiche-c"] and report.updated == ["fiche-b"]
    assert report.fetched_objects == 2
    # a third publication prunes objects two generations old
    (src / "fiches" / "b.md").write_text(md("fiche-b", "Fiche B v3"), encoding="utf-8")
    publish(src, out, key=key_path)
    objects = {p.name for p in (out / "objects").glob("*/*")}
    listed = {e.sha256 for e in parse_manifest((out / "manifest.json").read_bytes()).entries}
    assert listed <= objects and len(objects) == len(listed) + 2 + 1  # + 2 PDFs + previous b


def test_publish_zip(src, keys, lib, tmp_path):
    key_path, pem_path, key_id = keys
    out = tmp_path / "export.zip"
    assert publish(src, out, key=key_path, as_zip=True).serial == 1
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert "manifest.json" in names and "manifest.json.sig" in names
    assert publish(src, out, key=key_path, as_zip=True).serial == 2
    trust(lib, pem_path, key_id)
    assert len(sync_source(lib, str(out)).new) == 2


def test_unsigned_publish_warns_and_removes_stale_signature(src, keys, tmp_path):
    key_path, *_ = keys
    out = tmp_path / "out"
    publish(src, out, key=key_path)
    result = publish(src, out)
    assert result.signed_by is None and "NON signé" in result.warnings[0]
    assert not (out / "manifest.json.sig").exists()


def test_bad_markdown_is_refused_naming_the_file(src, tmp_path):
    (src / "fiches" / "c.md").write_text(
        md("fiche-c", "C").replace("themes: [sieg]", "themes: [inconnu]")
    )
    with pytest.raises(BadInput) as err:
        publish(src, tmp_path / "out")
    assert "c.md" in str(err.value) and "inconnu" in str(err.value)
    (src / "fiches" / "c.md").write_text(md("fiche-c", "C", "attachments: [{file: absent.pdf}]\n"))
    with pytest.raises(BadInput) as err:
        publish(src, tmp_path / "out")
    assert "c.md" in str(err.value) and "absent.pdf" in str(err.value)


def test_out_must_be_empty_or_an_export_of_the_same_source(src, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "photo.jpg").write_bytes(b"x")
    with pytest.raises(BadInput, match="pas vide"):
        publish(src, busy)
    other = tmp_path / "other"
    publish(src, other)
    (src / "source.yaml").write_text(SOURCE_YAML.replace("cress-test", "autre"), encoding="utf-8")
    with pytest.raises(BadInput, match="cress-test"):
        publish(src, other)


def test_same_content_gives_same_objects(src, tmp_path):
    publish(src, tmp_path / "one")
    publish(src, tmp_path / "two")
    one = json.loads((tmp_path / "one" / "manifest.json").read_bytes())["entries"]
    two = json.loads((tmp_path / "two" / "manifest.json").read_bytes())["entries"]
    assert one == two


# -- the bundled demo -----------------------------------------------------------


def test_bundled_demo_export_is_up_to_date(tmp_path):
    """resources/demo-export/ is what publish makes of resources/demo/ now
    (if this fails: .venv/bin/python scripts/build_demo_export.py)."""
    bundled = resources_dir() / "demo-export"
    copy = tmp_path / "demo-export"
    shutil.copytree(bundled, copy)
    key = load_private_key(resources_dir() / "demo" / "demo-signing.key")
    result = publish(
        resources_dir() / "demo",
        copy,
        key=key,
        expires_days=None,
        skip_if_unchanged=True,
        keep_state=False,  # never a state file in the repository's resources
    )
    assert not result.changed, "resources/demo-export is stale: run scripts/build_demo_export.py"
    manifest = parse_manifest((bundled / "manifest.json").read_bytes())
    assert manifest.source.id == "demo" and manifest.expires_at is None


def test_demo_loads_through_the_sync_engine(lib):
    from rtes_desktop.core.demo import DEMO_SOURCE_ID, ensure_demo, needs_demo, remove_demo

    assert needs_demo(lib)
    assert ensure_demo(lib)
    src = lib.source(DEMO_SOURCE_ID)
    assert src.is_demo and src.url is None and src.last_serial >= 1
    count = lib.count_entries(source_id=DEMO_SOURCE_ID)
    from rtes_desktop.core.frontmatter import read_source_tree

    assert count == len(read_source_tree(resources_dir() / "demo").files)
    assert not ensure_demo(lib)
    remove_demo(lib)
    assert lib.source(DEMO_SOURCE_ID) is None and not needs_demo(lib)
