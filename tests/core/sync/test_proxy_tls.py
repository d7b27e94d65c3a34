"""Syncing over HTTPS through a real CONNECT proxy, as on a corporate network.

Everything runs on 127.0.0.1: an HTTPS export server with a certificate for
`exports.rtes.test` issued by a test CA, a threaded CONNECT proxy (optionally asking for
Basic credentials) that sends every tunnel to that server, and a PAC script served over
HTTP. The client never resolves `exports.rtes.test` itself: the proxy does, as it would
in a company. The test CA is trusted through the path the application uses (truststore,
which on Linux reads SSL_CERT_FILE like OpenSSL does).
"""

from __future__ import annotations

import base64
import datetime
import http.server
import select
import socket
import ssl
import sys
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.machine_config import ENV_MACHINE_CONFIG
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.http_client import HttpClient
from rtes_desktop.core.sync.proxy import ProxyConfig, ProxyResolver, bypassed, pac_choice

HOST = "exports.rtes.test"
#: truststore reads OpenSSL's paths (SSL_CERT_FILE) on Linux only; on Windows and macOS
#: it asks the system's store, where a test CA cannot go without an administrator.
trusts_test_ca = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="the test CA can only be trusted through SSL_CERT_FILE on Linux (truststore)",
)


# -- a test CA and a server certificate ---------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("RTES test CA"))
        .issuer_name(_name("RTES test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(HOST))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key"}
    paths["ca"].write_bytes(ca.public_bytes(pem))
    paths["cert"].write_bytes(cert.public_bytes(pem))
    paths["key"].write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


@pytest.fixture
def https_export(builder, pki, serve):
    """The export served over TLS on 127.0.0.1 with the certificate of HOST."""
    builder.write()
    srv = serve(builder.root)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(pki["cert"], pki["key"])
    # The handshake happens in each connection's thread, not in accept(): one slow
    # client must not hold up the others (as in a real server).
    srv.httpd.socket = ctx.wrap_socket(
        srv.httpd.socket, server_side=True, do_handshake_on_connect=False
    )
    return srv


# -- a CONNECT proxy -------------------------------------------------------------------


class ConnectProxy:
    """A tiny threaded HTTP proxy that only tunnels (CONNECT), to one target."""

    def __init__(self, target_port: int, credentials: str | None = None) -> None:
        self.target_port = target_port
        self.expected = (
            "Basic " + base64.b64encode(credentials.encode()).decode() if credentials else None
        )
        self.connects: list[str] = []
        self.refused = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            self._tunnel(client)
        except OSError:
            pass  # the client gave up (a refused certificate): as a real proxy would see it

    def _tunnel(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {  # header names are case-insensitive
                k.lower(): v for k, v in (ln.split(": ", 1) for ln in lines[1:] if ": " in ln)
            }
            self.connects.append(f"{method} {target}")
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            if self.expected and headers.get("proxy-authorization") != self.expected:
                self.refused += 1
                client.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="entreprise"\r\n'
                    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                )
                return
            # Every name resolves to the test server: the proxy, not the client, resolves.
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            with upstream:
                socks = [client, upstream]
                while True:
                    ready, _, _ = select.select(socks, [], [], 10)
                    if not ready:
                        return
                    for s in ready:
                        data = s.recv(65536)
                        if not data:
                            return
                        (upstream if s is client else client).sendall(data)

    def stop(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture
def proxy_env(monkeypatch, pki, tmp_path):
    """No system proxy; the test CA trusted; IT's configuration in a file of the test."""
    for var in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "no_proxy",
        "NO_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(pki["ca"]))
    config = tmp_path / "rtes-desktop.toml"
    monkeypatch.setenv(ENV_MACHINE_CONFIG, str(config))

    def write(text: str) -> None:
        config.write_text(text, encoding="utf-8")

    write("")
    return write


@pytest.fixture
def make_proxy():
    proxies: list[ConnectProxy] = []

    def make(target_port: int, credentials: str | None = None) -> ConnectProxy:
        proxies.append(ConnectProxy(target_port, credentials))
        return proxies[-1]

    yield make
    for p in proxies:
        p.stop()


def export_url(srv) -> str:
    return f"https://{HOST}:{srv.httpd.server_address[1]}/export/"


@trusts_test_ca
def test_https_sync_through_it_configured_connect_proxy(
    trusting_lib, https_export, make_proxy, proxy_env
):
    proxy = make_proxy(https_export.httpd.server_address[1])
    proxy_env(f'[proxy]\nurl = "http://127.0.0.1:{proxy.port}"\n')
    report = sync_source(trusting_lib, export_url(https_export))
    assert len(report.new) == 5
    port = https_export.httpd.server_address[1]
    assert set(proxy.connects) == {f"CONNECT {HOST}:{port}"}
    assert "/export/manifest.json" in https_export.requests


@trusts_test_ca
def test_proxy_credentials_in_the_configured_url(trusting_lib, https_export, make_proxy, proxy_env):
    proxy = make_proxy(https_export.httpd.server_address[1], credentials="agent:p@ss word")
    proxy_env(f'[proxy]\nurl = "http://agent:p%40ss%20word@127.0.0.1:{proxy.port}"\n')
    assert len(sync_source(trusting_lib, export_url(https_export)).new) == 5
    assert proxy.refused == 0


def test_407_is_one_sentence_without_retries(trusting_lib, https_export, make_proxy, proxy_env):
    proxy = make_proxy(https_export.httpd.server_address[1], credentials="agent:secret")
    proxy_env(f'[proxy]\nurl = "http://127.0.0.1:{proxy.port}"\n')
    with pytest.raises(RtesError) as err:
        sync_source(trusting_lib, export_url(https_export))
    message = str(err.value)
    assert f"le proxy « 127.0.0.1:{proxy.port} » demande une authentification" in message
    assert "demandez au service informatique" in message and HOST in message
    assert "Tunnel connection failed" not in message and "OSError" not in message
    assert proxy.refused == 1  # asked once: no pointless retries
    assert trusting_lib.source("src") is None  # nothing changed


@trusts_test_ca
def test_pac_script_chooses_the_proxy(trusting_lib, https_export, make_proxy, proxy_env, tmp_path):
    proxy = make_proxy(https_export.httpd.server_address[1])
    pac = tmp_path / "pac"
    pac.mkdir()
    (pac / "proxy.pac").write_text(
        "function FindProxyForURL(url, host) {\n"
        f'  if (dnsDomainIs(host, ".rtes.test")) return "PROXY 127.0.0.1:{proxy.port}; DIRECT";\n'
        '  return "DIRECT";\n}\n',
        encoding="utf-8",
    )
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(pac), **kw
    )
    pac_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=pac_server.serve_forever, daemon=True).start()
    try:
        pac_url = f"http://127.0.0.1:{pac_server.server_address[1]}/proxy.pac"
        proxy_env(f'[proxy]\npac_url = "{pac_url}"\n')
        assert len(sync_source(trusting_lib, export_url(https_export)).new) == 5
    finally:
        pac_server.shutdown()
        pac_server.server_close()
    assert proxy.connects and all(c.startswith(f"CONNECT {HOST}:") for c in proxy.connects)


def test_unknown_ca_is_refused_in_french(
    trusting_lib, https_export, make_proxy, proxy_env, monkeypatch, tmp_path
):
    """The same TLS path: without the test CA in the trust store the server is refused."""
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    proxy = make_proxy(https_export.httpd.server_address[1])
    proxy_env(f'[proxy]\nurl = "http://127.0.0.1:{proxy.port}"\n')
    with pytest.raises(RtesError, match="certificat du serveur non reconnu"):
        sync_source(trusting_lib, export_url(https_export))


# -- the rules, without the network ------------------------------------------------------


def test_bypass_list_and_loopback():
    resolver = ProxyResolver(
        ProxyConfig(url="proxy.entreprise.invalid:3128", no_proxy=("*.intra.invalid", "10.0.0.0/8"))
    )
    assert resolver.proxy_for("https://www.rtes.fr/e/") == "http://proxy.entreprise.invalid:3128"
    assert resolver.proxy_for("https://docs.intra.invalid/e/") == ""
    assert resolver.proxy_for("https://intra.invalid/e/") == ""
    assert resolver.proxy_for("http://10.2.3.4/e/") == ""
    assert resolver.proxy_for("http://127.0.0.1:8000/e/") == ""
    assert resolver.proxy_for("http://[::1]:8000/e/") == ""
    assert bypassed("poste", ["<local>"]) and not bypassed("www.rtes.fr", ["<local>"])


def test_pac_answers():
    assert pac_choice("PROXY p:3128; DIRECT") == "http://p:3128"
    assert pac_choice("DIRECT") == ""
    assert pac_choice("SOCKS s:1080; PROXY p:8080") == "http://p:8080"
    assert pac_choice("HTTPS p:443") == "https://p:443"
    assert pac_choice("SOCKS5 s:1080") is None


def test_bad_proxy_settings_are_skipped_with_a_reason(proxy_env, tmp_path):
    from rtes_desktop.core.machine_config import parse_config

    path = tmp_path / "bad.toml"
    path.write_text(
        '[proxy]\nurl = "pas un proxy"\nno_proxy = 3\nwpad = "oui"\nport = 8080\n',
        encoding="utf-8",
    )
    config = parse_config(path)
    assert config.proxy == ProxyConfig()
    problems = " | ".join(config.problems)
    assert "« url » n'est pas une adresse de proxy valable" in problems
    assert "no_proxy" in problems and "wpad" in problems and "« port »" in problems


def test_http_client_reads_the_machine_configuration(proxy_env):
    proxy_env('[proxy]\nurl = "http://proxy.entreprise.invalid:3128"\nno_proxy = "intra.invalid"\n')
    from rtes_desktop.core.machine_config import proxy_config

    client = HttpClient(proxy=proxy_config())
    assert client._proxy_for("https://www.rtes.fr/") == "http://proxy.entreprise.invalid:3128"
    assert client._proxy_for("https://intra.invalid/") == ""


def test_407_for_a_plain_http_address(trusting_lib, proxy_env):
    """http:// goes to the proxy as a plain request (no CONNECT): its 407 says the same."""
    seen: list[str] = []

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            seen.append(self.path)
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Negotiate, NTLM, Basic realm="x"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        proxy_env(f'[proxy]\nurl = "127.0.0.1:{srv.server_address[1]}"\n')
        with pytest.raises(RtesError, match="demande une authentification") as err:
            sync_source(trusting_lib, "http://exports.rtes.invalid/export/")
    finally:
        srv.shutdown()
        srv.server_close()
    assert "« exports.rtes.invalid »" in str(err.value)
    assert seen == ["http://exports.rtes.invalid/export/manifest.json"]  # asked once


def test_407_is_told_apart_from_a_port_number():
    import urllib3

    from rtes_desktop.core.sync.proxy import proxy_auth_required

    said = OSError("Tunnel connection failed: 407 Proxy Authentication Required")
    assert proxy_auth_required(urllib3.exceptions.ProxyError("Unable to connect to proxy", said))
    down = OSError("[Errno 111] Connection refused (proxy.example:4070)")
    assert not proxy_auth_required(urllib3.exceptions.ProxyError("Unable to connect", down))
