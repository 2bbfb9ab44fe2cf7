"""Database engine and sessions. Alembic (migrations/) owns the schema."""

import threading
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from heelstrong.core.base import utcnow
from heelstrong.core.config import get_settings
from heelstrong.core.idempotency import changed

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
        # As many connections as FastAPI's thread pool has threads, so none waits for one.
        engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=40, max_overflow=0)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def new_session() -> Session:
    """A session that connects on its first query. Rows keep their loaded values after a
    commit: answering with them needs no second SELECT."""
    return Session(get_engine(), expire_on_commit=False)


def save_user_row(db: Session, model: type[Row], user_id: int, values: dict) -> Row:
    """Create or replace a one-row-per-user record (profile, thresholds)."""
    row = db.get(model, user_id)
    if row is None:
        row = model(user_id=user_id, **values)
    elif not changed(row, values):  # the same values again: nothing to write
        return row
    row.updated_at = utcnow()
    db.add(row)
    db.commit()
    return row


# SQLite has one writer at a time. Left alone, concurrent writers wait in SQLite's busy handler,
# which sleeps in steps of up to 100 ms; queueing them on a lock in this process instead wakes
# the next writer the moment the last one commits. (Across processes the busy timeout still holds.)
_sqlite_write_lock = threading.Lock()


def _hold_write_lock(session: Session) -> None:
    if session.bind.dialect.name == "sqlite" and not session.info.get("holds_write_lock"):
        _sqlite_write_lock.acquire()
        session.info["holds_write_lock"] = True


def _release_write_lock(session: Session, transaction) -> None:
    # Commit, rollback or close: whichever ends the outermost transaction lets the next writer in.
    if transaction.parent is None and session.info.pop("holds_write_lock", False):
        _sqlite_write_lock.release()


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    _hold_write_lock(session)


@event.listens_for(Session, "do_orm_execute")
def _before_bulk_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _hold_write_lock(state.session)


event.listen(Session, "after_transaction_end", _release_write_lock)
