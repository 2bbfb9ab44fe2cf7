"""The app factory: the JSON API under /api and the built web app at /."""

import asyncio
import contextlib
import mimetypes
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from sqlalchemy import text
from starlette.routing import Match

from heelstrong.accounts.account_router import router as account_router
from heelstrong.accounts.router import router as accounts_router
from heelstrong.apidocs import OPENAPI_URL, install_api_docs
from heelstrong.catalogue.loader import CatalogueError, get_catalogue
from heelstrong.catalogue.router import router as catalogue_router
from heelstrong.checkins.router import router as checkins_router
from heelstrong.clinic.router import router as clinic_router
from heelstrong.core.config import get_settings
from heelstrong.core.deps import OneHopRoute, SessionDep
from heelstrong.core.errors import UnexpectedErrorMiddleware, install_error_handlers
from heelstrong.core.middleware import (
    AdmissionMiddleware,
    CompressionMiddleware,
    FlakyWritesMiddleware,
    SecurityMiddleware,
    TrustedProxyMiddleware,
)
from heelstrong.core.placement import pin_to_a_free_core, should_pin
from heelstrong.measures.router import router as measures_router
from heelstrong.progress.router import router as progress_router
from heelstrong.progression.router import router as progression_router
from heelstrong.reminders.push import reminder_loop
from heelstrong.reminders.router import router as reminders_router
from heelstrong.sharing.router import router as sharing_router
from heelstrong.training.router import router as training_router

# The shell must always be revalidated so a new deploy is picked up; hashed assets may be cached.
# The clinician's page (/shared/<token>) is not stored at all: SecurityMiddleware makes it no-store.
_NO_CACHE = {"Cache-Control": "no-cache"}


# Build-time copies (frontend/build.mjs writes file.br and file.gz next to each text file),
# best first. Compressing here per request would cost far more than a file read.
_PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def _accepted(accept_encoding: str) -> set[str]:
    """The codings an Accept-Encoding header allows (q=0 refuses one)."""
    codings = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            allowed = float(q) > 0
        except ValueError:
            allowed = False
        if name and allowed:
            codings.add(name.strip())
    return codings


def _file_response(file: Path, accept_encoding: str) -> FileResponse:
    """`file`, or its precompressed copy in the best coding the client takes, with the original's
    media type, `Content-Encoding` and `Vary: Accept-Encoding` (a cache keeps one per coding)."""
    headers = dict(_NO_CACHE)
    variants = [(coding, file.with_name(file.name + suffix)) for coding, suffix in _PRECOMPRESSED]
    if any(path.is_file() for _, path in variants):
        headers["Vary"] = "Accept-Encoding"
        accepted = _accepted(accept_encoding)
        for coding, path in variants:
            # A copy older than its file (the file was replaced after the build) is not used.
            fresh = path.is_file() and path.stat().st_mtime >= file.stat().st_mtime
            if (coding in accepted or "*" in accepted) and fresh:
                media_type = mimetypes.guess_type(file.name)[0] or "text/plain"  # as FileResponse picks
                return FileResponse(path, media_type=media_type, headers={**headers, "Content-Encoding": coding})
    return FileResponse(file, headers=headers)


# What an address in the web app may look like: printable, and short enough for any file system.
_APP_ROUTE = re.compile(r"[^\x00-\x1f\x7f]{0,200}")


def _built_file(dist: Path, root: Path, path: str) -> Path | None:
    """The built file at `path`, if there is one inside the build; a path the file system can't
    even look up (a NUL byte, a name too long) is no file either."""
    if not path:
        return None
    try:
        candidate = (dist / path).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    except (OSError, ValueError):
        return None


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _answer_unmatched_api_requests(app: FastAPI) -> None:
    """An /api path no route takes with this method: 405 naming every method its routes do take
    (Starlette would name one route's, or the web app's catch-all would say 404), else 404."""
    routes = list(app.router.routes)  # every route so far: not the catch-alls added after

    def takes(path: str, method: str) -> bool:
        scope = {"type": "http", "path": path, "root_path": "", "method": method, "path_params": {}}
        return any(route.matches(scope)[0] == Match.FULL for route in routes)

    @app.api_route("/api/{path:path}", methods=list(_METHODS), include_in_schema=False)
    async def no_such_endpoint(path: str) -> None:
        allowed = {method for method in _METHODS if takes(f"/api/{path}", method)}
        if allowed:
            allow = ", ".join(sorted(allowed))
            raise HTTPException(status_code=405, detail=f"This endpoint takes {allow}.", headers={"Allow": allow})
        raise HTTPException(status_code=404, detail="No such API endpoint.")


def _serve_frontend(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    root = dist.resolve()

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def frontend(path: str, request: Request) -> FileResponse:
        accept_encoding = request.headers.get("accept-encoding", "")
        # Source maps stay on the build machine; compressed copies are reached by negotiation.
        hidden = path.endswith((".map", ".br", ".gz"))
        candidate = None if hidden else _built_file(dist, root, path)
        if candidate is not None:
            return _file_response(candidate, accept_encoding)
        if not _APP_ROUTE.fullmatch(path):  # a control character, a name no file system takes
            raise HTTPException(status_code=404, detail="No such page.")
        if "." in path.rsplit("/", 1)[-1]:  # a missing asset, not an app route
            raise HTTPException(status_code=404, detail="No such file.")
        if not index.is_file():
            raise HTTPException(status_code=503, detail="The web app is not built yet: run `make run`.")
        return _file_response(index, accept_encoding)


@asynccontextmanager
async def _start_worker(_app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    if should_pin(settings.pin_workers, settings.workers):
        pin_to_a_free_core(settings.port)
    # Plain `def` routes and dependencies run in this pool. Admitted requests use one thread at a
    # time each; the spare half serves file reads and clean-ups, which run outside admission.
    anyio.to_thread.current_default_thread_limiter().total_tokens = 2 * settings.concurrency
    # Every worker checks for reminders due; the claim in the database lets one of them send each.
    sender = asyncio.create_task(reminder_loop(settings.reminder_check_seconds)) if settings.send_reminders else None
    yield
    if sender is not None:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender


def create_app() -> FastAPI:
    settings = get_settings()
    try:
        get_catalogue()  # a broken catalogue stops start-up, naming the file, line and field
    except CatalogueError as error:
        raise SystemExit(f"heelstrong: exercise catalogue is invalid: {error}") from None

    app = FastAPI(
        title="Heelstrong",
        version="0.1.0",
        description="Rehab tracker for heel pain: check-ins, training log, progression and clinician exports.",
        lifespan=_start_worker,
        # FastAPI's own pages load their scripts from a CDN, which the CSP forbids: apidocs.py
        # serves them from here instead (or nothing, with HEELSTRONG_API_DOCS=false).
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_URL if settings.api_docs else None,
    )
    app.add_middleware(CompressionMiddleware)  # inside admission: compressing is the request's work
    if settings.fail_every_nth_write:
        app.add_middleware(FlakyWritesMiddleware, every=settings.fail_every_nth_write)
    app.add_middleware(AdmissionMiddleware, limit=settings.concurrency)
    # Inside the security headers, outside everything else: an unexpected error is a JSON 500
    # with those headers, and the connection stays open.
    app.add_middleware(UnexpectedErrorMiddleware)
    # Outside admission: its headers go on a 503 too. HSTS only when served over HTTPS.
    app.add_middleware(SecurityMiddleware, hsts=settings.cookie_secure)
    # Outermost: everything inside sees the client's address, as far as a trusted proxy says it.
    app.add_middleware(TrustedProxyMiddleware, networks=settings.trusted_proxy_networks)
    install_error_handlers(app)
    app.router.route_class = OneHopRoute  # the app's own routes too (health)

    @app.get("/api/health", tags=["ops"])
    def health(db: SessionDep) -> dict[str, str]:
        db.exec(text("SELECT 1"))
        return {"status": "ok"}

    if settings.bench_reference_route:  # the floor `make bench` measures every row against

        @app.get("/api/bench/empty", include_in_schema=False)
        async def bench_empty() -> dict:
            return {}

    routers = (
        accounts_router,
        account_router,
        catalogue_router,
        checkins_router,
        training_router,
        measures_router,
        progression_router,
        progress_router,
        sharing_router,
        reminders_router,
        clinic_router,
    )
    for router in routers:
        app.include_router(router)
    if settings.api_docs:
        install_api_docs(app)
    _answer_unmatched_api_requests(app)
    _serve_frontend(app, settings.frontend_dir)
    return app
