"""Rendered content can only be what the allow-list says (issue 9, items 1, 3, 9, 20).

Every renderer (reader, note preview, the handout's HTML) goes through
`core.render`: these tests feed it the issue's exact payloads and Hypothesis-made
Markdown and HTML, then parse the output and check every tag, attribute and link."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtes_desktop.core.handout import HandoutOptions, handout_document, render_html_handout
from rtes_desktop.core.render import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MAX_PLAIN_CHARS,
    external_link,
    render_body,
    render_markdown,
    sanitize_html,
    too_complex,
)

# The issue's payloads, as written there.
ISSUE_PAYLOADS = [
    'Un paragraphe.\n{: style="background-image:url(file://host/share/x.png)" }',
    '[x](javascript:alert(1)){: class="x" }',
    "[x](file:///etc/passwd)",
    "[x](file://host/share/x.png)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    'Paragraphe\n{: onmouseover="alert(1)" style="color:red" }',
    '<img src="file:///dev/zero">',
    "![x](file:///dev/zero)",
    '<p onmouseover="alert(1)" style="background:url(file:///dev/zero)">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    "<script>alert(1)</script>",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(fragment: str) -> None:
    """Every tag, attribute and link of `fragment` is on the allow-list."""
    parser = _Collect()
    parser.feed(fragment)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"tag <{tag}> in {fragment!r}"
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"{name}= on <{tag}>"
            if name == "href":
                assert value is not None
                scheme = value.split(":", 1)[0].lower() if ":" in value else ""
                assert value.startswith("#") or scheme in {"http", "https", "mailto", "entry"}, (
                    value
                )


@pytest.mark.parametrize("payload", ISSUE_PAYLOADS)
def test_issue_payloads_yield_only_allowed_html(payload):
    out = render_markdown(payload)
    assert_safe(out)


def test_attribute_syntax_is_shown_as_text_not_applied():
    out = render_markdown('Un paragraphe.\n{: style="background-image:url(file://h/s/x.png)" }')
    assert out.startswith("<p>Un paragraphe.")
    assert "{: style=" in out  # the text stays visible: the publisher sees their mistake


def test_safe_content_keeps_its_structure():
    out = render_markdown(
        "## Titre\n\n> citation\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n"
        "Note[^1] et [site](https://rtes.fr), [fiche](entry:esus), [écrire](mailto:a@b.fr), "
        "<https://rtes.fr/x>.\n\n```\ncode <b>\n```\n\n[^1]: La note."
    )
    assert "<h2>Titre</h2>" in out and "<blockquote>" in out
    assert '<td align="right">2</td>' in out
    assert 'href="https://rtes.fr"' in out and 'href="entry:esus"' in out
    assert 'href="mailto:a@b.fr"' in out and 'href="https://rtes.fr/x"' in out
    assert "code &lt;b&gt;" in out and 'href="#fn:1"' in out
    assert_safe(out)


HOSTILE_MD = st.sampled_from(
    [
        "{: style=\"background:url('file:///dev/zero')\" }",
        '{: onclick="x()" }',
        "{: #id .cls }",
        "[l](javascript:alert(1))",
        "[l](JaVaScRiPt:alert(1))",
        "[l]( javascript:alert(1))",
        "[l](java\tscript:x)",
        "[l](data:text/html,x)",
        "[l](file:///etc/passwd)",
        "[l](//evil.example/x)",
        "[l](vbscript:x)",
        "![i](http://t.example/p.gif)",
        '<img src="file:///x" onerror="x()">',
        "<svg onload=alert(1)>",
        "<a href='javascript:x'>a</a>",
        '<div style="background:url(file:///x)">',
        "<style>p{}</style>",
        "<iframe src=x>",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "- ",
        "> ",
        "```",
        "| a |\n|---|\n| b |",
        "[^n]\n\n[^n]: x",
        "\n\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(HOSTILE_MD, st.text(max_size=20)), max_size=12))
def test_any_markdown_renders_to_allowed_html_only(parts):
    assert_safe(render_markdown("".join(parts)))


TAG = st.sampled_from(
    ["a", "p", "img", "script", "style", "iframe", "svg", "math", "object", "table", "td", "div",
     "link", "meta", "form", "input", "base", "span", "li", "sup", "abbr", "ol", "embed"]
)  # fmt: skip
ATTR = st.sampled_from(
    ["href", "src", "style", "onclick", "onmouseover", "class", "id", "background", "title",
     "align", "start", "xlink:href", "action", "formaction", "srcset", "data", "poster"]
)  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java&#x09;script:x",
            "&#106;avascript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "\\\\host\\share\\x.png",
            "//evil/x",
            "vbscript:x",
            "entry:x",
            "https://ok.example",
            "mailto:a@b",
            "#top",
            "x.png",
            "url(file:///dev/zero)",
        ]
    ),  # fmt: skip
    st.text(max_size=10),
)


@st.composite
def html_fragments(draw):
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(TAG)
        attrs = " ".join(
            f'{draw(ATTR)}="{draw(VALUE).replace(chr(34), "")}"'
            for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(f"<{tag} {attrs}>{draw(st.text(max_size=8))}</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(html_fragments())
def test_the_sanitizer_lets_only_allowed_html_through(fragment):
    assert_safe(sanitize_html(fragment))


def test_session_html_export_carries_no_active_link(lib):
    """The handout's web page (« Exporter la session… » in HTML): the issue's payloads in
    a note and a comment leave no javascript:, file: or data: link, no image, no style
    and no on* attribute; the link text stays, without its target."""
    payloads = "\n\n".join(ISSUE_PAYLOADS)
    note = lib.add_note(None, f'# Plan\n\n[x](javascript:alert(1)){{: class="x" }}\n\n{payloads}')
    coll = lib.create_session('Séance <a href="javascript:alert(1)" onclick="x()">', "")
    lib.add_to_session(coll.id, note_id=note.id, comment=payloads)
    page = render_html_handout(handout_document(lib, coll.id, HandoutOptions(with_comments=True)))
    body = page[page.index("<body>") :]
    assert "<a>x</a>" in body  # the link text stays, without its target
    parser = _Collect()
    parser.feed(body)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "style"), tag
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", f"{name}= on <{tag}>"
            assert not (name in ("href", "src") and ":" in (value or "")), value  # only #item-n
            lowered = "".join((value or "").split()).lower()
            assert not any(s in lowered for s in ("javascript:", "file:", "data:")), value
    # The payloads the comment carries are shown as text, escaped, not as markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# -- bounds (item 3) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 16000,
        "<" * 80000,
        "[a" * 8000,
        "*a* " * 20000,
        "".join("    " * i + "- a\n" for i in range(300)),
        ">" * 300 + " a",
        "a" * 5000,
        "Un mot. " * 100_000,
    ],
    ids=["brackets", "angles", "brackets-spread", "emphasis", "lists", "quotes", "word", "long"],
)
def test_pathological_bodies_fall_back_to_plain_text(body):
    assert too_complex(body) is not None
    rendered = render_body(body)
    assert not rendered.formatted
    assert "white-space: pre-wrap" in rendered.html and "<a" not in rendered.html


def test_plain_text_past_the_bound_is_cut_for_the_reader():
    rendered = render_body("Un mot. " * 500_000)  # 4 MB: Qt would lay it out for seconds
    assert not rendered.formatted and rendered.truncated
    assert len(rendered.html) < MAX_PLAIN_CHARS + 1000


def test_a_deadline_stops_formatting_and_falls_back():
    # A deadline already past: formatting stops at its first call (no timing involved).
    rendered = render_body("## Titre\n\n*texte*", deadline=time.monotonic() - 1)
    assert not rendered.formatted and "## Titre" in rendered.html


def test_ordinary_bodies_are_formatted():
    body = "Un paragraphe avec *emphase* et un [lien](https://x.fr).\n\n- item\n" * 200
    assert too_complex(body) is None
    rendered = render_body(body, deadline=time.monotonic() + 30)
    assert rendered.formatted and "<em>emphase</em>" in rendered.html


def test_plain_text_fallback_is_escaped():
    out = render_body("<script>alert(1)</script>" + "[" * 16000).html
    assert "<script" not in out and "&lt;script&gt;" in out


# -- links handed to the system (item 20) ----------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rtes.fr/a?b=c#d", "https://rtes.fr/a?b=c#d"),
        ("mailto:a@b.fr", "mailto:a@b.fr"),
        ("mailto:a@b.fr?attach=/etc/passwd", "mailto:a@b.fr"),
        (
            "mailto:a@b.fr?subject=Bonjour&attach=C:%5Cx&body=Merci&Attach=x&%61ttach=y",
            "mailto:a@b.fr?subject=Bonjour&body=Merci",
        ),
        ("MAILTO:a@b.fr?Subject=x&cc=c@d.fr", "mailto:a@b.fr?Subject=x"),
        ("mailto:a@b.fr%3Fattach=/etc/passwd", "mailto:a@b.fr"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("entry:esus", None),
        ("//host/share", None),
    ],
)
def test_external_links_are_cleaned(url, expected):
    assert external_link(url) == expected
