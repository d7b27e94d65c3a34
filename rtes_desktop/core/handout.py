"""A training session as a handout: one data gathering, three renderers.

`handout_document()` gathers what the handout says (`Handout`): a title page (the
session's name and description, the date, the trainer and organisation when given),
each item as a section in order (an entry's full text or its summary, per item; the
trainer's comment only when asked, since comments are private by default; free notes
when wanted; the entry's attachments with their names and links), and a closing
« Sources » list. `render_markdown_handout()` and `render_html_handout()` write it
out here; the PDF is laid out by Qt outside the core (`rtes_desktop/printing/pdf.py`),
from `render_html_handout(doc, for_print=True)`.

Every piece of publisher or user text goes through the project's Markdown renderer
and sanitizer (`core/render.py`); the markup added here is the renderer's own,
escaped. French typography (non-breaking spaces) is applied to the text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.formatting import date_fr, size_fr
from rtes_desktop.core.render import render_markdown
from rtes_desktop.core.session_view import session_rows
from rtes_desktop.core.typography import (
    french_spacing,
    french_spacing_html,
    french_spacing_markdown,
)

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.models import Entry

FORMATS = ("pdf", "html", "markdown")
FULL, SUMMARY = "full", "summary"
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif")
MAX_IMAGE_BYTES = 8 * 1024 * 1024


@dataclass
class HandoutOptions:
    """The trainer's choices (the export dialog remembers them)."""

    full_text: bool = True  # default for every entry: full text, or summary only
    item_modes: dict[int, str] = field(default_factory=dict)  # item id -> FULL or SUMMARY
    with_comments: bool = False  # the trainer's comments are private unless asked
    with_notes: bool = True  # the session's free notes
    with_attachments: bool = True  # list each entry's attachments
    trainer: str = ""
    organisation: str = ""

    def mode(self, item_id: int) -> str:
        return self.item_modes.get(item_id, FULL if self.full_text else SUMMARY)


@dataclass
class HandoutAttachment:
    name: str
    size: str  # « 1,2 Mo »
    link: str = ""  # http(s) URL where it can be fetched, or ""
    image: str = ""  # local path of an image to show (PDF, HTML), or ""


@dataclass
class HandoutItem:
    """One section of the handout."""

    number: int
    kind: str  # "entry", "missing" (an entry absent from this library) or "note"
    anchor: str  # « item-3 »: the TOC's link target
    title: str
    meta: str = ""  # « Fiche · 10 juin 2024 · RTES »
    comment: str = ""
    summary: str = ""
    body: str = ""  # Markdown (headings demoted under the section's), "" for summary only
    url: str = ""
    source_name: str = ""
    updated_on: str = ""  # « 12 mars 2025 »: the fiche's last update (the PDF's footer)
    attachments: list[HandoutAttachment] = field(default_factory=list)


@dataclass
class Handout:
    """Everything the three renderers write out."""

    name: str
    description: str
    date: str  # « 2 décembre 2026 »
    trainer: str
    organisation: str
    items: list[HandoutItem] = field(default_factory=list)
    title_page: bool = True  # and a table of contents; False for one fiche printed alone

    @property
    def sources(self) -> list[HandoutItem]:
        """The entries cited, in order (the closing « Sources » list)."""
        return [i for i in self.items if i.kind in ("entry", "missing")]


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(\s|$)")


def demote_headings(markdown_text: str, levels: int = 2) -> str:
    """Push ATX headings down `levels` levels (at most h6), outside code fences, so a
    fiche's or a note's « # Plan » does not outrank the handout's own sections."""
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


def _web(url: str | None) -> str:
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def handout_document(
    library: Library,
    session_id: int,
    options: HandoutOptions | None = None,
    *,
    today: datetime | None = None,
) -> Handout:
    """Gather the handout of a session (NotFound when it does not exist)."""
    options = options or HandoutOptions()
    session = library.session(session_id)
    context = _Context(library)
    doc = Handout(
        session.name,
        session.description.strip(),
        _today(today),
        options.trainer.strip(),
        options.organisation.strip(),
    )
    for row in session_rows(library, session_id):
        if row.type == "note" and not options.with_notes:
            continue
        number = len(doc.items) + 1
        item = HandoutItem(number, row.type, f"item-{number}", row.title)
        if options.with_comments:
            item.comment = row.comment
        if row.type == "note":
            note = row.note
            assert note is not None
            body = note.body.strip()
            if not note.title.strip() and body:  # its first line is the section's title
                body = "\n".join(body.splitlines()[1:]).strip()
            item.meta = "Note du formateur"
            item.body = demote_headings(body)
        elif row.entry is None:
            snap = row.snapshot or {}
            item.kind = "missing"
            item.source_name = str(snap.get("source_name") or row.source_id or "")
            item.meta = row.placeholder
            item.summary = str(snap.get("summary") or "")
            item.url = _web(snap.get("url"))
        else:
            context.fill(item, row.entry, full=options.mode(row.item.id) == FULL,
                         attachments=options.with_attachments)  # fmt: skip
        doc.items.append(item)
    return doc


def entry_handout(library: Library, ref: str, *, today: datetime | None = None) -> Handout:
    """One fiche as a document to print (Ctrl+P on the open fiche): its full text,
    attachments and source, without title page nor contents."""
    entry = library.get_entry(ref)
    item = HandoutItem(1, "entry", "item-1", entry.title)
    _Context(library).fill(item, entry, full=True, attachments=True)
    return Handout(entry.title, "", _today(today), "", "", [item], title_page=False)


def _today(today: datetime | None) -> str:
    return date_fr((today or datetime.now(UTC)).strftime("%Y-%m-%d"))


class _Context:
    """What filling entry items needs, read once per document."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.kinds = {(k.source_id, k.id): k.label for k in library.kinds()}
        self.sources = {s.id: s for s in library.sources()}

    def fill(self, item: HandoutItem, entry: Entry, *, full: bool, attachments: bool) -> None:
        from rtes_desktop.core.sync.attachments import attachment_path
        from rtes_desktop.core.sync.export_format import object_path

        source = self.sources.get(entry.source_id)
        item.source_name = source.name if source else entry.source_id
        facts = [self.kinds.get((entry.source_id, entry.kind), entry.kind)]
        if date_fr(entry.published_at):
            facts.append(date_fr(entry.published_at))
        facts.append(item.source_name)
        if entry.withdrawn_at:
            facts.append(f"retirée par l’éditeur le {date_fr(entry.withdrawn_at)}")
        item.meta = " · ".join(facts)
        item.summary = (entry.summary or "").strip()
        if full:
            item.body = demote_headings(entry.body.strip())
        item.url = _web(entry.source_url)
        item.updated_on = date_fr(entry.updated_at or entry.published_at)
        if not attachments:
            return
        root = _web(source.url if source else "")
        for att in entry.attachments:
            local = attachment_path(self.library, att.sha256)
            image = ""
            if att.media_type in _IMAGE_TYPES and local and att.size <= MAX_IMAGE_BYTES:
                image = str(local)
            link = root.rstrip("/") + "/" + object_path(att.sha256) if root else ""
            item.attachments.append(
                HandoutAttachment(att.name, size_fr(att.size), link or item.url, image)
            )


# -- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]>#|{}])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _md(text: str) -> str:
    """Plain text made safe inside Markdown, with French spacing."""
    out = _ENTITY.sub("&amp;", " ".join(text.split())).replace("<", "&lt;")
    out = _MD_SPECIAL.sub(r"\\\1", french_spacing(out))
    # « ]: » opens a link definition in Python-Markdown even after an escaped « ] »
    # (found by Hypothesis with a session named « ]: »): the colon as an entity.
    out = out.replace("\\]:", "\\]&#58;")
    if re.match(r"[-+]\s", out):
        out = "\\" + out
    elif re.fullmatch(r"[=-]+", out):
        # A line of « = » or « - » under another is a setext heading: an entity keeps it
        # text (found by Hypothesis with a comment « 0 » then « = »).
        out = f"&#{ord(out[0])};{out[1:]}"
    return re.sub(r"^(\d+)([.)]\s)", r"\1\\\2", out)


def _md_url(url: str) -> str:
    """A URL as a Markdown link target or autolink: spaces, brackets, quotes and
    control characters percent-encoded, so a publisher's URL cannot close the link
    and start markup of its own (existing %-escapes are kept)."""
    return quote(url, safe="!#$%&'*+,-./:;=?@~_[]")


def _md_link(text: str, url: str) -> str:
    return f"[{_md(text)}]({_md_url(url)})"


def render_markdown_handout(doc: Handout) -> str:
    """The handout as Markdown (UTF-8 text, ends with a newline)."""
    out = [f"# {_md(doc.name)}", ""]
    if doc.description:
        out += [_md(doc.description), ""]
    by = " · ".join(x for x in (doc.trainer, doc.organisation) if x)
    out += [f"*{_md(doc.date)}{' · ' + _md(by) if by else ''}*", ""]
    out += ["## Sommaire", ""]
    out += [f"{i.number}. [{_md(i.title)}](#{i.anchor})" for i in doc.items] + [""]
    for item in doc.items:
        out += ["---", "", f'<a id="{item.anchor}"></a>', ""]
        out += [f"## {item.number}. {_md(item.title)}", ""]
        if item.meta:
            out += [f"*{_md(item.meta)}*", ""]
        if item.comment:
            lines = [_md(line) for line in item.comment.splitlines() if line.strip()]
            joined = "  \n> ".join(lines)
            out += [f"> **Commentaire du formateur :** {joined}", ""]
        if item.summary and (not item.body or item.kind != "entry"):
            out += [_md(item.summary), ""]
        elif item.summary:
            out += [f"*{_md(item.summary)}*", ""]
        if item.body:
            out += [french_spacing_markdown(item.body), ""]
        if item.attachments:
            out += ["**Pièces jointes :**", ""]
            for att in item.attachments:
                name = _md_link(att.name, att.link) if att.link else _md(att.name)
                out.append(f"- {name} ({att.size})")
            out.append("")
    if doc.sources:
        out += ["---", "", "## Sources", ""]
        for item in doc.sources:
            line = f"{item.number}. {_md(item.title)}"
            if item.source_name:
                line += f" — {_md(item.source_name)}"
            if item.updated_on:
                line += f", mise à jour le {item.updated_on}"
            if item.url:
                line += f" : <{_md_url(item.url)}>"
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML (the web page, and the PDF's source) --------------------------------------

_CSS = """
body { font-family: "DejaVu Serif", Georgia, serif; line-height: 1.45; color: #1d1d1f;
       max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; }
h2 { font-size: 1.35em; margin-top: 1.6em; border-top: 1px solid #ccc; padding-top: 0.6em;
     page-break-after: avoid; break-after: avoid; }
h3, h4, h5, h6 { page-break-after: avoid; break-after: avoid; }
.meta { color: #555; font-size: 0.92em; }
.comment { background: #eef6f4; border-left: 4px solid #1f7a6d; padding: 0.4em 0.8em; }
.summary { font-style: italic; }
.missing { color: #8a4b00; }
.titlepage { text-align: center; margin: 4em 0 3em; }
table { border-collapse: collapse; max-width: 100%; }
td, th { border: 1px solid #bbb; padding: 0.2em 0.4em; vertical-align: top; }
img { max-width: 100%; height: auto; }
.toc td { border: none; }
@media print { body { margin: 0; max-width: none; } .item { break-before: page; } }
"""


def _body_html(markdown_text: str) -> str:
    # The project's renderer: no raw HTML, no images, only safe link schemes.
    return french_spacing_html(render_markdown(markdown_text))


def _esc(text: str) -> str:
    return html.escape(french_spacing(text))


def _image_src(path: str, for_print: bool) -> str:
    if for_print:
        return Path(path).as_uri()
    import base64
    import mimetypes

    data = Path(path).read_bytes()
    kind = _sniff_image(data) or mimetypes.guess_type(path)[0] or "image/png"
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def _sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return None


def render_html_handout(
    doc: Handout,
    *,
    for_print: bool = False,
    pages: dict[str, int] | None = None,
    css: str | None = None,
) -> str:
    """The handout as one self-contained HTML page (inline style, images embedded,
    nothing fetched). `for_print`: the variant Qt lays out for the PDF (page breaks,
    local image files, a table of contents with the page numbers in `pages`, anchor
    -> page, and the printer's style sheet `css`)."""
    esc = _esc
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc.name)}</title>",
        f"<style>{css if css is not None else _CSS}</style>",
        "</head>",
        "<body>",
    ]
    if doc.title_page:
        # Title page.
        out.append('<div class="titlepage" align="center">')
        if for_print:  # the title a third of the way down the page (one tall empty line)
            out.append('<p class="spacer">&nbsp;</p>')
        out.append(f'<h1 class="title" align="center">{esc(doc.name)}</h1>')
        if doc.description:
            out.append(f'<p align="center">{esc(doc.description)}</p>')
        out.append(f'<p align="center" class="meta">{esc(doc.date)}</p>')
        for line in (doc.trainer, doc.organisation):
            if line:
                out.append(f'<p align="center"><b>{esc(line)}</b></p>')
        out.append("</div>")
        # Table of contents.
        brk = ' style="page-break-before: always"' if for_print else ""
        out.append(f"<h2{brk}>Sommaire</h2>")
        out.append('<table class="toc" width="100%" cellspacing="0" cellpadding="2">')
        for item in doc.items:
            page = ""
            if for_print:
                page = str((pages or {}).get(item.anchor, "00"))
            out.append(
                f'<tr><td><a href="#{item.anchor}">{item.number}. {esc(item.title)}</a></td>'
                f'<td align="right" width="40">{page}</td></tr>'
            )
        out.append("</table>")
    # The items.
    for n, item in enumerate(doc.items):
        first = for_print and n == 0 and doc.title_page
        style = ' style="page-break-before: always"' if first else ""
        number = f"{item.number}. " if doc.title_page else ""
        out.append(f'<div class="item" id="{item.anchor}">')
        out.append(f'<h2{style}><a name="{item.anchor}"></a>{number}{esc(item.title)}</h2>')
        if item.meta:
            cls = "meta missing" if item.kind == "missing" else "meta"
            out.append(f'<p class="{cls}">{esc(item.meta)}</p>')
        if item.comment:
            lines = "<br>".join(esc(x) for x in item.comment.splitlines() if x.strip())
            out.append(
                '<table width="100%" cellpadding="6" bgcolor="#eef6f4"><tr><td class="comment">'
                f"<b>Commentaire du formateur :</b> {lines}</td></tr></table>"
                if for_print
                else f'<p class="comment"><strong>Commentaire du formateur :</strong> {lines}</p>'
            )
        if item.summary:
            out.append(f'<p class="summary">{esc(item.summary)}</p>')
        if item.body:
            body = _body_html(item.body)
            if for_print:  # Qt's layout: tables as wide as the page, with their rules
                body = body.replace(
                    "<table>", '<table width="100%" border="1" cellspacing="0" cellpadding="3">'
                )
            out.append(body)
        images = [a for a in item.attachments if a.image]
        for att in images:
            out.append(
                f'<p><img src="{html.escape(_image_src(att.image, for_print), quote=True)}" '
                f'alt="{html.escape(att.name, quote=True)}"></p>'
            )
        if item.attachments:
            out.append("<p><b>Pièces jointes :</b></p><ul>")
            for att in item.attachments:
                name = html.escape(att.name)
                if att.link:
                    name = f'<a href="{html.escape(att.link, quote=True)}">{name}</a>'
                out.append(f"<li>{name} ({esc(att.size)})</li>")
            out.append("</ul>")
        if item.url:
            link = html.escape(item.url, quote=True)
            out.append(f'<p class="meta">Source : <a href="{link}">{html.escape(item.url)}</a></p>')
        out.append("</div>")
    if doc.sources and doc.title_page:
        brk = ' style="page-break-before: always"' if for_print else ""
        out.append(f'<h2{brk}><a name="sources"></a>Sources</h2><ol>')
        for item in doc.sources:
            line = esc(item.title)
            if item.source_name:
                line += f" — {esc(item.source_name)}"
            if item.updated_on:
                line += f", mise à jour le {esc(item.updated_on)}"
            if item.url:
                link = html.escape(item.url, quote=True)
                line += f' : <a href="{link}">{html.escape(item.url)}</a>'
            out.append(f"<li>{line}</li>")
        out.append("</ol>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# -- choosing a format -----------------------------------------------------------------


def format_for(path: Path | str, fmt: str | None = None) -> str:
    """The format asked (`fmt`), or the one of the file's extension: .pdf, .html/.htm,
    anything else Markdown."""
    if fmt:
        fmt = fmt.lower()
        if fmt == "md":
            fmt = "markdown"
        if fmt not in FORMATS:
            raise BadInput(f"format d'export inconnu : {fmt} (pdf, html ou markdown)")
        return fmt
    suffix = Path(path).suffix.lower()
    return {".pdf": "pdf", ".html": "html", ".htm": "html"}.get(suffix, "markdown")


def export_text_handout(doc: Handout, path: Path | str, fmt: str) -> Path:
    """Write the Markdown or HTML handout to `path` atomically: a failure leaves any
    previous file as it was (RtesError naming the file)."""
    from rtes_desktop.core.session_kit import write_atomic

    path = Path(path)
    if fmt not in ("html", "markdown"):  # a PDF is laid out by Qt (printing/pdf.py)
        raise BadInput(f"format d'export inconnu : {fmt} (html ou markdown)", path=str(path))
    text = render_html_handout(doc) if fmt == "html" else render_markdown_handout(doc)
    write_atomic(path, text.encode("utf-8"))
    return path


def handout_stats(doc: Handout) -> dict[str, Any]:
    """Counts for a report line."""
    return {
        "items": len(doc.items),
        "entries": sum(1 for i in doc.items if i.kind == "entry"),
        "missing": sum(1 for i in doc.items if i.kind == "missing"),
        "notes": sum(1 for i in doc.items if i.kind == "note"),
    }
