"""System tests run real server processes against a database of their own: a fresh SQLite
file, or a fresh PostgreSQL database next to HEELSTRONG_TEST_DATABASE_URL's."""

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL


@pytest.fixture
def fresh_database_url(tmp_path) -> Iterator[str]:
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'system.db'}"
        return
    name = f"heelstrong_system_{uuid.uuid4().hex[:12]}"
    admin = make_url(POSTGRES_URL).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
