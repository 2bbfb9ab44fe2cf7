"""Issue 14: a request crosses into the thread pool once. FastAPI ran each sync dependency, its
teardown and the route in separate hops (five per request, 0.2-0.45 ms each here)."""

import anyio.to_thread
import pytest

from tests.api.conftest import new_id

TODAY = "2026-11-26"


@pytest.fixture
def hops(monkeypatch) -> list[str]:
    crossed = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func, *args, **kwargs):
        crossed.append(getattr(func, "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return crossed


def test_a_write_and_reads_each_cross_into_the_thread_pool_once(patient, hops):
    session_id = new_id()
    assert patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY}).status_code == 201
    hops.clear()
    assert patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
        "pain_during": 2, "settled": True}).status_code == 201
    assert len(hops) == 1, hops
    for path in ("/api/today", "/api/health", "/api/checkins", "/api/profile"):
        hops.clear()
        assert patient.get(path).status_code == 200
        assert len(hops) == 1, (path, hops)


def test_no_cookie_is_refused_without_a_thread(new_client, hops):
    assert new_client().get("/api/today").status_code == 401
    assert hops == []
