"""A real sync of an export with PDF text (issue 14): publish, serve over loopback HTTP, sync.

The client stores each page's text (verified like any object), replaces it when the
PDF changes, and drops it when the entry is withdrawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rtes_desktop.core import settings
from rtes_desktop.core.library.attachment_pages import entry_pages
from rtes_desktop.core.search import SearchService
from rtes_desktop.core.sync.engine import objects_dir, sync_source
from rtes_desktop.core.sync.publish import publish
from rtes_desktop.core.sync.signing import generate_keypair
from tests.pdf_maker import Page, make_pdf

pytest.importorskip("pypdf")

SOURCE_YAML = """\
source: {id: rtes-test, name: "RTES (test)"}
kinds: [{id: guide, label: Guide}]
themes: [{id: filieres, label: "Filières"}]
"""
CATALOGUE = "file;id;kind;title;themes;published_at;summary\n"
ROW = "pdf/Guide filières.pdf;guide-filieres;guide;Guide filières;filieres;2024-05-02;Un guide.\n"
OTHER = "pdf/autre.pdf;autre;guide;Autre guide;filieres;2024-05-03;Un autre.\n"


def guide_pdf(path: Path, page_two: str) -> Path:
    return make_pdf(
        path,
        [
            Page(lines=["Les filières locales et la coopération entre collectivités."]),
            Page(lines=[page_two]),
            Page(lines=["Une troisième page sur les achats publics responsables."]),
        ],
        header="Guide filières",
    )


@pytest.fixture
def publisher(tmp_path, qapp):
    src = tmp_path / "src"
    (src / "pdf").mkdir(parents=True)
    (src / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    guide_pdf(src / "pdf" / "Guide filières.pdf", "La clause de réemploi des matériaux.")
    make_pdf(
        src / "pdf" / "autre.pdf",
        [Page(lines=["Le mandatement des services d'intérêt économique général."])],
    )
    (src / "catalogue.csv").write_text(CATALOGUE + ROW + OTHER, encoding="utf-8")
    key, pem, key_id = generate_keypair(tmp_path / "cle")
    out = tmp_path / "export"

    def run() -> Path:
        result = publish(src, out, key=key)
        assert result.pdf_problems == []
        return out

    run.src = src  # type: ignore[attr-defined]
    run.trust = lambda lib: lib.add_trusted_key(key_id, pem.read_text(), "test")  # type: ignore[attr-defined]
    return run


def found(lib, query):
    """(id, found_in, snippet) of the hits, the index caught up as after a sync."""
    service = SearchService(lib)
    try:
        service.ensure_ready()
        return [(h.id, h.found_in, h.snippet) for h in service.search(query).hits]
    finally:
        service.close()


def pages_of(lib, entry_id="guide-filieres"):
    return [(p.attachment, p.page, p.text) for p in entry_pages(lib.conn, "rtes-test", entry_id)]


def test_sync_stores_each_page_and_the_index_gets_it(lib, publisher, serve):
    publisher.trust(lib)
    srv = serve(publisher())
    report = sync_source(lib, srv.url)
    assert sorted(report.new) == ["autre", "guide-filieres"]
    pages = pages_of(lib)
    assert [p[:2] for p in pages] == [
        ("Guide filières.pdf", 1),
        ("Guide filières.pdf", 2),
        ("Guide filières.pdf", 3),
    ]
    assert "clause de réemploi" in pages[1][2] and "Guide filières" not in pages[1][2]
    doc = next(d for d in lib.search_documents() if d["id"] == "guide-filieres")
    assert doc["pages"][1] == {
        "attachment": "Guide filières.pdf",
        "page": 2,
        "text": pages[1][2],
    }
    # The text objects were verified in staging and do not linger there.
    assert not any(p.is_file() for p in (lib.folder / "staging").rglob("*"))
    # A query found only in the PDF (plural, no accents) returns the entry with the page.
    [(entry_id, found_in, snippet)] = found(lib, "clauses de reemploi")
    assert entry_id == "guide-filieres"
    assert found_in == [{"attachment": "Guide filières.pdf", "page": 2}]
    assert "<b>clause</b> de <b>réemploi</b>" in snippet
    # The thesaurus works on PDF text: the acronym finds its long form in a page.
    [(entry_id, found_in, snippet)] = found(lib, "SIEG")
    assert entry_id == "autre" and found_in == [{"attachment": "autre.pdf", "page": 1}]
    assert "<b>services</b> d'<b>intérêt</b>" in snippet


def test_changed_pdf_replaces_its_pages(lib, publisher, serve):
    publisher.trust(lib)
    srv = serve(publisher())
    sync_source(lib, srv.url)
    guide_pdf(publisher.src / "pdf" / "Guide filières.pdf", "Le bonus écologique des marchés.")
    publisher()
    report = sync_source(lib, srv.url)
    assert report.updated == ["guide-filieres"] and report.new == []
    text = "\n".join(p[2] for p in pages_of(lib))
    assert "bonus écologique" in text and "réemploi" not in text
    assert len(pages_of(lib)) == 3
    assert found(lib, "clause de reemploi") == []
    [(_, found_in, _)] = found(lib, "bonus ecologique")
    assert found_in == [{"attachment": "Guide filières.pdf", "page": 2}]
    assert len(pages_of(lib, "autre")) == 1  # the other entry's text untouched


def test_withdrawal_removes_the_pages_even_of_an_annotated_entry(lib, publisher, serve):
    publisher.trust(lib)
    srv = serve(publisher())
    sync_source(lib, srv.url)
    lib.add_note("guide-filieres", "à relire")  # keeps the entry, withdrawn
    (publisher.src / "catalogue.csv").write_text(CATALOGUE + OTHER, encoding="utf-8")
    publisher()
    report = sync_source(lib, srv.url)
    assert report.withdrawn == ["guide-filieres"]
    assert lib.get_entry("guide-filieres").withdrawn_at is not None
    assert pages_of(lib) == []
    assert found(lib, "clause de reemploi") == []
    # Listed again: the text comes back with it.
    (publisher.src / "catalogue.csv").write_text(CATALOGUE + ROW + OTHER, encoding="utf-8")
    publisher()
    report = sync_source(lib, srv.url)
    assert report.updated == ["guide-filieres"]
    assert len(pages_of(lib)) == 3


def test_a_deferred_pdf_is_still_searchable(lib, publisher, serve):
    publisher.trust(lib)
    lib.set_setting(settings.ATTACHMENTS_MAX_AUTO, 1000)  # every PDF waits for on-demand download
    srv = serve(publisher())
    report = sync_source(lib, srv.url)
    assert report.deferred_attachments == 2
    assert not any(p.is_file() for p in objects_dir(lib).rglob("*"))
    assert "clause de réemploi" in pages_of(lib)[1][2]


def test_a_tampered_text_object_refuses_the_sync(lib, publisher, serve, snapshot):
    import json

    publisher.trust(lib)
    out = publisher()
    before = snapshot(lib)
    manifest = json.loads((out / "manifest.json").read_text())
    for e in manifest["entries"]:
        doc = json.loads((out / "objects" / e["sha256"][:2] / e["sha256"]).read_text())
        for a in doc.get("attachments", []):
            text = out / "objects" / a["text_sha256"][:2] / a["text_sha256"]
            text.write_bytes(text.read_bytes().replace(b"clause", b"CLAUSE"))
    srv = serve(out)
    with pytest.raises(Exception, match="SHA-256|empreinte|altéré|ne correspond"):
        sync_source(lib, srv.url)
    assert snapshot(lib) == before
