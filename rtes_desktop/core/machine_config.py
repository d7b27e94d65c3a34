"""The machine-wide configuration IT deploys: sources, trusted keys, a pre-seeded export.

An IT service that installs the application on many computers drops one TOML file,
`rtes-desktop.toml`, either in the system location of the platform or beside the
executable (docs/deploy.md). Each user's library then starts with the network's source
and its publisher keys already configured, and, on a first start, with a pre-seeded
export instead of the demo.

A bad file never stops the application: what cannot be read is logged in one French
sentence and skipped, and the rest applies. No Qt here (core).

This module only reads the file (the backup reads `backup_dir` from it, below the
library); `core/first_run.py` applies it to a library at start.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtes_desktop import APP_NAME
from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.files import read_small_file
from rtes_desktop.core.sync.proxy import ProxyConfig

log = logging.getLogger(__name__)

CONFIG_NAME = "rtes-desktop.toml"
#: Points at a configuration file, replacing every other location (tests, trials by IT).
ENV_MACHINE_CONFIG = "RTES_DESKTOP_MACHINE_CONFIG"

_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
_KNOWN_TOP = {
    "version",
    "seed_export",
    "attachments_max_auto_bytes",
    "sources",
    "backup_dir",
    "update_notice",
    "proxy",
}
_KNOWN_PROXY = {"url", "no_proxy", "pac_url", "wpad"}
#: http://[user:password@]proxy:3128, or proxy:3128 as Windows writes it
_PROXY_URL = re.compile(r"^(https?://)?[^\s/]+:\d{1,5}/?$", re.I)
_PAC_URL = re.compile(r"^(https?|file)://\S+$", re.I)
_KNOWN_SOURCE = {"id", "name", "url", "keys"}

#: a machine configuration is a few lines of TOML; anything bigger is not one
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ConfiguredKey:
    """A publisher's public key IT trusts, for one source."""

    key_id: str
    pem: str
    source_id: str
    label: str


@dataclass(frozen=True)
class ConfiguredSource:
    """A source IT configures: its id, name, and where it is synced from (optional)."""

    id: str
    name: str
    url: str | None
    keys: tuple[ConfiguredKey, ...] = ()


@dataclass(frozen=True)
class MachineConfig:
    """What a configuration file says, once checked. `problems` lists what was skipped."""

    path: Path
    sources: tuple[ConfiguredSource, ...] = ()
    seed_export: Path | None = None
    attachments_max_auto_bytes: int | None = None
    backup_dir: Path | None = None  # a second backup folder (core/backup.py), may not exist
    #: « Une nouvelle version est disponible » (core/update_notice.py); IT may turn it off
    #: when it deploys versions itself.
    update_notice: bool = True
    #: `[proxy]`: IT's proxy, bypass list, auto-configuration (core/sync/proxy.py)
    proxy: ProxyConfig | None = None
    problems: tuple[str, ...] = field(default=())


# -- where the file is -------------------------------------------------------


def system_config_dir() -> Path:
    """The platform's machine-wide folder: %PROGRAMDATA%\\rtes-desktop (Windows),
    /Library/Application Support/rtes-desktop (macOS), /etc/xdg/rtes-desktop (Linux)."""
    import platformdirs

    # appauthor=False: no "RTES" level on Windows, so the path IT types stays short.
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False))


def executable_dir() -> Path | None:
    """The folder of the frozen executable; None when running from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def candidate_paths() -> list[Path]:
    """Where the configuration is looked for, the winning one first."""
    explicit = os.environ.get(ENV_MACHINE_CONFIG)
    if explicit:
        return [Path(explicit).expanduser()]
    found = []
    exe = executable_dir()
    if exe is not None:
        found.append(exe / CONFIG_NAME)  # beside the executable: wins over the system file
    found.append(system_config_dir() / CONFIG_NAME)
    return found


def find_config() -> Path | None:
    """The configuration file in force, or None when there is none."""
    for path in candidate_paths():
        if path.is_file():
            return path
    return None


# -- reading -----------------------------------------------------------------


def _read_key(spec: Any, base: Path, source_id: str, where: str) -> ConfiguredKey:
    from rtes_desktop.core.sync.signing import load_public_key_file, parse_public_pem

    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"{where} : une clé doit être un chemin de fichier .pem ou un texte PEM")
    try:
        if "-----BEGIN" in spec:
            key = parse_public_pem(spec.strip() + "\n", path=f"{where}, clé en ligne")
            label = key.label or f"{source_id} (configuration machine)"
        else:
            key = load_public_key_file((base / spec).expanduser())
            label = key.label
    except RtesError as exc:
        raise ValueError(f"{where} : clé refusée : {exc}") from None
    return ConfiguredKey(key_id=key.key_id, pem=key.pem, source_id=source_id, label=label)


def _read_url(value: Any, base: Path, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} : « url » doit être un texte")
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        if not value.lower().startswith(("https://", "http://")):
            raise ValueError(f"{where} : seules les adresses http(s) sont acceptées ({value})")
        from rtes_desktop.core.sync.http_client import check_url

        try:  # no password in clear in a deployed file, nor in the library's sources
            check_url(value)
        except BadInput as exc:
            raise ValueError(f"{where} : {exc}") from None
        return value
    # A folder or a zip on a share: relative paths are taken from the file's folder.
    return str((base / value).expanduser())


def _read_proxy(value: Any, problems: list[str]) -> ProxyConfig | None:
    """`[proxy]`: each bad item is skipped with its reason (the others still apply)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append("« proxy » doit être une table [proxy] ; ignoré")
        return None
    for unknown in sorted(set(value) - _KNOWN_PROXY):
        problems.append(f"proxy : clé inconnue « {unknown} » ignorée")
    urls: dict[str, str | None] = {}
    for key, pattern in (("url", _PROXY_URL), ("pac_url", _PAC_URL)):
        raw = value.get(key)
        if raw is not None and not (isinstance(raw, str) and pattern.match(raw.strip())):
            problems.append(f"proxy : « {key} » n'est pas une adresse de proxy valable ; ignoré")
            raw = None
        urls[key] = raw.strip() if isinstance(raw, str) else None
    raw_bypass = value.get("no_proxy", [])
    if isinstance(raw_bypass, str):
        raw_bypass = [s for s in re.split(r"[,;\s]+", raw_bypass) if s]
    if not isinstance(raw_bypass, list) or not all(isinstance(s, str) for s in raw_bypass):
        problems.append("proxy : « no_proxy » doit être une liste de noms ; ignoré")
        raw_bypass = []
    wpad = value.get("wpad", False)
    if not isinstance(wpad, bool):
        problems.append("proxy : « wpad » doit valoir true ou false ; ignoré")
        wpad = False
    return ProxyConfig(
        url=urls["url"], no_proxy=tuple(raw_bypass), pac_url=urls["pac_url"], wpad=wpad
    )


def _read_source(item: Any, base: Path, index: int, problems: list[str]) -> ConfiguredSource:
    where = f"sources n° {index + 1}"
    if not isinstance(item, dict):
        raise ValueError(f"{where} : doit être une table [[sources]]")
    sid = item.get("id")
    if not isinstance(sid, str) or not _SOURCE_ID.match(sid):
        raise ValueError(f"{where} : « id » manquant ou invalide (minuscules, chiffres, . _ -)")
    where = f"source « {sid} »"
    name = item.get("name", sid)
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where} : « name » doit être un texte")
    for unknown in sorted(set(item) - _KNOWN_SOURCE):
        problems.append(f"{where} : clé inconnue « {unknown} » ignorée")
    url = _read_url(item.get("url"), base, where)
    raw_keys = item.get("keys", [])
    if isinstance(raw_keys, str):
        raw_keys = [raw_keys]
    if not isinstance(raw_keys, list):
        raise ValueError(f"{where} : « keys » doit être une liste")
    keys = []
    for spec in raw_keys:
        try:  # one bad key skips that key, not the source
            keys.append(_read_key(spec, base, sid, where))
        except ValueError as exc:
            problems.append(str(exc))
    return ConfiguredSource(id=sid, name=name.strip(), url=url, keys=tuple(keys))


def parse_config(path: Path) -> MachineConfig:
    """Read and check a configuration file. Raises BadInput when the file as a whole
    cannot be used (unreadable, not TOML); a bad item is skipped and listed in `problems`."""
    path = Path(path)
    raw = read_small_file(path, MAX_CONFIG_BYTES, "configuration machine")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput("configuration machine illisible (pas en UTF-8)", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"configuration machine invalide ({exc})", path=str(path)) from None
    base = path.resolve().parent
    problems: list[str] = []
    version = data.get("version", 1)
    if version != 1:
        raise BadInput(
            f"version de configuration {version!r} inconnue ; mettez l'application à jour",
            path=str(path),
        )
    for unknown in sorted(set(data) - _KNOWN_TOP):
        problems.append(f"clé inconnue « {unknown} » ignorée")

    sources: list[ConfiguredSource] = []
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        problems.append("« sources » doit être une liste de tables [[sources]] ; ignoré")
        raw_sources = []
    seen: set[str] = set()
    for i, item in enumerate(raw_sources):
        try:
            src = _read_source(item, base, i, problems)
        except ValueError as exc:
            problems.append(f"{exc} ; source ignorée")
            continue
        if src.id in seen:
            problems.append(f"source « {src.id} » déclarée deux fois ; la seconde est ignorée")
            continue
        seen.add(src.id)
        sources.append(src)

    seed: Path | None = None
    raw_seed = data.get("seed_export")
    if raw_seed is not None:
        if isinstance(raw_seed, str) and raw_seed.strip():
            seed = (base / raw_seed).expanduser()
        else:
            problems.append("« seed_export » doit être le chemin d'un export .zip ; ignoré")

    max_auto: int | None = None
    raw_max = data.get("attachments_max_auto_bytes")
    if raw_max is not None:
        if isinstance(raw_max, int) and not isinstance(raw_max, bool) and raw_max >= 0:
            max_auto = raw_max
        else:
            problems.append("« attachments_max_auto_bytes » doit être un entier positif ; ignoré")

    raw_backup = data.get("backup_dir")
    backup_dir: Path | None = None
    if isinstance(raw_backup, str) and raw_backup.strip():  # %USERNAME% / $USER expanded
        backup_dir = Path(os.path.expandvars(raw_backup.strip())).expanduser()
    elif raw_backup is not None:
        problems.append("« backup_dir » doit être le chemin d'un dossier ; ignoré")

    notice = data.get("update_notice", True)
    if not isinstance(notice, bool):
        problems.append("« update_notice » doit valoir true ou false ; ignoré")
        notice = True

    return MachineConfig(
        path=path,
        sources=tuple(sources),
        seed_export=seed,
        attachments_max_auto_bytes=max_auto,
        backup_dir=backup_dir,
        update_notice=notice,
        proxy=_read_proxy(data.get("proxy"), problems),
        problems=tuple(problems),
    )


def load_machine_config() -> MachineConfig | None:
    """The configuration in force, or None (no file, or a file that cannot be used).
    Never raises: what is wrong is logged, and the application starts anyway."""
    try:
        path = find_config()
    except Exception:  # e.g. platformdirs on an odd system: no configuration then
        log.exception("machine configuration location unavailable")
        return None
    if path is None:
        return None
    try:
        config = parse_config(path)
    except RtesError as exc:
        log.error("%s ; elle est ignorée", exc)
        return None
    for problem in config.problems:
        log.warning("%s : %s", path, problem)
    log.info(
        "machine configuration %s: %d source(s), seed=%s",
        path,
        len(config.sources),
        config.seed_export,
    )
    return config


def proxy_config() -> ProxyConfig | None:
    """IT's `[proxy]` from the configuration in force (None: the system's settings).
    What a sync's HttpClient follows (core/sync/proxy.py)."""
    config = load_machine_config()
    return config.proxy if config is not None else None


def update_notice_enabled() -> bool:
    """False when IT turned the update notice off (`update_notice = false`)."""
    config = load_machine_config()
    return config is None or config.update_notice
