"""One test database per run, built by the migrations (SQLite file, or PostgreSQL when
HEELSTRONG_TEST_DATABASE_URL is set); the app under test uses it through its own settings."""

import os

import pytest
from sqlalchemy import create_engine, text

from heelstrong.cli import migrate
from heelstrong.core.config import get_settings
from heelstrong.core.db import get_engine

POSTGRES_URL = os.environ.get("HEELSTRONG_TEST_DATABASE_URL") or None
# No worker sends reminders by itself in a test: tests/api/test_push.py runs the sender when it means to.
os.environ.setdefault("HEELSTRONG_SEND_REMINDERS", "false")


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if POSTGRES_URL:
        empty_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    migrate(url)
    os.environ["HEELSTRONG_DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engine.cache_clear()
    return url


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite (temporary file)'}"
