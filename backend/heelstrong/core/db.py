"""Database engine and sessions. Alembic (migrations/) owns the schema."""

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from heelstrong.core.base import utcnow
from heelstrong.core.config import get_settings

Row = TypeVar("Row", bound=SQLModel)


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the writer; NORMAL sync is durable across a process crash;
    # the busy timeout makes writers wait for the lock instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def get_session() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session


def save_user_row(db: Session, model: type[Row], user_id: int, values: dict) -> Row:
    """Create or replace a one-row-per-user record (profile, thresholds)."""
    row = db.get(model, user_id) or model(user_id=user_id, **values)
    row.sqlmodel_update(values | {"updated_at": utcnow()})
    db.add(row)
    db.commit()
    db.refresh(row)
    return row
