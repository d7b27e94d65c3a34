"""HTTP as users' networks need it, on the standard library's urllib.

- timeouts on every connection and read, retries with exponential backoff on
  transient failures (connection reset, timeouts, 429/5xx);
- the system's proxy settings: `urllib.request.getproxies()` reads the
  environment, the Windows registry and macOS System Configuration;
  loopback addresses never go through a proxy (a proxy cannot reach them);
- the operating system's certificate store through `truststore`;
- a User-Agent `rtes-desktop/<version>` that carries no identifier;
- conditional GET (ETag / If-Modified-Since): a 304 means nothing is fetched;
- `Authorization: Bearer <token>` for members-only exports, the token read from
  the OS credential store (`keyring`, service "rtes-desktop", account = source id)
  only when the server asks for it, and never sent to another host on a redirect.

urllib was kept over requests/httpx: it already has proxies and redirects, and one
sequential client is all a sync needs; a dependency would add no capability here.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput, RtesError

log = logging.getLogger(__name__)

USER_AGENT = f"rtes-desktop/{__version__}"
KEYRING_SERVICE = "rtes-desktop"
TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


class HttpError(RtesError):
    """The server answered with an error, or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None, path: str | None = None):
        self.status = status
        super().__init__(message, path=path)


class NoCredentialStore(RtesError):
    """The system offers no credential store to keep a token in."""


def token_hint(account: str) -> str:
    return (
        f"enregistrez le jeton dans le trousseau du système (service « {KEYRING_SERVICE} », "
        f"compte « {account} », par exemple : keyring set {KEYRING_SERVICE} {account})"
    )


def lookup_token(accounts: Iterable[str]) -> str | None:
    """The first token stored for one of `accounts`; NoCredentialStore when there is
    no usable credential store on this system."""
    import keyring
    import keyring.errors

    for account in accounts:
        try:
            token = keyring.get_password(KEYRING_SERVICE, account)
        except keyring.errors.NoKeyringError:
            raise NoCredentialStore(
                "aucun trousseau de mots de passe n'est disponible sur ce système pour "
                "conserver le jeton d'accès"
            ) from None
        except Exception as exc:  # D-Bus errors, locked stores…: say it, do not crash
            raise NoCredentialStore(
                f"le trousseau de mots de passe du système est inaccessible ({exc})"
            ) from None
        if token:
            return token
    return None


def store_token(account: str, token: str) -> None:
    """Keep a token in the OS credential store (never in the database or settings)."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, account, token)
    except keyring.errors.NoKeyringError:
        raise NoCredentialStore(
            "aucun trousseau de mots de passe n'est disponible sur ce système"
        ) from None


def delete_token(account: str) -> None:
    """Forget a stored token (no error when there was none)."""
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(KEYRING_SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.NoKeyringError:
        raise NoCredentialStore(
            "aucun trousseau de mots de passe n'est disponible sur ce système"
        ) from None


def _ssl_context() -> ssl.SSLContext:
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # truststore unavailable on this platform: Python's defaults
        log.warning("truststore unavailable; using Python's default certificate store")
        return ssl.create_default_context()


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class _SameOriginAuthRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects, carrying the bearer token only to the same scheme and host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        auth = req.unredirected_hdrs.get("Authorization")
        if new is not None and auth and _origin(newurl) == _origin(req.full_url):
            new.add_unredirected_header("Authorization", auth)
        return new


@dataclass
class Fetched:
    """A small document fetched whole (manifest, signature)."""

    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class HttpClient:
    """One client per sync: it remembers a token once the server asked for one."""

    def __init__(
        self,
        *,
        token: str | None = None,
        token_accounts: Iterable[str] = (),
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.token = token
        self.token_accounts = list(token_accounts)
        self._token_looked_up = token is not None
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        context = _ssl_context()
        handlers: list[Any] = [
            urllib.request.HTTPSHandler(context=context),
            _SameOriginAuthRedirect(),
        ]
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler(), *handlers)
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), *handlers)

    # -- requests --------------------------------------------------------------

    def _request(self, url: str, headers: dict[str, str]) -> urllib.request.Request:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        if self.token:
            # Unredirected: urllib would otherwise copy it to any host a redirect names.
            req.add_unredirected_header("Authorization", f"Bearer {self.token}")
        return req

    def open(self, url: str, *, what: str, headers: dict[str, str] | None = None) -> Any:
        """Open `url` (retrying transient failures); the caller reads and closes it.

        Raises HttpError (status set) for HTTP errors, including 304 for a
        conditional request whose document has not changed.
        """
        headers = dict(headers or {})
        host = urllib.parse.urlsplit(url).hostname or ""
        opener = (
            self._direct
            if host.lower() in LOOPBACK_HOSTS or host.startswith("127.")
            else self._opener
        )
        attempt = 0
        while True:
            try:
                return opener.open(self._request(url, headers), timeout=self.timeout)
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code == 401 and not self._token_looked_up:
                    self._token_looked_up = True
                    try:
                        found = lookup_token(self.token_accounts) if self.token_accounts else None
                    except NoCredentialStore as nce:
                        raise HttpError(
                            f"cet export est réservé aux membres (HTTP 401), mais {nce}",
                            status=401,
                            path=what,
                        ) from None
                    self.token = found
                    if self.token:
                        continue
                if exc.code in TRANSIENT_STATUS and attempt < self.retries:
                    attempt += 1
                    self._wait(attempt, exc.headers.get("Retry-After"), f"HTTP {exc.code}", url)
                    continue
                raise self._http_error(exc.code, what) from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, ssl.SSLCertVerificationError):
                    raise HttpError(
                        "le certificat du serveur n'est pas reconnu par le système "
                        f"({reason.verify_message}) ; connexion refusée",
                        path=what,
                    ) from None
                if attempt < self.retries:
                    attempt += 1
                    self._wait(attempt, None, str(reason), url)
                    continue
                raise HttpError(
                    f"serveur injoignable ({_describe(reason)}) après {attempt + 1} essais",
                    path=what,
                ) from None
            except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                if attempt < self.retries:
                    attempt += 1
                    self._wait(attempt, None, repr(exc), url)
                    continue
                raise HttpError(
                    f"le serveur ne répond pas ({_describe(exc)}) après {attempt + 1} essais",
                    path=what,
                ) from None

    def _wait(self, attempt: int, retry_after: str | None, why: str, url: str) -> None:
        delay = self.backoff * (2 ** (attempt - 1))
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(float(retry_after), 30.0))
        log.info("retry %d for %s in %.1f s (%s)", attempt, url, delay, why)
        self.sleep(delay)

    def _http_error(self, status: int, what: str) -> HttpError:
        account = self.token_accounts[0] if self.token_accounts else "IDENTIFIANT-DE-LA-SOURCE"
        if status == 304:
            return HttpError("non modifié", status=304, path=what)
        if status == 401:
            if self.token:
                msg = (
                    "le serveur refuse le jeton d'accès (HTTP 401) : il a peut-être expiré ; "
                    + token_hint(account)
                )
            else:
                msg = (
                    "cet export est réservé aux membres et demande un jeton d'accès "
                    "(HTTP 401) ; " + token_hint(account)
                )
            return HttpError(msg, status=401, path=what)
        if status == 403:
            return HttpError(
                "accès refusé par le serveur (HTTP 403) : ce jeton ne donne pas accès à cet export",
                status=403,
                path=what,
            )
        if status == 404:
            return HttpError("introuvable sur le serveur (HTTP 404)", status=404, path=what)
        return HttpError(
            f"le serveur a répondu par une erreur (HTTP {status})", status=status, path=what
        )

    def get_bytes(
        self,
        url: str,
        *,
        what: str,
        max_bytes: int,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched | None:
        """Fetch a small document whole, at most `max_bytes`; None when the server
        says it has not changed since `etag`/`last_modified`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                resp = self.open(url, what=what, headers=headers)
            except HttpError as exc:
                if exc.status == 304:
                    return None
                raise
            with resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise BadInput(
                        f"fichier trop gros ({length} octets, {max_bytes} au plus)", path=what
                    )
                try:
                    body = resp.read(max_bytes + 1)
                except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                    if attempt < self.retries:
                        attempt += 1
                        self._wait(attempt, None, repr(exc), url)
                        continue
                    raise HttpError(f"transfert interrompu ({_describe(exc)})", path=what) from None
                if len(body) > max_bytes:
                    raise BadInput(f"fichier trop gros (plus de {max_bytes} octets)", path=what)
                return Fetched(body, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))


def _describe(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "adresse introuvable ; êtes-vous connecté ?"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "délai dépassé"
    if isinstance(reason, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(reason, ConnectionResetError):
        return "connexion interrompue"
    return str(reason) or reason.__class__.__name__
