"""A burst of clients far beyond the thread pool and the connection pool: every one is answered.

Before admission control, requests queued for a thread while holding a pooled connection, so a
burst larger than the pool left the running threads waiting for connections that would never
come back (the server hung until the pool timed out, then answered 500)."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.server import running_server
from tests.system.clients import CSRF, a_set, patient, start_session

CLIENTS = 150  # the pool holds 40 connections (SQLite) or 20 + 20 (PostgreSQL) per worker


async def _burst(base: str, cookies: httpx.Cookies, session_id: str) -> list[int]:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, headers=CSRF, cookies=cookies, timeout=60, limits=limits) as client:
        requests = []
        for n in range(CLIENTS):
            if n % 3 == 0:
                requests.append(client.post(f"/api/sessions/{session_id}/sets", json=a_set()))
            elif n % 3 == 1:
                requests.append(client.get("/api/today"))
            else:
                requests.append(client.get("/api/health"))
        return [response.status_code for response in await asyncio.gather(*requests)]


def test_a_burst_beyond_every_pool_is_answered_in_full(fresh_database_url):
    with running_server(fresh_database_url) as server:
        client = patient(server.base)
        session_id = start_session(client)
        started = time.monotonic()
        with ThreadPoolExecutor(1) as thread:  # a loop of its own: the browser tests leave one in this thread
            statuses = thread.submit(asyncio.run, _burst(server.base, client.cookies, session_id)).result()
        elapsed = time.monotonic() - started
        stored = client.get(f"/api/sessions/{session_id}").json()["sets"]
    print(f"burst: {CLIENTS} concurrent requests answered in {elapsed:.1f} s")
    assert sorted(set(statuses)) == [200, 201], {s: statuses.count(s) for s in set(statuses)}
    assert len(stored) == CLIENTS // 3
    assert elapsed < 30, "a request waited for the pool timeout"
