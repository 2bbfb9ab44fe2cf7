"""Issue 13, headers: no HSTS even with HEELSTRONG_COOKIE_SECURE=true; a `server: uvicorn`
header on every answer; /docs and /redoc loaded their scripts from a CDN that the app's own CSP
forbids (a blank page, and offline none at all)."""

from html.parser import HTMLParser

import httpx
from fastapi.testclient import TestClient

from heelstrong.app import create_app
from tests.api.conftest import CSRF, PASSWORD
from tests.security.test_rate_limits import settings
from tests.server import running_server

HSTS = "max-age=63072000; includeSubDomains"


def test_hsts_is_sent_when_the_cookie_is_secure(new_client, monkeypatch):
    plain = new_client()
    assert "strict-transport-security" not in plain.get("/api/health").headers
    assert "strict-transport-security" not in plain.get("/").headers

    with settings(monkeypatch, COOKIE_SECURE="true"), TestClient(create_app(), headers=CSRF) as https:
        for response in (
            https.get("/api/health"),
            https.get("/"),  # the app shell
            https.get("/api/nope"),  # an error
            https.post("/api/auth/login", json={}, headers={"X-Heelstrong-CSRF": "0"}),  # refused before any route
            https.post("/api/auth/register", json={"email": "h@example.org", "password": PASSWORD}),
        ):
            assert response.headers["strict-transport-security"] == HSTS, response.request.url
        signed_in = https.post("/api/auth/login", json={"email": "h@example.org", "password": PASSWORD})
        assert "secure" in signed_in.headers["set-cookie"].lower()


def test_the_real_server_does_not_say_what_it_runs_on(database_url):
    with running_server(database_url, serve_args=()) as server:
        for path in ("/api/health", "/", "/api/nope"):
            response = httpx.get(server.base + path)
            assert "server" not in response.headers, (path, response.headers.get("server"))
            assert "date" in response.headers  # harmless, and caches use it


class _Assets(HTMLParser):
    """Every URL a page loads (scripts, stylesheets, icons, images), and any inline script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("src", "href"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def test_the_api_docs_load_only_this_servers_files(new_client):
    client = new_client()
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assets = _Assets()
    assets.feed(page.text)
    assert assets.inline_scripts == 0  # the CSP runs no inline script
    scripts = [url for url in assets.urls if url.endswith(".js")]
    assert len(scripts) >= 2 and any(url.endswith(".css") for url in assets.urls)
    for url in assets.urls:
        assert url.startswith("/") and not url.startswith("//"), url  # same origin, no CDN
        if url != "/icon-192.png":  # the web app's icon (there once the web app is built)
            asset = client.get(url)
            assert asset.status_code == 200, url
            kind = "javascript" if url.endswith(".js") else "css"
            assert kind in asset.headers["content-type"], (url, asset.headers["content-type"])
            assert "cdn." not in asset.text[:5000]
    start_up = client.get(scripts[-1]).text
    assert "'/openapi.json'" in start_up and "X-Heelstrong-CSRF" in start_up  # "Try it out" can write
    assert client.get("/openapi.json").json()["info"]["title"] == "Heelstrong"
    assert "https://" not in page.text and "http://" not in page.text

    redoc = client.get("/redoc", follow_redirects=False)  # ReDoc needs inline styles: /docs instead
    assert redoc.status_code == 308 and redoc.headers["location"] == "/docs"
    assert client.get("/docs/assets/nothing.js").status_code == 404


def test_the_api_docs_can_be_turned_off(monkeypatch):
    with settings(monkeypatch, API_DOCS="false"), TestClient(create_app(), headers=CSRF) as client:
        assert client.get("/openapi.json").status_code == 404
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 404
        for path in ("/docs", "/redoc"):  # the web app's shell (or 503 when not built), not the docs
            response = client.get(path, follow_redirects=False)
            assert response.status_code in (200, 503) and "swagger" not in response.text.lower(), path
        assert client.get("/api/health").status_code == 200
