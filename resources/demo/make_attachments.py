#!/usr/bin/env python3
"""Generate the demo PDF attachments (one page each, a title line in Helvetica).

Standard library only. The PDFs are tiny but valid: the cross-reference table holds
the exact byte offset of every object, and text is encoded in WinAnsiEncoding (cp1252)
so French accents, the en dash and "œ" render correctly with the standard Helvetica font.

Run from anywhere:  python3 resources/demo/make_attachments.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "attachments"

# file stem -> (title line, subtitle line)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "points-repere-9-spaser": (
        "Points de RepèrESS n°9 – Les SPASER",
        "Schémas de promotion des achats publics socialement et écologiquement responsables",
    ),
    "points-repere-12-esus": (
        "Points de RepèrESS n°12 – L'agrément ESUS",
        "Entreprise solidaire d'utilité sociale : conditions, intérêts, usages",
    ),
    "points-repere-sieg": (
        "Points de RepèrESS – SIEG & collectivités",
        "Services d'intérêt économique général",
    ),
    "points-repere-scic": (
        "Points de RepèrESS – SCIC & collectivités",
        "Sociétés coopératives d'intérêt collectif",
    ),
    "points-repere-ptce": (
        "Points de RepèrESS – PTCE & collectivités",
        "Pôles territoriaux de coopération économique",
    ),
    "reperess-9-filieres": (
        "RepèrESS n°9 – Filières & ESS",
        "Le rôle des collectivités dans la structuration de filières locales",
    ),
    "rapport-activite-2023": (
        "RTES – Rapport d'activité 2023",
        "Réseau des collectivités territoriales pour une économie solidaire",
    ),
}

FOOTER = "RTES – bibliothèque de démonstration (document fictif)"


def pdf_string(text: str) -> bytes:
    """Encode text as a PDF literal string in WinAnsiEncoding, escaping delimiters."""
    raw = text.encode("cp1252")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def pdf_text_string(text: str) -> bytes:
    """Encode text for the document information dictionary (UTF-16BE with BOM, hex)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def build_pdf(title: str, subtitle: str) -> bytes:
    """Return the bytes of a one-page A4 PDF showing the given lines."""
    content = b"\n".join(
        [
            b"BT",
            b"/F1 18 Tf",
            b"56 770 Td",
            pdf_string(title) + b" Tj",
            b"/F1 11 Tf",
            b"0 -28 Td",
            pdf_string(subtitle) + b" Tj",
            b"/F1 9 Tf",
            b"0 -700 Td",
            pdf_string(FOOTER) + b" Tj",
            b"ET",
        ]
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Title " + pdf_text_string(title) + b" /Producer (rtes-desktop make_attachments.py) >>",
    ]
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
        + b" /Root 1 0 R /Info 6 0 R >>\nstartxref\n"
        + str(xref_at).encode()
        + b"\n%%EOF\n"
    )
    return bytes(out)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, (title, subtitle) in DOCUMENTS.items():
        path = OUT / f"{stem}.pdf"
        path.write_bytes(build_pdf(title, subtitle))
        print(f"{path.relative_to(HERE)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
