"""Malformed and hostile PDFs, written byte by byte, for the tests and the benches.

Each function returns the bytes of a file that a careless extractor would hang
on, recurse on until the interpreter dies, or inflate until the machine swaps.
Small on disk: the danger is in what the file declares or inflates to.
"""

from __future__ import annotations

import zlib


def assemble(objects: list[bytes], root: int = 1, *, trailer_extra: bytes = b"") -> bytes:
    """A PDF file with these objects (numbered from 1) and an exact xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    size = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n" % (size, extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def simple_pdf(text: str = "Bonjour") -> bytes:
    """A valid one-page PDF showing `text` (Helvetica, WinAnsi)."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("cp1252") + b") Tj ET"
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            FONT,
        ]
    )


def truncated() -> bytes:
    """A valid PDF cut off in the middle of its first page's content."""
    data = simple_pdf("Un document tronqué " * 20)
    return data[: len(data) // 2]


def page_tree_loop() -> bytes:
    """A page tree whose Pages node lists itself (and its parent) among its kids."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def huge_declared_stream(declared: int = 500 * 1024 * 1024) -> bytes:
    """A content stream that declares `declared` bytes (500 MB) and holds a few."""
    content = b"BT /F1 12 Tf 72 720 Td (Bonjour) Tj ET"
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content, length=declared),
            FONT,
        ]
    )


def flate_bomb(inflated: int = 1024 * 1024 * 1024) -> bytes:
    """A FlateDecode content stream of ~1 MB that inflates to `inflated` bytes (1 GiB)
    of text-drawing operators: a zip bomb in PDF clothing."""
    unit = b"BT /F1 12 Tf 72 720 Td (bombe) Tj ET\n" * 1024
    chunk = unit * max(1, (4 * 1024 * 1024) // len(unit))
    packer = zlib.compressobj(9)
    parts = []
    written = 0
    while written < inflated:
        parts.append(packer.compress(chunk))
        written += len(chunk)
    parts.append(packer.flush())
    data = b"".join(parts)
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(data, b"/Filter /FlateDecode "),
            FONT,
        ]
    )


def deeply_nested(depth: int = 200_000) -> bytes:
    """A page whose resources hold an array nested `depth` levels deep."""
    nested = b"[" * depth + b"]" * depth
    content = b"BT /F1 12 Tf 72 720 Td (Bonjour) Tj ET"
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep "
            + nested
            + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            FONT,
        ]
    )


def no_text() -> bytes:
    """A one-page PDF with a drawn rectangle and no text: what a scan looks like to us."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"0.5 g 72 72 451 698 re f"),
        ]
    )


HOSTILE = {
    "tronqué": truncated,
    "boucle dans l'arbre des pages": page_tree_loop,
    "flux déclaré de 500 Mo": huge_declared_stream,
    "bombe FlateDecode": flate_bomb,
    "objets imbriqués": deeply_nested,
}
