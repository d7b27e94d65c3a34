"""rtes-desktop search QUERY [--kind K] [--theme T] [--limit N] [--json]."""

from __future__ import annotations

import html
import logging
import re
import sys
from typing import Any

from rtes_desktop.cli import Context
from rtes_desktop.core.errors import BadInput, RtesError

log = logging.getLogger(__name__)


def _plain(snippet: str) -> str:
    """A snippet for a terminal: highlighted words in «…» guillemets, no HTML."""
    text = snippet.replace("<b>", "«").replace("</b>", "»")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def cmd_search(ctx: Context) -> int:
    from rtes_desktop.core.search import SearchService

    args = ctx.args
    limit = args.limit if args.limit is not None else 20
    if limit < 1 or limit > 1000:
        raise BadInput(f"--limit doit être compris entre 1 et 1000 (reçu {limit})")
    lib = ctx.library
    service = SearchService(lib)
    try:
        try:
            service.ensure_ready()
        except RtesError:
            raise  # said to the user (a file where the index belongs…)
        except Exception:  # the index is derived: search answers what it can
            log.exception("search index not ready")
        results = service.search(
            args.query,
            kind=args.kind or None,
            theme=args.theme or None,
            page_size=limit,
            snippets=limit,
            facets=True,
        )
    finally:
        service.close()

    # The plain id when no other source has it, else SOURCE:ID.
    ambiguous = {h.id for h in results.hits if _ambiguous(lib, h.id)}

    def ref(hit: Any) -> str:
        return hit.key if hit.id in ambiguous else hit.id

    if ctx.json:
        ctx.print_json(
            {
                "query": args.query,
                "total": results.total,
                "suggestion": results.suggestion,
                "matched_any": results.matched_any,
                "results": [_json_hit(h, ref(h)) for h in results.hits],
                "facets": results.facets,
            }
        )
        return 0

    out = sys.stdout
    if results.total == 0:
        out.write(f"Aucun résultat pour « {args.query} ».\n")
    else:
        shown = len(results.hits)
        plural = "s" if results.total > 1 else ""
        out.write(f"{results.total} résultat{plural} pour « {args.query} »")
        out.write(f" ({shown} affiché{'s' if shown > 1 else ''})" if shown < results.total else "")
        out.write(".\n")
        if results.matched_any:
            out.write("Aucune entrée ne contient tous les mots : entrées contenant l'un d'eux.\n")
    if results.suggestion:
        out.write(f"Vouliez-vous dire : {results.suggestion} ?\n")
    for n, h in enumerate(results.hits, 1):
        marks = " [retirée]" if h.withdrawn else ""
        out.write(f"\n{n}. {h.title}{marks}\n   {h.kind} · {ref(h)} · {h.published_at}\n")
        if h.found_in:
            out.write(f"   {found_in_fr(h.found_in)}\n")
        if h.snippet:
            out.write(f"   {_plain(h.snippet)}\n")
    return 0


def _json_hit(h: Any, ref: str) -> dict[str, Any]:
    out = {
        "id": ref,
        "key": h.key,
        "source": h.source_id,
        "title": h.title,
        "kind": h.kind,
        "themes": h.themes,
        "score": h.score,
        "snippet": h.snippet,
        "published_at": h.published_at,
        "withdrawn": h.withdrawn,
    }
    if h.found_in:  # CLI spec v2: only for a result found in the text of a PDF
        out["found_in"] = [{"attachment": f["attachment"], "page": f["page"]} for f in h.found_in]
    return out


def found_in_fr(found_in: list[dict[str, Any]]) -> str:
    """« dans le PDF « Guide filières », p. 23 » (and the other pages of that PDF)."""
    first = found_in[0]["attachment"]
    name = first[:-4] if first.lower().endswith(".pdf") else first
    pages = [f["page"] for f in found_in if f["attachment"] == first]
    where = (
        "p. " + ", ".join(str(p) for p in pages)
        if len(pages) == 1
        else ("pp. " + ", ".join(str(p) for p in pages))
    )
    return f"dans le PDF « {name} », {where}"


def _ambiguous(lib: Any, entry_id: str) -> bool:
    """True when several sources hold an entry with this id."""
    try:
        lib.resolve(entry_id)
    except BadInput:  # resolve() refuses an id that several sources share
        return True
    except Exception:  # NotFound: the entry left the library since indexing
        return False
    return False
