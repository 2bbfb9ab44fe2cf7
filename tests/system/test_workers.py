import os
import subprocess
import sys
import time

import httpx

from tests.server import free_port
from tests.system.clients import patient


def test_serve_migrates_then_runs_several_workers_on_one_database(fresh_database_url, tmp_path):
    port = free_port()
    env = os.environ | {"HEELSTRONG_DATABASE_URL": fresh_database_url, "HEELSTRONG_PORT": str(port)}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "heelstrong.cli", "serve", "--migrate", "--workers", "2"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
        client = patient(base)
        # Many requests land on both workers; each must know the session and see the same data.
        assert all(client.get("/api/me").status_code == 200 for _ in range(40))
        assert all(client.get("/api/today").json()["calf_stage"] == 1 for _ in range(10))
        assert (tmp_path / "server.log").read_text().count("Started server process") == 2
    finally:
        server.terminate()
        server.wait(timeout=15)
