"""Two server processes on one database behave as one: sessions, rate limits and idempotency
live in the database, not in a process."""

import uuid

import httpx

from tests.server import running_server
from tests.system.clients import CSRF, PASSWORD, a_set, patient, start_session


def test_two_servers_share_sessions_rate_limits_and_replays(fresh_database_url):
    with running_server(fresh_database_url) as first, running_server(fresh_database_url) as second:
        on_first = patient(first.base, "shared@example.org")
        on_second = httpx.Client(base_url=second.base, headers=CSRF, cookies=on_first.cookies, timeout=30)
        assert on_second.get("/api/me").json()["email"] == "shared@example.org"  # a session made on the first

        session_id = start_session(on_first)
        entry = a_set()
        assert on_first.post(f"/api/sessions/{session_id}/sets", json=entry).status_code == 201
        assert on_second.post(f"/api/sessions/{session_id}/sets", json=entry).status_code == 200  # a replay
        assert len(on_second.get(f"/api/sessions/{session_id}").json()["sets"]) == 1

        assert on_first.post("/api/auth/logout").status_code == 204
        assert on_second.get("/api/me").status_code == 401  # revoked everywhere

        attackers = [httpx.Client(base_url=server.base, headers=CSRF) for server in (first, second)]
        wrong = {"email": "shared@example.org", "password": "not-the-password"}
        for attempt in range(10):
            assert attackers[attempt % 2].post("/api/auth/login", json=wrong).status_code == 401
        for attacker in attackers:  # ten failures spread over both servers lock the account on both
            right = {"email": "shared@example.org", "password": PASSWORD}
            assert attacker.post("/api/auth/login", json=right).status_code == 429
        other = {"email": f"{uuid.uuid4().hex[:8]}@example.org", "password": "whatever-1234"}
        assert attackers[0].post("/api/auth/login", json=other).status_code == 401
