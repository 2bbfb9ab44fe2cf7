"""Browser tests: the built web app, served by the real server on a fresh SQLite file, driven
in Debian's Chromium at a phone's size."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 20
PHONE = {"width": 390, "height": 844}


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real server (migrated fresh SQLite file, built frontend) on a free local port."""
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend/dist is not built: run `npm run build` in frontend/ (make test does)")
    workdir = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "backend"), os.environ.get("PYTHONPATH")])),
        "HEELSTRONG_DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
        "HEELSTRONG_HOST": "127.0.0.1",
        "HEELSTRONG_PORT": str(port),
    }
    migration = subprocess.run(
        [sys.executable, "-m", "heelstrong.cli", "migrate"], cwd=REPO, env=env, capture_output=True, text=True
    )
    if migration.returncode != 0:
        pytest.fail(f"heelstrong migrate failed:\n{migration.stdout}{migration.stderr}")
    log_path = workdir / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "heelstrong.cli", "serve"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /api/health within {STARTUP_TIMEOUT_S} s:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright resolves page.goto("/log") and page.request paths against this."""
    return live_server
