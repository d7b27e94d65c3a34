"""Files a user or publisher names are opened as regular files only, size checked first
(issue 9, item 4: `keys add /dev/zero` once ate the machine's memory)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rtes_desktop.core import machine_config as mc
from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import read_small_file, read_small_text
from rtes_desktop.core.frontmatter import MAX_MARKDOWN_BYTES, read_markdown, read_source_tree
from rtes_desktop.core.sync.signing import load_private_key, load_public_key_file

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def finishes(fn, *args):
    """Run fn(*args) in a thread; the test fails (instead of hanging the suite, as it
    did before the fix) when the call is still blocked after a minute."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), f"{fn.__name__} blocked on a non-regular file"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("result")


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)  # no disk used: only the size matters
    return path


def test_small_file_is_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffclé".encode())
    assert read_small_text(p, 100, "fichier") == "clé"


def test_big_file_is_refused_before_reading(tmp_path):
    p = sparse(tmp_path / "big.pem", 5 * 1024**3)
    with pytest.raises(BadInput) as err:
        read_small_file(p, 16_384, "clé publique")
    assert str(err.value) == f"{p} : clé publique trop gros ({5 * 1024**3} octets, 16384 au plus)"


@needs_fifo
def test_fifo_is_refused_without_blocking(tmp_path):
    p = tmp_path / "tube.pem"
    os.mkfifo(p)
    with pytest.raises(BadInput) as err:
        finishes(load_public_key_file, p)
    assert str(err.value) == (
        f"{p} : clé publique refusé : c'est un tube (FIFO), pas un fichier ordinaire"
    )


def test_device_and_folder_are_refused(tmp_path):
    if os.path.exists("/dev/zero"):
        with pytest.raises(
            BadInput, match="/dev/zero : clé publique refusé : c'est un périphérique"
        ):
            finishes(load_public_key_file, "/dev/zero")
    with pytest.raises(BadInput, match="c'est un dossier"):
        load_private_key(tmp_path)


def test_keys_add_dev_zero_exits_with_one_sentence(tmp_path):
    """The reported attack, through the real command line, with memory capped so the
    old behaviour (read until out of memory) fails fast instead of eating the machine."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    env = {**os.environ, "RTES_DESKTOP_MACHINE_CONFIG": str(tmp_path / "aucune.toml")}
    env.pop("RTES_DESKTOP_DATA_DIR", None)
    r = subprocess.run(
        [sys.executable, "-m", "rtes_desktop", "keys", "add", "/dev/zero"]
        + ["--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=cap,
    )
    assert r.returncode == 2, r.stderr
    assert "/dev/zero : clé publique refusé : c'est un périphérique" in r.stderr
    assert "erreur inattendue" not in r.stderr and "Traceback" not in r.stderr


def test_machine_config_too_big_or_fifo_is_refused(tmp_path):
    big = sparse(tmp_path / "big.toml", mc.MAX_CONFIG_BYTES + 1)
    with pytest.raises(BadInput, match="configuration machine trop gros"):
        mc.parse_config(big)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "tube.toml"
        os.mkfifo(fifo)
        with pytest.raises(BadInput, match="configuration machine refusé : c'est un tube"):
            finishes(mc.parse_config, fifo)


def test_publisher_markdown_and_source_yaml_are_checked(tmp_path):
    big = sparse(tmp_path / "big.md", MAX_MARKDOWN_BYTES + 1)
    with pytest.raises(BadInput, match="fiche Markdown trop gros"):
        read_markdown(big)
    if hasattr(os, "mkfifo"):
        root = tmp_path / "src"
        root.mkdir()
        os.mkfifo(root / "source.yaml")
        with pytest.raises(BadInput, match="source.yaml refusé : c'est un tube"):
            finishes(read_source_tree, root)


@needs_fifo
def test_imports_the_user_chooses_refuse_a_fifo_instead_of_blocking(tmp_path: Path) -> None:
    # personal data and shared sessions read through read_json_file: a FIFO once
    # blocked « Importer mes données… » for ever (path.read_bytes() waited for a writer).
    from rtes_desktop.core.personal_data import read_personal_file
    from rtes_desktop.core.session_kit import read_kit

    p = tmp_path / "mes-donnees.json"
    os.mkfifo(p)
    for read in (read_personal_file, read_kit):
        with pytest.raises(BadInput, match="pas un fichier ordinaire") as err:
            finishes(read, p)
        assert str(p) in str(err.value)


def test_imports_name_a_missing_file_in_french(tmp_path: Path) -> None:
    from rtes_desktop.core.personal_data import read_personal_file
    from rtes_desktop.core.session_kit import read_kit

    missing = tmp_path / "absent.rtes-session"
    for read in (read_personal_file, read_kit):
        with pytest.raises(BadInput, match="introuvable"):
            read(missing)
