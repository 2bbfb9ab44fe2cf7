import time

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
