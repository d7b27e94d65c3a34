"""Markdown rendering is safe; source folders are parsed or refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.frontmatter import read_markdown, read_source_tree, split_front_matter
from rtes_desktop.core.render import render_markdown


def test_render_keeps_french_and_structure():
    html = render_markdown(
        "## Les filières\n\n- l'agrément **ESUS**\n- « SIEG »\n\n| a | b |\n|---|---|\n| é | à |"
    )
    assert "<h2>Les filières</h2>" in html
    assert "<strong>ESUS</strong>" in html and "« SIEG »" in html
    assert "<table>" in html and "<td>é</td>" in html


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src="https://tracker.example/p.gif">',
        "![pixel](https://tracker.example/p.gif)",
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_render_never_lets_active_or_remote_content_through(evil):
    html = render_markdown(evil).lower()
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert '<a href="javascript' not in html


def test_render_keeps_safe_links():
    html = render_markdown("[RTES](https://www.rtes.fr) et [fiche](entry:points-repere-sieg)")
    assert 'href="https://www.rtes.fr"' in html and 'href="entry:points-repere-sieg"' in html


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_render_any_text(text):
    assert isinstance(render_markdown(text), str)


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """---
id: faq-sieg
kind: faq
title: "Comment mandater un SIEG ?"
published_at: 2024-03-01
themes: [sieg]
---
Par un **acte de mandatement**.
"""


def test_read_markdown_good(tmp_path):
    sf = read_markdown(write(tmp_path, "a.md", GOOD))
    assert sf.meta["id"] == "faq-sieg" and sf.meta["published_at"] == "2024-03-01"
    assert sf.meta["updated_at"] == "2024-03-01T00:00:00Z"
    assert sf.body.startswith("Par un **acte")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("pas d'en-tête", "pas d'en-tête YAML"),
        ("---\nid: x\n", "non refermé"),
        ("---\n[liste]\n---\n", "dictionnaire"),
        ("---\nid: x\nkind: faq\n---\n", "« title »"),
        (
            "---\nid: X Majuscule\nkind: faq\ntitle: t\npublished_at: 2024-01-01\n---\n",
            "identifiant invalide",
        ),
        ("---\nid: x\nkind: faq\ntitle: t\npublished_at: hier\n---\n", "AAAA-MM-JJ"),
        (
            "---\nid: x\nkind: faq\ntitle: t\npublished_at: 2024-01-01\nthemes: sieg\n---\n",
            "themes",
        ),
        ("---\nid: [\n---\n", "YAML invalide"),
    ],
)
def test_read_markdown_refusals_name_the_file(tmp_path, text, reason):
    path = write(tmp_path, "fiche.md", text)
    with pytest.raises(BadInput, match=reason) as err:
        read_markdown(path)
    assert str(path) in str(err.value)


def test_read_markdown_not_utf8(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: é\n---\n".encode("latin-1"))
    with pytest.raises(BadInput, match="UTF-8"):
        read_markdown(path)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_front_matter_any_input(text):
    try:
        meta, body = split_front_matter(text, Path("x.md"))
    except BadInput:
        return
    assert isinstance(meta, dict) and isinstance(body, str)


def test_source_tree_checks_vocabulary_and_duplicates(tmp_path):
    write(
        tmp_path,
        "source.yaml",
        "source: {id: test, name: Test}\nkinds: [{id: faq, label: FAQ}]\n"
        "themes: [{id: sieg, label: SIEG}]\n",
    )
    write(tmp_path, "a.md", GOOD)
    tree = read_source_tree(tmp_path)
    assert [f.meta["id"] for f in tree.files] == ["faq-sieg"]
    write(tmp_path, "b.md", GOOD)
    with pytest.raises(BadInput, match="déjà utilisé"):
        read_source_tree(tmp_path)
    (tmp_path / "b.md").unlink()
    write(tmp_path, "c.md", GOOD.replace("faq-sieg", "autre").replace("[sieg]", "[inconnu]"))
    with pytest.raises(BadInput, match="thèmes absents de source.yaml : inconnu"):
        read_source_tree(tmp_path)


def test_bundled_demo_is_valid():
    from rtes_desktop.core.demo import demo_dir

    tree = read_source_tree(demo_dir())
    assert len(tree.files) >= 20
    ids = {f.meta["id"] for f in tree.files}
    assert {"reperess-9-filieres", "points-repere-9-spaser", "points-repere-12-esus"} <= ids
    themes = {t["id"] for t in tree.themes}
    assert {
        "filieres",
        "sieg",
        "esus",
        "aap",
        "spaser",
        "commande-publique-responsable",
        "scic",
        "ptce",
        "plateformes-cooperatives",
        "evaluation-impact-social",
    } <= themes
    for f in tree.files:
        assert set(f.meta.get("related") or []) <= ids, f.path
