"""Issue 13, findings on error answers: an unexpected exception (a DataError, an OverflowError)
was answered in plain text by Starlette's outermost layer, without the security headers, and
uvicorn then dropped the connection without `Connection: close`; `GET /%00` was such a 500.
Now every error is the JSON shape with the headers, and the connection stays usable."""

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

from heelstrong.app import create_app
from heelstrong.core.errors import UNEXPECTED
from heelstrong.progress import service as progress_service
from tests.api.conftest import CSRF
from tests.server import free_port

HEADERS = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"]
BOOM = "/api/test-only/boom"
BAD_PATHS = ["/%00", "/%01", "/a%00b", "/shared/%00", "/assets/%00.js", "/app.js%00", "/%7f",
             "/" + "a" * 300, "/" + "a/" * 3000, "/" + "%C3%A9" * 300]


def assert_json_error(status: int, headers, body: bytes, expected_status: int, message: str | None = None) -> None:
    assert status == expected_status, body
    assert headers["content-type"] == "application/json", headers
    answer = json.loads(body)
    assert set(answer) == {"message", "detail"} and answer["message"].endswith("."), answer
    if message is not None:
        assert answer["message"] == message
    for name in HEADERS:
        assert name in headers, (name, headers)


def _raises(error: Exception) -> Callable[..., None]:
    def route() -> None:
        raise error

    return route


@pytest.fixture(scope="module")
def breaking_app(database_url) -> FastAPI:
    """The app with test-only routes that fail the way a bug or the database would."""
    app = create_app()
    failures = {
        "boom": RuntimeError("a bug"),
        "overflow": OverflowError("date value out of range"),
        "data-error": DataError("INSERT ...", {}, Exception("PostgreSQL text fields cannot contain NUL (0x00) bytes")),
    }
    for name, error in failures.items():
        app.add_api_route(f"/api/test-only/{name}", _raises(error), methods=["GET", "POST"])

    async def async_boom() -> None:
        raise RuntimeError("a bug in async code")

    app.add_api_route("/api/test-only/async-boom", async_boom, methods=["GET"])
    # Ahead of the web app's catch-all route.
    app.router.routes[:0] = [app.router.routes.pop() for _ in range(len(failures) + 1)]
    return app


@pytest.mark.parametrize("name", ["boom", "overflow", "data-error", "async-boom"])
def test_an_unexpected_error_is_answered_in_json_with_the_security_headers(breaking_app, name):
    with TestClient(breaking_app, headers=CSRF) as client:
        response = client.get(f"/api/test-only/{name}")
        assert_json_error(response.status_code, response.headers, response.content, 500, UNEXPECTED)
        assert response.headers["cache-control"] == "no-store"
        assert "a bug" not in response.text and "NUL" not in response.text  # nothing of the insides
        if name != "async-boom":
            posted = client.post(f"/api/test-only/{name}", json={})
            assert_json_error(posted.status_code, posted.headers, posted.content, 500, UNEXPECTED)


def test_an_error_deep_in_a_real_route_is_answered_the_same(patient, monkeypatch):
    def broken(*_args, **_kwargs):
        raise DataError("SELECT ...", {}, Exception("out of range"))

    monkeypatch.setattr(progress_service, "progress", broken)
    response = patient.get("/api/progress")
    assert_json_error(response.status_code, response.headers, response.content, 500, UNEXPECTED)
    assert patient.get("/api/me").status_code == 200  # the app goes on answering


@pytest.mark.parametrize("path", BAD_PATHS)
def test_a_path_no_file_system_takes_is_not_found(patient, path):
    response = patient.get(path)
    assert_json_error(response.status_code, response.headers, response.content, 404)


def test_the_app_and_its_files_are_still_served(patient):
    assert patient.get("/app.js").status_code == 200
    assert patient.get("/history").status_code == 200
    assert patient.get("/shared/some-token").status_code == 200


@contextmanager
def serving(app: FastAPI) -> Iterator[int]:
    """uvicorn in a thread of this process (so the test-only routes are there), on a free port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            thread.join(0.05)
        assert server.started, "uvicorn did not start"
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize("path", [BOOM, "/api/test-only/data-error", "/api/test-only/async-boom", "/%00"])
def test_after_an_error_the_connection_takes_the_next_request(breaking_app, path):
    with serving(breaking_app) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
            failed = connection.getresponse()
            body = failed.read()
            assert_json_error(failed.status, failed.headers, body, 500 if path != "/%00" else 404)
            assert failed.getheader("connection") != "close" and not failed.will_close
            sock = connection.sock
            connection.request("GET", "/api/health")  # on the same connection (keep-alive)
            healthy = connection.getresponse()
            assert healthy.status == 200 and json.loads(healthy.read()) == {"status": "ok"}
            assert connection.sock is sock
        finally:
            connection.close()
