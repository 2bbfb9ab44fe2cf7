"""Run the real server in a subprocess (migrated, on a free port) for benchmarks and browser tests."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen
    log: IO[str]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def workers(self) -> list[int]:
        """uvicorn's worker processes (spawned children), or the server itself when it has one."""
        workers = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                spawned = b"spawn_main" in (entry / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.process.pid and spawned:
                workers.append(int(entry.name))
        return sorted(workers) or [self.process.pid]


@contextlib.contextmanager
def running_server(
    database_url: str, extra_env: dict[str, str] | None = None, serve_args: tuple[str, ...] = ("--migrate",)
) -> Iterator[Server]:
    """`heelstrong serve` (migrating first, by default) on a free port, once /api/health answers."""
    port = free_port()
    # One worker unless asked (the default is one per core): tests read one process's log and signal it.
    # No reminder sender unless a test asks for one (extra_env HEELSTRONG_SEND_REMINDERS=true).
    env = {"HEELSTRONG_WORKERS": "1", "HEELSTRONG_SEND_REMINDERS": "false"} | os.environ | {"HEELSTRONG_DATABASE_URL": database_url, "HEELSTRONG_HOST": "127.0.0.1",
                        "HEELSTRONG_PORT": str(port)} | (extra_env or {})
    # A file, not a pipe: a full pipe would block the server's access log.
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen([sys.executable, "-m", "heelstrong.cli", "serve", *serve_args], env=env,
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.seek(0)
                raise RuntimeError(f"server did not start:\n{log.read()}")
            time.sleep(0.1)
        yield Server(base, server, log)
    finally:
        if server.poll() is None:
            server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # graceful shutdown still waiting on a client
            server.kill()
            server.wait()
        log.close()
