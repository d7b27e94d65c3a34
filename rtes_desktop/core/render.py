"""Markdown to safe HTML for the reader: no scripts, no remote images, no raw HTML."""

from __future__ import annotations

import html
import re

import markdown
from markdown.extensions import Extension

_ALLOWED_LINK = re.compile(r"^(https?:|mailto:|entry:|#)", re.I)


class _NoRawHtml(Extension):
    """Drop raw HTML blocks and inline HTML: they are shown as text instead."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - markdown API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _sanitize(tree_html: str) -> str:
    # Remote (or any) images become their alt text: the reader never fetches.
    tree_html = re.sub(
        r'<img[^>]*alt="([^"]*)"[^>]*>', lambda m: f"<em>[image : {m.group(1)}]</em>", tree_html
    )
    tree_html = re.sub(r"<img[^>]*>", "<em>[image]</em>", tree_html)

    def fix_link(m: re.Match[str]) -> str:
        href = html.unescape(m.group(1))
        if not _ALLOWED_LINK.match(href):
            return "<a>"
        return f'<a href="{html.escape(href, quote=True)}">'

    return re.sub(r'<a href="([^"]*)"[^>]*>', fix_link, tree_html)


def render_markdown(text: str) -> str:
    """Render Markdown (tables, lists, headings) to sanitised HTML."""
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", _NoRawHtml()],
        output_format="html",
    )
    # html_block removal leaves raw tags as text; escape them so they show literally.
    escaped = text.replace("<", "&lt;").replace(">", "&gt;")
    return _sanitize(md.convert(escaped))
