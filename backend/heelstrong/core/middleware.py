"""Security headers on every response and a CSRF check on every unsafe API request (pure ASGI)."""

from urllib.parse import urlsplit

from starlette.datastructures import Headers
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
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        if scope["method"] not in SAFE_METHODS and scope["path"].startswith("/api/"):
            problem = _csrf_problem(scope)
            if problem:
                response = JSONResponse({"message": problem, "detail": problem}, status_code=403)
                await response(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)
