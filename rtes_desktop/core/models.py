"""Plain data objects the core hands out. No behaviour, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field

#: What a search can be narrowed by and counts results on, in the order the
#: window shows them. The filter of each has the same name (`kind="fiche"`...).
FACETS: tuple[str, ...] = ("source", "kind", "theme", "year", "region", "tag")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    homepage: str | None = None
    url: str | None = None
    is_demo: bool = False
    last_serial: int | None = None
    manifest_sha256: str | None = None
    generated_at: str | None = None
    expires_at: str | None = None
    last_sync: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    key_id: str | None = None  # the signing key this source is pinned to


@dataclass(frozen=True)
class Kind:
    source_id: str
    id: str
    label: str


@dataclass(frozen=True)
class Theme:
    source_id: str
    id: str
    label: str
    description: str | None = None


@dataclass(frozen=True)
class Attachment:
    name: str
    media_type: str
    sha256: str
    size: int
    # the object holding its extracted text, page by page (a PDF; optional, issue 14)
    text_sha256: str | None = None
    text_size: int | None = None


@dataclass
class Entry:
    """One published resource, as the library holds it."""

    source_id: str
    id: str
    kind: str
    title: str
    body: str
    published_at: str
    updated_at: str
    sha256: str
    summary: str | None = None
    lang: str = "fr"
    region: str | None = None
    audience: str = "public"
    authors: list[str] = field(default_factory=list)
    source_url: str | None = None
    themes: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    withdrawn_at: str | None = None

    @property
    def key(self) -> str:
        """The id unique across sources: SOURCE:ID."""
        return f"{self.source_id}:{self.id}"


@dataclass(frozen=True)
class Note:
    id: int
    source_id: str | None
    entry_id: str | None
    title: str
    body: str
    created_at: str
    updated_at: str
    entry_sha256: str | None = None

    @property
    def entry_key(self) -> str | None:
        return f"{self.source_id}:{self.entry_id}" if self.entry_id else None


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    count: int = 0


@dataclass(frozen=True)
class Session:
    id: int
    name: str
    description: str
    created_at: str
    updated_at: str
    origin: str | None = None  # imported from a kit: its fingerprint (core/session_kit.py)


@dataclass(frozen=True)
class SessionItem:
    id: int
    session_id: int
    position: int
    source_id: str | None
    entry_id: str | None
    note_id: int | None
    comment: str = ""
    entry_sha256: str | None = None  # the entry's version when the item was added
    snapshot: str | None = None  # JSON (kits): what to show while the entry is absent
