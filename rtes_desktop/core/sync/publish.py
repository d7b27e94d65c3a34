"""The publisher's side: build an export from a folder of Markdown files.

`publish(SRC_DIR, OUT)` reads `source.yaml` and every `*.md` with YAML front matter
(`frontmatter.read_source_tree`), writes each entry as a canonical JSON document
(same content, same bytes, same hash) and each attachment as an object, then
`manifest.json` and, with a private key, `manifest.json.sig`.

PDFs (issue 14): `catalogue.csv` describes PDFs that have no Markdown file
(`catalogue.py`), and the text of every PDF attachment is extracted page by page
in a bounded worker process (`pdf_text.py`) and shipped as its own object, named
by the attachment's optional `text_sha256`/`text_size` fields. A PDF that gives no
text (a scan) or that is refused (malformed, hostile) is shipped without text and
reported, one line each, in `PublishResult.pdf_problems`.

Incremental: when OUT already holds an export of the same source, the serial is
the previous one + 1 and objects whose hash did not change are not written again,
so clients fetch only what changed. Every document is checked with the client's
own parser before anything is written: publish never produces an export that a
client would refuse.

One serial per source, whatever is written: SRC_DIR keeps the last publication
(`.rtes-publish.json`: its serial and exact manifest bytes). Writing the same
content to another place (the USB zip after the web folder, or the reverse)
reuses that serial and those bytes, so a client that synced one of them reads the
other as « no change »; a new content takes max(known serials) + 1.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import open_regular, read_small_file
from rtes_desktop.core.frontmatter import SourceFile, read_source_tree
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.sync.catalogue import read_catalogue
from rtes_desktop.core.sync.export_format import (
    DEFAULT_LIMITS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    Manifest,
    Signature,
    dump_json,
    object_path,
    parse_entry,
    parse_manifest,
    parse_rfc3339,
    parse_signature,
)
from rtes_desktop.core.sync.export_reader import ZipReader
from rtes_desktop.core.sync.publish_pdfs import PdfTexts, previous_texts
from rtes_desktop.core.sync.signing import key_id_of, load_private_key, sign_manifest

#: front-matter keys copied into entry documents (others, like `file`, stay private)
ENTRY_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "themes",
    "published_at",
    "updated_at",
    "lang",
    "region",
    "audience",
    "authors",
    "source_url",
    "related",
)
DEFAULT_EXPIRES_DAYS = 90
#: in SRC_DIR: the last publication of this source (serial + manifest bytes)
STATE_FILE = ".rtes-publish.json"


@dataclass
class PublishResult:
    """What a publication wrote."""

    path: Path
    serial: int
    entries: int
    objects_written: int = 0
    objects_reused: int = 0
    signed_by: str | None = None
    changed: bool = True
    warnings: list[str] = field(default_factory=list)
    #: PDFs whose text ships in the export
    pdf_texts: int = 0
    #: one line per PDF shipped without text (scan, malformed, hostile), naming it
    pdf_problems: list[str] = field(default_factory=list)

    def summary_fr(self) -> str:
        """One line for the command line."""
        if not self.changed:
            return f"{self.path} : aucun changement, export n°{self.serial} conservé"
        signed = f"signé par {self.signed_by}" if self.signed_by else "NON signé"
        entries = f"{self.entries} entrée" + ("s" if self.entries > 1 else "")
        written = f"{self.objects_written} objet" + ("s" if self.objects_written > 1 else "")
        written += " écrit" + ("s" if self.objects_written > 1 else "")
        reused = f"{self.objects_reused} réutilisé" + ("s" if self.objects_reused > 1 else "")
        pdfs = ""
        if self.pdf_texts or self.pdf_problems:
            pdfs = f", texte de {self.pdf_texts} PDF"
            if self.pdf_problems:
                pdfs += f" ({len(self.pdf_problems)} sans texte)"
        return (
            f"{self.path} : export n°{self.serial}, {entries}, {written}, {reused}{pdfs}, {signed}"
        )


def _sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open_regular(path, "pièce jointe") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _attachment_file(spec: Any, sf: SourceFile, root: Path, index: int) -> tuple[Path, str, str]:
    where = str(sf.path)
    if isinstance(spec, str):
        spec = {"file": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("file"), str):
        raise BadInput(f"attachments[{index}] : « file » (chemin du fichier) manquant", path=where)
    rel = spec["file"]
    for base in (sf.path.parent, root):  # relative to the Markdown file, else to SRC_DIR
        candidate = base / rel
        if candidate.is_file():
            break
    else:
        raise BadInput(f"pièce jointe introuvable : {rel}", path=where)
    name = spec.get("name") or candidate.name
    media_type = (
        spec.get("media_type")
        or mimetypes.guess_type(candidate.name)[0]
        or "application/octet-stream"
    )
    if not isinstance(name, str) or not isinstance(media_type, str):
        raise BadInput(
            f"attachments[{index}] : « name » et « media_type » sont des textes", path=where
        )
    return candidate, name, media_type


def _write_object(objects_root: Path, sha: str, data: bytes | None, src: Path | None) -> bool:
    """Put one object in place unless it is already there; True when written."""
    dest = objects_root / sha[:2] / sha
    if dest.is_file():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(sha + ".tmp")
    if data is not None:
        tmp.write_bytes(data)
    else:
        assert src is not None
        shutil.copyfile(src, tmp)
    replace_with_retry(tmp, dest)
    return True


def _previous(out: Path, as_zip: bool) -> Manifest | None:
    if as_zip:
        if not out.exists():
            return None
        reader = ZipReader(out)
        try:
            fetched = reader.read_manifest()
        finally:
            reader.close()
        assert fetched is not None
        return parse_manifest(fetched.body, path=f"{out}:{MANIFEST}")
    path = out / MANIFEST
    if not path.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise BadInput(
                "le dossier de sortie n'est pas vide et ne contient pas d'export ; "
                "choisissez un dossier vide",
                path=str(out),
            )
        return None
    return parse_manifest(
        read_small_file(path, DEFAULT_LIMITS.manifest_bytes, MANIFEST), path=str(path)
    )


def publish(
    src_dir: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    key: str | os.PathLike[str] | Ed25519PrivateKey | None = None,
    as_zip: bool = False,
    expires_days: int | None = DEFAULT_EXPIRES_DAYS,
    now: datetime | None = None,
    skip_if_unchanged: bool = False,
    keep_state: bool = True,
) -> PublishResult:
    """Build (or update) the export of SRC_DIR in OUT (a folder, or a .zip file).

    With `keep_state`, SRC_DIR/.rtes-publish.json records this publication so that
    the same content written elsewhere keeps the same serial and manifest bytes.
    """
    out = Path(out)
    tree = read_source_tree(Path(src_dir))
    # Every catalogue row is checked before anything is written (all or nothing).
    tree.files += read_catalogue(
        tree.root,
        kinds={k["id"] for k in tree.kinds},
        themes={t["id"] for t in tree.themes},
        taken_ids={sf.meta["id"]: sf.path for sf in tree.files},
    )
    private = key if isinstance(key, Ed25519PrivateKey) or key is None else load_private_key(key)
    prev = _previous(out, as_zip)
    source_id = tree.source["id"]
    if prev is not None and prev.source.id != source_id:
        raise BadInput(
            f"contient l'export de la source « {prev.source.id} », pas de « {source_id} »",
            path=str(out),
        )
    now = now or datetime.now(UTC)
    state = _read_state(Path(src_dir), source_id)
    serial = max(prev.serial if prev else 0, state[0] if state else 0) + 1
    kinds = [{"id": k["id"], "label": k["label"]} for k in tree.kinds]
    themes = [
        {k: t[k] for k in ("id", "label", "description") if t.get(k) is not None}
        for t in tree.themes
    ]
    source: dict[str, Any] = {"id": source_id, "name": str(tree.source["name"])}
    if tree.source.get("homepage"):
        source["homepage"] = str(tree.source["homepage"])

    if as_zip:
        if not out.parent.is_dir():
            raise BadInput("dossier introuvable", path=str(out.parent))
    else:
        out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".publish-", dir=out.parent))
    try:
        objects_root = workdir / "objects" if as_zip else out / "objects"
        result = PublishResult(path=out, serial=serial, entries=len(tree.files))
        texts = PdfTexts(objects_root, result, previous_texts(out, prev, as_zip))
        try:
            manifest_entries, referenced = _build_objects(
                tree, objects_root, kinds, themes, result, texts
            )
        finally:
            texts.close()
        if (
            skip_if_unchanged
            and prev is not None
            and _same(prev, manifest_entries, kinds, themes, source)
        ):
            result.serial, result.changed = prev.serial, False
            return result
        if state is not None and _reusable(
            state, prev, private, now, manifest_entries, kinds, themes, source
        ):
            # The same publication on another medium: same serial, same bytes.
            result.serial = state[0]
            _finish(out, workdir, state[1], private, prev, referenced, as_zip, result)
            return result
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "source": source,
            "serial": serial,
            "generated_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if expires_days:
            manifest["expires_at"] = (now + timedelta(days=expires_days)).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
        manifest.update(kinds=kinds, themes=themes, entries=manifest_entries)
        raw = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        parse_manifest(raw)  # what clients will check, checked here first
        _finish(out, workdir, raw, private, prev, referenced, as_zip, result)
        if keep_state:
            _write_state(Path(src_dir), source_id, serial, raw, result)
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _finish(
    out: Path,
    workdir: Path,
    raw: bytes,
    private: Ed25519PrivateKey | None,
    prev: Manifest | None,
    referenced: set[str],
    as_zip: bool,
    result: PublishResult,
) -> None:
    """Sign `raw` and write it with its objects to OUT."""
    # Ed25519 is deterministic: the same manifest gets the same signature on every
    # medium; only `previous` (what this OUT held before) differs between them.
    previous = None if as_zip else _previous_signature(out, prev)
    sig = sign_manifest(private, raw, previous) if private is not None else None
    if private is not None:
        result.signed_by = key_id_of(private.public_key())
    else:
        result.warnings.append(
            "export NON signé (pas de --key) : les clients le refuseront, sauf avec "
            "--allow-unsigned"
        )
    if as_zip:
        _write_zip(out, workdir, raw, sig, referenced)
    else:
        _write_folder(out, raw, sig, prev, referenced)


def _read_state(src: Path, source_id: str) -> tuple[int, bytes, str | None] | None:
    """(serial, manifest bytes, key id or None) of the last publication of SRC_DIR."""
    path = src / STATE_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(read_small_file(path, DEFAULT_LIMITS.manifest_bytes * 2, STATE_FILE))
        raw = data["manifest"].encode("utf-8")
        manifest = parse_manifest(raw)
        key_id = data.get("key_id")
    except (BadInput, ValueError, TypeError, KeyError, AttributeError):
        return None  # damaged: the serials already published still count through OUT
    if manifest.source.id != source_id or manifest.serial != data.get("serial"):
        return None
    return manifest.serial, raw, key_id if isinstance(key_id, str) else None


def _write_state(src: Path, source_id: str, serial: int, raw: bytes, result: PublishResult) -> None:
    state = {
        "source_id": source_id,
        "serial": serial,
        "key_id": result.signed_by,
        "manifest": raw.decode("utf-8"),
    }
    tmp = src / (STATE_FILE + ".tmp")
    try:
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, src / STATE_FILE)
    except OSError as exc:
        result.warnings.append(
            f"{src / STATE_FILE} : impossible d'enregistrer le numéro de cette publication "
            f"({exc.strerror or exc}) : un export vers un autre support prendra un autre numéro"
        )


def _reusable(
    state: tuple[int, bytes, str | None],
    prev: Manifest | None,
    private: Ed25519PrivateKey | None,
    now: datetime,
    entries: list[dict[str, Any]],
    kinds: list[dict[str, Any]],
    themes: list[dict[str, Any]],
    source: dict[str, Any],
) -> bool:
    """True when OUT should carry the last publication unchanged: same content, same
    key, not expired, and OUT does not hold it (or newer) already."""
    serial, raw, key_id = state
    if prev is not None and prev.serial >= serial:
        return False  # OUT already holds it (so this is a new publication) or newer
    if key_id != (key_id_of(private.public_key()) if private is not None else None):
        return False
    manifest = parse_manifest(raw)
    when = parse_rfc3339(manifest.expires_at) if manifest.expires_at else None
    if when is not None and when <= now:
        return False
    return _same(manifest, entries, kinds, themes, source)


def _build_objects(
    tree: Any,
    objects_root: Path,
    kinds: list[dict[str, Any]],
    themes: list[dict[str, Any]],
    result: PublishResult,
    texts: PdfTexts,
) -> tuple[list[dict[str, Any]], set[str]]:
    kind_ids = {k["id"] for k in kinds} or None
    theme_ids = {t["id"] for t in themes}
    entries: list[dict[str, Any]] = []
    referenced: set[str] = set()
    for sf in tree.files:
        doc = {k: sf.meta[k] for k in ENTRY_FIELDS if sf.meta.get(k) is not None}
        for key in ("authors", "related"):  # `authors: RTES` is what people write
            if isinstance(doc.get(key), str):
                doc[key] = [doc[key]]
        doc["body"] = sf.body
        attachments = []
        for i, spec in enumerate(sf.meta.get("attachments") or []):
            path, name, media_type = _attachment_file(spec, sf, tree.root, i)
            sha, size = _sha256_file(path)
            attachment = {"name": name, "media_type": media_type, "sha256": sha, "size": size}
            written = _write_object(objects_root, sha, None, path)
            result.objects_written += written
            result.objects_reused += not written and sha not in referenced
            referenced.add(sha)
            if media_type == "application/pdf":
                text = texts.text_of(path, sha, name)
                if text is not None:
                    attachment["text_sha256"], attachment["text_size"] = text.sha256, text.size
                    referenced.add(text.sha256)
                    if doc.get("summary") is None and sf.meta.get("catalogue_line"):
                        # catalogue.csv without a summary: the PDF's first paragraph
                        doc["summary"] = text.first_paragraph
            attachments.append(attachment)
        if attachments:
            doc["attachments"] = attachments
        if doc.get("summary") is None:
            doc.pop("summary", None)
        data = dump_json(doc)
        sha = hashlib.sha256(data).hexdigest()
        try:
            parse_entry(
                data, source_id=tree.source["id"], sha256=sha, kinds=kind_ids, themes=theme_ids
            )
        except BadInput as exc:  # name the Markdown file (or catalogue line), not the object
            where = str(sf.path)
            if sf.meta.get("catalogue_line"):
                where += f", ligne {sf.meta['catalogue_line']}"
            raise BadInput(exc.message, path=where) from None
        written = _write_object(objects_root, sha, data, None)
        result.objects_written += written
        result.objects_reused += not written
        referenced.add(sha)
        entries.append(
            {"id": doc["id"], "sha256": sha, "size": len(data), "updated_at": doc["updated_at"]}
        )
    entries.sort(key=lambda e: e["id"])
    return entries, referenced


def _same(
    prev: Manifest,
    entries: list[dict[str, Any]],
    kinds: list[dict[str, Any]],
    themes: list[dict[str, Any]],
    source: dict[str, Any],
) -> bool:
    prev_entries = [(e.id, e.sha256, e.size) for e in prev.entries]
    prev_themes = [{k: v for k, v in t.items() if v is not None} for t in prev.themes]
    return (
        prev_entries == [(e["id"], e["sha256"], e["size"]) for e in entries]
        and prev.kinds == kinds
        and prev_themes == themes
        and (prev.source.id, prev.source.name, prev.source.homepage)
        == (source["id"], source["name"], source.get("homepage"))
    )


def _previous_signature(out: Path, prev: Manifest | None) -> Signature | None:
    """The signature of the manifest being replaced, with the serial and SHA-256 of
    that manifest: the new manifest.json.sig carries it as `previous`."""
    if prev is None or not (out / SIGNATURE).exists():
        return None
    try:
        old_raw = read_small_file(out / MANIFEST, DEFAULT_LIMITS.manifest_bytes, MANIFEST)
        old = parse_signature(
            read_small_file(out / SIGNATURE, DEFAULT_LIMITS.signature_bytes, SIGNATURE)
        )
    except BadInput:
        return None  # a broken old signature is not worth keeping
    return Signature(old.key_id, old.signature, prev.serial, hashlib.sha256(old_raw).hexdigest())


def _write_folder(
    out: Path, raw: bytes, sig: bytes | None, prev: Manifest | None, referenced: set[str]
) -> None:
    # Objects are in place already; the manifest goes last, so a client never sees a
    # manifest naming objects that are not there yet. The signature goes just before
    # it: between the two, a client reads the old manifest with the new signature,
    # which carries the old manifest's signature as `previous` and so still verifies.
    # (A cache serving the new manifest with the old signature gets « export en cours
    # de mise à jour, réessayez » from the client, never « modifié ».)
    if sig is not None:
        tmp = out / (SIGNATURE + ".tmp")
        tmp.write_bytes(sig)
        replace_with_retry(tmp, out / SIGNATURE)
    else:
        (out / SIGNATURE).unlink(missing_ok=True)
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_bytes(raw)
    replace_with_retry(tmp, out / MANIFEST)
    # Keep one generation of old objects for clients syncing from the previous
    # manifest right now; older ones go.
    keep = set(referenced)
    if prev is not None:
        for e in prev.entries:
            keep.add(e.sha256)
            doc = out / object_path(e.sha256)
            if e.sha256 not in referenced and doc.is_file():
                try:
                    old = json.loads(read_small_file(doc, DEFAULT_LIMITS.entry_bytes, "objet"))
                    for a in old.get("attachments") or []:
                        keep.add(a["sha256"])
                        if a.get("text_sha256"):
                            keep.add(a["text_sha256"])
                except (ValueError, TypeError, KeyError, BadInput):
                    pass
    for path in (out / "objects").glob("*/*"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _write_zip(
    out: Path, workdir: Path, raw: bytes, sig: bytes | None, referenced: set[str]
) -> None:
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, raw)
        if sig is not None:
            zf.writestr(SIGNATURE, sig)
        for sha in sorted(referenced):
            zf.write(workdir / object_path(sha), object_path(sha))
    replace_with_retry(tmp, out)
