import os
import time

import pytest

from heelstrong import cli
from heelstrong.core.config import get_settings
from heelstrong.core.placement import should_pin, usable_cores
from tests.server import running_server
from tests.system.clients import patient


def test_serve_migrates_then_runs_several_workers_on_one_database(fresh_database_url):
    with running_server(fresh_database_url, serve_args=("--migrate", "--workers", "2")) as server:
        client = patient(server.base)
        # Many requests land on both workers; each must know the session and see the same data.
        assert all(client.get("/api/me").status_code == 200 for _ in range(40))
        assert all(client.get("/api/today").json()["calf_stage"] == 1 for _ in range(10))
        # The first worker may answer before the second has started on a busy machine.
        deadline = time.monotonic() + 30
        while server.output().count("Started server process") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.output().count("Started server process") == 2


def _cores_of_each_worker(server, count: int) -> list[set[frozenset[int]]]:
    """For each worker process, the distinct CPU sets its threads may run on."""
    deadline = time.monotonic() + 30
    while server.output().count("Application startup complete") < count and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = server.workers()
    assert len(workers) == count
    return [{frozenset(os.sched_getaffinity(int(thread))) for thread in os.listdir(f"/proc/{pid}/task")}
            for pid in workers]


@pytest.mark.skipif(usable_cores() < 2, reason="pinning one worker to each core needs two cores")
@pytest.mark.parametrize("pin", ["asked", "by default, a worker per core"])
def test_pinned_workers_each_run_on_a_core_of_their_own(fresh_database_url, pin):
    count = 2 if pin == "asked" else usable_cores()
    env = {"HEELSTRONG_PIN_WORKERS": "true"} if pin == "asked" else {}
    with running_server(fresh_database_url, env, ("--migrate", "--workers", str(count))) as server:
        cores = _cores_of_each_worker(server, count)
        # Every thread of a worker on the same single core, and no two workers on the same one.
        assert all(len(threads) == 1 and len(next(iter(threads))) == 1 for threads in cores), cores
        assert len({next(iter(threads)) for threads in cores}) == count
        assert patient(server.base).get("/api/me").status_code == 200


def test_workers_asked_not_to_pin_may_run_on_every_core(fresh_database_url):
    with running_server(fresh_database_url, {"HEELSTRONG_PIN_WORKERS": "false"},
                        ("--migrate", "--workers", str(usable_cores()))) as server:
        assert all(threads == {frozenset(os.sched_getaffinity(0))}
                   for threads in _cores_of_each_worker(server, usable_cores()))


def test_when_workers_are_pinned():
    cores = usable_cores()
    assert should_pin(True, 1) and not should_pin(False, cores)
    assert should_pin(None, cores) == (cores > 1)
    assert not should_pin(None, None) and not should_pin(None, 1) and not should_pin(None, cores + 1)


def test_without_a_number_there_is_one_worker_per_core(monkeypatch, request):
    started = []
    monkeypatch.delenv("HEELSTRONG_WORKERS", raising=False)
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    monkeypatch.setattr(cli, "serve", lambda workers, access_log: started.append(workers))
    cli.main(["serve"])
    assert started == [len(os.sched_getaffinity(0))]
    cli.main(["serve", "--workers", "3"])
    assert started[-1] == 3
