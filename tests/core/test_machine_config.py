"""The machine-wide configuration IT deploys: found, checked, merged, first run."""

from __future__ import annotations

import hashlib
import logging
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core import first_run as fr
from rtes_desktop.core import machine_config as mc
from rtes_desktop.core import settings
from rtes_desktop.core.demo import DEMO_SOURCE_ID
from rtes_desktop.core.errors import BadInput


def make_key(folder: Path, name: str) -> tuple[Path, str, str]:
    """A fresh Ed25519 key pair: (public .pem path, pem text, expected key id)."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    path = folder / f"{name}.pem"
    path.write_text(pem, encoding="ascii")
    return path, pem, hashlib.sha256(raw).hexdigest()[:16]


def write_config(folder: Path, text: str) -> Path:
    path = folder / mc.CONFIG_NAME
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def conf_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "it"
    folder.mkdir()
    return folder


def test_env_var_replaces_every_other_location(conf_dir, monkeypatch):
    path = write_config(conf_dir, "version = 1\n")
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    assert mc.candidate_paths() == [path]
    assert mc.find_config() == path
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(conf_dir / "absent.toml"))
    assert mc.find_config() is None
    assert mc.load_machine_config() is None


def test_beside_the_frozen_executable_wins_over_the_system_file(tmp_path, monkeypatch):
    monkeypatch.delenv(mc.ENV_MACHINE_CONFIG, raising=False)
    exe_dir = tmp_path / "app"
    exe_dir.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe_dir / "rtes-desktop"))
    paths = mc.candidate_paths()
    assert paths[0] == exe_dir.resolve() / mc.CONFIG_NAME
    assert paths[1] == mc.system_config_dir() / mc.CONFIG_NAME
    assert paths[1].parent.name == "rtes-desktop"


def test_from_source_only_the_system_location_is_read(monkeypatch):
    monkeypatch.delenv(mc.ENV_MACHINE_CONFIG, raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert mc.candidate_paths() == [mc.system_config_dir() / mc.CONFIG_NAME]


def test_a_full_configuration_is_read(conf_dir):
    pem_path, pem, key_id = make_key(conf_dir, "rtes")
    _, pem2, key_id2 = make_key(conf_dir, "cress")
    inline = pem2.strip().replace("\n", "\n    ")
    path = write_config(
        conf_dir,
        f'''\
        version = 1
        seed_export = "rtes-export.zip"
        attachments_max_auto_bytes = 5_000_000

        [[sources]]
        id = "rtes"
        name = "RTES"
        url = "https://ressources.rtes.example/export/"
        keys = ["rtes.pem"]

        [[sources]]
        id = "cress-bretagne"
        name = "CRESS Bretagne (clé USB)"
        keys = ["""
    {inline}
    """]
        ''',
    )
    config = mc.parse_config(path)
    assert config.problems == ()
    assert config.seed_export == conf_dir.resolve() / "rtes-export.zip"
    assert config.attachments_max_auto_bytes == 5_000_000
    rtes, cress = config.sources
    assert (rtes.id, rtes.name, rtes.url) == (
        "rtes",
        "RTES",
        "https://ressources.rtes.example/export/",
    )
    assert [(k.key_id, k.source_id, k.label) for k in rtes.keys] == [
        (key_id, "rtes", pem_path.stem)
    ]
    assert rtes.keys[0].pem == pem
    assert cress.url is None
    assert [(k.key_id, k.source_id) for k in cress.keys] == [(key_id2, "cress-bretagne")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("version = [\n", "configuration machine invalide"),
        ("version = 2\n", "version de configuration 2 inconnue"),
    ],
)
def test_an_unusable_file_is_refused_in_one_sentence(conf_dir, text, message):
    path = write_config(conf_dir, text)
    with pytest.raises(BadInput) as err:
        mc.parse_config(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_bad_items_are_skipped_and_named(conf_dir):
    make_key(conf_dir, "good")
    (conf_dir / "rsa.pem").write_text(
        "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n"
    )
    path = write_config(
        conf_dir,
        """\
        colour = "blue"
        attachments_max_auto_bytes = -3

        [[sources]]
        id = "Bad Id"

        [[sources]]
        id = "rtes"
        url = "ftp://example.org/export"

        [[sources]]
        id = "ok"
        url = "partage/export.zip"
        keys = ["good.pem", "missing.pem", "rsa.pem"]
        extra = 1

        [[sources]]
        id = "ok"
        """,
    )
    config = mc.parse_config(path)
    assert [s.id for s in config.sources] == ["ok"]
    ok = config.sources[0]
    assert ok.name == "ok"
    assert ok.url == str(conf_dir.resolve() / "partage/export.zip")
    assert len(ok.keys) == 1
    problems = "\n".join(config.problems)
    for expected in (
        "clé inconnue « colour »",
        "attachments_max_auto_bytes",
        "« id » manquant ou invalide",
        "seules les adresses http(s)",
        "missing.pem : lecture impossible",
        "rsa.pem : clé publique PEM illisible",
        "clé inconnue « extra »",
        "déclarée deux fois",
    ):
        assert expected in problems, expected
    assert config.attachments_max_auto_bytes is None


def test_a_broken_file_is_logged_and_the_app_starts_with_the_demo(
    lib, conf_dir, monkeypatch, caplog
):
    path = write_config(conf_dir, "[[sources]\n")
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    with caplog.at_level(logging.ERROR, logger="rtes_desktop"):
        assert fr.first_run(lib) == fr.FIRST_RUN_DEMO
    assert any(str(path) in r.getMessage() and "invalide" in r.getMessage() for r in caplog.records)
    assert [s.id for s in lib.sources()] == [DEMO_SOURCE_ID]


def test_no_configuration_first_run_loads_the_demo_once(lib, conf_dir, monkeypatch):
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(conf_dir / "none.toml"))
    assert fr.first_run(lib) == fr.FIRST_RUN_DEMO
    count = lib.count_entries()
    assert count > 0
    assert fr.first_run(lib) == fr.NOT_FIRST_RUN
    assert lib.count_entries() == count


def test_configured_sources_and_keys_are_merged_at_every_start(lib, conf_dir, monkeypatch):
    _, pem, key_id = make_key(conf_dir, "rtes")
    path = write_config(
        conf_dir,
        """\
        attachments_max_auto_bytes = 1000
        [[sources]]
        id = "rtes"
        name = "RTES"
        url = "https://ressources.rtes.example/export/"
        keys = ["rtes.pem"]
        """,
    )
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    # First start without a seed: the sources are registered and the demo is still loaded.
    assert fr.first_run(lib) == fr.FIRST_RUN_DEMO
    assert {s.id: s.url for s in lib.sources()} == {
        DEMO_SOURCE_ID: None,
        "rtes": "https://ressources.rtes.example/export/",
    }
    assert [(k["key_id"], k["pem"], k["source_id"]) for k in lib.trusted_keys()] == [
        (key_id, pem, "rtes")
    ]
    assert lib.get_setting(settings.ATTACHMENTS_MAX_AUTO) == 1000

    # The user changes things; a later start puts IT's address and key back,
    # keeps the user's own attachments choice, and changes nothing else.
    lib.save_source("rtes", "RTES (renommée)", url="https://ailleurs.example/")
    lib.remove_trusted_key(key_id)
    lib.set_setting(settings.ATTACHMENTS_MAX_AUTO, 0)
    assert fr.first_run(lib) == fr.NOT_FIRST_RUN
    rtes = lib.source("rtes")
    assert (rtes.name, rtes.url) == ("RTES (renommée)", "https://ressources.rtes.example/export/")
    assert [k["key_id"] for k in lib.trusted_keys()] == [key_id]
    assert lib.get_setting(settings.ATTACHMENTS_MAX_AUTO) == 0
    # Idempotent: nothing left to change.
    assert fr.apply_config(lib, mc.parse_config(path)) == []


def test_configuration_applies_even_after_the_demo_was_removed(lib, conf_dir, monkeypatch):
    from rtes_desktop.core.demo import remove_demo

    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(conf_dir / "none.toml"))
    fr.first_run(lib)
    remove_demo(lib)
    path = write_config(conf_dir, '[[sources]]\nid = "rtes"\nurl = "https://r.example/"\n')
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    assert fr.first_run(lib) == fr.NOT_FIRST_RUN
    assert [s.id for s in lib.sources()] == ["rtes"]


def test_a_missing_seed_falls_back_to_the_demo(lib, conf_dir, monkeypatch, caplog):
    path = write_config(conf_dir, 'seed_export = "absent.zip"\n')
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    with caplog.at_level(logging.ERROR, logger="rtes_desktop"):
        assert fr.first_run(lib) == fr.FIRST_RUN_DEMO
    assert any("absent.zip" in r.getMessage() for r in caplog.records)
    assert lib.source(DEMO_SOURCE_ID) is not None


def _publish_demo_zip(folder: Path, key_prefix: Path) -> Path:
    """A signed zip export of the demo's Markdown, as the network's source "rtes"."""
    publish = pytest.importorskip("rtes_desktop.core.sync.publish")
    pytest.importorskip("rtes_desktop.core.sync.engine")
    from rtes_desktop.core.paths import resources_dir
    from rtes_desktop.core.sync.signing import generate_keypair

    tree = folder / "src"
    shutil.copytree(resources_dir() / "demo", tree, ignore=shutil.ignore_patterns("*.key"))
    meta = tree / "source.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: demo", "id: rtes", 1), "utf-8")
    private, _public, _ = generate_keypair(key_prefix)
    out = folder / "seed.zip"
    publish.publish(tree, out, key=private, as_zip=True)
    return out


def test_a_pre_seeded_export_replaces_the_demo_on_first_run(lib, conf_dir, monkeypatch):
    seed = _publish_demo_zip(conf_dir, conf_dir / "publisher")
    path = write_config(
        conf_dir,
        """\
        seed_export = "seed.zip"
        [[sources]]
        id = "rtes"
        name = "RTES"
        url = "https://ressources.rtes.example/export/"
        keys = ["publisher.pem"]
        """,
    )
    assert seed.parent == path.parent
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    assert fr.first_run(lib) == fr.FIRST_RUN_SEEDED
    assert [s.id for s in lib.sources()] == ["rtes"]  # no demo
    assert lib.count_entries() > 0
    # The configured address wins over wherever the seed came from.
    assert lib.source("rtes").url == "https://ressources.rtes.example/export/"
    assert fr.first_run(lib) == fr.NOT_FIRST_RUN


def test_an_unsigned_seed_is_refused_and_the_demo_loads(lib, conf_dir, monkeypatch, caplog):
    seed = _publish_demo_zip(conf_dir, conf_dir / "publisher")
    path = write_config(conf_dir, f'seed_export = "{seed.name}"\n')  # key never trusted
    monkeypatch.setenv(mc.ENV_MACHINE_CONFIG, str(path))
    with caplog.at_level(logging.ERROR, logger="rtes_desktop"):
        assert fr.first_run(lib) == fr.FIRST_RUN_DEMO
    assert any("export pré-chargé refusé" in r.getMessage() for r in caplog.records)
    assert lib.source(DEMO_SOURCE_ID) is not None


def test_the_example_in_deploy_md_is_valid(conf_dir):
    """docs/deploy.md's example, as IT would copy it, reads without a problem."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text("utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    make_key(conf_dir, "rtes-2026")
    path = write_config(conf_dir, example)
    config = mc.parse_config(path)
    assert config.problems == ()
    assert [s.id for s in config.sources] == ["rtes", "cress-bretagne"]
    assert all(len(s.keys) == 1 for s in config.sources)
    assert config.seed_export == conf_dir.resolve() / "rtes-export.zip"
