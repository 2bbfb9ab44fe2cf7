"""`make bench`: the real server, driven over loopback by wrk, on SQLite and on PostgreSQL.

Rows: (ref) an empty `async def` route in the same server (HEELSTRONG_BENCH_REFERENCE_ROUTE),
the floor every other row is measured against; (a) the lightest real endpoint; (b) logging a
set; (c) today's plan asked again (cached); (c2) today's plan right after a check-in (the
engine runs); (d) a year of progress series; (e) a year's PDF summary; (f) the caseload's first
page (clinic mode) for a clinician with 500 of the patients (PostgreSQL; SQLite: a third of its
crowd), a second clinician having twice as many others. Then the caseload's reads alone
(clinic.caseload.page_rows: rank every patient, build the first page; straight on the
database, no server): median time against the issue's 50 ms, the statements it issued and
each one's time.

Each row is reported as
- its service time: one connection, the median of --rounds rounds (each round's p50), and
  that time over the reference row's, next to the target ratio;
- the same with the server's access log off (`heelstrong serve --no-access-log`), a second
  server on the same database, taking turns with the first so both see the same noise;
- flat out (--connections, each sending again the moment its answer arrives): throughput;
- at half the flat-out rate with random arrivals: p50 and p99, and p99 over the service time.
Then worker placement: flat-out throughput with 1 worker, 2 (one per core) and 2 pinned one to
a core (HEELSTRONG_PIN_WORKERS), the three servers taking turns.

POST a set sends a new UUID every time (each wrk thread numbers its own, under an id new for
every run) and the run fails if any answer is a replay (200).

    python -m tests.perf.run [--postgres URL] [--patients 10000] [--seconds 10] [--rounds 7]
                             [--connections 32] [--workers 1] [--concurrency 4]
                             [--only caseload,c] [--no-sqlite] [--reuse]

--postgres names a database that is emptied first (like HEELSTRONG_TEST_DATABASE_URL).
--only measures some rows (keys, or words of their paths) and the reference row; the data set
is seeded in full all the same. --reuse measures the PostgreSQL data set an earlier run left
(seeding 10,000 patients takes minutes); it must have been made today, with the same --patients.
"""

import argparse
import contextlib
import gzip
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import event
from sqlmodel import Session, col, func, select

from heelstrong.accounts.models import User
from heelstrong.cli import migrate
from heelstrong.clinic.caseload import page_rows
from heelstrong.clinic.models import CareLink
from heelstrong.core.db import make_engine
from heelstrong.demo import DEMO_PASSWORD, create_patient
from heelstrong.progression.service import evaluate, history_query
from heelstrong.training.models import ExerciseSet
from tests.conftest import empty_postgres
from tests.perf.scale import CLINICIANS, add_clinic, clone_patients, fresh_statistics
from tests.server import Server, running_server

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
CSRF = {"X-Heelstrong-CSRF": "1"}
REFERENCE_PATH = "/api/bench/empty"
HALF_LOAD_P99_TARGET = 5  # p99 at half load, over the row's own service time (JSON rows)
POST_OVER_HEALTH_TARGET = 0.5  # flat-out throughput of (b) over (a)
CASELOAD = 500  # patients linked to the bench's clinician (issue 15)
CASELOAD_QUERY_MS_TARGET = 50  # page_rows() for them, on PostgreSQL with 10,000 patients

# Every script: each wrk thread has a Lua state of its own, numbered by setup(); ids are the
# run's random prefix (BENCH_RUN, new for every wrk run), the thread's number and a counter, so
# no two requests share one, and each thread seeds its own random numbers (seeded alike, two
# threads would draw the same). response() counts statuses; a request started with `timed`
# set is timed here (the rows whose answers wrk's own histogram would mix with other requests).
COMMON_LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local run = os.getenv("BENCH_RUN")
thread_number, sent, statuses, samples = 0, 0, {}, {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  math.randomseed(tonumber(run:sub(1, 8), 16) + thread_number)
end

function new_id()
  sent = sent + 1
  return string.format("%s-%s-4%03x-8000-%012x", run:sub(1, 8), run:sub(9, 12), thread_number, sent)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if timed_since then
    samples[#samples + 1] = now_ms() - timed_since
    timed_since = nil
  end
end

function done(summary, latency, requests)
  local counts, times = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    for _, ms in ipairs(thread:get("samples")) do times[#times + 1] = ms end
  end
  for status, n in pairs(counts) do io.write(string.format("bench status %d %d\\n", status, n)) end
  table.sort(times)
  if #times > 0 then
    io.write(string.format("bench timed %d %.3f %.3f\\n", #times, times[math.ceil(#times * 0.5)],
      times[math.ceil(#times * 0.99)]))
  end
end
"""
POST_SET_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  return wrk.format(nil, nil, nil, '{"id":"' .. new_id() .. '","exercise_id":"calf-iso-double",' ..
    '"side":"both","hold_seconds":30,"pain_during":2,"settled":true}')
end
"""
# A check-in (a new note each time, so it always changes the day), then today's plan, timed
# alone. Each connection alternates, so this row runs one connection per wrk thread.
WRITE_THEN_TODAY_LUA = """
function request()
  if write_done then
    write_done = false
    timed_since = now_ms()
    return wrk.format("GET", "/api/today")
  end
  write_done = true
  local id, headers = new_id(), {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = headers[name] or value end  -- the -H ones
  return wrk.format("POST", "/api/checkins", headers, '{"id":"' .. id .. '","local_date":"%(date)s",' ..
    '"morning_pain":%(pain)d,"note":"bench ' .. id .. '"}')
end
"""
# Appended for the half-load runs: a connection waits a random (exponential) time before each
# request (before each write-then-read pair), so arrivals are close to a Poisson process.
PACED_LUA = """
local mean_ms = tonumber(os.getenv("BENCH_MEAN_DELAY_MS"))
function delay()
  if write_done then return 0 end
  return math.floor(-math.log(1 - math.random()) * mean_ms)
end
"""


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    path: str
    headers: dict[str, str]
    lua: str = ""
    connections: int = 0  # 0: --connections
    ratio_target: float | None = None  # service time over the reference row's, at most
    ms_target: float | None = None  # service time, below
    json: bool = True
    paired: bool = False  # write-then-read: the timed GETs are half the requests


@dataclass
class Measured:
    service: list[float] = field(default_factory=list)
    quiet: list[float] = field(default_factory=list)  # service time, access log off
    flat: dict = field(default_factory=dict)
    half: dict = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)


def wrk(base: str, row: Row, seconds: int, connections: int, rate: float = 0) -> dict:
    """One wrk run of a row; with ``rate`` (requests, or write-then-read pairs, per second in all)
    the connections pace themselves to offer about that."""
    threads = connections if row.paired else min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in row.headers.items():
        command += ["-H", f"{name}: {value}"]
    env = os.environ | {"BENCH_RUN": secrets.token_hex(6)}
    if rate:
        env["BENCH_MEAN_DELAY_MS"] = str(1000 * connections / rate)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "row.lua"
        script.write_text(COMMON_LUA + row.lua + (PACED_LUA if rate else ""))
        command += ["-s", str(script), base + row.path]
        output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if found is None:
            raise RuntimeError(f"wrk gave no latencies for {row.path}:\n{output}")
        value, unit = found.groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    statuses = Counter({int(s): int(n) for s, n in re.findall(r"^bench status (\d+) (\d+)$", output, re.MULTILINE)})
    if not statuses:
        raise RuntimeError(f"wrk had no answer from {row.path} in {seconds} s:\n{output}")
    errors = Counter({str(s): n for s, n in statuses.items() if s >= 400})  # by kind: "503", "timeout", ...
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += Counter(dict(zip(("connect", "read", "write", "timeout"), map(int, socket_errors.groups()))))
    # Paced, a connection may wait longer than uvicorn's keep-alive (5 s), which closes it: wrk
    # counts a read error and connects again, as a phone would. Not a failed request.
    reconnects = errors.pop("read", 0) if rate else 0
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "statuses": statuses,
        "errors": errors,
        "reconnects": reconnects,
    }
    if row.paired:  # the GETs alone, timed by the script
        timed = re.search(r"^bench timed (\d+) ([\d.]+) ([\d.]+)$", output, re.MULTILINE)
        result |= {"rps": result["rps"] / 2, "p50": float(timed.group(2)), "p99": float(timed.group(3))}
    return result


def _sign_in(base: str, email: str) -> str:
    response = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": DEMO_PASSWORD}, headers=CSRF)
    response.raise_for_status()
    return response.cookies["heelstrong_session"]


@dataclass(frozen=True)
class Seeded:
    reader: str  # emails
    writer: str
    clinician: str | None
    caseload: int  # the clinician's patients


def seed(database_url: str, patients: int) -> Seeded:
    """A patient with a year of history (read benchmarks), one with a day (writes), and a crowd of
    patients with four weeks each (copies of one made through the service layer, its decisions
    brought up to date first); a clinic over part of the crowd (tests/perf/scale.py)."""
    migrate(database_url)
    engine = make_engine(database_url)
    today = datetime.now(UTC).date()
    crowd: list[int] = []
    with Session(engine) as db:
        reader = create_patient(db, 0, 365, today, random.Random(1))
        writer = create_patient(db, 1, 1, today, random.Random(2))
        if patients > 2:
            original = create_patient(db, 2, 28, today, random.Random(3))
            evaluate(db, original)
            crowd.append(original.id)
        emails = (reader.email, writer.email)
    if crowd and patients > 3:
        crowd += clone_patients(engine, crowd[0], copies=patients - 3)
    caseload = min(CASELOAD, len(crowd) // 3)
    clinician = add_clinic(engine, crowd, caseload) if caseload else None
    fresh_statistics(engine)
    engine.dispose()
    return Seeded(*emails, clinician, caseload)


def seeded_before(database_url: str) -> Seeded:
    """What seed() made, found in a database an earlier run left (brought to the newest schema)."""
    migrate(database_url)
    engine = make_engine(database_url)
    with Session(engine) as db:
        reader, writer = (
            db.exec(select(User.email).where(col(User.email).startswith(f"demo-{index:05d}-"))).one()
            for index in (0, 1)
        )
        clinician = db.exec(select(User.email).where(User.email == CLINICIANS[0][0])).one_or_none()
        caseload = db.exec(
            select(func.count())
            .select_from(CareLink)
            .join(User, User.id == CareLink.clinician_id)
            .where(User.email == CLINICIANS[0][0])
        ).one()
    engine.dispose()
    return Seeded(reader, writer, clinician, caseload)


def count_sets(database_url: str, session_id: str) -> int:
    engine = make_engine(database_url)
    with Session(engine) as db:
        count = db.exec(select(func.count()).where(ExerciseSet.session_id == uuid.UUID(session_id))).one()
    engine.dispose()
    return count


@contextlib.contextmanager
def bench_server(
    database_url: str, workers: int, concurrency: int, access_log: bool = True, pinned: bool = False
) -> Iterator[Server]:
    """`heelstrong serve` with the reference route, once every worker has started."""
    env = {
        "HEELSTRONG_WORKERS": str(workers),
        "HEELSTRONG_CONCURRENCY": str(concurrency),
        "HEELSTRONG_BENCH_REFERENCE_ROUTE": "true",
        "HEELSTRONG_PIN_WORKERS": str(pinned).lower(),
    }
    with running_server(database_url, env, () if access_log else ("--no-access-log",)) as server:
        deadline = time.monotonic() + 60
        while server.output().count("Application startup complete") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{workers} workers did not start:\n{server.output()}")
            time.sleep(0.2)
        yield server


def _chosen(row: Row, only: list[str] | None) -> bool:
    """The reference row always; with --only, the rows named by key or by a word of their path."""
    if row.key == "ref" or not only:
        return True
    return any(word == row.key or (len(word) > 2 and word in row.path) for word in only)


def bench(database_url: str, label: str, patients: int, args: argparse.Namespace, reuse: bool = False) -> dict:
    started = time.perf_counter()
    if reuse:
        seeded = seeded_before(database_url)
        print(f"[{label}] measuring the data set an earlier run left", flush=True)
    else:
        seeded = seed(database_url, patients)
        print(f"[{label}] seeded {patients} patients in {time.perf_counter() - started:.0f} s", flush=True)
    reader_email, writer_email = seeded.reader, seeded.writer
    year_ago = (datetime.now(UTC).date() - timedelta(days=364)).isoformat()
    service_seconds = max(2, args.seconds // 5)
    with (
        bench_server(database_url, args.workers, args.concurrency) as server,
        bench_server(database_url, args.workers, args.concurrency, access_log=False) as quiet,
    ):
        base = server.base
        reader = {"Cookie": f"heelstrong_session={_sign_in(base, reader_email)}"}
        writer = CSRF | {"Cookie": f"heelstrong_session={_sign_in(base, writer_email)}"}
        session_id = str(uuid.uuid4())
        today = httpx.get(f"{base}/api/today", headers=reader).raise_for_status().json()["today"]  # engine catches up
        httpx.post(
            f"{base}/api/sessions", json={"id": session_id, "local_date": today}, headers=writer
        ).raise_for_status()
        checkins = httpx.get(f"{base}/api/checkins?from={today}&to={today}", headers=reader).raise_for_status().json()
        pain = checkins[0]["morning_pain"] if checkins else 2  # the same morning, only the note changes
        clinician = {"Cookie": f"heelstrong_session={_sign_in(base, seeded.clinician)}"} if seeded.clinician else {}
        explain_history_query(database_url, reader_email)
        rows = [
            Row("ref", "GET /api/bench/empty (async, empty)", REFERENCE_PATH, {}, json=True),
            Row("a", "GET /api/health (SELECT 1)", "/api/health", {}),
            Row("b", "POST a set", f"/api/sessions/{session_id}/sets", writer, POST_SET_LUA, ratio_target=6),
            Row("c", "GET /api/today (cached)", "/api/today", reader, ratio_target=6),
            Row(
                "c2",
                "GET /api/today after a write",
                "/api/today",
                CSRF | reader,
                WRITE_THEN_TODAY_LUA % {"date": today, "pain": pain},
                ratio_target=20,
                paired=True,
            ),
            Row("d", "GET /api/progress (a year)", f"/api/progress?from={year_ago}", reader, ratio_target=15),
            # CPU-heavy: fewer connections, so it can't starve the rows after it
            Row(
                "e",
                "GET /api/export/pdf (a year)",
                f"/api/export/pdf?from={year_ago}",
                reader,
                connections=4,
                ms_target=60,
                json=False,
            ),
            # CPU-heavy too (every linked patient's row is built, then sorted): 4 connections
            Row(
                "f",
                f"GET /api/clinic/caseload ({seeded.caseload} patients)",
                "/api/clinic/caseload",
                clinician,
                connections=4,
            ),
        ]
        rows = [row for row in rows if _chosen(row, args.only) and (row.key != "f" or seeded.clinician)]
        query = time_caseload_query(database_url, seeded.clinician) if any(r.key == "f" for r in rows) else None
        measured = {row.key: Measured() for row in rows}
        for target in (server, quiet):  # a first request each (pool, caches), outside the measurements
            for row in rows:
                if not row.lua:
                    httpx.get(target.base + row.path, headers=row.headers, timeout=120).raise_for_status()
        sets_before = count_sets(database_url, session_id)
        # Service times first, on a database as seeded; the two servers take turns.
        for round_number in range(args.rounds):
            for row in rows:
                for target in (server, quiet) if round_number % 2 == 0 else (quiet, server):
                    alone = wrk(target.base, row, service_seconds, 1)
                    (measured[row.key].service if target is server else measured[row.key].quiet).append(alone["p50"])
                    measured[row.key].statuses += alone["statuses"]
            print(f"[{label}] service times, round {round_number + 1} of {args.rounds}", flush=True)
        for row in rows:
            clients = row.connections or args.connections
            flat = wrk(base, row, args.seconds, clients)
            _drain(base)
            half = wrk(base, row, args.seconds, clients, rate=flat["rps"] / 2)
            _drain(base)
            measured[row.key].flat, measured[row.key].half = flat | {"connections": clients}, half
            measured[row.key].statuses += flat["statuses"] + half["statuses"]
    placed = [row for row in rows if row.key in ("ref", "b", "c", "d")]
    placement = measure_placement(database_url, placed, args, measured) if len(placed) > 1 else None
    sets_added = count_sets(database_url, session_id) - sets_before
    return {
        "rows": rows,
        "measured": measured,
        "sets_added": sets_added,
        "placement": placement,
        "caseload_query": query,
    }


def time_caseload_query(database_url: str, email: str, rounds: int = 9) -> dict:
    """page_rows() (the caseload page's reads: every patient ranked, the page's rows built) for the clinician, straight on the
    database in a session of its own each round as a request has, after a round that warms the
    connection pool and the catalogue: the median wall time, the time spent in the driver's
    execute (psycopg: the statement, the round trip and the whole result; sqlite3 reads rows as
    they are fetched, so there it is little), and the statements issued, each with its time and
    the scans of its plan."""
    engine = make_engine(database_url)
    executed: list[tuple[str, object, float]] = []  # statement, parameters, seconds
    started: list[float] = []
    event.listen(engine, "before_cursor_execute", lambda *_: started.append(time.perf_counter()))
    event.listen(
        engine,
        "after_cursor_execute",
        lambda _conn, _cursor, statement, parameters, *_: executed.append(
            (statement, parameters, time.perf_counter() - started.pop())
        ),
    )
    with Session(engine) as db:
        clinician_id = db.exec(select(User.id).where(User.email == email)).one()
    walls, in_sql, each, rows = [], [], [], 0
    for round_number in range(rounds + 1):
        executed.clear()
        with Session(engine) as db:
            began = time.perf_counter()
            rows = page_rows(db, clinician_id)[1]
            wall = time.perf_counter() - began
        if round_number:
            walls.append(wall * 1000)
            in_sql.append(sum(seconds for *_, seconds in executed) * 1000)
            each.append([seconds * 1000 for *_, seconds in executed])
    issued = list(executed)
    with engine.connect() as connection:
        plans = [_scans(connection, statement, parameters) for statement, parameters, _ in issued]
    engine.dispose()
    return {
        "rows": rows,
        "rounds": rounds,
        "ms": statistics.median(walls),
        "sql_ms": statistics.median(in_sql),
        "statements": [
            (_statement_name(statement), statistics.median(times), plan)
            for (statement, *_), times, plan in zip(issued, zip(*each), plans)
        ],
    }


def _scans(connection, statement: str, parameters) -> list[str]:
    """How the database reads each table for a statement: its plan's scans, in order."""
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return [str(row[-1]) for row in plan if re.match(r"(SCAN|SEARCH) ", str(row[-1]))]
    plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
    scan = r"(Parallel )?(Seq|Index Only|Index|Bitmap Heap|Bitmap Index) Scan( using \w+)? on \S+"
    return [found.group(0) for (line,) in plan if (found := re.search(scan, line))]


PLACEMENTS = (("1 worker", 1, False), ("2 workers", 2, False), ("2 pinned", 2, True))


def measure_placement(database_url: str, rows: list[Row], args: argparse.Namespace, measured: dict) -> dict:
    """Flat-out throughput per row and placement: the three servers run side by side on the
    database (sign-ins live there, so the rows' cookies work on each) and take turns, so each
    sees the same noise; the median of the rounds."""
    seconds = max(3, args.seconds // 2)
    rounds = max(1, min(3, args.rounds))
    found: dict[tuple[str, str], list[float]] = {}
    with contextlib.ExitStack() as stack:
        servers = []
        for name, workers, pinned in PLACEMENTS:
            server = bench_server(database_url, workers, args.concurrency, pinned=pinned)
            servers.append((name, stack.enter_context(server)))
        for round_number in range(rounds):
            for row in rows:
                for name, server in servers if round_number % 2 == 0 else servers[::-1]:
                    ran = wrk(server.base, row, seconds, row.connections or args.connections)
                    _drain(server.base)
                    measured[row.key].statuses += ran["statuses"]
                    found.setdefault((row.key, name), []).append(ran["rps"])
    return {key: statistics.median(values) for key, values in found.items()} | {"seconds": seconds, "rounds": rounds}


def _statement_name(statement: str) -> str:
    """A read by the table it reads (and "grouped" if it groups)."""
    table = re.search(r'\bFROM "?(\w+)', statement)
    name = table.group(1) if table else statement.split()[0]
    return name + (" grouped" if "GROUP BY" in statement else "")


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


def _verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


def _median_ratio(values: list[float], over: list[float]) -> float:
    return statistics.median(value / base for value, base in zip(values, over))


def print_table(label: str, result: dict, args: argparse.Namespace) -> int:
    """The table; returns how many POSTs were replays (200)."""
    rows, measured = result["rows"], result["measured"]
    service = {key: statistics.median(m.service) for key, m in measured.items()}
    # Ratios within a round (the machine's noise moves from minute to minute), then their median.
    ratios = {key: _median_ratio(m.service, measured["ref"].service) for key, m in measured.items()}
    log_costs = {key: _median_ratio(m.service, m.quiet) - 1 for key, m in measured.items()}
    print(f"\n{label}: {args.workers} worker(s) x {args.concurrency} requests at once, wrk over loopback")
    print(
        f"service: p50 with 1 connection, median of {args.rounds} rounds; x ref: over the empty async route's "
        "in the same round, median; no log / log cost: a second server, without access log, taking turns;\n"
        f"flat out: {args.connections} connections (PDF: 4); half: half the flat-out rate, random arrivals; "
        "(c2) times the GETs alone (a check-in before each), one connection per wrk thread"
    )
    print(
        f"{'':6}{'row':<40}{'service ms':>11}{'x ref':>7}  {'target':<14}{'no log ms':>10}{'log cost':>9}"
        f"{'flat req/s':>11}{'half req/s':>11}{'p50':>7}{'p99':>7}{'p99/service':>12}  {'target':<10}{'errors':>7}"
    )
    for row in rows:
        m = measured[row.key]
        ratio = ratios[row.key]
        if row.ratio_target:
            target = f"<= {row.ratio_target}x {_verdict(ratio <= row.ratio_target)}"
        elif row.ms_target:
            target = f"< {row.ms_target} ms {_verdict(service[row.key] < row.ms_target)}"
        else:
            target = ""
        quiet = statistics.median(m.quiet)
        tail = m.half["p99"] / service[row.key]
        tail_target = f"< {HALF_LOAD_P99_TARGET}x {_verdict(tail < HALF_LOAD_P99_TARGET)}" if row.json else ""
        print(
            f"{'(' + row.key + ')':<6}{row.name:<40}{service[row.key]:>11.2f}{ratio:>7.1f}  {target:<14}"
            f"{quiet:>10.2f}{log_costs[row.key]:>+9.0%}{m.flat['rps']:>11.0f}{m.half['rps']:>11.0f}"
            f"{m.half['p50']:>7.1f}{m.half['p99']:>7.1f}{tail:>11.1f}x  {tail_target:<10}"
            f"{(m.flat['errors'] + m.half['errors']).total():>7}"
        )
    for row in rows:
        errors = measured[row.key].flat["errors"] + measured[row.key].half["errors"]
        if errors:
            print(f"errors in ({row.key}): " + ", ".join(f"{n} {kind}" for kind, n in sorted(errors.items())))
    reconnects = {row.key: measured[row.key].half["reconnects"] for row in rows if measured[row.key].half["reconnects"]}
    if reconnects:
        print(
            "half load, connections closed after 5 s idle (uvicorn's keep-alive) and opened again: "
            + ", ".join(f"{n} in ({key})" for key, n in reconnects.items())
        )
    if "a" in measured and "b" in measured:
        throughput = measured["b"].flat["rps"] / measured["a"].flat["rps"]
        print(
            f"throughput POST a set / health: {throughput:.2f}x (target >= {POST_OVER_HEALTH_TARGET}) "
            f"{_verdict(throughput >= POST_OVER_HEALTH_TARGET)}"
        )
    print(f"access log: {statistics.median(log_costs.values()):+.0%} service time, the median over the rows")
    replays = 0
    if "b" in measured:
        posts = measured["b"].statuses
        created, replays = posts.get(201, 0), posts.get(200, 0)
        print(
            f"POST a set: {created:,} sets created (201), {replays} replays (200); the database gained "
            f"{result['sets_added']:,} ({result['sets_added'] - created} answered after wrk stopped waiting)"
        )
    if result["caseload_query"]:
        print_caseload_query(result["caseload_query"])
    if result["placement"]:
        print_placement(rows, result["placement"])
    return replays


def print_caseload_query(query: dict) -> None:
    met = query["ms"] < CASELOAD_QUERY_MS_TARGET
    print(
        f"caseload query, page_rows() (rank {query['rows']} patients, build a page) straight on the database: {query['ms']:.1f} ms, "
        f"median of {query['rounds']} (target < {CASELOAD_QUERY_MS_TARGET} ms {_verdict(met)}); "
        f"in the driver's execute {query['sql_ms']:.1f} ms, {len(query['statements'])} statements (median ms, plan):"
    )
    for name, ms, plan in query["statements"]:
        print(f"  {name:<26}{ms:>6.1f}  " + ", ".join(plan))


def print_placement(rows: list[Row], placement: dict) -> None:
    names = [name for name, _, _ in PLACEMENTS]
    print(
        f"worker placement: flat-out req/s, median of {placement['rounds']} rounds of {placement['seconds']} s "
        "(the servers take turns)"
    )
    print(f"{'':6}{'row':<40}" + "".join(f"{name:>11}" for name in names) + f"{'2/1':>7}{'pinned/2':>10}")
    gains = {name: [] for name in names}  # throughput over 1 worker's, per row
    for row in rows:
        if (row.key, names[0]) not in placement:
            continue
        values = [placement[(row.key, name)] for name in names]
        for name, value in zip(names, values):
            gains[name].append(value / values[0])
        print(
            f"{'(' + row.key + ')':<6}{row.name:<40}"
            + "".join(f"{v:>11.0f}" for v in values)
            + f"{values[1] / values[0]:>7.2f}{values[2] / values[1]:>10.2f}"
        )
    overall = {name: statistics.geometric_mean(values) for name, values in gains.items()}
    print(
        "over 1 worker, geometric mean of the rows: "
        + ", ".join(f"{name} {gain:.2f}x" for name, gain in overall.items())
        + f"; best on this machine: {max(overall, key=overall.get)}"
    )


def first_load_bytes() -> tuple[int, int]:
    """index.html, the CSS and the JS the page loads before anything else (static imports included)."""
    files = {DIST / "index.html"}
    queue = [
        DIST / name
        for name in re.findall(r'(?:src|href)="/?([\w./-]+\.(?:js|css))"', (DIST / "index.html").read_text())
    ]
    while queue:
        path = queue.pop()
        if path in files or not path.exists():
            continue
        files.add(path)
        if path.suffix == ".js":  # chunks/..., relative to the importing file
            imports = re.findall(r'(?:from|import)\s*"\./([\w./-]+\.js)"', path.read_text())
            queue += [path.parent / name for name in imports]
    return sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL database URL; emptied first")
    parser.add_argument("--no-sqlite", action="store_true", help="the PostgreSQL run only")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: measure the data set an earlier run left there today"
    )
    parser.add_argument(
        "--only",
        type=lambda value: [word for word in value.split(",") if word],
        help="comma-separated rows to measure, by key (c2) or a word of the path (caseload); the reference always",
    )
    parser.add_argument("--patients", type=int, default=10_000, help="patients on PostgreSQL (SQLite: 50)")
    parser.add_argument("--seconds", type=int, default=10, help="each flat-out and half-load run")
    parser.add_argument("--rounds", type=int, default=7, help="service-time rounds (median)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (HEELSTRONG_WORKERS)")
    parser.add_argument(
        "--concurrency", type=int, default=4, help="requests per worker at once (HEELSTRONG_CONCURRENCY)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    if args.no_sqlite and not args.postgres:
        parser.error("--no-sqlite needs --postgres")

    replays = 0
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            result = bench(f"sqlite:///{tmp}/bench.db", "SQLite", 50, args)
        replays += print_table("SQLite, 50 patients", result, args)
    if args.postgres:
        if not args.reuse:
            empty_postgres(args.postgres)
        result = bench(args.postgres, "PostgreSQL", args.patients, args, reuse=args.reuse)
        replays += print_table(f"PostgreSQL, {args.patients} patients", result, args)
    raw, zipped = first_load_bytes()
    print(f"\nweb app first load (HTML + JS + CSS): {raw} bytes, {zipped} bytes gzip (budget 100 KB)")
    if replays:
        raise SystemExit(f"POST a set: {replays} answers were replays (200), not new sets: the ids repeat")


if __name__ == "__main__":
    main()
