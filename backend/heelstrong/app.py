"""The app factory: the JSON API under /api and the built web app at /."""

import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from sqlalchemy import text

from heelstrong.accounts.router import router as accounts_router
from heelstrong.catalogue.loader import CatalogueError, get_catalogue
from heelstrong.catalogue.router import router as catalogue_router
from heelstrong.checkins.router import router as checkins_router
from heelstrong.core.config import get_settings
from heelstrong.core.deps import SessionDep
from heelstrong.core.errors import install_error_handlers
from heelstrong.core.middleware import (
    AdmissionMiddleware,
    CompressionMiddleware,
    FlakyWritesMiddleware,
    SecurityMiddleware,
)
from heelstrong.progress.router import router as progress_router
from heelstrong.progression.router import router as progression_router
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


def _serve_frontend(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    root = dist.resolve()

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def frontend(path: str, request: Request) -> FileResponse:
        if path.startswith("api/"):
            raise HTTPException(status_code=404, detail="No such API endpoint.")
        accept_encoding = request.headers.get("accept-encoding", "")
        candidate = (dist / path).resolve()
        # Source maps stay on the build machine; compressed copies are reached by negotiation.
        hidden = path.endswith((".map", ".br", ".gz"))
        if path and not hidden and candidate.is_file() and candidate.is_relative_to(root):
            return _file_response(candidate, accept_encoding)
        if "." in path.rsplit("/", 1)[-1]:  # a missing asset, not an app route
            raise HTTPException(status_code=404, detail="No such file.")
        if not index.is_file():
            raise HTTPException(status_code=503, detail="The web app is not built yet: run `make run`.")
        return _file_response(index, accept_encoding)


@asynccontextmanager
async def _size_thread_pool(_app: FastAPI) -> AsyncIterator[None]:
    # Plain `def` routes and dependencies run in this pool. Admitted requests use one thread at a
    # time each; the spare half serves file reads and clean-ups, which run outside admission.
    anyio.to_thread.current_default_thread_limiter().total_tokens = 2 * get_settings().concurrency
    yield


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
        lifespan=_size_thread_pool,
    )
    app.add_middleware(CompressionMiddleware)  # inside admission: compressing is the request's work
    if settings.fail_every_nth_write:
        app.add_middleware(FlakyWritesMiddleware, every=settings.fail_every_nth_write)
    app.add_middleware(AdmissionMiddleware, limit=settings.concurrency)
    app.add_middleware(SecurityMiddleware)  # outside admission: its headers go on a 503 too
    install_error_handlers(app)

    @app.get("/api/health", tags=["ops"])
    def health(db: SessionDep) -> dict[str, str]:
        db.exec(text("SELECT 1"))
        return {"status": "ok"}

    routers = (
        accounts_router,
        catalogue_router,
        checkins_router,
        training_router,
        progression_router,
        progress_router,
        sharing_router,
        reminders_router,
    )
    for router in routers:
        app.include_router(router)
    _serve_frontend(app, settings.frontend_dir)
    return app
