"""Writes under load and a crash in the middle of them: nothing acknowledged is ever lost."""

import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import create_engine, func, select

from heelstrong.progress.models import ProgressDay
from heelstrong.training.models import ExerciseSet
from tests.server import running_server
from tests.system.clients import TODAY, a_set, patient, start_session

WRITERS = 20
SETS_EACH = 100


def count_sets(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(ExerciseSet)).scalar_one()
    engine.dispose()
    return count


def test_twenty_concurrent_writers_store_exactly_what_they_sent(fresh_database_url):
    with running_server(fresh_database_url) as server:
        clients = [patient(server.base) for _ in range(WRITERS)]

        def write(client: httpx.Client) -> list[int]:
            session_id = start_session(client)
            return [client.post(f"/api/sessions/{session_id}/sets", json=a_set()).status_code
                    for _ in range(SETS_EACH)]

        with ThreadPoolExecutor(WRITERS) as pool:
            statuses = [status for result in pool.map(write, clients) for status in result]
    assert statuses.count(201) == WRITERS * SETS_EACH, {s: statuses.count(s) for s in set(statuses)}
    assert count_sets(fresh_database_url) == WRITERS * SETS_EACH


def test_a_server_killed_mid_burst_keeps_every_acknowledged_write(fresh_database_url):
    acknowledged: list[str] = []
    stop = threading.Event()
    with running_server(fresh_database_url) as server:
        clients = [patient(server.base) for _ in range(8)]
        sessions = [start_session(client) for client in clients]

        def burst(client: httpx.Client, session_id: str) -> None:
            while not stop.is_set():
                entry = a_set()
                try:
                    response = client.post(f"/api/sessions/{session_id}/sets", json=entry)
                except httpx.TransportError:
                    return  # the server is gone; this write was never acknowledged
                if response.status_code == 201:
                    acknowledged.append(entry["id"])

        threads = [threading.Thread(target=burst, args=pair) for pair in zip(clients, sessions, strict=True)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        os.kill(server.process.pid, signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    print(f"SIGKILL mid-burst: {len(acknowledged)} writes acknowledged before the kill")
    assert len(acknowledged) > 50
    if fresh_database_url.startswith("sqlite"):
        with sqlite3.connect(fresh_database_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with running_server(fresh_database_url) as restarted:  # on the same database
        assert httpx.get(f"{restarted.base}/api/health").status_code == 200
    engine = create_engine(fresh_database_url)
    with engine.connect() as connection:
        stored = {str(set_id) for set_id in connection.execute(select(ExerciseSet.id)).scalars()}
    engine.dispose()
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"


def test_one_patients_day_written_from_many_phones_at_once_counts_every_set(fresh_database_url):
    """The day's chart totals are counted again by each write: two writes at once to the same
    day must not lose one another (PostgreSQL: the first holds the patient's row until it
    commits, so the second counts after it), on two worker processes."""
    phones, sets_each = 8, 15
    with running_server(fresh_database_url, serve_args=("--migrate", "--workers", "2")) as server:
        first = patient(server.base)
        cookies = dict(first.cookies)
        clients = [httpx.Client(base_url=server.base, headers=first.headers, cookies=cookies, timeout=60)
                   for _ in range(phones)]
        sessions = [start_session(client) for client in clients[:2]]  # two sessions on the same day

        def write(number: int) -> list[int]:
            return [clients[number].post(f"/api/sessions/{sessions[number % 2]}/sets", json=a_set()).status_code
                    for _ in range(sets_each)]

        with ThreadPoolExecutor(phones) as pool:
            statuses = [status for result in pool.map(write, range(phones)) for status in result]
        assert statuses.count(201) == phones * sets_each, {s: statuses.count(s) for s in set(statuses)}
        week = first.get(f"/api/progress?from={TODAY}&to={TODAY}").json()["weeks"][0]
    assert week["hold_seconds"] == phones * sets_each * 30
    engine = create_engine(fresh_database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(ProgressDay.sets, ProgressDay.calf_sets)).all()
    engine.dispose()
    assert [tuple(row) for row in stored] == [(phones * sets_each, phones * sets_each)]
