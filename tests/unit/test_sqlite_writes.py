"""SQLite writers queue on a lock in the process; it must be released however a transaction ends."""

import threading

from sqlmodel import Session, select

from heelstrong.accounts.models import User
from heelstrong.cli import migrate
from heelstrong.core import db as database


def test_the_write_lock_is_released_on_commit_rollback_and_close(tmp_path):
    url = f"sqlite:///{tmp_path / 'lock.db'}"
    migrate(url)
    engine = database.make_engine(url)
    lock = database._sqlite_write_lock
    with Session(engine) as session:
        session.add(User(email="a@example.org", password_hash="x"))
        session.flush()
        assert lock.locked()
        session.commit()
    assert not lock.locked()
    with Session(engine) as session:
        session.add(User(email="b@example.org", password_hash="x"))
        session.flush()
        session.rollback()
    assert not lock.locked()
    with Session(engine) as session:  # closed mid-transaction, as after an exception
        session.add(User(email="c@example.org", password_hash="x"))
        session.flush()
    assert not lock.locked()

    def write(email: str) -> None:
        with Session(engine) as session:
            session.add(User(email=email, password_hash="x"))
            session.commit()

    threads = [threading.Thread(target=write, args=(f"t{n}@example.org",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    with Session(engine) as session:
        assert len(session.exec(select(User)).all()) == 9
    engine.dispose()
