"""« Une nouvelle version est disponible »: what the publishers' exports say about the
application, with no telemetry.

A manifest may carry an optional `app` object (docs/export-format.md):

    "app": {"current": "1.4.0", "minimum": "1.2.0", "download_url": "https://…"}

It is read leniently: older clients ignore it, and here a bad value is logged and
ignored, never a reason to refuse an export. What a sync read is kept per source (table
`source_app_versions`); `update_notice` compares it with the running version. Nothing
is contacted but the sources the user configured, and IT can turn the notice off
(`update_notice = false` in rtes-desktop.toml).
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: A release version as publishers write it: 1.4 or 1.4.0 (at most four numbers).
_RELEASE_RE = re.compile(r"^\d{1,5}(?:\.\d{1,5}){0,3}$")
#: Our own version may be a pre-release (1.4.0rc2): its release part, then the rest.
_OWN_RE = re.compile(r"^(\d+(?:\.\d+)*)(.*)$")
MAX_URL = 2000


@dataclass(frozen=True)
class AppVersions:
    """What one export says about the application (each field may be missing)."""

    current: str | None = None
    minimum: str | None = None
    download_url: str | None = None


@dataclass(frozen=True)
class UpdateNotice:
    """A newer version exists (`required`: this one is below a publisher's minimum)."""

    current: str
    download_url: str | None
    required: bool
    sources: tuple[str, ...]


def _https_url(value: str) -> bool:
    if len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not parts.username


def parse_app_versions(value: Any, where: str = "manifest.json") -> AppVersions | None:
    """The manifest's optional `app` object; None when absent or unusable.

    Lenient on purpose: an unknown field is ignored, a bad value is logged and ignored
    (a publisher's typo must not stop the agents' syncs)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        log.warning("%s: « app » is not an object; ignored", where)
        return None
    fields: dict[str, str | None] = {}
    for key in ("current", "minimum"):
        raw = value.get(key)
        if raw is None:
            continue
        if isinstance(raw, str) and _RELEASE_RE.fullmatch(raw.strip()):
            fields[key] = raw.strip()
        else:
            log.warning("%s: app.%s %r is not a version like 1.4.0; ignored", where, key, raw)
    raw_url = value.get("download_url")
    if raw_url is not None:
        if isinstance(raw_url, str) and _https_url(raw_url.strip()):
            fields["download_url"] = raw_url.strip()
        else:
            log.warning("%s: app.download_url is not an https address; ignored", where)
    if not fields:
        return None
    return AppVersions(**fields)


def version_key(version: str) -> tuple[tuple[int, ...], int]:
    """An ordering key: release numbers (1.4 == 1.4.0), then 1.4.0rc2 < 1.4.0 <
    1.4.0.post1. Unreadable versions sort first."""
    m = _OWN_RE.match(version.strip())
    if not m:
        return ((), 0)
    numbers = [int(n) for n in m.group(1).split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    rest = m.group(2).lstrip(".").lower()
    stage = 1 if not rest else 2 if rest.startswith("post") else 0  # rc/dev < final < post
    return (tuple(numbers), stage)


def record_app_versions(conn: Any, source_id: str, app: AppVersions | None) -> None:
    """Keep (or forget) what a source's newest manifest says; inside the sync's transaction."""
    if app is None:
        conn.execute("DELETE FROM source_app_versions WHERE source_id = ?", (source_id,))
        return
    conn.execute(
        "INSERT INTO source_app_versions(source_id, current, minimum, download_url) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET current = excluded.current, "
        "minimum = excluded.minimum, download_url = excluded.download_url",
        (source_id, app.current, app.minimum, app.download_url),
    )


def update_notice(
    library: Any, current_version: str, *, enabled: bool = True
) -> UpdateNotice | None:
    """A notice when a synced source names a version newer than `current_version`
    (or a minimum above it); None otherwise, or when not `enabled` (IT turned it off:
    machine_config.update_notice_enabled()).

    With several sources the highest version wins, with the download address that
    source gives. Sources removed from the library no longer count.
    """
    if not enabled:
        return None
    rows = library.conn.execute(
        "SELECT a.source_id, s.name, a.current, a.minimum, a.download_url "
        "FROM source_app_versions a JOIN sources s ON s.id = a.source_id"
    ).fetchall()
    mine = version_key(current_version)
    candidates: list[tuple[tuple[tuple[int, ...], int], bool, str, str | None]] = []
    required = False
    names: list[str] = []
    for _sid, name, current, minimum, url in rows:
        newer = [v for v in (current, minimum) if v and version_key(v) > mine]
        if not newer:
            continue
        if minimum and version_key(minimum) > mine:
            required = True
        names.append(name)
        top = max(newer, key=version_key)
        candidates.append((version_key(top), url is not None, top, url))
    if not candidates:
        return None
    # The highest version; between equal ones, the source that says where to get it.
    _key, _has_url, version, url = max(candidates, key=lambda c: (c[0], c[1]))
    return UpdateNotice(
        current=version, download_url=url, required=required, sources=tuple(sorted(names))
    )
