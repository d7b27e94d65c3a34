"""A training session as one document to hand out, print or mail.

Trainers assemble a session from the publisher's entries and their own notes, in
order; « Exporter la session… » turns it into a single Markdown or HTML file:

- the session's name and description;
- for each entry, in order: its title, kind, date and publisher, the trainer's
  comment on it, its summary and the link to the publisher's page;
- for each note: its title (or first line) and its whole text.

The document is built in two steps so both formats say exactly the same thing:
`session_document()` gathers plain data (`SessionDocument`), then
`render_session_markdown()` or `render_session_html()` write it out.
`export_session()` does both and writes the file atomically.

Items whose target no longer exists (a note deleted since) are left out. The
entries' bodies are not copied: the document is a programme, the link leads to
the text.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.formatting import date_fr
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.library import Library
from rtes_desktop.core.render import render_markdown

FORMATS = ("markdown", "html")


@dataclass
class SessionPart:
    """One item of the session, ready to be written out."""

    number: int
    kind: str  # "entry" or "note"
    title: str
    meta: str = ""  # « Fiche · 10 juin 2024 · RTES » or « Note sur « … » »
    comment: str = ""  # the trainer's comment on the item
    summary: str = ""  # entries: the publisher's summary (plain text)
    url: str = ""  # entries: the publisher's page (http or https only)
    body: str = ""  # notes: Markdown text, headings demoted below the part's own
    key: str = ""  # entries: SOURCE:ID


@dataclass
class SessionDocument:
    """A whole session: what both renderings are made from."""

    name: str
    description: str
    exported_on: str  # « 29 novembre 2026 »
    parts: list[SessionPart] = field(default_factory=list)


def first_line(text: str, limit: int = 100) -> str:
    """The first non-blank line of a note, without Markdown heading marks."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(\s|$)")


def demote_headings(markdown_text: str, levels: int = 2) -> str:
    """Push a note's ATX headings down `levels` levels (at most h6), outside code
    fences, so a note's « # Plan » does not outrank the session's own title."""
    out = []
    fenced = False
    for line in markdown_text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            m = _HEADING.match(line)
            if m:
                hashes = "#" * min(6, len(m.group(2)) + levels)
                line = f"{m.group(1)}{hashes}{line[m.end(2) :]}"
        out.append(line)
    return "\n".join(out)


def session_document(
    library: Library, session_id: int, *, today: datetime | None = None
) -> SessionDocument:
    """Gather what the export of session `session_id` says, in order.

    NotFound when the session does not exist."""
    session = library.session(session_id)
    items = library.session_items(session_id)
    kinds = {(k.source_id, k.id): k.label for k in library.kinds()}
    sources = {s.id: s.name for s in library.sources()}
    keys = {(i.source_id, i.entry_id) for i in items if i.source_id and i.entry_id}
    entries = {(e.source_id, e.id): e for e in library.entries(keys=keys)} if keys else {}
    stamp = (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    doc = SessionDocument(session.name, session.description.strip(), date_fr(stamp))
    for item in items:
        number = len(doc.parts) + 1
        comment = (item.comment or "").strip()
        if item.source_id and item.entry_id:
            entry = entries.get((item.source_id, item.entry_id))
            if entry is None:
                continue  # removed with its source: nothing to show
            facts = [kinds.get((entry.source_id, entry.kind), entry.kind)]
            if date_fr(entry.published_at):
                facts.append(date_fr(entry.published_at))
            facts.append(sources.get(entry.source_id, entry.source_id))
            if entry.withdrawn_at:
                facts.append(f"retirée par l’éditeur le {date_fr(entry.withdrawn_at)}")
            url = entry.source_url or ""
            if not url.lower().startswith(("https://", "http://")):
                url = ""
            doc.parts.append(
                SessionPart(
                    number,
                    "entry",
                    entry.title,
                    meta=" · ".join(facts),
                    comment=comment,
                    summary=(entry.summary or "").strip(),
                    url=url,
                    key=entry.key,
                )
            )
        elif item.note_id is not None:
            try:
                note = library.note(item.note_id)
            except RtesError:
                continue
            title = note.title.strip() or first_line(note.body) or "Note"
            body = note.body.strip()
            if not note.title.strip() and body:
                # The first line already is the heading: do not say it twice.
                lines = body.splitlines()
                body = "\n".join(lines[1:]).strip()
            meta = "Note personnelle"
            if note.entry_key:
                entry = entries.get((note.source_id or "", note.entry_id or ""))
                if entry is None:
                    try:
                        entry = library.get_entry(note.entry_key)
                    except RtesError:
                        entry = None
                if entry is not None:
                    meta = f"Note sur « {entry.title} »"
            doc.parts.append(
                SessionPart(
                    number,
                    "note",
                    title,
                    meta=meta,
                    comment=comment,
                    body=demote_headings(body),
                )
            )
    return doc


_MD_SPECIAL = re.compile(r"([\\`*_\[\]>#|{}])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _md(text: str) -> str:
    """Plain text made safe inside Markdown (no accidental emphasis, links or lists).
    « < » and entity-like « & » become entities: not every reader honours « \\< »."""
    out = _ENTITY.sub("&amp;", " ".join(text.split())).replace("<", "&lt;")
    out = _MD_SPECIAL.sub(r"\\\1", out)
    if re.match(r"[-+]\s", out):
        out = "\\" + out
    return re.sub(r"^(\d+)([.)]\s)", r"\1\\\2", out)


def _md_lines(text: str) -> str:
    """Several lines of plain text (a comment) kept as lines: hard breaks."""
    lines = [_md(line) for line in text.splitlines() if line.strip()]
    return "  \n".join(lines)


def _md_link(url: str) -> str:
    shown = _MD_SPECIAL.sub(r"\\\1", url)
    target = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{shown}]({target})"


def _count_fr(n: int) -> str:
    return "1 élément" if n == 1 else f"{n} éléments"


def render_session_markdown(doc: SessionDocument) -> str:
    """The session as a Markdown document (UTF-8 text, ends with a newline)."""
    out = [f"# {_md(doc.name)}", ""]
    if doc.description:
        out += [_md(doc.description), ""]
    out += [
        f"*{_md(_count_fr(len(doc.parts)))} · exportée le {doc.exported_on} "
        "depuis la Bibliothèque RTES*",
        "",
    ]
    for part in doc.parts:
        label = part.title if part.kind == "entry" else f"Note : {part.title}"
        out += ["---", "", f"## {part.number}. {_md(label)}", ""]
        if part.meta:
            out += [f"*{_md(part.meta)}*", ""]
        if part.comment:
            out += [f"**Commentaire :** {_md_lines(part.comment)}", ""]
        if part.summary:
            out += [_md(part.summary), ""]
        if part.body:
            out += [part.body, ""]
        if part.url:
            out += [f"Source : {_md_link(part.url)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_CSS = """
body { font-family: system-ui, "Segoe UI", "DejaVu Sans", sans-serif; line-height: 1.5;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1d1d1f; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-top: 1px solid #ddd; padding-top: 1em; }
.meta { color: #666; font-size: 0.92em; }
.comment { background: #eef6f4; border-left: 4px solid #1f7a6d; padding: 0.4em 0.8em; }
.summary { font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def render_session_html(doc: SessionDocument) -> str:
    """The session as a standalone HTML page (inline style, nothing remote)."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.name)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(doc.name)}</h1>",
    ]
    if doc.description:
        out.append(f"<p>{esc(doc.description)}</p>")
    out.append(
        f'<p class="meta">{esc(_count_fr(len(doc.parts)))} · exportée le '
        f"{esc(doc.exported_on)} depuis la Bibliothèque RTES</p>"
    )
    for part in doc.parts:
        label = part.title if part.kind == "entry" else f"Note : {part.title}"
        out.append(f"<h2>{part.number}. {esc(label)}</h2>")
        if part.meta:
            out.append(f'<p class="meta">{esc(part.meta)}</p>')
        if part.comment:
            lines = "<br>".join(esc(line) for line in part.comment.splitlines() if line.strip())
            out.append(f'<p class="comment"><strong>Commentaire :</strong> {lines}</p>')
        if part.summary:
            out.append(f'<p class="summary">{esc(part.summary)}</p>')
        if part.body:
            out.append(render_markdown(part.body))  # sanitised: no raw HTML, no images
        if part.url:
            out.append(f'<p>Source : <a href="{esc(part.url, quote=True)}">{esc(part.url)}</a></p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def format_for(path: Path | str) -> str:
    """ "html" for a .html/.htm file name, "markdown" otherwise."""
    return "html" if Path(path).suffix.lower() in (".html", ".htm") else "markdown"


def export_session(
    library: Library, session_id: int, path: Path | str, fmt: str | None = None
) -> Path:
    """Write session `session_id` as one document to `path` (format from
    `fmt`, or from the file name: .html/.htm is HTML, anything else Markdown).

    The file is replaced atomically: a failure leaves any previous file as it was.
    RtesError (one sentence naming the file) when it cannot be written."""
    path = Path(path)
    fmt = fmt or format_for(path)
    if fmt not in FORMATS:
        raise BadInput(f"format d'export inconnu : {fmt} (markdown ou html)", path=str(path))
    doc = session_document(library, session_id)
    text = render_session_html(doc) if fmt == "html" else render_session_markdown(doc)
    folder = path.parent
    if not folder.is_dir():
        raise RtesError("le dossier n'existe pas", path=str(path))
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".rtes-export-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # mkstemp makes the file private; a document to hand out is not.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp_name, mode)
        replace_with_retry(tmp_name, path)
    except RtesError:
        Path(tmp_name).unlink(missing_ok=True)  # the lock lasted: leave no temporary file
        raise
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise RtesError(
            f"impossible d'écrire le fichier ({exc.strerror or exc})", path=str(path)
        ) from exc
    return path
