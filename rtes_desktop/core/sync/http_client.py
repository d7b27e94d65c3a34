"""HTTP as users' networks need it (urllib3 for connections, urllib for proxy settings).

- a watchdog on every request: a total deadline, a minimum transfer rate (a server
  that trickles or never answers is abandoned), and cancel effective within a
  fraction of a second, even during a blocked read (the watchdog shuts the
  socket down from its own thread: a blocked `recv` returns at once);
- retries with exponential backoff on transient failures (connection reset, 429/5xx),
  but none for a refused connection, a silent or too slow server, or a redirect to
  something that is not http(s);
- persistent connections (urllib3's pools): a first sync fetches thousands of small
  objects, and a TCP + TLS handshake for each would cost more than the objects;
- proxies (core/sync/proxy.py): IT's `[proxy]` of rtes-desktop.toml, a proxy
  auto-configuration script (PAC), else the system's settings; https goes through the
  proxy with CONNECT; loopback addresses never go through a proxy; a proxy that asks
  for credentials (407) ends the sync at once with what to ask IT;
- the operating system's certificate store through `truststore`;
- a User-Agent `rtes-desktop/<version>` that carries no identifier;
- conditional GET (ETag / If-Modified-Since): a 304 means nothing is fetched;
- `Authorization: Bearer <token>` for members-only exports, the token read from
  the OS credential store (`keyring`, service "rtes-desktop", account = source id)
  only when the server asks for it, and dropped on a redirect to another host.

urllib3 over the standard library's urllib: urllib opens one connection per request
(no keep-alive), which made a first sync over HTTPS bound by handshakes.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import urllib3
import urllib3.exceptions

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput, Cancelled, RtesError
from rtes_desktop.core.i18n import N_, _
from rtes_desktop.core.sync.proxy import (
    ProxyConfig,
    ProxyResolver,
    proxy_auth_message,
    proxy_auth_required,
)
from rtes_desktop.core.sync.watchdog import POOL_CLASSES, TICK, Deadlines, Guard, Watchdog, current

log = logging.getLogger(__name__)

USER_AGENT = f"rtes-desktop/{__version__}"
KEYRING_SERVICE = "rtes-desktop"
TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
CANCELLED_MESSAGE = N_("synchronisation annulée ; la bibliothèque n'a pas été modifiée")


class HttpError(RtesError):
    """The server answered with an error, or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None, path: str | None = None):
        self.status = status
        super().__init__(message, path=path)


class NoCredentialStore(RtesError):
    """The system offers no credential store to keep a token in."""


def token_hint(account: str) -> str:
    return _(
        "enregistrez le jeton dans le trousseau du système (service « {service} », "
        "compte « {account} », par exemple : keyring set {service} {account})"
    ).format(service=KEYRING_SERVICE, account=account)


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
                _(
                    "aucun trousseau de mots de passe n'est disponible sur ce système pour "
                    "conserver le jeton d'accès"
                )
            ) from None
        except Exception as exc:  # D-Bus errors, locked stores…: say it, do not crash
            raise NoCredentialStore(
                _("le trousseau de mots de passe du système est inaccessible ({exc})").format(
                    exc=exc
                )
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
            _("aucun trousseau de mots de passe n'est disponible sur ce système")
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
            _("aucun trousseau de mots de passe n'est disponible sur ce système")
        ) from None


def _guard_error(guard: Guard) -> RtesError:
    """The sentence for the reason the watchdog stopped a request."""
    d = guard.deadlines
    if guard.reason == "cancel":
        return Cancelled(_(CANCELLED_MESSAGE))
    if guard.reason == "deadline":
        return HttpError(
            _("délai total dépassé ({deadline} s) : transfert abandonné").format(
                deadline=round(guard.deadline - guard.started)
            ),
            path=guard.what,
        )
    if guard.reason == "silent":
        return HttpError(
            _("le serveur ne répond pas (rien reçu en {window:g} s) : transfert abandonné").format(
                window=d.window
            ),
            path=guard.what,
        )
    return HttpError(
        _(
            "transfert trop lent (moins de {min_rate} octets/s pendant {window:g} s) : abandonné"
        ).format(min_rate=d.min_rate, window=d.window),
        path=guard.what,
    )


def _ssl_context() -> ssl.SSLContext:
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # truststore unavailable on this platform: Python's defaults
        log.warning("truststore unavailable; using Python's default certificate store")
        return ssl.create_default_context()


@dataclass
class Fetched:
    """A small document fetched whole (manifest, signature)."""

    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class Response:
    """A streamed response: `read(n)`, `headers`, `status`; a context manager that gives
    the connection back to the pool when fully read, and drops it otherwise."""

    def __init__(
        self,
        raw: urllib3.BaseHTTPResponse,
        guard: Guard | None = None,
        client: HttpClient | None = None,
    ) -> None:
        self._raw = raw
        self.headers = raw.headers
        self.status = raw.status
        self._eof = False
        self._guard = guard
        self._client = client
        if guard is not None:
            length = raw.headers.get("Content-Length", "")
            if length.isdigit():
                guard.extend(guard.deadlines.total + int(length) / guard.deadlines.body_rate)

    def read(self, n: int = -1) -> bytes:
        guard = self._guard
        try:
            # read1: whatever has arrived, so the watchdog sees a trickle byte by byte.
            data = self._raw.read1(n if n and n > 0 else None)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if guard is not None and guard.reason:
                raise _guard_error(guard) from None
            # Callers handle OSError as "transfer interrupted": one family to catch.
            raise ConnectionError(_describe(exc)) from None
        if guard is not None:
            if guard.reason:  # the socket was shut down: what came is not the whole
                raise _guard_error(guard)
            guard.add(len(data))
        if not data:
            self._eof = True
        return data

    def close(self) -> None:
        # Unwatched first: the connection may go back to the pool and serve another
        # request, which the watchdog must not shut down for this one's reasons.
        if self._client is not None and self._guard is not None:
            self._client._watchdog.unwatch(self._guard)
            self._guard = None
        if self._eof:
            self._raw.release_conn()
        else:
            self._raw.close()  # unread bytes: this connection cannot be reused

    def __enter__(self) -> Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class HttpClient:
    """One client per sync (thread-safe): it remembers a token once the server asked
    for one, and keeps connections open between requests."""

    def __init__(
        self,
        *,
        token: str | None = None,
        token_accounts: Iterable[str] = (),
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        pool_size: int = 8,
        cancel: Callable[[], bool] | None = None,
        deadlines: Deadlines | None = None,
        proxy: ProxyResolver | ProxyConfig | None = None,
    ) -> None:
        self.token = token
        self.token_accounts = list(token_accounts)
        self._token_looked_up = token is not None
        self._token_lock = threading.Lock()
        self.cancel = cancel
        self.deadlines = deadlines or Deadlines()
        # The socket timeouts are a backstop only: the watchdog decides before them.
        d = self.deadlines
        self.timeout = urllib3.Timeout(
            connect=min(timeout, d.connect, d.total), read=max(timeout, d.window + 5)
        )
        self._watchdog = Watchdog(lambda: self.cancel is not None and self.cancel())
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self._pool_size = pool_size
        self._context = _ssl_context()
        # IT's [proxy] comes from the caller (machine_config.proxy_config()): the core's
        # import layers keep the machine configuration above the HTTP client.
        self.proxy = (
            proxy if isinstance(proxy, ProxyResolver) else ProxyResolver(proxy, self._context)
        )
        self._managers: dict[str, urllib3.PoolManager] = {}
        self._lock = threading.Lock()

    # -- connections -----------------------------------------------------------

    def _proxy_for(self, url: str) -> str:
        return self.proxy.proxy_for(url)

    def _manager(self, url: str) -> urllib3.PoolManager:
        proxy = self._proxy_for(url)
        with self._lock:
            mgr = self._managers.get(proxy)
            if mgr is None:
                kw: dict[str, Any] = {
                    "num_pools": 4,
                    "maxsize": self._pool_size,
                    "ssl_context": self._context,
                }
                if proxy:
                    parsed = urllib3.util.parse_url(proxy)
                    headers = (
                        urllib3.make_headers(proxy_basic_auth=urllib.parse.unquote(parsed.auth))
                        if parsed.auth
                        else None
                    )
                    mgr = urllib3.ProxyManager(
                        parsed._replace(auth=None).url, proxy_headers=headers, **kw
                    )
                else:
                    mgr = urllib3.PoolManager(**kw)
                mgr.pool_classes_by_scheme = dict(POOL_CLASSES)
                self._managers[proxy] = mgr
            return mgr

    def close(self) -> None:
        """Close every pooled connection."""
        with self._lock:
            managers, self._managers = list(self._managers.values()), {}
        for mgr in managers:
            mgr.clear()

    def check_cancel(self) -> None:
        """Cancelled when the caller's cancel says so."""
        if self.cancel is not None and self.cancel():
            raise Cancelled(_(CANCELLED_MESSAGE))

    # -- requests --------------------------------------------------------------

    def open(
        self,
        url: str,
        *,
        what: str,
        headers: dict[str, str] | None = None,
        size: int | None = None,
    ) -> Response:
        """Open `url` (retrying transient failures); the caller reads and closes it.

        The request is watched until the response is closed: past its deadline
        (longer by one second per `Deadlines.body_rate` bytes of `size` or of the
        announced length), too slow, or cancelled, it stops within a fraction of a
        second with HttpError or Cancelled. Raises HttpError (status set) for HTTP
        errors, including 304 for a conditional request whose document has not changed.
        """
        check_url(url)
        d = self.deadlines
        guard = self._watchdog.watch(what, d.total + (size or 0) / d.body_rate, d)
        try:
            return self._open(url, what, headers, guard)
        except BaseException:
            self._watchdog.unwatch(guard)
            raise

    def _open(self, url: str, what: str, headers: dict[str, str] | None, guard: Guard) -> Response:
        attempt = 0
        while True:
            self.check_cancel()
            if guard.reason:
                raise _guard_error(guard)
            sent = {"User-Agent": USER_AGENT, **(headers or {})}
            token = self.token
            if token:
                sent["Authorization"] = f"Bearer {token}"
            current.guard = guard
            try:
                raw = self._manager(url).request(
                    "GET",
                    url,
                    headers=sent,
                    preload_content=False,
                    timeout=self.timeout,
                    # No retry here (ours below, with backoff and messages); redirects
                    # followed, Authorization dropped when the host changes.
                    retries=urllib3.Retry(
                        total=None, connect=0, read=0, status=0, other=0, redirect=MAX_REDIRECTS
                    ),
                )
            except urllib3.exceptions.LocationValueError as exc:
                # The URL itself was checked: this comes from a redirect's Location.
                scheme = getattr(exc, "scheme", None)
                target = f" ({scheme}://)" if scheme else ""
                raise HttpError(
                    _(
                        "le serveur redirige vers une adresse qui n'est pas http(s){target} : "
                        "redirection refusée"
                    ).format(target=target),
                    path=what,
                ) from None
            except urllib3.exceptions.MaxRetryError as exc:
                if guard.reason:
                    raise _guard_error(guard) from None
                reason = exc.reason
                if isinstance(reason, urllib3.exceptions.SSLError):
                    raise HttpError(
                        _("connexion sécurisée refusée : {reason}").format(
                            reason=_describe(reason)
                        ),
                        path=what,
                    ) from None
                if isinstance(reason, urllib3.exceptions.ResponseError):
                    raise HttpError(_("trop de redirections"), path=what) from None
                if proxy_auth_required(reason):
                    raise self._proxy_auth_error(url, what) from None
                if _refused(reason):
                    # Nothing listens there: asking again in a second changes nothing.
                    raise HttpError(
                        _(
                            "serveur injoignable (connexion refusée : aucun service ne répond à "
                            "cette adresse)"
                        ),
                        path=what,
                    ) from None
                if attempt < self.retries:
                    attempt += 1
                    self._wait(attempt, None, repr(reason), url, guard)
                    continue
                raise HttpError(
                    _("serveur injoignable ({reason}) après {attempt} essais").format(
                        reason=_describe(reason), attempt=attempt + 1
                    ),
                    path=what,
                ) from None
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                if guard.reason:
                    raise _guard_error(guard) from None
                if attempt < self.retries:
                    attempt += 1
                    self._wait(attempt, None, repr(exc), url, guard)
                    continue
                raise HttpError(
                    _("le serveur ne répond pas ({exc}) après {attempt} essais").format(
                        exc=_describe(exc), attempt=attempt + 1
                    ),
                    path=what,
                ) from None
            finally:
                current.guard = None
            status = raw.status
            if 200 <= status < 300:
                return Response(raw, guard, self)
            retry_after = raw.headers.get("Retry-After")
            raw.drain_conn()
            guard.conn = None  # back to the pool: no longer this request's to shut down
            raw.release_conn()
            if guard.reason:
                raise _guard_error(guard)
            if status == 401 and self._look_up_token(what):
                continue
            if status == 407:  # a proxy in front of an http:// address
                raise self._proxy_auth_error(url, what)
            if status in TRANSIENT_STATUS and attempt < self.retries:
                attempt += 1
                self._wait(attempt, retry_after, f"HTTP {status}", url, guard)
                continue
            raise self._http_error(status, what)

    def _proxy_auth_error(self, url: str, what: str) -> HttpError:
        """407: retrying cannot help, the application has no proxy credentials to give."""
        return HttpError(proxy_auth_message(self._proxy_for(url), url), status=407, path=what)

    def _look_up_token(self, what: str) -> bool:
        """After a 401: read the token from the credential store, once. True when
        there is a token to try."""
        with self._token_lock:
            if self._token_looked_up:
                return False
            self._token_looked_up = True
            try:
                found = lookup_token(self.token_accounts) if self.token_accounts else None
            except NoCredentialStore as exc:
                raise HttpError(
                    _("cet export est réservé aux membres (HTTP 401), mais {exc}").format(exc=exc),
                    status=401,
                    path=what,
                ) from None
            self.token = found
            return bool(found)

    def _wait(
        self, attempt: int, retry_after: str | None, why: str, url: str, guard: Guard
    ) -> None:
        delay = self.backoff * (2 ** (attempt - 1))
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(float(retry_after), 30.0))
        if time.monotonic() + delay > guard.deadline:
            guard.reason = "deadline"  # waiting would only end past the deadline
            raise _guard_error(guard)
        log.info("retry %d for %s in %.1f s (%s)", attempt, url, delay, why)
        if self.sleep is not time.sleep:
            self.sleep(delay)
            return
        # In short naps, so that cancel stays effective during a Retry-After.
        until = time.monotonic() + delay
        while (left := until - time.monotonic()) > 0:
            self.check_cancel()
            time.sleep(min(left, TICK))

    def _http_error(self, status: int, what: str) -> HttpError:
        account = self.token_accounts[0] if self.token_accounts else "IDENTIFIANT-DE-LA-SOURCE"
        if status == 304:
            return HttpError(_("non modifié"), status=304, path=what)
        if status == 401:
            if self.token:
                msg = _(
                    "le serveur refuse le jeton d'accès (HTTP 401) : il a peut-être expiré ; {hint}"
                ).format(hint=token_hint(account))
            else:
                msg = _(
                    "cet export est réservé aux membres et demande un jeton d'accès "
                    "(HTTP 401) ; {hint}"
                ).format(hint=token_hint(account))
            return HttpError(msg, status=401, path=what)
        if status == 403:
            return HttpError(
                _(
                    "accès refusé par le serveur (HTTP 403) : ce jeton ne donne pas accès "
                    "à cet export"
                ),
                status=403,
                path=what,
            )
        if status == 404:
            return HttpError(_("introuvable sur le serveur (HTTP 404)"), status=404, path=what)
        return HttpError(
            _("le serveur a répondu par une erreur (HTTP {status})").format(status=status),
            status=status,
            path=what,
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
                        _("fichier trop gros ({length} octets, {max_bytes} au plus)").format(
                            length=length, max_bytes=max_bytes
                        ),
                        path=what,
                    )
                parts: list[bytes] = []
                got = 0
                try:
                    while chunk := resp.read(65536):
                        got += len(chunk)
                        if got > max_bytes:
                            raise BadInput(
                                _("fichier trop gros (plus de {max_bytes} octets)").format(
                                    max_bytes=max_bytes
                                ),
                                path=what,
                            )
                        parts.append(chunk)
                except (TimeoutError, ConnectionError) as exc:
                    if attempt < self.retries:
                        attempt += 1
                        guard = Guard(what, self.deadlines.total, self.deadlines)
                        self._wait(attempt, None, repr(exc), url, guard)
                        continue
                    raise HttpError(
                        _("transfert interrompu ({exc})").format(exc=exc), path=what
                    ) from None
                return Fetched(
                    b"".join(parts), resp.headers.get("ETag"), resp.headers.get("Last-Modified")
                )


def check_url(url: str) -> None:
    """BadInput unless `url` is an http(s) address with a host and no credentials."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError:
        raise BadInput(_("adresse invalide"), path=url) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise BadInput(_("adresse invalide (http:// ou https:// suivi d'un nom d'hôte)"), path=url)
    if has_credentials:
        # Never repeated in the message: the address holds a password.
        shown = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()
        raise BadInput(
            _(
                "identifiants dans l'adresse refusés (ils seraient conservés en clair) ; donnez "
                "l'adresse sans « nom:mot-de-passe@ » et, pour un export réservé aux membres, "
                "{hint}"
            ).format(hint=token_hint(_("IDENTIFIANT-DE-LA-SOURCE"))),
            path=shown,
        )


def _refused(reason: object) -> bool:
    """True when the connection was refused (nothing listens at that address)."""
    seen = reason
    for _attempt in range(4):  # urllib3 wraps the OSError once or twice
        if isinstance(seen, ConnectionRefusedError):
            return True
        seen = getattr(seen, "__cause__", None) or getattr(seen, "__context__", None)
        if seen is None:
            return False
    return False


def _describe(reason: object) -> str:
    """A few French words for a network failure."""
    if _refused(reason):
        return _("connexion refusée")
    if isinstance(reason, urllib3.exceptions.NameResolutionError | socket.gaierror):
        return _("adresse introuvable ; êtes-vous connecté ?")
    # urllib3's NewConnectionError derives from its timeout error: tested first, or a
    # refused or unreachable address would read « délai dépassé ».
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        cause = reason.__cause__ or reason.__context__
        if isinstance(cause, TimeoutError | socket.timeout):
            return _("délai dépassé")
        return _("connexion impossible")
    if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError | socket.timeout):
        return _("délai dépassé")
    cause = getattr(reason, "__cause__", None) or getattr(reason, "__context__", None)
    for err in (reason, cause):
        if isinstance(err, ConnectionRefusedError):
            return _("connexion refusée")
        if isinstance(err, ConnectionResetError):
            return _("connexion interrompue")
    if isinstance(reason, urllib3.exceptions.ProxyError):
        return f"le proxy refuse la connexion ({reason})"
    if isinstance(reason, urllib3.exceptions.ProtocolError):
        return _("connexion interrompue")
    if isinstance(reason, urllib3.exceptions.SSLError):
        inner = reason.args[0] if reason.args else reason
        if isinstance(inner, ssl.SSLCertVerificationError):
            return _("certificat du serveur non reconnu par le système ({reason})").format(
                reason=inner.verify_message
            )
        return _("erreur TLS ({inner})").format(inner=inner)
    return str(reason) or reason.__class__.__name__
