"""Publisher and user Markdown to safe HTML, for the reader, the note preview and the
session export.

What content can do: headings, paragraphs, emphasis, lists, quotes, tables, code,
footnotes, definition lists, abbreviations, and links to http(s), mailto and `entry:`
(another entry of the library) or to an anchor of the same page. What it cannot do:
raw HTML, attributes of its own (no `{: style=… }`: `attr_list` is off), images
(shown as « [image : texte] », nothing is fetched), scripts, styles, event handlers,
`file:`/`data:`/`javascript:` or relative links. Two locks: the Markdown extensions
cannot produce attributes, and every rendering goes through one allow-list
sanitizer (`sanitize_html`, nh3) that keeps only the tags, attributes and URL
schemes listed here.

Rendering is bounded: Python-Markdown is quadratic on some bodies (16,000 « [ »
take 75 s, 300 nested lists overflow the stack). `render_body` refuses those shapes
before handing them to Markdown, can stop itself at a deadline, and falls back to
the text shown as plain paragraphs (`RenderedBody.formatted` is False then).
"""

from __future__ import annotations

import html
import re
import sys
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Everything "extra" enables except attr_list (attributes written by content) and
# md_in_html (raw HTML blocks).
_EXTENSIONS = ["abbr", "def_list", "fenced_code", "footnotes", "tables", "sane_lists"]
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}  # align=, not style=

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "li": {"id"},  # footnotes: <li id="fn:1">
    "sup": {"id"},  # footnote references: <sup id="fnref:1">
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "entry"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

# Bounds (see bench/render_bench.py for the figures behind them).
MAX_RENDER_CHARS = 500_000  # ~1 s of ordinary Markdown; entries may be 4 MiB
MAX_PLAIN_CHARS = 200_000  # plain text shown past the bounds (Qt lays it out ~0.2 s)
MAX_NESTING = 40  # list/quote levels; Python-Markdown recurses per level
_SCAN_BUDGET = 2_000_000  # characters scanned by « [ » looking for its « ] » (~0.2 s)
_MATCH_BUDGET = 200_000_000  # inline marks × block length (~0.2 s)
_INLINE_MARKS = re.compile(r"[\[\]*_`&<!\\]")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
MAX_WORD = 1000  # longer unbroken runs make Qt's line breaking quadratic
_LONG_WORD = re.compile(r"\S{41,}")
_OVERLONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def link_allowed(url: str) -> bool:
    """True for the link targets content may have: http(s), mailto, entry: or #anchor."""
    if url.startswith("#"):
        return True
    m = _SCHEME.match(url)
    return m is not None and m.group(1).lower() in ALLOWED_SCHEMES


_MAILTO_KEEP = frozenset({"subject", "body"})


def external_link(url: str) -> str | None:
    """The URL to hand to the system for a link, or None when it must not leave the app.

    http(s) as is; mailto without its query parameters other than subject and body
    (some mail clients honour `?attach=/path`, which would mail a local file)."""
    m = _SCHEME.match(url)
    scheme = m.group(1).lower() if m else ""
    if scheme in ("http", "https"):
        return url
    if m is None or scheme != "mailto":
        return None
    rest = url[m.end() :].split("#", 1)[0]
    to, _, query = rest.partition("?")
    # An encoded « ? » in the address could be decoded into a query by a sloppy client.
    to = re.split(r"%3f", to, maxsplit=1, flags=re.I)[0]
    kept = [
        part
        for part in query.split("&")
        if unquote(part.split("=", 1)[0]).strip().lower() in _MAILTO_KEEP
    ]
    return f"mailto:{to}" + ("?" + "&".join(kept) if kept else "")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and not link_allowed(value):
        return None  # relative, file:, data:, javascript:… : dropped, the text stays
    return value


def sanitize_html(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and link schemes of an HTML
    fragment; everything else is removed (script and style with their content)."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        # "*": nothing on every tag (nh3 otherwise allows lang= and title= everywhere).
        attributes={"*": set(), **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}},
        attribute_filter=_filter_attribute,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


class _ImagesAsText(Treeprocessor):
    """An image becomes its alt text in emphasis: the reader never fetches."""

    def run(self, root: ElementTree.Element) -> None:
        for img in root.iter("img"):
            alt = img.get("alt", "").strip()
            img.attrib.clear()
            img.tag = "em"
            img.text = f"[image : {alt}]" if alt else "[image]"


class _SafeMarkdown(Extension):
    """No raw HTML (blocks or inline: shown as text) and no images."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - markdown API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_ImagesAsText(md), "images_as_text", 1)


class _Overrun(BaseException):
    """Raised inside Markdown at the deadline. A BaseException, so no `except
    Exception` in the library can swallow it."""


@dataclass(frozen=True)
class RenderedBody:
    """A rendered body: `formatted` is False when it is shown as plain text because
    it was too long or too complex to format within the bounds."""

    @classmethod
    def plain(cls, text: str) -> RenderedBody:
        """The plain-text fallback for `text`."""
        fragment, truncated = plain_text_html(text)
        return cls(fragment, formatted=False, truncated=truncated)

    html: str
    formatted: bool
    truncated: bool = False  # plain text cut at MAX_PLAIN_CHARS


def too_complex(text: str) -> str | None:
    """Why `text` would take Markdown too long (or too deep), or None when it is fine.

    Measures the shapes Python-Markdown is quadratic on, in one linear pass: the
    distance each « [ » scans for its « ] », inline marks × the length of their block,
    and the nesting depth of lists and quotes."""
    if len(text) > MAX_RENDER_CHARS:
        return f"{len(text)} characters"
    if _OVERLONG_WORD.search(text):
        return f"a word longer than {MAX_WORD} characters"
    for block in _BLOCK_SPLIT.split(text):
        marks = len(_INLINE_MARKS.findall(block))
        if marks * len(block) > _MATCH_BUDGET:
            return f"{marks} inline marks in a block of {len(block)} characters"
        if _bracket_scan(block) > _SCAN_BUDGET:
            return "unbalanced or deeply nested brackets"
    for line in text.splitlines():
        stripped = line.lstrip(" \t>")
        prefix = line[: len(line) - len(stripped)]
        depth = prefix.count(">") + len(prefix.expandtabs(4).replace(">", "")) // 2
        if depth > MAX_NESTING:
            return f"nesting deeper than {MAX_NESTING}"
    return None


def _bracket_scan(block: str) -> int:
    # Python-Markdown's link pattern walks from each « [ » to its matching « ] »
    # (or to the end of the block): sum those walks.
    total = 0
    stack: list[int] = []
    for m in re.finditer(r"[\[\]]", block):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            total += m.start() - stack.pop()
    total += sum(len(block) - pos for pos in stack)
    return total


def plain_text_html(text: str) -> tuple[str, bool]:
    """The text, escaped, with its line breaks and indentation kept: what is shown
    when the Markdown cannot be formatted within the bounds. Returns the HTML and
    whether the text was cut at MAX_PLAIN_CHARS."""
    text = text.strip("\n")
    truncated = len(text) > MAX_PLAIN_CHARS
    if truncated:
        # Laying out 4 MiB of text keeps Qt's GUI thread busy ~4 s: show the start.
        text = text[:MAX_PLAIN_CHARS]
    # Qt's line breaking rescans an unbreakable word for every line it fills: 80,000
    # « < » in a narrow reader took 61 s. A zero-width space every 40 characters of a
    # long word gives it places to break (and is invisible).
    broken = _LONG_WORD.sub(lambda m: "\u200b".join(_chunks(m.group(), 40)), text)
    return f'<div style="white-space: pre-wrap">{html.escape(broken)}</div>', truncated


def _chunks(word: str, size: int) -> list[str]:
    return [word[i : i + size] for i in range(0, len(word), size)]


def _convert(text: str) -> str:
    md = markdown.Markdown(
        extensions=[*_EXTENSIONS, _SafeMarkdown()],
        extension_configs=_EXTENSION_CONFIGS,
        output_format="html",
    )
    # With the HTML processors removed, raw HTML stays text (escaped on output).
    return md.convert(text)


def render_body(text: str, *, deadline: float | None = None) -> RenderedBody:
    """Render Markdown to sanitised HTML within the bounds, or fall back to plain text.

    `deadline` (a `time.monotonic()` value): formatting stops there and the plain
    text is returned. It works by tracing calls in the current thread, so call it
    from a worker thread: the GUI thread must not wait for it."""
    if too_complex(text) is not None:
        return RenderedBody.plain(text)
    previous = sys.gettrace()
    if deadline is not None:

        def tracer(frame: FrameType, event: str, arg: Any) -> None:
            if time.monotonic() > deadline:
                raise _Overrun
            return None  # no per-line tracing: only calls are checked

        sys.settrace(tracer)
    try:
        rendered = _convert(text)
    except (_Overrun, RecursionError):
        return RenderedBody.plain(text)
    finally:
        if deadline is not None:
            sys.settrace(previous)
    return RenderedBody(sanitize_html(rendered), formatted=True)


def render_markdown(text: str) -> str:
    """Render Markdown (tables, lists, headings, footnotes) to sanitised HTML; plain
    text paragraphs for a body outside the bounds (see `render_body`)."""
    return render_body(text).html
