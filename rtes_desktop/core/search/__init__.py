"""Full-text search of the library (French analysis, thesaurus, facets).

The rest of the application uses only `SearchService`, `Hit`, `SearchResults`
and `highlight_spans` (the reader's highlighting); which engine stores the
index is this package's business.
"""

from __future__ import annotations

from rtes_desktop.core.search.highlight import QueryHighlighter, highlight_spans
from rtes_desktop.core.search.service import Hit, SearchResults, SearchService

__all__ = ["Hit", "QueryHighlighter", "SearchResults", "SearchService", "highlight_spans"]
