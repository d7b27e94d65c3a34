"""`catalogue.csv`: publish a folder of PDFs without writing Markdown (CLI spec v2, issue 14).

One row per PDF: `file` (its path relative to SRC_DIR), `id`, `kind`, `title`,
`themes` (separated by `|`), `published_at`, and optionally `summary`, `source_url`,
`audience`. UTF-8 (a BOM is tolerated), `,` or `;` separated (guessed from the
header row, as spreadsheets write either), one header row.

Every row is checked before anything is written: any bad row refuses the whole
publication, with one line per problem naming the line of the file (as a
spreadsheet numbers it, the header being line 1).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import open_regular, read_small_file
from rtes_desktop.core.frontmatter import ID_RE, SourceFile
from rtes_desktop.core.sync.media_types import attachment_name_problem

CATALOGUE = "catalogue.csv"
REQUIRED = ("file", "id", "kind", "title", "themes", "published_at")
OPTIONAL = ("summary", "source_url", "audience")
MAX_CATALOGUE_BYTES = 16 * 1024 * 1024
#: more refused lines than this are summed up, not listed
MAX_LISTED = 50


def _delimiter(header: str) -> str:
    # The header holds only plain column names: whichever of the two separators
    # it uses is the file's (a French spreadsheet writes `;`, others `,`).
    return ";" if header.count(";") > header.count(",") else ","


def _is_pdf(path: Path) -> bool:
    with open_regular(path, "PDF") as fh:
        return b"%PDF-" in fh.read(1024)


def read_catalogue(
    root: Path,
    *,
    kinds: set[str],
    themes: set[str],
    taken_ids: dict[str, Path],
) -> list[SourceFile]:
    """The entries `root/catalogue.csv` describes (none when there is no such file).

    `taken_ids` maps the ids the Markdown files already use to their file. Raises one
    BadInput listing every bad line when any line is bad."""
    path = root / CATALOGUE
    if not path.exists():
        return []
    raw = read_small_file(path, MAX_CATALOGUE_BYTES, CATALOGUE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadInput(
            f"le fichier n'est pas en UTF-8 (ligne {line}) : enregistrez-le en « CSV UTF-8 »",
            path=str(path),
        ) from None
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise BadInput("fichier vide (une ligne d'en-tête est attendue)", path=str(path)) from None
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        why = []
        if missing:
            why.append("colonnes manquantes : " + ", ".join(missing))
        if unknown:
            why.append("colonnes inconnues : " + ", ".join(c or "(vide)" for c in unknown))
        if len(set(header)) != len(header):
            why.append("une colonne figure deux fois")
        raise BadInput(f"ligne 1 (en-tête) : {' ; '.join(why)}", path=str(path))
    problems: list[str] = []
    files: list[SourceFile] = []
    seen: dict[str, int] = {}
    root_resolved = root.resolve()
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"ligne {reader.line_num} : CSV illisible ({exc})")
            break
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave at the end
        if len(row) != len(header):
            problems.append(
                f"ligne {start} : {len(row)} colonnes au lieu de {len(header)} "
                "(séparateur ou guillemets ?)"
            )
            continue
        cells = {h: c.strip() for h, c in zip(header, row, strict=True)}
        errors, meta = _check_row(cells, root, root_resolved, kinds, themes)
        entry_id = cells["id"]
        if entry_id in taken_ids:
            errors.append(f"identifiant « {entry_id} » déjà utilisé par {taken_ids[entry_id]}")
        elif entry_id in seen:
            errors.append(f"identifiant « {entry_id} » déjà utilisé ligne {seen[entry_id]}")
        seen.setdefault(entry_id, start)
        if errors:
            problems.extend(f"ligne {start} : {e}" for e in errors)
            continue
        meta["catalogue_line"] = start
        files.append(SourceFile(path=path, meta=meta, body=""))
    if problems:
        shown = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            shown.append(f"… et {len(problems) - MAX_LISTED} autres problèmes")
        raise BadInput(
            f"{len(problems)} problème(s), rien n'est publié :\n  " + "\n  ".join(shown),
            path=str(path),
        )
    return files


def _check_row(
    cells: dict[str, str],
    root: Path,
    root_resolved: Path,
    kinds: set[str],
    themes: set[str],
) -> tuple[list[str], dict[str, Any]]:
    errors: list[str] = []
    for key in REQUIRED:
        if key != "themes" and not cells[key]:
            errors.append(f"« {key} » est vide")
    entry_id = cells["id"]
    if entry_id and not ID_RE.match(entry_id):
        errors.append(
            f"identifiant « {entry_id[:60]} » invalide (minuscules, chiffres, . _ - seulement)"
        )
    if cells["kind"] and kinds and cells["kind"] not in kinds:
        errors.append(f"type « {cells['kind']} » absent de source.yaml")
    theme_ids = [t.strip() for t in cells["themes"].split("|") if t.strip()]
    unknown = [t for t in theme_ids if t not in themes]
    if unknown:
        errors.append(f"thèmes absents de source.yaml : {', '.join(unknown)}")
    published = cells["published_at"]
    if published and not _valid_date(published):
        errors.append(f"published_at doit être une date AAAA-MM-JJ (« {published[:30]} »)")
    url = cells.get("source_url") or ""
    if url and not re.match(r"https?://\S+$", url):
        errors.append("source_url doit être une adresse https://")
    audience = cells.get("audience") or ""
    if audience and audience not in ("public", "members"):
        errors.append("audience doit valoir « public » ou « members »")
    pdf = _check_file(cells["file"], root, root_resolved, errors) if cells["file"] else None
    meta: dict[str, Any] = {
        "id": entry_id,
        "kind": cells["kind"],
        "title": cells["title"],
        "themes": theme_ids,
        "published_at": published,
        "updated_at": f"{published}T00:00:00Z",
    }
    for key in OPTIONAL:
        if cells.get(key):
            meta[key] = cells[key]
    if pdf is not None:
        meta["attachments"] = [
            {"file": str(pdf), "name": pdf.name, "media_type": "application/pdf"}
        ]
    return errors, meta


def _valid_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_file(rel: str, root: Path, root_resolved: Path, errors: list[str]) -> Path | None:
    rel = rel.replace("\\", "/")  # « pdf\guide.pdf » as Windows' Explorer copies it
    candidate = root / rel
    try:
        inside = candidate.resolve().is_relative_to(root_resolved)
    except (OSError, RuntimeError):
        inside = False
    if not inside or Path(rel).is_absolute():
        errors.append(f"« {rel} » sort du dossier publié (chemin relatif à SRC_DIR attendu)")
        return None
    if not candidate.is_file():
        # A folder, a FIFO or a device is there but is no file to publish: say which.
        errors.append(
            f"pas un fichier ordinaire : {rel}"
            if candidate.exists()
            else f"fichier introuvable : {rel}"
        )
        return None
    problem = attachment_name_problem(candidate.name)
    if problem:
        errors.append(f"nom de fichier « {candidate.name} » refusé : {problem}")
        return None
    try:
        if not _is_pdf(candidate):
            errors.append(f"« {rel} » n'est pas un PDF")
            return None
    except BadInput as exc:
        errors.append(exc.message)
        return None
    return candidate
