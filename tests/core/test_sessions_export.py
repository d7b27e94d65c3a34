"""« Exporter la session… »: one Markdown or HTML document of a session, in order."""

from __future__ import annotations

import html
import re
import sys
from datetime import UTC, datetime

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import NotFound, RtesError
from rtes_desktop.core.models import Entry
from rtes_desktop.core.render import render_markdown
from rtes_desktop.core.sessions_export import (
    date_fr,
    demote_headings,
    export_session,
    format_for,
    render_session_html,
    render_session_markdown,
    session_document,
)

TODAY = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def _entry(entry_id: str, title: str, **kw) -> Entry:
    base = dict(
        source_id="rtes",
        id=entry_id,
        kind="fiche",
        title=title,
        body="Le corps n'est pas copié dans l'export.",
        published_at="2024-06-10",
        updated_at="2024-06-10T10:00:00Z",
        sha256="0" * 64,
    )
    base.update(kw)
    return Entry(**base)


@pytest.fixture
def session(lib):
    """A session: two entries (one with a comment), a free note, and an entry note."""
    lib.save_source("rtes", "RTES")
    lib.replace_vocabulary(
        "rtes", [{"id": "fiche", "label": "Fiche"}, {"id": "guide", "label": "Guide"}], []
    )
    lib.write_entry(
        _entry(
            "esus",
            "Points de RepèrESS n°12 – L'agrément ESUS",
            summary="Tout savoir sur l'agrément *ESUS*.",
            source_url="https://www.rtes.fr/agrement-esus",
        )
    )
    lib.write_entry(_entry("spaser", "Adopter un SPASER", kind="guide", published_at="2025-03-01"))
    coll = lib.create_session("Formation élus 2026", "Séance du 12 mars, Rennes")
    lib.add_to_session(coll.id, ref="spaser")
    plan = lib.add_note(None, "# Plan de la séance\n\n## Matin\n\n- accueil\n- tour de table")
    lib.add_to_session(coll.id, note_id=plan.id)
    lib.add_to_session(coll.id, ref="esus", comment="À présenter en ouverture\n10 minutes")
    on_entry = lib.add_note("esus", "Rappeler la date limite.", title="Question de la CRESS")
    lib.add_to_session(coll.id, note_id=on_entry.id)
    return lib, coll


def test_the_document_follows_the_session_order(session):
    lib, coll = session
    doc = session_document(lib, coll.id, today=TODAY)
    assert doc.name == "Formation élus 2026"
    assert doc.description == "Séance du 12 mars, Rennes"
    assert doc.exported_on == "29 novembre 2026"
    assert [(p.number, p.kind, p.title) for p in doc.parts] == [
        (1, "entry", "Adopter un SPASER"),
        (2, "note", "Plan de la séance"),
        (3, "entry", "Points de RepèrESS n°12 – L'agrément ESUS"),
        (4, "note", "Question de la CRESS"),
    ]
    esus = doc.parts[2]
    assert esus.meta == "Fiche · 10 juin 2024 · RTES"
    assert esus.comment == "À présenter en ouverture\n10 minutes"
    assert esus.url == "https://www.rtes.fr/agrement-esus"
    assert esus.key == "rtes:esus"
    assert doc.parts[0].meta == "Guide · 1er mars 2025 · RTES"
    # The note's first line is its heading; its own headings go below the part's.
    assert doc.parts[1].body.startswith("#### Matin")
    assert doc.parts[1].meta == "Note personnelle"
    assert doc.parts[3].meta == "Note sur « Points de RepèrESS n°12 – L'agrément ESUS »"


def test_markdown_rendering(session):
    lib, coll = session
    text = render_session_markdown(session_document(lib, coll.id, today=TODAY))
    assert text.startswith("# Formation élus 2026\n\nSéance du 12 mars, Rennes\n")
    assert "*4 éléments · exportée le 29 novembre 2026 depuis la Bibliothèque RTES*" in text
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == [
        "1. Adopter un SPASER",
        "2. Note : Plan de la séance",
        "3. Points de RepèrESS n°12 – L'agrément ESUS",
        "4. Note : Question de la CRESS",
    ]
    assert "**Commentaire :** À présenter en ouverture  \n10 minutes" in text
    # Publisher text is escaped, not interpreted; the link is a real link.
    assert "Tout savoir sur l'agrément \\*ESUS\\*." in text
    assert "Source : [https://www.rtes.fr/agrement-esus](https://www.rtes.fr/agrement-esus)" in text
    assert "- accueil\n- tour de table" in text
    assert "Rappeler la date limite." in text
    assert "Le corps n'est pas copié" not in text
    # Read back as a Markdown reader would.
    page = render_markdown(text)
    assert "<em>ESUS</em>" not in page and "*ESUS*" in html.unescape(page)
    assert '<a href="https://www.rtes.fr/agrement-esus">' in page
    assert "<h4>Matin</h4>" in page


def test_html_rendering_is_a_standalone_page(session):
    lib, coll = session
    page = render_session_html(session_document(lib, coll.id, today=TODAY))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page and '<meta charset="utf-8">' in page
    assert "<title>Formation élus 2026</title>" in page
    titles = re.findall(r"<h2>(.+?)</h2>", page)
    assert [html.unescape(t) for t in titles] == [
        "1. Adopter un SPASER",
        "2. Note : Plan de la séance",
        "3. Points de RepèrESS n°12 – L'agrément ESUS",
        "4. Note : Question de la CRESS",
    ]
    assert "À présenter en ouverture<br>10 minutes" in page
    assert '<a href="https://www.rtes.fr/agrement-esus">' in page
    assert "<li>accueil</li>" in page
    assert "http://" not in page.replace('href="https://www.rtes.fr', "")  # nothing remote
    assert "<script" not in page


def test_items_whose_target_is_gone_are_left_out(session):
    lib, coll = session
    plan = next(i for i in lib.session_items(coll.id) if i.note_id is not None)
    lib.delete_note(plan.note_id)
    doc = session_document(lib, coll.id, today=TODAY)
    assert [p.number for p in doc.parts] == [1, 2, 3]
    assert "Plan de la séance" not in render_session_markdown(doc)


def test_an_empty_session_and_an_unknown_one(lib):
    coll = lib.create_session("Vide")
    text = render_session_markdown(session_document(lib, coll.id, today=TODAY))
    assert (
        text
        == "# Vide\n\n*0 éléments · exportée le 29 novembre 2026 depuis la Bibliothèque RTES*\n"
    )
    with pytest.raises(NotFound):
        session_document(lib, coll.id + 1)


def test_export_writes_the_file_in_the_format_of_its_name(session, tmp_path):
    lib, coll = session
    md = export_session(lib, coll.id, tmp_path / "séance.md")
    assert md.read_text(encoding="utf-8").startswith("# Formation élus 2026\n")
    page = export_session(lib, coll.id, tmp_path / "séance.html")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    forced = export_session(lib, coll.id, tmp_path / "séance.txt", fmt="html")
    assert forced.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("séance")) == [
        "séance.html",
        "séance.md",
        "séance.txt",
    ]
    assert not list(tmp_path.glob(".rtes-export-*"))  # no temporary file left
    if sys.platform != "win32":  # Windows has no group/other permission bits to check
        assert (md.stat().st_mode & 0o777) == 0o644


def test_export_to_a_missing_folder_says_so_and_writes_nothing(session, tmp_path):
    lib, coll = session
    target = tmp_path / "absent" / "séance.md"
    with pytest.raises(RtesError) as err:
        export_session(lib, coll.id, target)
    assert str(target) in str(err.value) and "dossier" in str(err.value)
    assert not target.parent.exists()


def test_format_and_dates():
    assert format_for("a.HTML") == format_for("a.htm") == "html"
    assert format_for("a.md") == format_for("a") == "markdown"
    assert date_fr("2026-03-01T12:00:00Z") == "1er mars 2026"
    assert date_fr("2024-08-15") == "15 août 2024"
    assert date_fr("hier") == date_fr(None) == ""


def test_demote_headings_leaves_code_alone():
    text = "# Titre\n```\n# commentaire shell\n```\n###### fin\n#pas un titre"
    assert demote_headings(text) == (
        "### Titre\n```\n# commentaire shell\n```\n###### fin\n#pas un titre"
    )


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs", "Cc")),
            st.sampled_from(list("*_[]()<>#|{}!&;:-+.`\\ 1é")),  # what Markdown reads
        ),
        min_size=1,
        max_size=60,
    )
)
def test_any_session_name_reads_back_as_itself(name):
    """Whatever a trainer names a session, the Markdown heading says exactly that."""
    from rtes_desktop.core.sessions_export import SessionDocument

    clean = " ".join(name.split())
    if not clean:
        return
    text = render_session_markdown(SessionDocument(clean, "", "1er mars 2026"))
    page = markdown.markdown(text, extensions=["extra"])  # a Markdown reader
    heading = re.search(r"<h1>(.*?)</h1>", page, flags=re.S)
    assert heading is not None
    assert html.unescape(heading.group(1)) == clean
