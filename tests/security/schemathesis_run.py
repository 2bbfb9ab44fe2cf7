"""Schemathesis against a real server, every phase, signed in as a patient; prints the counts.

    .venv/bin/python -m tests.security.schemathesis_run                 # SQLite, a fresh file
    .venv/bin/python -m tests.security.schemathesis_run --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test_b

`make fuzz` runs the first (FUZZ_ARGS="--postgres URL" for the second). Not part of `make test`:
it takes minutes. With --postgres the database's `public` schema is DROPPED and created again,
so give it a throw-away database.

It migrates a fresh database and starts `heelstrong serve` (the rate limits raised, so sign-in and register are
really exercised rather than answered 429), registers and signs in a patient, sets up the
profile, then runs `st run` once per phase (examples, coverage, fuzzing, stateful), so each
phase's counts stand on their own: operations tested, test cases generated, failures by kind.
Every request carries the session cookie and `X-Heelstrong-CSRF: 1` (schemathesis_auth.py; a
401 signs in again). Left out: the three routes that end the session (logout,
sign-out-everywhere, account deletion): each would sign the rest of the run out.
Exits 1 if any phase found a server error (5xx) or the server logged an unexpected error.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.conftest import empty_postgres
from tests.server import Server, running_server

PHASES = ("examples", "coverage", "fuzzing", "stateful")
ENDS_THE_SESSION = ("/api/auth/logout", "/api/account/sign-out-everywhere", "/api/account/delete")
PASSWORD = "correct horse battery staple"
CSRF = {"X-Heelstrong-CSRF": "1"}
RAISED_LIMITS = {"HEELSTRONG_SIGN_INS_PER_ADDRESS": "1000000", "HEELSTRONG_REGISTRATIONS_PER_HOUR": "1000000"}
ST = Path(sys.executable).with_name("st")
ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _server(url: str) -> Iterator[Server]:
    """running_server, tried up to 3 times: on a busy machine its 30 s start-up deadline can pass."""
    for attempt in range(3):
        try:
            with running_server(url, extra_env=RAISED_LIMITS, serve_args=("--no-access-log",)) as server:
                yield server
                return
        except RuntimeError as error:
            if "server did not start" not in str(error) or attempt == 2:
                raise
            print("the server did not start in time; trying again", flush=True)


def set_up_patient(base: str) -> str:
    email = f"fuzz-{uuid.uuid4().hex[:8]}@example.org"
    with httpx.Client(base_url=base, headers=CSRF) as client:
        credentials = {"email": email, "password": PASSWORD}
        assert client.post("/api/auth/register", json=credentials).status_code == 202
        assert client.post("/api/auth/login", json=credentials).status_code == 200
        profile = {"painful_side": "right", "condition": "plantar_heel", "timezone": "UTC",
                   "program_start": _today(client)}
        response = client.put("/api/profile", json=profile)
        assert response.status_code == 200, response.text
    return email


def _today(client: httpx.Client) -> str:
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(client.get("/api/health").headers["date"]).date().isoformat()


def run_phase(phase: str, base: str, email: str, report_dir: Path, args: argparse.Namespace) -> dict:
    report = report_dir / f"{phase}.json"
    command = [
        str(ST), "run", f"{base}/openapi.json", "--phases", phase, "--checks", "all",
        "--header", "X-Heelstrong-CSRF: 1", "--max-examples", str(args.max_examples),
        # One worker for coverage: it is quick, and hypothesis' lambda descriptions are not
        # thread-safe there ("AST constructor recursion depth mismatch", a Runtime Error).
        "--workers", str(1 if phase == "coverage" else args.workers), "--continue-on-failure", "--seed", str(args.seed), "--generation-database", "none",
        "--report", "json", "--report-json-path", str(report), "--no-color",
        *[part for path in ENDS_THE_SESSION for part in ("--exclude-path", path)],
    ]
    if phase in ("fuzzing", "stateful") and args.max_time:
        command += ["--max-time", str(args.max_time)]
    env = os.environ | {"SCHEMATHESIS_HOOKS": "tests.security.schemathesis_auth", "HEELSTRONG_FUZZ_BASE": base,
                        "HEELSTRONG_FUZZ_EMAIL": email, "HEELSTRONG_FUZZ_PASSWORD": PASSWORD,
                        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    # In the report directory: st keeps its replay cache (.schemathesis/) where it runs.
    with open(report_dir / f"{phase}.log", "w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False, cwd=report_dir)
    return json.loads(report.read_text())


def describe(phase: str, result: dict) -> str:
    operations, cases = result["operations"] or {}, result["test_cases"]
    failures = Counter()
    for group in result["failures"]:
        failures[group["title"]] += group["count"]
    kinds = ", ".join(f"{title} {count}" for title, count in sorted(failures.items())) or "none"
    errors = ", ".join(f"{e['title']} {e['count']}" for e in result["errors"])
    return (f"{phase:9} operations {operations.get('tested', 0)}/{operations.get('selected', 0)}, "
            f"test cases {cases['generated']} ({cases['with_failures']} failing), failures: {kinds}"
            + (f"; errors: {errors}" if errors else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="a throw-away PostgreSQL database (its schema is dropped)")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--max-examples", type=int, default=50, help="per operation and phase")
    parser.add_argument("--max-time", type=int, default=0, help="seconds for fuzzing and stateful each (0: no cap)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "data" / "schemathesis")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        if args.postgres:
            empty_postgres(args.postgres)
            url, name = args.postgres, "postgresql"
        else:
            url, name = f"sqlite:///{Path(scratch) / 'fuzz.db'}", "sqlite"
        report_dir = (args.report_dir / name).resolve()
        report_dir.mkdir(parents=True, exist_ok=True)
        # Migrated first (what `serve --migrate` does), so a slow migration does not count
        # against running_server's start-up deadline.
        subprocess.run([sys.executable, "-m", "heelstrong.cli", "migrate"], check=True,
                       env=os.environ | {"HEELSTRONG_DATABASE_URL": url})
        with _server(url) as server:
            email = set_up_patient(server.base)
            print(f"schemathesis on {name}, {server.base}, signed in as {email}; "
                  f"left out (they end the session): {', '.join(ENDS_THE_SESSION)}", flush=True)
            server_errors = 0
            for phase in args.phases.split(","):
                result = run_phase(phase, server.base, email, report_dir, args)
                server_errors += sum(g["count"] for g in result["failures"] if g["type"] == "ServerError")
                print(describe(phase, result), flush=True)
            log = server.output()
        (report_dir / "server.log").write_text(log)
    logged = log.count("Unexpected error answering")
    print(f"server errors found: {server_errors}; unexpected errors in the server log: {logged} "
          f"(reports and logs in {report_dir})")
    return 1 if server_errors or logged else 0


if __name__ == "__main__":
    sys.exit(main())
