"""`heelstrong serve | migrate | export | add-clinician | demo | send-reminders`: what an admin runs."""

import argparse
import copy
import logging
import os
import re
from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config

from heelstrong.core.config import get_settings
from heelstrong.core.placement import usable_cores

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url or get_settings().database_url)
    return config


def migrate(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


# Share links and calendar feeds: the token is the credential (a calendar token ends at ".ics").
_SHARE_TOKEN = re.compile(r"(/shared/|/api/calendar/)[^/?#\s\".]+")


def redact_share_tokens(text: str) -> str:
    return _SHARE_TOKEN.sub(r"\1[redacted]", text)


class RedactShareTokens(logging.Filter):
    """A token in a log file is a working link for whoever reads the log: server log lines say
    /shared/[redacted] instead. uvicorn's access records carry the path in their args
    (client_addr, method, full_path, http_version, status_code); their shape is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_share_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_share_tokens(a) if isinstance(a, str) else a for a in record.args)
        return True


def log_config() -> dict:
    """uvicorn's own logging set-up, with share tokens redacted on both of its handlers (a dict,
    not a filter added here, so every worker process applies it too)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_share_tokens"] = {"()": "heelstrong.cli.RedactShareTokens"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_share_tokens")
    return config


def serve(workers: int, access_log: bool = True) -> None:
    import uvicorn

    settings = get_settings()
    os.environ["HEELSTRONG_WORKERS"] = str(workers)  # each worker reads how many there are (placement)
    uvicorn.run(
        "heelstrong.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        # Forwarded headers are read by the app, from HEELSTRONG_TRUSTED_PROXIES only
        # (core/middleware.py); uvicorn's own reading would trust 127.0.0.1 whatever that says.
        proxy_headers=False,
        server_header=False,  # no "server: uvicorn" on every answer
        log_config=log_config(),
        access_log=access_log,
    )


def export(email: str, what: str, start: date | None, end: date | None, output: Path) -> None:
    from fastapi import HTTPException
    from fastapi.exceptions import RequestValidationError
    from sqlmodel import Session, select

    from heelstrong.accounts.models import User
    from heelstrong.core.db import get_engine
    from heelstrong.sharing.router import export_file

    with Session(get_engine()) as db:
        user = db.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None:
            raise SystemExit(f"heelstrong: no account with the email {email}")
        try:
            response = export_file(db, user, start, end, what)
        except HTTPException as error:
            raise SystemExit(f"heelstrong: {error.detail}") from None
        except RequestValidationError as error:
            raise SystemExit(f"heelstrong: {error.errors()[0]['msg']}") from None
    output.write_bytes(response.body)
    print(f"wrote {output} ({len(response.body)} bytes)")


def add_clinician(clinic: str, email: str, name: str) -> None:
    import getpass
    import sys

    from fastapi import HTTPException
    from pydantic import ValidationError
    from sqlmodel import Session

    from heelstrong.clinic.models import ClinicianRegistration
    from heelstrong.clinic.service import add_clinician as add
    from heelstrong.core.db import get_engine

    # A prompt at a terminal; a pipe (a provisioning script) gives it on stdin.
    password = getpass.getpass("Password for the new clinician: ") if sys.stdin.isatty() else sys.stdin.readline()
    try:  # held to the same rules as a registration: a plausible email, a strong password
        checked = ClinicianRegistration(code="-", name=name, email=email, password=password.rstrip("\n"))
    except ValidationError as error:
        raise SystemExit(f"heelstrong: {error.errors()[0]['msg']}") from None
    with Session(get_engine()) as db:
        try:
            add(db, clinic, checked.email, checked.name, checked.password)
        except HTTPException as error:
            raise SystemExit(f"heelstrong: {error.detail}") from None
    print(f"{checked.name} <{checked.email}> is a clinician of {clinic}: they sign in at the usual page")


def demo(patients: int, days: int, seed: int) -> None:
    import time

    from sqlmodel import Session

    from heelstrong.core.base import utcnow
    from heelstrong.core.db import get_engine
    from heelstrong.demo import DEMO_CLINIC, DEMO_CLINICIANS, DEMO_PASSWORD, fill

    started = time.perf_counter()
    with Session(get_engine()) as db:
        fill(db, patients, days, utcnow().date(), seed=seed, clinic=True)
    print(
        f"created {patients} demo patients with {days} days each in {time.perf_counter() - started:.0f} s "
        f"(emails demo-NNNNN-<kind>@example.org, password {DEMO_PASSWORD}), and {DEMO_CLINIC} whose clinicians "
        f"{' and '.join(email for email, _ in DEMO_CLINICIANS)} (same password) share them"
    )


def send_reminders() -> None:
    from heelstrong.reminders.push import send_due_now

    print(f"sent {send_due_now()} reminders")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="heelstrong", description="Heel-pain rehab tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the API and web app (HEELSTRONG_HOST/PORT)")
    serve_parser.add_argument(
        "--workers", type=int, default=None, help="uvicorn workers (default: HEELSTRONG_WORKERS, else one per core)"
    )
    serve_parser.add_argument("--migrate", action="store_true", help="upgrade the schema first, once")
    serve_parser.add_argument("--no-access-log", action="store_true", help="no line per request on stdout")
    commands.add_parser("migrate", help="upgrade the database schema to the newest version")
    export_parser = commands.add_parser("export", help="write a patient's summary PDF, CSV or FHIR Bundle")
    export_parser.add_argument("--email", required=True)
    export_parser.add_argument("--format", required=True, choices=["pdf", "csv", "measures-csv", "fhir"])
    export_parser.add_argument(
        "--from", dest="start", type=date.fromisoformat, help="YYYY-MM-DD (default: 4 weeks ago)"
    )
    export_parser.add_argument("--to", dest="end", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    export_parser.add_argument("-o", "--output", required=True, type=Path)
    clinician_parser = commands.add_parser(
        "add-clinician", help="create a clinician account (and the clinic, the first time); asks for the password"
    )
    clinician_parser.add_argument("--clinic", required=True, help="the clinic's name")
    clinician_parser.add_argument("--email", required=True)
    clinician_parser.add_argument("--name", required=True, help="as patients will see it, e.g. 'Dr Ana Berg'")
    demo_parser = commands.add_parser("demo", help="fill the database with realistic demo patients")
    demo_parser.add_argument("--patients", type=int, default=8)
    demo_parser.add_argument("--days", type=int, default=84)
    demo_parser.add_argument("--seed", type=int, default=1)
    commands.add_parser(
        "send-reminders",
        help="send the Web Push reminders due now, once (for cron, with HEELSTRONG_SEND_REMINDERS=false)",
    )
    args = parser.parse_args(argv)

    get_settings()  # an invalid setting stops here with one line naming it
    if args.command == "serve":
        if args.migrate:
            migrate()
        serve(args.workers or get_settings().workers or usable_cores(), access_log=not args.no_access_log)
    elif args.command == "migrate":
        migrate()
    elif args.command == "add-clinician":
        add_clinician(args.clinic, args.email, args.name)
    elif args.command == "demo":
        demo(args.patients, args.days, args.seed)
    elif args.command == "send-reminders":
        send_reminders()
    else:
        export(args.email, args.format, args.start, args.end, args.output)


if __name__ == "__main__":
    main()
