import os
import time

import pytest

from heelstrong import cli
from heelstrong.core.config import get_settings
from heelstrong.core.placement import usable_cores
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


@pytest.mark.skipif(usable_cores() < 2, reason="pinning one worker to each core needs two cores")
def test_pinned_workers_each_run_on_a_core_of_their_own(fresh_database_url):
    with running_server(fresh_database_url, {"HEELSTRONG_PIN_WORKERS": "true"},
                        ("--migrate", "--workers", "2")) as server:
        deadline = time.monotonic() + 30
        while server.output().count("Application startup complete") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = server.workers()
        assert len(workers) == 2
        cores = [{frozenset(os.sched_getaffinity(int(thread))) for thread in os.listdir(f"/proc/{pid}/task")}
                 for pid in workers]
        # Every thread of a worker on the same single core, and the two workers on different ones.
        assert all(len(threads) == 1 and len(next(iter(threads))) == 1 for threads in cores), cores
        assert cores[0] != cores[1]
        assert patient(server.base).get("/api/me").status_code == 200


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
