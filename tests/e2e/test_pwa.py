"""The installable app: Chromium finds nothing missing for installing it, the icons are what
the manifest says, the service worker controls the page, precaches every chunk (every screen
but sign-in and Today is one, loaded when first opened, offline too), and a new deploy is
offered with "New version available: Reload" instead of leaving the patient on the old
version."""

import re
import struct
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from tests.server import Server

from .browser import console_errors, go_to, screenshot, sign_up_through_api, wait_for_service_worker
from .netgate import Gate

pytestmark = pytest.mark.e2e

CACHE_NAMES = "caches.keys()"
# The tabs whose screens are chunks of their own, and the heading each shows.
LAZY_TABS = {"Log": "Log exercises", "History": "History", "Progress": "Progress", "Profile": "Profile"}


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


def test_chromium_finds_the_app_installable(
    browser_type: BrowserType, browser_type_launch_args: dict, browser_context_args: dict, tmp_path: Path
) -> None:
    # A profile on disk: Chromium never offers to install from an incognito one, which is what
    # Playwright's usual contexts are.
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args, **browser_context_args)
    page = context.pages[0]
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    wait_for_service_worker(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest_url = cdp.send("Page.getAppManifest")
    assert manifest_url["errors"] == [], manifest_url["errors"]

    manifest = page.request.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert {"name", "short_name", "theme_color", "background_color"} <= manifest.keys()
    purposes: dict[str, set[str]] = {}
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.ok and response.headers["content-type"] == "image/png", icon
        width, height = png_size(response.body())
        assert f"{width}x{height}" == icon["sizes"], icon
        purposes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert purposes == {"any": {"192x192", "512x512"}, "maskable": {"192x192", "512x512"}}
    context.close()


def test_the_shell_and_every_chunk_are_precached(page: Page) -> None:
    page.goto("/")
    wait_for_service_worker(page)
    (name,) = page.evaluate(CACHE_NAMES)
    assert re.fullmatch(r"heelstrong-shell-[0-9a-f]{16}", name)
    cached = page.evaluate(
        "name => caches.open(name).then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))", name)
    dist = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    chunks = {f"/chunks/{p.name}" for p in (dist / "chunks").glob("*.js")}
    assert chunks, "the charts are a chunk of their own"
    assert set(cached) == {"/index.html", "/app.js", "/app.css", "/manifest.webmanifest", "/icon-192.png",
                           "/icon-512.png", "/icon-maskable-192.png", "/icon-maskable-512.png"} | chunks


def test_other_screens_load_when_first_opened_and_open_offline(
    start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]
) -> None:
    server = start_server()
    gate = Gate(server.base)
    page = context_at(gate.base).new_page()
    errors = console_errors(page)
    scripts: list[str] = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(urlsplit(request.url).path))
    sign_up_through_api(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    wait_for_service_worker(page)
    # Today's first load: app.js and the one chunk index.html preloads, no other screen
    first_load = set(scripts)
    assert "/app.js" in first_load and len(first_load) == 2, first_load
    assert not any(re.search(r"Screen-\w+\.js$", path) for path in first_load), first_load

    gate.close()  # offline: each screen's chunk comes from the service worker's cache
    for tab, heading in LAZY_TABS.items():
        go_to(page, tab)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()  # the screen is in
        expect(page.get_by_text("This screen could not be loaded")).to_have_count(0)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_focused()
    assert any(re.search(r"/chunks/HistoryScreen-\w+\.js$", path) for path in scripts), scripts
    assert errors == []


def test_a_new_version_is_offered_and_reload_switches_to_it(
    start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext], tmp_path: Path
) -> None:
    server = start_server()  # serves its own copy of the build, in tmp_path/dist
    page = context_at(server.base).new_page()
    sign_up_through_api(page)
    page.goto("/")
    wait_for_service_worker(page)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    (old_cache,) = page.evaluate(CACHE_NAMES)
    expect(page.get_by_text("New version available")).to_have_count(0)

    # Deploy a new version: the worker names another cache, as a rebuild with changes would
    worker = tmp_path / "dist" / "sw.js"
    old_hash = old_cache.removeprefix("heelstrong-shell-")
    new_hash = "feedfacefeedface"
    worker.write_text(worker.read_text().replace(old_hash, new_hash))

    # The browser checks for a new worker on navigation; the app shows the prompt once it waits
    page.reload()
    prompt = page.get_by_role("status").filter(has_text="New version available")
    expect(prompt).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    screenshot(page, "update-prompt")
    assert page.evaluate(CACHE_NAMES) == [old_cache, f"heelstrong-shell-{new_hash}"]  # both, until Reload

    with page.expect_event("load"):
        prompt.get_by_role("button", name="Reload").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_text("New version available")).to_have_count(0)
    assert page.evaluate(CACHE_NAMES) == [f"heelstrong-shell-{new_hash}"]
    assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"
