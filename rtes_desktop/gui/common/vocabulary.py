"""The publishers' labels for kinds and themes, for display (the client hard-codes none)."""

from __future__ import annotations

from rtes_desktop.core.library import Library


class Vocabulary:
    """Kind and theme labels of every source, looked up by id (source first)."""

    def __init__(self) -> None:
        self._kinds: dict[tuple[str, str], str] = {}
        self._themes: dict[tuple[str, str], str] = {}
        self._theme_desc: dict[str, str] = {}
        self._kinds_any: dict[str, str] = {}
        self._themes_any: dict[str, str] = {}
        self._sources: dict[str, str] = {}

    @classmethod
    def load(cls, library: Library) -> Vocabulary:
        """Read the labels (a few hundred rows at most)."""
        voc = cls()
        for k in library.kinds():
            voc._kinds[(k.source_id, k.id)] = k.label
            voc._kinds_any.setdefault(k.id, k.label)
        for t in library.themes():
            voc._themes[(t.source_id, t.id)] = t.label
            voc._themes_any.setdefault(t.id, t.label)
            if t.description:
                voc._theme_desc.setdefault(t.id, t.description)
        voc._sources = {s.id: s.name for s in library.sources()}
        return voc

    def kind(self, kind_id: str, source_id: str | None = None) -> str:
        if source_id and (source_id, kind_id) in self._kinds:
            return self._kinds[(source_id, kind_id)]
        return self._kinds_any.get(kind_id, kind_id)

    def theme(self, theme_id: str, source_id: str | None = None) -> str:
        if source_id and (source_id, theme_id) in self._themes:
            return self._themes[(source_id, theme_id)]
        return self._themes_any.get(theme_id, theme_id)

    def theme_description(self, theme_id: str) -> str:
        return self._theme_desc.get(theme_id, "")

    def source(self, source_id: str) -> str:
        return self._sources.get(source_id, source_id)

    def label(self, facet: str, value: str) -> str:
        """The label of a facet value: kind, theme, source; years and tags as they are."""
        if facet == "kind":
            return self.kind(value)
        if facet == "theme":
            return self.theme(value)
        if facet == "source":
            return self.source(value)
        return value
