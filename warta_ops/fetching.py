"""Fetching partners' feeds, sitemaps and article pages politely and defensively: http(s) only,
conditional, bounded in time and size.

Each request names the site in its User-Agent, sends the ETag and Last-Modified of the previous
run, follows a few redirects (each one checked again), refuses addresses on loopback or private
networks unless allowed, and stops at a size limit and a total time limit. A failure is a result
with an Indonesian message, never an exception: one partner's broken feed, sitemap or page never stops the run.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

REDIRECTS = {301, 302, 303, 307, 308}
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
# What a sitemap or an article page is asked for with: the same fetcher, another Accept.
SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, application/x-gzip;q=0.5, */*;q=0.1"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Validators:
    """What the server said about the last response, sent back so that an unchanged feed costs nothing."""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchResult:
    url: str
    status: str  # "ok", "unchanged" or "failed"
    body: bytes = b""
    validators: Validators = Validators()
    message: str = ""  # Indonesian, for the run's report
    content_type: str = ""


class Refused(Exception):
    """A request that must not or cannot be made; its text is the Indonesian reason."""


@dataclass(frozen=True)
class FetchRules:
    user_agent: str
    timeout: float  # seconds for the whole request: connection, redirects and body together
    max_bytes: int
    max_redirects: int
    allow_private: bool


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to; every address of the name must be public unless private ones are allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise Refused(f"nama domain {host} tidak ditemukan") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for address in addresses:
            if not _public(address):
                raise Refused(f"{host} menunjuk ke alamat lokal atau jaringan privat ({address}); ditolak "
                              "(WARTA_LIPUTAN_ALLOW_PRIVATE mengizinkannya)")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever the name resolves to a moment later."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connection(url: str, rules: FetchRules, remaining: float):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"alamat {url!r} bukan alamat http(s)")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve(parts.hostname, port, rules.allow_private)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return kind(parts.hostname, port, address, remaining), path


def _read(response, rules: FetchRules, deadline: float, what: str) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > rules.max_bytes:
        raise Refused(f"{what} terlalu besar ({int(length):,} byte; batas {rules.max_bytes:,} byte)".replace(",", "."))
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise Refused(f"{what} tidak selesai dikirim dalam {rules.timeout:g} detik")
        chunk = response.read1(CHUNK)  # what has arrived: a server dripping bytes meets the deadline
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > rules.max_bytes:
            raise Refused(f"{what} terlalu besar (lebih dari {rules.max_bytes:,} byte)".replace(",", "."))
        chunks.append(chunk)


def fetch(url: str, previous: Validators, rules: FetchRules, accept: str = ACCEPT, what: str = "feed") -> FetchResult:
    """GET one feed (or sitemap, or page: `what` names it in messages): "ok" with its bytes, "unchanged" on 304,
    or "failed" with the reason."""
    deadline = time.monotonic() + rules.timeout
    current = url
    seen = {url}
    try:
        for _ in range(rules.max_redirects + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout()
            connection, path = _connection(current, rules, remaining)
            headers = {"User-Agent": rules.user_agent, "Accept": accept, "Accept-Encoding": "identity"}
            # Validators belong to the address they came from; a redirect target gets a plain request.
            if current == url and previous.etag:
                headers["If-None-Match"] = previous.etag
            if current == url and previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise Refused(f"pengalihan HTTP {response.status} tanpa alamat tujuan")
                    current = urljoin(current, location.strip())
                    if current in seen:
                        raise Refused("pengalihan (redirect) berputar kembali ke alamat yang sama")
                    seen.add(current)
                    continue
                if response.status == 304:
                    return FetchResult(url, "unchanged", validators=previous, message="tidak berubah sejak terakhir")
                if response.status != 200:
                    raise Refused(f"server menjawab HTTP {response.status} {response.reason}".rstrip())
                body = _read(response, rules, deadline, what)
                validators = Validators(response.getheader("ETag"), response.getheader("Last-Modified"))
                return FetchResult(url, "ok", body, validators, content_type=response.getheader("Content-Type") or "")
            finally:
                connection.close()
        raise Refused(f"terlalu banyak pengalihan (lebih dari {rules.max_redirects})")
    except Refused as reason:
        return FetchResult(url, "failed", message=str(reason))
    except (socket.timeout, TimeoutError):
        return FetchResult(url, "failed", message=f"tidak menjawab dalam {rules.timeout:g} detik")
    except ssl.SSLError as error:
        return FetchResult(url, "failed", message=f"koneksi aman (TLS) gagal: {error.reason or error}")
    except ConnectionRefusedError:
        return FetchResult(url, "failed", message="koneksi ditolak server")
    except (OSError, http.client.HTTPException) as error:
        return FetchResult(url, "failed", message=f"gagal terhubung ({type(error).__name__})")
