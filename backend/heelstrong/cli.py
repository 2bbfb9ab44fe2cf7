"""`heelstrong serve | migrate | check-migrations`: what an admin runs."""

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config

from heelstrong.core.config import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url or get_settings().database_url)
    return config


def migrate(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def serve(workers: int) -> None:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "heelstrong.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        proxy_headers=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="heelstrong", description="Heel-pain rehab tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the API and web app (HEELSTRONG_HOST/PORT)")
    serve_parser.add_argument("--workers", type=int, default=1)
    commands.add_parser("migrate", help="upgrade the database schema to the newest version")
    args = parser.parse_args(argv)

    get_settings()  # an invalid setting stops here with one line naming it
    if args.command == "serve":
        serve(args.workers)
    elif args.command == "migrate":
        migrate()


if __name__ == "__main__":
    main()
