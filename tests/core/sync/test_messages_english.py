"""Core messages the window shows, in English when the window is English (issue 13,
item 8): Python gettext catalogs, French as the source."""

from __future__ import annotations

import errno
import re
import sys
import zipfile
from pathlib import Path

import pytest

from rtes_desktop.core import i18n
from rtes_desktop.core.errors import BadInput, RtesError, storage_error
from rtes_desktop.core.sync import engine
from rtes_desktop.core.sync.refusals import _PLAIN, plain_refusal, replay, rollback
from rtes_desktop.core.sync.report import SyncReport

ROOT = Path(__file__).resolve().parents[3]
#: accents and words that only French text has
FRENCH = re.compile(
    r"[éèêàçùâîôû«»]|\b(de|le|la|les|rien|fiches?|nouvelles?|mises?|modifié|version plus|"
    r"Aucun|votre|contient|réessayez|clé)\b",
    re.IGNORECASE,
)


@pytest.fixture
def english():
    assert i18n.set_language("en") == "en"
    yield
    i18n.set_language("fr")


def test_catalog_is_complete_and_compiled():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_core_catalog
    finally:
        sys.path.pop(0)
    assert update_core_catalog.main(["--check"]) == 0, "run scripts/update_core_catalog.py"


def test_sync_messages_in_english_have_no_french(english):
    report = SyncReport("src", 3, new=["a", "b"], updated=["c"], withdrawn=["d", "e"])
    shown = [report.summary_fr(), SyncReport("src", 3).summary_fr()]
    assert shown == ["2 new entries, 1 updated, 2 withdrawn", "No changes"]
    for kind in ("zip", "folder", "http"):
        shown += [str(rollback(kind, 2, 3)), str(replay(kind, 4))]
        for code in _PLAIN:
            technical = BadInput(
                "détail technique en français", path="manifest.json.sig", code=code
            )
            shown.append(str(plain_refusal(technical, kind)))
    for err in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO):
        shown.append(str(storage_error(OSError(err, "x"))))
    failed = SyncReport("src", 3, error=str(rollback("zip", 2, 3)))
    shown.append(failed.summary_fr())
    for text in shown:
        assert not FRENCH.search(text), text
    assert str(rollback("zip", 2, 3)) == (
        "This zip file holds an older version (no. 2) than the one in your library "
        "(no. 3): nothing was changed."
    )


def test_a_real_refused_sync_speaks_english(english, trusting_lib, builder, tmp_path):
    builder.write(serial=1)
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as zf:
        for path in builder.root.rglob("*"):
            if path.is_file():
                zf.write(path, path.relative_to(builder.root).as_posix())
    builder.entry("fiche-9")
    builder.write(serial=2)
    report = engine.sync_source(trusting_lib, str(builder.root))
    assert report.summary_fr() == "6 new entries"
    with pytest.raises(RtesError) as err:
        engine.sync_source(trusting_lib, str(old))
    assert not FRENCH.search(str(err.value)), str(err.value)
    assert "retour en arrière" in err.value.detail  # the technical account stays as is


def test_french_is_the_source_and_unknown_languages_fall_back():
    assert i18n.set_language("de") == "fr"
    assert SyncReport("src", 1).summary_fr() == "Aucun changement"
    assert i18n.set_language(None) == "fr"


def test_the_catalogs_are_where_the_resources_are():
    from rtes_desktop.core.paths import resources_dir

    assert Path(i18n.locale_dir()) == resources_dir() / "locale"
    assert (Path(i18n.locale_dir()) / "en" / "LC_MESSAGES" / "rtes_desktop.mo").is_file()
