"""Windows: an antivirus or the indexer holding a freshly written file makes `os.replace`
raise PermissionError for a moment. Every rename of the core retries; a lasting lock
ends in one French sentence.

The lock is injected by replacing `os.replace` (the only way to get a Windows sharing
violation on Linux); everything around it (sync, publishing, the index) is real.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from rtes_desktop.core import fs_retry
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.sync.attachments import attachment_path
from rtes_desktop.core.sync.engine import sync_source

REAL_REPLACE = os.replace


class Locker:
    """os.replace that refuses each destination `times` times, as a scanner would."""

    def __init__(self, times: int | None) -> None:
        self.times = times  # None: the lock never goes away
        self.refused: Counter[str] = Counter()
        self.done: list[str] = []

    def __call__(self, src, dst, **kw):
        key = os.fspath(dst)
        if self.times is None or self.refused[key] < self.times:
            self.refused[key] += 1
            exc = PermissionError(13, "Le processus ne peut pas accéder au fichier", key)
            exc.winerror = 32  # type: ignore[attr-defined] - ERROR_SHARING_VIOLATION
            raise exc
        REAL_REPLACE(src, dst, **kw)
        self.done.append(key)


@pytest.fixture
def locker(monkeypatch):
    def install(times: int | None) -> Locker:
        lock = Locker(times)
        monkeypatch.setattr(os, "replace", lock)
        # Same number of attempts, no waiting: the test is about the outcome, not time.
        monkeypatch.setattr(fs_retry, "RETRY_DELAYS", (0.0,) * len(fs_retry.RETRY_DELAYS))
        return lock

    return install


def test_replace_succeeds_after_transient_lock(tmp_path, locker):
    src, dst = tmp_path / "a.tmp", tmp_path / "a"
    src.write_text("nouveau")
    dst.write_text("ancien")
    lock = locker(3)
    replace_with_retry(src, dst)
    assert dst.read_text() == "nouveau" and not src.exists()
    assert lock.refused[str(dst)] == 3


def test_lasting_lock_is_one_french_sentence(tmp_path, locker):
    src, dst = tmp_path / "a.tmp", tmp_path / "a"
    src.write_text("nouveau")
    dst.write_text("ancien")
    lock = locker(None)
    with pytest.raises(RtesError) as err:
        replace_with_retry(src, dst)
    message = str(err.value)
    assert message.startswith(str(dst))
    assert "un autre programme le garde ouvert" in message
    assert "Traceback" not in message and "PermissionError" not in message
    assert lock.refused[str(dst)] == len(fs_retry.RETRY_DELAYS) + 1
    assert dst.read_text() == "ancien" and src.exists()  # nothing changed


def test_missing_source_is_not_retried(tmp_path, locker):
    lock = locker(0)
    with pytest.raises(FileNotFoundError):
        replace_with_retry(tmp_path / "absent", tmp_path / "b")
    assert not lock.done


def test_sync_with_attachments_survives_locked_renames(trusting_lib, builder, serve, locker):
    sha = builder.attach("fiche-1", "Guide.pdf", b"%PDF-1.4 guide\n" * 50)
    builder.write()
    server = serve(builder.root)
    lock = locker(2)
    report = sync_source(trusting_lib, server.url)
    assert len(report.new) == 5
    path = attachment_path(trusting_lib, sha)
    assert path is not None and path.read_bytes().startswith(b"%PDF-1.4 guide")
    # The staged object really went through a refused rename.
    assert any(sha in key for key in lock.refused)


def test_publishing_survives_locked_renames(tmp_path, lib, locker):
    from rtes_desktop.core.sync.publish import publish
    from rtes_desktop.core.sync.signing import generate_keypair

    src = tmp_path / "src"
    (src / "fiches").mkdir(parents=True)
    (src / "source.yaml").write_text(
        'source:\n  id: cress-test\n  name: "CRESS"\nkinds:\n  - {id: fiche, label: "Fiche"}\n',
        encoding="utf-8",
    )
    (src / "fiches" / "a.md").write_text(
        '---\nid: fiche-a\nkind: fiche\ntitle: "Fiche A"\npublished_at: 2025-01-02\n---\nTexte.\n',
        encoding="utf-8",
    )
    key_path, pem_path, key_id = generate_keypair(tmp_path / "editeur")
    lock = locker(2)
    out = tmp_path / "out"
    publish(src, out, key=key_path)
    assert (out / "manifest.json").is_file()
    assert any(k.endswith("manifest.json") for k in lock.refused)
    lib.add_trusted_key(key_id, pem_path.read_text(), "éditeur")
    assert len(sync_source(lib, str(out)).new) == 1


def test_search_index_swap_survives_locked_renames(demo_lib, locker):
    from rtes_desktop.core.search import SearchService

    lock = locker(2)
    svc = SearchService(demo_lib)
    try:
        svc.ensure_ready()
        assert svc.search("filiere").total > 0
    finally:
        svc.close()
    names = {Path(k).name for k in lock.done}
    assert "CURRENT" in names and any(n.startswith("gen-") for n in names)
