"""Leaving no trace: nothing from the API or the clinician's page is kept in a browser's or a
proxy's cache, and a share link's token never reaches the server's log."""

import logging
import time

import pytest
from uvicorn.logging import AccessFormatter

from heelstrong.cli import RedactShareTokens, log_config
from tests.api.test_progression import check_in, day
from tests.server import running_server
from tests.system.clients import patient as server_patient


def share(client) -> str:
    response = client.post("/api/share-links", json={})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def test_every_api_answer_and_the_shared_page_say_no_store(patient, new_client):
    check_in(patient, 0)
    token = share(patient)
    clinician, stranger = new_client(), new_client()
    stranger.headers.pop("X-Heelstrong-CSRF")
    answers = {
        "patient's data": patient.get("/api/me"),
        "patient's summary": patient.get("/api/export/summary"),
        **{f"patient's {what}": patient.get(f"/api/export/{what}") for what in ("pdf", "csv", "fhir")},
        "health": clinician.get("/api/health"),
        "shared summary": clinician.get(f"/api/shared/{token}/summary"),
        **{f"shared {what}": clinician.get(f"/api/shared/{token}/{what}") for what in ("pdf", "csv", "fhir")},
        "401": clinician.get("/api/me"),
        "403 (no CSRF header)": stranger.post("/api/share-links", json={}),
        "404 unknown link": clinician.get("/api/shared/not-a-token/summary"),
        "404 unknown endpoint": clinician.get("/api/nothing-here"),
        "405": clinician.delete(f"/api/shared/{token}/summary"),
        "422": clinician.get(f"/api/shared/{token}/csv", params={"from": day(0), "to": day(-1)}),
        "shared page": clinician.get(f"/shared/{token}"),
        "shared page with a range": clinician.get(f"/shared/{token}", params={"from": day(-6), "to": day(0)}),
    }
    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses["shared csv"] == statuses["shared summary"] == 200 and statuses["401"] == 401
    assert (statuses["403 (no CSRF header)"], statuses["404 unknown link"], statuses["405"], statuses["422"]) == (
        403, 404, 405, 422)
    for name, response in answers.items():
        assert response.headers.get_list("cache-control") == ["no-store"], (name, response.headers)
        assert response.headers["x-content-type-options"] == "nosniff", name  # the other headers stay


def test_the_app_shell_is_revalidated_and_its_assets_may_be_cached(new_client):
    client = new_client()
    for path in ("/", "/today", "/icon-192.png"):
        response = client.get(path)
        if response.status_code == 200:  # the web app is built (make test builds it)
            assert response.headers["cache-control"] == "no-cache", path
        assert "no-store" not in response.headers.get("cache-control", ""), path


TOKEN = "q0Ju-9cN3yXwVh6lT2b4mR8sZ1aF5eG7kP0oU3iY4tA"


def access_record(path: str) -> logging.LogRecord:
    """A record shaped like uvicorn's access log lines."""
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("203.0.113.9:51000", "GET", path, "1.1", 200), None)


@pytest.mark.parametrize(("path", "logged"), [
    (f"/api/shared/{TOKEN}/summary", "/api/shared/[redacted]/summary"),
    (f"/api/shared/{TOKEN}/csv?from=2026-11-01&to=2026-11-28", "/api/shared/[redacted]/csv?from=2026-11-01&to=2026-11-28"),
    (f"/shared/{TOKEN}", "/shared/[redacted]"),
    (f"/shared/{TOKEN}?from=2026-11-01", "/shared/[redacted]?from=2026-11-01"),
    (f"/shared/{TOKEN}/", "/shared/[redacted]/"),
    ("/shared/%E2%80%94odd%20token", "/shared/[redacted]"),
    (f"/api/calendar/{TOKEN}.ics", "/api/calendar/[redacted].ics"),
    ("/api/share-links", "/api/share-links"),
    ("/api/checkins?from=2026-11-01", "/api/checkins?from=2026-11-01"),
])
def test_the_access_log_filter_redacts_share_tokens_and_keeps_the_record_shape(path, logged):
    record = access_record(path)
    assert RedactShareTokens().filter(record) is True
    assert len(record.args) == 5 and record.args[2] == logged and record.args[4] == 200
    line = AccessFormatter(fmt='%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)
    assert line == f'203.0.113.9:51000 - "GET {logged} HTTP/1.1" 200 OK'


def test_the_filter_is_on_every_handler_of_uvicorns_log_config():
    config = log_config()
    assert config["filters"]["redact_share_tokens"]["()"] == "heelstrong.cli.RedactShareTokens"
    assert all("redact_share_tokens" in handler["filters"] for handler in config["handlers"].values())
    assert config["loggers"]["uvicorn.access"]["handlers"] == ["access"]  # uvicorn's own lines otherwise


def test_a_real_server_never_writes_a_share_token_to_its_log(tmp_path):
    # Two workers: each worker process sets up its logging from the config, not from the parent.
    with running_server(f"sqlite:///{tmp_path / 'trace.db'}", serve_args=("--migrate", "--workers", "2")) as server:
        client = server_patient(server.base)
        token = client.post("/api/share-links", json={}).json()["token"]
        page = client.get(f"/shared/{token}", params={"from": day(-6)})
        assert page.headers["cache-control"] == "no-store"
        for what in ("summary", "csv", "pdf", "fhir"):
            answer = client.get(f"/api/shared/{token}/{what}", params={"from": day(-6)})
            assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store", what
        assert client.get(f"/api/shared/{token[:-2]}xx/summary").status_code == 404  # a wrong token neither
        deadline = time.monotonic() + 10
        while server.output().count("/api/shared/[redacted]/") < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        log = server.output()
    assert token not in log and token[:20] not in log
    assert f'"GET /shared/[redacted]?from={day(-6)} HTTP/1.1" 200 OK' in log
    assert f'"GET /api/shared/[redacted]/summary?from={day(-6)} HTTP/1.1" 200 OK' in log
    assert '"GET /api/shared/[redacted]/summary HTTP/1.1" 404 Not Found' in log
    assert '"POST /api/share-links HTTP/1.1" 201 Created' in log  # the rest of the access log is as it was
