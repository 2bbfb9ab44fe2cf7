"""`make bench`'s reference row, an empty async route, exists only when
HEELSTRONG_BENCH_REFERENCE_ROUTE=true: a default server has no /api/bench at all."""

from fastapi.testclient import TestClient

from heelstrong.app import create_app
from heelstrong.core.config import get_settings


def test_the_reference_route_is_absent_by_default(new_client):
    response = new_client().get("/api/bench/empty")
    assert response.status_code == 404
    assert "/api/bench/empty" not in new_client().get("/openapi.json").text


def test_the_setting_serves_an_empty_answer(monkeypatch, database_url):
    monkeypatch.setenv("HEELSTRONG_BENCH_REFERENCE_ROUTE", "true")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as client:
            response = client.get("/api/bench/empty")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert response.status_code == 200
    assert response.json() == {}
