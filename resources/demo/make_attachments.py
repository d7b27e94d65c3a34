#!/usr/bin/env python3
"""Generate the demo PDF attachments: a few pages of real text each (attachment_texts.py).

Standard library only, on purpose: the PDFs use the standard Helvetica font (nothing
embedded: a few KB a document, where Qt's QPdfWriter embeds a font subset of 20 KB
or more) and hold no timestamp, so the same text always gives the same bytes and the
bundled demo export only changes when the text does. Text is in WinAnsiEncoding
(cp1252), so French accents, the en dash and « œ » come out right, and `publish`
extracts it page by page. Each page carries a running header and a numbered footer,
which the extraction drops, as it does in the network's real PDFs.

Run from anywhere:  python3 resources/demo/make_attachments.py
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "attachments"
sys.path.insert(0, str(HERE))

from attachment_texts import DOCUMENTS  # noqa: E402

FOOTER = "RTES – bibliothèque de démonstration (document fictif)"
#: characters per line of 10.5 pt Helvetica in 483 pt (A4 less 56 pt margins)
LINE_CHARS = 92


def pdf_string(text: str) -> bytes:
    """Encode text as a PDF literal string in WinAnsiEncoding, escaping delimiters."""
    raw = text.encode("cp1252")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def pdf_text_string(text: str) -> bytes:
    """Encode text for the document information dictionary (UTF-16BE with BOM, hex)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def page_content(header: str, heading: str, paragraphs: list[str], number: int) -> bytes:
    """The content stream of one page: header, heading, wrapped paragraphs, footer."""
    ops = [b"BT", b"/F1 8 Tf", b"56 806 Td", pdf_string(header) + b" Tj", b"ET"]
    ops += [b"BT", b"/F2 14 Tf", b"56 760 Td", pdf_string(heading) + b" Tj", b"ET"]
    ops += [b"BT", b"/F1 10.5 Tf", b"15 TL", b"56 730 Td"]
    for para in paragraphs:
        for line in textwrap.wrap(para, LINE_CHARS):
            ops.append(pdf_string(line) + b" Tj T*")
        ops.append(b"T*")
    ops.append(b"ET")
    ops += [b"BT", b"/F1 8 Tf", b"56 40 Td", pdf_string(f"{FOOTER} – page {number}") + b" Tj"]
    ops.append(b"ET")
    return b"\n".join(ops)


def build_pdf(title: str, header: str, pages: list[tuple[str, list[str]]]) -> bytes:
    """Return the bytes of an A4 PDF with one page per (heading, paragraphs)."""
    n = len(pages)
    # objects: 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then (page, content) pairs
    kids = b" ".join(b"%d 0 R" % (6 + 2 * i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title "
        + pdf_text_string(title)
        + b" /Producer (rtes-desktop make_attachments.py) >>",
    ]
    for i, (heading, paragraphs) in enumerate(pages):
        content = page_content(header, heading, paragraphs, i + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (7 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n"
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (
        b"trailer\n<< /Size "
        + str(len(objects) + 1).encode()
        + b" /Root 1 0 R /Info 5 0 R >>\nstartxref\n"
        + str(xref_at).encode()
        + b"\n%%EOF\n"
    )
    return bytes(out)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, (title, header, pages) in DOCUMENTS.items():
        path = OUT / f"{stem}.pdf"
        path.write_bytes(build_pdf(title, header, pages))
        print(f"{path.relative_to(HERE)}  {len(pages)} pages, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
