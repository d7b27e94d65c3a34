"""Browsing the library without the search index: filters, facet counts, pages.

The window lists the library by kind, theme, year or tag when no words are typed,
and answers simple word queries on titles and summaries while the search index is
being built (or when it cannot be opened). The results have the same shape as
`SearchService.search` results, so the window shows either the same way.

Reads only; safe from any thread (each thread has its own connection).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from rtes_desktop.core.library import Library
from rtes_desktop.core.models import FACETS
from rtes_desktop.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class BrowseHit:
    """One listed entry (same fields as the search engine's `Hit`)."""

    key: str
    source_id: str
    id: str
    title: str
    kind: str
    themes: list[str]
    score: float
    snippet: str  # HTML-escaped, matched words in <b>
    published_at: str
    withdrawn: bool


@dataclass
class BrowseResults:
    """A page of entries and the facet counts of everything that matched."""

    query: str
    total: int
    suggestion: str | None = None
    hits: list[BrowseHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    matched_any: bool = True


def query_words(query: str) -> list[str]:
    """The folded words of a query (operators and punctuation dropped)."""
    return [w for w in _WORD.findall(fold(query)) if len(w) > 1 or w.isdigit()]


def highlight(text: str, words: list[str], limit: int = 260) -> str:
    """`text` HTML-escaped and cut near `limit` characters, words starting with a
    query word in <b>. Accents are ignored when matching."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.") + " …"
    if not words:
        return html.escape(text, quote=False)
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        token = fold(m.group())
        if any(token.startswith(w) for w in words):
            out.append(html.escape(text[pos : m.start()], quote=False))
            out.append(f"<b>{html.escape(m.group(), quote=False)}</b>")
            pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def browse(
    library: Library,
    query: str = "",
    *,
    kind: str | None = None,
    theme: str | None = None,
    year: str | None = None,
    region: str | None = None,
    tag: str | None = None,
    source: str | None = None,
    sort: str = "date",
    page: int = 1,
    page_size: int = 50,
    facets: bool = True,
) -> BrowseResults:
    """Entries matching every filter (and every word of `query`, looked for in
    titles, summaries and theme labels, accents ignored), newest first, or title
    matches first when `sort` is "relevance" and words were given."""
    conn = library.conn
    conn.create_function("rtes_fold", 1, fold, deterministic=True)
    where, params = library.entry_filter(source, kind, theme, tag, year=year, region=region)
    words = query_words(query)
    # Theme labels take part so « commande publique » finds entries tagged with it.
    haystack = (
        "rtes_fold(e.title || ' ' || coalesce(e.summary, '') || ' ' || "
        "coalesce((SELECT group_concat(th.label, ' ') FROM entry_themes et2 JOIN themes th "
        "ON th.source_id = e.source_id AND th.id = et2.theme_id WHERE et2.entry_pk = e.pk), ''))"
    )
    for w in words:
        where.append(f"instr({haystack}, ?) > 0")
        params.append(w)
    cond = " AND ".join(where) or "1"
    matched = f"SELECT e.pk FROM entries e WHERE {cond}"

    total = int(conn.execute(f"SELECT count(*) FROM ({matched})", params).fetchone()[0])
    relevance = sort == "relevance" and words
    order = "e.published_at DESC, e.title"
    order_params: list[Any] = []
    if relevance:
        # Entries whose title holds more of the words come first.
        order = (
            " + ".join("(instr(rtes_fold(e.title), ?) > 0)" for _ in words)
            + " DESC, e.published_at DESC, e.title"
        )
        order_params = list(words)
    rows = conn.execute(
        f"SELECT e.pk, e.source_id, e.id, e.title, e.kind, e.summary, e.body, e.published_at, "
        f"e.withdrawn_at FROM entries e WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, *order_params, page_size, max(0, page - 1) * page_size],
    ).fetchall()
    themes: dict[int, list[str]] = {}
    if rows:
        marks = ",".join("?" for _ in rows)
        for r in conn.execute(
            f"SELECT entry_pk, theme_id FROM entry_themes WHERE entry_pk IN ({marks}) "
            "ORDER BY entry_pk, position",
            [r["pk"] for r in rows],
        ):
            themes.setdefault(r[0], []).append(r[1])
    hits = []
    for r in rows:
        text = r["summary"] or _plain_start(r["body"])
        hits.append(
            BrowseHit(
                key=f"{r['source_id']}:{r['id']}",
                source_id=r["source_id"],
                id=r["id"],
                title=r["title"],
                kind=r["kind"],
                themes=themes.get(r["pk"], []),
                score=0.0,
                snippet=highlight(text, words),
                published_at=r["published_at"],
                withdrawn=r["withdrawn_at"] is not None,
            )
        )
    results = BrowseResults(query=query, total=total, hits=hits, matched_any=total > 0)
    if facets:
        results.facets = _facet_counts(conn, matched, params)
    return results


def _plain_start(markdown_text: str) -> str:
    # The first words of the body, without Markdown marks, when there is no summary.
    text = re.sub(r"[#*_>`|\[\]]+", " ", markdown_text[:600])
    text = re.sub(r"\(https?:[^)]*\)", " ", text)
    return " ".join(text.split())


def _facet_counts(conn: Any, matched: str, params: list[Any]) -> dict[str, dict[str, int]]:
    queries = {
        "source": (
            f"SELECT source_id, count(*) FROM entries WHERE pk IN ({matched}) GROUP BY source_id"
        ),
        "kind": f"SELECT kind, count(*) FROM entries WHERE pk IN ({matched}) GROUP BY kind",
        "theme": (
            f"SELECT theme_id, count(*) FROM entry_themes WHERE entry_pk IN ({matched}) "
            "GROUP BY theme_id"
        ),
        "year": (
            f"SELECT substr(published_at, 1, 4), count(*) FROM entries WHERE pk IN ({matched}) "
            "GROUP BY 1"
        ),
        "region": (f"SELECT region, count(*) FROM entries WHERE pk IN ({matched}) GROUP BY region"),
        "tag": (
            "SELECT g.name, count(*) FROM entry_tags et JOIN tags g ON g.id = et.tag_id "
            "JOIN entries x ON x.source_id = et.source_id AND x.id = et.entry_id "
            f"WHERE x.pk IN ({matched}) GROUP BY g.id"
        ),
    }
    out: dict[str, dict[str, int]] = {}
    for name in FACETS:
        sql = queries[name]
        counts = {str(r[0]): int(r[1]) for r in conn.execute(sql, params) if r[0]}
        out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out
