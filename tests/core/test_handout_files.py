"""The handout written as a Markdown or HTML file (« Exporter la session… » and
`sessions export`): the session's order, hostile titles and comments escaped in
both formats (Hypothesis), and the file written atomically. Ported from the former
export, `core/sessions_export.py`, which the handout replaced."""

from __future__ import annotations

import html
import re
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.handout import (
    Handout,
    HandoutItem,
    HandoutOptions,
    demote_headings,
    export_text_handout,
    format_for,
    handout_document,
    render_html_handout,
    render_markdown_handout,
)
from rtes_desktop.core.models import Entry
from rtes_desktop.core.render import render_markdown
from rtes_desktop.core.typography import french_spacing

TODAY = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
HOSTILE = '# <script>alert(1)</script> [x](javascript:alert(1)) *a* | b | <img src=x onerror="y">'


def _entry(entry_id: str, title: str, **kw) -> Entry:
    base = dict(
        source_id="rtes",
        id=entry_id,
        kind="fiche",
        title=title,
        body="# Le texte\n\nLe corps de la fiche.",
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


def _doc(lib, coll, **options) -> Handout:
    return handout_document(lib, coll.id, HandoutOptions(**options), today=TODAY)


def test_the_handout_follows_the_session_order(session):
    lib, coll = session
    doc = _doc(lib, coll, with_comments=True)
    assert (doc.name, doc.description, doc.date) == (
        "Formation élus 2026",
        "Séance du 12 mars, Rennes",
        "29 novembre 2026",
    )
    assert [(i.number, i.kind, i.title) for i in doc.items] == [
        (1, "entry", "Adopter un SPASER"),
        (2, "note", "Plan de la séance"),
        (3, "entry", "Points de RepèrESS n°12 – L'agrément ESUS"),
        (4, "note", "Question de la CRESS"),
    ]
    esus = doc.items[2]
    assert esus.meta == "Fiche · 10 juin 2024 · RTES"
    assert esus.comment == "À présenter en ouverture\n10 minutes"
    assert esus.url == "https://www.rtes.fr/agrement-esus"
    assert doc.items[0].meta == "Guide · 1er mars 2025 · RTES"
    # The note's first line is its title; its own headings go below the section's.
    assert doc.items[1].body.startswith("#### Matin")
    assert esus.body.startswith("### Le texte")
    # Comments are private unless asked.
    assert all(not i.comment for i in _doc(lib, coll).items)


def test_markdown_reads_back_as_the_session(session):
    lib, coll = session
    text = render_markdown_handout(_doc(lib, coll, with_comments=True))
    assert text.startswith("# Formation élus 2026\n\nSéance du 12 mars, Rennes\n")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == [
        "Sommaire",
        "1. Adopter un SPASER",
        "2. Plan de la séance",
        "3. Points de RepèrESS n°12 – L'agrément ESUS",
        "4. Question de la CRESS",
        "Sources",
    ]
    assert "À présenter en ouverture  \n> 10 minutes" in text  # a hard break per line
    # Publisher text is escaped, not interpreted; the link is a real link.
    assert "Tout savoir sur l'agrément \\*ESUS\\*." in text
    assert "- accueil\n- tour de table" in text and "Rappeler la date limite." in text
    page = render_markdown(text)  # read back as a Markdown reader would
    assert "<em>ESUS</em>" not in page and "*ESUS*" in html.unescape(page)
    assert '<a href="https://www.rtes.fr/agrement-esus">' in page
    assert "<h4>Matin</h4>" in page and "<h3>Le texte</h3>" in page


def test_html_is_a_standalone_page(session):
    lib, coll = session
    page = render_html_handout(_doc(lib, coll, with_comments=True))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page and '<meta charset="utf-8">' in page
    assert "<title>Formation élus 2026</title>" in page
    titles = re.findall(r'<h2><a name="item-\d"></a>(.+?)</h2>', page)
    assert [html.unescape(t) for t in titles] == [
        "1. Adopter un SPASER",
        "2. Plan de la séance",
        "3. Points de RepèrESS n°12 – L'agrément ESUS",
        "4. Question de la CRESS",
    ]
    assert "À présenter en ouverture<br>10 minutes" in page
    assert '<a href="https://www.rtes.fr/agrement-esus">' in page
    assert "<li>accueil</li>" in page
    assert "http://" not in page and "<script" not in page  # nothing remote, nothing run


def test_a_deleted_note_is_left_out_and_the_numbers_follow(session):
    lib, coll = session
    plan = next(i for i in lib.session_items(coll.id) if i.note_id is not None)
    lib.delete_note(plan.note_id)
    doc = _doc(lib, coll)
    assert [i.number for i in doc.items] == [1, 2, 3]
    assert "Plan de la séance" not in render_markdown_handout(doc)


def test_an_empty_session_and_an_unknown_one(lib):
    coll = lib.create_session("Vide")
    text = render_markdown_handout(_doc(lib, coll))
    assert text == "# Vide\n\n*29 novembre 2026*\n\n## Sommaire\n"
    with pytest.raises(NotFound):
        handout_document(lib, coll.id + 1)


# -- hostile text ---------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(page: str) -> None:
    """No script, no image, no event handler, no link but to the web or within."""
    for tag, attrs in _tags(page).tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name}= on <{tag}>"
            if name in ("href", "src"):
                assert (value or "").startswith(("#", "https://", "http://")), value


def test_hostile_titles_and_comments_stay_text_in_both_formats(lib):
    lib.save_source("s", "Éditeur <b>gras</b>")
    lib.write_entry(
        Entry("s", "e", "fiche", HOSTILE, "Corps.", "2025-01-01", "2025-01-02", "a" * 64,
              summary=HOSTILE, source_url="https://example.org/a b>\n<script>x</script>")
    )  # fmt: skip
    coll = lib.create_session(HOSTILE, HOSTILE)
    lib.add_to_session(coll.id, ref="s:e", comment=f"{HOSTILE}\n- pas une liste\n1. ni ceci")
    note = lib.add_note(None, "Texte.", title=HOSTILE)
    lib.add_to_session(coll.id, note_id=note.id, comment="> pas une citation")
    doc = _doc(lib, coll, with_comments=True)
    page = render_html_handout(doc)
    assert_inert(page)
    assert "<b>gras</b>" not in page and "&lt;b&gt;gras&lt;/b&gt;" in page
    # The Markdown, read by a reader that lets raw HTML through (python-markdown does).
    text = render_markdown_handout(doc)
    for reader in (markdown.markdown(text, extensions=["extra"]), render_markdown(text)):
        assert_inert(reader)
        # Lists: the contents and the sources only; quotes: the two comments only.
        assert reader.count("<ol>") == 2 and "<ul>" not in reader
        assert reader.count("<blockquote>") == 2
        seen = html.unescape("".join(_tags(reader).text))
        assert french_spacing(HOSTILE) in seen  # every character shown, none interpreted
        assert "- pas une liste" in seen and "1. ni ceci" in seen and "> pas une" in seen


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs", "Cc")),
            st.sampled_from(list("*_[]()<>#|{}!&;:-+.`\\ 1é«»")),  # what Markdown reads
        ),
        min_size=1,
        max_size=60,
    )
)
@example("]:")  # a link definition for Python-Markdown, once
def test_any_session_name_reads_back_as_itself(name):
    """Whatever a trainer names a session or a note, the Markdown heading, the
    table of contents and the HTML page say exactly that (with French spacing)."""
    clean = " ".join(name.split())
    if not clean:
        return
    doc = Handout(clean, "", "1er mars 2026", "", "", [HandoutItem(1, "note", "item-1", clean)])
    # A reader trims a heading: « » » alone loses the non-breaking space put before it.
    expected = french_spacing(clean).strip()
    page = markdown.markdown(render_markdown_handout(doc), extensions=["extra"])
    heading = re.search(r"<h1>(.*?)</h1>", page, flags=re.S)
    assert heading is not None
    assert html.unescape(heading.group(1)).strip() == expected
    toc = re.search(r'<a href="#item-1">(.*?)</a>', page, flags=re.S)
    assert toc is not None and html.unescape(toc.group(1)).strip() == expected
    shown = _tags(render_html_handout(doc)).text
    assert any(chunk.strip() == expected for chunk in shown)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                st.sampled_from(list("*_[]()<>#|{}!&;:-+.`\\ 1")),
            ),
            min_size=1,
            max_size=30,
        ).filter(str.strip),
        min_size=1,
        max_size=4,
    )
)
@example(["0", "="])  # a setext heading for Markdown, once
@example(["titre", "-"])
def test_any_comment_reads_back_line_by_line(lines):
    """A trainer's comment, any characters, is shown as its lines in both formats."""
    clean = [" ".join(line.split()) for line in lines]
    item = HandoutItem(1, "note", "item-1", "Note", comment="\n".join(clean))
    doc = Handout("Séance", "", "1er mars 2026", "", "", [item])
    for page in (
        markdown.markdown(render_markdown_handout(doc), extensions=["extra"]),
        render_html_handout(doc),
    ):
        assert_inert(page)
        block = re.search(r"Commentaire du formateur :</(?:strong|b)>(.*?)</(p|td)>", page, re.S)
        assert block is not None, page
        shown = [html.unescape(x).strip() for x in re.split(r"<br\s*/?>", block.group(1))]
        assert shown == [french_spacing(line).strip() for line in clean]


# -- the file ---------------------------------------------------------------------------------


def test_the_file_is_written_in_the_format_of_its_name(session, tmp_path):
    lib, coll = session
    tmp_path = tmp_path / "sorties"  # beside the library's data folder
    tmp_path.mkdir()
    doc = _doc(lib, coll)
    md = export_text_handout(doc, tmp_path / "séance.md", format_for("séance.md"))
    assert md.read_text(encoding="utf-8").startswith("# Formation élus 2026\n")
    page = export_text_handout(doc, tmp_path / "séance.htm", format_for("séance.htm"))
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    forced = export_text_handout(doc, tmp_path / "séance.txt", format_for("séance.txt", "html"))
    assert forced.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["séance.htm", "séance.md", "séance.txt"]
    if sys.platform != "win32":  # Windows has no group/other permission bits to check
        assert (md.stat().st_mode & 0o777) == 0o644  # a document to hand out is not private
        md.chmod(0o600)
        export_text_handout(doc, md, "markdown")  # replaced: the owner's choice is kept
        assert (md.stat().st_mode & 0o777) == 0o600


def test_a_failed_write_changes_nothing_and_names_the_file(session, tmp_path):
    lib, coll = session
    tmp_path = tmp_path / "sorties"
    tmp_path.mkdir()
    doc = _doc(lib, coll)
    missing = tmp_path / "absent" / "séance.md"
    with pytest.raises(RtesError) as err:
        export_text_handout(doc, missing, "markdown")
    assert str(missing) in str(err.value) and "dossier" in str(err.value)
    assert not missing.parent.exists()
    # A folder where the file should go: refused, the folder as it was, no temporary file.
    folder = tmp_path / "séance.html"
    folder.mkdir()
    (folder / "garder.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(RtesError) as err:
        export_text_handout(doc, folder, "html")
    assert str(folder) in str(err.value)
    assert (folder / "garder.txt").read_text(encoding="utf-8") == "à garder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["séance.html"]
    # A PDF is Qt's to lay out: asked here, it is refused, not written as text.
    previous = tmp_path / "séance.pdf"
    previous.write_bytes(b"%PDF-1.4 ancien")
    with pytest.raises(BadInput):
        export_text_handout(doc, previous, "pdf")
    assert previous.read_bytes() == b"%PDF-1.4 ancien"


def test_demote_headings_leaves_code_alone():
    text = "# Titre\n```\n# commentaire shell\n```\n###### fin\n#pas un titre"
    assert demote_headings(text) == (
        "### Titre\n```\n# commentaire shell\n```\n###### fin\n#pas un titre"
    )
