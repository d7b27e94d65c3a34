"""The reader: one entry rendered from its Markdown, with its themes, « Voir aussi »,
attachments, source link, « À jour au … », a banner when the publisher withdrew it,
and a back/forward history. Nothing is ever loaded: `loadResource` answers every
request with an empty resource (images are shown as their text by the renderer);
http(s) and mailto links open in the system's applications (`gui/links.py`),
`entry:` links open the entry here. The body is formatted on a worker thread within
a time bound; past it the reader shows the text without formatting and says so."""

from __future__ import annotations

import html
import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPalette, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import is_demo_example
from rtes_desktop.core.models import Entry
from rtes_desktop.core.render import MAX_PLAIN_CHARS, RenderedBody, render_body
from rtes_desktop.core.text_safety import visible
from rtes_desktop.gui.common.i18n import format_bytes, format_date
from rtes_desktop.gui.common.jobs import RENDER, Jobs
from rtes_desktop.gui.common.links import open_external
from rtes_desktop.gui.common.vocabulary import Vocabulary
from rtes_desktop.gui.search.result_delegate import blend

log = logging.getLogger(__name__)

HISTORY_LIMIT = 100
# The worker stops formatting a body after RENDER_BUDGET_S (core/render.py's
# deadline); the GUI waits at most RENDER_WAIT_S for it, then shows plain text.
# An ordinary entry (3 KB) formats in ~5 ms; see bench/render_bench.py.
RENDER_BUDGET_S = 0.8
RENDER_WAIT_S = 1.0


class EntryBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: no remote images, no files."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt API
        # The sanitizer lets no image, stylesheet or style through; this is the second
        # lock. Never return None and never call the base class: on None, Qt opens the
        # URL itself (a UNC path leaks the Windows password hash over SMB, /dev/zero
        # aborts, a FIFO hangs). An empty resource is cached and nothing is opened.
        log.debug("resource refused: %s", url)
        if getattr(kind, "value", kind) == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return QByteArray()


class ReaderView(EntryBrowser):
    """Shows entries by key (SOURCE:ID) and remembers the way back and forward."""

    entry_shown = Signal(str)  # key ("" for the empty page)
    history_changed = Signal()
    theme_requested = Signal(str)
    attachment_requested = Signal(str, int)  # entry key, attachment index
    attachment_page_requested = Signal(str, int, int)  # entry key, attachment index, page
    message = Signal(str)  # one sentence for the status bar

    def __init__(self, library: Library, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.library = library
        self.jobs = jobs
        self.vocabulary = Vocabulary()
        self.current_key: str | None = None
        self.current_entry: Entry | None = None
        self._back: list[str] = []
        self._forward: list[str] = []
        # key -> the PDF pages the current search found it on (shown beside the fiche)
        self._pdf_pages: dict[str, list[Any]] = {}
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_link)
        self.setAccessibleName(self.tr("Lecteur"))
        self.setAccessibleDescription(
            self.tr(
                "Le texte de la ressource choisie. Alt+Gauche et Alt+Droite pour revenir "
                "en arrière ou aller en avant."
            )
        )
        self.document().setDocumentMargin(24)
        self.show_placeholder()

    # -- history ---------------------------------------------------------------------

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def open_entry(self, key: str) -> bool:
        """Show an entry and remember the one shown before (for ‹ Précédent)."""
        if key == self.current_key:
            return True
        previous = self.current_key
        if not self._show(key):
            return False
        if previous:
            self._back.append(previous)
            del self._back[:-HISTORY_LIMIT]
        self._forward.clear()
        self.history_changed.emit()
        return True

    def go_back(self) -> None:
        self._walk(self._back, self._forward)

    def go_forward(self) -> None:
        self._walk(self._forward, self._back)

    def _walk(self, source: list[str], dest: list[str]) -> None:
        while source:
            key = source.pop()
            current = self.current_key
            if self._show(key):
                if current:
                    dest.append(current)
                break
        self.history_changed.emit()

    def set_found_pages(self, pages: dict[str, list[Any]], *, replace: bool = True) -> None:
        """The PDF pages (AttachmentPage) where the current search found each entry:
        the reader shows them above the fiche's text. A new search replaces them."""
        if replace:
            self._pdf_pages = dict(pages)
        else:
            self._pdf_pages.update(pages)
        if self.current_key and (self.current_key in pages or replace):
            self.reload()

    def reload(self) -> None:
        """Render the current entry again (after a sync or a vocabulary change)."""
        if self.current_key and not self._show(self.current_key):
            self.show_placeholder()

    # -- rendering --------------------------------------------------------------------

    def show_placeholder(self) -> None:
        self.current_key = None
        self.current_entry = None
        muted = self._colors()["muted"]
        self.setHtml(
            f"<div style='color:{muted}'><p>&nbsp;</p><p align='center' style='font-size:large'>"
            + html.escape(self.tr("Choisissez une ressource dans la liste"))
            + "</p><p align='center'>"
            + html.escape(
                self.tr("Elle s'affichera ici, avec ses thèmes, ses pièces jointes et vos notes.")
            )
            + "</p></div>"
        )
        self.entry_shown.emit("")

    def _show(self, key: str) -> bool:
        try:
            entry = self.library.get_entry(key)
        except RtesError as exc:
            log.info("cannot open %s: %s", key, exc)
            self.message.emit(str(exc))
            return False
        self.current_key = entry.key
        self.current_entry = entry
        self.setHtml(self._page(entry))
        self.verticalScrollBar().setValue(0)
        self.entry_shown.emit(entry.key)
        return True

    def _colors(self) -> dict[str, str]:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        dark = base.lightness() < 128
        return {
            "text": text.name(),
            "muted": blend(text, base, 0.42).name(),
            "accent": accent.name(),
            "link": pal.color(QPalette.ColorRole.Link).name(),
            "chip_bg": blend(base, accent, 0.14).name(),
            "chip_fg": blend(accent, text, 0.35).name(),
            "rule": blend(base, text, 0.15).name(),
            "banner_bg": QColor("#5c1d18" if dark else "#fdecea").name(),
            "banner_fg": QColor("#ffdad6" if dark else "#8c1d18").name(),
            "quote_bg": blend(base, text, 0.05).name(),
        }

    def _page(self, entry: Entry) -> str:
        c = self._colors()
        voc = self.vocabulary
        esc = html.escape
        self.document().setDefaultStyleSheet(
            f"""
            body {{ color: {c["text"]}; }}
            h1 {{ font-size: x-large; font-weight: 600; margin-top: 4px; margin-bottom: 8px; }}
            h2 {{ font-size: large; font-weight: 600; margin-top: 18px; margin-bottom: 6px; }}
            h3 {{ font-size: medium; font-weight: 600; margin-top: 14px; }}
            p, li {{ line-height: 140%; }}
            a {{ color: {c["link"]}; }}
            table {{ border-collapse: collapse; }}
            th {{ background-color: {c["quote_bg"]}; text-align: left; }}
            blockquote {{ background-color: {c["quote_bg"]}; }}
            .meta {{ color: {c["muted"]}; }}
            .summary {{ font-size: medium; font-style: italic; }}
            .section {{ color: {c["muted"]}; font-size: small; font-weight: 600; }}
            """
        )
        kind = voc.kind(entry.kind, entry.source_id)
        meta = [kind, format_date(entry.published_at)]
        if entry.region:
            meta.append(entry.region)
        meta.append(voc.source(entry.source_id))
        parts = [f"<p class='meta'>{esc(' · '.join(meta))}</p>", f"<h1>{esc(entry.title)}</h1>"]
        if entry.withdrawn_at:
            if is_demo_example(entry):  # the truth: nobody withdrew it, the demo went
                withdrawn_title = self.tr("Exemple de la bibliothèque de démonstration")
                withdrawn_text = self.tr(
                    "— elle n’est plus dans la bibliothèque de démonstration. Elle reste "
                    "lisible ici parce que vous l’avez annotée ou taguée."
                )
            else:
                withdrawn_title = self.tr("Retirée par l’éditeur")
                withdrawn_text = self.tr(
                    "le {0}. Elle reste lisible ici parce que vous l’avez annotée ou "
                    "taguée ; elle n’est peut-être plus à jour."
                ).format(format_date(entry.withdrawn_at))
            parts.append(
                f"<table width='100%' cellpadding='10' bgcolor='{c['banner_bg']}'><tr>"
                f"<td style='color:{c['banner_fg']}'><b>{esc(withdrawn_title)}</b> "
                + esc(withdrawn_text)
                + "</td></tr></table>"
            )
        if entry.themes:
            chips = " ".join(
                f"<a href='theme:{esc(t)}' style='text-decoration:none'>"
                f"<span style='background-color:{c['chip_bg']}; color:{c['chip_fg']}'>"
                f"&nbsp;{esc(voc.theme(t, entry.source_id)).replace(' ', '&nbsp;')}&nbsp;</span></a>"
                for t in entry.themes
            )
            parts.append(f"<p>{chips}</p>")
        if entry.summary:
            parts.append(f"<p class='summary'>{esc(entry.summary)}</p>")
        parts.extend(self._found_pages(entry))
        parts.append(f"<hr style='color:{c['rule']}'/>")
        parts.append(self._body_html(entry.body))
        parts.extend(self._related(entry))
        parts.extend(self._attachments(entry))
        footer = [self.tr("À jour au {0}").format(format_date(entry.updated_at))]
        if entry.authors:
            footer.append(self.tr("Auteurs : {0}").format(", ".join(entry.authors)))
        foot_html = esc(" · ".join(footer))
        if entry.source_url and entry.source_url.lower().startswith(("https://", "http://")):
            foot_html += " · " + (
                f"<a href='{esc(entry.source_url, quote=True)}'>"
                + esc(self.tr("Voir sur le site de l’éditeur"))
                + "</a>"
            )
        parts.append(f"<hr style='color:{c['rule']}'/><p class='meta'>{foot_html}</p>")
        return "\n".join(parts)

    def _body_html(self, body: str) -> str:
        rendered = self._render_off_thread(body)
        if rendered.formatted:
            return rendered.html
        notice = self.tr(
            "Ce texte est affiché sans mise en forme : il est trop long ou trop complexe "
            "pour être mis en forme."
        )
        if rendered.truncated:
            notice += " " + self.tr("Seuls les {0} premiers caractères sont affichés.").format(
                f"{MAX_PLAIN_CHARS:,}".replace(",", "\u202f")
            )
        return f"<p class='meta'><i>{html.escape(notice)}</i></p>\n{rendered.html}"

    def _render_off_thread(self, body: str) -> RenderedBody:
        """Markdown is formatted on the worker, never here. The GUI waits for it, a
        bounded time: an ordinary body is ready in a few ms, and a page shown empty
        then filled would flash at every click. Past the wait the result is dropped
        (the worker stops itself at its own deadline)."""
        done = threading.Event()
        box: list[RenderedBody] = []

        def job(_progress: Any, _cancel: Any) -> None:
            try:
                box.append(render_body(body, deadline=time.monotonic() + RENDER_BUDGET_S))
            finally:
                done.set()

        self.jobs.run(job, lane=RENDER, label="render entry")
        if done.wait(RENDER_WAIT_S) and box:
            return box[0]
        log.info("entry body not formatted within %.1f s: shown as plain text", RENDER_WAIT_S)
        return RenderedBody.plain(body)

    def _related(self, entry: Entry) -> list[str]:
        if not entry.related:
            return []
        items = []
        for rid in entry.related:
            key = f"{entry.source_id}:{rid}"
            try:
                other = self.library.get_entry(key)
            except RtesError:
                continue  # not (or no longer) in the library: nothing to open
            kind = self.vocabulary.kind(other.kind, other.source_id)
            items.append(
                f"<li><a href='entry:{html.escape(key)}'>{html.escape(other.title)}</a>"
                f" <span class='meta'>— {html.escape(kind)}</span></li>"
            )
        if not items:
            return []
        heading = html.escape(self.tr("Voir aussi"))
        return [f"<h2>{heading}</h2><ul>{''.join(items)}</ul>"]

    def _found_pages(self, entry: Entry) -> list[str]:
        """The text of the PDF pages the search found this entry on, with a link
        opening the PDF (at that page where the system's viewer allows it)."""
        pages = self._pdf_pages.get(entry.key) or []
        index = {a.name: i for i, a in enumerate(entry.attachments)}
        out = []
        for p in pages:
            i = index.get(p.attachment)
            name = p.attachment[:-4] if p.attachment.lower().endswith(".pdf") else p.attachment
            where = self.tr("Dans le PDF « {0} », p. {1}").format(visible(name), p.page)
            link = ""
            if i is not None:
                link = (
                    f" — <a href='attachment:{i}?page={p.page}'>"
                    + html.escape(self.tr("Ouvrir le PDF à cette page"))
                    + "</a>"
                )
            paras = "".join(f"<p>{html.escape(para)}</p>" for para in reflow(p.text))
            out.append(
                f"<p class='section'>{html.escape(where)}{link}</p><blockquote>{paras}</blockquote>"
            )
        return out

    def _attachments(self, entry: Entry) -> list[str]:
        if not entry.attachments:
            return []
        from rtes_desktop.gui.reader.attachments import is_available

        items = []
        for i, att in enumerate(entry.attachments):
            here = is_available(self.library, att)
            state = self.tr("ouvrir") if here else self.tr("télécharger puis ouvrir")
            items.append(
                f"<li><a href='attachment:{i}'>{html.escape(visible(att.name))}</a> "
                f"<span class='meta'>({html.escape(format_bytes(att.size))} — {html.escape(state)})</span></li>"
            )
        heading = html.escape(self.tr("Pièces jointes"))
        return [f"<h2>{heading}</h2><ul>{''.join(items)}</ul>"]

    # -- links -----------------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        target = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
        if scheme in ("http", "https", "mailto"):
            open_external(url)
            self.message.emit(
                self.tr("Ouvert dans le navigateur : {0}").format(url.host() or target)
            )
        elif scheme == "entry":
            self._open_link_target(target)
        elif scheme == "theme":
            self.theme_requested.emit(target)
        elif scheme == "attachment" and self.current_key:
            try:
                index = int(target)
                page = url.query().removeprefix("page=")
                if page.isdigit():
                    self.attachment_page_requested.emit(self.current_key, index, int(page))
                else:
                    self.attachment_requested.emit(self.current_key, index)
            except ValueError:
                pass
        elif url.hasFragment() and not scheme:
            self.scrollToAnchor(url.fragment())

    def _open_link_target(self, target: str) -> None:
        # A bare id in an entry's Markdown means "in the same source" first.
        candidates = [target]
        if ":" not in target and self.current_entry is not None:
            candidates.insert(0, f"{self.current_entry.source_id}:{target}")
        for ref in candidates:
            try:
                source_id, entry_id = self.library.resolve(ref)
            except RtesError:
                continue
            self.open_entry(f"{source_id}:{entry_id}")
            return
        self.message.emit(
            self.tr("Cette ressource n’est pas dans la bibliothèque : {0}").format(target)
        )

    def plain_text(self) -> str:
        return self.toPlainText()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # Light/dark switched: colours are baked into the page, render again.
            if self.current_key:
                self.reload()
            else:
                self.show_placeholder()


def reflow(page_text: str) -> list[str]:
    """A PDF page's lines (as the PDF broke them) joined into paragraphs: a line
    ending a sentence well short of the page's width, or a short line without a
    sentence's end (a heading), ends its paragraph."""
    lines = [ln.strip() for ln in page_text.splitlines()]
    width = max((len(ln) for ln in lines), default=0)
    paras: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        current.append(line)
        short = len(line) < 0.75 * width
        if short and (line.endswith((".", "!", "?", ":", "…")) or len(line) < 0.6 * width):
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras
