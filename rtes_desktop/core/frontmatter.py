"""A publisher's source folder: `source.yaml` plus Markdown files with YAML front matter.

This is what `publish` turns into an export, and what the bundled demo library is
written in. Every refusal names the file and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import read_small_file, read_small_text

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
MAX_MARKDOWN_BYTES = 2_000_000


@dataclass
class SourceFile:
    """One Markdown file: its front matter (validated) and body."""

    path: Path
    meta: dict[str, Any]
    body: str


@dataclass
class SourceTree:
    """A whole source folder, read and checked."""

    root: Path
    source: dict[str, Any]
    kinds: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    files: list[SourceFile] = field(default_factory=list)


def _yaml(text: str, path: Path) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ligne {mark.line + 1}" if mark else ""
        raise BadInput(f"YAML invalide{where}", path=str(path)) from None


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split `---` YAML front matter from the Markdown body."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise BadInput("pas d'en-tête YAML (le fichier doit commencer par ---)", path=str(path))
    match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.S)
    if not match:
        raise BadInput("en-tête YAML non refermé (--- manquant)", path=str(path))
    meta = _yaml(match.group(1), path)
    if not isinstance(meta, dict):
        raise BadInput("l'en-tête YAML doit être un dictionnaire", path=str(path))
    return meta, text[match.end() :]


def read_markdown(path: Path) -> SourceFile:
    """Read one entry file and check its front matter's required fields."""
    raw = read_small_file(path, MAX_MARKDOWN_BYTES, "fiche Markdown")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("le fichier n'est pas en UTF-8", path=str(path)) from None
    meta, body = split_front_matter(text, path)
    for key in ("id", "kind", "title"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise BadInput(f"champ « {key} » manquant ou vide", path=str(path))
    if not ID_RE.match(meta["id"]):
        raise BadInput(f"identifiant invalide « {meta['id']} »", path=str(path))
    for key in ("published_at", "updated_at"):
        if key in meta and meta[key] is not None:
            meta[key] = _as_text(meta[key])
    if "published_at" not in meta:
        raise BadInput("champ « published_at » manquant", path=str(path))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["published_at"]):
        raise BadInput("published_at doit être de la forme AAAA-MM-JJ", path=str(path))
    meta.setdefault("updated_at", meta["published_at"] + "T00:00:00Z")
    themes = meta.get("themes", [])
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise BadInput("« themes » doit être une liste d'identifiants", path=str(path))
    meta["themes"] = themes
    return SourceFile(path=path, meta=meta, body=body.strip() + "\n")


def read_source_tree(root: Path) -> SourceTree:
    """Read `root/source.yaml` and every `*.md` below `root`, checked together."""
    root = Path(root)
    if not root.is_dir():
        raise BadInput("dossier introuvable", path=str(root))
    conf_path = root / "source.yaml"
    if not conf_path.exists():  # a FIFO or a folder is refused when read, not "missing"
        raise BadInput(
            "source.yaml manquant (id, nom, types et thèmes de la source)", path=str(root)
        )
    conf = _yaml(read_small_text(conf_path, MAX_MARKDOWN_BYTES, "source.yaml"), conf_path)
    if not isinstance(conf, dict) or not isinstance(conf.get("source"), dict):
        raise BadInput("section « source » manquante", path=str(conf_path))
    source = conf["source"]
    if not isinstance(source.get("id"), str) or not ID_RE.match(source["id"]):
        raise BadInput("source.id manquant ou invalide", path=str(conf_path))
    source.setdefault("name", source["id"])
    kinds = conf.get("kinds") or []
    themes = conf.get("themes") or []
    for what, vocab in (("kinds", kinds), ("themes", themes)):
        if not isinstance(vocab, list) or not all(
            isinstance(v, dict) and isinstance(v.get("id"), str) and isinstance(v.get("label"), str)
            for v in vocab
        ):
            raise BadInput(f"« {what} » doit être une liste de {{id, label}}", path=str(conf_path))
    tree = SourceTree(root=root, source=source, kinds=kinds, themes=themes)
    kind_ids = {k["id"] for k in kinds}
    theme_ids = {t["id"] for t in themes}
    seen: dict[str, Path] = {}
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        sf = read_markdown(path)
        entry_id = sf.meta["id"]
        if entry_id in seen:
            raise BadInput(
                f"identifiant « {entry_id} » déjà utilisé par {seen[entry_id]}", path=str(path)
            )
        seen[entry_id] = path
        if kind_ids and sf.meta["kind"] not in kind_ids:
            raise BadInput(f"type « {sf.meta['kind']} » absent de source.yaml", path=str(path))
        unknown = [t for t in sf.meta["themes"] if t not in theme_ids]
        if unknown:
            raise BadInput(f"thèmes absents de source.yaml : {', '.join(unknown)}", path=str(path))
        tree.files.append(sf)
    return tree
