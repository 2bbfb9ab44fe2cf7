"""`make bench`: the real server, driven over loopback by wrk, on SQLite and on PostgreSQL.

Prints throughput and p50/p99 latency for (a) the lightest endpoint, (b) logging a set, (c)
today's plan, (d) a year of progress series, (e) a year's PDF summary; the ratio of (b) to (a);
and the web app's first-load bytes. Each row is run three ways: flat out (every connection sends
its next request the moment an answer arrives, which gives the throughput), with one connection
(the service time), and with the same connections at half the flat-out rate, arriving at random
(the latency a patient sees on a busy server that keeps up). Numbers only: nothing here asserts
a timing.

    python -m tests.perf.run [--postgres URL] [--patients 10000] [--seconds 10] [--connections 32]
                             [--workers 1] [--concurrency 4]
"""

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import tempfile
import textwrap
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlmodel import Session, select

from heelstrong.accounts.models import User
from heelstrong.cli import migrate
from heelstrong.core.db import make_engine
from heelstrong.demo import DEMO_PASSWORD, create_patient
from heelstrong.progression.service import history_query
from tests.perf.scale import clone_patients
from tests.server import running_server

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
CSRF = {"X-Heelstrong-CSRF": "1"}
TARGETS = {"b": "p99 < 15 ms, >= 0.5x (a)", "c": "p99 < 15 ms", "d": "p99 < 20 ms", "e": "p99 < 300 ms"}
POST_SET_LUA = """
math.randomseed(os.time())
local function uuid()
  return (string.gsub('xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx', '[xy]', function (c)
    return string.format('%x', (c == 'x') and math.random(0, 0xf) or math.random(8, 0xb)) end))
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  return wrk.format(nil, nil, nil, '{"id":"' .. uuid() .. '","exercise_id":"calf-iso-double",' ..
    '"side":"both","hold_seconds":30,"pain_during":2,"settled":true}')
end
"""
# Appended to a row's script for the paced run: each connection waits a random (exponential)
# time between requests, so arrivals across connections are close to a Poisson process.
PACED_LUA = """
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local mean_ms = tonumber(os.getenv("BENCH_MEAN_DELAY_MS"))
function delay()
  return math.floor(-math.log(1 - math.random()) * mean_ms)
end
"""


def wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], script: Path | None = None, rate: float = 0
) -> dict:
    """Run wrk; with ``rate`` (requests/s in all), connections pace themselves to offer about that."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = None
    with tempfile.TemporaryDirectory() as tmp:
        if rate:
            paced = Path(tmp) / "paced.lua"
            paced.write_text((script.read_text() if script else "") + textwrap.dedent(PACED_LUA))
            script = paced
            env = os.environ | {"BENCH_MEAN_DELAY_MS": str(1000 * connections / rate)}
        if script:
            command += ["-s", str(script)]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True, env=env).stdout

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if found is None:
            raise RuntimeError(f"wrk gave no latencies for {url}:\n{output}")
        value, unit = found.groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _sign_in(base: str, email: str) -> str:
    response = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": DEMO_PASSWORD}, headers=CSRF)
    response.raise_for_status()
    return response.cookies["heelstrong_session"]


def seed(database_url: str, patients: int) -> tuple[str, str]:
    """A patient with a year of history (read benchmarks), one with a day (writes), and a crowd of
    patients with four weeks each (copies of one made through the service layer)."""
    migrate(database_url)
    engine = make_engine(database_url)
    today = datetime.now(UTC).date()
    with Session(engine) as db:
        reader = create_patient(db, 0, 365, today, random.Random(1))
        writer = create_patient(db, 1, 1, today, random.Random(2))
        crowd_id = create_patient(db, 2, 28, today, random.Random(3)).id if patients > 2 else None
        emails = (reader.email, writer.email)
    if crowd_id is not None and patients > 3:
        clone_patients(engine, crowd_id, copies=patients - 3)
    engine.dispose()
    return emails


def bench(database_url: str, label: str, patients: int, args: argparse.Namespace) -> list[tuple]:
    seconds, connections = args.seconds, args.connections
    started = time.perf_counter()
    reader_email, writer_email = seed(database_url, patients)
    print(f"[{label}] seeded {patients} patients in {time.perf_counter() - started:.0f} s", flush=True)
    today = datetime.now(UTC).date()
    year_ago = (today - timedelta(days=364)).isoformat()
    server_env = {"HEELSTRONG_WORKERS": str(args.workers), "HEELSTRONG_CONCURRENCY": str(args.concurrency)}
    with running_server(database_url, server_env) as server, tempfile.TemporaryDirectory() as tmp:
        base = server.base
        reader = {"Cookie": f"heelstrong_session={_sign_in(base, reader_email)}"}
        writer_cookie = _sign_in(base, writer_email)
        session_id = str(uuid.uuid4())
        httpx.post(
            f"{base}/api/sessions",
            json={"id": session_id, "local_date": today.isoformat()},
            headers=CSRF,
            cookies={"heelstrong_session": writer_cookie},
        ).raise_for_status()
        script = Path(tmp) / "post_set.lua"
        script.write_text(textwrap.dedent(POST_SET_LUA))
        httpx.get(f"{base}/api/today", headers=reader).raise_for_status()  # the engine catches up once
        explain_history_query(database_url, reader_email)
        writer = CSRF | {"Cookie": f"heelstrong_session={writer_cookie}"}
        runs = [  # (e) is CPU-heavy: fewer connections, so it can't starve the rows after it
            ("a", "GET /api/health (SELECT 1)", f"{base}/api/health", {}, None, connections),
            ("b", "POST a set", f"{base}/api/sessions/{session_id}/sets", writer, script, connections),
            ("c", "GET /api/today", f"{base}/api/today", reader, None, connections),
            ("d", "GET /api/progress (a year)", f"{base}/api/progress?from={year_ago}", reader, None, connections),
            ("e", "GET /api/export/pdf (a year)", f"{base}/api/export/pdf?from={year_ago}", reader, None, 4),
        ]
        results = []
        for key, name, url, headers, lua, clients in runs:
            loaded = wrk(url, seconds, clients, headers, lua)
            _drain(base)
            alone = wrk(url, max(2, seconds // 3), 1, headers, lua)  # the service time, no queueing
            half = wrk(url, seconds, clients, headers, lua, rate=loaded["rps"] / 2)
            _drain(base)
            results.append(
                (key, name, loaded | {"connections": clients, "alone_p50": alone["p50"], "half": half})
            )
        return results


def _drain(base: str) -> None:
    """Wait out the requests wrk left queued when it stopped: admission is first come, first
    served, so a request sent now is answered once they are done."""
    httpx.get(f"{base}/api/health", timeout=120).raise_for_status()


def explain_history_query(database_url: str, email: str) -> None:
    """Show how the database runs today's heaviest query (the engine's history), as evidence it
    is indexed; printed, not asserted."""
    engine = make_engine(database_url)
    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == email)).one()
        statement = history_query(user.id, datetime.now(UTC).date() - timedelta(days=2))
        compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
        plan = [str(row[-1]) for row in db.connection().exec_driver_sql(f"{explain} {compiled}")]
    engine.dispose()
    print("  plan of the engine's history query: " + " | ".join(line.strip() for line in plan[:6]))


def print_table(label: str, results: list[tuple], workers: int, concurrency: int) -> None:
    print(f"\n{label}: {workers} worker(s) x {concurrency} requests at once, wrk over loopback")
    print(
        f"{'':3}{'endpoint':<30}{'conns':>6}{'flat out: req/s':>16}{'p50':>8}{'p99':>8}{'alone p50':>10}"
        f"{'half load: req/s':>17}{'p50':>7}{'p99':>8}{'non-2xx':>8}  target (ms)"
    )
    for key, name, n in sorted(results):
        half = n["half"]
        print(
            f"({key}){name:<30}{n['connections']:>6}{n['rps']:>16.0f}{n['p50']:>8.1f}{n['p99']:>8.1f}"
            f"{n['alone_p50']:>10.1f}{half['rps']:>17.0f}{half['p50']:>7.1f}{half['p99']:>8.1f}"
            f"{n['errors'] + half['errors']:>8}  {TARGETS.get(key, '')}"
        )
    by_key = {key: numbers for key, _, numbers in results}
    print(f"(b)/(a) throughput: {by_key['b']['rps'] / by_key['a']['rps']:.2f}x")
    # A closed loop of C connections has C requests in flight: p50 >= C / throughput.
    connections = by_key["c"]["connections"]
    print(f"flat out with {connections} connections, p99 < 15 ms needs at least {connections / 0.015:,.0f} req/s")


def first_load_bytes() -> tuple[int, int]:
    """index.html, the CSS and the JS the page loads before anything else (static imports included)."""
    files = {DIST / "index.html"}
    queue = [
        DIST / name for name in re.findall(r'(?:src|href)="/?([\w.-]+\.(?:js|css))"', (DIST / "index.html").read_text())
    ]
    while queue:
        path = queue.pop()
        if path in files or not path.exists():
            continue
        files.add(path)
        if path.suffix == ".js":
            queue += [DIST / name for name in re.findall(r'from\s*"\./([\w.-]+\.js)"', path.read_text())]
            queue += [DIST / name for name in re.findall(r'import\s*"\./([\w.-]+\.js)"', path.read_text())]
    return sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a fresh database is made on it")
    parser.add_argument("--patients", type=int, default=10_000, help="patients on PostgreSQL (SQLite: 50)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (HEELSTRONG_WORKERS)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests per worker at once (HEELSTRONG_CONCURRENCY)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk: apt-get install wrk")

    with tempfile.TemporaryDirectory() as tmp:
        results = bench(f"sqlite:///{tmp}/bench.db", "SQLite", 50, args)
    print_table("SQLite, 50 patients", results, args.workers, args.concurrency)
    if args.postgres:
        from tests.system.conftest import fresh_postgres_database

        with fresh_postgres_database(args.postgres) as url:
            results = bench(url, "PostgreSQL", args.patients, args)
        print_table(f"PostgreSQL, {args.patients} patients", results, args.workers, args.concurrency)
    raw, zipped = first_load_bytes()
    print(f"\nweb app first load (HTML + JS + CSS): {raw} bytes, {zipped} bytes gzip (budget 100 KB)")


if __name__ == "__main__":
    main()
