"""The command line against what a user's terminal or a publisher can throw at it
(issue 9, items 6, 7, 10, 13): one true sentence, an exit status that means
something, never « erreur inattendue », and nothing a terminal would act on.

Commands run in-process through `main()`, each with its own data folder."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rtes_desktop.__main__ import main
from rtes_desktop.cli import wants_gui
from rtes_desktop.core.demo import load_demo
from rtes_desktop.core.library import Library
from rtes_desktop.core.sync.export_format import object_path
from rtes_desktop.core.sync.signing import key_id_of, public_pem, sign_manifest

#: What must never reach a terminal raw: C0 but tab/newline, DEL, C1, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_TITLE = "Titre \x1b]0;pwned\x07 \x1b[2J \x00 \x9b31m \u202efdp.exe fin"


def run(capsys: Any, data: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def signed_export(
    root: Path,
    key: Ed25519PrivateKey,
    docs: list[dict[str, Any]],
    *,
    serial: int = 1,
    source: dict[str, Any] | None = None,
    kinds: list[dict[str, Any]] | None = None,
    themes: list[dict[str, Any]] | None = None,
) -> Path:
    """A signed export written by hand, in ASCII JSON (texts may hold anything)."""
    entries = []
    for doc in docs:
        raw = (json.dumps(doc, ensure_ascii=True, sort_keys=True) + "\n").encode()
        sha = hashlib.sha256(raw).hexdigest()
        path = root / object_path(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        entries.append({"id": doc["id"], "sha256": sha, "size": len(raw)})
    manifest = {
        "format": "rtes-export",
        "format_version": 1,
        "source": source or {"id": "src", "name": "Réseau test"},
        "serial": serial,
        "kinds": kinds if kinds is not None else [{"id": "fiche", "label": "Fiche"}],
        "themes": themes if themes is not None else [{"id": "sieg", "label": "SIEG"}],
        "entries": entries,
    }
    raw_manifest = json.dumps(manifest, ensure_ascii=True).encode()
    (root / "manifest.json").write_bytes(raw_manifest)
    (root / "manifest.json.sig").write_bytes(sign_manifest(key, raw_manifest))
    return root


def doc(entry_id: str = "fiche-1", **fields: Any) -> dict[str, Any]:
    base = {
        "id": entry_id,
        "kind": "fiche",
        "title": "Une fiche",
        "summary": "Un résumé.",
        "body": "Les collectivités et l'économie sociale et solidaire.",
        "themes": ["sieg"],
        "published_at": "2025-01-02",
        "updated_at": "2025-01-02T10:00:00Z",
    }
    base.update(fields)
    return base


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def data(tmp_path: Path, key: Ed25519PrivateKey) -> Path:
    """A data folder (holding the demo) that trusts `key`."""
    folder = tmp_path / "data"
    with Library.open(folder) as lib:
        load_demo(lib)  # the first start's work, done: later commands only read
        lib.add_trusted_key(key_id_of(key.public_key()), public_pem(key.public_key()), "test")
    return folder


# -- item 7: what a user types ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "\udcff\udcfe"],
        ["notes", "add", "reperess-9-filieres", "caf\udce9"],
        ["tags", "add", "reperess-9-filieres", "\udce9t\udce9"],
        ["search", "\udcc3("],
        ["keys", "remove", "\udcff"],
    ],
)
def test_arguments_that_are_not_utf8_are_one_sentence(capsys, data, args):
    """Python keeps undecodable argv bytes as lone surrogates (surrogateescape)."""
    code, out, err = run(capsys, data, *args)
    assert code == 2
    assert "UTF-8" in err and "inattendue" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("url", ["http://[::1", "http://", "http://127.0.0.1:99999/"])
def test_an_impossible_address_is_one_sentence(capsys, data, url):
    code, _out, err = run(capsys, data, "sync", url)
    assert code == 2
    assert "adresse invalide" in err and "inattendue" not in err


# -- item 10: what a publisher writes --------------------------------------------------


def test_escape_sequences_from_a_publisher_never_reach_the_terminal(capsys, data, key, tmp_path):
    body = "Corps \x1b[2J effacé \x1b]8;;file:///etc/passwd\x07lien\x1b]8;;\x07 collectivités"
    export = signed_export(
        tmp_path / "export", key, [doc(title=HOSTILE_TITLE, body=body, summary="\x1b[31mrouge")]
    )
    code, _out, err = run(capsys, data, "sync", str(export))
    assert code == 0, err

    code, out, err = run(capsys, data, "show", "fiche-1")
    assert code == 0, err
    assert not RAW_CONTROL.search(out)
    assert "Titre" in out and "fdp.exe fin" in out and "collectivités" in out

    code, out, err = run(capsys, data, "search", "collectivités")
    assert code == 0, err
    assert "Titre" in out
    assert not RAW_CONTROL.search(out)

    # --json keeps the data, escaped: the same title comes back, no raw control.
    for args in (["show", "fiche-1", "--json"], ["search", "collectivités", "--json"]):
        code, out, err = run(capsys, data, *args)
        assert code == 0, err
        assert not RAW_CONTROL.search(out)
        value = json.loads(out)
        title = value["title"] if "title" in value else value["results"][0]["title"]
        assert title == HOSTILE_TITLE


def test_a_refusal_echoing_a_publisher_value_is_cleaned_too(capsys, data, key, tmp_path):
    export = signed_export(tmp_path / "export", key, [doc(published_at="\x1b]0;titre\x07 2025")])
    code, _out, err = run(capsys, data, "sync", str(export))
    assert code == 2
    assert "published_at" in err and not RAW_CONTROL.search(err)


# -- no console at all (the windowed Windows executable) ------------------------------


def test_no_stdout_nor_stderr_is_not_a_crash(capsys, data, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--data-dir", str(data), "show", "reperess-9-filieres", "--json"]) == 0
    assert main(["--data-dir", str(data), "show", "reperess-9-filieres"]) == 0
    assert main(["--data-dir", str(data), "show", "no-such-entry"]) == 3
    assert main(["--data-dir", str(data), "search", "x", "--limit", "nan"]) == 2


# -- item 6: the disk and the log ------------------------------------------------------


def test_a_log_that_cannot_be_written_does_not_stop_a_command(capsys, data):
    (data / "rtes-desktop-cli.log").mkdir()  # the command line's log place is taken
    code, out, err = run(capsys, data, "show", "reperess-9-filieres")
    assert code == 0
    assert "Filières" in out
    assert err.count("\n") == 1 and "journal impossible à écrire" in err


def test_read_only_database_reads_and_refuses_writes_truthfully(
    capsys, data, monkeypatch, sqlite_pragma
):
    sqlite_pragma("PRAGMA query_only = ON")
    code, out, err = run(capsys, data, "show", "reperess-9-filieres")
    assert code == 0, err
    code, out, err = run(capsys, data, "notes", "add", "reperess-9-filieres", "Une note")
    assert code == 1
    assert "lecture seule" in err
    assert "illisible" not in err and "restaurez" not in err and "inattendue" not in err
    monkeypatch.undo()
    with Library.open(data) as lib:
        assert lib.notes() == []


def test_full_disk_on_first_start_says_disk_full(capsys, tmp_path, sqlite_pragma):
    sqlite_pragma("PRAGMA max_page_count = 2")
    code, _out, err = run(capsys, tmp_path / "neuf", "tags", "list")
    assert code == 1
    assert "le disque est plein" in err
    assert "illisible" not in err and "restaurez" not in err


# -- item 13: a blocked index ----------------------------------------------------------


@pytest.mark.parametrize("blocker", ["file", "dangling symlink"])
def test_a_blocked_index_path_is_said_not_an_empty_answer(capsys, data, blocker):
    index = data / "index"
    if blocker == "file":
        index.write_text("pas un dossier")
    else:
        index.symlink_to(data / "nulle-part")
    code, out, err = run(capsys, data, "search", "filières")
    assert code == 1
    assert out == ""
    assert str(index) in err and "index de recherche" in err and "inattendue" not in err
    index.unlink()
    code, out, err = run(capsys, data, "search", "filières")
    assert code == 0 and "résultat" in out


# -- property tests: nothing a user or publisher sends is « unexpected » ---------------

TEXT = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1, max_size=3),
    st.sampled_from(["", "-", "--", "--json", "x:y", ":", "demo:", "a" * 300, "\x00", "\x1b[2J"]),
)
COMMANDS = st.one_of(
    st.tuples(st.just("show"), TEXT).map(list),
    st.tuples(st.just("notes"), st.just("add"), TEXT, TEXT).map(list),
    st.tuples(st.just("tags"), st.sampled_from(["add", "remove"]), TEXT, TEXT).map(list),
    st.tuples(st.just("search"), TEXT).map(list),
    st.tuples(st.just("search"), TEXT, st.sampled_from(["--limit", "--kind", "--theme"]), TEXT).map(
        list
    ),
    st.tuples(st.just("keys"), st.just("remove"), TEXT).map(list),
    # A relative path (sync only reads it): never an export, always one sentence.
    st.tuples(st.just("sync"), TEXT).map(lambda t: ["sync", "./" + t[1]]),
    st.tuples(st.just("notes"), st.sampled_from(["list", "list --json"])).map(
        lambda t: [t[0], *t[1].split()]
    ),
    # Anything at all, except what opens the window (no sub-command).
    st.lists(TEXT, max_size=4).filter(lambda a: not wants_gui(["--data-dir", "d", *a])),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=COMMANDS)
def test_no_argument_makes_an_unexpected_error(capsys, data, args):
    code, out, err = run(capsys, data, *args)
    event(f"exit status {code}")
    assert "inattendue" not in err
    assert code in (0, 2, 3, 4), err
    assert not RAW_CONTROL.search(out + err)


_serials = itertools.count(1)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(
        ["source.name", "title", "summary", "body", "region", "authors", "kind.label", "theme"]
    ),
    text=st.one_of(
        st.text(max_size=40),
        st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=2),
        st.sampled_from([HOSTILE_TITLE, "\x00", "x" * 5000, "\ud83d\ude00", "\ud83d"]),
    ),
)
def test_no_manifest_string_makes_an_unexpected_error(capsys, data, key, tmp_path, field, text):
    serial = next(_serials)
    entry = doc()
    source = {"id": "src", "name": "Réseau"}
    kinds = [{"id": "fiche", "label": "Fiche"}]
    themes = [{"id": "sieg", "label": "SIEG"}]
    if field == "source.name":
        source["name"] = text
    elif field == "kind.label":
        kinds[0]["label"] = text
    elif field == "theme":
        themes[0]["description"] = text
    elif field == "authors":
        entry["authors"] = [text]
    else:
        entry[field] = text
    export = signed_export(
        tmp_path / f"export-{serial}",
        key,
        [entry],
        serial=serial,
        source=source,
        kinds=kinds,
        themes=themes,
    )
    code, out, err = run(capsys, data, "sync", str(export))
    event(f"sync exit status {code}")
    assert "inattendue" not in err
    assert code in (0, 2), err
    assert not RAW_CONTROL.search(out + err)
    if code == 0:
        for args in (["show", "src:fiche-1"], ["search", "collectivités"]):
            code, out, err = run(capsys, data, *args)
            assert code == 0, err
            assert "inattendue" not in err
            assert not RAW_CONTROL.search(out + err)
