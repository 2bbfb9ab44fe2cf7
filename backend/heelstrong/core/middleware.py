"""Admission control, the client's address behind a trusted proxy, security headers on every
response, `Cache-Control: no-store` on the API and the share page, a CSRF check on every unsafe
API request, and compression of bigger API answers (pure ASGI)."""

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from urllib.parse import urlsplit

import anyio
from starlette.datastructures import Headers
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_HEADER = "x-heelstrong-csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
        b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Sent only when the cookie is Secure (HEELSTRONG_COOKIE_SECURE): the site is then served over
# HTTPS, and browsers should never try plain HTTP for it again (two years).
HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
# Health data and share links leave no copy in a browser's or a proxy's cache: every API answer
# (errors and downloads too) and the clinician's page. The app shell's files may be cached.
NO_STORE = (b"cache-control", b"no-store")
NO_STORE_PREFIXES = ("/api/", "/shared/")


def never_stored(path: str) -> bool:
    return path.startswith(NO_STORE_PREFIXES) or path + "/" in NO_STORE_PREFIXES


def _csrf_problem(scope: Scope) -> str | None:
    """A custom header can't be sent cross-site without CORS (which we never allow);
    a foreign Origin is refused outright."""
    headers = Headers(scope=scope)
    if headers.get(CSRF_HEADER) != "1":
        return "Send the header X-Heelstrong-CSRF: 1 with every change (it protects your account)."
    origin = headers.get("origin")
    if origin and urlsplit(origin).netloc != headers.get("host"):
        return "Requests from another site are not accepted."
    return None


class FlakyWritesMiddleware:
    """Test hook for the offline outbox: fail every Nth unsafe API request, before it runs,
    the way a dropped connection would. Off unless HEELSTRONG_FAIL_EVERY_NTH_WRITE is set."""

    def __init__(self, app: ASGIApp, every: int) -> None:
        self.app = app
        self.every = every
        self.writes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and scope["path"].startswith("/api/"):
            self.writes += 1
            if self.writes % self.every == 0:
                message = "Simulated failure (HEELSTRONG_FAIL_EVERY_NTH_WRITE); nothing was stored."
                await JSONResponse({"message": message, "detail": message}, status_code=503)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + [HSTS] if hsts else SECURITY_HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        no_store = never_stored(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if no_store:  # replaces whatever the route said
                    headers = [h for h in headers if h[0].lower() != NO_STORE[0]] + [NO_STORE]
                message["headers"] = headers + self.headers
            await send(message)

        if scope["method"] not in SAFE_METHODS and scope["path"].startswith("/api/"):
            problem = _csrf_problem(scope)
            if problem:
                response = JSONResponse({"message": problem, "detail": problem}, status_code=403)
                await response(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


Networks = Sequence[IPv4Network | IPv6Network]


def _trusted(host: str, networks: Networks) -> bool:
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def _listed(headers: Headers, name: str) -> list[str]:
    """A comma-separated header's values over all its lines, in order."""
    return [value.strip() for value in ",".join(headers.getlist(name)).split(",") if value.strip()]


def _forwarded(headers: Headers, parameter: str) -> list[str]:
    """RFC 7239 Forwarded: each element's `parameter` (for, proto), unquoted, in order."""
    values = []
    for element in _listed(headers, "forwarded"):
        for pair in element.split(";"):
            name, _, value = pair.strip().partition("=")
            if name.lower() == parameter:
                values.append(value.strip().strip('"'))
    return values


def _without_port(node: str) -> str:
    if node.startswith("["):  # "[2001:db8::1]:4711"
        return node[1:].split("]")[0]
    return node.split(":")[0] if node.count(":") == 1 else node  # "192.0.2.1:4711"


def _forwarded_for(headers: Headers) -> list[str]:
    """The hops a proxy chain reports, nearest last: X-Forwarded-For, else Forwarded's for=."""
    return _listed(headers, "x-forwarded-for") or [_without_port(node) for node in _forwarded(headers, "for")]


def client_behind(peer: str, headers: Headers, networks: Networks) -> str:
    """The client's address: the peer itself, unless the peer is a trusted proxy; then the
    nearest hop of the forwarded chain that is not a trusted proxy (a client may write anything
    at the far end of the chain, so the chain is read from the near end)."""
    if not networks or not _trusted(peer, networks):
        return peer
    hops = _forwarded_for(headers)
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return hops[0] if hops else peer  # every hop a proxy of ours: the first one asked


def _forwarded_proto(headers: Headers) -> str | None:
    """The scheme the nearest proxy was asked in: X-Forwarded-Proto, else Forwarded's proto=."""
    protos = _listed(headers, "x-forwarded-proto") or _forwarded(headers, "proto")
    proto = protos[-1].lower() if protos else None
    return proto if proto in ("http", "https") else None


class TrustedProxyMiddleware:
    """Sets the request's client address (and scheme, for links the app writes out) from
    X-Forwarded-For / X-Forwarded-Proto or Forwarded, but only when the connection comes from an
    address in HEELSTRONG_TRUSTED_PROXIES; from anyone else those headers are ignored, so a
    client can't pick its own address (and escape its rate limits). uvicorn's own proxy
    handling is off (cli.serve): this is the one place that decides."""

    def __init__(self, app: ASGIApp, networks: Networks) -> None:
        self.app = app
        self.networks = tuple(networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.networks and scope.get("client"):
            peer = scope["client"][0]
            if _trusted(peer, self.networks):
                # In place, as uvicorn's own proxy handling does: its access log shows the client.
                headers = Headers(scope=scope)
                scope["scheme"] = _forwarded_proto(headers) or scope["scheme"]
                client = client_behind(peer, headers, self.networks)
                if client != peer:
                    scope["client"] = (client, 0)
        await self.app(scope, receive, send)


# Bodies up to this size are read before a request is admitted (API bodies are a few hundred
# bytes); the rest of a bigger one is read by the app once admitted.
_PREREAD_BODY_BYTES = 64 * 1024
BUSY = "The server is busy; try again in a moment (nothing was changed)."


class AdmissionMiddleware:
    """At most ``limit`` requests are worked on at once; the others wait here in arrival order.

    Python runs one thread at a time, so a few requests in flight keep a worker's CPU busy while
    dozens only pass the GIL around and stretch the slowest responses. Waiting here also holds
    no thread and no database connection: a request admitted always finds both free, so a
    burst can't leave the pool empty while every thread waits for it. A request leaves once its
    response starts, so a slow client downloading does not hold a place; its body is read
    before it joins the queue, so a slow upload does not either. A request that has waited
    ``max_wait`` seconds is answered 503 (the web app's outbox retries those) rather than
    worked on long after its client gave up.
    """

    def __init__(self, app: ASGIApp, limit: int, max_wait: float = 10) -> None:
        self.app = app
        self.limit = limit
        self.max_wait = max_wait
        self.places: anyio.Semaphore | None = None  # made on first use, inside the event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.places is None:
            self.places = anyio.Semaphore(self.limit, fast_acquire=True)
        admitted = False
        receive = await _preread_body(receive)
        with anyio.move_on_after(self.max_wait):
            await self.places.acquire()
            admitted = True
        if not admitted:
            busy = JSONResponse({"message": BUSY, "detail": BUSY}, status_code=503, headers={"Retry-After": "1"})
            await busy(scope, receive, send)
            return

        def leave() -> None:
            nonlocal admitted
            if admitted:
                admitted = False
                self.places.release()

        async def send_and_leave(message: Message) -> None:
            if message["type"] == "http.response.start":
                leave()
            await send(message)

        try:
            await self.app(scope, receive, send_and_leave)
        finally:
            leave()


async def _preread_body(receive: Receive) -> Receive:
    """Read the start of the request body now; hand it on, then the rest, to the app."""
    early: list[Message] = []
    size = 0
    while size <= _PREREAD_BODY_BYTES:
        message = await receive()
        early.append(message)
        size += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            break

    async def replay() -> Message:
        return early.pop(0) if early else await receive()

    return replay


# JSON (and CSV, FHIR, the share page) above this many bytes is sent gzip-compressed. Below
# it, an answer fits in one TCP packet either way, and compressing would only cost time; see
# tests/api/test_compression.py for the measured sizes. Static files are compressed at build time.
COMPRESS_MINIMUM_BYTES = 1024
COMPRESSED_PREFIXES = ("/api/", "/shared/")


class CompressionMiddleware:
    """gzip for the API's and the share page's answers (level 6: most of level 9's saving at a
    fraction of its time), never for already-compressed downloads (PDF, PNG); everything else
    passes straight through, so static files pay nothing for it."""

    def __init__(self, app: ASGIApp, minimum_size: int = COMPRESS_MINIMUM_BYTES) -> None:
        self.app = app
        self.gzip = GZipMiddleware(
            app,
            minimum_size=minimum_size,
            compresslevel=6,
            exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf"),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(COMPRESSED_PREFIXES):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
