"""The publisher's side of PDF text (issue 14): extract once, ship as an object, report.

`PdfTexts.text_of(path, sha, name)` gives the page-text object of one PDF attachment,
written to the export's `objects/`, or None (and one line in the publication's
`pdf_problems`) when the PDF gives no text. A PDF already published with its text
(same SHA-256 in the previous export of the folder) is not read again: publishing
an unchanged library stays fast and gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import read_small_file
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.sync.export_format import (
    DEFAULT_LIMITS,
    Manifest,
    object_path,
    parse_page_text,
)
from rtes_desktop.core.sync.pdf_text import (
    PdfExtractor,
    extractor_id,
    first_paragraph,
    text_document,
)


@dataclass(frozen=True)
class ShippedText:
    """A page-text object in the export."""

    sha256: str
    size: int
    first_paragraph: str | None


def previous_texts(out: Path, prev: Manifest | None, as_zip: bool) -> dict[str, str]:
    """attachment SHA-256 -> text SHA-256, from the previous export in the folder OUT."""
    if prev is None or as_zip:
        return {}
    found: dict[str, str] = {}
    for e in prev.entries:
        path = out / object_path(e.sha256)
        try:
            doc = json.loads(read_small_file(path, DEFAULT_LIMITS.entry_bytes, "objet"))
            for a in doc.get("attachments") or []:
                if isinstance(a, dict) and isinstance(a.get("text_sha256"), str):
                    found[a["sha256"]] = a["text_sha256"]
        except (BadInput, ValueError, TypeError, KeyError, AttributeError):
            continue  # not reusable: extracted again
    return found


class PdfTexts:
    """Extracts each PDF of a publication once (bounded worker), writes its text object."""

    def __init__(self, objects_root: Path, result: Any, previous: dict[str, str]) -> None:
        self.objects_root = objects_root
        self.result = result
        self.previous = previous
        self._done: dict[str, ShippedText | None] = {}
        self._extractor: PdfExtractor | None = None
        self._warned = False
        self.extracted_by = extractor_id()

    def _reuse(self, sha: str) -> ShippedText | None:
        text_sha = self.previous.get(sha)
        if text_sha is None:
            return None
        path = self.objects_root / text_sha[:2] / text_sha
        try:
            raw = read_small_file(path, DEFAULT_LIMITS.text_bytes, "objet")
            if hashlib.sha256(raw).hexdigest() != text_sha:
                return None
            pages = parse_page_text(raw, sha256=text_sha)
            if json.loads(raw).get("extracted_by") != self.extracted_by:
                return None  # another extractor or cleaning: extracted again
        except (BadInput, ValueError, AttributeError):
            return None
        return ShippedText(text_sha, len(raw), first_paragraph(pages))

    def text_of(self, path: Path, sha: str, name: str) -> ShippedText | None:
        """The text object of the PDF at `path` (SHA-256 `sha`), or None (reported)."""
        if sha in self._done:
            return self._done[sha]
        shipped = self._reuse(sha)
        if shipped is None:
            shipped = self._extract(path, name)
        if shipped is not None:
            self.result.pdf_texts += 1
        self._done[sha] = shipped
        return shipped

    def _extract(self, path: Path, name: str) -> ShippedText | None:
        if not PdfExtractor.available():
            if not self._warned:
                self._warned = True
                self.result.warnings.append(
                    "pypdf n'est pas installé : les PDF sont publiés sans leur texte "
                    "(pip install 'rtes-desktop[publish]')"
                )
            return None
        if self._extractor is None:
            self._extractor = PdfExtractor()
        got = self._extractor.extract(path)
        label = f"PDF « {name} » ({path})"
        if got.pages is None:
            self.result.pdf_problems.append(f"{label} : {got.problem}")
            return None
        if got.problem:  # shipped, but not whole
            self.result.pdf_problems.append(f"{label} : {got.problem}")
        data = text_document(got.pages, self.extracted_by)
        text_sha = hashlib.sha256(data).hexdigest()
        dest = self.objects_root / text_sha[:2] / text_sha
        if dest.is_file():
            self.result.objects_reused += 1
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(text_sha + ".tmp")
            tmp.write_bytes(data)
            replace_with_retry(tmp, dest)  # (an antivirus may hold the file a moment)
            self.result.objects_written += 1
        return ShippedText(text_sha, len(data), first_paragraph(got.pages))

    def close(self) -> None:
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None
