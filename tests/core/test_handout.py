"""The handout's gathering and its Markdown and HTML renderings: one content, safe."""

from __future__ import annotations

import hashlib
import struct
import zlib

from rtes_desktop.core.handout import (
    HandoutOptions,
    format_for,
    handout_document,
    render_html_handout,
    render_markdown_handout,
)
from rtes_desktop.core.models import Attachment, Entry
from rtes_desktop.core.session_view import add_entry, add_free_note
from rtes_desktop.core.sync.engine import objects_dir

HOSTILE = (
    "Texte <script>alert(1)</script> et [lien](javascript:alert(1)) "
    '<img src="https://pisteur.example/x.png"> ![photo](https://pisteur.example/y.png)\n\n'
    "| a | b |\n|---|---|\n| 1 | 2 |\n"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"\x00\xff\x00\x00" * 1  # one red pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _library_with_hostile_entry(lib):
    png = _png()
    sha = hashlib.sha256(png).hexdigest()
    (objects_dir(lib) / sha[:2]).mkdir(parents=True, exist_ok=True)
    (objects_dir(lib) / sha[:2] / sha).write_bytes(png)
    lib.save_source("s", "Source S", url="https://example.org/export/")
    lib.write_entry(
        Entry(
            "s",
            "e",
            "fiche",
            "Fiche « hostile »",
            HOSTILE,
            "2025-01-01",
            "2025-02-03T10:00:00Z",
            "c" * 64,
            summary="Un résumé : court.",
            source_url="javascript:alert(2)",
            attachments=[Attachment("image.png", "image/png", sha, len(png))],
        )  # fmt: skip
    )
    s = lib.create_session("Session : test")
    add_entry(lib, s.id, "s:e", "secret")
    add_free_note(lib, s.id, "# Titre de note\n\nTexte de la note")
    return s.id


def test_html_handout_is_sanitized_and_self_contained(lib):
    sid = _library_with_hostile_entry(lib)
    page = render_html_handout(handout_document(lib, sid))
    assert "<script" not in page and "javascript:" not in page
    assert '<img src="http' not in page  # nothing fetched (raw HTML in a body shows as text)
    assert 'src="data:image/png;base64,' in page  # the attachment's image, embedded
    assert "image.png" in page and "https://example.org/export/objects/" in page
    assert "secret" not in page  # comments are private by default
    assert "<table>" in page and "Sources" in page and "Sommaire" in page
    assert "Fiche «\u00a0hostile\u00a0»" in page


def test_markdown_and_html_say_the_same(lib):
    sid = _library_with_hostile_entry(lib)
    doc = handout_document(lib, sid, HandoutOptions(with_comments=True, trainer="C. M."))
    md, page = render_markdown_handout(doc), render_html_handout(doc)
    for text in ("Session\u00a0: test", "secret", "Titre de note", "Texte de la note", "C. M."):
        assert text in md and text in page, text
    assert "javascript:" not in md.split("## Sources")[1]  # the unsafe source URL is left out


def test_without_notes_and_summary_only(lib):
    sid = _library_with_hostile_entry(lib)
    doc = handout_document(lib, sid, HandoutOptions(full_text=False, with_notes=False))
    assert [i.kind for i in doc.items] == ["entry"]
    assert doc.items[0].body == "" and doc.items[0].summary == "Un résumé : court."


def test_format_from_extension_or_option():
    assert format_for("a.PDF") == "pdf" and format_for("a.htm") == "html"
    assert format_for("a.txt") == "markdown" and format_for("a.pdf", "md") == "markdown"
