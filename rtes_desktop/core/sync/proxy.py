"""Which proxy a request goes through: IT's setting, a proxy auto-configuration script
(PAC), or the system's settings.

In this order (docs/deploy.md, `[proxy]` in rtes-desktop.toml):

1. loopback addresses never go through a proxy;
2. `[proxy] url`: every other request goes through that proxy, except the hosts of
   `no_proxy` (names, `*.domain`, `.domain`, IP addresses or networks like 10.0.0.0/8);
3. `[proxy] pac_url`, else the PAC address of the system's settings (Windows' Internet
   options, macOS' network preferences), else with `[proxy] wpad = true` the WPAD
   addresses of the computer's DNS domain: the script's FindProxyForURL decides;
4. otherwise the system's proxy settings as `urllib.request.getproxies()` reads them
   (environment, Windows registry, macOS System Configuration), with their bypass list.

PAC scripts are JavaScript: they are run by `pypac` (maintained, pure Python) with the
small `dukpy` interpreter (binary wheels for Windows, macOS and Linux), in the core, so
the window and the command line (scheduled syncs) follow the same rules. Qt's
QNetworkProxyFactory would resolve PAC in the window only, and the core never imports
Qt. A script that cannot be fetched or run is logged once and the system's settings
apply. DHCP-announced WPAD is not supported (pypac reads DNS only): IT then sets
`pac_url`.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import ssl
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rtes_desktop.core.i18n import _

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
#: a PAC script is a few kilobytes; more is not one
MAX_PAC_BYTES = 1024 * 1024
PAC_TIMEOUT = 5.0
_PROXY_407 = re.compile(r"Tunnel connection failed: 407\b|\b407 Proxy Authentication", re.I)


@dataclass(frozen=True)
class ProxyConfig:
    """What IT wrote in `[proxy]` (machine_config.py reads and checks it)."""

    url: str | None = None
    no_proxy: tuple[str, ...] = ()
    pac_url: str | None = None
    wpad: bool = False


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bypassed(host: str, patterns: Iterable[str]) -> bool:
    """True when `host` matches one of the bypass patterns: `example.org` (and its
    subdomains), `*.example.org`, `.example.org`, an IP address, or a network."""
    host = host.strip("[]").lower().rstrip(".")
    try:
        address: Any = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in patterns:
        pattern = raw.strip().lower().rstrip(".")
        if not pattern:
            continue
        if pattern == "*" or (pattern == "<local>" and "." not in host and address is None):
            return True
        if "/" in pattern or _is_ip(pattern):
            if address is not None:
                try:
                    if address in ipaddress.ip_network(pattern, strict=False):
                        return True
                except ValueError:
                    pass
            continue
        domain = pattern.lstrip("*").lstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def with_scheme(proxy: str) -> str:
    """`proxy:3128` as `http://proxy:3128` (how Windows and PAC scripts write them)."""
    return proxy if "://" in proxy else "http://" + proxy


def pac_choice(answer: str) -> str | None:
    """The first usable choice of a FindProxyForURL answer: "" for DIRECT, a proxy URL
    for PROXY/HTTP/HTTPS, None when none is usable (SOCKS is not supported)."""
    for part in (answer or "").split(";"):
        words = part.split()
        if not words:
            continue
        kind = words[0].upper()
        if kind == "DIRECT":
            return ""
        if kind in ("PROXY", "HTTP") and len(words) > 1:
            return "http://" + words[1]
        if kind == "HTTPS" and len(words) > 1:
            return "https://" + words[1]
        log.info("PAC answer %r not supported (SOCKS?); next choice", part.strip())
    return None


def proxy_auth_required(reason: object) -> bool:
    """True when a proxy answered CONNECT with 407 Proxy Authentication Required
    (urllib3 wraps http.client's OSError « Tunnel connection failed: 407 … »)."""
    seen = reason
    for _attempt in range(5):
        if seen is None:
            return False
        # http.client's words; a bare "407" could be a port number (proxy:4070).
        if _PROXY_407.search(str(seen)):
            return True
        args = getattr(seen, "args", ())
        nested = next((a for a in args if isinstance(a, BaseException)), None)
        seen = nested or getattr(seen, "__cause__", None) or getattr(seen, "__context__", None)
    return False


def proxy_auth_message(proxy_url: str, target_url: str) -> str:
    """One sentence for a 407: what to ask IT (the application has no proxy password)."""
    proxy = urllib.parse.urlsplit(proxy_url) if proxy_url else None
    host = urllib.parse.urlsplit(target_url).hostname or target_url
    if proxy and proxy.hostname:
        where = _("« {hostname}:{port} »").format(hostname=proxy.hostname, port=proxy.port)
    else:
        where = _("de votre réseau")
    return _(
        "le proxy {where} demande une authentification que l'application ne sait pas "
        "fournir (HTTP 407) : demandez au service informatique d'autoriser l'accès à "
        "« {host} » sans authentification, ou d'indiquer le proxy et son identifiant "
        "dans rtes-desktop.toml"
    ).format(where=where, host=host)


class ProxyResolver:
    """Answers "which proxy for this URL?" ("" for a direct connection)."""

    def __init__(self, config: ProxyConfig | None = None, context: ssl.SSLContext | None = None):
        self.config = config or ProxyConfig()
        self._context = context
        try:
            self._system = urllib.request.getproxies()
        except Exception:  # an unreadable registry or system setting: no proxy then
            log.exception("system proxy settings unreadable")
            self._system = {}
        self._lock = threading.Lock()
        self._pac: Any = None
        self._pac_loaded = False
        self._pac_answers: dict[tuple[str, str], str] = {}

    def proxy_for(self, url: str) -> str:
        """The proxy URL for `url` ("" for a direct connection)."""
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if is_loopback(host):
            return ""
        c = self.config
        if bypassed(host, c.no_proxy):
            return ""
        if c.url:
            return with_scheme(c.url)
        pac = self._pac_file()
        if pac is not None:
            return self._ask_pac(pac, url, parts.scheme.lower(), host)
        return self._system_proxy(parts.scheme.lower(), host)

    def _system_proxy(self, scheme: str, host: str) -> str:
        proxy = self._system.get(scheme, "")
        if not proxy:
            return ""
        try:
            if urllib.request.proxy_bypass(host):
                return ""
        except Exception:
            log.debug("proxy_bypass failed for %s", host, exc_info=True)
        return with_scheme(proxy)

    # -- proxy auto-configuration ----------------------------------------------------

    def _pac_urls(self) -> list[str]:
        c = self.config
        if c.pac_url:
            return [c.pac_url]
        if self._system.get("https") or self._system.get("http"):
            return []  # a fixed system proxy: no script to look for
        try:
            from pypac.api import collect_pac_urls

            return list(collect_pac_urls(from_os_settings=True, from_dns=c.wpad))
        except Exception:
            log.exception("proxy auto-configuration address unreadable")
            return []

    def _pac_file(self) -> Any:
        with self._lock:
            if not self._pac_loaded:
                self._pac_loaded = True
                self._pac = self._load_pac(self._pac_urls())
            return self._pac

    def _load_pac(self, urls: list[str]) -> Any:
        for url in urls:
            try:
                text = self._download(url)
                from pypac.parser import PACFile

                pac = PACFile(text)
            except Exception as exc:
                log.warning("proxy auto-configuration %s unusable (%s); next choice", url, exc)
                continue
            log.info("proxy auto-configuration from %s", url)
            return pac
        return None

    def _download(self, url: str) -> str:
        if url.lower().startswith("file:"):
            from pypac.os_settings import file_url_to_local_path

            path = file_url_to_local_path(url)
            with open(path, "rb") as fh:
                return fh.read(MAX_PAC_BYTES + 1)[:MAX_PAC_BYTES].decode("utf-8", "replace")
        import urllib3

        # Directly, never through a proxy (the script is what says which one).
        pool = urllib3.PoolManager(ssl_context=self._context, retries=False)
        try:
            resp = pool.request(
                "GET", url, preload_content=False, timeout=urllib3.Timeout(PAC_TIMEOUT)
            )
            try:
                if resp.status != 200:
                    raise OSError(f"HTTP {resp.status}")
                data = resp.read(MAX_PAC_BYTES + 1, decode_content=True)
            finally:
                resp.release_conn()
        finally:
            pool.clear()
        if len(data) > MAX_PAC_BYTES:
            raise OSError("script trop gros")
        return data.decode("utf-8", "replace")

    def _ask_pac(self, pac: Any, url: str, scheme: str, host: str) -> str:
        # Cached by scheme and host: a first sync asks for thousands of objects of one
        # host, and a script that decides on the path is rare enough to ignore.
        key = (scheme, host)
        with self._lock:
            if key in self._pac_answers:
                return self._pac_answers[key]
            try:
                answer = pac.find_proxy_for_url(url, host)
            except Exception as exc:
                log.warning("proxy auto-configuration failed for %s (%s): direct", host, exc)
                answer = "DIRECT"
            choice = pac_choice(str(answer))
            if choice is None:
                choice = ""
            log.info("proxy for %s://%s: %s (PAC)", scheme, host, choice or "DIRECT")
            self._pac_answers[key] = choice
            return choice
