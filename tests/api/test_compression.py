"""Bytes on the wire: the built app's files go out precompressed (brotli or gzip, made at build
time) with Content-Encoding and Vary; source maps are never served; JSON answers above
COMPRESS_MINIMUM_BYTES are gzip-compressed, smaller ones are not."""

import datetime as dt
import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from heelstrong.app import create_app
from heelstrong.core.config import get_settings
from heelstrong.core.db import get_engine
from heelstrong.core.middleware import COMPRESS_MINIMUM_BYTES
from heelstrong.demo import DEMO_PASSWORD, fill

from .conftest import CSRF

APP_JS = b"export const hello = 'world';\n" * 200


@pytest.fixture
def static_client(tmp_path, database_url) -> Iterator[TestClient]:
    """An app serving a small dist/ shaped like frontend/build.mjs writes it."""
    dist = tmp_path / "dist"
    (dist / "chunks").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Heelstrong</title>" + " " * 600)
    (dist / "index.html.br").write_bytes(b"BR-INDEX")
    (dist / "index.html.gz").write_bytes(gzip.compress((dist / "index.html").read_bytes()))
    (dist / "app.js").write_bytes(APP_JS)
    (dist / "app.js.gz").write_bytes(gzip.compress(APP_JS))
    (dist / "app.js.br").write_bytes(b"BR-APP")
    (dist / "app.js.map").write_text('{"version": 3}')
    (dist / "chunks" / "draw.js").write_bytes(APP_JS)
    (dist / "chunks" / "draw.js.gz").write_bytes(gzip.compress(APP_JS))
    (dist / "icon-192.png").write_bytes(b"\x89PNG....")
    previous = os.environ.get("HEELSTRONG_FRONTEND_DIR")
    os.environ["HEELSTRONG_FRONTEND_DIR"] = str(dist)
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as client:
            yield client
    finally:
        if previous is None:
            os.environ.pop("HEELSTRONG_FRONTEND_DIR", None)
        else:
            os.environ["HEELSTRONG_FRONTEND_DIR"] = previous
        get_settings.cache_clear()


def get(client: TestClient, path: str, accept: str) -> object:
    # httpx would decode gzip itself: read the raw bytes as they came.
    with client.stream("GET", path, headers={"Accept-Encoding": accept}) as response:
        response.raw = b"".join(response.iter_raw())
    return response


def test_brotli_is_preferred_then_gzip_then_the_file_itself(static_client):
    br = get(static_client, "/app.js", "gzip, deflate, br")
    assert br.status_code == 200
    assert br.headers["content-encoding"] == "br"
    assert br.headers["vary"] == "Accept-Encoding"
    assert br.headers["content-type"].startswith("text/javascript")
    assert br.headers["content-length"] == str(len(b"BR-APP"))
    assert br.raw == b"BR-APP"

    gz = get(static_client, "/app.js", "gzip")
    assert gz.headers["content-encoding"] == "gzip"
    assert gz.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(gz.raw) == APP_JS

    plain = get(static_client, "/app.js", "identity")
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"
    assert plain.raw == APP_JS

    refused = get(static_client, "/app.js", "br;q=0, gzip")
    assert refused.headers["content-encoding"] == "gzip"


def test_the_shell_and_chunks_are_negotiated_too(static_client):
    for path in ("/", "/progress", "/index.html"):
        shell = get(static_client, path, "br, gzip")
        assert shell.headers["content-encoding"] == "br", path
        assert shell.headers["content-type"].startswith("text/html")
        assert shell.headers["cache-control"] == "no-cache"
    chunk = get(static_client, "/chunks/draw.js", "br, gzip")  # only .gz was written
    assert chunk.headers["content-encoding"] == "gzip"
    icon = get(static_client, "/icon-192.png", "br, gzip")  # not compressible: as it is
    assert "content-encoding" not in icon.headers
    assert "vary" not in icon.headers


def test_source_maps_and_compressed_copies_are_not_served_by_name(static_client):
    for path in ("/app.js.map", "/app.js.br", "/app.js.gz"):
        assert static_client.get(path).status_code == 404, path


def test_the_real_build_has_compressed_copies_and_no_linked_maps():
    dist = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    if not (dist / "index.html").exists():
        pytest.skip("frontend/dist is not built")
    scripts = list(dist.rglob("*.js"))
    assert scripts and not [path for path in scripts if b"sourceMappingURL" in path.read_bytes()]
    # Every text file worth compressing has both copies (a tiny one, like the entry script that
    # only loads shared chunks, may be sent as it is: compressed it would grow).
    texts = [path for path in dist.rglob("*") if path.suffix in (".html", ".js", ".css", ".webmanifest")]
    for path in (path for path in texts if path.stat().st_size > 1024):
        assert path.with_name(path.name + ".br").is_file(), path.name
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), path.name
    compressed = [path for path in scripts if path.with_name(path.name + ".br").is_file()]
    raw = sum(path.stat().st_size for path in compressed)
    assert sum(path.with_name(path.name + ".br").stat().st_size for path in compressed) < 0.4 * raw


def test_big_json_is_gzipped_and_small_json_is_not(new_client):
    today = dt.datetime.now(dt.UTC).date()
    with Session(get_engine()) as db:
        fill(db, patients=1, days=84, today=today, seed=1)
    client = new_client()
    login = {"email": "demo-00000-improver@example.org", "password": DEMO_PASSWORD}
    assert client.post("/api/auth/login", json=login).status_code == 200

    sizes = {}
    for path in ("/api/me", "/api/today", "/api/progression", "/api/sessions?limit=20&offset=0", "/api/progress"):
        plain = get(client, path, "identity")
        packed = get(client, path, "gzip")
        assert plain.status_code == packed.status_code == 200, path
        assert packed.headers.get("cache-control") == "no-store"
        if len(plain.raw) >= COMPRESS_MINIMUM_BYTES:
            assert packed.headers["content-encoding"] == "gzip", path
            assert "Accept-Encoding" in packed.headers["vary"]
            assert gzip.decompress(packed.raw) == plain.raw
            assert len(packed.raw) < len(plain.raw) / 3, path
        else:
            assert "content-encoding" not in packed.headers, path
            assert packed.raw == plain.raw
        sizes[path] = (len(plain.raw), len(packed.raw))
    print("JSON bytes (plain, on the wire):", sizes)
    assert sizes["/api/me"][0] < COMPRESS_MINIMUM_BYTES  # the small answer stays as it is
    assert sizes["/api/sessions?limit=20&offset=0"][1] < sizes["/api/sessions?limit=20&offset=0"][0] / 3


def test_downloads_that_are_compressed_already_are_left_alone(new_client):
    today = dt.datetime.now(dt.UTC).date()
    with Session(get_engine()) as db:
        fill(db, patients=1, days=28, today=today, seed=1)
    client = new_client()
    login = {"email": "demo-00000-improver@example.org", "password": DEMO_PASSWORD}
    assert client.post("/api/auth/login", json=login, headers=CSRF).status_code == 200
    pdf = client.get("/api/export/pdf", headers={"Accept-Encoding": "gzip"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert "content-encoding" not in pdf.headers


def test_a_compressed_copy_older_than_its_file_is_not_sent(static_client, tmp_path):
    """A file replaced after the build (a hand-patched deploy) goes out as it is now."""
    app_js = tmp_path / "dist" / "app.js"
    later = app_js.stat().st_mtime + 10
    os.utime(app_js, (later, later))
    fresh = get(static_client, "/app.js", "br, gzip")
    assert "content-encoding" not in fresh.headers
    assert fresh.raw == APP_JS
