"""`make bench`: start the server on a fresh SQLite file and print latency percentiles,
throughput and the web app's first-load bytes. Prints numbers; asserts nothing."""

import asyncio
import gzip
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from tests.server import running_server

CONNECTIONS = 32
REQUESTS = 2000
CSRF = {"X-Heelstrong-CSRF": "1"}
DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"


async def _signed_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, headers=CSRF, timeout=60,
                               limits=httpx.Limits(max_connections=CONNECTIONS))
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    (await client.post("/api/auth/register", json={"email": email, "password": "benchmark-password"})).raise_for_status()
    profile = {"painful_side": "right", "condition": "plantar_heel", "program_start": "2026-01-01", "timezone": "UTC"}
    (await client.put("/api/profile", json=profile)).raise_for_status()
    return client


async def _measure(client: httpx.AsyncClient, make_request) -> dict[str, float]:
    latencies: list[float] = []
    queue = iter(range(REQUESTS))

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            response = await make_request(client)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                raise RuntimeError(f"{response.status_code}: {response.text}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50": quantiles[49] * 1000, "p99": quantiles[98] * 1000}


async def _bench(base: str) -> list[tuple[str, dict[str, float]]]:
    client = await _signed_in(base)
    today = datetime.now(UTC).date().isoformat()
    session_id = str(uuid.uuid4())
    (await client.post("/api/sessions", json={"id": session_id, "local_date": today})).raise_for_status()

    def log_set(c):
        return c.post(f"/api/sessions/{session_id}/sets", json={
            "id": str(uuid.uuid4()), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
            "pain_during": 2, "settled": True})

    results = [
        ("GET /api/health (bare)", await _measure(client, lambda c: c.get("/api/health"))),
        ("POST set (log a set)", await _measure(client, log_set)),
        ("GET /api/today", await _measure(client, lambda c: c.get("/api/today"))),
    ]
    await client.aclose()
    return results


def first_load_bytes() -> tuple[int, int]:
    files = [DIST / "index.html", DIST / "app.js", DIST / "app.css"]
    raw = sum(f.stat().st_size for f in files if f.exists())
    zipped = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files if f.exists())
    return raw, zipped


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, running_server(f"sqlite:///{tmp}/bench.db") as server:
        results = asyncio.run(_bench(server.base))
    print(f"\nHeelstrong bench: {CONNECTIONS} connections, {REQUESTS} requests each, SQLite, 1 worker")
    print(f"{'endpoint':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for name, numbers in results:
        print(f"{name:<28}{numbers['rps']:>10.0f}{numbers['p50']:>10.1f}{numbers['p99']:>10.1f}")
    print(f"log-a-set / bare throughput: {results[1][1]['rps'] / results[0][1]['rps']:.2f}x")
    raw, zipped = first_load_bytes()
    print(f"first load (index.html + app.js + app.css): {raw} bytes, {zipped} bytes gzip")


if __name__ == "__main__":
    main()
