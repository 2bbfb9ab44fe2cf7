"""Browser tests: the built web app, served by the real server on a fresh SQLite file, driven
in Debian's Chromium at a phone's size."""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.server import Server, running_server

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "frontend" / "dist"
PHONE = {"width": 390, "height": 844}
# Browser tests sign up (and in) many patients from one address.
E2E_ENV = {"HEELSTRONG_REGISTRATIONS_PER_HOUR": "1000", "HEELSTRONG_SIGN_INS_PER_ADDRESS": "1000"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # `playwright install` cannot download browsers here; Debian's Chromium works.
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): browser tests skipped")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "device_scale_factor": 2, "has_touch": True}


def _require_build() -> None:
    if not (DIST / "index.html").exists():
        pytest.fail("frontend/dist is not built: run `npm run build` in frontend/ (make test does)")


def serve_copy_of_build(directory: Path) -> dict[str, str]:
    """A copy of the built app for a server to serve: a rebuild while tests run (a new
    service worker) cannot reach them, and a test may change its copy (a new deploy)."""
    _require_build()
    shutil.copytree(DIST, directory, ignore=shutil.ignore_patterns("*.map"))
    return {"HEELSTRONG_FRONTEND_DIR": str(directory)}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The real server (migrated fresh SQLite file, built frontend) on a free local port."""
    workdir = tmp_path_factory.mktemp("e2e")
    env = E2E_ENV | serve_copy_of_build(workdir / "dist")
    with running_server(f"sqlite:///{workdir / 'e2e.db'}", env) as server:
        yield server.base


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright resolves page.goto("/log") and page.request paths against this."""
    return live_server


@pytest.fixture
def start_server(tmp_path) -> Iterator[Callable[..., Server]]:
    """Starts a server of this test's own (fresh SQLite file, its own copy of the build in
    tmp_path/dist, `extra_env` on top of the e2e settings), stopped when the test ends:
    start_server(HEELSTRONG_FAIL_EVERY_NTH_WRITE="2")."""
    servers = []
    build = serve_copy_of_build(tmp_path / "dist")

    def start(**extra_env: str) -> Server:
        manager = running_server(f"sqlite:///{tmp_path / f'own-{len(servers)}.db'}", E2E_ENV | build | extra_env)
        server = manager.__enter__()
        servers.append(manager)
        return server

    yield start
    for manager in reversed(servers):
        manager.__exit__(None, None, None)


@pytest.fixture
def context_at(browser: Browser, browser_context_args) -> Iterator[Callable[[str], BrowserContext]]:
    """A fresh browser context (its own cookies, storage and service workers) at a phone's
    size, whose relative URLs resolve against `base`: for tests with a server of their own."""
    contexts = []

    def make(base: str) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, "base_url": base})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
