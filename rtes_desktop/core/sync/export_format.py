"""The published export, format 1 (shared/spec/export-format.md): parsing and checks.

Everything here reads bytes that came from the outside world (a web server, a
USB key, a zip handed over by someone) and turns them into plain values, or
refuses them with a `BadInput` naming the file and the reason in French.
No other exception may escape a parser: the property tests feed them anything.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from rtes_desktop.core.errors import BadInput, echo
from rtes_desktop.core.i18n import _
from rtes_desktop.core.models import Attachment, Entry
from rtes_desktop.core.sync.media_types import attachment_name_problem
from rtes_desktop.core.text_safety import visible
from rtes_desktop.core.update_notice import AppVersions, parse_app_versions

FORMAT = "rtes-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
KEY_ID_RE = re.compile(r"[0-9a-f]{16}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
RFC3339_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})"
)
LANG_RE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
AUDIENCES = ("public", "members")
#: Highest serial accepted: 2^53 (the largest integer every JSON reader keeps
#: exact). Far below 2^63 so an export can never claim a serial that leaves its
#: publisher no room to grow (a rollback lock on the source for ever); at one
#: export a second it lasts 285 million years.
MAX_SERIAL = 2**53


@dataclass(frozen=True)
class Limits:
    """What a client accepts from one export. Generous for the network's real size
    (a few thousand entries), small enough that a hostile export cannot fill a disk."""

    manifest_bytes: int = 16 * 1024 * 1024
    signature_bytes: int = 4096
    entries: int = 100_000
    entry_bytes: int = 4 * 1024 * 1024
    #: the extracted text of one PDF attachment (publish stops at 6 million characters)
    text_bytes: int = 16 * 1024 * 1024
    attachment_bytes: int = 512 * 1024 * 1024
    total_bytes: int = 8 * 1024 * 1024 * 1024
    #: a zip member inflating more than this many times its compressed size is a bomb
    zip_ratio: int = 200
    #: members smaller than this are never judged on their ratio (tiny files compress well)
    zip_ratio_floor: int = 4 * 1024 * 1024
    #: entries, their attachments and the objects/ab/ folders, with room to spare;
    #: checked from the end-of-central-directory record, before the directory is parsed
    zip_members: int = 250_000
    #: the central directory's size (about 120 bytes a member for an export's names)
    zip_directory_bytes: int = 48 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def object_path(sha256: str) -> str:
    """Where an object lives inside an export root: `objects/ab/ab3f…`."""
    return f"objects/{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class SourceInfo:
    id: str
    name: str
    homepage: str | None = None


@dataclass(frozen=True)
class ManifestEntry:
    id: str
    sha256: str
    size: int
    updated_at: str | None = None


@dataclass
class Manifest:
    """A checked manifest.json."""

    format_version: int
    source: SourceInfo
    serial: int
    generated_at: str | None
    expires_at: str | None
    kinds: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    entries: list[ManifestEntry] = field(default_factory=list)
    #: the optional "app" object (update notice), read leniently: core/update_notice.py
    app: AppVersions | None = None

    @property
    def total_size(self) -> int:
        return sum(e.size for e in self.entries)

    def is_expired(self, now: datetime | None = None) -> bool:
        """True when `expires_at` is in the past."""
        if not self.expires_at:
            return False
        when = parse_rfc3339(self.expires_at)
        return when is not None and when < (now or datetime.now(UTC))


@dataclass(frozen=True)
class Signature:
    """manifest.json.sig. `serial` and `manifest_sha256` (optional, not signed: used
    only to explain a refusal) say which manifest it was made for; `previous` is the
    signature of the manifest it replaces, kept while a publication is in progress."""

    key_id: str
    signature: bytes
    serial: int | None = None
    manifest_sha256: str | None = None
    previous: Signature | None = None


# -- small checks -----------------------------------------------------------


def parse_rfc3339(text: str) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime, or None when it is not one."""
    m = RFC3339_RE.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return None
    frac = (m.group(3) or "")[:7].ljust(7, "0") if m.group(3) else ""
    tz = "+00:00" if m.group(4) in ("Z", "z") else m.group(4)
    try:
        return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{frac[:7]}{tz}")
    except ValueError:
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json(raw: bytes, path: str) -> Any:
    if not isinstance(raw, bytes | bytearray):
        raise BadInput(_("contenu illisible"), path=path)
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(_("le fichier n'est pas en UTF-8"), path=path) from None
    if text.startswith("\ufeff"):
        text = text[1:]

    def no_constant(name: str) -> Any:
        raise _Refused(_("valeur {name} interdite en JSON").format(name=name))

    try:
        return json.loads(text, parse_constant=no_constant, object_pairs_hook=_checked_object)
    except json.JSONDecodeError as exc:
        raise BadInput(
            _("JSON invalide (ligne {lineno}, colonne {colno} : {msg})").format(
                lineno=exc.lineno, colno=exc.colno, msg=exc.msg
            ),
            path=path,
        ) from None
    except RecursionError:
        raise BadInput(_("JSON invalide (imbrication trop profonde)"), path=path) from None
    except _Refused as exc:
        raise BadInput(_("JSON invalide ({exc})").format(exc=exc), path=path) from None
    except ValueError:  # Python's limit on the digits of an integer read from text
        raise BadInput(
            _("JSON invalide (un nombre a des milliers de chiffres)"), path=path
        ) from None


class _Refused(ValueError):
    """Valid JSON that an export may not contain (said in the message)."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_text(value: Any) -> bool:
    if isinstance(value, str):
        return not value.isascii() and _SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_bad_text(v) for v in value if isinstance(v, str | list))
    return False


def _checked_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key appears twice (parsers disagree on which
    value wins: what was signed must mean one thing) or when a text holds a lone
    UTF-16 surrogate (« \\ud800 »: not a character, and not storable as UTF-8)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(
                    _("la clé « {key} » figure deux fois dans un objet").format(key=echo(key, 40))
                )
            seen.add(key)
    for key, value in pairs:
        # Inlined for the common case (ASCII texts, numbers): one call per object,
        # a 100,000-entry manifest has that many.
        kind = type(value)
        if (
            (not key.isascii() and _SURROGATE.search(key))
            or (kind is str and not value.isascii() and _SURROGATE.search(value))
            or (kind is list and _bad_text(value))
        ):
            raise _Refused(
                _(
                    "le champ « {value} » contient un caractère invalide (demi-paire de "
                    "substitution UTF-16 « \\uD800 » à « \\uDFFF »)"
                ).format(value=echo(_SURROGATE.sub("?", key), 40))
            )
    return obj


class _Fields:
    """Typed access to a JSON object's fields, each refusal naming the field."""

    def __init__(self, data: Any, path: str, where: str = "") -> None:
        if not isinstance(data, dict):
            raise BadInput(
                _("{where} doit être un objet JSON").format(where=where or "le document"), path=path
            )
        self.data = data
        self.path = path
        self.where = where

    def fail(self, key: str, reason: str) -> BadInput:
        return BadInput(
            _("champ « {where}{key} » {reason}").format(where=self.where, key=key, reason=reason),
            path=self.path,
        )

    def text(self, key: str, *, required: bool = True, empty: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, _("manquant"))
            return None
        if not isinstance(value, str):
            raise self.fail(key, _("doit être un texte"))
        if not empty and not value.strip():
            raise self.fail(key, _("vide"))
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        if not ID_RE.fullmatch(value):
            raise self.fail(
                key,
                _("invalide (« {value} » ne suit pas [a-z0-9][a-z0-9._-]*)").format(
                    value=echo(value, 60)
                ),
            )
        return value

    def sha256(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        if not SHA256_RE.fullmatch(value):
            raise self.fail(key, _("doit être un SHA-256 en hexadécimal minuscule (64 caractères)"))
        return value

    def integer(self, key: str, *, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.data.get(key)
        if value is None:
            raise self.fail(key, _("manquant"))
        if not _is_int(value):
            raise self.fail(key, _("doit être un entier"))
        if value < minimum:
            raise self.fail(key, _("doit être au moins {minimum}").format(minimum=minimum))
        if maximum is not None and value > maximum:
            raise self.fail(
                key,
                _("trop grand ({value}, {maximum} au plus)").format(
                    value=echo(value), maximum=maximum
                ),
            )
        return int(value)

    def timestamp(self, key: str, *, required: bool) -> str | None:
        value = self.text(key, required=required)
        if value is not None and parse_rfc3339(value) is None:
            raise self.fail(
                key, _("n'est pas une date RFC 3339 (« {value} »)").format(value=echo(value, 40))
            )
        return value

    def str_list(self, key: str, *, required: bool = False, ids: bool = False) -> list[str]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, _("manquant"))
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, _("doit être une liste de textes"))
        if ids:
            for v in value:
                if not ID_RE.fullmatch(v):
                    raise self.fail(
                        key, _("contient un identifiant invalide (« {v} »)").format(v=echo(v, 60))
                    )
        return list(value)


def _vocabulary(fields: _Fields, key: str) -> list[dict[str, Any]]:
    value = fields.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise fields.fail(key, _("doit être une liste"))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        f = _Fields(item, fields.path, f"{key}[{i}].")
        vid = f.ident("id")
        if vid in seen:
            raise fields.fail(key, _("contient deux fois « {vid} »").format(vid=vid))
        seen.add(vid)
        label = f.text("label")
        entry: dict[str, Any] = {"id": vid, "label": label}
        if key == "themes":
            entry["description"] = f.text("description", required=False, empty=True)
        out.append(entry)
    return out


# -- manifest.json ----------------------------------------------------------


def parse_manifest(raw: bytes, limits: Limits = DEFAULT_LIMITS, path: str = MANIFEST) -> Manifest:
    """Check and parse the exact bytes of manifest.json; BadInput on any problem."""
    if not isinstance(raw, bytes | bytearray):
        raise BadInput(_("contenu illisible"), path=path)
    if len(raw) > limits.manifest_bytes:
        raise BadInput(
            _("manifeste trop gros ({size} octets, {manifest_bytes} au plus)").format(
                size=len(raw), manifest_bytes=limits.manifest_bytes
            ),
            path=path,
        )
    data = _json(raw, path)
    f = _Fields(data, path)
    fmt = data.get("format")
    if fmt != FORMAT:
        raise BadInput(
            _("ce n'est pas un export rtes-desktop (format « {fmt} »)").format(fmt=echo(fmt)),
            path=path,
        )
    version = data.get("format_version")
    if not _is_int(version) or version < 1:
        raise f.fail("format_version", _("doit être un entier positif"))
    if version > FORMAT_VERSION:
        raise BadInput(
            _(
                "cet export est au format {version}, plus récent que celui que cette "
                "version connaît ({FORMAT_VERSION}) : mettez l'application à jour"
            ).format(version=echo(version), FORMAT_VERSION=FORMAT_VERSION),
            path=path,
        )
    src = _Fields(data.get("source"), path, "source.")
    source = SourceInfo(
        id=src.ident("id"),
        name=(src.text("name") or "").strip(),
        homepage=src.text("homepage", required=False),
    )
    serial = f.integer("serial", minimum=0, maximum=MAX_SERIAL)
    generated_at = f.timestamp("generated_at", required=False)
    expires_at = f.timestamp("expires_at", required=False)
    kinds = _vocabulary(f, "kinds")
    themes = _vocabulary(f, "themes")
    items = data.get("entries")
    if not isinstance(items, list):
        raise f.fail("entries", _("manquant ou n'est pas une liste"))
    if len(items) > limits.entries:
        raise BadInput(
            _("trop d'entrées ({count}, {entries} au plus)").format(
                count=len(items), entries=limits.entries
            ),
            path=path,
        )
    entries: list[ManifestEntry] = []
    seen: set[str] = set()
    total = 0
    for i, item in enumerate(items):
        ef = _Fields(item, path, f"entries[{i}].")
        eid = ef.ident("id")
        if eid in seen:
            raise BadInput(_("l'entrée « {eid} » figure deux fois").format(eid=eid), path=path)
        seen.add(eid)
        size = ef.integer("size", minimum=2, maximum=limits.entry_bytes)
        total += size
        entries.append(
            ManifestEntry(
                id=eid,
                sha256=ef.sha256("sha256"),
                size=size,
                updated_at=ef.timestamp("updated_at", required=False),
            )
        )
    if total > limits.total_bytes:
        raise BadInput(
            _("export trop volumineux ({total} octets, {total_bytes} au plus)").format(
                total=total, total_bytes=limits.total_bytes
            ),
            path=path,
        )
    return Manifest(
        format_version=int(version),
        source=source,
        serial=serial,
        generated_at=generated_at,
        expires_at=expires_at,
        kinds=kinds,
        themes=themes,
        entries=entries,
        app=parse_app_versions(data.get("app"), path),
    )


# -- manifest.json.sig ------------------------------------------------------


def parse_signature(
    raw: bytes, limits: Limits = DEFAULT_LIMITS, path: str = SIGNATURE
) -> Signature:
    """Check and parse manifest.json.sig (`{"key_id": …, "signature": base64}`, with
    optional `serial`, `manifest_sha256` and `previous`)."""
    if isinstance(raw, bytes | bytearray) and len(raw) > limits.signature_bytes:
        raise BadInput(_("signature trop grosse ({size} octets)").format(size=len(raw)), path=path)
    return _signature(_Fields(_json(raw, path), path), nested=False)


def _signature(f: _Fields, *, nested: bool) -> Signature:
    key_id = f.text("key_id")
    assert key_id is not None
    if not KEY_ID_RE.fullmatch(key_id):
        raise f.fail("key_id", _("doit faire 16 caractères hexadécimaux minuscules"))
    text = f.text("signature")
    assert text is not None
    try:
        sig = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise f.fail("signature", _("n'est pas du base64 valide")) from None
    if len(sig) != 64:
        raise f.fail(
            "signature", _("doit faire 64 octets une fois décodée ({count})").format(count=len(sig))
        )
    serial = f.integer("serial") if f.data.get("serial") is not None else None
    sha = f.sha256("manifest_sha256") if f.data.get("manifest_sha256") is not None else None
    previous = None
    if not nested and f.data.get("previous") is not None:
        previous = _signature(_Fields(f.data["previous"], f.path, "previous."), nested=True)
    return Signature(key_id, sig, serial, sha, previous)


# -- entry documents --------------------------------------------------------


def parse_entry(
    raw: bytes,
    *,
    source_id: str,
    sha256: str,
    expected_id: str | None = None,
    kinds: set[str] | None = None,
    themes: set[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    path: str | None = None,
) -> Entry:
    """Check and parse one entry document (an object whose hash is `sha256`).

    `kinds`/`themes` are the manifest's vocabularies (None: not checked);
    `expected_id` is the id the manifest lists for this object.
    """
    path = path or object_path(sha256)
    if isinstance(raw, bytes | bytearray) and len(raw) > limits.entry_bytes:
        raise BadInput(_("document trop gros ({size} octets)").format(size=len(raw)), path=path)
    f = _Fields(_json(raw, path), path)
    entry_id = f.ident("id")
    if expected_id is not None and entry_id != expected_id:
        raise BadInput(
            _(
                "l'entrée s'appelle « {entry_id} » mais le manifeste annonce « {expected_id} »"
            ).format(entry_id=entry_id, expected_id=expected_id),
            path=path,
        )
    kind = f.ident("kind")
    if kinds is not None and kind not in kinds:
        raise f.fail(
            "kind", _("« {kind} » n'est pas un type déclaré dans le manifeste").format(kind=kind)
        )
    title = f.text("title")
    body = f.text("body", empty=True)
    theme_ids = f.str_list("themes", required=True, ids=True)
    if themes is not None:
        unknown = [t for t in theme_ids if t not in themes]
        if unknown:
            raise f.fail(
                "themes",
                _("contient des thèmes non déclarés : {value}").format(
                    value=", ".join(unknown[:5])
                ),
            )
    published_at = f.text("published_at")
    assert published_at is not None
    if not DATE_RE.fullmatch(published_at) or not _valid_date(published_at):
        raise f.fail(
            "published_at",
            _("doit être une date AAAA-MM-JJ (« {published_at} »)").format(
                published_at=published_at[:40]
            ),
        )
    updated_at = f.timestamp("updated_at", required=True)
    lang = f.text("lang", required=False) or "fr"
    if not LANG_RE.fullmatch(lang):
        raise f.fail("lang", _("n'est pas une langue BCP 47 (« {lang} »)").format(lang=lang[:40]))
    audience = f.text("audience", required=False) or "public"
    if audience not in AUDIENCES:
        raise f.fail("audience", _("doit valoir « public » ou « members »"))
    source_url = f.text("source_url", required=False)
    if source_url is not None and not re.match(r"https?://[^\s]+$", source_url):
        raise f.fail("source_url", _("doit être une adresse https://"))
    attachments = _attachments(f, limits)
    return Entry(
        source_id=source_id,
        id=entry_id,
        kind=kind,
        title=(title or "").strip(),
        body=body or "",
        published_at=published_at,
        updated_at=updated_at or "",
        sha256=sha256,
        summary=f.text("summary", required=False, empty=True),
        lang=lang,
        region=f.text("region", required=False),
        audience=audience,
        authors=f.str_list("authors"),
        source_url=source_url,
        themes=theme_ids,
        related=f.str_list("related", ids=True),
        attachments=attachments,
    )


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


_BAD_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


def _attachments(f: _Fields, limits: Limits) -> list[Attachment]:
    value = f.data.get("attachments")
    if value is None:
        return []
    if not isinstance(value, list):
        raise f.fail("attachments", _("doit être une liste"))
    out = []
    for i, item in enumerate(value):
        af = _Fields(item, f.path, f"attachments[{i}].")
        name = (af.text("name") or "").strip()
        # The name is shown in the reader and becomes a file name when the user opens
        # the attachment: refused (not rewritten) when it could deceive either, so the
        # publisher hears of it and the user never sees a name other than the real one.
        if _BAD_NAME_CHARS.search(name) or name in (".", ".."):
            raise af.fail("name", _("n'est pas un nom de fichier acceptable"))
        problem = attachment_name_problem(name)
        if problem:
            raise af.fail(
                "name", _("(« {name} ») {problem}").format(name=visible(name)[:60], problem=problem)
            )
        media_type = af.text("media_type")
        assert media_type is not None
        if not re.fullmatch(r"[\w.+-]+/[\w.+-]+", media_type):
            raise af.fail(
                "media_type",
                _("n'est pas un type de média (« {media_type} »)").format(
                    media_type=media_type[:40]
                ),
            )
        text_sha = text_size = None
        if item.get("text_sha256") is not None:  # optional extension (issue 14)
            text_sha = af.sha256("text_sha256")
            text_size = af.integer("text_size", minimum=2, maximum=limits.text_bytes)
        out.append(
            Attachment(
                name=name,
                media_type=media_type,
                sha256=af.sha256("sha256"),
                size=af.integer("size", minimum=0, maximum=limits.attachment_bytes),
                text_sha256=text_sha,
                text_size=text_size,
            )
        )
    return out


# -- page text of an attachment (optional extension within format 1) -------------

PAGE_TEXT_FORMAT = "rtes-pdf-text"


def parse_page_text(
    raw: bytes, *, sha256: str, limits: Limits = DEFAULT_LIMITS, path: str | None = None
) -> list[str]:
    """Check and parse an attachment's text object: `{"format": "rtes-pdf-text",
    "pages": ["…", …]}`; the list of page texts (page 1 first)."""
    path = path or object_path(sha256)
    if isinstance(raw, bytes | bytearray) and len(raw) > limits.text_bytes:
        raise BadInput(
            _("texte de pièce jointe trop gros ({size} octets)").format(size=len(raw)), path=path
        )
    f = _Fields(_json(raw, path), path)
    if f.data.get("format") != PAGE_TEXT_FORMAT:
        raise f.fail(
            "format",
            _("doit valoir « {PAGE_TEXT_FORMAT} »").format(PAGE_TEXT_FORMAT=PAGE_TEXT_FORMAT),
        )
    return f.str_list("pages", required=True)


# -- writing (the publisher's side) -----------------------------------------


def dump_json(value: Any) -> bytes:
    """Canonical bytes for a document: sorted keys, UTF-8, no spaces, final newline.

    The same content always gives the same bytes, hence the same hash: that is
    what lets a client skip what has not changed.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _signature_fields(sig: Signature) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "key_id": sig.key_id,
        "signature": base64.b64encode(sig.signature).decode("ascii"),
    }
    if sig.serial is not None:
        doc["serial"] = sig.serial
    if sig.manifest_sha256 is not None:
        doc["manifest_sha256"] = sig.manifest_sha256
    return doc


def signature_document(
    key_id: str,
    signature: bytes,
    *,
    serial: int | None = None,
    manifest_sha256: str | None = None,
    previous: Signature | None = None,
) -> bytes:
    """The bytes of manifest.json.sig (older clients read `key_id` and `signature`
    only and ignore the other fields)."""
    doc = _signature_fields(Signature(key_id, signature, serial, manifest_sha256))
    if previous is not None:
        doc["previous"] = _signature_fields(previous)
    return dump_json(doc)
